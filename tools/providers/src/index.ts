export * from './io';
export * from './smpp';
