export * from './directory.rules';
export * from './directory.events';
export * from './directory.store';
