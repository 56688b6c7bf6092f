// The weekly bulletin to referents and offices (campaigns' sendWeeklyBulletins), sent on demand by the back office.
import { useEffect, useRef, useState } from 'react';
import { useAction } from '../components/ui';
import { graphql } from '../gql';
import type { SendWeeklyBulletinMutation } from '../gql/graphql';
import { bulletinPeriodEnd } from '../lib/bulletin';
import { gqlRequest } from '../lib/graphql';
import { fmtDate, fmtNum } from '../lib/format';

const SendWeeklyBulletin = graphql(`
  mutation SendWeeklyBulletin($periodEnd: String) {
    sendWeeklyBulletins(periodEnd: $periodEnd) {
      periodStart
      periodEnd
      sent
      skipped
    }
  }
`);

/** "Invia il bollettino settimanale", with a confirmation, and what campaigns answered. */
export function WeeklyBulletin() {
  const send = useAction();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<SendWeeklyBulletinMutation['sendWeeklyBulletins'] | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  return (
    <section aria-labelledby="bulletin-title" className="border rounded p-3 mt-4">
      <h2 id="bulletin-title" className="h5">
        Bollettino settimanale ai referenti
      </h2>
      <p className="small">
        Le novità degli ultimi 7 giorni (schede cambiate, revisioni in scadenza, pratiche in attesa), per
        email a ogni referente e ufficio che ne ha. Parte da solo il lunedì mattina; qui si può inviarlo
        subito.
      </p>
      {!confirming ? (
        <button
          type="button"
          className="btn btn-outline-primary btn-sm"
          onClick={() => {
            setResult(null);
            setConfirming(true);
          }}
        >
          Invia il bollettino settimanale
        </button>
      ) : (
        <div className="alert alert-warning" id="bulletin-confirm">
          <p className="mb-2">
            Confermi l’invio del bollettino degli ultimi 7 giorni? Chi lo ha già ricevuto oggi non lo riceve
            di nuovo.
          </p>
          <button
            ref={confirmRef}
            type="button"
            className="btn btn-primary btn-sm me-2"
            disabled={send.busy}
            aria-describedby={send.error ? 'bulletin-error' : 'bulletin-confirm'}
            onClick={() =>
              void send
                .run(() => gqlRequest(SendWeeklyBulletin, { periodEnd: bulletinPeriodEnd(new Date()) }))
                .then((r) => {
                  if (!r) return;
                  setResult(r.sendWeeklyBulletins);
                  setConfirming(false);
                })
            }
          >
            {send.busy ? 'Invio in corso…' : 'Conferma l’invio'}
          </button>
          <button
            type="button"
            className="btn btn-outline-secondary btn-sm"
            disabled={send.busy}
            onClick={() => setConfirming(false)}
          >
            Annulla
          </button>
          {send.error && (
            <div id="bulletin-error" className="invalid-feedback d-block" role="alert">
              {send.error.message}
            </div>
          )}
        </div>
      )}
      {result && (
        <div className="alert alert-success mt-3 mb-0" role="status" data-testid="bulletin-result">
          Bollettino dal {fmtDate(result.periodStart)} al {fmtDate(result.periodEnd)}: inviati{' '}
          {fmtNum(result.sent, 0)}, non inviati {fmtNum(result.skipped, 0)} (destinatari senza novità o senza
          email, o già raggiunti oggi).
        </div>
      )}
    </section>
  );
}
