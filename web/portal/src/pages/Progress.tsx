import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, Notice } from '@shared/components/Alert';
import { ConfirmDialog } from '@shared/components/ConfirmDialog';
import { Field } from '@shared/components/Field';
import { PageHeading } from '@shared/components/PageHeading';
import { phone } from '@shared/format';
import { withDestination } from '@shared/refund';
import { useLoad } from '@shared/hooks';
import { Link, navigate } from '@shared/router';
import { api, type CaseView } from '../api';
import { CaseDays, ReceiptDayNotes, useChannelLabel, useRegionTimeZone } from '../components/CaseDays';
import { DownloadButton } from '../components/Download';
import { ErrorNotice } from '../components/ErrorNotice';
import { acceptAttribute, fileProblem } from '../files';
import { useFormat } from '../format';
import { getSession } from '../session';
import { T, timelineStepId } from '../testids';
import { receiptDayFacts } from '../receipt-day';
import { buildTimeline, type TimelineStep } from '../timeline';
import { textLang } from '@shared/text-lang';

const referencePattern = /^LC-\d{4}-\d{7}-\d$/;

/** /progress: the line's open case if it has one, else a reference typed in. */
export function ProgressLookupPage() {
  const { t } = useTranslation();
  const msisdn = getSession()!.msisdn;
  const line = useLoad(() => api.line(msisdn), msisdn);
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    const open = line.data?.openCase;
    if (open) navigate(`/progress/${encodeURIComponent(open.reference)}`, { replace: true });
  }, [line.data]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const r = reference.trim().toUpperCase();
    if (!referencePattern.test(r)) {
      setError(t('progress.errors.reference'));
      document.getElementById('reference-input')?.focus();
      return;
    }
    navigate(`/progress/${encodeURIComponent(r)}`);
  }

  return (
    <>
      <PageHeading text={t('progress.title')} sub={t('progress.lookupIntro')} />
      {line.loading && <Loading />}
      {!line.loading && !line.data?.openCase && (
        <>
          {line.data && (
            <Notice tone="info">
              <p>{t('progress.noOpenCase', { msisdn: phone(msisdn) })}</p>
            </Notice>
          )}
          <form className="card" onSubmit={submit} noValidate>
            <Field id="reference-input" label={t('progress.reference')} hint={t('progress.referenceHint')} error={error}>
              {(p) => (
                <input
                  {...p}
                  type="text"
                  autoComplete="off"
                  autoCapitalize="characters"
                  spellCheck={false}
                  value={reference}
                  onChange={(e) => setReference(e.target.value)}
                  data-testid={T.referenceInput}
                />
              )}
            </Field>
            <button type="submit" className="button primary" data-testid={T.referenceSubmit}>
              {t('progress.lookup')}
            </button>
          </form>
          <p>
            <Link to="/apply">{t('progress.startApplication')}</Link>
          </p>
        </>
      )}
    </>
  );
}

/** /progress/<reference>: the timeline, messages, documents, a reply form, withdrawal, the receipt. */
export function ProgressCasePage({ reference }: { reference: string }) {
  const { t } = useTranslation();
  const view = useLoad(() => api.caseView(reference), reference);
  const c = view.data;
  return (
    <>
      <PageHeading text={t('progress.caseTitle')} sub={reference} />
      {view.loading && !c && <Loading />}
      {view.error !== null && (
        <>
          <ErrorNotice error={view.error} />
          <p>
            <Link to="/progress">{t('progress.tryAnother')}</Link>
          </p>
        </>
      )}
      {c && <CaseDetails c={c} reload={view.reload} />}
    </>
  );
}

function CaseDetails({ c, reload }: { c: CaseView; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const timeZone = useRegionTimeZone(c.msisdn);
  return (
    <>
      <section className="card" aria-labelledby="case-summary-title">
        <h2 id="case-summary-title">{t('progress.summaryTitle')}</h2>
        <dl className="summary">
          <div>
            <dt>{t('progress.state')}</dt>
            <dd>
              <span className={`status-pill state-${c.state}`} data-testid={T.caseState} data-state={c.state}>
                {t(`states.${c.state}`)}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('done.line')}</dt>
            <dd>{phone(c.msisdn)}</dd>
          </div>
          {c.refund && (
            <div>
              <dt>{t('progress.refund')}</dt>
              <dd data-testid={T.caseRefund} data-method={c.refund.method}>
                {withDestination(t(`progress.refundTo.${c.refund.method}`, { defaultValue: c.refund.method }), c.refund.destination)}
              </dd>
            </div>
          )}
          <CaseDays c={c} timeZone={timeZone} />
        </dl>
        <ReceiptDayNotes c={c} timeZone={timeZone} />
        {c.paused && (
          <Notice tone="warning" testid={T.clockPaused}>
            <p>{t('progress.paused')}</p>
          </Notice>
        )}
        <DownloadButton label={t('done.receipt')} fileName={`${c.reference}.pdf`} fetchBlob={() => api.receipt(c.reference)} testid={T.receiptDownload} linkTestId={T.receiptLink} />
      </section>

      {c.canReply && <ReplyForm reference={c.reference} onDone={reload} />}

      <Timeline c={c} timeZone={timeZone} />

      <Communications c={c} />

      <Documents c={c} />

      {c.canWithdraw && <Withdraw reference={c.reference} onDone={reload} />}
    </>
  );
}

function Timeline({ c, timeZone }: { c: CaseView; timeZone: string | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  const steps = buildTimeline(c);
  // The submission on the region's clock; the receipt day under it when that is a later day.
  const receivedLater = timeZone !== null && receiptDayFacts(c, timeZone).receivedLater;
  const when = (key: TimelineStep['key'], at: string) => (key === 'submitted' && timeZone ? f.dateTimeAt(at, timeZone) : f.dateTime(at));
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('progress.timelineTitle')}</h2>
      <ol className="timeline" data-testid={T.timeline}>
        {steps.map((s) => (
          <li key={s.key} className={`tl-${s.status}`} data-testid={timelineStepId(s.key)} data-status={s.status} aria-current={s.status === 'current' ? 'step' : undefined}>
            <span className="tl-marker" aria-hidden="true" />
            <div>
              <p className="tl-title">
                {s.key === 'decision' && s.outcome ? t(`progress.outcome.${s.outcome}`) : t(`progress.steps.${s.key}`)}
                <span className="visually-hidden">
                  {' '}
                  ({t(`progress.stepStatus.${s.status}`)})
                </span>
              </p>
              <p className="small muted">{s.at ? when(s.key, s.at) : t(`progress.stepStatus.${s.status}`)}</p>
              {s.key === 'submitted' && receivedLater && <p className="small">{t('progress.receivedOnLine', { day: f.day(c.receivedOn) })}</p>}
              {s.question && <p className="quote" lang={textLang(s.question)}>{s.question}</p>}
            </div>
          </li>
        ))}
      </ol>
      <details className="history">
        <summary>{t('progress.allEvents')}</summary>
        <ul>
          {[...c.history]
            .sort((a, b) => a.seq - b.seq)
            .map((e) => (
              <li key={e.seq}>
                <span>{t(`progress.events.${e.type}`, { defaultValue: e.type.replace(/_/g, ' ') })}</span> <span className="small muted">{f.dateTime(e.at)}</span>
              </li>
            ))}
        </ul>
      </details>
    </section>
  );
}

function Communications({ c }: { c: CaseView }) {
  const channelLabel = useChannelLabel();
  const { t } = useTranslation();
  const f = useFormat();
  const list = [...c.communications].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section className="card" aria-labelledby="comms-title">
      <h2 id="comms-title">{t('progress.messagesTitle')}</h2>
      {list.length === 0 ? (
        <p className="muted">{t('progress.noMessages')}</p>
      ) : (
        <ul className="messages" data-testid={T.communications}>
          {list.map((m, i) => (
            <li key={`${m.createdAt}-${i}`} className={m.direction === 'in' ? 'from-you' : undefined}>
              {/* A reply's subject is stored in English ("Reply to …"); the heading is the reader's words. */}
              {m.template === 'customer_reply' ? <h3>{t('progress.replySubject', { reference: c.reference })}</h3> : <h3 lang={textLang(m.subject)}>{m.subject}</h3>}
              <p className="small muted">
                {m.direction === 'in' ? t('progress.fromYou') : t('progress.toYou')} · {channelLabel(m.channel)} ·{' '}
                {f.dateTime(m.sentAt ?? m.createdAt)}
              </p>
              <p className="message-text" lang={textLang(m.text)}>
                {m.text}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Documents({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const docs = c.documents;
  return (
    <section className="card" aria-labelledby="docs-title">
      <h2 id="docs-title">{t('progress.documentsTitle')}</h2>
      {docs.length === 0 ? (
        <p className="muted">{t('progress.noDocuments')}</p>
      ) : (
        <ul className="documents" data-testid={T.documents}>
          {docs.map((d) => (
            <li key={String(d.id)}>
              <span className="doc-name">{d.name}</span>
              <span className="small muted">
                {f.fileSize(d.size)} · {f.dateTime(d.uploadedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ReplyForm({ reference, onDone }: { reference: string; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [textError, setTextError] = useState<string | undefined>();
  const [fileError, setFileError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [uploaded, setUploaded] = useState(false);

  function pick(list: FileList | null) {
    const chosen = Array.from(list ?? []);
    setFileError(undefined);
    const bad = chosen.map((file) => ({ file, problem: fileProblem(file) })).find((x) => x.problem);
    if (bad) {
      setFiles([]);
      setFileError(t(`files.${bad.problem!}`, { name: bad.file.name }));
      return;
    }
    setFiles(chosen);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!text.trim()) {
      setTextError(t('progress.errors.replyText'));
      document.getElementById('reply-text')?.focus();
      return;
    }
    setTextError(undefined);
    if (fileError) {
      document.getElementById('reply-files')?.focus();
      return;
    }
    setBusy(true);
    try {
      // Documents first (the reply moves the case back to review), once even when the reply is retried.
      if (files.length > 0 && !uploaded) {
        await api.uploadDocuments(reference, files, text.trim().slice(0, 500));
        setUploaded(true);
      }
      await api.reply(reference, text.trim());
      setSent(true);
      setText('');
      setFiles([]);
      await onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (sent) {
    return (
      <Notice tone="success">
        <p>{t('progress.replySent')}</p>
      </Notice>
    );
  }

  return (
    <section className="card highlight" aria-labelledby="reply-title">
      <h2 id="reply-title">{t('progress.replyTitle')}</h2>
      <p>{t('progress.replyIntro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {error !== null && <ErrorNotice error={error} />}
        <Field id="reply-text" label={t('progress.replyText')} error={textError}>
          {(p) => <textarea {...p} rows={5} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} data-testid={T.replyText} />}
        </Field>
        <Field id="reply-files" label={t('progress.replyFiles')} hint={t('files.hintMany')} optional={t('common.optional')} error={fileError}>
          {(p) => (
            <input
              {...p}
              type="file"
              multiple
              accept={acceptAttribute}
              onChange={(e) => {
                setUploaded(false);
                pick(e.target.files);
              }}
              data-testid={T.replyFiles}
            />
          )}
        </Field>
        <button type="submit" className="button primary" disabled={busy} data-testid={T.replySubmit}>
          {busy ? t('common.working') : t('progress.replySubmit')}
        </button>
      </form>
    </section>
  );
}

function Withdraw({ reference, onDone }: { reference: string; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await api.withdraw(reference);
      setOpen(false);
      await onDone();
    } catch (err) {
      setError(err);
      setOpen(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card subtle" aria-labelledby="withdraw-title">
      <h2 id="withdraw-title">{t('progress.withdrawTitle')}</h2>
      <p>{t('progress.withdrawText')}</p>
      {error !== null && <ErrorNotice error={error} />}
      <button type="button" className="button danger-outline" onClick={() => setOpen(true)} data-testid={T.withdraw}>
        {t('progress.withdraw')}
      </button>
      <ConfirmDialog
        open={open}
        title={t('progress.withdrawConfirmTitle')}
        confirmLabel={t('progress.withdrawConfirm')}
        onConfirm={() => void confirm()}
        onClose={() => setOpen(false)}
        busy={busy}
        danger
        confirmTestId={T.withdrawConfirm}
      >
        <p>{t('progress.withdrawConfirmText', { reference })}</p>
      </ConfirmDialog>
    </section>
  );
}
