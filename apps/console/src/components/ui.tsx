// Small building blocks on Bootstrap Italia's classes: links, loading state, errors, labelled fields.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { csvHref } from '../lib/csv';
import { ApiError, fieldError } from '../lib/errors';
import { onLinkClick } from '../lib/router';
import { styledControl } from './control-type';

export function Link(props: React.AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return <a {...props} onClick={props.onClick ?? onLinkClick} />;
}

export function Loading({ what = 'Caricamento in corso…' }: { what?: string }) {
  return (
    <div role="status" className="d-flex align-items-center gap-3 my-4">
      <div className="progress-spinner progress-spinner-active size-sm" aria-hidden="true" />
      <span>{what}</span>
    </div>
  );
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  const msg = error instanceof Error ? error.message : String(error);
  return (
    <div className="alert alert-danger" role="alert">
      <p className="mb-0">{msg}</p>
      {onRetry && (
        <button type="button" className="btn btn-outline-danger btn-sm mt-2" onClick={onRetry}>
          Riprova
        </button>
      )}
    </div>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert-success" role="status">
      {children}
    </div>
  );
}

/** The page heading: sets the document title and takes the focus after a navigation (screen readers). */
export function PageTitle({ children, text }: { children: ReactNode; text: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${text} · Scrivania URP`;
    ref.current?.focus();
  }, [text]);
  return (
    <h1 ref={ref} tabIndex={-1} className="h2 mb-4">
      {children}
    </h1>
  );
}

interface FieldProps {
  id: string;
  label: string;
  /** The API's field name (`subject`, `content.title`) whose error is shown here. */
  name?: string;
  error?: ApiError | null;
  hint?: string;
  children: (a: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: boolean;
    className: string;
  }) => ReactNode;
}

/**
 * A labelled control with its hint and the API's error for it (in Italian), linked for screen readers. A bare
 * `<input>` is given `type="text"` and a `<select>` Bootstrap Italia's wrapper: without them it draws no border.
 */
export function Field({ id, label, name, error, hint, children }: FieldProps) {
  const msg = name ? fieldError(error?.fields, name) : undefined;
  const described =
    [hint ? `${id}-hint` : '', msg ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="mb-3">
      <label htmlFor={id} className="form-label fw-semibold">
        {label}
      </label>
      {styledControl(
        children({
          id,
          'aria-describedby': described,
          'aria-invalid': msg ? true : undefined,
          className: `form-control${msg ? ' is-invalid' : ''}`,
        }),
      )}
      {hint && (
        <small id={`${id}-hint`} className="form-text d-block">
          {hint}
        </small>
      )}
      {msg && (
        <div id={`${id}-error`} className="invalid-feedback d-block" role="alert">
          {msg}
        </div>
      )}
    </div>
  );
}

/** Loads data on mount and when `deps` change; `reload()` to refresh. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    setState((s) => ({ data: s.data, loading: true }));
    load().then(
      (data) => alive && setState({ data, loading: false }),
      (error: unknown) => alive && setState({ error, loading: false }),
    );
    return () => {
      alive = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Runs a mutation, keeping its error (with the per-field messages) and a busy flag. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError((e as Error).message, 'CLIENT'));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
}

/** Waits `ms` after the last change of `value` (search as you type). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** The `<option>`s of a select from a map of API codes to Italian labels, in the map's order. */
export function OptionsOf({ labels, except = [] }: { labels: Record<string, string>; except?: string[] }) {
  return (
    <>
      {Object.entries(labels)
        .filter(([v]) => !except.includes(v))
        .map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
    </>
  );
}

/** A labelled `<select>` (Bootstrap Italia's select-wrapper, see `Field`) with its hint and the API's error. */
export function SelectField({
  value,
  onChange,
  children,
  ...field
}: Omit<FieldProps, 'children'> & { value: string; onChange: (value: string) => void; children: ReactNode }) {
  return (
    <Field {...field}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
          {children}
        </select>
      )}
    </Field>
  );
}

/** "Scarica CSV" for a table the screen shows; `what` names it for screen readers (several links on a page). */
export function CsvLink({
  csv,
  file,
  what,
  className = '',
}: {
  csv: string;
  file: string;
  what: string;
  className?: string;
}) {
  return (
    <a className={`btn btn-sm btn-outline-primary ${className}`.trim()} href={csvHref(csv)} download={file}>
      Scarica CSV<span className="visually-hidden">: {what}</span>
    </a>
  );
}
