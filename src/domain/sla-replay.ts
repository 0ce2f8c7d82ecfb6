import type { IsoDate } from './calendar.js';

/** A case event as the history keeps it. */
export interface SlaEvent {
  type: string;
  at: Date | string;
  data?: Record<string, unknown> | undefined;
}

/** The SLA of a case as its history tells it. */
export interface ReplayedSla {
  receivedOn: IsoDate | null;
  dueOn: IsoDate | null;
  paused: boolean;
  pauseReasons: string[];
  totalPausedDays: number;
  warnedAt: string | null;
  breachedAt: string | null;
  breachedDueOn: IsoDate | null;
}

const iso = (at: Date | string) => (typeof at === 'string' ? at : at.toISOString());
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Rebuilds a case's SLA from its history alone — start, pauses, resumes, recomputations,
 * warning and breach — so that the dashboard's figures and an auditor's check need nothing
 * but the evidence bundle. The result must equal what the case row holds.
 */
export function replaySla(events: readonly SlaEvent[]): ReplayedSla {
  const s: ReplayedSla = { receivedOn: null, dueOn: null, paused: false, pauseReasons: [], totalPausedDays: 0, warnedAt: null, breachedAt: null, breachedDueOn: null };
  for (const e of events) {
    const d = e.data ?? {};
    switch (e.type) {
      case 'sla_started':
        s.receivedOn = str(d.receivedOn);
        s.dueOn = str(d.dueOn);
        break;
      case 'sla_paused':
        s.paused = true;
        s.dueOn = str(d.dueOn) ?? s.dueOn;
        if (typeof d.reason === 'string' && !s.pauseReasons.includes(d.reason)) s.pauseReasons.push(d.reason);
        break;
      case 'sla_resumed':
        s.paused = false;
        s.dueOn = str(d.dueOn) ?? s.dueOn;
        if (typeof d.totalPausedDays === 'number') s.totalPausedDays = d.totalPausedDays;
        break;
      case 'sla_recomputed': {
        const to = (d.to ?? {}) as Record<string, unknown>;
        s.receivedOn = str(to.receivedOn) ?? s.receivedOn;
        s.dueOn = str(to.dueOn) ?? s.dueOn;
        break;
      }
      case 'sla_warned':
        s.warnedAt ??= iso(e.at);
        break;
      case 'sla_breached':
        if (!s.breachedAt) {
          s.breachedAt = iso(e.at);
          s.breachedDueOn = str(d.dueOn);
        }
        break;
      case 'withdraw':
      case 'lapse':
        s.paused = false;
        break;
    }
  }
  return s;
}
