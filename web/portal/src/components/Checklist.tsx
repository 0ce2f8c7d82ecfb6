import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '@shared/components/Alert';
import { RefundChoice } from '@shared/components/RefundChoice';
import type { PrecheckItem } from '../api';
import type { Application } from '../application';
import { useFormat } from '../format';
import { ackId, precheckId, T, unbindId } from '../testids';
import { ErrorNotice } from './ErrorNotice';

const knownCodes = new Set([
  'outstanding_debt',
  'prepaid_credit_refund',
  'early_termination_charge',
  'binding_bank',
  'binding_alipay',
  'binding_wechat',
  'binding_other',
  'port_out_option',
  'esim_profile',
  'backup_reminder',
]);

/** The title of a pre-check item in the current language (the API's English message for codes we do not know). */
export function useItemTitle() {
  const { t } = useTranslation();
  return (code: string) => (knownCodes.has(code) ? t(`precheck.${code}.title`) : code.replace(/_/g, ' '));
}

/**
 * The pre-check as a checklist: what blocks approval, and each advisory item with its
 * acknowledgement checkbox (bindings also with "I have unbound it").
 */
export function Checklist({ app, showMissing, level = 2 }: { app: Application; showMissing: boolean; level?: 2 | 3 }) {
  const Title = level === 2 ? 'h2' : 'h3';
  const { t } = useTranslation();
  const statusRef = useRef<HTMLDivElement>(null);
  const items = app.precheck?.items ?? [];

  useEffect(() => {
    if (app.unbound) statusRef.current?.focus();
  }, [app.unbound]);

  return (
    <section aria-labelledby="checklist-title" className="checklist">
      <Title id="checklist-title">{t('precheck.title')}</Title>
      <p>{t('precheck.intro')}</p>
      <div ref={statusRef} tabIndex={-1} className="status-holder">
        {app.unbound && (
          <Notice tone="success">
            <p>{t('precheck.unbound', { service: t(`precheck.services.${app.unbound}`) })}</p>
          </Notice>
        )}
      </div>
      {app.unbindError !== null && <ErrorNotice error={app.unbindError} />}
      <ul className="check-items" data-testid={T.precheck}>
        {items.map((item) => (
          <CheckItem key={item.code} item={item} app={app} level={level} missing={showMissing && item.kind === 'advisory' && !app.acked.has(item.code)} />
        ))}
      </ul>
    </section>
  );
}

function CheckItem({ item, app, missing, level }: { item: PrecheckItem; app: Application; missing: boolean; level: 2 | 3 }) {
  const Title = level === 2 ? 'h3' : 'h4';
  const { t } = useTranslation();
  const f = useFormat();
  const title = useItemTitle()(item.code);
  const known = knownCodes.has(item.code);
  const currency = item.currency ?? app.line?.balance.currency ?? 'CNY';
  const vars = {
    amount: item.amountMinor !== undefined ? f.money({ amountMinor: item.amountMinor, currency }) : '',
    charge: item.chargeMinor !== undefined ? f.money({ amountMinor: item.chargeMinor, currency }) : '',
    date: item.contractEnd ? f.day(item.contractEnd) : '',
    months: String(item.remainingMonths ?? ''),
  };
  const kind = item.code.startsWith('binding_') ? item.code.slice('binding_'.length) : null;
  const boxId = `ack-box-${item.code}`;
  const errorId = `ack-error-${item.code}`;
  const titleId = `item-title-${item.code}`;

  return (
    <li className={`check-item ${item.kind}${missing ? ' missing' : ''}`} data-testid={precheckId(item.code)}>
      <Title id={titleId} className="item-title">
        {item.kind === 'blocking' && <span className="badge badge-blocking">{t('precheck.blockingBadge')}</span>}
        {title}
      </Title>
      <p>{known ? t(`precheck.${item.code}.text`, vars) : item.message}</p>

      {item.code === 'outstanding_debt' && <p className="amount">{t('precheck.amountDue', { amount: vars.amount })}</p>}

      {item.code === 'prepaid_credit_refund' && (
        <RefundChoice value={app.draft.refund} onChange={app.setRefund} problems={app.refundChecked ? app.refundErrors : null} words="precheck" ownDetails />
      )}

      {kind && (
        <div className="unbind">
          <p className="small">{t('precheck.unbindHelp')}</p>
          <button type="button" className="button secondary" onClick={() => void app.unbind(kind)} disabled={app.unbinding !== null} data-testid={unbindId(kind)}>
            {app.unbinding === kind ? t('common.working') : t('precheck.unbindButton', { service: t(`precheck.services.${kind}`) })}
          </button>
        </div>
      )}

      {item.kind === 'advisory' && (
        <>
          {missing && (
            <p className="field-error" id={errorId}>
              {t('precheck.ackMissing')}
            </p>
          )}
          <div className="choice ack">
            <input
              type="checkbox"
              id={boxId}
              checked={app.acked.has(item.code)}
              onChange={(e) => app.setAck(item.code, e.target.checked)}
              aria-describedby={missing ? errorId : undefined}
              aria-invalid={missing ? true : undefined}
              data-testid={ackId(item.code)}
            />
            <label htmlFor={boxId}>{known ? t(`precheck.${item.code}.ack`) : t('precheck.genericAck', { title })}</label>
          </div>
        </>
      )}
    </li>
  );
}
