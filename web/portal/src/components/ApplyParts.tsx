import { useTranslation } from 'react-i18next';
import { Notice } from '@shared/components/Alert';
import { Link } from '@shared/router';
import type { LineView } from '../api';
import { T } from '../testids';
import { useItemTitle } from './Checklist';

/** The items still to acknowledge, each a link to its checkbox. */
export function MissingAcks({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  const title = useItemTitle();
  if (codes.length === 0) return null;
  return (
    <Notice tone="error" title={t('apply.missingTitle')} testid={T.missingAcks}>
      <ul>
        {codes.map((c) => (
          <li key={c}>
            <a
              href={`#ack-box-${c}`}
              onClick={(e) => {
                e.preventDefault();
                document.getElementById(`ack-box-${c}`)?.focus();
              }}
            >
              {title(c)}
            </a>
          </li>
        ))}
      </ul>
    </Notice>
  );
}

export function CaseAlreadyOpen({ reference }: { reference: string }) {
  const { t } = useTranslation();
  return (
    <Notice tone="warning" title={t('apply.alreadyOpenTitle')} testid={T.caseAlreadyOpen}>
      <p>{t('apply.alreadyOpen', { reference })}</p>
      <p>
        <Link to={`/progress/${encodeURIComponent(reference)}`}>{t('apply.alreadyOpenLink', { reference })}</Link>
      </p>
    </Notice>
  );
}

/** Why this line cannot take an application now (open case, already cancelled), or null. */
export function LineBlocker({ line }: { line: LineView }) {
  const { t, i18n } = useTranslation();
  if (line.openCase) return <CaseAlreadyOpen reference={line.openCase.reference} />;
  if (line.status !== 'active' && line.status !== 'suspended') {
    return (
      <Notice tone="info" title={t('apply.notCancellableTitle')}>
        <p>{t('apply.notCancellable', { status: line.statusLabel[i18n.language === 'en' ? 'en' : 'zh-CN'] })}</p>
        <p>
          <Link to="/account">{t('apply.seeAccount')}</Link>
        </p>
      </Notice>
    );
  }
  return null;
}

export function lineBlocked(line: LineView): boolean {
  return line.openCase !== null || (line.status !== 'active' && line.status !== 'suspended');
}

export function SubSteps({ current }: { current: 0 | 1 | 2 }) {
  const { t } = useTranslation();
  const steps = [t('apply.substeps.check'), t('apply.substeps.review'), t('apply.substeps.done')];
  return (
    <ol className="substeps" aria-label={t('apply.substeps.label')}>
      {steps.map((s, i) => (
        <li key={s} aria-current={i === current ? 'step' : undefined} className={i === current ? 'current' : i < current ? 'done' : undefined}>
          {s}
        </li>
      ))}
    </ol>
  );
}
