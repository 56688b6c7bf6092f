// Campagne: a new campaign (one message on one channel), with plain-language hints while writing and the size
// of the audience while choosing it. Saved as a draft; what is approved is what is sent.
import { useState } from 'react';
import {
  ErrorBox,
  Field,
  Link,
  PageTitle,
  useAction,
  useDebounced,
  useLoad,
  OptionsOf,
} from '../components/ui';
import { graphql } from '../gql';
import type { CampaignChannel } from '../gql/graphql';
import { gqlRequest } from '../lib/graphql';
import { CATEGORIES, fmtNum } from '../lib/format';
import { navigate } from '../lib/router';
import { CAMPAIGN_CHANNELS, READABILITY_LEVELS } from './campaign-labels';

const CreateCampaign = graphql(`
  mutation CreateCampaign($input: CampaignInput!) {
    createCampaign(input: $input) {
      id
    }
  }
`);

const Readability = graphql(`
  query CampaignReadability($text: String!) {
    campaignReadability(text: $text) {
      gulpease
      level
      words
      sentences
      suggestions
    }
  }
`);

const SegmentPreview = graphql(`
  query CampaignSegmentPreview($segment: CampaignSegmentInput!, $channel: CampaignChannel!) {
    campaignSegmentPreview(segment: $segment, channel: $channel) {
      count
      consenting
      excludedDoNotContact
      excludedAnonymised
      excludedNotInSegment
    }
  }
`);

/** `datetime-local` (the browser's time zone) as ISO-8601 with offset, as the API wants it. */
const toIso = (local: string): string => (local ? new Date(local).toISOString() : '');
/** Now plus `h` hours as a `datetime-local` value. */
function localIn(h: number): string {
  const d = new Date(Date.now() + h * 3_600_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export default function CampaignEditor() {
  const [title, setTitle] = useState('');
  const [goal, setGoal] = useState('');
  const [topics, setTopics] = useState<string[]>([]);
  const [onlyInterested, setOnlyInterested] = useState(true);
  const [areas, setAreas] = useState('');
  const [channel, setChannel] = useState<CampaignChannel>('EMAIL');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [startsAt, setStartsAt] = useState(localIn(24));
  const [endsAt, setEndsAt] = useState('');
  const save = useAction();

  const text = useDebounced(body.trim(), 400);
  const readability = useLoad(
    () => (text.length >= 10 ? gqlRequest(Readability, { text }) : Promise.resolve(null)),
    [text],
  );
  const segment = {
    ...(onlyInterested && topics.length ? { topics } : {}),
    ...(areas.trim()
      ? {
          areas: areas
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
        }
      : {}),
  };
  const segmentKey = useDebounced(JSON.stringify({ segment, channel }), 300);
  const preview = useLoad(() => {
    const p = JSON.parse(segmentKey) as { segment: typeof segment; channel: CampaignChannel };
    return gqlRequest(SegmentPreview, p);
  }, [segmentKey]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await save.run(() =>
      gqlRequest(CreateCampaign, {
        input: {
          title,
          goal,
          topics,
          segment,
          steps: [{ channel, waitHours: 0, ...(subject.trim() ? { subject } : {}), body }],
          startsAt: toIso(startsAt),
          ...(endsAt ? { endsAt: toIso(endsAt) } : {}),
        },
      }),
    );
    // a refused save keeps everything typed: only a success leaves the page
    if (r) navigate(`/campagne/${encodeURIComponent(r.createCampaign.id)}?nuova=1`);
  };

  const r = readability.data?.campaignReadability;
  const p = preview.data?.campaignSegmentPreview;
  const topicsError = save.error?.fields.topics;
  return (
    <>
      <p>
        <Link href="/campagne">← Campagne</Link>
      </p>
      <PageTitle text="Nuova campagna">Nuova campagna</PageTitle>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="row">
          <div className="col-lg-7">
            <ErrorBox error={save.error} />
            <Field id="c-title" label="Titolo" name="title" error={save.error}>
              {(a) => <input {...a} value={title} onChange={(e) => setTitle(e.target.value)} />}
            </Field>
            <Field
              id="c-goal"
              label="Obiettivo"
              name="goal"
              error={save.error}
              hint="Che cosa deve cambiare: per esempio meno richieste allo sportello sulla TARI."
            >
              {(a) => <textarea {...a} rows={2} value={goal} onChange={(e) => setGoal(e.target.value)} />}
            </Field>
            <fieldset className="mb-3" aria-describedby={topicsError ? 'c-topics-error' : undefined}>
              <legend className="form-label fw-semibold fs-6">Temi della campagna</legend>
              <div className="row">
                {Object.entries(CATEGORIES).map(([code, label]) => (
                  <div className="col-md-6" key={code}>
                    <div className="form-check my-1">
                      <input
                        className="form-check-input"
                        type="checkbox"
                        id={`c-topic-${code}`}
                        checked={topics.includes(code)}
                        onChange={(e) =>
                          setTopics((t) => (e.target.checked ? [...t, code] : t.filter((x) => x !== code)))
                        }
                      />
                      <label className="form-check-label" htmlFor={`c-topic-${code}`}>
                        {label}
                      </label>
                    </div>
                  </div>
                ))}
              </div>
              {topicsError && (
                <div id="c-topics-error" className="invalid-feedback d-block" role="alert">
                  {topicsError}
                </div>
              )}
            </fieldset>
            <fieldset className="mb-3">
              <legend className="form-label fw-semibold fs-6">Pubblico</legend>
              <div className="form-check mb-2">
                <input
                  className="form-check-input"
                  type="checkbox"
                  id="c-only-interested"
                  checked={onlyInterested}
                  onChange={(e) => setOnlyInterested(e.target.checked)}
                />
                <label className="form-check-label" htmlFor="c-only-interested">
                  Solo chi ha acconsentito a ricevere comunicazioni su questi temi
                </label>
              </div>
              <Field
                id="c-areas"
                label="Zone (facoltativo)"
                name="segment.areas"
                error={save.error}
                hint="Codici delle zone separati da virgola, per esempio centro, frazione_nord. Solo chi ha acconsentito all'uso della zona."
              >
                {(a) => <input {...a} value={areas} onChange={(e) => setAreas(e.target.value)} />}
              </Field>
            </fieldset>
            <Field id="c-channel" label="Canale" name="steps.0.channel" error={save.error}>
              {(a) => (
                <select
                  {...a}
                  className={a.className.replace('form-control', 'form-select')}
                  value={channel}
                  onChange={(e) => setChannel(e.target.value as CampaignChannel)}
                >
                  <OptionsOf labels={CAMPAIGN_CHANNELS} />
                </select>
              )}
            </Field>
            {channel !== 'SMS' && (
              <Field id="c-subject" label="Oggetto del messaggio" name="steps.0.subject" error={save.error}>
                {(a) => <input {...a} value={subject} onChange={(e) => setSubject(e.target.value)} />}
              </Field>
            )}
            <Field
              id="c-body"
              label="Testo del messaggio"
              name="steps.0.body"
              error={save.error}
              hint="Frasi brevi e parole comuni: l'indice di leggibilità si aggiorna mentre scrivi."
            >
              {(a) => <textarea {...a} rows={7} value={body} onChange={(e) => setBody(e.target.value)} />}
            </Field>
            <div className="row">
              <div className="col-md-6">
                <Field id="c-starts" label="Inizio" name="startsAt" error={save.error}>
                  {(a) => (
                    <input
                      {...a}
                      type="datetime-local"
                      value={startsAt}
                      onChange={(e) => setStartsAt(e.target.value)}
                    />
                  )}
                </Field>
              </div>
              <div className="col-md-6">
                <Field id="c-ends" label="Fine (facoltativa)" name="endsAt" error={save.error}>
                  {(a) => (
                    <input
                      {...a}
                      type="datetime-local"
                      value={endsAt}
                      onChange={(e) => setEndsAt(e.target.value)}
                    />
                  )}
                </Field>
              </div>
            </div>
            <button type="submit" className="btn btn-primary" disabled={save.busy}>
              {save.busy ? 'Salvataggio…' : 'Salva come bozza'}
            </button>
          </div>
          <div className="col-lg-5">
            <aside className="kb-panel" aria-label="Suggerimenti">
              <section className="card card-bg p-3 mb-3" aria-labelledby="audience-title">
                <h2 id="audience-title" className="h5">
                  Chi lo riceverebbe
                </h2>
                <div aria-live="polite" data-testid="segment-preview">
                  {preview.error ? (
                    <p className="text-danger">
                      {preview.error instanceof Error ? preview.error.message : 'Conteggio non disponibile.'}
                    </p>
                  ) : p ? (
                    <>
                      <p className="mb-1">
                        <strong className="fs-4" data-value={p.count}>
                          {fmtNum(p.count, 0)}
                        </strong>{' '}
                        {p.count === 1 ? 'persona' : 'persone'} su {fmtNum(p.consenting, 0)} che hanno
                        acconsentito sul canale {CAMPAIGN_CHANNELS[channel]}.
                      </p>
                      <p className="small mb-0">
                        Escluse: {fmtNum(p.excludedNotInSegment, 0)} fuori dal pubblico scelto,{' '}
                        {fmtNum(p.excludedDoNotContact, 0)} da non contattare,{' '}
                        {fmtNum(p.excludedAnonymised, 0)} anonimizzate. Solo numeri: i nomi non sono mai
                        mostrati.
                      </p>
                    </>
                  ) : (
                    <p>Conteggio in corso…</p>
                  )}
                </div>
              </section>
              <section className="card card-bg p-3" aria-labelledby="readability-title">
                <h2 id="readability-title" className="h5">
                  Leggibilità del testo
                </h2>
                <div aria-live="polite" data-testid="readability">
                  {!r ? (
                    <p className="mb-0">Scrivi almeno una frase per vedere l’indice di leggibilità.</p>
                  ) : (
                    <>
                      <p className="mb-1">
                        Indice Gulpease: <strong data-value={r.gulpease}>{r.gulpease}</strong> su 100 (
                        {READABILITY_LEVELS[r.level] ?? r.level}).
                      </p>
                      <p className="small">
                        {r.words} parole, {r.sentences} {r.sentences === 1 ? 'frase' : 'frasi'}.
                      </p>
                      {r.suggestions.length > 0 ? (
                        <ul className="small mb-0">
                          {r.suggestions.map((s) => (
                            <li key={s}>{s}</li>
                          ))}
                        </ul>
                      ) : (
                        <p className="small mb-0">Nessun suggerimento: il testo è chiaro.</p>
                      )}
                    </>
                  )}
                </div>
              </section>
            </aside>
          </div>
        </div>
      </form>
    </>
  );
}
