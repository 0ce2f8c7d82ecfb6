import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { Link, navigate, useLocation } from '../router';
import { mayOpen, pageOrder } from '../roles';
import { setSession, useSession } from '../session';
import { navId, T } from '../testids';
import { Bell } from './Bell';
import { LangSwitch } from './LangSwitch';

/** The top bar (brand, user and role, bell, language, log-out), the role's nav, and the page. */
export function Layout({ children, wide }: { children: ReactNode; wide?: boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  const { path } = useLocation();
  const logOut = async () => {
    try {
      await api.logout();
    } catch {
      // Already gone on the server: the page forgets it all the same.
    }
    setSession(null);
    navigate('/login');
  };
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="bar">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              LC
            </span>
            <span className="brand-text">{t('app.name')}</span>
          </Link>
          <div className="bar-tools">
            {session && <Bell />}
            <LangSwitch />
          </div>
        </div>
        {session && (
          <div className="bar user-bar">
            <p className="who">
              <span className="visually-hidden">{t('nav.loggedInAs')} </span>
              <span data-testid={T.userName} className="user-name">
                {session.user}
              </span>{' '}
              <span className="role-pill" data-testid={T.userRole} data-role={session.role}>
                {t(`roles.${session.role}`)}
              </span>
            </p>
            <button type="button" className="link-button on-dark" data-testid={T.signOut} onClick={() => void logOut()}>
              {t('nav.signOut')}
            </button>
          </div>
        )}
        {session && (
          <nav className="site-nav" aria-label={t('nav.label')} data-testid={T.nav}>
            <ul>
              {pageOrder
                .filter((p) => mayOpen(session.role, p))
                .map((p) => {
                  const to = `/${p}`;
                  const current = path === to || (p === 'queue' && path.startsWith('/cases/'));
                  return (
                    <li key={p}>
                      <Link to={to} data-testid={navId(p)} aria-current={current ? 'page' : undefined}>
                        {t(`nav.${p}`)}
                      </Link>
                    </li>
                  );
                })}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1} className={wide ? 'wide' : undefined}>
        {children}
      </main>
      <footer className="site-footer">
        <p className="small">{t('footer.audited')}</p>
        <p className="small">© lastcall</p>
      </footer>
    </>
  );
}
