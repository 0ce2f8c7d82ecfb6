import { useTranslation } from 'react-i18next';
import { Notice } from '@shared/components/Alert';
import { useLoad } from '@shared/hooks';
import { api, type CaseView } from '../api';
import { browserTimeZone, useFormat } from '../format';
import { receiptDayFacts } from '../receipt-day';
import { T } from '../testids';

const channels = ['web', 'form', 'email', 'hotline', 'sms'];

/** The label of a case's or a message's channel; anything unknown reads "other". */
export function useChannelLabel() {
  const { t } = useTranslation();
  return (channel: string) => t(`channels.${channels.includes(channel) ? channel : 'other'}`);
}

/**
 * The time zone of the line's region, whose calendar sets the receipt day: null while it loads,
 * the browser's own if it cannot be had.
 */
export function useRegionTimeZone(msisdn: string): string | null {
  const zone = useLoad(async () => (await api.serviceHours((await api.line(msisdn)).region)).timeZone, msisdn);
  return zone.data ?? (zone.error !== null ? browserTimeZone() : null);
}

type CaseDates = Pick<CaseView, 'submittedAt' | 'receivedOn' | 'dueOn' | 'dueProvisional' | 'history'>;

/**
 * When the application was submitted, the receipt day (the day the 7 working days count from) and
 * the decision day, as rows of a summary list: two different things, named as such.
 */
export function CaseDays({ c, timeZone }: { c: CaseDates; timeZone: string | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <div>
        <dt>{t('done.submittedAt')}</dt>
        <dd data-testid={T.submittedAt}>{timeZone ? f.dateTimeAt(c.submittedAt, timeZone) : f.dateTime(c.submittedAt)}</dd>
      </div>
      <div>
        <dt>{t('done.receivedOn')}</dt>
        <dd data-testid={T.receivedOn}>
          {f.day(c.receivedOn)}
          <span className="small muted value-note">{t('done.receivedOnHint')}</span>
        </dd>
      </div>
      <div>
        <dt>{t('done.dueOn')}</dt>
        <dd data-testid={T.dueOn}>
          {f.day(c.dueOn)}
          {c.dueProvisional && <span className="small muted"> {t('progress.provisional')}</span>}
        </dd>
      </div>
    </>
  );
}

/**
 * In words, after the summary: why the receipt day is later than the day of submission, and a
 * decision that came before the receipt day. Nothing until the region's time zone is known.
 */
export function ReceiptDayNotes({ c, timeZone }: { c: CaseDates; timeZone: string | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!timeZone) return null;
  const facts = receiptDayFacts(c, timeZone);
  return (
    <>
      {facts.receivedLater && (
        <Notice tone="info" testid={T.receivedLater}>
          <p>{t('done.receivedLater', { day: f.day(c.receivedOn) })}</p>
        </Notice>
      )}
      {facts.decidedEarlyOn && (
        <Notice tone="success" testid={T.decidedEarly}>
          <p>{t('progress.decidedEarly', { day: f.day(facts.decidedEarlyOn) })}</p>
        </Notice>
      )}
    </>
  );
}
