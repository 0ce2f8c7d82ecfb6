import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../api';
import { useFormat } from '../format';

type MailAuthResults = NonNullable<CaseDetail['mailAuth']>;

/** Green for pass, red for a failure, grey for everything that proves nothing either way. */
function ResultBadge({ result }: { result: string }) {
  const { t } = useTranslation();
  const tone = result === 'pass' ? 'sla-on_track' : ['fail', 'softfail', 'permerror'].includes(result) ? 'flag-breached' : 'sla-none';
  return (
    <span className={`badge ${tone}`} data-result={result}>
      {t(`case.mailAuth.results.${result}`, { defaultValue: result })}
    </span>
  );
}

/**
 * How the mail that opened the case was authenticated when it arrived. A pass says the sender's
 * domain vouches for the mail; none or neutral says nothing, so the reviewer looks harder at the form.
 */
export function MailAuth({ auth }: { auth: MailAuthResults }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <p className="small muted">{t('case.mailAuth.intro')}</p>
      <dl className="summary" data-testid="case-mail-auth">
        <div>
          <dt>SPF</dt>
          <dd>
            <ResultBadge result={auth.spf.result} /> {auth.spf.domain && <span className="mono small">{auth.spf.domain}</span>}
          </dd>
        </div>
        <div>
          <dt>DKIM</dt>
          <dd>
            <ResultBadge result={auth.dkim.result} />
            {auth.dkim.signatures.map((s) => (
              <span key={`${s.domain}/${s.selector ?? ''}`} className="mono small">
                {' '}
                {s.domain}
                {s.selector ? ` (${s.selector})` : ''}: {s.result}
                {s.aligned ? ` · ${t('case.mailAuth.aligned')}` : ''}
              </span>
            ))}
          </dd>
        </div>
        <div>
          <dt>DMARC</dt>
          <dd>
            <ResultBadge result={auth.dmarc.result} /> {auth.dmarc.policy && <span className="small">{t('case.mailAuth.policy', { policy: auth.dmarc.policy })}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('case.mailAuth.messageId')}</dt>
          <dd className="mono small wrap-anywhere">{auth.messageId ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('case.mailAuth.receivedAt')}</dt>
          <dd>{f.dateTime(auth.receivedAt)}</dd>
        </div>
      </dl>
    </>
  );
}
