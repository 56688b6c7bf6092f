import { ruleOf, type CivilDate, type LegalCalendar } from '@urp/legal-clock';
import { longDate } from '@urp/public-pages';
import { rulesOf } from '../procedure/procedure.clock';
import { OUTCOME_LABELS, publicPhase, type Procedure } from '../procedure/procedure.state';
import { observationsLastDay } from '../procedure/procedure.suspensions';
import { procedureView } from '../procedure/procedure.view';

/**
 * What the public status page shows of a procedure to whoever holds its public reference (pure): its state, the
 * deadline, the suspensions and the notices sent, with their delivery. Nothing personal and no free text: not the
 * subject, not the reasons of a suspension or of the decision, not who asked (the holder reads those in the
 * notices themselves).
 */
export interface PublicProcedureStatus {
  protocolNumber: string;
  typeName: string;
  officeName?: string;
  /** `publicPhase`: Presentato, In istruttoria, Sospeso, Concluso… */
  phase: string;
  explanation: string;
  receivedOn: CivilDate;
  /** The deadline while the term runs (null while suspended, or once decided). */
  dueDate: CivilDate | null;
  /** While suspended: the deadline if the suspension lasts to its legal maximum. */
  latestDueDate?: CivilDate;
  overdue: boolean;
  /** A rejection notice awaiting observations: their last day (10 days from the applicant's receipt, art. 10-bis). */
  observationsDueOn?: CivilDate;
  decidedOn?: CivilDate;
  outcome?: string;
  suspensions: { label: string; start: CivilDate; end: CivilDate | null; endedByLaw: boolean }[];
  notices: { title: string; issuedOn: CivilDate; delivery: string }[];
}

const CHANNELS: Record<string, string> = {
  email: 'e-mail',
  pec: 'PEC',
  io: 'app IO',
  sms: 'SMS',
  post: 'posta',
  desk: 'consegna allo sportello',
};

function explanationOf(p: Procedure, overdue: boolean, inactionRemedies: string): string {
  if (p.status === 'decided') {
    if (p.decision?.outcome === 'silent_assent')
      return 'Il termine è trascorso senza un provvedimento espresso: la domanda è accolta per silenzio-assenso (art. 20 L. 241/1990).';
    return 'Il procedimento è concluso con un provvedimento espresso: il suo contenuto è nella comunicazione del provvedimento finale.';
  }
  if (p.status === 'submitted') return 'L’istanza è stata ricevuta e sarà avviata dall’ufficio competente.';
  if (p.status === 'suspended')
    return 'Il termine è sospeso: riprende a decorrere al termine della sospensione, e la data di conclusione si sposta di conseguenza.';
  if (p.phase === 'substitute')
    return `Il termine ordinario è scaduto senza provvedimento: ora conclude il titolare del potere sostitutivo entro la data indicata (art. 2 c.9-ter L. 241/1990).${overdue ? ` Anche questo termine è scaduto. ${inactionRemedies}` : ''}`;
  if (overdue)
    return `Il termine per concludere il procedimento è scaduto senza provvedimento. ${inactionRemedies}`;
  return 'L’ufficio sta esaminando l’istanza: il procedimento deve concludersi entro la data indicata.';
}

function deliveryText(d: {
  notificationId?: string;
  delivery: { status: string; channel: string; at: string } | null;
}): string {
  const r = d.delivery;
  if (!r) return d.notificationId ? 'In corso di invio' : 'Disponibile presso l’ufficio competente';
  const channel = CHANNELS[r.channel] ?? r.channel;
  if (r.status === 'delivered') return `Consegnata (${channel}) il ${longDate(r.at.slice(0, 10))}`;
  if (r.status === 'sent') return `Inviata (${channel}) il ${longDate(r.at.slice(0, 10))}`;
  return 'Non è stato possibile recapitarla: l’ufficio ne è informato';
}

export function publicStatusOf(
  p: Procedure,
  today: CivilDate,
  calendar: LegalCalendar,
  inactionRemedies: string,
): PublicProcedureStatus {
  const v = procedureView(p, today, calendar);
  const rules = rulesOf(p);
  const decided = p.status === 'decided';
  return {
    protocolNumber: p.protocolNumber,
    typeName: p.typeName,
    ...(p.officeName ? { officeName: p.officeName } : {}),
    phase: publicPhase(p),
    explanation: explanationOf(p, v.overdue, inactionRemedies),
    receivedOn: p.receivedOn,
    dueDate: decided ? null : p.dueDate,
    ...(!decided && p.latestDueDate ? { latestDueDate: p.latestDueDate } : {}),
    overdue: v.overdue,
    ...(p.rejectionNotice && !p.rejectionNotice.observationsOn && !decided
      ? { observationsDueOn: observationsLastDay(p.rejectionNotice, calendar) }
      : {}),
    ...(p.decision ? { decidedOn: p.decision.decidedOn, outcome: OUTCOME_LABELS[p.decision.outcome] } : {}),
    suspensions: v.suspensions.map((s) => ({
      label: ruleOf(s.kind, rules)?.label ?? 'Sospensione del termine',
      start: s.start,
      end: s.end,
      endedByLaw: s.endedByLaw,
    })),
    notices: v.documents.map((d) => ({
      title: d.title,
      issuedOn: d.content.issuedOn,
      delivery: deliveryText(d),
    })),
  };
}
