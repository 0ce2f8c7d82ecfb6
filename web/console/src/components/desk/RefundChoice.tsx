import { useTranslation } from 'react-i18next';
import { Field } from '@shared/components/Field';
import { refundMethods } from '@shared/shapes';
import type { RefundDraft, RefundField, RefundProblems } from '@shared/refund';
import { refundFieldId, refundId } from '../../testids';

/**
 * Where the caller's credit goes: the original means of payment, a bank account (holder, bank,
 * number) or another line in the caller's name. The fields of a choice appear once it is chosen,
 * checked as the server checks them (web/shared/refund.ts); the server also checks the other line.
 */
export function RefundChoice({ value, onChange, problems }: { value: RefundDraft; onChange: (change: Partial<RefundDraft>) => void; problems: RefundProblems | null }) {
  const { t } = useTranslation();
  const input = (f: RefundField, props: { autoComplete: string; inputMode?: 'numeric' | 'tel'; maxLength: number }) => (
    <Field
      id={refundFieldId(f)}
      label={t(`desk.refundFields.${f}`)}
      hint={f === 'accountNumber' || f === 'otherMsisdn' ? t(`desk.refundFields.${f}Hint`) : undefined}
      error={problems?.[f] ? t(`desk.refundErrors.${problems[f]}`) : undefined}
    >
      {(p) => <input {...p} type="text" {...props} spellCheck={false} value={value[f]} onChange={(e) => onChange({ [f]: e.target.value })} data-testid={refundFieldId(f)} />}
    </Field>
  );
  return (
    <fieldset className="field refund">
      <legend>{t('desk.refundLegend')}</legend>
      {refundMethods.map((m) => (
        <div className="choice" key={m}>
          <input id={refundId(m)} type="radio" name="refund" value={m} checked={value.method === m} onChange={() => onChange({ method: m })} data-testid={refundId(m)} />
          <label htmlFor={refundId(m)}>{t(`desk.refund.${m}`)}</label>
        </div>
      ))}
      {value.method === 'bank_account' && (
        <>
          {input('holderName', { autoComplete: 'off', maxLength: 100 })}
          {input('bankName', { autoComplete: 'off', maxLength: 60 })}
          {input('accountNumber', { autoComplete: 'off', inputMode: 'numeric', maxLength: 40 })}
        </>
      )}
      {value.method === 'another_line' && input('otherMsisdn', { autoComplete: 'off', inputMode: 'tel', maxLength: 20 })}
    </fieldset>
  );
}
