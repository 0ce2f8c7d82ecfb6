/**
 * The subscriber import file: an RFC 4180 CSV with one line (SIM) per row. Pure: text in,
 * typed rows and per-line problems out, so a bad file is reported before anything is stored.
 */
import { isIsoDate, type IsoDate } from './calendar.js';
import { bindingKinds, type BindingKind } from './precheck.js';
import type { Language } from './templates.js';
import { foldEmail, foldName, idNumberProblem, idTypes, isValidIccid, normaliseMsisdn, type IdType } from './validation.js';

export interface CsvRecord {
  /** 1-based line in the file where the record starts (a quoted field may span lines). */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  reason: string;
}

/** Splits CSV text into records; a malformed record is reported and left out, the rest go on. */
export function parseCsv(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const start = line;
    // Most records hold no quote: they are the text up to the line end, cut at the commas. A
    // million-line import spends most of its parsing here, so this skips the state machine.
    const end = src.indexOf('\n', i);
    const text = src.slice(i, end < 0 ? src.length : end);
    if (!text.includes('"')) {
      const fields = (text.endsWith('\r') && end >= 0 ? text.slice(0, -1) : text).split(',');
      i = end < 0 ? src.length : end + 1;
      line++;
      if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
      continue;
    }
    const fields: string[] = [];
    let field = '';
    let state: 'start' | 'plain' | 'quoted' | 'closed' = 'start';
    let bad = false;
    for (;;) {
      const c = src[i];
      if (state === 'quoted') {
        if (c === undefined) break;
        if (c === '"' && src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        if (c === '"') state = 'closed';
        else field += c;
        if (c === '\n') line++;
        i++;
        continue;
      }
      const eol = c === '\n' || (c === '\r' && src[i + 1] === '\n');
      if (c === undefined || c === ',' || eol) {
        fields.push(field);
        field = '';
        state = 'start';
        if (c === ',') {
          i++;
          continue;
        }
        if (eol) {
          i += c === '\r' ? 2 : 1;
          line++;
        }
        break;
      }
      if (c === '"' && state === 'start') state = 'quoted';
      else {
        // A bare quote, or text after a closing quote, is not RFC 4180; keep reading to the row's end.
        if (c === '"' || state === 'closed') bad = true;
        field += c;
        state = 'plain';
      }
      i++;
    }
    if (state === 'quoted') {
      problems.push({ line: start, reason: 'a quoted field is not closed before the end of the file' });
      break;
    }
    if (bad) problems.push({ line: start, reason: 'a double quote inside a field must be in a quoted field and doubled' });
    // Blank lines carry no data; skipping them tolerates a trailing newline or two.
    else if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
  }
  return { records, problems };
}

export const subscriberCsvColumns = [
  'name', 'id_type', 'id_number', 'email', 'language', 'region', 'msisdn', 'iccid', 'imsi', 'sim_type',
  'plan', 'balance_minor', 'currency', 'contract_end', 'status', 'terminated_on', 'bindings',
] as const;
/** Columns a file may add; the demo file and older exports do without them. */
export const optionalSubscriberCsvColumns = ['address'] as const;
type Column = (typeof subscriberCsvColumns)[number] | (typeof optionalSubscriberCsvColumns)[number];

export const importLineStatuses = ['active', 'suspended', 'pending_termination', 'terminated', 'released'] as const;
export type ImportLineStatus = (typeof importLineStatuses)[number];

export interface SubscriberImportRow {
  line: number;
  name: string;
  idType: IdType;
  idNumber: string;
  email: string;
  /** Postal address, when the file has the column and the cell is not empty. */
  address: string | null;
  language: Language;
  region: string;
  msisdn: string;
  iccid: string;
  imsi: string;
  simType: 'physical' | 'esim';
  plan: 'prepaid' | 'postpaid';
  balanceMinor: number;
  currency: string;
  contractEnd: IsoDate | null;
  status: ImportLineStatus;
  terminatedOn: IsoDate | null;
  bindings: { kind: BindingKind; state: 'bound' | 'unbound' }[];
}

/** `today` (YYYY-MM-DD) refuses resident IDs whose birth date lies after it. */
export function parseSubscriberCsv(text: string, today?: string): { rows: SubscriberImportRow[]; problems: CsvProblem[] } {
  const { records, problems } = parseCsv(text);
  const [header, ...data] = records;
  if (!header || header.line !== 1) {
    return { rows: [], problems: [{ line: 1, reason: 'the file has no header row on line 1' }, ...problems] };
  }
  const headerProblem = checkHeader(header.fields.map((h) => h.trim()));
  if (headerProblem) return { rows: [], problems: [{ line: 1, reason: headerProblem }] };
  const index = new Map(header.fields.map((h, i) => [h.trim(), i]));

  const rows: SubscriberImportRow[] = [];
  const lineOfMsisdn = new Map<string, number>();
  const lineOfIccid = new Map<string, number>();
  const firstOfPerson = new Map<string, SubscriberImportRow>();
  for (const rec of data) {
    if (rec.fields.length !== header.fields.length) {
      problems.push({ line: rec.line, reason: `the row has ${rec.fields.length} fields but the header has ${header.fields.length}` });
      continue;
    }
    const get = (c: Column) => {
      const i = index.get(c);
      return i === undefined ? '' : (rec.fields[i] ?? '');
    };
    const result = validateRow(rec.line, get, today);
    if (typeof result === 'string') {
      problems.push({ line: rec.line, reason: result });
      continue;
    }
    const reason = crossRowProblem(result, lineOfMsisdn, lineOfIccid, firstOfPerson);
    if (reason) {
      problems.push({ line: rec.line, reason });
      continue;
    }
    lineOfMsisdn.set(result.msisdn, rec.line);
    lineOfIccid.set(result.iccid, rec.line);
    if (!firstOfPerson.has(personKey(result))) firstOfPerson.set(personKey(result), result);
    rows.push(result);
  }
  problems.sort((a, b) => a.line - b.line);
  return { rows, problems };
}

function checkHeader(cols: string[]): string | null {
  const expected = new Set<string>([...subscriberCsvColumns, ...optionalSubscriberCsvColumns]);
  const seen = new Set<string>();
  for (const c of cols) {
    if (!expected.has(c)) return `header: unknown column ${JSON.stringify(c)}`;
    if (seen.has(c)) return `header: column ${JSON.stringify(c)} appears twice`;
    seen.add(c);
  }
  const missing = subscriberCsvColumns.filter((c) => !seen.has(c));
  return missing.length ? `header: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : null;
}

const show = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
const oneOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

/** The typed row, or the first problem in column order (one reason per skipped line). */
function validateRow(line: number, get: (c: Column) => string, today: string | undefined): SubscriberImportRow | string {
  const name = get('name').normalize('NFKC').trim();
  if (name.length < 1 || name.length > 200) return 'name: must be 1–200 characters';
  const idType = get('id_type');
  if (!oneOf(idTypes, idType)) return `id_type: ${show(idType)} is not one of ${idTypes.join(', ')}`;
  const idNumber = get('id_number');
  // The document number is personal data, so the reason describes it instead of quoting it.
  const idProblem = idNumberProblem(idType, idNumber, today);
  if (idProblem) return `id_number: ${idProblem}`;
  const email = get('email').trim();
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return 'email: is not a plausible e-mail address';
  const address = get('address').normalize('NFKC').trim();
  if (address.length > 500) return 'address: must be at most 500 characters';
  const language = get('language');
  if (language !== 'zh-CN' && language !== 'en') return `language: ${show(language)} is not zh-CN or en`;
  const region = get('region');
  if (!/^[A-Z]{2}$/.test(region)) return `region: ${show(region)} is not a two-letter upper-case region code`;
  const msisdn = get('msisdn');
  if (normaliseMsisdn(msisdn) !== msisdn) return `msisdn: ${show(msisdn)} is not a valid E.164 mobile number`;
  const iccid = get('iccid');
  if (!isValidIccid(iccid)) return `iccid: ${show(iccid)} is not a valid ICCID (89…, 19–20 digits, Luhn check)`;
  const imsi = get('imsi');
  if (!/^\d{6,15}$/.test(imsi)) return `imsi: ${show(imsi)} is not 6–15 digits`;
  const simType = get('sim_type');
  if (simType !== 'physical' && simType !== 'esim') return `sim_type: ${show(simType)} is not physical or esim`;
  const plan = get('plan');
  if (plan !== 'prepaid' && plan !== 'postpaid') return `plan: ${show(plan)} is not prepaid or postpaid`;
  const balance = get('balance_minor');
  if (!/^-?\d{1,13}$/.test(balance) || Math.abs(Number(balance)) > 1e12) {
    return `balance_minor: ${show(balance)} is not a whole number of minor units within ±10^12`;
  }
  const currency = get('currency');
  if (!/^[A-Z]{3}$/.test(currency)) return `currency: ${show(currency)} is not a three-letter upper-case currency code`;
  const contractEnd = get('contract_end');
  if (contractEnd !== '' && !isIsoDate(contractEnd)) return `contract_end: ${show(contractEnd)} is not a real YYYY-MM-DD date`;
  const status = get('status');
  if (!oneOf(importLineStatuses, status)) return `status: ${show(status)} is not one of ${importLineStatuses.join(', ')}`;
  const terminatedOn = get('terminated_on');
  if (terminatedOn !== '' && !isIsoDate(terminatedOn)) return `terminated_on: ${show(terminatedOn)} is not a real YYYY-MM-DD date`;
  const ended = status === 'terminated' || status === 'released';
  if (ended && terminatedOn === '') return `terminated_on: is required when status is ${status}`;
  // A live line with an end date would look terminated to some readers and active to others.
  if (!ended && terminatedOn !== '') return `terminated_on: must be empty when status is ${status}`;
  const bindings = parseBindings(get('bindings'));
  if (typeof bindings === 'string') return bindings;
  return {
    line, name, idType, idNumber, email, address: address || null, language, region, msisdn, iccid, imsi, simType, plan,
    balanceMinor: Number(balance), currency, contractEnd: contractEnd || null, status,
    terminatedOn: terminatedOn || null, bindings,
  };
}

function parseBindings(v: string): SubscriberImportRow['bindings'] | string {
  const out: SubscriberImportRow['bindings'] = [];
  // Empty parts are tolerated so a trailing ';' left by a spreadsheet is not an error.
  for (const part of v.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [kind = '', state = '', ...rest] = part.split(':');
    if (rest.length || !oneOf(bindingKinds, kind) || (state !== 'bound' && state !== 'unbound')) {
      return `bindings: ${show(part)} is not kind:state with kind ${bindingKinds.join('/')} and state bound/unbound`;
    }
    if (out.some((b) => b.kind === kind)) return `bindings: ${kind} is listed twice`;
    out.push({ kind, state });
  }
  return out;
}

const personKey = (r: Pick<SubscriberImportRow, 'idType' | 'idNumber'>) => `${r.idType}\u0000${r.idNumber}`;

/** The column in which two records of the same person disagree, or null. */
export function differingPersonColumn(
  a: Pick<SubscriberImportRow, 'name' | 'email' | 'language' | 'region'>,
  b: Pick<SubscriberImportRow, 'name' | 'email' | 'language' | 'region'>,
): 'name' | 'email' | 'language' | 'region' | null {
  if (foldName(a.name) !== foldName(b.name)) return 'name';
  if (foldEmail(a.email) !== foldEmail(b.email)) return 'email';
  if (a.language !== b.language) return 'language';
  if (a.region !== b.region) return 'region';
  return null;
}

function crossRowProblem(
  row: SubscriberImportRow,
  lineOfMsisdn: Map<string, number>,
  lineOfIccid: Map<string, number>,
  firstOfPerson: Map<string, SubscriberImportRow>,
): string | null {
  const m = lineOfMsisdn.get(row.msisdn);
  if (m !== undefined) return `msisdn: ${row.msisdn} already appears on line ${m}`;
  const c = lineOfIccid.get(row.iccid);
  if (c !== undefined) return `iccid: ${row.iccid} already appears on line ${c}`;
  const first = firstOfPerson.get(personKey(row));
  const col = first && differingPersonColumn(first, row);
  return first && col ? `${col}: differs from line ${first.line} for the same id_type and id_number` : null;
}
