/**
 * What Open311's public, unauthenticated answers may show (GeoReport v2 fields and nothing more): places
 * generalised (street without house number, coordinates rounded), never the reporter. And who may POST.
 * Pure.
 */
import type { ContactsConfig } from '../config';

/**
 * A house number (civico) and what follows it on the same part of the address: "12", "12/A", "12 bis",
 * "n. 12", "civico 12", "snc", at the end of the street part ("Via 25 Aprile 18" keeps its 25).
 */
const HOUSE_NUMBER =
  /[\s,]+(?:(?:n\.?|n°|nr\.?|civico|civ\.?)\s*)?(?:\d{1,4}(?:\s*[/-]?\s*(?:[a-z]{1,3}|bis|ter|\d{1,3}))?|snc|s\.n\.c\.)\.?\s*$/i;

/** The street of an address without its house number (and without postal code or further detail). */
export function streetOnly(address: string): string {
  const first = address.split(/[,;]/)[0] ?? '';
  const withoutNumber = ` ${first}`.replace(HOUSE_NUMBER, '');
  return withoutNumber.replace(/\s+/g, ' ').trim();
}

export function publicAddress(
  address: string | undefined,
  detail: ContactsConfig['OPEN311_ADDRESS_DETAIL'],
): string | null {
  if (!address || detail === 'none') return null;
  if (detail === 'full') return address;
  return streetOnly(address) || null;
}

export function roundCoordinate(value: number | undefined, decimals: number): number | null {
  if (value === undefined || value === null) return null;
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** POST needs one of the configured keys (none configured: refused), unless the key is not required. */
export function apiKeyAccepted(
  config: Pick<ContactsConfig, 'OPEN311_API_KEYS' | 'OPEN311_REQUIRE_API_KEY'>,
  apiKey: string | undefined,
): boolean {
  if (!config.OPEN311_REQUIRE_API_KEY && config.OPEN311_API_KEYS.length === 0) return true;
  return !!apiKey && config.OPEN311_API_KEYS.includes(apiKey);
}
