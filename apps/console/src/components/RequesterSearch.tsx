// Find a requester by name (words in any order, prefixes) or fiscal code: an ARIA 1.2 combobox with a listbox
// popup, driven by the keyboard alone (arrows, Enter, Escape). Contacts answers from memory (searchRequesters)
// and audits every search with its purpose. Names and fiscal codes are asked only for roles that may read them.
import { useEffect, useId, useState } from 'react';
import { graphql } from '../gql';
import type { Role } from '../lib/auth';
import { ApiError } from '../lib/errors';
import { gqlRequest } from '../lib/graphql';
import { homonymDetail, type RequesterCandidate } from './requester-match';
import { useDebounced } from './ui';

const SearchRequestersPersonal = graphql(`
  query SearchRequestersPersonal($query: String!, $purpose: String!, $first: Int) {
    searchRequesters(query: $query, purpose: $purpose, first: $first) {
      id
      kind
      createdAt
      personalData(purpose: $purpose) {
        name
        fiscalCode
        email
        pec
        phone
      }
    }
  }
`);

const SearchRequestersIds = graphql(`
  query SearchRequestersIds($query: String!, $purpose: String!, $first: Int) {
    searchRequesters(query: $query, purpose: $purpose, first: $first) {
      id
      kind
    }
  }
`);

/** Who may read a requester's name and fiscal code (contacts' `requester.readPersonal`: the front office). */
export const mayReadPersonal = (roles: readonly Role[]): boolean =>
  roles.includes('operator') || roles.includes('backoffice');

/** Who may search requesters at all (contacts' `requester.find`, and referents within their offices). */
export const maySearchRequesters = (roles: readonly Role[]): boolean =>
  mayReadPersonal(roles) || roles.includes('referent');

export interface RequesterHit {
  id: string;
  /** The name and fiscal code for the front office; a pseudonymous label for the others. */
  label: string;
  /** What tells homonyms apart in a list (masked e-mail and mobile, creation day): front office only. */
  detail?: string;
}

const KINDS: Record<string, string> = { PERSON: 'persona', ORGANISATION: 'ente o impresa' };

/** Searches requesters: with their personal data when the role may read them, by id otherwise. */
export async function searchRequesters(
  query: string,
  purpose: string,
  personal: boolean,
  first = 10,
): Promise<RequesterHit[]> {
  if (personal) {
    const r = await gqlRequest(SearchRequestersPersonal, { query, purpose, first });
    return r.searchRequesters.map((q) => ({
      id: q.id,
      label: `${q.personalData?.name ?? 'senza nome'}${q.personalData?.fiscalCode ? ` (${q.personalData.fiscalCode})` : ''}`,
      detail: homonymDetail({ id: q.id, createdAt: q.createdAt, ...q.personalData }) || undefined,
    }));
  }
  const r = await gqlRequest(SearchRequestersIds, { query, purpose, first });
  return r.searchRequesters.map((q) => ({
    id: q.id,
    label: `Richiedente ${q.id} (${KINDS[q.kind] ?? q.kind.toLowerCase()})`,
  }));
}

/**
 * Existing requesters with their personal data, for the desk's duplicate check before creating one (the same
 * audited search as the list: one `search` entry per requester found, with the purpose).
 */
export async function requesterCandidates(
  query: string,
  purpose: string,
  first = 10,
): Promise<RequesterCandidate[]> {
  const r = await gqlRequest(SearchRequestersPersonal, { query, purpose, first });
  return r.searchRequesters.map((q) => ({ id: q.id, createdAt: q.createdAt, ...q.personalData }));
}

/** How many characters before searching: a name prefix of two letters is already selective. */
const MIN_CHARS = 2;

interface Props {
  label: string;
  purpose: string;
  personal: boolean;
  hint?: string;
  /** The requester chosen with Enter or a click. */
  onPick: (r: RequesterHit) => void;
  /** What was typed and what was found (null while nothing was searched), for a "create" path. */
  onResults?: (query: string, hits: RequesterHit[] | null) => void;
}

export function RequesterSearch({ label, purpose, personal, hint, onPick, onResults }: Props) {
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [state, setState] = useState<{ query: string; hits: RequesterHit[] | null; error?: ApiError }>({
    query: '',
    hits: null,
  });
  const [busy, setBusy] = useState(false);
  const query = useDebounced(text.trim(), 250);

  useEffect(() => {
    if (query.length < MIN_CHARS) {
      setState({ query, hits: null });
      onResults?.(query, null);
      return;
    }
    let alive = true;
    setBusy(true);
    searchRequesters(query, purpose, personal).then(
      (hits) => {
        if (!alive) return;
        setBusy(false);
        setState({ query, hits });
        setActive(-1);
        setOpen(true);
        onResults?.(query, hits);
      },
      (e: unknown) => {
        if (!alive) return;
        setBusy(false);
        setState({
          query,
          hits: null,
          error: e instanceof ApiError ? e : new ApiError((e as Error).message, 'CLIENT'),
        });
      },
    );
    return () => {
      alive = false;
    };
  }, [query, purpose, personal]);

  const hits = state.hits ?? [];
  const shown = open && hits.length > 0;
  const pick = (r: RequesterHit) => {
    setOpen(false);
    setActive(-1);
    onPick(r);
  };
  const optionId = (i: number) => `${id}-opt-${i}`;
  const status =
    text.trim().length < MIN_CHARS
      ? ''
      : busy || query !== text.trim()
        ? 'Ricerca in corso…'
        : state.hits === null
          ? ''
          : state.hits.length === 0
            ? 'Nessun richiedente trovato.'
            : `${state.hits.length === 1 ? '1 richiedente trovato' : `${state.hits.length} richiedenti trovati`}: frecce su e giù per scorrerli, Invio per sceglierne uno.`;
  const errorMsg = state.error?.fields ? Object.values(state.error.fields)[0] : undefined;

  return (
    <div className="mb-3 requester-search">
      <label htmlFor={inputId} className="form-label fw-semibold">
        {label}
      </label>
      <input
        id={inputId}
        className={`form-control${state.error ? ' is-invalid' : ''}`}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 ? optionId(active) : undefined}
        aria-describedby={[hint ? `${id}-hint` : '', `${id}-status`, state.error ? `${id}-error` : '']
          .filter(Boolean)
          .join(' ')}
        aria-invalid={state.error ? true : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            if (!hits.length) return;
            setOpen(true);
            setActive((a) => (a + 1) % hits.length);
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            if (!hits.length) return;
            setOpen(true);
            setActive((a) => (a <= 0 ? hits.length - 1 : a - 1));
          } else if (e.key === 'Enter') {
            // never submits the surrounding form: Enter chooses (the only result, or the highlighted one)
            e.preventDefault();
            const chosen = active >= 0 ? hits[active] : hits.length === 1 ? hits[0] : undefined;
            if (chosen) pick(chosen);
          } else if (e.key === 'Escape') {
            if (shown) {
              e.preventDefault();
              setOpen(false);
              setActive(-1);
            } else setText('');
          }
        }}
      />
      {hint && (
        <small id={`${id}-hint`} className="form-text d-block">
          {hint}
        </small>
      )}
      <ul
        id={listId}
        role="listbox"
        aria-label={`Richiedenti trovati per «${state.query}»`}
        className="requester-options list-unstyled border rounded mb-0"
        hidden={!shown}
      >
        {hits.map((r, i) => (
          <li
            key={r.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            // mousedown, not click: the input's blur would close the list first
            onMouseDown={(e) => {
              e.preventDefault();
              pick(r);
            }}
          >
            {r.label}
            {r.detail && <span className="d-block small"> {r.detail}</span>}
          </li>
        ))}
      </ul>
      <div id={`${id}-status`} role="status" className="small mt-1">
        {status}
      </div>
      {state.error && (
        <div id={`${id}-error`} className="invalid-feedback d-block" role="alert">
          {errorMsg ?? state.error.message}
        </div>
      )}
    </div>
  );
}
