import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '@shared/components/Alert';
import { Field } from '@shared/components/Field';
import { api } from '../../api';
import { T } from '../../testids';
import type { ActionProps } from './action';
import { ApprovalSummary } from './ApprovalSummary';

interface Props extends ActionProps {
  /** Pre-check items that stop approval; a supervisor may override them with a written reason. */
  blocking: number;
  mayOverride: boolean;
  /** Four eyes: whoever opened the case for a caller sees the form but cannot send it. */
  fourEyesBlocks: boolean;
}

/** Approve: what it sets going, an optional note (and, for a supervisor, an override of blocking items), then the confirm. */
export function ApproveForm({ detail, busy, run, blocking, mayOverride, fourEyesBlocks }: Props) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [override, setOverride] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (override.trim() && override.trim().length < 20) return setInvalid(t('actions.overrideShort'));
    setInvalid(undefined);
    const body = { ...(note.trim() ? { note: note.trim() } : {}), ...(override.trim() ? { overrideReason: override.trim() } : {}) };
    void run(() => api.approve(detail.reference, body), t('actions.approved'));
  };

  return (
    <form className="action-form" onSubmit={submit} noValidate data-testid={T.approveForm}>
      <h3>{t('actions.approve')}</h3>
      {blocking > 0 && (
        <Notice tone="warning">
          <p>{t('actions.blocking', { count: blocking })}</p>
        </Notice>
      )}
      {detail.approvalPreview ? <ApprovalSummary preview={detail.approvalPreview} /> : <p className="small muted">{t('actions.approveHelp')}</p>}
      <Field id="approve-note" label={t('actions.approveNote')} optional={t('common.optional')}>
        {(p) => <textarea {...p} rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid={T.approveNote} />}
      </Field>
      {mayOverride && (
        <Field id="approve-override" label={t('actions.override')} hint={t('actions.overrideHint')} error={invalid}>
          {(p) => <textarea {...p} rows={3} maxLength={2000} value={override} onChange={(e) => setOverride(e.target.value)} data-testid={T.approveOverride} />}
        </Field>
      )}
      <button type="submit" className="button primary" disabled={busy || fourEyesBlocks} data-testid={T.approveSubmit}>
        {busy ? t('common.working') : t('actions.confirmApprove')}
      </button>
    </form>
  );
}
