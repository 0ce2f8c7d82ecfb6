import { useTranslation } from 'react-i18next';
import { refundMethods } from '../shapes';
import type { RefundDraft, RefundField, RefundProblems } from '../refund';
import { refundFieldId, refundId } from '../testids';
import { Field } from './Field';

interface Props {
  value: RefundDraft;
  onChange: (change: Partial<RefundDraft>) => void;
  /** The problems to show at the fields, or null before the first try to go on. */
  problems: RefundProblems | null;
  /** The words: the customer's pre-check (`precheck.*`) or the hotline desk's (`desk.*`). */
  words: 'precheck' | 'desk';
  /** The customer types their own name and number, so the browser may fill them; an agent types a caller's. */
  ownDetails: boolean;
}

/**
 * Where prepaid credit goes when a line closes, in the portal's form and at the console's hotline
 * desk: the original means of payment, a bank account (holder, bank, number) or another line of
 * the holder. A choice's fields appear once it is chosen, checked as the server checks them
 * (web/shared/refund.ts); the server also checks that the other line is the holder's and stays.
 */
export function RefundChoice({ value, onChange, problems, words, ownDetails }: Props) {
  const { t } = useTranslation();
  const input = (f: RefundField, props: { autoComplete: string; inputMode?: 'numeric' | 'tel'; maxLength: number }) => (
    <Field
      id={refundFieldId(f)}
      label={t(`${words}.refundFields.${f}`)}
      hint={f === 'accountNumber' || f === 'otherMsisdn' ? t(`${words}.refundFields.${f}Hint`) : undefined}
      error={problems?.[f] ? t(`${words}.refundErrors.${problems[f]}`) : undefined}
    >
      {(p) => <input {...p} type="text" {...props} spellCheck={false} value={value[f]} onChange={(e) => onChange({ [f]: e.target.value })} data-testid={refundFieldId(f)} />}
    </Field>
  );
  return (
    <fieldset className="field refund">
      <legend>{t(`${words}.refundLegend`)}</legend>
      {refundMethods.map((m) => (
        <div className="choice" key={m}>
          <input id={refundId(m)} type="radio" name="refund" value={m} checked={value.method === m} onChange={() => onChange({ method: m })} data-testid={refundId(m)} />
          <label htmlFor={refundId(m)}>{t(`${words}.refund.${m}`)}</label>
        </div>
      ))}
      {value.method === 'bank_account' && (
        <div className="refund-details">
          {input('holderName', { autoComplete: ownDetails ? 'name' : 'off', maxLength: 100 })}
          {input('bankName', { autoComplete: 'off', maxLength: 60 })}
          {input('accountNumber', { autoComplete: 'off', inputMode: 'numeric', maxLength: 40 })}
        </div>
      )}
      {value.method === 'another_line' && (
        <div className="refund-details">{input('otherMsisdn', { autoComplete: ownDetails ? 'tel' : 'off', inputMode: 'tel', maxLength: 20 })}</div>
      )}
    </fieldset>
  );
}
