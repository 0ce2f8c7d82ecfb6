import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '@shared/components/Field';
import { api } from '../../api';
import { T } from '../../testids';
import type { ActionProps } from './action';

/** An internal note: kept in the history, never shown to the customer. */
export function NoteForm({ detail, busy, run }: ActionProps) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return setInvalid(t('actions.noteMissing'));
    setInvalid(undefined);
    void run(async () => {
      await api.note(detail.reference, note.trim());
      setNote('');
    }, t('actions.noted'));
  };

  return (
    <form className="action-form note-form" onSubmit={submit} noValidate data-testid={T.noteForm}>
      <Field id="note-text" label={t('actions.note')} hint={t('actions.noteHint')} error={invalid}>
        {(p) => <textarea {...p} rows={2} maxLength={4000} value={note} onChange={(e) => setNote(e.target.value)} data-testid={T.noteText} />}
      </Field>
      <button type="submit" className="button secondary small-button" disabled={busy} data-testid={T.noteSubmit}>
        {t('actions.addNote')}
      </button>
    </form>
  );
}
