export * from './io';
