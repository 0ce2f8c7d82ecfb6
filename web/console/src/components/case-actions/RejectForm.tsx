import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '@shared/components/Field';
import { api, type ReasonTemplates } from '../../api';
import { T } from '../../testids';
import { textIn, type ActionProps } from './action';

/** Reject with a reason the customer will read: a template in their language, or one's own words. */
export function RejectForm({ detail, busy, run, templates }: ActionProps & { templates: ReasonTemplates | undefined }) {
  const { t } = useTranslation();
  const lang = detail.subscriber?.language;
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setInvalid(t('actions.reasonMissing'));
    setInvalid(undefined);
    void run(() => api.reject(detail.reference, reason.trim()), t('actions.rejected'));
  };

  return (
    <form className="action-form" onSubmit={submit} noValidate data-testid={T.rejectForm}>
      <h3>{t('actions.reject')}</h3>
      <Field id="reject-template" label={t('actions.rejectTemplate')}>
        {(p) => (
          <select
            {...p}
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              const template = templates?.reject.find((x) => x.code === e.target.value);
              if (template) setReason(textIn(template.text, lang));
            }}
            data-testid={T.rejectTemplate}
          >
            <option value="">{t('actions.ownWords')}</option>
            {(templates?.reject ?? []).map((x) => (
              <option key={x.code} value={x.code}>
                {textIn(x.text, lang).slice(0, 60)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="reject-reason" label={t('actions.rejectReason')} hint={t('actions.rejectReasonHint')} error={invalid}>
        {(p) => <textarea {...p} rows={4} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid={T.rejectReason} />}
      </Field>
      <button type="submit" className="button danger" disabled={busy} data-testid={T.rejectSubmit}>
        {busy ? t('common.working') : t('actions.confirmReject')}
      </button>
    </form>
  );
}
