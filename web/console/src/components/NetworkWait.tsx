import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '@shared/components/Alert';
import { api, type CaseDetail } from '../api';
import { useFormat } from '../format';
import { may, type StaffRole } from '../roles';
import { T } from '../testids';
import { ErrorNotice } from './ErrorNotice';

/**
 * An approved case whose line is not off the network yet: how often the system tried, what the
 * network last said, and when it tries again — or, once parked, a supervisor's retry.
 */
export function NetworkWait({ network, role, onRetried }: { network: NonNullable<CaseDetail['network']>; role: StaffRole; onRetried: () => Promise<void> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const parked = network.status === 'parked';
  const retry = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.retryDeadLetter(network.jobId);
      await onRetried();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Notice tone="warning" title={t(parked ? 'case.network.parkedTitle' : 'case.network.waitingTitle')} testid={T.caseNetwork}>
      <p>{t(parked ? 'case.network.parkedText' : 'case.network.waitingText', { count: network.attempts })}</p>
      {network.lastError && (
        <p className="small">
          {t('case.network.lastError')} <span className="mono">{network.lastError}</span>
        </p>
      )}
      {network.nextAttemptAt && <p className="small">{t('case.network.nextAttempt', { at: f.dateTime(network.nextAttemptAt) })}</p>}
      {parked && may(role, 'outbox.retry') && (
        <button type="button" className="button small-button" disabled={busy} onClick={() => void retry()} data-testid={T.caseNetworkRetry}>
          {t('case.network.retry')}
        </button>
      )}
      <ErrorNotice error={error} />
    </Notice>
  );
}
