export * from './fiscal-code';
export * from './scrub';
export { ITALIAN_FIRST_NAMES } from './first-names';
