import { Component, lazy, Suspense, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { Shell } from './Shell';
import { Loading } from './components/ui';
import { onSessionChange, session, startPage, type Role, type Session } from './lib/auth';
import { navigate, useLocation } from './lib/router';
import { NAV } from './nav';

// every route loads its own code (React.lazy): the first paint needs only the shell
const SignIn = lazy(() => import('./routes/SignIn'));
const Sportello = lazy(() => import('./routes/Sportello'));
const Queue = lazy(() => import('./routes/Queue'));
const CasePage = lazy(() => import('./routes/CasePage'));
const Sheets = lazy(() => import('./routes/Sheets'));
const SheetEditor = lazy(() => import('./routes/SheetEditor'));
const FormsPage = lazy(() => import('./routes/KnowledgeContent').then((m) => ({ default: m.FormsPage })));
const FaqPage = lazy(() => import('./routes/KnowledgeContent').then((m) => ({ default: m.FaqPage })));
const RepliesPage = lazy(() => import('./routes/KnowledgeContent').then((m) => ({ default: m.RepliesPage })));
const Dashboard = lazy(() => import('./routes/Dashboard'));
const ProcedureDesk = lazy(() =>
  import('./routes/Procedures').then((m) => ({ default: m.ProcedureDeskPage })),
);
const CampaignList = lazy(() => import('./routes/Campaigns').then((m) => ({ default: m.CampaignListPage })));
const Campaign = lazy(() => import('./routes/Campaigns').then((m) => ({ default: m.CampaignPage })));
const CampaignEditor = lazy(() => import('./routes/CampaignEditor'));
const Procedure = lazy(() => import('./routes/ProcedurePage'));

interface Route {
  match: RegExp;
  roles: Role[];
  render: (m: RegExpMatchArray, s: Session) => ReactNode;
}

const ROUTES: Route[] = [
  { match: /^\/sportello$/, roles: NAV[0].roles, render: (_m, s) => <Sportello session={s} /> },
  { match: /^\/pratiche$/, roles: NAV[1].roles, render: (_m, s) => <Queue session={s} /> },
  {
    match: /^\/pratiche\/([^/]+)$/,
    roles: NAV[1].roles,
    render: (m, s) => <CasePage id={decodeURIComponent(m[1])} session={s} />,
  },
  { match: /^\/schede$/, roles: NAV[2].roles, render: (_m, s) => <Sheets session={s} /> },
  { match: /^\/schede\/moduli$/, roles: NAV[2].roles, render: () => <FormsPage /> },
  { match: /^\/schede\/faq$/, roles: NAV[2].roles, render: (_m, s) => <FaqPage session={s} /> },
  { match: /^\/schede\/risposte$/, roles: NAV[2].roles, render: (_m, s) => <RepliesPage session={s} /> },
  {
    match: /^\/schede\/([^/]+)$/,
    roles: NAV[2].roles,
    render: (m, s) => <SheetEditor id={decodeURIComponent(m[1])} session={s} />,
  },
  { match: /^\/cruscotto$/, roles: NAV[3].roles, render: (_m, s) => <Dashboard session={s} /> },
  { match: /^\/procedimenti$/, roles: NAV[4].roles, render: () => <ProcedureDesk /> },
  {
    match: /^\/procedimenti\/([^/]+)$/,
    roles: NAV[4].roles,
    render: (m, s) => <Procedure id={decodeURIComponent(m[1])} session={s} />,
  },
  { match: /^\/campagne$/, roles: NAV[5].roles, render: (_m, s) => <CampaignList session={s} /> },
  { match: /^\/campagne\/nuova$/, roles: ['backoffice', 'manager'], render: () => <CampaignEditor /> },
  {
    match: /^\/campagne\/([^/]+)$/,
    roles: NAV[5].roles,
    render: (m, s) => <Campaign id={decodeURIComponent(m[1])} session={s} />,
  },
];

/** Never a blank page: a render error shows what happened and a way on, in Italian. */
class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidUpdate(prev: { resetKey: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }
  override render() {
    if (!this.state.error) return this.props.children;
    const chunk = /dynamically imported module|Loading chunk|Failed to fetch/i.test(this.state.error.message);
    return (
      <div className="alert alert-danger" role="alert">
        <h2 className="h4">Si è verificato un errore</h2>
        <p>
          {chunk
            ? 'Non è stato possibile caricare questa pagina: forse la scrivania è stata aggiornata. Ricarica la pagina.'
            : 'La pagina non può essere mostrata. Quanto hai già salvato è al sicuro; ricarica la pagina o torna all’inizio.'}
        </p>
        <button type="button" className="btn btn-primary me-2" onClick={() => location.reload()}>
          Ricarica la pagina
        </button>
        <a className="btn btn-outline-primary" href="/">
          Torna all’inizio
        </a>
      </div>
    );
  }
}

const subscribe = (cb: () => void) => onSessionChange(cb);

export function App() {
  const s = useSyncExternalStore(subscribe, session);
  const { path } = useLocation();
  const signingIn = path === '/accesso' || path === '/accesso/callback';

  useEffect(() => {
    if (!s && !signingIn) navigate(`/accesso?torna=${encodeURIComponent(path)}`, true);
    else if (s && path === '/') navigate(startPage(s.roles), true);
  }, [s, path, signingIn]);

  let page: ReactNode;
  if (signingIn || !s) page = <SignIn />;
  else {
    const route = ROUTES.map((r) => ({ r, m: path.match(r.match) })).find((x) => x.m);
    if (!route) {
      page = (
        <div className="alert alert-warning" role="alert">
          <h1 className="h3">Pagina non trovata</h1>
          <a href={startPage(s.roles)}>Vai alla tua pagina iniziale</a>
        </div>
      );
    } else if (!route.r.roles.some((r) => s.roles.includes(r))) {
      page = (
        <div className="alert alert-warning" role="alert">
          <h1 className="h3">Pagina non disponibile per il tuo ruolo</h1>
          <a href={startPage(s.roles)}>Vai alla tua pagina iniziale</a>
        </div>
      );
    } else page = route.r.render(route.m as RegExpMatchArray, s);
  }

  return (
    <Shell session={s} path={path}>
      <ErrorBoundary resetKey={path}>
        <Suspense fallback={<Loading what="Caricamento della pagina…" />}>{page}</Suspense>
      </ErrorBoundary>
    </Shell>
  );
}
