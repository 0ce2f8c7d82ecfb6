import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, Notice } from '@shared/components/Alert';
import { ConfirmDialog } from '@shared/components/ConfirmDialog';
import { isApiError } from '@shared/http';
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

/** Step 4: the line's status, balance, plan, bindings still to remove, cancellation and quarantine days. */
export function AccountPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const msisdn = getSession()!.msisdn;
  const view = useLoad(() => api.line(msisdn), msisdn);
  const [restored, setRestored] = useState<LineView | null>(null);
  const line = restored ?? view.data;
  const bound = line?.bindings.filter((b) => b.state === 'bound') ?? [];
  const cancelled = line && (line.status === 'terminated' || line.status === 'released');

  return (
    <>
      <PageHeading text={t('account.title')} />
      {view.loading && !line && <Loading />}
      {view.error !== null && <ErrorNotice error={view.error} />}
      {line && (
        <>
          <section className="card" aria-labelledby="account-line">
            <h2 id="account-line">
              <span className="visually-hidden">{t('account.line')} </span>
              <span data-testid={T.lineMsisdn}>{phone(line.msisdn)}</span>
            </h2>
            <dl className="summary">
              <div>
                <dt>{t('account.status')}</dt>
                <dd>
                  <LineStatusPill line={line} testid={T.lineStatus} />
                </dd>
              </div>
              {!cancelled && (
                <div>
                  <dt>{line.balance.amountMinor < 0 ? t('account.debt') : t('account.balance')}</dt>
                  <dd data-testid={T.balance} className={line.balance.amountMinor < 0 ? 'owed' : undefined}>
                    {f.money({ amountMinor: Math.abs(line.balance.amountMinor), currency: line.balance.currency })}
                  </dd>
                </div>
              )}
              <div>
                <dt>{t('account.plan')}</dt>
                <dd>{t(`account.plans.${line.plan}`)}</dd>
              </div>
              <div>
                <dt>{t('account.simType')}</dt>
                <dd>{t(`account.simTypes.${line.simType}`)}</dd>
              </div>
              <div>
                <dt>{t('account.contractEnd')}</dt>
                <dd>{line.contractEnd ? f.day(line.contractEnd) : t('account.noContract')}</dd>
              </div>
              {line.suspendedAt && (
                <div>
                  <dt>{t('account.suspendedAt')}</dt>
                  <dd>{f.dateTime(line.suspendedAt)}</dd>
                </div>
              )}
              {line.terminatedOn && (
                <div>
                  <dt>{t('account.terminatedOn')}</dt>
                  <dd data-testid={T.terminatedOn}>{f.day(line.terminatedOn)}</dd>
                </div>
              )}
              {line.quarantineEndsOn && (
                <div>
                  <dt>{t('account.quarantine')}</dt>
                  <dd data-testid={T.quarantineDate}>{f.day(line.quarantineEndsOn)}</dd>
                </div>
              )}
            </dl>
            {line.quarantineEndsOn && <p className="small muted">{t('account.quarantineText', { date: f.day(line.quarantineEndsOn) })}</p>}
          </section>

          {restored && (
            <Notice tone="success" testid={T.restoreDone}>
              <p>{t('account.undoDone')}</p>
            </Notice>
          )}
          {line.undoUntil && <UndoCard line={line} onRestored={setRestored} />}

          {line.openCase && (
            <Notice tone="info" title={t('account.openCaseTitle')} testid={T.openCase}>
              <p>
                {t('account.openCase', { reference: line.openCase.reference, state: t(`states.${line.openCase.state}`) })}{' '}
                <Link to={`/progress/${encodeURIComponent(line.openCase.reference)}`}>{t('account.openCaseLink')}</Link>
              </p>
            </Notice>
          )}

          {/* After cancellation the bindings matter most: the number's next holder would get those codes. */}
          {(!cancelled || bound.length > 0) && (
            <section className="card" aria-labelledby="account-bindings">
              <h2 id="account-bindings">{t('account.bindingsTitle')}</h2>
              {bound.length === 0 ? (
                <p className="muted">{t('account.noBindings')}</p>
              ) : (
                <>
                  <p>{t(cancelled ? 'account.bindingsTextCancelled' : 'account.bindingsText')}</p>
                  <ul className="plain-list" data-testid={T.bindings}>
                    {bound.map((b) => (
                      <li key={b.kind}>{t(`precheck.services.${b.kind}`, { defaultValue: b.kind })}</li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          )}

          <nav className="card" aria-label={t('account.actions')}>
            <ul className="link-list">
              {!cancelled && !line.openCase && (
                <li>
                  <Link to="/apply">{t('account.toApply')}</Link>
                </li>
              )}
              {line.status === 'active' && (
                <li>
                  <Link to="/lost">{t('account.toLost')}</Link>
                </li>
              )}
              <li>
                <Link to="/progress">{t('account.toProgress')}</Link>
              </li>
              <li>
                <Link to="/lines">{t('account.toLines')}</Link>
              </li>
            </ul>
          </nav>
        </>
      )}
    </>
  );
}

/** Within the region's undo window (GB: 14 days; CN: none), the former holder may take the number back. */
function UndoCard({ line, onRestored }: { line: LineView; onRestored: (l: LineView) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function restore() {
    setBusy(true);
    setError(null);
    try {
      onRestored(await api.restore(line.msisdn));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      setOpen(false);
    }
  }

  const mustVerify = isApiError(error) && error.code === 'reverification_required';
  return (
    <section className="card" aria-labelledby="account-undo">
      <h2 id="account-undo">{t('account.undoTitle')}</h2>
      <p data-testid={T.undoUntil}>{t('account.undoText', { date: f.day(line.undoUntil!) })}</p>
      {error !== null && <ErrorNotice error={error} />}
      {mustVerify ? (
        <Link to="/verify">{t('account.undoVerify')}</Link>
      ) : (
        <button type="button" className="button" onClick={() => setOpen(true)} data-testid={T.restore}>
          {t('account.undo')}
        </button>
      )}
      <ConfirmDialog
        open={open}
        title={t('account.undoConfirmTitle')}
        confirmLabel={t('account.undoConfirm')}
        onConfirm={() => void restore()}
        onClose={() => setOpen(false)}
        busy={busy}
        confirmTestId={T.restoreConfirm}
      >
        <p>{t('account.undoConfirmText', { msisdn: phone(line.msisdn) })}</p>
      </ConfirmDialog>
    </section>
  );
}
