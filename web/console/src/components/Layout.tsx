import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LangSwitch } from '@shared/components/LangSwitch';
import { LayoutFrame } from '@shared/components/LayoutFrame';
import { Link, navigate, useLocation } from '@shared/router';
import { api } from '../api';
import { mayOpen, pageOrder } from '../roles';
import { setSession, useSession } from '../session';
import { navId, T } from '../testids';
import { Bell } from './Bell';

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
  const tools = (
    <div className="bar-tools">
      {session && <Bell />}
      <LangSwitch />
    </div>
  );
  const userBarAndNav = session && (
    <>
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
      <nav className="site-nav" aria-label={t('nav.label')} data-testid={T.nav}>
        <ul>
          {pageOrder
            .filter((p) => mayOpen(session.role, p))
            .map((p) => {
              const to = `/${p}`;
              const current = path === to || (p === 'queue' && path.startsWith('/cases/')) || (p === 'partners' && path.startsWith('/partners/'));
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
    </>
  );
  const footer = (
    <>
      <p className="small">{t('footer.audited')}</p>
      <p className="small">© lastcall</p>
    </>
  );
  return (
    <LayoutFrame barTools={tools} header={userBarAndNav} mainClassName={wide ? 'wide' : undefined} footer={footer}>
      {children}
    </LayoutFrame>
  );
}
