import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '@shared/components/Alert';
import { useLoad } from '@shared/hooks';
import { api, type Call, type CallbackItem } from '../../api';
import { maskedPhone, useFormat } from '../../format';
import { T } from '../../testids';
import { ErrorNotice } from '../ErrorNotice';

/** Customers who asked to be called back (the portal offers it when the hotline is closed), oldest first. */
export function Callbacks({ onCall }: { onCall: (call: Call) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useLoad(() => api.callbacks('waiting'), 'waiting');
  const [busy, setBusy] = useState<string | number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const callBack = async (cb: CallbackItem) => {
    setBusy(cb.id);
    setError(null);
    try {
      const { call } = await api.startCall(cb.msisdn, cb.id);
      onCall(call);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  if (!list.data) return list.loading ? <Loading /> : <ErrorNotice error={list.error} />;
  const items = list.data.items;
  return (
    <div>
      <ErrorNotice error={error} />
      <div className="button-row">
        <button type="button" className="button secondary small-button" onClick={() => void list.reload()}>
          {t('common.refresh')}
        </button>
      </div>
      {items.length === 0 ? (
        <p className="card subtle" data-testid={T.callbacksEmpty}>
          {t('desk.noCallbacks')}
        </p>
      ) : (
        <table className="responsive" data-testid={T.callbacks}>
          <caption className="visually-hidden">{t('desk.callbacksCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('desk.cbName')}</th>
              <th scope="col">{t('desk.cbPhone')}</th>
              <th scope="col">{t('desk.cbPreferred')}</th>
              <th scope="col">{t('desk.cbNote')}</th>
              <th scope="col">{t('desk.cbRequested')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('desk.cbAction')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((cb) => (
              <tr key={cb.id} data-testid={T.callbackRow} data-callback-id={cb.id}>
                <th scope="row" data-label={t('desk.cbName')}>
                  {cb.maskedName ?? '—'}{' '}
                  <span className="small muted">
                    {cb.region} · {t(`languages.${cb.language}`, { defaultValue: cb.language })}
                  </span>
                </th>
                <td data-label={t('desk.cbPhone')}>
                  <span className="nowrap">{cb.phone ?? maskedPhone(cb.msisdn)}</span>
                </td>
                <td data-label={t('desk.cbPreferred')}>{cb.preferredTime ?? '—'}</td>
                <td data-label={t('desk.cbNote')}>{cb.note ?? '—'}</td>
                <td data-label={t('desk.cbRequested')}>{f.dateTime(cb.requestedAt)}</td>
                <td data-label={t('desk.cbAction')}>
                  <button type="button" className="button primary small-button" disabled={busy !== null} onClick={() => void callBack(cb)} data-testid={T.callbackCall}>
                    {busy === cb.id ? t('common.working') : t('desk.callBack')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
