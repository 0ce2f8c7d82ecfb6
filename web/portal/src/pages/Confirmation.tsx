import { useTranslation } from 'react-i18next';
import { Loading, Notice } from '@shared/components/Alert';
import { PageHeading } from '@shared/components/PageHeading';
import { phone } from '@shared/format';
import { useLoad } from '@shared/hooks';
import { Link } from '@shared/router';
import { api, type CaseView } from '../api';
import { SubSteps } from '../components/ApplyParts';
import { CaseDays, ReceiptDayNotes, useChannelLabel, useRegionTimeZone } from '../components/CaseDays';
import { CopyButton } from '@shared/components/CopyButton';
import { DownloadButton } from '../components/Download';
import { ErrorNotice } from '../components/ErrorNotice';
import { T } from '../testids';

/** The receipt of an application: the reference, when it was submitted, the receipt day and the day of the decision. */
export function ConfirmationPage({ reference }: { reference: string }) {
  const { t } = useTranslation();
  const view = useLoad(() => api.caseView(reference), reference);
  const c = view.data;

  return (
    <>
      <PageHeading text={t('done.title')} />
      <SubSteps current={2} />
      <section className="card receipt" aria-labelledby="done-ref-title">
        <Notice tone="success">
          <p>{t('done.received')}</p>
        </Notice>
        <h2 id="done-ref-title">{t('done.reference')}</h2>
        <p className="reference" id="case-reference" data-testid={T.reference}>
          {reference}
        </p>
        <CopyButton text={reference} label={t('done.copy')} targetId="case-reference" testid={T.copyReference} />
        <p className="small muted">{t('done.keepReference')}</p>
        {view.loading && !c && <Loading />}
        {view.error !== null && <ErrorNotice error={view.error} />}
        {c && <ReceiptSummary c={c} />}
        <p>{t('done.emailSent')}</p>
        <p>{t('done.next')}</p>
        <div className="button-stack">
          <DownloadButton
            label={t('done.receipt')}
            fileName={`${reference}.pdf`}
            fetchBlob={() => api.receipt(reference)}
            testid={T.receiptDownload}
            linkTestId={T.receiptLink}
          />
          <Link to={`/progress/${encodeURIComponent(reference)}`} className="button primary">
            {t('done.toProgress')}
          </Link>
        </div>
      </section>
    </>
  );
}

function ReceiptSummary({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const channelLabel = useChannelLabel();
  const timeZone = useRegionTimeZone(c.msisdn);
  return (
    <>
      <dl className="summary">
        <div>
          <dt>{t('done.line')}</dt>
          <dd>{phone(c.msisdn)}</dd>
        </div>
        <CaseDays c={c} timeZone={timeZone} />
        <div>
          <dt>{t('done.channel')}</dt>
          <dd>{channelLabel(c.channel)}</dd>
        </div>
      </dl>
      <ReceiptDayNotes c={c} timeZone={timeZone} />
    </>
  );
}
