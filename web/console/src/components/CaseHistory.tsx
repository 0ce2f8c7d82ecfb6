import { useTranslation } from 'react-i18next';
import type { CaseEvent } from '@shared/shapes';
import { actorName, useFormat } from '../format';
import { T } from '../testids';

/**
 * Data kept for the evidence bundle and the audit, not for reading on the page: the pre-check
 * snapshot, hashes, the calendar's version string, ids.
 */
const unshown = new Set(['precheck', 'receiptSha256', 'calendarVersion', 'callId', 'communicationId', 'subscriberId', 'documentIds']);

const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const isInstant = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v);

/** One event's data as label/value pairs: days and times formatted, lists of cases joined, nothing nested shown raw. */
export function useEventDetails() {
  const { t } = useTranslation();
  const f = useFormat();
  const value = (v: unknown): string => {
    if (isDay(v)) return f.day(v);
    if (isInstant(v)) return f.dateTime(v);
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    if (Array.isArray(v)) return v.map((x) => (x && typeof x === 'object' && 'reference' in x ? String((x as { reference: unknown }).reference) : value(x))).join(', ');
    if (v && typeof v === 'object') {
      return Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => `${t(`eventKeys.${k}`, { defaultValue: k })}: ${value(x)}`)
        .join('; ');
    }
    return '';
  };
  // Values that are codes read as words.
  const named: Record<string, (v: string) => string> = {
    channel: (v) => t(`channels.${v}`, { defaultValue: v }),
    outcome: (v) => t(`desk.outcomes.${v}`, { defaultValue: v }),
    direction: (v) => t(`desk.direction.${v}`, { defaultValue: v }),
    reason: (v) => (/^[a-z_]+$/.test(v) ? t(`pauseReasons.${v}`, { defaultValue: v }) : v),
  };
  return (data: Record<string, unknown> | undefined) =>
    Object.entries(data ?? {})
      .filter(([k, v]) => !unshown.has(k) && v !== null && v !== undefined && v !== '')
      .map(([k, v]) => ({ key: k, label: t(`eventKeys.${k}`, { defaultValue: k }), value: typeof v === 'string' && named[k] ? named[k](v) : value(v) }));
}

/** The full history, oldest first: state changes, SLA marks, notes, calls, documents. */
export function CaseHistory({ history }: { history: CaseEvent[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const details = useEventDetails();
  return (
    <ol className="history-list" data-testid={T.history}>
      {history.map((e) => {
        const rows = details(e.data);
        const kind = e.type.startsWith('sla_') || e.type === 'lapse' ? 'sla' : e.to && e.from !== e.to ? 'state' : 'other';
        return (
          <li key={e.seq} className={`history-${kind}`} data-testid={T.historyEvent} data-type={e.type}>
            <span className="tl-marker" aria-hidden="true" />
            <div className="tl-body">
              <p className="tl-title">
                {t(`events.${e.type}`, { defaultValue: e.type })}
                {e.to && e.from !== e.to && (
                  <span className="small muted">
                    {' '}
                    ({e.from ? `${t(`states.${e.from}`)} → ` : ''}
                    {t(`states.${e.to}`)})
                  </span>
                )}
              </p>
              <p className="small muted">
                <time dateTime={e.at}>{f.dateTime(e.at)}</time> · {actorName(e.actor)}
              </p>
              {rows.length > 0 && (
                <dl className="event-data">
                  {rows.map((r) => (
                    <div key={r.key}>
                      <dt>{r.label}</dt>
                      <dd>{r.value}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
