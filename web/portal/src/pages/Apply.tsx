import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, Notice } from '@shared/components/Alert';
import { PageHeading } from '@shared/components/PageHeading';
import { phone } from '@shared/format';
import { isApiError } from '@shared/http';
import { Link, navigate } from '@shared/router';
import { api } from '../api';
import { applicationInput, clearDraft, firstRefundProblem, newIdempotencyKey, reasonErrors, reasonText, refundSummary, useApplication, type Application, type ReasonErrors } from '../application';
import { CaseAlreadyOpen, LineBlocker, MissingAcks, SubSteps, lineBlocked } from '../components/ApplyParts';
import { Checklist, useItemTitle } from '../components/Checklist';
import { ErrorNotice } from '../components/ErrorNotice';
import { ReasonFields } from '../components/ReasonFields';
import { useFormat } from '../format';
import { getSession } from '../session';
import { refundFieldId, T } from '../testids';

/** Step 2: the pre-check as a checklist and the reason, then a review page, then submit. */
export function ApplyPage() {
  const { t } = useTranslation();
  const msisdn = getSession()!.msisdn;
  const app = useApplication(msisdn);
  const [stage, setStage] = useState<'check' | 'review'>('check');
  const [showMissing, setShowMissing] = useState(false);
  const [serverMissing, setServerMissing] = useState<string[]>([]);
  const [errors, setErrors] = useState<ReasonErrors>({});
  const summaryRef = useRef<HTMLDivElement>(null);
  const backFromReview = useRef(false);

  // Back from the review page: focus goes to what needs attention, else to "continue".
  useEffect(() => {
    if (stage !== 'check' || !backFromReview.current) return;
    const link = summaryRef.current?.querySelector('a');
    // After a 422 the list appears once the reloaded pre-check is in: wait for it.
    if (!link && serverMissing.length > 0 && app.loading) return;
    backFromReview.current = false;
    (link ?? document.querySelector<HTMLElement>(`[data-testid="${T.applyContinue}"]`))?.focus();
  }, [stage, serverMissing, app.loading, app.precheck]);

  function back() {
    backFromReview.current = true;
    setStage('check');
  }

  function toReview() {
    const e = reasonErrors(app, t);
    setErrors(e);
    setShowMissing(true);
    setServerMissing([]);
    if (app.missing.length > 0) {
      requestAnimationFrame(() => summaryRef.current?.querySelector('a')?.focus());
      return;
    }
    app.setRefundChecked(true);
    const refundField = firstRefundProblem(app);
    if (refundField) {
      document.getElementById(refundFieldId(refundField))?.focus();
      return;
    }
    if (e.reason || e.reasonText) {
      document.getElementById(e.reason ? 'reason' : 'reason-text')?.focus();
      return;
    }
    setStage('review');
    window.scrollTo(0, 0);
  }

  const heading = <PageHeading text={t('apply.title')} sub={t('apply.intro', { msisdn: phone(msisdn) })} />;
  if (!app.precheck || !app.line) {
    return (
      <>
        {heading}
        {app.loading ? <Loading /> : <ErrorNotice error={app.loadError} />}
      </>
    );
  }
  if (lineBlocked(app.line)) {
    return (
      <>
        {heading}
        <LineBlocker line={app.line} />
      </>
    );
  }

  if (stage === 'review') {
    return (
      <>
        {heading}
        <SubSteps current={1} />
        <Review
          app={app}
          onBack={back}
          onMissing={(codes) => {
            setServerMissing(codes);
            setShowMissing(true);
            void app.reload();
            back();
          }}
        />
      </>
    );
  }

  const missingNow = showMissing ? (serverMissing.length > 0 ? [...new Set([...serverMissing.filter((c) => app.advisory.includes(c) && !app.acked.has(c)), ...app.missing])] : app.missing) : [];
  return (
    <>
      {heading}
      <SubSteps current={0} />
      <div ref={summaryRef}>
        <MissingAcks codes={missingNow} />
      </div>
      {app.precheck.blocking && (
        <Notice tone="warning" title={t('apply.blockingTitle')}>
          <p>{t('apply.blockingText')}</p>
        </Notice>
      )}
      <div className="card">
        <Checklist app={app} showMissing={showMissing} />
      </div>
      <div className="card">
        <ReasonFields app={app} errors={errors} />
        <button type="button" className="button primary" onClick={toReview} data-testid={T.applyContinue}>
          {t('apply.continue')}
        </button>
      </div>
      <section className="card subtle" aria-labelledby="paper-title">
        <h2 id="paper-title">{t('apply.paperTitle')}</h2>
        <p>{t('apply.paperText')}</p>
        <Link to="/apply/form" data-testid={T.paperFormLink}>
          {t('apply.paperLink')}
        </Link>
      </section>
    </>
  );
}

function Review({ app, onBack, onMissing }: { app: Application; onBack: () => void; onMissing: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const title = useItemTitle();
  const [declared, setDeclared] = useState(false);
  const [declError, setDeclError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [openRef, setOpenRef] = useState<string | null>(null);
  // One key per submission: a retry after a lost answer cannot open a second case.
  const key = useRef<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), []);

  const items = app.precheck?.items ?? [];
  const debt = items.find((i) => i.code === 'outstanding_debt');

  async function submit() {
    if (!declared) {
      setDeclError(true);
      document.getElementById('declaration')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setOpenRef(null);
    key.current ??= newIdempotencyKey();
    try {
      const receipt = await api.apply(applicationInput(app, t), key.current);
      clearDraft(app.msisdn);
      navigate(`/apply/done/${encodeURIComponent(receipt.reference)}`);
    } catch (err) {
      if (isApiError(err) && err.code === 'acknowledgement_required') {
        const missing = (err.details as { missing?: string[] } | undefined)?.missing ?? [];
        onMissing(missing);
      } else if (isApiError(err) && err.code === 'case_already_open') {
        setOpenRef((err.details as { reference?: string } | undefined)?.reference ?? '');
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="review-title" data-testid={T.review}>
      <h2 id="review-title" ref={headingRef} tabIndex={-1}>
        {t('apply.reviewTitle')}
      </h2>
      <p>{t('apply.reviewIntro')}</p>
      <dl className="summary">
        <div>
          <dt>{t('apply.review.line')}</dt>
          <dd>{phone(app.msisdn)}</dd>
        </div>
        <div>
          <dt>{t('apply.review.reason')}</dt>
          <dd>{reasonText(app, t)}</dd>
        </div>
        {app.hasRefund && (
          <div>
            <dt>{t('apply.review.refund')}</dt>
            <dd data-testid={T.reviewRefund}>{refundSummary(app, t)}</dd>
          </div>
        )}
        {debt && (
          <div>
            <dt>{t('apply.review.debt')}</dt>
            <dd>
              {f.money({ amountMinor: debt.amountMinor ?? 0, currency: debt.currency ?? 'CNY' })} · {t('apply.review.debtNote')}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('apply.review.acknowledged')}</dt>
          <dd>
            <ul className="ticks">
              {app.advisory.map((c) => (
                <li key={c}>
                  <span aria-hidden="true">✓ </span>
                  {title(c)}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>

      {openRef !== null && <CaseAlreadyOpen reference={openRef} />}
      {error !== null && <ErrorNotice error={error} />}

      <div className={`field${declError && !declared ? ' field-invalid' : ''}`}>
        {declError && !declared && (
          <p className="field-error" id="declaration-error" role="alert">
            {t('apply.errors.declaration')}
          </p>
        )}
        <div className="choice declaration">
          <input
            type="checkbox"
            id="declaration"
            checked={declared}
            onChange={(e) => setDeclared(e.target.checked)}
            aria-describedby={declError && !declared ? 'declaration-error' : undefined}
            data-testid={T.declaration}
          />
          <label htmlFor="declaration">{t('apply.declaration')}</label>
        </div>
      </div>
      <div className="button-row">
        <button type="button" className="button secondary" onClick={onBack} disabled={busy} data-testid={T.reviewBack}>
          {t('common.back')}
        </button>
        <button type="button" className="button primary" onClick={() => void submit()} disabled={busy} data-testid={T.reviewSubmit}>
          {busy ? t('common.working') : t('apply.submit')}
        </button>
      </div>
    </section>
  );
}
