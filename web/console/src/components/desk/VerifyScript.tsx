import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '@shared/components/Alert';
import { isApiError } from '@shared/http';
import { api, type Call, type Fact } from '../../api';
import { T, verifyInputId, verifyResultId, verifySubmitId } from '../../testids';
import { ErrorNotice } from '../ErrorNotice';

const steps: { fact: Fact; optional: boolean }[] = [
  { fact: 'name', optional: false },
  { fact: 'id_number', optional: false },
  { fact: 'email', optional: true },
  { fact: 'iccid_last6', optional: true },
];

/**
 * The verification script: the agent asks, types what the caller says, and the server compares
 * (the agent never sees the stored answer). Name and ID number confirmed = verified; three wrong
 * answers lock the call.
 */
export function VerifyScript({ call, onChange }: { call: Call; onChange: () => Promise<void> }) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [results, setResults] = useState<Record<string, boolean>>({});
  const [triesLeft, setTriesLeft] = useState<number>(call.triesLeft);
  const [locked, setLocked] = useState(call.triesLeft <= 0 && !call.verified);
  const [busy, setBusy] = useState<Fact | null>(null);
  const [error, setError] = useState<unknown>(null);
  const confirmed = new Set(call.facts);
  const active = call.state === 'active';

  const check = async (e: FormEvent, fact: Fact) => {
    e.preventDefault();
    const answer = (answers[fact] ?? '').trim();
    if (!answer) return;
    setBusy(fact);
    setError(null);
    try {
      const r = await api.verify(call.id, fact, answer);
      setResults((x) => ({ ...x, [fact]: r.confirmed }));
      setTriesLeft(r.triesLeft);
      if (r.confirmed) setAnswers((x) => ({ ...x, [fact]: '' }));
      await onChange();
    } catch (err) {
      if (isApiError(err) && err.code === 'verification_locked') {
        setLocked(true);
        setTriesLeft(0);
      } else {
        // caller_locked: too many wrong answers for this number today; the message says what to do instead.
        if (isApiError(err) && err.code === 'caller_locked') setTriesLeft(0);
        setError(err);
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="verify-script" data-testid={T.verifyScript} data-verified={call.verified ? 'true' : 'false'}>
      <p className="small muted">{t('desk.verifyLead')}</p>
      <ol className="script-steps">
        {steps.map(({ fact, optional }, i) => {
          const ok = confirmed.has(fact) || results[fact] === true;
          const failed = !ok && results[fact] === false;
          const id = verifyInputId(fact);
          return (
            <li key={fact} className={ok ? 'ok' : failed ? 'failed' : ''}>
              <form className="script-step" onSubmit={(e) => void check(e, fact)} noValidate>
                <label htmlFor={id}>
                  <span className="step-no">{i + 1}</span> {t(`desk.facts.${fact}.ask`)}
                  {optional && <span className="optional"> {t('common.optional')}</span>}
                </label>
                <p className="script-say small" id={`${id}-say`}>
                  {t(`desk.facts.${fact}.say`)}
                </p>
                <div className="inline-field">
                  <input
                    id={id}
                    type="text"
                    autoComplete="off"
                    spellCheck={false}
                    aria-describedby={`${id}-say ${verifyResultId(fact)}`}
                    value={answers[fact] ?? ''}
                    onChange={(e) => setAnswers((x) => ({ ...x, [fact]: e.target.value }))}
                    disabled={ok || locked || !active || busy !== null}
                    data-testid={id}
                  />
                  <button type="submit" className="button secondary small-button" disabled={ok || locked || !active || busy !== null || !(answers[fact] ?? '').trim()} data-testid={verifySubmitId(fact)}>
                    {busy === fact ? t('common.working') : t('desk.check')}
                  </button>
                </div>
                <p className="fact-result" id={verifyResultId(fact)} data-testid={verifyResultId(fact)} data-confirmed={ok ? 'true' : failed ? 'false' : ''} aria-live="polite">
                  {ok && (
                    <>
                      <span aria-hidden="true" className="tick">✓ </span>
                      {t('desk.confirmed')}
                    </>
                  )}
                  {failed && (
                    <>
                      <span aria-hidden="true" className="cross">✗ </span>
                      {t('desk.notConfirmed')}
                    </>
                  )}
                </p>
              </form>
            </li>
          );
        })}
      </ol>
      <ErrorNotice error={error} />
      {!call.verified && !locked && (
        <p className="small" data-testid={T.verifyTries}>
          {t('desk.triesLeft', { count: triesLeft })}
        </p>
      )}
      {locked && !call.verified && (
        <Notice tone="error" testid={T.verifyLocked}>
          <p>{t('desk.locked')}</p>
        </Notice>
      )}
      {call.verified && (
        <Notice tone="success" testid={T.verifyDone}>
          <p>{t('desk.verified')}</p>
        </Notice>
      )}
    </div>
  );
}
