import { useState, type FormEvent } from 'react';
import { useLoad } from '@shared/hooks';
import { useTranslation } from 'react-i18next';
import { Notice } from '@shared/components/Alert';
import { Field } from '@shared/components/Field';
import { api, infoReasons, type CaseDetail, type InfoReason, type ReasonTemplates, type StaffSession } from '../api';
import { actorName } from '../format';
import { may } from '../roles';
import { T } from '../testids';
import { ErrorNotice } from './ErrorNotice';

type Panel = 'info' | 'approve' | 'reject' | null;

/** A template's text in the customer's language (the console's fallback: Chinese, then English). */
function textIn(text: Record<string, string>, lang: string | undefined): string {
  return text[lang ?? ''] ?? text['zh-CN'] ?? text.en ?? '';
}

interface Props {
  detail: CaseDetail;
  session: StaffSession;
  templates: ReasonTemplates | undefined;
  /** After a change: the page reloads its data and says what was done. */
  onDone: (message: string) => Promise<void>;
}

/**
 * What this user may do with the case now: the state's allowed events (from the server) and the
 * role's permissions decide which buttons exist; four eyes is shown before anyone tries.
 */
export function CaseActions({ detail, session, templates, onDone }: Props) {
  const { t } = useTranslation();
  const [panel, setPanel] = useState<Panel>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const lang = detail.subscriber?.language;
  const allowed = new Set(detail.allowed ?? []);
  const role = session.role;

  const canTake = allowed.has('assign') && may(role, 'case.assign_self') && detail.assignee !== session.user;
  // A supervisor gives the case to someone: the list comes from the server (enabled deciders).
  const canGive = allowed.has('assign') && may(role, 'case.assign_other');
  const assignees = useLoad(() => api.assignees(), 'assignees', canGive);
  const [giveTo, setGiveTo] = useState('');
  const canAsk = allowed.has('request_info') && may(role, 'case.request_info');
  const canDecide = may(role, 'case.decide');
  const canApprove = allowed.has('approve') && canDecide;
  const canReject = allowed.has('reject') && canDecide;
  const canNote = may(role, 'case.note');
  // Four eyes: whoever opened the case for a caller may not approve it (the server says so in fourEyes).
  const openedByMe = detail.fourEyes?.why === 'opened_by_you' || (detail.openedBy !== null && detail.openedBy === session.user);
  const fourEyesBlocks = openedByMe && detail.fourEyes?.mayApprove !== true;
  const blocking = (detail.precheck?.items ?? []).filter((i) => i.kind === 'blocking');
  const mayOverride = blocking.length > 0 && may(role, 'case.override');

  // Request information: the reason picks the template; the text stays editable.
  const infoTemplate = (reason: InfoReason) => {
    const tpl = templates?.requestInfo.find((x) => x.reason === reason);
    return tpl ? textIn(tpl.text, lang) : '';
  };
  const [infoReason, setInfoReason] = useState<InfoReason>('documents');
  const [infoMessage, setInfoMessage] = useState<string | null>(null);
  const message = infoMessage ?? infoTemplate(infoReason);

  const [note, setNote] = useState('');
  const [approveNote, setApproveNote] = useState('');
  const [override, setOverride] = useState('');
  const [rejectCode, setRejectCode] = useState('');
  const [rejectReason, setRejectReason] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});

  const run = async (call: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      setPanel(null);
      setInfoMessage(null);
      await onDone(done);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const toggle = (p: Panel) => {
    setError(null);
    setInvalid({});
    setPanel((cur) => (cur === p ? null : p));
  };

  const submitInfo = (e: FormEvent) => {
    e.preventDefault();
    if (!message.trim()) return setInvalid({ message: t('actions.messageMissing') });
    void run(() => api.requestInfo(detail.reference, message.trim(), infoReason), t('actions.infoRequested'));
  };
  const submitApprove = (e: FormEvent) => {
    e.preventDefault();
    if (override.trim() && override.trim().length < 20) return setInvalid({ override: t('actions.overrideShort') });
    const body = { ...(approveNote.trim() ? { note: approveNote.trim() } : {}), ...(override.trim() ? { overrideReason: override.trim() } : {}) };
    void run(() => api.approve(detail.reference, body), t('actions.approved'));
  };
  const submitReject = (e: FormEvent) => {
    e.preventDefault();
    if (!rejectReason.trim()) return setInvalid({ reject: t('actions.reasonMissing') });
    void run(() => api.reject(detail.reference, rejectReason.trim()), t('actions.rejected'));
  };
  const submitNote = (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return setInvalid({ note: t('actions.noteMissing') });
    void run(async () => {
      await api.note(detail.reference, note.trim());
      setNote('');
    }, t('actions.noted'));
  };

  const submitGive = (e: FormEvent) => {
    e.preventDefault();
    if (!giveTo) return setInvalid({ giveTo: t('actions.assigneeMissing') });
    void run(async () => {
      await api.assign(detail.reference, giveTo);
      setGiveTo('');
    }, t('actions.given', { user: giveTo }));
  };

  const nothing = !canTake && !canGive && !canAsk && !canApprove && !canReject && !canNote;

  return (
    <div className="actions-panel" data-testid={T.actions}>
      {fourEyesBlocks && (
        <Notice tone="warning" testid={T.fourEyes}>
          <p>{t('actions.fourEyes', { user: actorName(detail.fourEyes?.openedBy ?? detail.openedBy) })}</p>
        </Notice>
      )}
      {!fourEyesBlocks && detail.openedBy && (
        <p className="small muted" data-testid={T.fourEyes}>
          {t('actions.openedBy', { user: actorName(detail.openedBy) })}
        </p>
      )}
      <ErrorNotice error={error} testid={T.actionError} />
      {nothing && <p className="muted">{t('actions.none')}</p>}

      {canGive && (
        <form className="give-case" onSubmit={submitGive} data-testid={T.actionGive}>
          <Field id="give-to" label={t('actions.giveTo')} error={invalid.giveTo}>
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
      )}
      <div className="action-buttons">
        {canTake && (
          <button type="button" className="button primary" disabled={busy} onClick={() => void run(() => api.assign(detail.reference), t('actions.taken'))} data-testid={T.actionAssign}>
            {detail.assignee ? t('actions.takeOver') : t('actions.take')}
          </button>
        )}
        {canAsk && (
          <button type="button" className="button secondary" aria-expanded={panel === 'info'} onClick={() => toggle('info')} data-testid={T.actionRequestInfo}>
            {t('actions.requestInfo')}
          </button>
        )}
        {canApprove && (
          <button type="button" className="button secondary" aria-expanded={panel === 'approve'} onClick={() => toggle('approve')} data-testid={T.actionApprove}>
            {t('actions.approve')}
          </button>
        )}
        {canReject && (
          <button type="button" className="button danger-outline" aria-expanded={panel === 'reject'} onClick={() => toggle('reject')} data-testid={T.actionReject}>
            {t('actions.reject')}
          </button>
        )}
      </div>

      {panel === 'info' && canAsk && (
        <form className="action-form" onSubmit={submitInfo} noValidate data-testid={T.requestInfoForm}>
          <h3>{t('actions.requestInfo')}</h3>
          <p className="small muted">{t('actions.requestInfoHelp', { lang: t(`languages.${lang ?? 'zh-CN'}`, { defaultValue: lang ?? '' }) })}</p>
          <Field id="request-info-reason" label={t('actions.infoReason')}>
            {(p) => (
              <select
                {...p}
                value={infoReason}
                onChange={(e) => {
                  setInfoReason(e.target.value as InfoReason);
                  setInfoMessage(null);
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
          <Field id="request-info-message" label={t('actions.infoMessage')} hint={t('actions.infoMessageHint')} error={invalid.message}>
            {(p) => <textarea {...p} rows={5} maxLength={2000} value={message} onChange={(e) => setInfoMessage(e.target.value)} data-testid={T.requestInfoMessage} />}
          </Field>
          <button type="submit" className="button primary" disabled={busy} data-testid={T.requestInfoSubmit}>
            {busy ? t('common.working') : t('actions.sendRequest')}
          </button>
        </form>
      )}

      {panel === 'approve' && canApprove && (
        <form className="action-form" onSubmit={submitApprove} noValidate data-testid={T.approveForm}>
          <h3>{t('actions.approve')}</h3>
          <p className="small muted">{t('actions.approveHelp')}</p>
          {blocking.length > 0 && (
            <Notice tone="warning">
              <p>{t('actions.blocking', { count: blocking.length })}</p>
            </Notice>
          )}
          <Field id="approve-note" label={t('actions.approveNote')} optional={t('common.optional')}>
            {(p) => <textarea {...p} rows={3} maxLength={2000} value={approveNote} onChange={(e) => setApproveNote(e.target.value)} data-testid={T.approveNote} />}
          </Field>
          {mayOverride && (
            <Field id="approve-override" label={t('actions.override')} hint={t('actions.overrideHint')} error={invalid.override}>
              {(p) => <textarea {...p} rows={3} maxLength={2000} value={override} onChange={(e) => setOverride(e.target.value)} data-testid={T.approveOverride} />}
            </Field>
          )}
          <button type="submit" className="button primary" disabled={busy || fourEyesBlocks} data-testid={T.approveSubmit}>
            {busy ? t('common.working') : t('actions.confirmApprove')}
          </button>
        </form>
      )}

      {panel === 'reject' && canReject && (
        <form className="action-form" onSubmit={submitReject} noValidate data-testid={T.rejectForm}>
          <h3>{t('actions.reject')}</h3>
          <Field id="reject-template" label={t('actions.rejectTemplate')}>
            {(p) => (
              <select
                {...p}
                value={rejectCode}
                onChange={(e) => {
                  setRejectCode(e.target.value);
                  const tpl = templates?.reject.find((x) => x.code === e.target.value);
                  if (tpl) setRejectReason(textIn(tpl.text, lang));
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
          <Field id="reject-reason" label={t('actions.rejectReason')} hint={t('actions.rejectReasonHint')} error={invalid.reject}>
            {(p) => <textarea {...p} rows={4} maxLength={2000} value={rejectReason} onChange={(e) => setRejectReason(e.target.value)} data-testid={T.rejectReason} />}
          </Field>
          <button type="submit" className="button danger" disabled={busy} data-testid={T.rejectSubmit}>
            {busy ? t('common.working') : t('actions.confirmReject')}
          </button>
        </form>
      )}

      {canNote && (
        <form className="action-form note-form" onSubmit={submitNote} noValidate data-testid={T.noteForm}>
          <Field id="note-text" label={t('actions.note')} hint={t('actions.noteHint')} error={invalid.note}>
            {(p) => <textarea {...p} rows={2} maxLength={4000} value={note} onChange={(e) => setNote(e.target.value)} data-testid={T.noteText} />}
          </Field>
          <button type="submit" className="button secondary small-button" disabled={busy} data-testid={T.noteSubmit}>
            {t('actions.addNote')}
          </button>
        </form>
      )}
    </div>
  );
}
