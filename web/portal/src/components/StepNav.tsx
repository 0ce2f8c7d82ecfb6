import { useTranslation } from 'react-i18next';
import { Link } from '@shared/router';
import { T } from '../testids';

/** The steps of cancelling a line. Calling the hotline is not one: it is offered beside them. */
export const journeySteps = ['verify', 'apply', 'progress', 'account'] as const;
export type JourneyStep = (typeof journeySteps)[number];
/** Where a page sits in the journey: one of its steps, or the hotline beside them. */
export type JourneyPlace = JourneyStep | 'hotline';

const paths: Record<JourneyStep, string> = { verify: '/verify', apply: '/apply', progress: '/progress', account: '/account' };

/**
 * The four steps, the page's own carrying aria-current="step", and after them the hotline as an
 * option ("Questions? Call us"), never a numbered step. On the hotline page no step is current.
 */
export function StepNav({ current }: { current: JourneyPlace }) {
  const { t } = useTranslation();
  const index = current === 'hotline' ? -1 : journeySteps.indexOf(current);
  return (
    <div className="journey">
      <nav className="steps" aria-label={t('steps.label')}>
        <ol>
          {journeySteps.map((step, i) => (
            <li key={step} className={i === index ? 'current' : i < index ? 'done' : undefined}>
              <Link to={paths[step]} aria-current={i === index ? 'step' : undefined}>
                <span className="step-number" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="visually-hidden">{t('steps.stepN', { n: i + 1 })}</span>
                <span className="step-label">{t(`steps.${step}`)}</span>
              </Link>
            </li>
          ))}
        </ol>
      </nav>
      <p className="steps-help">
        <Link to="/hotline" aria-current={current === 'hotline' ? 'page' : undefined} data-testid={T.stepsHotline}>
          {t('steps.help')}
        </Link>
      </p>
    </div>
  );
}
