// The page frame: skip link, the institutional header (Bootstrap Italia), navigation by role, sign-out.
import { Header, HeaderBrand, HeaderContent, HeaderRightZone, Headers } from 'design-react-kit';
import type { ReactNode } from 'react';
import { NAV } from './nav';
import { Link } from './components/ui';
import { signOut, type Session } from './lib/auth';
import { navigate } from './lib/router';

const ROLE_LABELS: Record<string, string> = {
  operator: 'operatore di sportello',
  backoffice: 'back office',
  referent: 'referente interno',
  manager: 'responsabile URP',
  analyst: 'analista',
  admin: 'amministratore',
};

export function Shell({
  session,
  path,
  children,
}: {
  session: Session | null;
  path: string;
  children: ReactNode;
}) {
  const items = session ? NAV.filter((n) => n.roles.some((r) => session.roles.includes(r))) : [];
  return (
    <>
      <a
        className="visually-hidden-focusable btn btn-primary position-absolute m-2"
        style={{ zIndex: 2000 }}
        href="#contenuto"
      >
        Vai al contenuto
      </a>
      <Headers>
        <Header type="slim" theme="">
          <HeaderContent>
            <HeaderBrand href="/" tag="span">
              Comune di Borgo Aurelio
            </HeaderBrand>
            <HeaderRightZone>
              {session ? (
                <div className="d-flex align-items-center gap-3">
                  <span className="text-white small">
                    {session.name} <span className="visually-hidden">ruolo:</span>(
                    {session.roles.map((r) => ROLE_LABELS[r] ?? r).join(', ')})
                  </span>
                  <button
                    type="button"
                    className="btn btn-sm btn-outline-light"
                    onClick={() => {
                      signOut();
                      navigate('/accesso');
                    }}
                  >
                    Esci
                  </button>
                </div>
              ) : null}
            </HeaderRightZone>
          </HeaderContent>
        </Header>
        <Header type="center" small>
          <HeaderContent>
            <HeaderBrand href="/" tag="span">
              <div className="it-brand-text">
                <div className="it-brand-title">Scrivania URP</div>
                <div className="it-brand-tagline d-none d-md-block">
                  Ufficio per le Relazioni con il Pubblico
                </div>
              </div>
            </HeaderBrand>
          </HeaderContent>
        </Header>
      </Headers>
      {items.length > 0 && (
        <nav aria-label="Sezioni della scrivania" className="bg-light border-bottom">
          <div className="container">
            <ul className="nav nav-console">
              {items.map((n) => {
                const active = path === n.href || path.startsWith(`${n.href}/`);
                return (
                  <li className="nav-item" key={n.href}>
                    <Link className="nav-link" href={n.href} aria-current={active ? 'page' : undefined}>
                      {n.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        </nav>
      )}
      <main id="contenuto" className="container py-4 console-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="bg-dark text-white py-3 mt-4">
        <div className="container small">
          Scrivania URP · L. 150/2000 art. 8 · dati personali trattati solo per le finalità del servizio
        </div>
      </footer>
    </>
  );
}
