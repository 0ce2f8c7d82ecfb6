import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { phone } from '../format';
import { Link, navigate } from '../router';
import { clearSession, isLive, useSession } from '../session';
import { T } from '../testids';
import { LangSwitch } from './LangSwitch';
import { StepNav, type JourneyStep } from './StepNav';

/** Header (brand, language, session), the step indicator where there is one, main, footer. */
export function Layout({ step, children }: { step?: JourneyStep | undefined; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const live = isLive(session);
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
          <LangSwitch />
        </div>
        <nav className="site-nav" aria-label={t('nav.label')}>
          <ul>
            <li>
              <Link to="/">{t('nav.home')}</Link>
            </li>
            <li>
              <Link to="/lines">{t('nav.lines')}</Link>
            </li>
            <li>
              <Link to="/hotline">{t('nav.hotline')}</Link>
            </li>
            {live && (
              <li>
                <button
                  type="button"
                  className="link-button"
                  data-testid={T.signOut}
                  onClick={() => {
                    clearSession();
                    navigate('/');
                  }}
                >
                  {t('nav.signOut')}
                </button>
              </li>
            )}
          </ul>
          {live && (
            <p className="current-line" data-testid={T.currentLine}>
              {t('nav.currentLine')} <span className="nowrap">{phone(session.msisdn)}</span>
            </p>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {step && <StepNav current={step} />}
        {children}
      </main>
      <footer className="site-footer">
        <p>
          {t('footer.help')} <Link to="/hotline">{t('footer.hotline')}</Link>
        </p>
        <p className="small">{t('footer.privacy')}</p>
        <p className="small">© lastcall</p>
      </footer>
    </>
  );
}
