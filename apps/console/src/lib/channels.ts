import type { RequesterChannel } from '../gql/graphql';
import { looksLikeFiscalCode } from './search';

/**
 * The channels a new requester can be told on, from the data typed at the desk, in the order offered: e-mail, PEC,
 * the App IO (by fiscal code), SMS. None: the citizen is told only at the desk.
 */
export function preferredChannels(d: {
  email: string;
  pec: string;
  phone: string;
  fiscalCode: string;
}): { value: RequesterChannel; label: string }[] {
  return [
    ...(d.email.trim() ? [{ value: 'EMAIL' as const, label: 'E-mail' }] : []),
    ...(d.pec.trim() ? [{ value: 'PEC' as const, label: 'PEC (valore legale)' }] : []),
    ...(looksLikeFiscalCode(d.fiscalCode.trim()) ? [{ value: 'IO' as const, label: 'App IO' }] : []),
    ...(d.phone.trim() ? [{ value: 'SMS' as const, label: 'SMS al cellulare' }] : []),
  ];
}

/**
 * The channel proposed before the operator chooses: the first of e-mail, PEC and SMS the citizen gave. Never the
 * App IO on its own: a fiscal code says nothing about whether the citizen uses the app (asked, then chosen).
 */
export function defaultChannel(
  offered: readonly { value: RequesterChannel }[],
): RequesterChannel | undefined {
  return offered.find((c) => c.value !== 'IO')?.value;
}
