import { useTranslation } from 'react-i18next';
import { Field } from '@shared/components/Field';
import { reasonCodes, type Application, type ReasonCode, type ReasonErrors } from '../application';
import { T } from '../testids';

/** Why the line is cancelled: a common reason, and the customer's own words. */
export function ReasonFields({ app, errors, level = 2 }: { app: Application; errors: ReasonErrors; level?: 2 | 3 }) {
  const { t } = useTranslation();
  const Title = level === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby="reason-title">
      <Title id="reason-title">{t('apply.reasonTitle')}</Title>
      <Field id="reason" label={t('apply.reason')} error={errors.reason}>
        {(p) => (
          <select {...p} value={app.draft.reason} onChange={(e) => app.setReason(e.target.value as ReasonCode | '')} data-testid={T.reason}>
            <option value="">{t('apply.reasonPlaceholder')}</option>
            {reasonCodes.map((r) => (
              <option key={r} value={r}>
                {t(`apply.reasons.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id="reason-text"
        label={t('apply.reasonText')}
        hint={t('apply.reasonTextHint')}
        optional={app.draft.reason === 'other' ? undefined : t('common.optional')}
        error={errors.reasonText}
      >
        {(p) => <textarea {...p} rows={3} maxLength={400} value={app.draft.reasonText} onChange={(e) => app.setReasonText(e.target.value)} data-testid={T.reasonText} />}
      </Field>
    </section>
  );
}
