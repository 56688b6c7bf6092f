export * from './scrub';
export { ITALIAN_FIRST_NAMES } from './first-names';
