import crypto from 'node:crypto';
import type { Compliance, SlaFigures } from '../domain/sla-figures.js';
import { caseChannels } from '../domain/channels.js';
import { chartJsCode } from './chart-js.js';
import { ageingLabels, both, channelLabels, headings, pauseReasonLabels, stateLabels, words, type Bilingual } from './labels.js';
import { drawChartsScript } from './draw-charts.js';

/*
 * The SLA figures as one self-contained page: Chart.js and the data inlined, so it opens offline
 * from a file and nothing leaves the machine (its Content-Security-Policy allows no fetching at
 * all). Every chart has its figures as a table under it, for screen readers and for copying.
 */

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON that cannot end its <script> element early: <, > and & as \u escapes (still the same JSON). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const sha256 = (text: string) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Chinese, then the English in its own language span. */
const label = (l: Bilingual) => `${escapeHtml(l.zh)} <span lang="en">/ ${escapeHtml(l.en)}</span>`;

const percent = (share: number | null) => (share === null ? '—' : `${(Math.round(share * 1000) / 10).toFixed(1)}%`);

function table(caption: Bilingual, head: Bilingual[], rows: { th: string; cells: (string | number)[] }[]): string {
  const headRow = head.map((h) => `<th scope="col">${label(h)}</th>`).join('');
  const body = rows.map((r) => `<tr><th scope="row">${r.th}</th>${r.cells.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`).join('\n');
  return `<table><caption>${label(caption)}</caption><thead><tr>${headRow}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const complianceCells = (c: Compliance) => [c.decided, c.onTime, percent(c.share)];
const complianceHead = (first: Bilingual) => [first, words.decided, words.onTime, words.share];

function section(id: string, heading: Bilingual, note: Bilingual, tableHtml: string): string {
  return `<section aria-labelledby="h-${id}">
<h2 id="h-${id}">${label(heading)}</h2>
<p class="note">${label(note)}</p>
<div class="chart"><canvas id="chart-${id}" role="img" aria-label="${escapeHtml(`${both(heading)} — ${both(words.chartNote)}`)}"></canvas></div>
${tableHtml}
</section>`;
}

/** What the drawing script reads: the figures and the labels of its axes and bars. */
function chartData(f: SlaFigures) {
  const plain = <K extends string>(m: Record<K, Bilingual>) => Object.fromEntries(Object.entries<Bilingual>(m).map(([k, v]) => [k, both(v)]));
  return {
    figures: f,
    labels: {
      channels: plain(channelLabels),
      states: plain(stateLabels),
      reasons: plain(pauseReasonLabels),
      buckets: plain(ageingLabels),
      share: both(words.share),
      cases: both(words.cases),
      week: both(words.week),
      day: both(words.day),
      decided: both(words.decided),
      onTime: both(words.onTime),
      nothingDecided: both(words.nothingDecided),
    },
  };
}

const style = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #1f2937; background: #fff; }
body { margin: 0 auto; padding: 1rem; max-width: 72rem; line-height: 1.45; }
h1 { font-size: 1.5rem; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin: 0 0 0.25rem; }
[lang="en"] { color: #4b5563; }
.meta { color: #374151; margin: 0.25rem 0; }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0.75rem; margin: 1rem 0; padding: 0; }
.summary div { border: 1px solid #d1d5db; border-radius: 0.5rem; padding: 0.5rem 0.75rem; }
.summary dt { font-size: 0.85rem; }
.summary dd { margin: 0; font-size: 1.6rem; font-weight: 600; }
section { border-top: 1px solid #e5e7eb; padding: 1rem 0; }
.note { font-size: 0.85rem; margin: 0 0 0.5rem; }
.chart { position: relative; height: 300px; }
table { border-collapse: collapse; margin-top: 0.75rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
th, td { border: 1px solid #d1d5db; padding: 0.2rem 0.6rem; text-align: right; }
th[scope="row"], thead th:first-child { text-align: left; }
thead th { background: #f3f4f6; }
@media print { .chart { break-inside: avoid; } }
`;

export function slaHtml(f: SlaFigures): string {
  const period = `${f.from} – ${f.to}`;
  const byLabel = <K extends string>(labels: Record<K, Bilingual>, key: K) => label(labels[key]);
  const sections = [
    section('week', headings.week, words.compliance, table(headings.week, complianceHead(words.week),
      f.compliance.byWeek.map((w) => ({ th: escapeHtml(w.week), cells: complianceCells(w) })))),
    section('channel', headings.channel, words.compliance, table(headings.channel, complianceHead(words.channel),
      f.compliance.byChannel.map((c) => ({ th: byLabel(channelLabels, c.channel), cells: complianceCells(c) })))),
    section('pause-reason', headings.pauseReason, { zh: `${words.compliance.zh}暂停过多种原因的案件在每种原因下各计一次。`, en: `${words.compliance.en} A case paused for several reasons counts under each.` },
      table(headings.pauseReason, complianceHead(words.reason), f.compliance.byPauseReason.map((r) => ({ th: byLabel(pauseReasonLabels, r.reason), cells: complianceCells(r) })))),
    section('ageing', headings.ageing, words.nowNote, table(headings.ageing, [words.bucket, words.cases],
      f.ageing.map((a) => ({ th: byLabel(ageingLabels, a.bucket), cells: [a.count] })))),
    section('intake', headings.intake, words.intakeNote, table(headings.intake, [words.day, ...caseChannels.map((c) => channelLabels[c]), words.total],
      f.intake.map((d) => ({ th: escapeHtml(d.day), cells: [...caseChannels.map((c) => d[c]), caseChannels.reduce((n, c) => n + d[c], 0)] })))),
    section('open-state', headings.openState, words.nowNote, table(headings.openState, [words.state, words.cases],
      (Object.keys(f.openByState) as (keyof typeof f.openByState)[]).map((s) => ({ th: byLabel(stateLabels, s), cells: [f.openByState[s]] })))),
  ];
  const overall = f.compliance.overall;
  const chartJs = chartJsCode();
  const csp = `default-src 'none'; script-src ${sha256(chartJs)} ${sha256(drawChartsScript)}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${escapeHtml(`${both(headings.title)} ${period}`)}</title>
<style>${style}</style>
</head>
<body>
<header>
<h1>${label(headings.title)}</h1>
<p class="meta">${label(words.period)}: ${escapeHtml(period)} · ${label(words.generatedAt)}: <time datetime="${escapeHtml(f.generatedAt)}">${escapeHtml(f.generatedAt)}</time></p>
<dl class="summary">
<div><dt>${label(words.overall)}</dt><dd id="overall-share">${escapeHtml(percent(overall.share))}</dd></div>
<div><dt>${label(words.decided)} · ${label(words.onTime)}</dt><dd id="overall-counts">${overall.decided} · ${overall.onTime}</dd></div>
<div><dt>${label(words.breachedOpen)}</dt><dd id="breached-open">${f.breachedOpen}</dd></div>
<div><dt>${label(words.callbacksWaiting)}</dt><dd id="callbacks-waiting">${f.callbacksWaiting}</dd></div>
</dl>
</header>
<main>
${sections.join('\n')}
</main>
<script type="application/json" id="sla-data">${scriptJson(chartData(f))}</script>
<script>${chartJs}</script>
<script>${drawChartsScript}</script>
</body>
</html>
`;
}
