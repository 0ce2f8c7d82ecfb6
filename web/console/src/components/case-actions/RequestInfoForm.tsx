import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '@shared/components/Field';
import { api, infoReasons, type InfoReason, type ReasonTemplates } from '../../api';
import { T } from '../../testids';
import { textIn, type ActionProps } from './action';

/** Ask the customer for something: the reason picks the template, the text stays editable. */
export function RequestInfoForm({ detail, busy, run, templates }: ActionProps & { templates: ReasonTemplates | undefined }) {
  const { t } = useTranslation();
  const lang = detail.subscriber?.language;
  const [reason, setReason] = useState<InfoReason>('documents');
  const [edited, setEdited] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<string | undefined>();
  const template = templates?.requestInfo.find((x) => x.reason === reason);
  const message = edited ?? (template ? textIn(template.text, lang) : '');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!message.trim()) return setInvalid(t('actions.messageMissing'));
    setInvalid(undefined);
    void run(() => api.requestInfo(detail.reference, message.trim(), reason), t('actions.infoRequested'));
  };

  return (
    <form className="action-form" onSubmit={submit} noValidate data-testid={T.requestInfoForm}>
      <h3>{t('actions.requestInfo')}</h3>
      <p className="small muted">{t('actions.requestInfoHelp', { lang: t(`languages.${lang ?? 'zh-CN'}`, { defaultValue: lang ?? '' }) })}</p>
      <Field id="request-info-reason" label={t('actions.infoReason')}>
        {(p) => (
          <select
            {...p}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value as InfoReason);
              setEdited(null);
            }}
            data-testid={T.requestInfoReason}
          >
            {infoReasons.map((r) => (
              <option key={r} value={r}>
                {t(`pauseReasons.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="request-info-message" label={t('actions.infoMessage')} hint={t('actions.infoMessageHint')} error={invalid}>
        {(p) => <textarea {...p} rows={5} maxLength={2000} value={message} onChange={(e) => setEdited(e.target.value)} data-testid={T.requestInfoMessage} />}
      </Field>
      <button type="submit" className="button primary" disabled={busy} data-testid={T.requestInfoSubmit}>
        {busy ? t('common.working') : t('actions.sendRequest')}
      </button>
    </form>
  );
}
