import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '@shared/components/Alert';
import { Field } from '@shared/components/Field';
import { PageHeading } from '@shared/components/PageHeading';
import { looksLikeE164, tidyMsisdn } from '@shared/format';
import { invalidFields, isApiError } from '@shared/http';
import { navigate, safeNext, useQuery } from '@shared/router';
import { api, type VerificationChannel, type VerificationStarted } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { errorMessage } from '../errors';
import { idNumberProblem, tidyIdNumber, type IdNumberProblem } from '../id-number';
import { saveSession } from '../session';
import { T } from '../testids';

type FieldName = 'msisdn' | 'name' | 'idNumber' | 'email';
type Errors = Partial<Record<FieldName, string>>;

interface Details {
  msisdn: string;
  name: string;
  idNumber: string;
  email: string;
  channel: VerificationChannel;
}

const idNumberErrors: Record<IdNumberProblem, string> = {
  required: 'verify.errors.idNumberRequired',
  check_digit: 'verify.errors.idNumberCheckDigit',
  birth_date: 'verify.errors.idNumberBirthDate',
};

const fieldOrder: FieldName[] = ['msisdn', 'name', 'idNumber', 'email'];
const fieldTestIds: Record<FieldName, string> = { msisdn: T.verifyMsisdn, name: T.verifyName, idNumber: T.verifyIdNumber, email: T.verifyEmail };

/**
 * Step 1: confirm who you are. The answer to the details never says whether they matched
 * (no enumeration): a code is sent only when they do, and the page says "if".
 */
export function VerifyPage() {
  const { t } = useTranslation();
  const query = useQuery();
  const next = safeNext(query.get('next'), '/apply', '/verify');
  const expired = query.get('expired') === '1';
  const lost = next.startsWith('/lost');

  const [details, setDetails] = useState<Details>({ msisdn: '', name: '', idNumber: '', email: '', channel: lost ? 'email' : 'sms' });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<VerificationStarted | null>(null);
  const [resent, setResent] = useState(false);

  const set = (k: keyof Details) => (v: string) => setDetails((d) => ({ ...d, [k]: v }));

  function validate(d: Details): Errors {
    const e: Errors = {};
    const m = tidyMsisdn(d.msisdn);
    if (!m) e.msisdn = t('verify.errors.msisdnRequired');
    else if (!looksLikeE164(m)) e.msisdn = t('verify.errors.msisdnFormat');
    if (!d.name.trim()) e.name = t('verify.errors.nameRequired');
    // A resident ID with the server's own check (GB 11643 check digit, a real birth date).
    const idProblem = idNumberProblem(d.idNumber, new Date().toISOString().slice(0, 10));
    if (idProblem) e.idNumber = t(idNumberErrors[idProblem]);
    if (!d.email.trim()) e.email = t('verify.errors.emailRequired');
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(d.email.trim())) e.email = t('verify.errors.emailFormat');
    return e;
  }

  function focusFirst(e: Errors) {
    const first = fieldOrder.find((f) => e[f]);
    if (first) document.getElementById(`verify-${first}`)?.focus();
  }

  async function send(isResend: boolean) {
    setFormError(null);
    const e = validate(details);
    setErrors(e);
    if (Object.keys(e).length > 0) {
      focusFirst(e);
      return;
    }
    setBusy(true);
    try {
      const answer = await api.startVerification({
        msisdn: tidyMsisdn(details.msisdn),
        name: details.name.trim(),
        idNumber: tidyIdNumber(details.idNumber),
        email: details.email.trim(),
        channel: details.channel,
      });
      setStarted(answer);
      setResent(isResend);
    } catch (err) {
      if (isApiError(err) && err.code === 'validation_failed') {
        const fields = invalidFields(err);
        const fe: Errors = {};
        for (const f of fieldOrder) if (fields.has(f)) fe[f] = t(`verify.errors.${f}Invalid`);
        if (Object.keys(fe).length > 0) {
          setStarted(null);
          setErrors(fe);
          focusFirst(fe);
        } else setFormError(err);
      } else {
        setFormError(err);
      }
    } finally {
      setBusy(false);
    }
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send(false);
  };

  return (
    <>
      <PageHeading text={t('verify.title')} sub={t('verify.intro')} />
      {expired && (
        <Notice tone="warning" testid={T.sessionExpired}>
          <p>{t('verify.expired')}</p>
        </Notice>
      )}
      {lost && !started && (
        <Notice tone="info">
          <p>{t('verify.lostHint')}</p>
        </Notice>
      )}
      {started ? (
        <CodeStep
          started={started}
          resent={resent}
          busy={busy}
          resendError={formError}
          onResend={() => void send(true)}
          onRestart={() => {
            setStarted(null);
            setFormError(null);
          }}
          onConfirmed={(token, expiresIn) => {
            saveSession(token, expiresIn, tidyMsisdn(details.msisdn));
            navigate(next, { replace: true });
          }}
        />
      ) : (
        <form className="card" onSubmit={onSubmit} noValidate data-testid={T.verifyForm} aria-labelledby="verify-form-title">
          <h2 id="verify-form-title">{t('verify.detailsTitle')}</h2>
          {formError !== null && <ErrorNotice error={formError} />}
          <Field id="verify-msisdn" label={t('verify.msisdn')} hint={t('verify.msisdnHint')} error={errors.msisdn}>
            {(p) => (
              <input
                {...p}
                type="tel"
                autoComplete="tel"
                inputMode="tel"
                value={details.msisdn}
                onChange={(e) => set('msisdn')(e.target.value)}
                data-testid={fieldTestIds.msisdn}
              />
            )}
          </Field>
          <Field id="verify-name" label={t('verify.name')} hint={t('verify.nameHint')} error={errors.name}>
            {(p) => <input {...p} type="text" autoComplete="name" value={details.name} onChange={(e) => set('name')(e.target.value)} data-testid={fieldTestIds.name} />}
          </Field>
          <Field id="verify-idNumber" label={t('verify.idNumber')} hint={t('verify.idNumberHint')} error={errors.idNumber}>
            {(p) => (
              <input
                {...p}
                type="text"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                value={details.idNumber}
                onChange={(e) => set('idNumber')(e.target.value)}
                data-testid={fieldTestIds.idNumber}
              />
            )}
          </Field>
          <Field id="verify-email" label={t('verify.email')} hint={t('verify.emailHint')} error={errors.email}>
            {(p) => (
              <input {...p} type="email" autoComplete="email" spellCheck={false} value={details.email} onChange={(e) => set('email')(e.target.value)} data-testid={fieldTestIds.email} />
            )}
          </Field>
          <fieldset className="field">
            <legend>{t('verify.channel')}</legend>
            <div className="choice">
              <input
                type="radio"
                id="verify-channel-sms"
                name="channel"
                value="sms"
                checked={details.channel === 'sms'}
                onChange={() => set('channel')('sms')}
                data-testid={T.verifyChannelSms}
              />
              <label htmlFor="verify-channel-sms">{t('verify.channelSms')}</label>
            </div>
            <div className="choice">
              <input
                type="radio"
                id="verify-channel-email"
                name="channel"
                value="email"
                checked={details.channel === 'email'}
                onChange={() => set('channel')('email')}
                data-testid={T.verifyChannelEmail}
              />
              <label htmlFor="verify-channel-email">{t('verify.channelEmail')}</label>
            </div>
          </fieldset>
          <button type="submit" className="button primary" disabled={busy} data-testid={T.verifySubmit}>
            {busy ? t('common.working') : t('verify.submit')}
          </button>
          <p className="small muted">{t('verify.privacy')}</p>
        </form>
      )}
    </>
  );
}

interface CodeStepProps {
  started: VerificationStarted;
  resent: boolean;
  busy: boolean;
  resendError: unknown;
  onResend: () => void;
  onRestart: () => void;
  onConfirmed: (token: string, expiresInSeconds: number) => void;
}

function CodeStep({ started, resent, busy, resendError, onResend, onRestart, onConfirmed }: CodeStepProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [dead, setDead] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
    setCode('');
    setError(undefined);
    setDead(false);
  }, [started.verificationId]);

  async function confirm(e: FormEvent) {
    e.preventDefault();
    const digits = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(digits)) {
      setError(t('verify.errors.codeFormat'));
      document.getElementById('verify-code')?.focus();
      return;
    }
    setConfirming(true);
    setError(undefined);
    try {
      const token = await api.confirmVerification(started.verificationId, digits);
      onConfirmed(token.token, token.expiresIn);
    } catch (err) {
      setError(isApiError(err) && err.code === 'validation_failed' ? t('verify.errors.codeFormat') : errorMessage(t, err));
      if (isApiError(err)) {
        const left = (err.details as { attemptsLeft?: number } | undefined)?.attemptsLeft;
        if (['too_many_attempts', 'verification_used', 'verification_not_found'].includes(err.code) || (err.code === 'wrong_code' && left === 0)) setDead(true);
      }
      (document.getElementById('verify-code') as HTMLInputElement | null)?.select();
    } finally {
      setConfirming(false);
    }
  }

  return (
    <section className="card" aria-labelledby="code-title">
      <h2 id="code-title" ref={headingRef} tabIndex={-1}>
        {t('verify.codeTitle')}
      </h2>
      <Notice tone="info" testid={T.verifySent}>
        <p>
          {t(started.channel === 'email' ? 'verify.sentEmail' : 'verify.sentSms', { destination: started.maskedDestination })}
          {resent && <> {t('verify.resent')}</>}
        </p>
      </Notice>
      <form onSubmit={(e) => void confirm(e)} noValidate>
        <Field id="verify-code" label={t('verify.code')} hint={t('verify.codeHint')} error={error} errorTestId={T.codeError}>
          {(p) => (
            <input
              {...p}
              className="code-input"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
              data-testid={T.codeInput}
              disabled={dead}
            />
          )}
        </Field>
        <button type="submit" className="button primary" disabled={confirming || dead} data-testid={T.codeConfirm}>
          {confirming ? t('common.working') : t('verify.confirm')}
        </button>
      </form>
      <div className="subsection">
        <h3>{t('verify.noCodeTitle')}</h3>
        <p>{t('verify.noCodeText')}</p>
        {resendError !== null && <ErrorNotice error={resendError} />}
        <div className="button-row">
          <button type="button" className="button secondary" onClick={onResend} disabled={busy} data-testid={T.codeResend}>
            {busy ? t('common.working') : t('verify.resend')}
          </button>
          <button type="button" className="button secondary" onClick={onRestart} data-testid={T.codeRestart}>
            {t('verify.restart')}
          </button>
        </div>
      </div>
    </section>
  );
}
