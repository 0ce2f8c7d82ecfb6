import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, Notice } from '@shared/components/Alert';
import { Field } from '@shared/components/Field';
import { PageHeading } from '@shared/components/PageHeading';
import { looksLikeE164, phone, tidyMsisdn } from '@shared/format';
import { useLoad } from '@shared/hooks';
import { invalidFields, isApiError } from '@shared/http';
import { Link } from '@shared/router';
import { api, type Callback, type ServiceHours } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { useFormat } from '../format';
import { getSession } from '../session';
import { T } from '../testids';

const regions = ['CN', 'GB'] as const;

/**
 * The hotline, an option beside the steps and not one of them: whether it is open, and a
 * callback request outside hours. Anyone may see the number and the hours (of the verified line's
 * region, or of a region they pick); asking for a callback needs a verified session, because it is
 * tied to a line.
 */
export function HotlinePage() {
  const { t, i18n } = useTranslation();
  const msisdn = getSession()?.msisdn ?? null;
  const [picked, setPicked] = useState<string>(i18n.language === 'en' ? 'GB' : 'CN');
  const hours = useLoad(async () => {
    if (!msisdn) return api.serviceHours(picked);
    const region = await api.line(msisdn).then((line) => line.region, () => picked);
    return api.serviceHours(region);
  }, `${msisdn ?? ''}|${picked}`);

  return (
    <>
      <PageHeading text={t('hotline.title')} sub={t('hotline.intro')} />
      {!msisdn && (
        <section className="card">
          <fieldset className="field" data-testid={T.hotlineRegion}>
            <legend>{t('hotline.region')}</legend>
            {regions.map((r) => (
              <div className="choice" key={r}>
                <input type="radio" id={`hotline-region-${r}`} name="hotline-region" value={r} checked={picked === r} onChange={() => setPicked(r)} />
                <label htmlFor={`hotline-region-${r}`}>{t(`hotline.regions.${r}`)}</label>
              </div>
            ))}
          </fieldset>
        </section>
      )}
      {hours.loading && !hours.data && <Loading />}
      {hours.error !== null && <ErrorNotice error={hours.error} />}
      {hours.data && <HoursCard hours={hours.data} />}
      {hours.data && !hours.data.open && msisdn && <CallbackForm msisdn={msisdn} />}
      {hours.data && !hours.data.open && !msisdn && (
        <p className="card">
          <Link to="/verify?next=%2Fhotline" data-testid={T.hotlineVerifyForCallback}>{t('hotline.verifyForCallback')}</Link>
        </p>
      )}
    </>
  );
}

function HoursCard({ hours }: { hours: ServiceHours }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section className="card" aria-labelledby="hotline-number-title">
      <h2 id="hotline-number-title">{t('hotline.numberTitle')}</h2>
      <p className="big-number">
        <a href={`tel:${hours.hotline.replace(/[^\d+]/g, '')}`} data-testid={T.hotlineNumber}>
          {hours.hotline}
        </a>
      </p>
      <p className={`status-pill ${hours.open ? 'ok' : 'closed'}`} data-testid={T.hotlineStatus} data-open={String(hours.open)}>
        <span aria-hidden="true" className="dot" />
        {hours.open ? t('hotline.openNow') : t('hotline.closedNow')}
      </p>
      {hours.open && hours.closesAt && <p>{t('hotline.closesAt', { time: f.timeInZone(hours.closesAt, hours.timeZone) })}</p>}
      {!hours.open && hours.opensAt && <p data-testid={T.hotlineOpensAt}>{t('hotline.opensAt', { time: f.dateTimeInZone(hours.opensAt, hours.timeZone) })}</p>}
      {hours.provisional && <p className="small muted">{t('hotline.provisional')}</p>}
      <p className="small muted">{t('hotline.holidays')}</p>
      {hours.open && (
        <a className="button primary" href={`tel:${hours.hotline.replace(/[^\d+]/g, '')}`}>
          {t('hotline.call', { number: hours.hotline })}
        </a>
      )}
    </section>
  );
}

function CallbackForm({ msisdn }: { msisdn: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [callPhone, setCallPhone] = useState(msisdn);
  const [preferredTime, setPreferredTime] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ phone?: string; preferredTime?: string; note?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<(Callback & { phone: string }) | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const p = tidyMsisdn(callPhone);
    const errs: typeof errors = {};
    if (!looksLikeE164(p)) errs.phone = t('hotline.errors.phone');
    setErrors(errs);
    if (errs.phone) {
      document.getElementById('callback-phone')?.focus();
      return;
    }
    setBusy(true);
    try {
      const r = await api.callback({
        msisdn,
        ...(p !== msisdn ? { phone: p } : {}),
        ...(preferredTime.trim() ? { preferredTime: preferredTime.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setDone({ ...r, phone: p });
    } catch (err) {
      if (isApiError(err) && err.code === 'validation_failed') {
        const fields = invalidFields(err);
        const fe: typeof errors = {};
        if (fields.has('phone')) fe.phone = t('hotline.errors.phone');
        if (fields.has('preferredTime')) fe.preferredTime = t('hotline.errors.preferredTime');
        if (fields.has('note')) fe.note = t('hotline.errors.note');
        if (Object.keys(fe).length > 0) setErrors(fe);
        else setError(err);
      } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <section className="card" aria-labelledby="callback-done-title">
        <h2 id="callback-done-title">{t('hotline.callbackDoneTitle')}</h2>
        <Notice tone="success" testid={T.callbackDone}>
          <p>{t('hotline.callbackDone', { phone: phone(done.phone) })}</p>
          <p className="small" data-callback-id={String(done.id)}>
            {t('hotline.callbackAt', { time: f.dateTime(done.createdAt) })}
          </p>
        </Notice>
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby="callback-title">
      <h2 id="callback-title">{t('hotline.callbackTitle')}</h2>
      <p>{t('hotline.callbackIntro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate data-testid={T.callbackForm}>
        {error !== null && <ErrorNotice error={error} />}
        <Field id="callback-phone" label={t('hotline.callbackPhone')} hint={t('hotline.callbackPhoneHint')} error={errors.phone}>
          {(p) => <input {...p} type="tel" autoComplete="tel" value={callPhone} onChange={(e) => setCallPhone(e.target.value)} data-testid={T.callbackPhone} />}
        </Field>
        <Field id="callback-time" label={t('hotline.callbackTime')} hint={t('hotline.callbackTimeHint')} optional={t('common.optional')} error={errors.preferredTime}>
          {(p) => <input {...p} type="text" maxLength={100} value={preferredTime} onChange={(e) => setPreferredTime(e.target.value)} data-testid={T.callbackTime} />}
        </Field>
        <Field id="callback-note" label={t('hotline.callbackNote')} optional={t('common.optional')} error={errors.note}>
          {(p) => <textarea {...p} rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} data-testid={T.callbackNote} />}
        </Field>
        <button type="submit" className="button primary" disabled={busy} data-testid={T.callbackSubmit}>
          {busy ? t('common.working') : t('hotline.callbackSubmit')}
        </button>
      </form>
    </section>
  );
}
