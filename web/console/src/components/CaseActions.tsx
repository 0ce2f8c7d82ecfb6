import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '@shared/components/Alert';
import type { CaseDetail, ReasonTemplates, StaffSession } from '../api';
import { actorName } from '../format';
import { may } from '../roles';
import { T } from '../testids';
import { ErrorNotice } from './ErrorNotice';
import type { RunAction } from './case-actions/action';
import { ApproveForm } from './case-actions/ApproveForm';
import { GiveForm } from './case-actions/GiveForm';
import { NoteForm } from './case-actions/NoteForm';
import { RejectForm } from './case-actions/RejectForm';
import { RequestInfoForm } from './case-actions/RequestInfoForm';
import { TakeButton } from './case-actions/TakeButton';

type Panel = 'info' | 'approve' | 'reject' | null;

interface Props {
  detail: CaseDetail;
  session: StaffSession;
  templates: ReasonTemplates | undefined;
  /** After a change: the page reloads its data and says what was done. */
  onDone: (message: string) => Promise<void>;
}

/**
 * What this user may do with the case now: the state's allowed events (from the server) and the
 * role's permissions decide which actions exist; four eyes is shown before anyone tries. Each
 * action is a form of its own (./case-actions); this panel runs them one at a time.
 */
export function CaseActions({ detail, session, templates, onDone }: Props) {
  const { t } = useTranslation();
  const [panel, setPanel] = useState<Panel>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const allowed = new Set(detail.allowed);
  const role = session.role;

  const canTake = allowed.has('assign') && may(role, 'case.assign_self') && detail.assignee !== session.user;
  const canGive = allowed.has('assign') && may(role, 'case.assign_other');
  const canAsk = allowed.has('request_info') && may(role, 'case.request_info');
  const canDecide = may(role, 'case.decide');
  const canApprove = allowed.has('approve') && canDecide;
  const canReject = allowed.has('reject') && canDecide;
  const canNote = may(role, 'case.note');
  // Four eyes: whoever opened the case for a caller may not approve it (the server says so in fourEyes).
  const openedByMe = detail.fourEyes.why === 'opened_by_you' || (detail.openedBy !== null && detail.openedBy === session.user);
  const fourEyesBlocks = openedByMe && !detail.fourEyes.mayApprove;
  const blocking = (detail.precheck?.items ?? []).filter((i) => i.kind === 'blocking').length;

  const run: RunAction = async (call, done) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      setPanel(null);
      await onDone(done);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const toggle = (p: Panel) => {
    setError(null);
    setPanel((cur) => (cur === p ? null : p));
  };
  const step = { detail, busy, run };
  const nothing = !canTake && !canGive && !canAsk && !canApprove && !canReject && !canNote;

  return (
    <div className="actions-panel" data-testid={T.actions}>
      {fourEyesBlocks && (
        <Notice tone="warning" testid={T.fourEyes}>
          <p>{t('actions.fourEyes', { user: actorName(detail.fourEyes.openedBy ?? detail.openedBy) })}</p>
        </Notice>
      )}
      {!fourEyesBlocks && detail.openedBy && (
        <p className="small muted" data-testid={T.fourEyes}>
          {t('actions.openedBy', { user: actorName(detail.openedBy) })}
        </p>
      )}
      <ErrorNotice error={error} testid={T.actionError} />
      {nothing && <p className="muted">{t('actions.none')}</p>}

      {canGive && <GiveForm {...step} />}
      <div className="action-buttons">
        {canTake && <TakeButton {...step} />}
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

      {panel === 'info' && canAsk && <RequestInfoForm {...step} templates={templates} />}
      {panel === 'approve' && canApprove && (
        <ApproveForm {...step} blocking={blocking} mayOverride={blocking > 0 && may(role, 'case.override')} fourEyesBlocks={fourEyesBlocks} />
      )}
      {panel === 'reject' && canReject && <RejectForm {...step} templates={templates} />}
      {canNote && <NoteForm {...step} />}
    </div>
  );
}
