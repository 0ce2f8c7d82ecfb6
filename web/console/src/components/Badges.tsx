import { useTranslation } from 'react-i18next';
import { channels, type Sla } from '../api';
import { T } from '../testids';

const slaIcon: Record<Sla, string> = { on_track: '●', due_soon: '▲', overdue: '■', paused: '❚❚' };

/** The SLA badge: colour and a shape and a word, never colour alone. Decided cases have none. */
export function SlaBadge({ sla, testid = T.slaBadge }: { sla: Sla | null | undefined; testid?: string }) {
  const { t } = useTranslation();
  if (!sla) {
    return (
      <span className="badge sla-none" data-testid={testid} data-sla="none">
        {t('sla.none')}
      </span>
    );
  }
  return (
    <span className={`badge sla-${sla}`} data-testid={testid} data-sla={sla}>
      <span aria-hidden="true" className="badge-icon">
        {slaIcon[sla]}
      </span>
      {t(`sla.${sla}`)}
    </span>
  );
}

export function StateBadge({ state, testid = T.stateBadge }: { state: string; testid?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge state state-${state}`} data-testid={testid} data-state={state}>
      {t(`states.${state}`, { defaultValue: state })}
    </span>
  );
}

export function BreachedFlag({ testid = T.breachedFlag }: { testid?: string }) {
  const { t } = useTranslation();
  return (
    <span className="badge flag-breached" data-testid={testid}>
      <span aria-hidden="true">⚑ </span>
      {t('sla.breached')}
    </span>
  );
}

export function DuplicateFlag({ count, testid = T.duplicateFlag }: { count: number; testid?: string }) {
  const { t } = useTranslation();
  return (
    <span className="badge flag-duplicate" data-testid={testid}>
      <span aria-hidden="true">⧉ </span>
      {t('queue.duplicate', { count })}
    </span>
  );
}

/** Channel names; anything unknown reads "other". */
export function useChannelLabel() {
  const { t } = useTranslation();
  const known: readonly string[] = [...channels, 'phone'];
  return (channel: string) => t(`channels.${known.includes(channel) ? channel : 'other'}`);
}
