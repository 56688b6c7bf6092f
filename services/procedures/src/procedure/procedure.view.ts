import { computeDueDate, type CivilDate, type LegalCalendar } from '@urp/legal-clock';
import { clockInput, currentClockInput } from './procedure.clock';
import type { ProcedureDocument } from '../document/notice.document';
import type { NoticeDelivery, Procedure, StoredSuspension } from './procedure.state';

/** A suspension as a client sees it: its effective end (capped at the legal maximum) and the days it added. */
export interface SuspensionView extends Omit<StoredSuspension, 'end'> {
  end: CivilDate | null;
  endedByLaw: boolean;
  addedDays: number;
}

/** The procedure as the GraphQL `Procedure` type shows it (the parent of its field resolvers). */
/** A document as the GraphQL `ProcedureDocument` type's parent: it knows its procedure. */
export interface ProcedureDocumentView extends ProcedureDocument {
  procedureId: string;
  delivery: NoticeDelivery | null;
}

export interface ProcedureView extends Omit<
  Procedure,
  'formData' | 'suspensions' | 'documents' | 'deliveries'
> {
  formData: string | null;
  documents: ProcedureDocumentView[];
  deliveries: NoticeDelivery[];
  overdue: boolean;
  suspensions: SuspensionView[];
  publicReference: string;
}

/**
 * The delivery report of a document's notification. Campaigns reports under its own message id, which embeds the
 * one procedures asked with (`ntf_prc_<notificationId>`): matched by that, the latest report first.
 */
function deliveryOf(p: Procedure, d: ProcedureDocument): NoticeDelivery | null {
  const id = d.notificationId;
  if (!id) return null;
  const reports = (p.deliveries ?? []).filter(
    (x) => x.notificationId === id || x.notificationId.endsWith(`_${id}`),
  );
  return reports.sort((a, b) => (a.at < b.at ? 1 : -1))[0] ?? null;
}

/** The reference the applicant enters on the public status page (`src/status/`): the id and its unguessable token. */
export const publicReferenceOf = (p: Pick<Procedure, 'id' | 'publicToken'>): string =>
  `${p.id}.${p.publicToken}`;

/** Pure: the view of a procedure on `today` (suspensions ended by law show their end before the clock records it). */
export function procedureView(p: Procedure, today: CivilDate, calendar: LegalCalendar): ProcedureView {
  // the ordinary term's suspensions, and those of the substitute's term since the engagement (a 10-bis notice)
  const effects = [
    ...computeDueDate(clockInput(p, today), calendar).suspensions,
    ...(p.phase === 'substitute' ? computeDueDate(currentClockInput(p, today), calendar).suspensions : []),
  ].reverse();
  return {
    ...p,
    formData: p.formData ? JSON.stringify(p.formData) : null,
    overdue: p.status !== 'decided' && p.dueDate !== null && today > p.dueDate,
    suspensions: p.suspensions.map((s) => {
      const e = effects.find((x) => x.id === s.id);
      return {
        ...s,
        end: e?.end ?? s.end ?? null,
        endedByLaw: e?.endedByLaw ?? false,
        addedDays: e?.addedDays ?? 0,
      };
    }),
    publicReference: publicReferenceOf(p),
    documents: (p.documents ?? []).map((d) => ({ ...d, procedureId: p.id, delivery: deliveryOf(p, d) })),
    deliveries: p.deliveries ?? [],
  };
}
