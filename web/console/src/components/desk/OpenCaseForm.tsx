import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '@shared/components/Alert';
import { Field } from '@shared/components/Field';
import { isApiError } from '@shared/http';
import { Link } from '@shared/router';
import { emptyRefund, refundFields, refundProblems, refundRequest, type RefundDraft, type RefundProblems } from '@shared/refund';
import { api, type ApplicationReceipt, type Call, type Caller } from '../../api';
import { useFormat } from '../../format';
import { newKey } from '../../hooks';
import i18n from '../../i18n';
import { ackId, refundFieldId, T } from '../../testids';
import { RefundChoice } from '@shared/components/RefundChoice';
import { ErrorNotice } from '../ErrorNotice';

export const reasonCodes = ['moving_abroad', 'switching_operator', 'not_needed', 'cost', 'coverage', 'nuisance', 'other'] as const;
type ReasonCode = (typeof reasonCodes)[number];

interface Props {
  call: Call;
  caller: Caller;
  onOpened: (receipt: ApplicationReceipt) => Promise<void>;
}

/**
 * Opening a cancellation on the verified caller's behalf (channel hotline, linked to the call).
 * The advisory items of the line's pre-check must be read out and acknowledged: when the
 * caller answer carries the pre-check they are listed at once, else the server's 422
 * `acknowledgement_required` names them and the agent reads them out, ticks, and sends again.
 */
export function OpenCaseForm({ call, caller, onOpened }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const known = (caller.precheck?.items ?? []).filter((i) => i.kind === 'advisory').map((i) => i.code);
  const [required, setRequired] = useState<string[]>(known);
  const [acks, setAcks] = useState<string[]>([]);
  const [reason, setReason] = useState<ReasonCode | ''>('');
  const [reasonText, setReasonText] = useState('');
  const [refund, setRefund] = useState<RefundDraft>(emptyRefund);
  const [invalid, setInvalid] = useState<{ reason?: string; reasonText?: string; acks?: string; refund?: RefundProblems }>({});
  const [error, setError] = useState<unknown>(null);
  const [askedToRead, setAskedToRead] = useState(false);
  const [existing, setExisting] = useState<string | null>(null);
  const [opened, setOpened] = useState<ApplicationReceipt | null>(null);
  const [busy, setBusy] = useState(false);
  // A retry after a lost answer (network error) sends the same key: the server opens one case.
  const key = useRef(newKey());
  const lostAnswer = useRef(false);

  if (opened) {
    return (
      <Notice tone="success" testid={T.caseOpened} title={t('desk.caseOpened')}>
        <p data-reference={opened.reference}>
          <Link to={`/cases/${encodeURIComponent(opened.reference)}`} className="ref-link">
            {opened.reference}
          </Link>
        </p>
        <p>{t('desk.caseOpenedDays', { received: f.day(opened.receivedOn, 'long'), due: f.day(opened.dueOn, 'long') })}</p>
      </Notice>
    );
  }
  if (existing) {
    return (
      <Notice tone="warning" testid={T.caseAlreadyOpen} title={t('desk.alreadyOpen')}>
        <p data-reference={existing}>
          <Link to={`/cases/${encodeURIComponent(existing)}`}>{existing}</Link>
        </p>
      </Notice>
    );
  }

  const toggleAck = (code: string, on: boolean) => {
    setAcks((a) => (on ? [...new Set([...a, code])] : a.filter((c) => c !== code)));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const bad: typeof invalid = {};
    if (!reason) bad.reason = t('desk.reasonMissing');
    else if (reason === 'other' && !reasonText.trim()) bad.reasonText = t('desk.reasonTextMissing');
    const unticked = required.filter((c) => !acks.includes(c));
    if (unticked.length > 0) bad.acks = t('desk.acksMissing', { count: unticked.length });
    const refunding = required.includes('prepaid_credit_refund');
    const refundBad = refunding ? refundProblems(refund, call.msisdn) : {};
    if (Object.keys(refundBad).length > 0) bad.refund = refundBad;
    setInvalid(bad);
    const firstRefundField = refundFields[refund.method].find((f) => refundBad[f]);
    if (firstRefundField) document.getElementById(refundFieldId(firstRefundField))?.focus();
    if (Object.keys(bad).length > 0) return;
    // The reason is written in the caller's language, as the portal writes the customer's.
    const ft = i18n.getFixedT(caller.language === 'en' ? 'en' : 'zh-CN');
    const label = ft(`desk.reasons.${reason}`);
    const text = (reasonText.trim() ? `${label}${ft('desk.reasonJoiner')}${reasonText.trim()}` : label).slice(0, 500);
    if (!lostAnswer.current) key.current = newKey();
    lostAnswer.current = false;
    setBusy(true);
    setError(null);
    try {
      const receipt = await api.openCase(
        {
          msisdn: call.msisdn,
          reason: text,
          ...(refunding ? { refund: refundRequest(refund) } : {}),
          acknowledgements: acks.filter((c) => required.includes(c)),
          channel: 'hotline',
          callId: call.id,
        },
        key.current,
      );
      setOpened(receipt);
      await onOpened(receipt);
    } catch (err) {
      if (isApiError(err) && err.code === 'acknowledgement_required') {
        const missing = (err.details as { missing?: string[] } | undefined)?.missing ?? [];
        setRequired((r) => [...new Set([...r, ...missing])]);
        setAskedToRead(true);
      } else if (isApiError(err) && err.code === 'case_already_open') {
        setExisting((err.details as { reference?: string } | undefined)?.reference ?? caller.openCase?.reference ?? '—');
      } else {
        lostAnswer.current = isApiError(err) && err.code === 'network_error';
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="open-case" onSubmit={(e) => void submit(e)} noValidate data-testid={T.openCaseForm}>
      <Field id="open-case-reason" label={t('desk.reason')} error={invalid.reason}>
        {(p) => (
          <select {...p} value={reason} onChange={(e) => setReason(e.target.value as ReasonCode | '')} data-testid={T.openCaseReason}>
            <option value="">{t('desk.reasonPlaceholder')}</option>
            {reasonCodes.map((r) => (
              <option key={r} value={r}>
                {t(`desk.reasons.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="open-case-reason-text" label={t('desk.reasonText')} optional={reason === 'other' ? undefined : t('common.optional')} error={invalid.reasonText}>
        {(p) => <textarea {...p} rows={2} maxLength={400} value={reasonText} onChange={(e) => setReasonText(e.target.value)} data-testid={T.openCaseReasonText} />}
      </Field>

      {askedToRead && (
        <Notice tone="warning">
          <p>{t('desk.readOut')}</p>
        </Notice>
      )}
      {required.length > 0 && (
        <fieldset className={`field acks${invalid.acks ? ' field-invalid' : ''}`} data-testid={T.openCaseAcks}>
          <legend>{t('desk.acksLegend')}</legend>
          {invalid.acks && (
            <p className="field-error" role="alert">
              {invalid.acks}
            </p>
          )}
          <ul className="check-items">
            {required.map((code) => (
              <li key={code} className="check-item">
                <p className="tl-title">{t(`precheck.${code}.title`, { defaultValue: code })}</p>
                <p className="script-say small">{t(`precheck.${code}.say`, { defaultValue: '' })}</p>
                <div className="choice ack">
                  <input id={ackId(code)} type="checkbox" checked={acks.includes(code)} onChange={(e) => toggleAck(code, e.target.checked)} data-testid={ackId(code)} />
                  <label htmlFor={ackId(code)}>{t('desk.ackLabel')}</label>
                </div>
                {code === 'prepaid_credit_refund' && (
                  <RefundChoice value={refund} onChange={(change) => setRefund((r) => ({ ...r, ...change }))} problems={invalid.refund ?? null} words="desk" ownDetails={false} />
                )}
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <ErrorNotice error={error} />
      <button type="submit" className="button primary" disabled={busy} data-testid={T.openCaseSubmit}>
        {busy ? t('common.working') : askedToRead ? t('desk.openCaseAgain') : t('desk.openCase')}
      </button>
    </form>
  );
}
