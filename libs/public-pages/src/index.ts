export * from './config';
export * from './html';
export * from './http';
