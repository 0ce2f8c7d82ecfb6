import { useTranslation } from 'react-i18next';
import { Link } from '@shared/router';

export const journeySteps = ['verify', 'hotline', 'apply', 'progress', 'account'] as const;
export type JourneyStep = (typeof journeySteps)[number];

const paths: Record<JourneyStep, string> = { verify: '/verify', hotline: '/hotline', apply: '/apply', progress: '/progress', account: '/account' };

/** The five steps of cancelling a line; the page's own step carries aria-current="step". */
export function StepNav({ current }: { current: JourneyStep }) {
  const { t } = useTranslation();
  const index = journeySteps.indexOf(current);
  return (
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
  );
}
