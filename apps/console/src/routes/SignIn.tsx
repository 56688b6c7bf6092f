// Accesso: OIDC (Keycloak, Authorization Code + PKCE); on a development server also a pasted dev token.
import { useEffect, useState } from 'react';
import { ErrorBox, Loading, PageTitle } from '../components/ui';
import {
  completeOidcSignIn,
  loadConfig,
  session,
  signInWithDevToken,
  signInWithOidc,
  startPage,
  type ConsoleConfig,
} from '../lib/auth';
import { navigate, useLocation } from '../lib/router';

export default function SignIn() {
  const { path, search } = useLocation();
  const [cfg, setCfg] = useState<ConsoleConfig | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const returnTo = search.get('torna') ?? '';

  useEffect(() => {
    loadConfig().then(setCfg, setError);
  }, []);

  useEffect(() => {
    if (path !== '/accesso/callback') return;
    completeOidcSignIn().then(
      (to) => navigate(to === '/' ? startPage(session()?.roles ?? []) : to, true),
      (e: unknown) => setError(new Error(`Accesso non riuscito: ${(e as Error).message}`)),
    );
  }, [path]);

  useEffect(() => {
    const s = session();
    if (s && path === '/accesso')
      navigate(returnTo.startsWith('/') && returnTo !== '/accesso' ? returnTo : startPage(s.roles), true);
  }, [path, returnTo]);

  if (path === '/accesso/callback' && !error) return <Loading what="Accesso in corso…" />;

  return (
    <div className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <PageTitle text="Accesso">Accedi alla scrivania URP</PageTitle>
        <ErrorBox error={error} />
        {!cfg && !error && <Loading what="Caricamento della configurazione…" />}
        {cfg?.issuer && (
          <div className="mb-4">
            <p>Accedi con le credenziali del Comune (accesso unico).</p>
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy}
              onClick={() => {
                setBusy(true);
                signInWithOidc(returnTo || '/').catch((e: unknown) => {
                  setBusy(false);
                  setError(new Error(`Il servizio di accesso non risponde: ${(e as Error).message}`));
                });
              }}
            >
              Accedi
            </button>
          </div>
        )}
        {cfg && !cfg.issuer && !cfg.devLogin && (
          <div className="alert alert-warning" role="alert">
            L’accesso non è configurato su questo server (manca l’indirizzo del servizio di identità).
          </div>
        )}
        {cfg?.devLogin && (
          <form
            className="border rounded p-3 bg-light"
            onSubmit={(e) => {
              e.preventDefault();
              setBusy(true);
              setError(null);
              signInWithDevToken(token)
                .then((s) =>
                  navigate(
                    returnTo.startsWith('/') && returnTo !== '/accesso' ? returnTo : startPage(s.roles),
                    true,
                  ),
                )
                .catch((err: unknown) => setError(err))
                .finally(() => setBusy(false));
            }}
          >
            <h2 className="h5">Accesso di sviluppo</h2>
            <p className="small">
              Solo per sviluppo e test: incolla un token generato con{' '}
              <code>npm run -s token -- operator</code>.
            </p>
            <div className="mb-3">
              <label htmlFor="dev-token" className="form-label fw-semibold">
                Token di sviluppo
              </label>
              <textarea
                id="dev-token"
                className="form-control"
                rows={3}
                value={token}
                onChange={(e) => setToken(e.target.value)}
                required
              />
            </div>
            <button type="submit" className="btn btn-outline-primary" disabled={busy || !token.trim()}>
              Entra con il token
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
