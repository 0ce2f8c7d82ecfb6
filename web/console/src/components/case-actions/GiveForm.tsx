import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoad } from '@shared/hooks';
import { Field } from '@shared/components/Field';
import { api } from '../../api';
import { T } from '../../testids';
import type { ActionProps } from './action';

/** A supervisor gives the case to someone: the list comes from the server (enabled deciders). */
export function GiveForm({ detail, busy, run }: ActionProps) {
  const { t } = useTranslation();
  const assignees = useLoad(() => api.assignees(), 'assignees');
  const [giveTo, setGiveTo] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!giveTo) return setInvalid(t('actions.assigneeMissing'));
    setInvalid(undefined);
    void run(async () => {
      await api.assign(detail.reference, giveTo);
      setGiveTo('');
    }, t('actions.given', { user: giveTo }));
  };

  return (
    <form className="give-case" onSubmit={submit} data-testid={T.actionGive}>
      <Field id="give-to" label={t('actions.giveTo')} error={invalid}>
        {(p) => (
          <select {...p} value={giveTo} onChange={(e) => setGiveTo(e.target.value)} data-testid={T.actionGiveTo}>
            <option value="">{t('actions.chooseAssignee')}</option>
            {(assignees.data?.items ?? [])
              .filter((a) => a.user !== detail.assignee)
              .map((a) => (
                <option key={a.user} value={a.user}>
                  {a.user} · {t(`roles.${a.role}`, { defaultValue: a.role })}
                </option>
              ))}
          </select>
        )}
      </Field>
      <button type="submit" className="button secondary small-button" disabled={busy} data-testid={T.actionGiveSubmit}>
        {t('actions.give')}
      </button>
    </form>
  );
}
