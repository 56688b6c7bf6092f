export * from './identity';
export * from './claims';
export * from './oidc';
export * from './nest';
export * from './token-cache';
