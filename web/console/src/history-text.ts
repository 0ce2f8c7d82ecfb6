/**
 * A case's history as staff read it: each event as a title, who did it, one or more sentences in
 * the console's language (amounts by currency, days through the one day formatter, codes as
 * words) and, apart, the technical detail (operation ids, provisioners, raw errors, message ids,
 * hashes) for the "Technical details" disclosure.
 *
 * Pure: the translation function and the formatters come in (the console passes i18next's t and
 * useFormat(); test/web/console-history.test.ts passes the same, built from the locale files), so
 * this file needs neither React nor i18next. Imports carry `.js` for the Node tests; Vite finds the .ts.
 */
import { caseEventTypes, type CaseEventType } from '../../../src/domain/case-events.js';
import { staffRoles } from '../../../src/domain/roles.js';
import { withDestination } from '../../shared/refund.js';

export type Translate = (key: string, vars?: Record<string, unknown>) => string;

/** What describeEvent() needs: the console's t() and its formatters bound to the current language. */
export interface HistoryFormat {
  t: Translate;
  money: (amountMinor: number, currency: string) => string;
  day: (isoDate: string) => string;
  dateTime: (iso: string) => string;
  fileSize: (bytes: number) => string;
  list: (items: string[]) => string;
}

/** One entry of GET /staff/cases/:reference's `history` (src/http/responses/common.ts, caseEvent). */
export interface HistoryEntry {
  type: string;
  from?: string | null;
  to?: string | null;
  actor: string;
  at: string;
  data?: Record<string, unknown> | undefined;
}

/** A sentence of the main text, or a person's own words (a note, a question, a reason) shown as a quote. */
export type EventLine = { text: string } | { label?: string; quote: string };

export interface EventView {
  /** False for a type this console does not know yet: a generic title, the data in the details. */
  known: boolean;
  title: string;
  /** "审核中 → 已批准" for a change of state, else null. */
  change: string | null;
  actor: string;
  when: string;
  lines: EventLine[];
  /** For the technical-details disclosure: label and value, labels translated where known. */
  details: { label: string; value: string }[];
}

const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const isInstant = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const known = new Set<string>(caseEventTypes);
const missing = '\u0000';

/** Whether the locale files have the key (i18next answers the default for a missing one). */
const has = (t: Translate, key: string) => t(key, { defaultValue: missing }) !== missing;

/** A staff user by name: the role's word with the name when the name is a role (the demo users), else "员工 name" / "name". */
export function staffLabel(name: string, t: Translate): string {
  if ((staffRoles as readonly string[]).includes(name)) {
    const role = t(`roles.${name}`);
    return role.toLowerCase() === name.toLowerCase() ? name : t('history.actors.staffRole', { role, name });
  }
  return t('history.actors.staff', { name });
}

/** Who did it, from the event's actor label (src/app/context.ts, actorLabel): customer, system, staff:NAME, partner:ID. */
export function actorLabel(actor: string | null | undefined, t: Translate): string {
  if (!actor) return '—';
  if (actor === 'system') return t('history.actors.system');
  if (actor === 'customer' || actor.startsWith('customer:')) return t('history.actors.customer');
  const partner = /^partner:(.+)$/.exec(actor);
  if (partner) return t('history.actors.partner', { id: partner[1] });
  const staff = /^staff:(.+)$/.exec(actor);
  if (staff) return staffLabel(staff[1]!, t);
  return actor;
}

/**
 * Reads an event's data for the main text, remembering what it used: the rest goes to the
 * details. A value read counts as used once a line showing it is made (say, quote); one read for
 * a line that could not be made (another value missing) stays for the details.
 */
class Reader {
  readonly used = new Set<string>();
  private pending = new Set<string>();
  /** Codes the main text could not put into words, kept for the details. */
  readonly unworded: { key: string; value: unknown }[] = [];

  constructor(
    readonly data: Record<string, unknown>,
    private readonly f: HistoryFormat,
  ) {}

  str(key: string): string | undefined {
    const v = this.data[key];
    if (typeof v !== 'string' || v.trim() === '') return undefined;
    this.pending.add(key);
    return v;
  }

  num(key: string): number | undefined {
    const v = this.data[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
    this.pending.add(key);
    return v;
  }

  flag(key: string): boolean | undefined {
    const v = this.data[key];
    if (typeof v !== 'boolean') return undefined;
    this.pending.add(key);
    return v;
  }

  day(key: string): string | undefined {
    const v = this.data[key];
    if (!isDay(v)) return undefined;
    this.pending.add(key);
    return this.f.day(v);
  }

  /** A code of the data as words (`${prefix}.${code}`). */
  code(key: string, prefix: string): string | undefined {
    const v = this.data[key];
    if (typeof v !== 'string' || v === '') return undefined;
    this.pending.add(key);
    return this.word(key, v, prefix);
  }

  /** A code as words; one the locale files do not know reads "other" here and is kept as it is for the details. */
  word(key: string, value: string, prefix: string, suffix = ''): string {
    const k = `${prefix}.${value}${suffix}`;
    if (has(this.f.t, k)) return this.f.t(k);
    this.unworded.push({ key, value });
    return this.f.t('history.otherValue');
  }

  /** Values shown otherwise than through say() or quote(), or saying nothing worth a line (a false flag, 0 days before). */
  use(...keys: string[]) {
    for (const k of keys) this.used.add(k);
  }

  /** A line only when every value it needs is there: never "方式: ;". */
  say(key: string, vars: Record<string, unknown> = {}): EventLine[] {
    const complete = !Object.values(vars).some((v) => v === undefined || v === null || v === '');
    this.settle(complete);
    return complete ? [{ text: this.f.t(key, vars) }] : [];
  }

  /** A person's own words (a note, a question, a reason), with what they are. */
  quote(text: string | undefined, label?: string): EventLine[] {
    this.settle(Boolean(text));
    return text ? [label ? { label, quote: text } : { quote: text }] : [];
  }

  private settle(shown: boolean) {
    if (shown) for (const k of this.pending) this.used.add(k);
    this.pending = new Set();
  }
}

type Describe = (r: Reader, f: HistoryFormat) => EventLine[];

const provisional = (r: Reader) => {
  const p = r.flag('provisional');
  if (p === false) r.use('provisional');
  return p ? r.say('history.provisional') : [];
};

/** Pre-check items ([{code, kind}]) by their titles, blocking ones marked. */
function precheckItems(items: unknown, r: Reader, f: HistoryFormat, key: string): string[] {
  if (!Array.isArray(items)) return [];
  return items.map((i) => {
    const title = r.word(key, isRecord(i) ? String(i.code ?? '') : String(i), 'precheck', '.title');
    return isRecord(i) && i.kind === 'blocking' ? f.t('history.submitted.blocking', { item: title }) : title;
  });
}

/** fulfilled's settlement: {kind, amountMinor, currency, method, detail: {balanceMinor, earlyTerminationChargeMinor}}. */
function settlementLines(r: Reader, f: HistoryFormat): EventLine[] {
  const s = r.data.settlement;
  if (!isRecord(s) || typeof s.currency !== 'string' || typeof s.amountMinor !== 'number') return [];
  r.use('settlement');
  const amount = f.money(s.amountMinor, s.currency);
  const lines: EventLine[] = [];
  if (s.kind === 'refund') {
    const method = withDestination(r.word('settlement.method', typeof s.method === 'string' ? s.method : 'original_payment', 'history.refundMethods'), isRecord(s.destination) ? s.destination : null);
    lines.push(...r.say('history.fulfilled.refund', { amount, method }));
  } else if (s.kind === 'final_bill') lines.push(...r.say('history.fulfilled.finalBill', { amount }));
  else if (s.kind === 'none') lines.push(...r.say('history.fulfilled.nothing'));
  else {
    r.unworded.push({ key: 'settlement.kind', value: s.kind });
    lines.push(...r.say('history.fulfilled.settlement', { amount }));
  }
  const d = isRecord(s.detail) ? s.detail : {};
  if (typeof d.earlyTerminationChargeMinor === 'number' && d.earlyTerminationChargeMinor > 0 && typeof d.balanceMinor === 'number') {
    lines.push(...r.say('history.fulfilled.breakdown', { balance: f.money(d.balanceMinor, s.currency), charge: f.money(d.earlyTerminationChargeMinor, s.currency) }));
  }
  return lines;
}

/** A mail check's result: a string, or {result, …} as mail-in keeps it. */
function mailResult(r: Reader, f: HistoryFormat, key: 'spf' | 'dkim' | 'dmarc'): string | undefined {
  const v = r.data[key];
  const result = typeof v === 'string' ? v : isRecord(v) && typeof v.result === 'string' ? v.result : undefined;
  if (result === undefined) return undefined;
  if (typeof v === 'string') r.use(key);
  return r.word(key, result, 'case.mailAuth.results');
}

function fileType(contentType: unknown, f: HistoryFormat): string {
  const m = typeof contentType === 'string' ? /^(?:application|image)\/(pdf|jpeg|png|tiff|heic|webp)$/i.exec(contentType) : null;
  return m ? m[1]!.toUpperCase() : f.t('history.documents_added.otherType');
}

/** Every type the server records (src/domain/case-events.ts); the compiler says when one is missing. */
const describers: Record<CaseEventType, Describe> = {
  submitted: (r, f) => {
    const lines = [
      ...r.say('history.submitted.channel', { channel: r.code('channel', 'channels') }),
      ...r.say('history.submitted.days', { received: r.day('receivedOn'), due: r.day('dueOn') }),
      ...provisional(r),
    ];
    const precheck = r.data.precheck;
    if (!Array.isArray(precheck)) return lines;
    r.use('precheck');
    if (precheck.length === 0) return [...lines, ...r.say('history.submitted.precheckClear')];
    return [...lines, ...r.say('history.submitted.precheck', { items: f.list(precheckItems(precheck, r, f, 'precheck')) })];
  },
  assign: (r, f) => {
    const assignee = r.str('assignee');
    const previous = r.str('previous');
    if (!assignee) return [];
    if (previous && previous !== assignee) return r.say('history.assign.moved', { previous: staffLabel(previous, f.t), assignee: staffLabel(assignee, f.t) });
    return r.say('history.assign.to', { assignee: staffLabel(assignee, f.t) });
  },
  request_info: (r, f) => [
    ...r.say('history.request_info.reason', { reason: r.code('reason', 'pauseReasons') }),
    ...r.quote(r.str('question'), f.t('history.request_info.message')),
    ...r.say('history.request_info.paused', { since: r.day('pausedSince'), due: r.day('dueOn') }),
  ],
  customer_reply: (r) => [...r.say('history.customer_reply.paused', { count: r.num('pausedWorkingDays') }), ...r.say('history.newDue', { due: r.day('dueOn') })],
  approve: (r, f) => {
    const lines = r.quote(r.str('note'), f.t('history.approve.note'));
    const o = r.data.override;
    if (isRecord(o)) {
      r.use('override');
      const items = precheckItems(o.blocking, r, f, 'override.blocking');
      lines.push(...(items.length ? r.say('history.approve.override', { items: f.list(items) }) : r.say('history.approve.overrideNone')));
      lines.push(...r.quote(typeof o.reason === 'string' ? o.reason : undefined, f.t('history.approve.overrideReason')));
    }
    return lines;
  },
  reject: (r, f) => r.quote(r.str('reason'), f.t('history.reject.reason')),
  withdraw: () => [],
  fulfilled: (r, f) => {
    const lines = r.say('history.fulfilled.terminated', { terminated: r.day('terminatedOn'), quarantine: r.day('quarantineEndsOn') });
    if (isRecord(r.data.esimProfile)) lines.push(...r.say('history.fulfilled.esim'));
    return [...lines, ...settlementLines(r, f)];
  },
  lapse: (r) => {
    const count = r.num('afterWorkingDays');
    const since = r.day('pausedSince');
    const reason = r.code('pauseReason', 'pauseReasons');
    return reason ? r.say('history.lapse.text', { since, reason, count }) : r.say('history.lapse.noReason', { since, count });
  },
  note: (r) => r.quote(r.str('text')),
  duplicate_flagged: (r, f) => {
    const others = r.data.others;
    if (!Array.isArray(others) || others.length === 0) return [];
    r.use('others');
    const cases = others.map((o) => {
      if (typeof o === 'string') return o;
      if (!isRecord(o)) return '';
      const reference = String(o.reference ?? '');
      const channel = typeof o.channel === 'string' ? r.word('others.channel', o.channel, 'channels') : undefined;
      return channel ? f.t('history.duplicate_flagged.case', { reference, channel }) : reference;
    });
    return r.say('history.duplicate_flagged.others', { cases: f.list(cases.filter(Boolean)) });
  },
  documents_added: (r, f) => {
    const docs = Array.isArray(r.data.documents) ? r.data.documents.filter(isRecord) : [];
    const kind = r.code('kind', 'history.documentKinds');
    if (docs.length === 0) return [];
    // The files' types and sizes are read here; their ids and SHA-256 stay in the details.
    const files = docs.map((d) => (typeof d.size === 'number' ? f.t('history.documents_added.file', { type: fileType(d.contentType, f), size: f.fileSize(d.size) }) : fileType(d.contentType, f)));
    return r.say('history.documents_added.added', { count: docs.length, kind: kind ?? f.t('history.otherValue'), files: f.list(files) });
  },
  mail_received: (r, f) => r.say('history.mail_received.checks', { spf: mailResult(r, f, 'spf'), dkim: mailResult(r, f, 'dkim'), dmarc: mailResult(r, f, 'dmarc') }),
  binding_declared: (r, f) => {
    const service = r.code('kind', 'history.bindings');
    const state = r.str('state');
    if (state === 'unbound') return r.say('history.binding_declared.unbound', { service });
    if (state === 'bound') return r.say('history.binding_declared.bound', { service });
    return [];
  },
  line_suspended: () => [],
  suspension_lifted: () => [],
  call_logged: (r, f) => {
    const direction = r.code('direction', 'desk.direction');
    const agent = r.str('agent');
    return [
      ...(agent ? r.say('history.call_logged.withAgent', { direction, agent }) : r.say('history.call_logged.direction', { direction })),
      ...r.say('history.call_logged.outcome', { outcome: r.code('outcome', 'desk.outcomes') }),
    ];
  },
  network_barred: (r) => networkDone(r),
  network_unbarred: (r) => networkDone(r),
  network_error: (r) => {
    const attempt = r.num('attempt');
    return r.say(r.flag('permanent') ? 'history.network_error.permanent' : 'history.network_error.retry', { attempt });
  },
  network_waiting: (r) => r.say('history.network_waiting.attempts', { count: r.num('attempt') }),
  sla_started: (r) => [...r.say('history.sla_started.due', { received: r.day('receivedOn'), count: r.num('workingDays'), due: r.day('dueOn') }), ...provisional(r)],
  sla_paused: (r) => {
    const since = r.day('since');
    const reason = r.code('reason', 'pauseReasons');
    const before = r.num('pausedDaysSoFar');
    return [
      ...(reason ? r.say('history.sla_paused.since', { reason, since }) : r.say('history.sla_paused.sinceNoReason', { since })),
      ...(before ? r.say('history.sla_paused.before', { count: before }) : []),
      ...r.say('history.sla_paused.dueBefore', { due: r.day('dueOn') }),
    ];
  },
  sla_resumed: (r) => {
    r.code('reason', 'pauseReasons');
    const cap = r.num('capDays');
    const total = r.num('totalPausedDays');
    const counted = r.num('countedPausedDays');
    return [
      ...r.say('history.sla_resumed.paused', { count: r.num('pausedWorkingDays') }),
      ...(cap === undefined ? r.say('history.sla_resumed.totalNoCap', { total, counted }) : r.say('history.sla_resumed.total', { total, counted, cap })),
      ...r.say('history.newDue', { due: r.day('dueOn') }),
    ];
  },
  sla_recomputed: (r, f) => {
    const from = isRecord(r.data.from) ? r.data.from : {};
    const to = isRecord(r.data.to) ? r.data.to : {};
    if (!isDay(to.dueOn)) return [];
    r.use('from', 'to');
    const lines = isDay(from.dueOn) && from.dueOn !== to.dueOn ? r.say('history.sla_recomputed.due', { from: f.day(from.dueOn), to: f.day(to.dueOn) }) : r.say('history.sla_recomputed.dueSame', { to: f.day(to.dueOn) });
    if (isDay(from.receivedOn) && isDay(to.receivedOn) && from.receivedOn !== to.receivedOn) lines.push(...r.say('history.sla_recomputed.received', { from: f.day(from.receivedOn), to: f.day(to.receivedOn) }));
    return [...lines, ...r.say('history.sla_recomputed.why'), ...provisional(r)];
  },
  sla_warned: (r) => {
    const due = r.day('dueOn');
    const left = r.num('workingDaysLeft');
    r.use('seenOn');
    return left === 0 ? r.say('history.sla_warned.today', { due }) : r.say('history.sla_warned.left', { due, count: left });
  },
  sla_breached: (r) => {
    const found: Record<string, string> = { sweeper: 'history.sla_breached.sweeper', decision: 'history.sla_breached.decision' };
    const by = r.data.seenBy;
    // Another finder than these two is shown as it is in the details.
    const key = typeof by === 'string' && found[by] ? (r.use('seenBy'), found[by]) : 'history.sla_breached.seen';
    return [...r.say('history.sla_breached.passed', { due: r.day('dueOn') }), ...r.say(key, { seen: r.day('seenOn') })];
  },
  refund_paid: (r, f) => {
    const currency = r.str('currency');
    const amountMinor = r.num('amountMinor');
    const destination = isRecord(r.data.destination) ? (r.use('destination'), r.data.destination) : null;
    const method = withDestination(r.word('method', r.str('method') ?? 'original_payment', 'history.refundMethods'), destination);
    return [
      ...r.say('history.refund_paid.paid', { amount: currency !== undefined && amountMinor !== undefined ? f.money(amountMinor, currency) : undefined, day: r.day('paidOn'), method }),
      ...r.say('history.refund_paid.reference', { reference: r.str('paymentReference') }),
    ];
  },
};

/** network_barred / network_unbarred: the attempt in words when it took more than one; provisioner and operation in the details. */
function networkDone(r: Reader): EventLine[] {
  const attempt = r.num('attempt');
  return attempt !== undefined && attempt > 1 ? r.say('history.network_done.attempt', { attempt }) : [];
}

/** Data as label/value pairs for the details: nested objects flattened ("网络 · 操作 ID"), days and times formatted. */
function flatten(path: string[], v: unknown, f: HistoryFormat, out: { label: string; value: string }[]) {
  if (v === null || v === undefined || v === '') return;
  if (Array.isArray(v)) {
    if (v.every((x) => !isRecord(x) && !Array.isArray(x))) {
      if (v.length > 0) out.push({ label: detailLabel(path, f), value: v.map((x) => detailValue(x, f)).join(', ') });
    } else v.forEach((x, i) => flatten([...path, String(i + 1)], x, f, out));
    return;
  }
  if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) flatten([...path, k], x, f, out);
    return;
  }
  out.push({ label: detailLabel(path, f), value: detailValue(v, f) });
}

const detailLabel = (path: string[], f: HistoryFormat) =>
  path.map((k) => (/^\d+$/.test(k) ? `#${k}` : has(f.t, `history.keys.${k}`) ? f.t(`history.keys.${k}`) : k)).join(' · ');

function detailValue(v: unknown, f: HistoryFormat): string {
  if (isDay(v)) return f.day(v);
  if (isInstant(v)) return f.dateTime(v);
  if (typeof v === 'boolean') return v ? f.t('common.yes') : f.t('common.no');
  return String(v);
}

/** One history entry for reading: the title, the change of state, who, when, the sentences and the details. */
export function describeEvent(e: HistoryEntry, f: HistoryFormat): EventView {
  const { t } = f;
  const isKnown = known.has(e.type);
  const r = new Reader(e.data ?? {}, f);
  const lines = isKnown ? describers[e.type as CaseEventType](r, f) : [];
  const details: { label: string; value: string }[] = [];
  for (const [k, v] of Object.entries(r.data)) if (!r.used.has(k)) flatten([k], v, f, details);
  for (const u of r.unworded) flatten(u.key.split('.'), u.value, f, details);
  if (!isKnown && details.length > 0) lines.push({ text: t('history.unknownText') });
  const state = (s: string) => (has(t, `states.${s}`) ? t(`states.${s}`) : t('history.otherValue'));
  const change = e.to && e.from !== e.to ? (e.from ? t('history.change', { from: state(e.from), to: state(e.to) }) : state(e.to)) : null;
  return {
    known: isKnown,
    title: isKnown && has(t, `events.${e.type}`) ? t(`events.${e.type}`) : t('history.unknown'),
    change,
    actor: actorLabel(e.actor, t),
    when: f.dateTime(e.at),
    lines,
    details: isKnown ? details : [{ label: t('history.keys.type'), value: e.type }, ...details],
  };
}
