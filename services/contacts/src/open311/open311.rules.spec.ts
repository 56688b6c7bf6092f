import { apiKeyAccepted, publicAddress, roundCoordinate, streetOnly } from './open311.rules';

describe('Open311 public answers generalise places', () => {
  it.each([
    ['Via Appia 100', 'Via Appia'],
    ['Via Roma, 12', 'Via Roma'],
    ['Via Roma 12/A, 00100 Borgo Aurelio', 'Via Roma'],
    ['Corso Vittorio Emanuele II n. 45', 'Corso Vittorio Emanuele II'],
    ['Via dei Mille civico 7 bis', 'Via dei Mille'],
    ['Viale XX Settembre 3', 'Viale XX Settembre'],
    ['Piazza del Mercato', 'Piazza del Mercato'],
    ['Via IV Novembre snc', 'Via IV Novembre'],
    ['Via 25 Aprile 18', 'Via 25 Aprile'],
  ])('%s → %s', (input, street) => {
    expect(streetOnly(input)).toBe(street);
  });

  it('by configuration: street (default), none or full; coordinates rounded', () => {
    expect(publicAddress('Via Appia 100', 'street')).toBe('Via Appia');
    expect(publicAddress('Via Appia 100', 'none')).toBeNull();
    expect(publicAddress('Via Appia 100', 'full')).toBe('Via Appia 100');
    expect(publicAddress(undefined, 'street')).toBeNull();
    expect(roundCoordinate(41.902134, 3)).toBe(41.902);
    expect(roundCoordinate(12.49649, 3)).toBe(12.496);
    expect(roundCoordinate(undefined, 3)).toBeNull();
  });

  it('POST needs a configured api_key by default', () => {
    const required = { OPEN311_API_KEYS: [], OPEN311_REQUIRE_API_KEY: true };
    expect(apiKeyAccepted(required, undefined)).toBe(false);
    expect(apiKeyAccepted(required, 'anything')).toBe(false);
    const keyed = { OPEN311_API_KEYS: ['k1'], OPEN311_REQUIRE_API_KEY: true };
    expect(apiKeyAccepted(keyed, 'k1')).toBe(true);
    expect(apiKeyAccepted(keyed, 'k2')).toBe(false);
    expect(apiKeyAccepted({ OPEN311_API_KEYS: [], OPEN311_REQUIRE_API_KEY: false }, undefined)).toBe(true);
  });
});
