import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoad } from '@shared/hooks';
import { Loading } from '@shared/components/Alert';
import { Field } from '@shared/components/Field';
import { PageHeading } from '@shared/components/PageHeading';
import { phone } from '@shared/format';
import { isApiError } from '@shared/http';
import { languages, type Language } from '@shared/i18n';
import { Link, navigate } from '@shared/router';
import { api } from '../api';
import { applicationInput, clearDraft, firstRefundProblem, newIdempotencyKey, reasonErrors, useApplication, type ReasonErrors } from '../application';
import { CaseAlreadyOpen, LineBlocker, MissingAcks, lineBlocked } from '../components/ApplyParts';
import { Checklist } from '../components/Checklist';
import { DownloadButton } from '../components/Download';
import { ErrorNotice } from '../components/ErrorNotice';
import { ReasonFields } from '../components/ReasonFields';
import { acceptAttribute, fileProblem } from '../files';
import { useFormat } from '../format';
import { getSession } from '../session';
import { T, formLangId } from '../testids';

/** The paper channel: download the form (blank or pre-filled), sign it, upload it with the same answers. */
export function ApplyFormPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const msisdn = getSession()!.msisdn;
  const app = useApplication(msisdn);
  const channels = useLoad(() => api.channels(), 'channels');
  const mailIn = channels.data?.mailIn ?? null;
  const [formLang, setFormLang] = useState<Language>(i18n.language === 'en' ? 'en' : 'zh-CN');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [errors, setErrors] = useState<ReasonErrors>({});
  const [showMissing, setShowMissing] = useState(false);
  const [serverMissing, setServerMissing] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [openRef, setOpenRef] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  function pick(list: FileList | null) {
    const chosen = list?.[0] ?? null;
    key.current = null;
    setFile(null);
    setFileError(undefined);
    if (!chosen) return;
    const problem = fileProblem(chosen);
    if (problem) setFileError(t(`files.${problem}`, { name: chosen.name }));
    else setFile(chosen);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setOpenRef(null);
    setServerMissing([]);
    const re = reasonErrors(app, t);
    setErrors(re);
    setShowMissing(true);
    const noFile = !file && !fileError ? t('files.required') : undefined;
    if (noFile) setFileError(noFile);
    if (app.missing.length > 0) {
      requestAnimationFrame(() => summaryRef.current?.querySelector('a')?.focus());
      return;
    }
    app.setRefundChecked(true);
    const refundField = firstRefundProblem(app);
    if (refundField) {
      document.getElementById(`refund-${refundField}`)?.focus();
      return;
    }
    if (re.reason || re.reasonText) {
      document.getElementById(re.reason ? 'reason' : 'reason-text')?.focus();
      return;
    }
    if (!file) {
      document.getElementById('form-file')?.focus();
      return;
    }
    setBusy(true);
    key.current ??= newIdempotencyKey();
    try {
      const receipt = await api.applyWithForm(applicationInput(app, t), file, key.current);
      clearDraft(msisdn);
      navigate(`/apply/done/${encodeURIComponent(receipt.reference)}`);
    } catch (err) {
      if (isApiError(err) && err.code === 'acknowledgement_required') {
        setServerMissing((err.details as { missing?: string[] } | undefined)?.missing ?? []);
        void app.reload();
        requestAnimationFrame(() => summaryRef.current?.querySelector('a')?.focus());
      } else if (isApiError(err) && err.code === 'case_already_open') {
        setOpenRef((err.details as { reference?: string } | undefined)?.reference ?? '');
      } else if (isApiError(err) && ['unsupported_document_type', 'unsupported_media_type', 'document_too_large', 'payload_too_large'].includes(err.code)) {
        setFileError(t(err.code === 'unsupported_document_type' || err.code === 'unsupported_media_type' ? 'files.type' : 'files.size', { name: file.name }));
        document.getElementById('form-file')?.focus();
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  }

  const missingNow = showMissing ? [...new Set([...serverMissing.filter((c) => app.advisory.includes(c) && !app.acked.has(c)), ...app.missing])] : [];

  return (
    <>
      <PageHeading text={t('paper.title')} sub={t('paper.intro', { msisdn: phone(msisdn) })} />
      <p>
        <Link to="/apply">{t('paper.backOnline')}</Link>
      </p>

      <section className="card" aria-labelledby="paper-download">
        <h2 id="paper-download">{t('paper.downloadTitle')}</h2>
        <p>{t('paper.downloadText')}</p>
        <fieldset className="field">
          <legend>{t('paper.formLanguage')}</legend>
          {languages.map((l) => (
            <div className="choice" key={l}>
              <input type="radio" id={`form-lang-${l}`} name="form-lang" value={l} checked={formLang === l} onChange={() => setFormLang(l)} data-testid={formLangId(l)} />
              <label htmlFor={`form-lang-${l}`} lang={l}>
                {l === 'en' ? 'English' : '中文'}
              </label>
            </div>
          ))}
        </fieldset>
        <div className="button-stack">
          <DownloadButton
            label={t('paper.downloadFilled')}
            fileName={`lastcall-cancellation-form-${formLang}.pdf`}
            fetchBlob={() => api.form(formLang, msisdn)}
            testid={T.formDownload}
            className="button primary"
          />
          <DownloadButton
            label={t('paper.downloadBlank')}
            fileName={`lastcall-cancellation-form-blank-${formLang}.pdf`}
            fetchBlob={() => api.form(formLang)}
            testid={T.formDownloadBlank}
          />
        </div>
      </section>

      <section className="card" aria-labelledby="paper-sign">
        <h2 id="paper-sign">{t('paper.signTitle')}</h2>
        <p>{t('paper.signText')}</p>
      </section>

      {mailIn && (
        <section className="card" aria-labelledby="paper-mail" data-testid="form-mail-in">
          <h2 id="paper-mail">{t('paper.mailTitle')}</h2>
          <p>{t('paper.mailText', { msisdn: phone(msisdn) })}</p>
          <p>
            <a href={`mailto:${mailIn.address}?subject=${encodeURIComponent(msisdn)}`} className="mono">
              {mailIn.address}
            </a>
          </p>
          <p className="small muted">{t('paper.mailNote')}</p>
        </section>
      )}

      {!app.precheck || !app.line ? (
        app.loading ? <Loading /> : <ErrorNotice error={app.loadError} />
      ) : lineBlocked(app.line) ? (
        <LineBlocker line={app.line} />
      ) : (
        <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="paper-upload">
          <h2 id="paper-upload">{t('paper.uploadTitle')}</h2>
          <div ref={summaryRef}>
            <MissingAcks codes={missingNow} />
          </div>
          <Checklist app={app} showMissing={showMissing} level={3} />
          <ReasonFields app={app} errors={errors} level={3} />
          <Field id="form-file" label={t('paper.file')} hint={t('files.hint')} error={fileError}>
            {(p) => <input {...p} type="file" accept={acceptAttribute} onChange={(e) => pick(e.target.files)} data-testid={T.formUploadInput} />}
          </Field>
          {file && (
            <p className="small muted">
              {file.name} · {f.fileSize(file.size)}
            </p>
          )}
          {openRef !== null && <CaseAlreadyOpen reference={openRef} />}
          {error !== null && <ErrorNotice error={error} />}
          <button type="submit" className="button primary" disabled={busy} data-testid={T.formUploadSubmit}>
            {busy ? t('common.working') : t('paper.submit')}
          </button>
        </form>
      )}
    </>
  );
}
