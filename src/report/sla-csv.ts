import type { Compliance, SlaFigures } from '../domain/sla-figures.js';
import { caseChannels } from '../domain/channels.js';

/**
 * The figures as one CSV table (RFC 4180: CRLF line ends, quoting where needed). The `section`
 * column says which figure a row belongs to; a row fills only the columns its section uses.
 */
export const slaCsvColumns = ['section', 'key', 'decided', 'on_time', 'share', 'count', ...caseChannels] as const;
type Column = (typeof slaCsvColumns)[number];
type CsvRow = Partial<Record<Column, string | number | null>>;

function field(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const compliance = (section: string, key: string, c: Compliance): CsvRow => ({ section, key, decided: c.decided, on_time: c.onTime, share: c.share });

export function slaCsvRows(f: SlaFigures): CsvRow[] {
  return [
    // ISO 8601 interval notation: the period the compliance and intake rows cover.
    { section: 'period', key: `${f.from}/${f.to}` },
    compliance('compliance_overall', 'all', f.compliance.overall),
    ...f.compliance.byWeek.map((w) => compliance('compliance_week', w.week, w)),
    ...f.compliance.byChannel.map((c) => compliance('compliance_channel', c.channel, c)),
    ...f.compliance.byPauseReason.map((r) => compliance('compliance_pause_reason', r.reason, r)),
    ...f.ageing.map((a) => ({ section: 'ageing', key: a.bucket, count: a.count })),
    ...f.intake.map((d) => ({ section: 'intake', key: d.day, count: caseChannels.reduce((n, ch) => n + d[ch], 0), ...Object.fromEntries(caseChannels.map((ch) => [ch, d[ch]])) })),
    ...Object.entries(f.openByState).map(([state, count]) => ({ section: 'open_state', key: state, count })),
    { section: 'open_summary', key: 'breached_open', count: f.breachedOpen },
    { section: 'open_summary', key: 'callbacks_waiting', count: f.callbacksWaiting },
  ];
}

export function slaCsv(f: SlaFigures): string {
  const lines = [slaCsvColumns.join(','), ...slaCsvRows(f).map((row) => slaCsvColumns.map((c) => field(row[c])).join(','))];
  return lines.join('\r\n') + '\r\n';
}
