import { useTranslation } from 'react-i18next';
import { Notice } from '@shared/components/Alert';
import { Link } from '@shared/router';
import type { Caller } from '../../api';
import { useFormat } from '../../format';
import { T } from '../../testids';
import { SlaBadge, StateBadge, useChannelLabel } from '../Badges';

/**
 * What the agent needs before saying anything: is the number ours, the line's status, the
 * masked name, the open case and where it stands ("where is my case?"), other cases, and a
 * prominent warning when the same wish came in twice through different channels.
 */
export function CallerSummary({ caller }: { caller: Caller }) {
  const { t } = useTranslation();
  const f = useFormat();
  const channel = useChannelLabel();
  if (!caller.known) {
    return (
      <Notice tone="warning" testid={T.callerUnknown}>
        <p>{t('desk.unknownCaller')}</p>
      </Notice>
    );
  }
  const open = caller.openCase ?? null;
  const others = (caller.cases ?? []).filter((c) => c.reference !== open?.reference);
  const duplicates = caller.duplicates ?? [];
  return (
    <div className="caller-summary" data-testid={T.callerSummary}>
      {duplicates.length > 0 && (
        <Notice tone="warning" testid={T.callerDuplicates} title={t('desk.duplicatesTitle')}>
          <p>{t('desk.duplicatesText')}</p>
          <ul>
            {duplicates.map((d) => (
              <li key={d.reference}>
                <Link to={`/cases/${encodeURIComponent(d.reference)}`}>{d.reference}</Link> · {channel(d.channel)}
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <dl className="summary">
        <div>
          <dt>{t('desk.maskedName')}</dt>
          <dd data-testid={T.callerName}>{caller.maskedName ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('desk.lineStatus')}</dt>
          <dd data-testid={T.callerLineStatus} data-status={caller.lineStatus ?? ''}>
            {caller.lineStatus ? t(`lineStatus.${caller.lineStatus}`, { defaultValue: caller.lineStatus }) : '—'}
          </dd>
        </div>
        <div>
          <dt>{t('desk.region')}</dt>
          <dd>
            {caller.region ?? '—'}
            {caller.language ? ` · ${t(`languages.${caller.language}`, { defaultValue: caller.language })}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('desk.openCase')}</dt>
          <dd data-testid={T.callerOpenCase} data-reference={open?.reference ?? ''}>
            {open ? (
              <>
                <Link to={`/cases/${encodeURIComponent(open.reference)}`}>{open.reference}</Link> <StateBadge state={open.state} /> <SlaBadge sla={open.sla} />
              </>
            ) : (
              t('desk.noOpenCase')
            )}
          </dd>
        </div>
      </dl>
      {open && (
        <p className="where" data-testid={T.callerWhere}>
          {t(`desk.where.${open.state}`, { reference: open.reference, day: f.day(open.dueOn, 'long'), defaultValue: t('desk.where.other', { reference: open.reference }) })}
          {open.paused && ` ${t('desk.wherePaused')}`}
        </p>
      )}
      {others.length > 0 && (
        <details className="history" data-testid={T.callerCases}>
          <summary>{t('desk.otherCases', { count: others.length })}</summary>
          <ul>
            {others.map((c) => (
              <li key={c.reference}>
                <Link to={`/cases/${encodeURIComponent(c.reference)}`}>{c.reference}</Link> · {t(`states.${c.state}`)} · {channel(c.channel)} · {f.dateTime(c.submittedAt)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {(caller.callbacks ?? []).length > 0 && (
        <p className="small" data-testid={T.callerCallbacks}>
          {t('desk.callerCallbacks', { count: caller.callbacks!.length })}
        </p>
      )}
    </div>
  );
}
