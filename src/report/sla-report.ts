import path from 'node:path';
import type { SlaFigures } from '../domain/sla-figures.js';
import { slaCsv } from './sla-csv.js';
import { slaHtml } from './sla-html.js';

export { slaCsv, slaCsvColumns, slaCsvRows } from './sla-csv.js';
export { slaHtml } from './sla-html.js';

export type SlaReportFormat = 'csv' | 'html';

/** The format a file name asks for by its extension; null for any other extension. */
export function slaReportFormat(file: string): SlaReportFormat | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.html' || ext === '.htm') return 'html';
  return null;
}

export function renderSlaReport(figures: SlaFigures, format: SlaReportFormat): string {
  return format === 'csv' ? slaCsv(figures) : slaHtml(figures);
}
