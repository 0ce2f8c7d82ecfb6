import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '@shared/components/Field';
import { api, callOutcomes, type Call, type CallOutcome } from '../../api';
import { T } from '../../testids';
import { ErrorNotice } from '../ErrorNotice';

/** Ending the call: what came of it and a note; kept as a phone communication on the caller's case. */
export function EndCallForm({ call, suggested, reference, onEnded }: { call: Call; suggested: CallOutcome; reference?: string | undefined; onEnded: (call: Call) => void }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<CallOutcome | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const chosen = outcome ?? suggested;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.endCall(call.id, { outcome: chosen, ...(note.trim() ? { note: note.trim() } : {}), ...(reference ? { reference } : {}) });
      onEnded(r.call);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="end-call" onSubmit={(e) => void submit(e)} noValidate data-testid={T.endCallForm}>
      <Field id="end-outcome" label={t('desk.outcome')}>
        {(p) => (
          <select {...p} value={chosen} onChange={(e) => setOutcome(e.target.value as CallOutcome)} data-testid={T.endOutcome}>
            {callOutcomes.map((o) => (
              <option key={o} value={o}>
                {t(`desk.outcomes.${o}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="end-note" label={t('desk.endNote')} optional={t('common.optional')}>
        {(p) => <textarea {...p} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid={T.endNote} />}
      </Field>
      <ErrorNotice error={error} />
      <button type="submit" className="button danger" disabled={busy} data-testid={T.endSubmit}>
        {busy ? t('common.working') : t('desk.endCall')}
      </button>
    </form>
  );
}
