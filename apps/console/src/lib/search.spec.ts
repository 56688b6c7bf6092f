import { looksLikeFiscalCode, protocolNumberOf } from './search';

describe('the queue search: protocol number or requester', () => {
  it('reads a protocol number with its year, padded as contacts writes it', () => {
    expect(protocolNumberOf('2026/0000123')).toBe('2026/0000123');
    expect(protocolNumberOf(' 2026 / 123 ')).toBe('2026/0000123');
  });

  it('reads a number alone as a number of any year', () => {
    expect(protocolNumberOf('123')).toBe('123');
    expect(protocolNumberOf('0000123')).toBe('0000123');
  });

  it('leaves names and fiscal codes to the requester search', () => {
    expect(protocolNumberOf('ross mar')).toBeNull();
    expect(protocolNumberOf('RSSMRA85T10A562S')).toBeNull();
    expect(protocolNumberOf('2026/12a')).toBeNull();
    expect(protocolNumberOf('')).toBeNull();
  });

  it('tells a fiscal code from a name', () => {
    expect(looksLikeFiscalCode('rssmra85t10a562s')).toBe(true);
    expect(looksLikeFiscalCode('Maria Rossi')).toBe(false);
  });
});
