import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';
import { T } from '../testids';

const channels = ['web', 'form', 'email', 'hotline', 'sms'];

/** The label of a case's or a message's channel; anything unknown reads "other". */
export function useChannelLabel() {
  const { t } = useTranslation();
  return (channel: string) => t(`channels.${channels.includes(channel) ? channel : 'other'}`);
}

/** The receipt day and the decision day of a case, as rows of a summary list. */
export function CaseDays({ receivedOn, dueOn, dueProvisional }: { receivedOn: string; dueOn: string; dueProvisional: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <div>
        <dt>{t('done.receivedOn')}</dt>
        <dd data-testid={T.receivedOn}>{f.day(receivedOn)}</dd>
      </div>
      <div>
        <dt>{t('done.dueOn')}</dt>
        <dd data-testid={T.dueOn}>
          {f.day(dueOn)}
          {dueProvisional && <span className="small muted"> {t('progress.provisional')}</span>}
        </dd>
      </div>
    </>
  );
}
