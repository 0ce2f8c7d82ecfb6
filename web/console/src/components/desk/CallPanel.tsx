import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '@shared/components/Alert';
import { phone } from '@shared/format';
import { useLoad } from '@shared/hooks';
import { api, type ApplicationReceipt, type Call, type CallOutcome } from '../../api';
import { maskedPhone, useFormat } from '../../format';
import { T } from '../../testids';
import { ErrorNotice } from '../ErrorNotice';
import { CallerSummary } from './CallerSummary';
import { EndCallForm } from './EndCallForm';
import { OpenCaseForm } from './OpenCaseForm';
import { VerifyScript } from './VerifyScript';

function suggestedOutcome(call: Call, opened: string | null, hasOpenCase: boolean): CallOutcome {
  if (opened) return 'case_opened';
  if (!call.verified) return 'not_verified';
  if (call.callbackId !== null && call.callbackId !== undefined) return 'callback_done';
  return hasOpenCase ? 'status_given' : 'other';
}

/** One call: who it is, the verification script, opening a case, ending the call. */
export function CallPanel({ callId, onEnded }: { callId: string; onEnded: (call: Call) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const view = useLoad(() => api.call(callId), callId);
  const [opened, setOpened] = useState<string | null>(null);
  const [answering, setAnswering] = useState(false);
  const [answerError, setAnswerError] = useState<unknown>(null);

  if (!view.data) return view.loading ? <Loading /> : <ErrorNotice error={view.error} />;
  const { call, caller } = view.data;
  const shown = call.verified ? phone(call.msisdn) : maskedPhone(call.msisdn);

  const answer = async () => {
    setAnswering(true);
    setAnswerError(null);
    try {
      await api.answerCall(call.id);
      await view.reload();
    } catch (e) {
      setAnswerError(e);
    } finally {
      setAnswering(false);
    }
  };

  return (
    <section className="card call-panel" aria-labelledby="call-title" data-testid={T.callPanel} data-call-id={call.id} data-state={call.state}>
      <h2 id="call-title">
        {t('desk.callWith')} <span className="nowrap" data-testid={T.callCaller}>{shown}</span>
      </h2>
      <p className="small muted">
        <span data-testid={T.callDirection}>{t(`desk.direction.${call.direction}`)}</span> · {t(`desk.callState.${call.state}`)} · {f.dateTime(call.answeredAt ?? call.receivedAt)}
      </p>
      <ErrorNotice error={view.error} />
      {call.state === 'ringing' && (
        <>
          <ErrorNotice error={answerError} />
          <button type="button" className="button primary" onClick={() => void answer()} disabled={answering} data-testid={T.callAnswer}>
            {t('desk.answer')}
          </button>
        </>
      )}

      <div className="call-grid">
        <div>
          <h3>{t('desk.callerTitle')}</h3>
          <CallerSummary caller={caller} />
        </div>
        {call.state !== 'ringing' && (
          <div>
            <h3>{t('desk.verifyTitle')}</h3>
            <VerifyScript call={call} onChange={view.reload} />
          </div>
        )}
      </div>

      {call.state === 'active' && call.verified && caller.known && (
        <div className="subsection">
          <h3>{t('desk.openCaseTitle')}</h3>
          {caller.openCase && !opened ? (
            <p className="muted">{t('desk.hasOpenCase', { reference: caller.openCase.reference })}</p>
          ) : (
            <OpenCaseForm
              call={call}
              caller={caller}
              onOpened={async (r: ApplicationReceipt) => {
                setOpened(r.reference);
              }}
            />
          )}
        </div>
      )}

      {call.state === 'active' && (
        <div className="subsection">
          <h3>{t('desk.endTitle')}</h3>
          <EndCallForm
            key={`${opened ?? ''}:${call.verified}`}
            call={call}
            suggested={suggestedOutcome(call, opened, Boolean(caller.openCase))}
            reference={opened ?? caller.openCase?.reference}
            onEnded={onEnded}
          />
        </div>
      )}
    </section>
  );
}
