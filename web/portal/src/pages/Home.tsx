import { useTranslation } from 'react-i18next';
import { PageHeading } from '@shared/components/PageHeading';
import { Link } from '@shared/router';
import { journeySteps } from '../components/StepNav';
import { T } from '../testids';

/** What the portal does, the four steps (the hotline beside them, never one of them), and the ways in. */
export function HomePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading text={t('home.title')} sub={t('home.intro')} />

      <section aria-labelledby="home-actions" className="card">
        <h2 id="home-actions">{t('home.actionsTitle')}</h2>
        <div className="button-stack">
          <Link to="/apply" className="button primary" data-testid={T.homeStart}>
            {t('home.start')}
          </Link>
          <Link to="/progress" className="button secondary" data-testid={T.homeProgress}>
            {t('home.progress')}
          </Link>
          <Link to="/account" className="button secondary" data-testid={T.homeAccount}>
            {t('home.account')}
          </Link>
          <Link to="/lost" className="button warning" data-testid={T.homeLost}>
            {t('home.lost')}
          </Link>
          <Link to="/lines" className="button secondary" data-testid={T.homeLines}>
            {t('home.lines')}
          </Link>
          <Link to="/hotline" className="button secondary" data-testid={T.homeHotline}>
            {t('home.hotline')}
          </Link>
        </div>
      </section>

      <section aria-labelledby="home-steps">
        <h2 id="home-steps">{t('home.stepsTitle')}</h2>
        <ol className="step-list">
          {journeySteps.map((step, i) => (
            <li key={step}>
              <span className="step-number" aria-hidden="true">
                {i + 1}
              </span>
              <div>
                <h3>{t(`home.steps.${step}.title`)}</h3>
                <p>{t(`home.steps.${step}.text`)}</p>
              </div>
            </li>
          ))}
        </ol>
        <p>
          {t('home.hotlineAside')} <Link to="/hotline">{t('steps.help')}</Link>
        </p>
      </section>

      <section aria-labelledby="home-good-to-know">
        <h2 id="home-good-to-know">{t('home.goodToKnowTitle')}</h2>
        <ul className="plain-list">
          <li>{t('home.goodToKnow.deadline')}</li>
          <li>{t('home.goodToKnow.quarantine')}</li>
          <li>{t('home.goodToKnow.lost')}</li>
        </ul>
      </section>
    </>
  );
}
