import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, Notice } from '@shared/components/Alert';
import { ConfirmDialog } from '@shared/components/ConfirmDialog';
import { PageHeading } from '@shared/components/PageHeading';
import { phone } from '@shared/format';
import { useLoad } from '@shared/hooks';
import { Link } from '@shared/router';
import { api, type LineView } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { LineStatusPill } from '../components/LineStatus';
import { useFormat } from '../format';
import { getSession } from '../session';
import { T } from '../testids';

/** 挂失: bar the line at once, in two taps (button, then confirm). */
export function LostPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const msisdn = getSession()!.msisdn;
  const view = useLoad(() => api.line(msisdn), msisdn);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<LineView | null>(null);
  const line = done ?? view.data;

  async function suspend() {
    setBusy(true);
    setError(null);
    try {
      const updated = await api.suspend(msisdn);
      setDone(updated);
      setOpen(false);
    } catch (err) {
      setError(err);
      setOpen(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeading text={t('lost.title')} sub={t('lost.intro')} />
      {view.loading && !line && <Loading />}
      {view.error !== null && !line && <ErrorNotice error={view.error} />}
      {line && (
        <section className="card" aria-labelledby="lost-line">
          <h2 id="lost-line">{phone(line.msisdn)}</h2>
          <p>
            {t('account.status')}: <LineStatusPill line={line} testid={T.lineStatus} />
          </p>
          {done ? (
            <Notice tone="success" title={t('lost.doneTitle')} testid={T.suspendDone}>
              <p>{t('lost.done', { msisdn: phone(line.msisdn) })}</p>
              {line.suspendedAt && <p className="small">{t('lost.since', { time: f.dateTime(line.suspendedAt) })}</p>}
              <p>{t('lost.messageSent')}</p>
            </Notice>
          ) : line.status === 'suspended' ? (
            <Notice tone="info" testid={T.suspendDone}>
              <p>{t('lost.already', { time: line.suspendedAt ? f.dateTime(line.suspendedAt) : '' })}</p>
            </Notice>
          ) : line.status !== 'active' ? (
            <Notice tone="info">
              <p>{t('lost.notActive')}</p>
            </Notice>
          ) : (
            <>
              <p>{t('lost.what')}</p>
              {error !== null && <ErrorNotice error={error} />}
              <button type="button" className="button danger" onClick={() => setOpen(true)} data-testid={T.suspend}>
                {t('lost.suspend')}
              </button>
            </>
          )}
          {(done || line.status === 'suspended') && (
            <div className="subsection">
              <h3>{t('lost.nextTitle')}</h3>
              <ul className="link-list">
                <li>
                  {line.openCase ? (
                    <Link to={`/progress/${encodeURIComponent(line.openCase.reference)}`}>{t('account.toProgress')}</Link>
                  ) : (
                    <Link to="/apply">{t('lost.nextApply')}</Link>
                  )}
                </li>
                <li>
                  <Link to="/hotline">{t('lost.nextHotline')}</Link>
                </li>
                <li>
                  <Link to="/account">{t('lost.nextAccount')}</Link>
                </li>
              </ul>
            </div>
          )}
          <ConfirmDialog
            open={open}
            title={t('lost.confirmTitle')}
            confirmLabel={t('lost.confirm')}
            onConfirm={() => void suspend()}
            onClose={() => setOpen(false)}
            busy={busy}
            danger
            confirmTestId={T.suspendConfirm}
          >
            <p>{t('lost.confirmText', { msisdn: phone(line.msisdn) })}</p>
          </ConfirmDialog>
        </section>
      )}
    </>
  );
}
