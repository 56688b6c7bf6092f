/**
 * Election blackout, L. 28/2000 art. 9: "dalla data di convocazione dei comizi elettorali e fino alla chiusura
 * delle operazioni di voto è fatto divieto a tutte le amministrazioni pubbliche di svolgere attività di
 * comunicazione ad eccezione di quelle effettuate in forma impersonale ed indispensabili per l'efficace
 * assolvimento delle proprie funzioni". A campaign that would run in a blackout needs that justification. Pure.
 */

/** A check that passes with a value or fails with the reason, in Italian. */
export type Check<T> = { ok: true; value: T } | { ok: false; error: string };

export interface BlackoutPeriod {
  /** e.g. "Elezioni comunali 2027". */
  label: string;
  /** From the calling of the elections (convocazione dei comizi)… */
  from: string;
  /** …to the close of voting. */
  to: string;
}

export interface BlackoutJustification {
  /** The communication names no politician, no party, no achievement of the administration. */
  impersonal: boolean;
  /** Without it the administration could not carry out its functions (a deadline, a service change, safety). */
  indispensable: boolean;
  reason: string;
}

export const MIN_JUSTIFICATION_LENGTH = 20;

/** The blackout periods a campaign running from `start` to `end` (inclusive) would touch. */
export function blackoutsTouched(periods: BlackoutPeriod[], start: Date, end: Date): BlackoutPeriod[] {
  return periods.filter((p) => new Date(p.from) <= end && new Date(p.to) >= start);
}

/**
 * May a campaign running from `start` to `end` be approved or scheduled? Inside a blackout only with an explicit
 * justification that it is impersonal and indispensable (both, and a reason someone can check later).
 */
export function checkBlackout(
  periods: BlackoutPeriod[],
  start: Date,
  end: Date,
  justification?: BlackoutJustification | null,
): Check<{ periods: BlackoutPeriod[]; justified: boolean }> {
  const touched = blackoutsTouched(periods, start, end);
  if (!touched.length) return { ok: true, value: { periods: [], justified: false } };
  const names = touched.map((p) => `${p.label} (${p.from.slice(0, 10)} – ${p.to.slice(0, 10)})`).join(', ');
  if (!justification)
    return {
      ok: false,
      error: `la campagna cade nel periodo elettorale ${names} (L. 28/2000 art. 9): la comunicazione istituzionale è vietata salvo che sia impersonale e indispensabile; aggiungi la motivazione`,
    };
  if (!justification.impersonal || !justification.indispensable)
    return {
      ok: false,
      error: `nel periodo elettorale ${names} è ammessa solo la comunicazione impersonale E indispensabile (L. 28/2000 art. 9)`,
    };
  if (justification.reason.trim().length < MIN_JUSTIFICATION_LENGTH)
    return {
      ok: false,
      error: `spiega perché la comunicazione è indispensabile (almeno ${MIN_JUSTIFICATION_LENGTH} caratteri)`,
    };
  return { ok: true, value: { periods: touched, justified: true } };
}
