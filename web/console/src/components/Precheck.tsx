import { useTranslation } from 'react-i18next';
import type { PrecheckAtSubmission, PrecheckItem } from '../api';
import { useActorLabel, useFormat } from '../format';
import { precheckId, submittedPrecheckId, T } from '../testids';
import { withDestination } from '@shared/refund';

/** What an item of either pre-check carries: its code and kind, and the figures its code has. */
type Figures = Pick<PrecheckItem, 'code' | 'kind' | 'amountMinor' | 'currency' | 'chargeMinor' | 'remainingMonths' | 'contractEnd'>;

/** The figures each code's text names (the portal's wording: src/locales, precheck.<code>.text). */
const figuresOf: Record<string, string[]> = {
  outstanding_debt: ['amount'],
  prepaid_credit_refund: ['amount'],
  early_termination_charge: ['date', 'months', 'charge'],
};

/**
 * The item's text as the customer read it in the portal (the console's `precheck.<code>.text`,
 * the portal's wording), its amounts by currency and its days through the one day formatter;
 * null when the text needs a figure the item lacks (a case older than receipt snapshots).
 */
function useItemText() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  return (i: Figures): string | null => {
    const key = `precheck.${i.code}.text`;
    if (!i18n.exists(key)) return null;
    const money = (minor: number | undefined) => (minor !== undefined && i.currency ? f.money(minor, i.currency) : undefined);
    const vars: Record<string, string | number | undefined> = {
      amount: money(i.amountMinor),
      charge: money(i.chargeMinor),
      date: i.contractEnd ? f.day(i.contractEnd) : undefined,
      months: i.remainingMonths,
    };
    if ((figuresOf[i.code] ?? []).some((n) => vars[n] === undefined)) return null;
    return t(key, vars);
  };
}

/** The item's title and, apart, its figures in a line (the amount first, as the reviewer scans for it). */
function ItemHead({ item }: { item: Figures }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <p className="tl-title">
        {item.kind === 'blocking' && <span className="badge badge-blocking">{t('case.blocking')}</span>}
        {t(`precheck.${item.code}.title`, { defaultValue: item.code })}
      </p>
      {(item.amountMinor !== undefined || item.chargeMinor !== undefined || item.contractEnd) && (
        <p className="small">
          {item.amountMinor !== undefined && item.currency && <span className="amount">{f.money(item.amountMinor, item.currency)} </span>}
          {item.chargeMinor !== undefined && item.currency && <span>{t('case.charge', { amount: f.money(item.chargeMinor, item.currency) })} </span>}
          {item.contractEnd && <span>{t('case.contractEnd', { day: f.day(item.contractEnd) })}</span>}
        </p>
      )}
    </>
  );
}

/** The pre-check of the line as it is now: each item's title, figures and text. */
export function PrecheckList({ items }: { items: PrecheckItem[] }) {
  const { t, i18n } = useTranslation();
  const text = useItemText();
  if (items.length === 0) return <p className="muted">{t('case.precheckClear')}</p>;
  return (
    <ul className="check-items" data-testid={T.precheck} aria-label={t('case.currentLabel')}>
      {items.map((i) => {
        const words = text(i);
        return (
          <li key={i.code} className={`check-item ${i.kind}`} data-testid={precheckId(i.code)} data-kind={i.kind}>
            <ItemHead item={i} />
            {words ? <p className="small check-text">{words}</p> : i.message && !i18n.exists(`precheck.${i.code}.title`) && <p className="small muted">{i.message}</p>}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The pre-check as it stood when the case was submitted (frozen with the case): each item with
 * its text, what the customer acknowledged and when (ticked in the portal, or confirmed to the
 * agent who read it out), and for a binding what the customer declared of it afterwards.
 */
export function SubmittedPrecheck({ frozen }: { frozen: PrecheckAtSubmission }) {
  const { t } = useTranslation();
  const f = useFormat();
  const actor = useActorLabel();
  const text = useItemText();
  const at = f.dateTime(frozen.at);
  const readOut = frozen.by?.startsWith('staff:') ?? false;
  if (frozen.items.length === 0) return <p className="muted">{t('case.precheckClear')}</p>;
  return (
    <>
      <p className="small muted">{frozen.source === 'receipt' ? t('case.precheckSubmittedHelp', { at }) : t('case.precheckSubmittedOld')}</p>
      <ul className="check-items" data-testid={T.precheckSubmitted} data-source={frozen.source} aria-label={t('case.frozenLabel')}>
        {frozen.items.map((i) => {
          const words = text(i);
          const service = i.code.startsWith('binding_') ? t(`history.bindings.${i.code.slice('binding_'.length)}`, { defaultValue: i.code }) : '';
          return (
            <li key={i.code} className={`check-item ${i.kind}`} data-testid={submittedPrecheckId(i.code)} data-kind={i.kind} data-acknowledged={i.acknowledged ? 'true' : 'false'}>
              <ItemHead item={i} />
              {words && <p className="small check-text">{words}</p>}
              {i.code === 'prepaid_credit_refund' && frozen.refund && (
                <p className="small">{t('case.refundAs', { method: withDestination(t(`history.refundMethods.${frozen.refund.method}`, { defaultValue: frozen.refund.method }), frozen.refund.destination) })}</p>
              )}
              <div className={`check-ack small${i.acknowledged ? ' given' : ''}`} data-testid={T.precheckAck}>
                {i.acknowledged ? (
                  <>
                    <p>{readOut ? t('case.ackReadOut', { agent: actor(frozen.by), at }) : t('case.ackCustomer', { at })}</p>
                    <p className="quote">{t('case.ackQuote', { text: t(`precheck.${i.code}.ack`, { defaultValue: i.code }) })}</p>
                  </>
                ) : (
                  <p className="muted">{i.kind === 'blocking' ? t('case.ackNotAsked') : t('case.ackMissing')}</p>
                )}
              </div>
              {i.declarations.length > 0 && (
                <ul className="check-declarations small" data-testid={T.precheckDeclarations}>
                  {i.declarations.map((d) => (
                    <li key={`${d.at}-${d.state}`} data-state={d.state}>
                      {t('case.declared', { at: f.dateTime(d.at), text: t(`history.binding_declared.${d.state}`, { service }) })}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
