import { useTranslation } from 'react-i18next';
import type { ApprovalPreview } from '../../api';
import { useFormat } from '../../format';
import { T } from '../../testids';
import { withDestination } from '@shared/refund';

/**
 * What approving sets going, read before the confirm: the line off the network (a suspended one
 * barred meanwhile), the eSIM profile, the settlement as fulfilment will work it out, the two
 * e-mails to the customer, the partners told of bindings still in place, the quarantine and
 * the undo window. The figures are the server's (the case's `approvalPreview`).
 */
export function ApprovalSummary({ preview }: { preview: ApprovalPreview }) {
  const { t } = useTranslation();
  const f = useFormat();
  const s = preview.settlement;
  const amount = f.money(s.amountMinor, s.currency);
  const settlement =
    s.kind === 'refund'
      ? t('actions.summary.refund', { amount, method: withDestination(t(`history.refundMethods.${s.method ?? 'original_payment'}`, { defaultValue: s.method ?? '' }), s.destination) })
      : s.kind === 'final_bill'
        ? t('actions.summary.finalBill', { amount })
        : t('actions.summary.nothing');
  // What the figure is made of: the credit less the charge, or the debt plus it.
  const { balanceMinor, earlyTerminationChargeMinor: chargeMinor } = s.detail;
  const charge = f.money(chargeMinor, s.currency);
  const balance = f.money(balanceMinor, s.currency);
  const debt = f.money(-balanceMinor, s.currency);
  const parts =
    balanceMinor < 0
      ? chargeMinor > 0
        ? t('actions.summary.debtBreakdown', { debt, charge })
        : t('actions.summary.debt', { debt })
      : chargeMinor > 0
        ? t('actions.summary.breakdown', { balance, charge })
        : t('actions.summary.balance', { balance });
  const basis = `${parts}${f.lang.startsWith('zh') ? '' : ' '}${t('actions.summary.recomputed')}`;
  const services = f.list(preview.bindingsStillBound.map((k) => t(`partners.bindings.${k}`, { defaultValue: k })));
  return (
    <section className="approve-summary" data-testid={T.approveSummary} aria-labelledby="approve-summary-title">
      <h4 id="approve-summary-title">{t('actions.summary.title')}</h4>
      <ul>
        <li>
          {t('actions.summary.network')}
          {preview.barred && ` ${t('actions.summary.barred')}`}
        </li>
        {preview.esim && <li>{t('actions.summary.esim')}</li>}
        <li data-testid={T.approveSettlement} data-kind={s.kind}>
          <strong>{settlement}</strong> <span className="muted">{basis}</span>
        </li>
        <li>{t('actions.summary.notices')}</li>
        <li data-testid={T.approvePartners} data-count={preview.bindingsStillBound.length}>
          {preview.bindingsStillBound.length > 0 ? t('actions.summary.partners', { services }) : t('actions.summary.partnersNone')}
        </li>
        <li data-testid={T.approveQuarantine}>
          {t('actions.summary.quarantine', { count: preview.quarantine.days, day: f.day(preview.quarantine.endsOn) })}
          {preview.undoDays > 0 && ` ${t('actions.summary.undo', { count: preview.undoDays })}`}
        </li>
      </ul>
    </section>
  );
}
