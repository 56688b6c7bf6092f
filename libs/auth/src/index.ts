export * from './identity';
export * from './nest';
