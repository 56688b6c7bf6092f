// Sportello: register a contact with the keyboard alone, the knowledge base answering as you type.
import { useEffect, useMemo, useState } from 'react';
import {
  Field,
  ErrorBox,
  Link,
  Loading,
  PageTitle,
  useAction,
  useDebounced,
  useLoad,
  OptionsOf,
  SelectField,
} from '../components/ui';
import { graphql } from '../gql';
import type { RegisterContactMutation, RequesterChannel } from '../gql/graphql';
import { gqlRequest } from '../lib/graphql';
import { CATEGORIES, CHANNELS, CONTACT_TYPES, fmtDate, fmtNum, PRIORITIES } from '../lib/format';
import { duplicateReason } from '../lib/history';
import { civilIt, previewDueOn } from '../lib/due-date';
import { looksLikeFiscalCode } from '../lib/search';
import { defaultChannel, preferredChannels } from '../lib/channels';
import type { Session } from '../lib/auth';
import {
  mayReadPersonal,
  requesterCandidates,
  RequesterSearch,
  type RequesterHit,
} from '../components/RequesterSearch';
import { homonymDetail, MATCH_WORDS, possibleDuplicates } from '../components/requester-match';

const DeskData = graphql(`
  query DeskData {
    offices {
      id
      name
      referents {
        id
        name
        active
      }
    }
    duePolicy {
      contactType
      categoryLevel1
      days
      workingDays
    }
  }
`);

const Holidays = graphql(`
  query DeskHolidays($year: Int!, $next: Int!) {
    thisYear: legalHolidays(year: $year) {
      date
    }
    nextYear: legalHolidays(year: $next) {
      date
    }
  }
`);

const Duplicates = graphql(`
  query DeskDuplicates($input: DuplicateProbeInput!) {
    duplicateSuggestions(input: $input) {
      score
      ageDays
      reasons
      case {
        id
        protocolNumber
        statusLabel
        officeName
      }
    }
  }
`);

const MarkDuplicate = graphql(`
  mutation DeskMarkDuplicate($input: MarkDuplicateInput!) {
    markDuplicate(input: $input) {
      id
      status
      duplicateOf
    }
  }
`);

const ContactSurvey = graphql(`
  query ContactSurvey($id: ID!) {
    contact(id: $id) {
      id
      surveyInvitation {
        id
        status
        channel
        expiresAt
      }
    }
  }
`);

const KbSearch = graphql(`
  query KbSearch($query: String!) {
    publicSearch(query: $query, first: 5) {
      total
      hits {
        score
        sheet {
          id
          slug
          title
          shortDescription
          category
          content {
            officeIds
          }
        }
      }
    }
  }
`);

/** The procedure types a contact can start (the procedures service's catalogue, active types only). */
const ProcedureCatalogue = graphql(`
  query DeskProcedureTypes {
    procedureTypes(activeOnly: true) {
      code
      name
      officeName
      legalTermDays
      initiative
    }
  }
`);

/** A procedure start as procedures answered it (contacts learns it from procedures' events). */
const ContactProcedureStart = graphql(`
  query DeskProcedureStart($id: ID!) {
    contact(id: $id) {
      id
      procedureStart {
        status
        statusLabel
        refusalReason
      }
    }
  }
`);

const CreateRequester = graphql(`
  mutation CreateRequester($input: RequesterInput!) {
    createRequester(input: $input) {
      id
      kind
    }
  }
`);

const RegisterContact = graphql(`
  mutation RegisterContact($input: RegisterContactInput!) {
    registerContactWithSuggestions(input: $input) {
      contact {
        id
        status
        subject
        protocolNumber
        receiptCode
        statusPageUrl
        channel
        resolvedAtFirstContact
        sheetIds
        type
        procedureTypeCode
        case {
          id
          protocolNumber
          dueAt
          officeName
          referentName
          statusLabel
        }
      }
      duplicates {
        score
        ageDays
        reasons
        case {
          id
          protocolNumber
          statusLabel
        }
      }
    }
  }
`);

const PURPOSE = 'registrazione di un contatto allo sportello';

interface Draft {
  channel: string;
  type: string;
  subject: string;
  text: string;
  category: string;
  outcome: 'close' | 'case';
  officeId: string;
  referentId: string;
  priority: string;
  sheetIds: string[];
  /** For an "Avvio di procedimento": the catalogue's type handed over to procedures. */
  procedureTypeCode: string;
}

const EMPTY: Draft = {
  channel: 'DESK',
  type: 'INFORMATION',
  subject: '',
  text: '',
  category: '',
  outcome: 'close',
  officeId: '',
  referentId: '',
  priority: 'NORMAL',
  sheetIds: [],
  procedureTypeCode: '',
};

type Requester = RequesterHit;

/**
 * The requester: found by name or fiscal code as one types (a listbox of the matches, keyboard alone), or
 * created after the privacy notice when nobody matches. Names are shown only to roles that may read them.
 */
function RequesterPicker({
  value,
  onChange,
  personal,
}: {
  value: Requester | null;
  onChange: (r: Requester | null) => void;
  personal: boolean;
}) {
  const [found, setFound] = useState<{ query: string; hits: RequesterHit[] | null }>({
    query: '',
    hits: null,
  });
  const [creating, setCreating] = useState(false);
  const [newName, setNewName] = useState('');
  const [newFiscalCode, setNewFiscalCode] = useState('');
  const [newEmail, setNewEmail] = useState('');
  const [newPec, setNewPec] = useState('');
  const [newPhone, setNewPhone] = useState('');
  const [newChannel, setNewChannel] = useState<RequesterChannel | 'DESK' | ''>('');
  const [privacy, setPrivacy] = useState(false);
  // the channels the citizen can be told on, from what was typed; e-mail, PEC or SMS proposed until one is chosen
  const channels = preferredChannels({
    email: newEmail,
    pec: newPec,
    phone: newPhone,
    fiscalCode: newFiscalCode,
  });
  const channel =
    newChannel === 'DESK'
      ? undefined
      : newChannel && channels.some((c) => c.value === newChannel)
        ? newChannel
        : defaultChannel(channels);
  const create = useAction();
  // the same person already registered? Asked as the name or the fiscal code is typed (the audited search, with
  // the desk's purpose), then compared with everything typed: fiscal code, e-mail, PEC, mobile, name
  const probe = useDebounced(
    creating
      ? JSON.stringify([newName.trim(), looksLikeFiscalCode(newFiscalCode) ? newFiscalCode.trim() : ''])
      : '',
    400,
  );
  const existing = useLoad(async () => {
    const queries = probe ? (JSON.parse(probe) as string[]).filter((q) => q.length >= 2) : [];
    return (await Promise.all(queries.map((q) => requesterCandidates(q, PURPOSE)))).flat();
  }, [probe]);
  const dupes = possibleDuplicates(
    { name: newName, fiscalCode: newFiscalCode, email: newEmail, pec: newPec, phone: newPhone },
    existing.data ?? [],
  );
  const surelyDuplicate = dupes.some((m) => m.same.some((f) => f !== 'name'));

  if (value)
    return (
      <div className="d-flex align-items-center gap-3 mb-3">
        <span>
          Richiedente: <strong>{value.label}</strong>
        </span>
        <button type="button" className="btn btn-sm btn-outline-primary" onClick={() => onChange(null)}>
          Cambia richiedente
        </button>
      </div>
    );

  // "nessun richiedente trovato: crea", with what was typed carried into the new record
  const startCreating = () => {
    const typed = found.query;
    if (looksLikeFiscalCode(typed)) setNewFiscalCode(typed.toUpperCase());
    else if (typed && !newName) setNewName(typed);
    setCreating((c) => !c);
  };

  return (
    <fieldset className="border rounded p-3 mb-3">
      <legend className="h6 float-none w-auto px-2 mb-0">
        Richiedente (facoltativo: contatto anonimo se vuoto)
      </legend>
      {personal ? (
        <RequesterSearch
          label="Cerca il richiedente"
          hint="Nome e cognome (le parole in qualsiasi ordine, anche solo l’inizio) o codice fiscale."
          purpose={PURPOSE}
          personal
          onPick={onChange}
          onResults={(query, hits) => setFound({ query, hits })}
        />
      ) : (
        <p className="small">Il tuo ruolo non consente di vedere i dati personali dei richiedenti.</p>
      )}
      {found.hits?.length === 0 && (
        <p className="mb-2">Nessun richiedente trovato per «{found.query}»: puoi crearlo.</p>
      )}
      {personal && (
        <button
          type="button"
          className="btn btn-outline-secondary btn-sm mb-2"
          onClick={startCreating}
          aria-expanded={creating}
        >
          Nuovo richiedente
        </button>
      )}
      {creating && (
        <div className="mt-2">
          <Field id="req-name" label="Nome e cognome" name="name" error={create.error}>
            {(p) => (
              <input
                {...p}
                type="text"
                value={newName}
                onChange={(e) => setNewName(e.target.value)}
                autoComplete="off"
              />
            )}
          </Field>
          <Field id="req-cf" label="Codice fiscale (facoltativo)" name="fiscalCode" error={create.error}>
            {(p) => (
              <input
                {...p}
                type="text"
                value={newFiscalCode}
                onChange={(e) => setNewFiscalCode(e.target.value.toUpperCase())}
                autoComplete="off"
              />
            )}
          </Field>
          <Field
            id="req-email"
            label="Email (facoltativa)"
            name="email"
            error={create.error}
            hint="Le risposte e gli aggiornamenti delle sue pratiche arrivano a questo indirizzo; senza, il cittadino li riceve solo allo sportello."
          >
            {(p) => (
              <input
                {...p}
                type="email"
                value={newEmail}
                onChange={(e) => setNewEmail(e.target.value)}
                autoComplete="off"
              />
            )}
          </Field>
          <Field id="req-pec" label="PEC (facoltativa)" name="pec" error={create.error}>
            {(p) => (
              <input
                {...p}
                type="email"
                value={newPec}
                onChange={(e) => setNewPec(e.target.value)}
                autoComplete="off"
              />
            )}
          </Field>
          <Field id="req-phone" label="Cellulare (facoltativo)" name="phone" error={create.error}>
            {(p) => (
              <input
                {...p}
                type="tel"
                value={newPhone}
                onChange={(e) => setNewPhone(e.target.value)}
                autoComplete="off"
              />
            )}
          </Field>
          <Field
            id="req-channel"
            label="Come preferisce essere avvisato"
            name="preferredChannel"
            error={create.error}
            hint="Risposte, esiti e comunicazioni delle sue pratiche arrivano su questo canale; solo allo sportello, se non ne ha."
          >
            {(p) => (
              <select
                {...p}
                className={p.className.replace('form-control', 'form-select')}
                value={channel ?? 'DESK'}
                onChange={(e) => setNewChannel(e.target.value as RequesterChannel | 'DESK')}
              >
                {channels.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
                <option value="DESK">Solo allo sportello</option>
              </select>
            )}
          </Field>
          <div aria-live="polite">
            {dupes.length > 0 && (
              <section aria-labelledby="req-dup-title" className="alert alert-warning">
                <h3 id="req-dup-title" className="h6">
                  {surelyDuplicate ? 'Questo richiedente è già registrato' : 'Forse è già registrato'}
                </h3>
                <p className="small mb-2">
                  Se è la stessa persona, usa il richiedente esistente: un doppione divide le sue pratiche e i
                  suoi avvisi. Un omonimo si riconosce dai dati qui sotto.
                </p>
                <ul className="list-unstyled mb-0">
                  {dupes.map(({ requester: r, same }) => {
                    const label = `${r.name ?? 'senza nome'}${r.fiscalCode ? ` (${r.fiscalCode})` : ''}`;
                    const detail = homonymDetail(r);
                    return (
                      <li key={r.id} className="mb-2" data-testid="requester-duplicate">
                        <strong>{label}</strong>: {same.map((f) => MATCH_WORDS[f]).join(', ')}
                        {detail && <span className="d-block small">{detail}</span>}
                        <button
                          type="button"
                          className="btn btn-sm btn-outline-primary mt-1"
                          onClick={() => onChange({ id: r.id, label })}
                        >
                          Usa questo richiedente<span className="visually-hidden"> {label}</span>
                        </button>
                      </li>
                    );
                  })}
                </ul>
              </section>
            )}
          </div>
          <div className="form-check mb-3">
            <input
              id="req-privacy"
              className="form-check-input"
              type="checkbox"
              checked={privacy}
              onChange={(e) => setPrivacy(e.target.checked)}
            />
            <label htmlFor="req-privacy" className="form-check-label">
              Ho fornito l’informativa sul trattamento dei dati personali (art. 13 GDPR)
            </label>
          </div>
          <ErrorBox error={create.error && !Object.keys(create.error.fields).length ? create.error : null} />
          <button
            type="button"
            className="btn btn-primary btn-sm"
            disabled={!privacy || !newName.trim() || create.busy}
            onClick={() =>
              void create.run(async () => {
                const fiscalCode = newFiscalCode.trim();
                const r = await gqlRequest(CreateRequester, {
                  input: {
                    kind: 'PERSON',
                    name: newName.trim(),
                    fiscalCode: fiscalCode || undefined,
                    email: newEmail.trim() || undefined,
                    pec: newPec.trim() || undefined,
                    phone: newPhone.trim() || undefined,
                    // without a preferred channel contacts tells the citizen nothing
                    preferredChannel: channel,
                    purpose: PURPOSE,
                  },
                });
                onChange({
                  id: r.createRequester.id,
                  label: `${newName.trim()}${fiscalCode ? ` (${fiscalCode})` : ''}`,
                });
              })
            }
          >
            {surelyDuplicate ? 'Crea comunque un nuovo richiedente' : 'Crea richiedente'}
          </button>
        </div>
      )}
    </fieldset>
  );
}

export default function Sportello({ session }: { session: Session }) {
  const desk = useLoad(() => gqlRequest(DeskData), []);
  const [d, setD] = useState<Draft>(EMPTY);
  const [requester, setRequester] = useState<Requester | null>(null);
  const [done, setDone] = useState<RegisterContactMutation['registerContactWithSuggestions'] | null>(null);
  const save = useAction();
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  // a procedure start goes to the procedures service: no outcome, no case, the type from the catalogue
  const starting = d.type === 'PROCEDURE_START';
  const catalogue = useLoad(
    () =>
      starting
        ? gqlRequest(ProcedureCatalogue).then((r) =>
            // a citizen at the desk applies (istanza di parte); procedures d'ufficio are started by the office
            r.procedureTypes
              .filter((t) => t.initiative === 'PARTY')
              .sort((a, b) => a.name.localeCompare(b.name, 'it')),
          )
        : Promise.resolve(null),
    [starting],
  );
  const procedureType = catalogue.data?.find((t) => t.code === d.procedureTypeCode);

  const query = useDebounced(`${d.subject} ${d.text}`.trim(), 300);
  const [kb, setKb] = useState<{
    loading: boolean;
    hits: NonNullable<Awaited<ReturnType<typeof searchKb>>>;
    error?: unknown;
  }>({ loading: false, hits: [] });
  useEffect(() => {
    if (query.length < 3) return setKb({ loading: false, hits: [] });
    let alive = true;
    setKb((k) => ({ ...k, loading: true }));
    searchKb(query).then(
      (hits) => alive && setKb({ loading: false, hits }),
      (error: unknown) => alive && setKb({ loading: false, hits: [], error }),
    );
    return () => {
      alive = false;
    };
  }, [query]);

  const office = desk.data?.offices.find((o) => o.id === d.officeId);
  const term = useMemo(() => {
    const rules = desk.data?.duePolicy ?? [];
    const t = d.type.toLowerCase();
    const rule =
      rules.find((r) => r.contactType?.toLowerCase() === t && r.categoryLevel1 === d.category) ??
      rules.find((r) => r.contactType?.toLowerCase() === t && !r.categoryLevel1) ??
      rules.find((r) => !r.contactType && r.categoryLevel1 === d.category) ??
      rules.find((r) => !r.contactType && !r.categoryLevel1);
    return rule;
  }, [desk.data, d.type, d.category]);
  const year = new Date().getFullYear();
  const holidays = useLoad(
    () =>
      gqlRequest(Holidays, { year, next: year + 1 }).then(
        (r) => [...r.thisYear, ...r.nextYear].map((h) => h.date),
        () => null,
      ),
    [year],
  );
  const dueOn =
    term && holidays.data
      ? previewDueOn(new Date(), term.days, !!term.workingDays, holidays.data)
      : undefined;

  // possible duplicates while typing: open cases like this one, with their score
  const probe = useDebounced(
    !starting && d.outcome === 'case' && d.subject.trim().length >= 5
      ? JSON.stringify({
          subject: d.subject.trim(),
          ...(d.text.trim() ? { text: d.text.trim() } : {}),
          ...(d.category ? { category: { level1: d.category } } : {}),
        })
      : '',
    500,
  );
  const dupes = useLoad(
    () =>
      probe
        ? gqlRequest(Duplicates, { input: JSON.parse(probe) as { subject: string } }).then(
            (r) => r.duplicateSuggestions,
          )
        : Promise.resolve([]),
    [probe],
  );

  const toggleSheet = (hit: { id: string; category: string; content: { officeIds: string[] } }) => {
    setD((x) => {
      const used = x.sheetIds.includes(hit.id);
      return {
        ...x,
        sheetIds: used ? x.sheetIds.filter((s) => s !== hit.id) : [...x.sheetIds, hit.id],
        category: x.category || (hit.category in CATEGORIES ? hit.category : ''),
        officeId: x.officeId || hit.content.officeIds[0] || '',
      };
    });
  };

  const submit = () =>
    save.run(async () => {
      const r = await gqlRequest(RegisterContact, {
        input: {
          channel: d.channel as never,
          type: d.type as never,
          subject: d.subject,
          text: d.text || undefined,
          requesterId: requester?.id,
          category: d.category ? { level1: d.category } : undefined,
          sheetIds: d.sheetIds,
          ...(starting
            ? { procedureTypeCode: d.procedureTypeCode || undefined }
            : d.outcome === 'close'
              ? { resolvedAtFirstContact: true }
              : {
                  openCase: true,
                  officeId: d.officeId || undefined,
                  referentId: d.referentId || undefined,
                  priority: d.priority as never,
                }),
        },
      });
      setDone(r.registerContactWithSuggestions);
    });

  if (desk.loading && !desk.data) return <Loading what="Caricamento dello sportello…" />;

  if (done) {
    const c = done.contact;
    return (
      <>
        <PageTitle text="Contatto registrato">Contatto registrato</PageTitle>
        <div className="alert alert-success" role="status">
          <p className="mb-1">
            Contatto «{c.subject}» registrato
            {c.protocolNumber ? ` con protocollo n. ${c.protocolNumber}` : ''}.
          </p>
          {c.resolvedAtFirstContact && <p className="mb-1">Risolto e chiuso al primo contatto.</p>}
          {c.case && (
            <p className="mb-1">
              Aperta la pratica n. <strong>{c.case.protocolNumber}</strong>
              {/* office names carry their own noun ("Ufficio Tributi", "Polizia locale"): no "per l’ufficio" */}
              {c.case.officeName || c.case.referentName
                ? ` (${[
                    c.case.officeName ? `ufficio competente: ${c.case.officeName}` : '',
                    c.case.referentName ? `referente ${c.case.referentName}` : '',
                  ]
                    .filter(Boolean)
                    .join(', ')})`
                : ''}
              : scadenza <strong>{fmtDate(c.case.dueAt)}</strong>.{' '}
              <Link href={`/pratiche/${encodeURIComponent(c.case.id)}`}>Apri la pratica</Link>
            </p>
          )}
          {c.sheetIds.length > 0 && <p className="mb-0">Schede usate per rispondere: {c.sheetIds.length}.</p>}
        </div>
        {c.protocolNumber && c.receiptCode && (
          <section aria-labelledby="receipt-title" className="border rounded p-3 mb-4">
            <h2 id="receipt-title" className="h5">
              Ricevuta per il cittadino
            </h2>
            <dl className="row mb-2">
              <dt className="col-sm-4">Numero di protocollo</dt>
              <dd className="col-sm-8" data-testid="receipt-protocol">
                {c.protocolNumber}
              </dd>
              <dt className="col-sm-4">Codice di verifica</dt>
              <dd className="col-sm-8">
                <strong data-testid="receipt-code">{c.receiptCode}</strong>
              </dd>
              {c.statusPageUrl && (
                <>
                  <dt className="col-sm-4">Stato della pratica</dt>
                  <dd className="col-sm-8 text-break" data-testid="receipt-status-page">
                    {c.statusPageUrl}
                  </dd>
                </>
              )}
            </dl>
            <p className="small mb-2">
              Con il protocollo e il codice il cittadino vede lo stato della pratica, senza accedere, alla
              pagina indicata. Il codice si vede solo ora: consegnalo o stampalo adesso.
              {c.channel !== 'DESK' &&
                ' Non essendo allo sportello, il cittadino riceve numero, codice e indirizzo anche per e-mail, PEC o App IO, se ha indicato uno di questi canali.'}
            </p>
            <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => window.print()}>
              Stampa la ricevuta
            </button>
          </section>
        )}
        {c.type === 'PROCEDURE_START' && (
          <ProcedureStartReceipt
            contactId={c.id}
            protocolNumber={c.protocolNumber ?? null}
            typeName={procedureType?.name ?? c.procedureTypeCode ?? ''}
          />
        )}
        {done.duplicates.length > 0 && (
          <section aria-labelledby="dup-title" className="mb-4">
            <h2 id="dup-title" className="h5">
              Possibili duplicati
            </h2>
            {c.case ? (
              <MergeChoices
                caseId={c.case.id}
                protocolNumber={c.case.protocolNumber}
                duplicates={done.duplicates}
              />
            ) : (
              <ul>
                {done.duplicates.map((x) => (
                  <li key={x.case.id}>
                    <Link href={`/pratiche/${encodeURIComponent(x.case.id)}`}>
                      Pratica n. {x.case.protocolNumber}
                    </Link>{' '}
                    ({x.case.statusLabel}) · somiglianza {fmtNum(x.score * 100, 0)}% · {x.ageDays} giorni fa
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        {c.resolvedAtFirstContact && requester && <SurveyHandOver contactId={c.id} />}
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => {
            setDone(null);
            setD(EMPTY);
            setRequester(null);
          }}
        >
          Registra un nuovo contatto
        </button>
      </>
    );
  }

  return (
    <>
      <PageTitle text="Sportello">Sportello: nuovo contatto</PageTitle>
      <ErrorBox error={desk.error} onRetry={desk.reload} />
      <div className="row">
        <form
          className="col-12 col-lg-7"
          aria-label="Registrazione del contatto"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <div className="row">
            <div className="col-md-6">
              <SelectField
                id="channel"
                label="Canale"
                name="channel"
                error={save.error}
                value={d.channel}
                onChange={(v) => set('channel', v)}
              >
                <OptionsOf labels={CHANNELS} />
              </SelectField>
            </div>
            <div className="col-md-6">
              <SelectField
                id="type"
                label="Tipo di contatto"
                name="type"
                error={save.error}
                value={d.type}
                onChange={(v) => set('type', v)}
              >
                <OptionsOf labels={CONTACT_TYPES} />
              </SelectField>
            </div>
          </div>
          {starting && (
            <>
              <SelectField
                id="procedure-type"
                label="Tipo di procedimento"
                name="procedureTypeCode"
                error={save.error}
                value={d.procedureTypeCode}
                onChange={(v) => set('procedureTypeCode', v)}
                hint={
                  procedureType
                    ? `Termine di legge: ${procedureType.legalTermDays} giorni${procedureType.officeName ? `; ufficio competente: ${procedureType.officeName}` : ''}. Il contatto riceve un numero di protocollo ed è trasmesso all’ufficio Procedimenti.`
                    : 'Dal catalogo dei procedimenti dell’ente: i tipi attivi, a istanza di parte.'
                }
              >
                <option value="">
                  {catalogue.loading ? 'Caricamento del catalogo…' : '— scegli il tipo di procedimento —'}
                </option>
                {catalogue.data?.map((t) => (
                  <option key={t.code} value={t.code}>
                    {t.name}
                    {t.officeName ? ` (${t.officeName})` : ''}
                  </option>
                ))}
              </SelectField>
              <ErrorBox error={catalogue.error} onRetry={catalogue.reload} />
              {catalogue.data?.length === 0 && (
                <p className="small">Il catalogo non contiene tipi di procedimento attivi.</p>
              )}
            </>
          )}
          <RequesterPicker
            value={requester}
            onChange={setRequester}
            personal={mayReadPersonal(session.roles)}
          />
          <Field
            id="subject"
            label="Oggetto"
            name="subject"
            error={save.error}
            hint="In poche parole, da 1 a 200 caratteri."
          >
            {(p) => (
              <input
                {...p}
                type="text"
                value={d.subject}
                onChange={(e) => set('subject', e.target.value)}
                autoComplete="off"
              />
            )}
          </Field>
          <Field id="text" label="Richiesta del cittadino" name="text" error={save.error}>
            {(p) => <textarea {...p} rows={4} value={d.text} onChange={(e) => set('text', e.target.value)} />}
          </Field>
          <SelectField
            id="category"
            label="Categoria"
            name="category"
            error={save.error}
            value={d.category}
            onChange={(v) => set('category', v)}
          >
            <option value="">— scegli —</option>
            <OptionsOf labels={CATEGORIES} />
          </SelectField>
          {!starting && (
            <fieldset className="mb-3">
              <legend className="h6">Esito</legend>
              <div className="form-check">
                <input
                  className="form-check-input"
                  type="radio"
                  id="outcome-close"
                  name="outcome"
                  checked={d.outcome === 'close'}
                  onChange={() => set('outcome', 'close')}
                />
                <label className="form-check-label" htmlFor="outcome-close">
                  Risposto e chiuso al primo contatto
                </label>
              </div>
              <div className="form-check">
                <input
                  className="form-check-input"
                  type="radio"
                  id="outcome-case"
                  name="outcome"
                  checked={d.outcome === 'case'}
                  onChange={() => set('outcome', 'case')}
                />
                <label className="form-check-label" htmlFor="outcome-case">
                  Apri una pratica per il back office
                </label>
              </div>
            </fieldset>
          )}
          {!starting && d.outcome === 'case' && (
            <div className="border rounded p-3 mb-3">
              <SelectField
                id="office"
                label="Ufficio competente"
                name="officeId"
                error={save.error}
                value={d.officeId}
                onChange={(v) => setD((x) => ({ ...x, officeId: v, referentId: '' }))}
              >
                <option value="">— URP (nessun ufficio) —</option>
                {desk.data?.offices.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </SelectField>
              <SelectField
                id="referent"
                label="Referente interno"
                name="referentId"
                error={save.error}
                value={d.referentId}
                onChange={(v) => set('referentId', v)}
              >
                <option value="">— il responsabile dell’ufficio —</option>
                {office?.referents
                  .filter((r) => r.active)
                  .map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
              </SelectField>
              <SelectField
                id="priority"
                label="Priorità"
                name="priority"
                error={save.error}
                value={d.priority}
                onChange={(v) => set('priority', v)}
              >
                <OptionsOf labels={PRIORITIES} />
              </SelectField>
              <p className="mb-0" id="due-hint">
                {term ? (
                  <>
                    Termine per la risposta: {term.days} {term.workingDays ? 'giorni lavorativi' : 'giorni'}{' '}
                    dalla registrazione
                    {dueOn ? (
                      <>
                        : scadenza <strong data-testid="due-preview">{civilIt(dueOn)}</strong> se registri
                        oggi (festivi esclusi; la data definitiva è quella della pratica).
                      </>
                    ) : (
                      ' (la data di scadenza, con i festivi, è calcolata al salvataggio).'
                    )}
                  </>
                ) : (
                  'Termine per la risposta: secondo la carta dei servizi.'
                )}
              </p>
            </div>
          )}
          {!starting && d.outcome === 'case' && (dupes.data?.length ?? 0) > 0 && (
            <section aria-labelledby="live-dup-title" className="alert alert-warning">
              <h2 id="live-dup-title" className="h6">
                Pratiche aperte simili: forse è un duplicato
              </h2>
              <ul className="mb-0">
                {dupes.data?.map((x) => (
                  <li key={x.case.id}>
                    <Link href={`/pratiche/${encodeURIComponent(x.case.id)}`} target="_blank">
                      Pratica n. {x.case.protocolNumber}
                    </Link>{' '}
                    ({x.case.statusLabel}
                    {x.case.officeName ? `, ${x.case.officeName}` : ''}) · somiglianza{' '}
                    <strong>{fmtNum(x.score * 100, 0)}%</strong> · {x.ageDays} giorni fa
                  </li>
                ))}
              </ul>
              <p className="small mb-0 mt-1">
                Dopo la registrazione potrai unire la nuova pratica a una di queste con un clic.
              </p>
            </section>
          )}
          <ErrorBox error={save.error} />
          <button type="submit" className="btn btn-primary" disabled={save.busy}>
            {save.busy ? 'Registrazione in corso…' : 'Registra contatto'}
          </button>
        </form>
        <aside className="col-12 col-lg-5" aria-labelledby="kb-title">
          <div className="kb-panel card card-bg p-3">
            <h2 id="kb-title" className="h5">
              Risposte dalla base di conoscenza
            </h2>
            <div aria-live="polite">
              {query.length < 3 && (
                <p className="small mb-0">
                  Scrivi l’oggetto o la richiesta: le schede pertinenti compaiono qui.
                </p>
              )}
              {kb.loading && <Loading what="Ricerca nelle schede…" />}
              {!kb.loading && query.length >= 3 && kb.hits.length === 0 && !kb.error && (
                <p className="small">Nessuna scheda trovata.</p>
              )}
              <ErrorBox error={kb.error} />
              <ul className="list-unstyled mb-0">
                {kb.hits.map((h) => {
                  const used = d.sheetIds.includes(h.sheet.id);
                  return (
                    <li key={h.sheet.id} className="border-bottom py-2">
                      <h3 className="h6 mb-1">{h.sheet.title}</h3>
                      <p className="small mb-1">{h.sheet.shortDescription}</p>
                      <button
                        type="button"
                        className={`btn btn-sm ${used ? 'btn-success' : 'btn-outline-primary'}`}
                        aria-pressed={used}
                        onClick={() =>
                          toggleSheet({
                            id: h.sheet.id,
                            category: h.sheet.category,
                            content: h.sheet.content,
                          })
                        }
                      >
                        {used ? 'Scheda usata ✓' : 'Usa questa scheda'}
                        <span className="visually-hidden"> {h.sheet.title}</span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            </div>
          </div>
        </aside>
      </div>
    </>
  );
}

type Duplicate = RegisterContactMutation['registerContactWithSuggestions']['duplicates'][number];

/** The duplicate suggestions with their score; one click merges the new case into the chosen one. */
function MergeChoices({
  caseId,
  protocolNumber,
  duplicates,
}: {
  caseId: string;
  protocolNumber: string;
  duplicates: Duplicate[];
}) {
  const merge = useAction();
  const [chosen, setChosen] = useState<string | null>(null);
  const [merged, setMerged] = useState<string | null>(null);
  if (merged)
    return (
      <div className="alert alert-success" role="status">
        La pratica n. {protocolNumber} è stata unita alla pratica n. {merged}: il cittadino sarà seguito lì.
      </div>
    );
  return (
    <ul className="list-unstyled">
      {duplicates.map((x) => (
        <li key={x.case.id} className="mb-2">
          <Link href={`/pratiche/${encodeURIComponent(x.case.id)}`}>Pratica n. {x.case.protocolNumber}</Link>{' '}
          ({x.case.statusLabel}) · somiglianza <strong>{fmtNum(x.score * 100, 0)}%</strong> · {x.ageDays}{' '}
          giorni fa{x.reasons.length ? ` · ${x.reasons.map(duplicateReason).join(', ')}` : ''}{' '}
          <button
            type="button"
            className="btn btn-sm btn-outline-primary ms-2"
            disabled={merge.busy}
            aria-describedby={chosen === x.case.id && merge.error ? `merge-error-${x.case.id}` : undefined}
            onClick={() => {
              setChosen(x.case.id);
              void merge
                .run(() => gqlRequest(MarkDuplicate, { input: { caseId, originalCaseId: x.case.id } }))
                .then((r) => r && setMerged(x.case.protocolNumber));
            }}
          >
            Unisci a questa pratica<span className="visually-hidden"> n. {x.case.protocolNumber}</span>
          </button>
          {chosen === x.case.id && merge.error && (
            <div id={`merge-error-${x.case.id}`} className="invalid-feedback d-block" role="alert">
              {merge.error.message}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * The satisfaction survey of a contact closed at the desk: satisfaction decides whether there is one (sampling,
 * quiet period, never staff) and sends the link to the citizen's own channel. The operator never sees it: whoever
 * holds the single-use link could answer in the citizen's place (SECURITY.md, "Ratings staff cannot make").
 */
function SurveyHandOver({ contactId }: { contactId: string }) {
  const [tries, setTries] = useState(0);
  // the invitation is issued from the contact's event: it may take a moment to appear
  const inv = useLoad(
    () => gqlRequest(ContactSurvey, { id: contactId }).then((r) => r.contact?.surveyInvitation ?? null),
    [contactId, tries],
  );
  useEffect(() => {
    if (inv.loading || inv.data || tries >= 10) return;
    const t = setTimeout(() => setTries((n) => n + 1), 1500);
    return () => clearTimeout(t);
  }, [inv.loading, inv.data, tries]);
  const waiting = !inv.data && tries < 10;
  return (
    <section aria-labelledby="survey-title" className="card card-bg p-3 mb-4">
      <h2 id="survey-title" className="h5">
        Questionario di gradimento
      </h2>
      {inv.data ? (
        inv.data.status === 'PENDING' ? (
          <p className="mb-0">
            Il link al questionario sarà inviato al cittadino
            {inv.data.channel
              ? ` (contatto via ${CHANNELS[inv.data.channel.toUpperCase()] ?? inv.data.channel})`
              : ''}
            ; vale fino al {fmtDate(inv.data.expiresAt)}. Il link è personale: lo riceve solo il cittadino.
          </p>
        ) : (
          <p className="mb-0">
            {inv.data.status === 'ANSWERED' ? 'Il cittadino ha già risposto.' : 'Il questionario è scaduto.'}
          </p>
        )
      ) : waiting ? (
        <p className="mb-0">Verifica del questionario in corso…</p>
      ) : (
        <p className="mb-0">
          Nessun questionario per questo contatto (campionamento, periodo di quiete o richiedente interno).
        </p>
      )}
    </section>
  );
}

async function searchKb(query: string) {
  const r = await gqlRequest(KbSearch, { query });
  return r.publicSearch.hits;
}

/**
 * After an "Avvio di procedimento": the protocol number to give the citizen and what procedures made of the
 * request (contacts learns it from procedures' events, so it is asked again for a little while). Contacts issues
 * no status-page code for a procedure start: the citizen follows it through the start notice (art. 8).
 */
function ProcedureStartReceipt({
  contactId,
  protocolNumber,
  typeName,
}: {
  contactId: string;
  protocolNumber: string | null;
  typeName: string;
}) {
  const [tries, setTries] = useState(0);
  const start = useLoad(
    () => gqlRequest(ContactProcedureStart, { id: contactId }).then((r) => r.contact?.procedureStart ?? null),
    [contactId, tries],
  );
  const pending = !start.data || start.data.status === 'REQUESTED';
  useEffect(() => {
    if (start.loading || !pending || tries >= 40) return;
    const t = setTimeout(() => setTries((n) => n + 1), 1500);
    return () => clearTimeout(t);
  }, [start.loading, pending, tries]);
  return (
    <section aria-labelledby="start-title" className="border rounded p-3 mb-4">
      <h2 id="start-title" className="h5">
        Avvio del procedimento
      </h2>
      <dl className="row mb-2">
        <dt className="col-sm-4">Numero di protocollo</dt>
        <dd className="col-sm-8">
          <strong data-testid="start-protocol">{protocolNumber ?? 'non ancora assegnato'}</strong>
        </dd>
        <dt className="col-sm-4">Tipo di procedimento</dt>
        <dd className="col-sm-8">{typeName}</dd>
        <dt className="col-sm-4">Stato</dt>
        <dd className="col-sm-8" data-testid="start-status" aria-live="polite">
          {start.data ? start.data.statusLabel : 'Inviato a Procedimenti, in attesa di conferma'}
          {start.data?.refusalReason ? `: ${start.data.refusalReason}` : ''}
        </dd>
      </dl>
      <p className="small mb-2">
        Consegna al cittadino il numero di protocollo: la comunicazione di avvio del procedimento (art. 8 L.
        241/1990) gli arriva con lo stesso numero, il termine e il responsabile.
      </p>
      <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => window.print()}>
        Stampa la ricevuta
      </button>
    </section>
  );
}
