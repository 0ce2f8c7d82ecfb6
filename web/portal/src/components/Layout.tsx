import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LangSwitch } from '@shared/components/LangSwitch';
import { LayoutFrame } from '@shared/components/LayoutFrame';
import { phone } from '@shared/format';
import { Link, navigate } from '@shared/router';
import { clearSession, isLive, useSession } from '../session';
import { T } from '../testids';
import { StepNav, type JourneyPlace } from './StepNav';

/** Header (brand, language, session), the step indicator where there is one, main, footer. */
export function Layout({ step, children }: { step?: JourneyPlace | undefined; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const live = isLive(session);
  const nav = (
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
  );
  const footer = (
    <>
      <p>
        {t('footer.help')} <Link to="/hotline">{t('footer.hotline')}</Link>
      </p>
      <p className="small">{t('footer.privacy')}</p>
      <p className="small">© lastcall</p>
    </>
  );
  return (
    <LayoutFrame barTools={<LangSwitch />} header={nav} footer={footer}>
      {step && <StepNav current={step} />}
      {children}
    </LayoutFrame>
  );
}
