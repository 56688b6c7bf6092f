export * from './stack';
export * from './suite';
export * from './ports';
