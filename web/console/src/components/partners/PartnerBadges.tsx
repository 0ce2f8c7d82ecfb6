import { useTranslation } from 'react-i18next';
import type { DeliveryStatus, PartnerBinding, PartnerKind } from '../../api';
import { T } from '../../testids';

const deliveryIcon: Record<DeliveryStatus, string> = { pending: '○', delivered: '✓', failing: '▲', dead: '✗' };

/** A partner's status: a word and a shape, never colour alone. */
export function PartnerStatusBadge({ status }: { status: 'active' | 'disabled' }) {
  const { t } = useTranslation();
  return (
    <span className={`badge partner-${status}`} data-testid={T.partnerStatus} data-status={status}>
      <span aria-hidden="true" className="badge-icon">
        {status === 'active' ? '●' : '○'}
      </span>
      {t(`partners.status.${status}`)}
    </span>
  );
}

/** A webhook delivery's status: pending, delivered, failing (being retried) or dead (waits for a person). */
export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge delivery-${status}`} data-testid={T.deliveryStatus} data-status={status}>
      <span aria-hidden="true" className="badge-icon">
        {deliveryIcon[status]}
      </span>
      {t(`deliveries.status.${status}`)}
    </span>
  );
}

/** Failing or dead deliveries, highlighted when there are any. */
export function FailingCount({ count, shown }: { count: number; shown: string }) {
  if (count === 0) return <span className="muted">{shown}</span>;
  return (
    <span className="badge flag-breached" data-testid={T.partnerFailing}>
      <span aria-hidden="true">⚠ </span>
      {shown}
    </span>
  );
}

/** A partner's kind and the binding it stands for, in words. */
export function usePartnerLabels() {
  const { t } = useTranslation();
  return {
    kind: (k: PartnerKind) => t(`partners.kinds.${k}`),
    binding: (b: PartnerBinding | null) => (b ? t(`partners.bindings.${b}`) : t('partners.noBinding')),
  };
}
