import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '@shared/components/Alert';
import { api, type Delivery } from '../../api';
import { useFormat } from '../../format';
import { T } from '../../testids';
import { ErrorNotice } from '../ErrorNotice';
import { DeliveryStatusBadge } from './PartnerBadges';

/** The signed body as sent, indented when it is JSON (it always is, from us). */
function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

interface Props {
  items: Delivery[];
  mayReplay: boolean;
  /** A dead delivery was put back in the queue: the row shows the answer, the page watches it. */
  onReplayed: (d: Delivery) => void;
}

/**
 * A partner's webhook deliveries, newest first: what was sent and why, how it went, the receiver's
 * last answer, and the exact body. A dead one (retries used up, or refused for good) can be sent
 * again by a supervisor or an admin: the same webhook-id and body, new attempts.
 */
export function DeliveryTable({ items, mayReplay, onReplayed }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const [busy, setBusy] = useState<number | null>(null);
  const [replayed, setReplayed] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const replay = async (d: Delivery) => {
    setBusy(d.id);
    setError(null);
    setReplayed(null);
    try {
      onReplayed(await api.replayDelivery(d.id));
      setReplayed(d.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <div aria-live="polite">
        <ErrorNotice error={error} testid={T.deliveryError} />
        {replayed !== null && (
          <Notice tone="success" testid={T.deliveryReplayed}>
            <p>{t('deliveries.replayed', { id: replayed })}</p>
          </Notice>
        )}
      </div>
      {items.length === 0 ? (
        <p className="muted" data-testid={T.deliveriesEmpty}>
          {t('deliveries.empty')}
        </p>
      ) : (
        <table className="responsive deliveries" data-testid={T.deliveriesTable}>
          <caption className="visually-hidden">{t('deliveries.caption', { count: items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('deliveries.event')}</th>
              <th scope="col">{t('deliveries.cause')}</th>
              <th scope="col">{t('deliveries.statusLabel')}</th>
              <th scope="col">{t('deliveries.attempts')}</th>
              <th scope="col">{t('deliveries.lastStatus')}</th>
              <th scope="col">{t('deliveries.lastError')}</th>
              <th scope="col">{t('deliveries.times')}</th>
              <th scope="col">{t('deliveries.body')}</th>
              {mayReplay && <th scope="col">{t('deliveries.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id} data-testid={T.deliveryRow} data-delivery-id={d.id} data-status={d.status} data-event={d.eventType}>
                <th scope="row" data-label={t('deliveries.event')} id={`delivery-${d.id}`}>
                  <span>
                    <span title={d.eventType}>{t(`hooks.eventNames.${d.eventType}`, { defaultValue: d.eventType })}</span>
                    <br />
                    <span className="small muted mono">{d.webhookId}</span>
                  </span>
                </th>
                <td data-label={t('deliveries.cause')}>{t(`deliveries.causes.${d.cause}`)}</td>
                <td data-label={t('deliveries.statusLabel')}>
                  <span>
                    <DeliveryStatusBadge status={d.status} />
                  </span>
                </td>
                <td data-label={t('deliveries.attempts')} className="num">
                  {f.number(d.attempts)}
                </td>
                <td data-label={t('deliveries.lastStatus')} className="num">
                  {d.lastStatus ?? '—'}
                </td>
                <td data-label={t('deliveries.lastError')}>
                  {/* The receiver's or the network's own words: for whoever fixes the hook, behind a disclosure. */}
                  {d.lastError ? (
                    <details>
                      <summary>{t('deliveries.errorDetails')}</summary>
                      <code className="small wrap-anywhere">{d.lastError}</code>
                    </details>
                  ) : (
                    '—'
                  )}
                </td>
                <td data-label={t('deliveries.times')}>
                  <ul className="times small">
                    <li>{t('deliveries.createdAt', { at: f.dateTime(d.createdAt) })}</li>
                    {d.lastAttemptAt && <li>{t('deliveries.lastAttemptAt', { at: f.dateTime(d.lastAttemptAt) })}</li>}
                    {d.deliveredAt && <li>{t('deliveries.deliveredAt', { at: f.dateTime(d.deliveredAt) })}</li>}
                  </ul>
                </td>
                <td data-label={t('deliveries.body')}>
                  <details className="history delivery-body" data-testid={T.deliveryBody}>
                    <summary>{t('deliveries.showBody')}</summary>
                    {/* Focusable: a long body scrolls, and the keyboard must reach it. */}
                    <pre className="mono small" tabIndex={0}>
                      {pretty(d.body)}
                    </pre>
                  </details>
                </td>
                {mayReplay && (
                  <td data-label={t('deliveries.actions')}>
                    {d.status === 'dead' ? (
                      <button
                        type="button"
                        className="button secondary small-button"
                        disabled={busy !== null}
                        onClick={() => void replay(d)}
                        aria-describedby={`delivery-${d.id}`}
                        data-testid={T.deliveryReplay}
                      >
                        {busy === d.id ? t('common.working') : t('deliveries.replay')}
                      </button>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
