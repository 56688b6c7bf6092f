export * from './change-follower';
export * from './chunked-snapshot';
export * from './store-marks';
export * from './read-model-sync';
