/**
 * The file of a bulk termination (CONTRACT §10): a CSV with a header naming an `msisdn` column;
 * other columns are the regulator's own and are ignored. Pure: text in, the lines to end out,
 * each with what is already known about it from the file alone.
 */
import { parseCsv } from './subscriber-csv.js';
import { sha256Hex } from './sha256.js';

export interface BulkFileLine {
  /** 1-based position among the data rows: the resumption cursor counts these. */
  index: number;
  /** Line of the file where the row starts, for the operator's report. */
  line: number;
  msisdn: string;
  /** Decided from the file alone: a repeated number, or one that cannot be a number at all. */
  verdict?: { outcome: 'skipped'; reason: 'duplicate'; detail: string } | { outcome: 'failed'; detail: string };
}

/** The file or the request cannot be worked at all (bad usage: the CLI exits 2 with this message). */
export class BulkInputError extends Error {}

/** The shape the lines table allows (E.164); a number of that shape not in our records is "unknown". */
const e164 = /^\+[1-9][0-9]{6,14}$/;

/** SHA-256 of the bytes: a rerun on the same file finds its run by it. */
export const bulkFileDigest = (bytes: Buffer): string => sha256Hex(bytes);

/** The number in E.164, as written or as a spreadsheet spells it (spaces, dashes, no '+'); null if it is none. */
function asE164(given: string): string | null {
  if (e164.test(given)) return given;
  const compact = given.replace(/[\s-]/g, '');
  const candidate = /^[1-9]\d{6,14}$/.test(compact) ? `+${compact}` : compact;
  return e164.test(candidate) ? candidate : null;
}

export function parseBulkFile(text: string): BulkFileLine[] {
  const { records, problems } = parseCsv(text);
  const [header, ...data] = records;
  if (!header || header.line !== 1) throw new BulkInputError('the file has no header row on line 1');
  const column = header.fields.findIndex((h) => h.trim().toLowerCase() === 'msisdn');
  if (column < 0) throw new BulkInputError('the header has no msisdn column');
  // A malformed record would shift every number after it; refusing the file is safer than guessing.
  if (problems.length > 0) throw new BulkInputError(`line ${problems[0]!.line}: ${problems[0]!.reason}`);
  if (data.length === 0) throw new BulkInputError('the file lists no lines');
  // Each number also as a number (E.164 has at most 15 digits: exact in a double), to find repeats.
  const keys = new Float64Array(data.length);
  const lines = data.map((rec, i): BulkFileLine => {
    const given = (rec.fields[column] ?? '').trim();
    const msisdn = asE164(given);
    keys[i] = msisdn === null ? NaN : Number(msisdn.slice(1));
    // A number that is none is reported as the file spells it.
    if (msisdn === null) return { index: i + 1, line: rec.line, msisdn: given, verdict: { outcome: 'failed', detail: `msisdn: ${JSON.stringify(given.slice(0, 40))} is not an E.164 number` } };
    return { index: i + 1, line: rec.line, msisdn };
  });
  // Most files repeat no number: sorting the numbers finds the ones that repeat (a million: 0.1 s),
  // and only those are followed through the file (a map of every number took most of a second).
  const sorted = keys.slice().sort();
  const repeated = new Set<number>();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) repeated.add(sorted[i]!);
  if (repeated.size === 0) return lines;
  const firstLine = new Map<number, number>();
  lines.forEach((l, i) => {
    const key = keys[i]!;
    if (!repeated.has(key)) return;
    const seen = firstLine.get(key);
    if (seen === undefined) firstLine.set(key, l.line);
    else l.verdict = { outcome: 'skipped', reason: 'duplicate', detail: `listed before on line ${seen}` };
  });
  return lines;
}

/** The reason every case of the run carries, as the customer's notice quotes it. */
export function checkBulkReason(reason: string): string {
  const r = reason.trim();
  // No control characters: the reason goes into every notice, whose stand-ins are control characters.
  if (r.length < 1 || r.length > 500 || /[\u0000-\u001f\u007f]/.test(r)) throw new BulkInputError('--reason: 1–500 characters on one line, no control characters');
  return r;
}
