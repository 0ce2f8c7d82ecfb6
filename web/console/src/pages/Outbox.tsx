import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, Notice } from '@shared/components/Alert';
import { PageHeading } from '@shared/components/PageHeading';
import { useLoad } from '@shared/hooks';
import { Link } from '@shared/router';
import { api, type DeadLetter } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { useFormat } from '../format';
import { may } from '../roles';
import { useSession } from '../session';
import { T } from '../testids';

/**
 * Dead letters: jobs the outbox parked (a permanent error from the outside, a malformed payload,
 * or the last attempt used up). A supervisor puts one back in the queue once its cause is fixed;
 * an admin may only look.
 */
export function OutboxPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const session = useSession()!;
  const mayRetry = may(session.role, 'outbox.retry');
  const mayOpenCase = may(session.role, 'case.read');
  const list = useLoad(() => api.deadLetters(), 'dead-letters');
  const [busy, setBusy] = useState<number | null>(null);
  const [retried, setRetried] = useState<{ id: number; topic: string } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const retry = async (job: DeadLetter) => {
    setBusy(job.id);
    setError(null);
    setRetried(null);
    try {
      setRetried(await api.retryDeadLetter(job.id));
      await list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const items = list.data?.items;
  return (
    <section>
      <PageHeading text={t('outbox.title')} sub={t('outbox.lead')} />
      <ErrorNotice error={list.error} />
      <div aria-live="polite">
        <ErrorNotice error={error} testid={T.outboxError} />
        {retried && (
          <Notice tone="success" testid={T.outboxRetried}>
            <p>{t('outbox.retried', { id: retried.id, topic: t(`outbox.topics.${retried.topic}`, { defaultValue: retried.topic }) })}</p>
          </Notice>
        )}
      </div>
      {!items && list.loading && <Loading />}
      {items && items.length === 0 && (
        <p className="muted" data-testid={T.outboxEmpty}>
          {t('outbox.empty')}
        </p>
      )}
      {items && items.length > 0 && (
        <table className="responsive outbox" data-testid={T.outboxTable}>
          <caption className="visually-hidden">{t('outbox.caption', { count: items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('outbox.job')}</th>
              <th scope="col">{t('outbox.topic')}</th>
              <th scope="col">{t('outbox.case')}</th>
              <th scope="col">{t('outbox.reason')}</th>
              <th scope="col">{t('outbox.lastError')}</th>
              <th scope="col">{t('outbox.attempts')}</th>
              <th scope="col">{t('outbox.deadAt')}</th>
              {mayRetry && <th scope="col">{t('outbox.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((job) => (
              <tr key={job.id} data-testid={T.outboxRow} data-job-id={job.id} data-reason={job.reason}>
                <th scope="row" data-label={t('outbox.job')}>
                  {job.id}
                </th>
                <td data-label={t('outbox.topic')}>{t(`outbox.topics.${job.topic}`, { defaultValue: job.topic })}</td>
                <td data-label={t('outbox.case')}>
                  {job.reference === null ? (
                    <span className="muted">{t('outbox.noCase')}</span>
                  ) : mayOpenCase ? (
                    <Link to={`/cases/${encodeURIComponent(job.reference)}`}>{job.reference}</Link>
                  ) : (
                    job.reference
                  )}
                </td>
                <td data-label={t('outbox.reason')}>{t(`outbox.reasons.${job.reason}`)}</td>
                <td data-label={t('outbox.lastError')}>
                  {/* The other system's own words (often English, with codes): there for whoever fixes the cause, not read first. */}
                  {job.lastError ? (
                    <details>
                      <summary>{t('outbox.errorDetails')}</summary>
                      <code className="small wrap-anywhere">{job.lastError}</code>
                    </details>
                  ) : (
                    '—'
                  )}
                </td>
                <td data-label={t('outbox.attempts')}>{job.attempts}</td>
                <td data-label={t('outbox.deadAt')}>{f.dateTime(job.deadAt)}</td>
                {mayRetry && (
                  <td data-label={t('outbox.actions')}>
                    <button
                      type="button"
                      className="button secondary small-button"
                      disabled={busy !== null}
                      onClick={() => void retry(job)}
                      data-testid={T.outboxRetry}
                    >
                      {busy === job.id ? t('common.working') : t('outbox.retry')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
