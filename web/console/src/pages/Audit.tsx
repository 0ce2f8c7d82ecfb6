import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, Notice } from '@shared/components/Alert';
import { Field } from '@shared/components/Field';
import { PageHeading } from '@shared/components/PageHeading';
import { Link, navigate, useQuery } from '@shared/router';
import { api, evidenceUrl, type AuditRow, type AuditVerification } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { actorName, useFormat } from '../format';
import { may } from '../roles';
import { useSession } from '../session';
import { T } from '../testids';

const referencePattern = /^LC-\d{4}-\d{7}-\d$/;

function VerifyChain() {
  const { t } = useTranslation();
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.verifyAudit());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('audit.verifyTitle')}</h2>
      <p className="small muted">{t('audit.verifyLead')}</p>
      <button type="button" className="button primary" onClick={() => void run()} disabled={busy} data-testid={T.auditVerify}>
        {busy ? t('audit.verifying') : t('audit.verify')}
      </button>
      <div aria-live="polite">
        <ErrorNotice error={error} />
        {result && (
          <div data-testid={T.auditVerifyResult} data-ok={result.ok ? 'true' : 'false'}>
            {result.ok ? (
              <Notice tone="success">
                <p>
                  <span aria-hidden="true">✓ </span>
                  {t('audit.ok', { count: result.checked })}
                </p>
              </Notice>
            ) : (
              <Notice tone="error">
                <p>
                  <span aria-hidden="true">✗ </span>
                  {t('audit.broken', { count: result.checked, seq: result.firstBroken?.seq ?? '?' })}
                </p>
              </Notice>
            )}
          </div>
        )}
      </div>
    </section>
  );
}

function dataText(data: unknown): string {
  if (data === null || data === undefined) return '';
  const s = typeof data === 'string' ? data : JSON.stringify(data);
  return s.length > 240 ? `${s.slice(0, 240)}…` : s;
}

function AuditSearch({ mayExport }: { mayExport: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery();
  const ref = (q.get('ref') ?? '').trim().toUpperCase();
  const [draft, setDraft] = useState(ref);
  const [invalid, setInvalid] = useState<string | undefined>();
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = async (after?: number) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.audit(ref, after);
      setRows((old) => (after ? [...(old ?? []), ...r.items] : r.items));
      setNext(r.next);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    setDraft(ref);
    setRows(null);
    setNext(null);
    if (ref) void load();
  }, [ref]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = draft.trim().toUpperCase();
    if (!referencePattern.test(v)) return setInvalid(t('audit.refInvalid'));
    setInvalid(undefined);
    if (v === ref) void load();
    else navigate(`/audit?ref=${encodeURIComponent(v)}`, { keepScroll: true });
  };

  return (
    <section className="card" aria-labelledby="search-title">
      <h2 id="search-title">{t('audit.searchTitle')}</h2>
      <form onSubmit={submit} noValidate data-testid={T.auditSearchForm}>
        <Field id="audit-ref" label={t('audit.ref')} hint={t('audit.refHint')} error={invalid}>
          {(p) => (
            <div className="inline-field">
              <input {...p} type="text" autoComplete="off" spellCheck={false} value={draft} onChange={(e) => setDraft(e.target.value)} data-testid={T.auditRef} />
              <button type="submit" className="button primary small-button" disabled={busy} data-testid={T.auditSearchSubmit}>
                {t('audit.search')}
              </button>
            </div>
          )}
        </Field>
      </form>
      <ErrorNotice error={error} />
      {ref && (
        <div className="button-row">
          <Link to={`/cases/${encodeURIComponent(ref)}`} className="button secondary small-button">
            {t('audit.openCase')}
          </Link>
          {mayExport && (
            <a className="button secondary small-button" href={evidenceUrl(ref)} download={`${ref}-evidence.json`} data-testid={T.evidenceDownload}>
              {t('audit.export')}
            </a>
          )}
        </div>
      )}
      {busy && !rows && <Loading />}
      {rows && rows.length === 0 && (
        <p className="muted" data-testid={T.auditEmpty}>
          {t('audit.empty')}
        </p>
      )}
      {rows && rows.length > 0 && (
        <>
          <p className="small muted" role="status">
            {t('audit.count', { count: rows.length })}
          </p>
          <table className="responsive audit" data-testid={T.auditTable}>
            <caption className="visually-hidden">{t('audit.caption', { ref })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.seq')}</th>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.data')}</th>
                <th scope="col">{t('audit.hash')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.seq} data-testid={T.auditRow} data-seq={r.seq} data-action={r.action}>
                  <th scope="row" data-label={t('audit.seq')}>
                    {r.seq}
                  </th>
                  <td data-label={t('audit.at')}>{f.dateTime(r.at)}</td>
                  <td data-label={t('audit.actor')}>{actorName(r.actor)}</td>
                  <td data-label={t('audit.action')}>
                    <code>{r.action}</code>
                  </td>
                  <td data-label={t('audit.data')} className="mono small wrap-anywhere">
                    {dataText(r.data)}
                  </td>
                  <td data-label={t('audit.hash')} className="mono small" title={r.hash}>
                    {r.hash.slice(0, 12)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {next !== null && (
            <button type="button" className="button secondary small-button" onClick={() => void load(next)} disabled={busy} data-testid={T.auditMore}>
              {t('audit.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** The auditor's page: verify the hash chain, read a case's audit rows, export its evidence bundle. */
export function AuditPage() {
  const { t } = useTranslation();
  const session = useSession()!;
  return (
    <section>
      <PageHeading text={t('audit.title')} sub={t('audit.lead')} />
      {may(session.role, 'audit.verify') && <VerifyChain />}
      {may(session.role, 'audit.read') && <AuditSearch mayExport={may(session.role, 'evidence.export')} />}
    </section>
  );
}
