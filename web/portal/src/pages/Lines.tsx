import { useTranslation } from 'react-i18next';
import { Loading } from '@shared/components/Alert';
import { PageHeading } from '@shared/components/PageHeading';
import { phone } from '@shared/format';
import { useLoad } from '@shared/hooks';
import { Link } from '@shared/router';
import { api } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { LineStatusPill } from '../components/LineStatus';
import { getSession, setCurrentLine, useSession } from '../session';
import { T, lineId } from '../testids';

/** Every line registered to the verified person, so a line they did not know about stands out. */
export function LinesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const lines = useLoad(() => api.lines(), getSession()!.verifiedMsisdn);
  const items = lines.data?.items ?? [];

  return (
    <>
      <PageHeading text={t('lines.title')} sub={t('lines.intro')} />
      {lines.loading && !lines.data && <Loading />}
      {lines.error !== null && <ErrorNotice error={lines.error} />}
      {lines.data && (
        <>
          <p role="status">{t('lines.count', { n: items.length })}</p>
          <ul className="line-list" data-testid={T.lines}>
            {items.map((line) => {
              const current = session?.msisdn === line.msisdn;
              const live = line.status !== 'terminated' && line.status !== 'released';
              const headingId = `line-h-${line.msisdn.replace(/\D/g, '')}`;
              return (
                <li key={line.msisdn} className={`card line-card${current ? ' current' : ''}`} data-testid={lineId(line.msisdn)}>
                  <h2 id={headingId} className="line-number">
                    {phone(line.msisdn)}
                    {current && <span className="badge">{t('lines.current')}</span>}
                  </h2>
                  <p>
                    <LineStatusPill line={line} /> <span className="small muted">· {t(`account.plans.${line.plan}`)} · {t(`account.simTypes.${line.simType}`)}</span>
                  </p>
                  {line.openCase && <p className="small">{t('lines.openCase', { reference: line.openCase.reference })}</p>}
                  <ul className="inline-actions">
                    <li>
                      <Link to="/account" beforeNavigate={() => setCurrentLine(line.msisdn)} aria-describedby={headingId}>
                        {t('lines.account')}
                      </Link>
                    </li>
                    {line.status === 'active' && (
                      <li>
                        <Link to="/lost" beforeNavigate={() => setCurrentLine(line.msisdn)} aria-describedby={headingId}>
                          {t('lines.lost')}
                        </Link>
                      </li>
                    )}
                    {live && (
                      <li>
                        <Link to={line.openCase ? `/progress/${encodeURIComponent(line.openCase.reference)}` : '/apply'} beforeNavigate={() => setCurrentLine(line.msisdn)} aria-describedby={headingId}>
                          {line.openCase ? t('lines.progress') : t('lines.apply')}
                        </Link>
                      </li>
                    )}
                  </ul>
                </li>
              );
            })}
          </ul>
          <p className="small muted">{t('lines.unknown')}</p>
        </>
      )}
    </>
  );
}
