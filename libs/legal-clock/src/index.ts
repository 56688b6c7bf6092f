export * from './civil-date';
export * from './calendar';
export * from './clock';
export * from './reference';
export * from './input';
export * from './terms';
export * from './months';
