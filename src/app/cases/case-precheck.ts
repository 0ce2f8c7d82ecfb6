/**
 * The staff case page's two readings of the pre-check: as it stood when the case was submitted
 * (frozen with the case) and what approving it would set going today.
 */
import type { AppContext } from '../context.js';
import { isUndecided } from '../../domain/case-machine.js';
import { approvalPreview } from '../../domain/approval-preview.js';
import type { ReceiptContent } from '../../domain/receipt.js';
import type { CaseEventRow, CaseRow } from '../../store/cases.js';
import type { BindingRow, LineRow } from '../../store/lines.js';

/** One item of the pre-check as the receipt froze it: code, kind and figures, without the English prose. */
interface FrozenItem {
  code: string;
  kind: 'blocking' | 'advisory';
  amountMinor?: number;
  currency?: string;
  chargeMinor?: number;
  remainingMonths?: number;
  contractEnd?: string;
}

const figureKeys = ['amountMinor', 'currency', 'chargeMinor', 'remainingMonths', 'contractEnd'] as const;

/** The figures a frozen item carries, picked by name from what the database holds. */
function frozenItem(raw: Record<string, unknown>): FrozenItem {
  const item: FrozenItem = { code: String(raw.code), kind: raw.kind === 'blocking' ? 'blocking' : 'advisory' };
  for (const k of figureKeys) {
    const v = raw[k];
    if (k === 'currency' || k === 'contractEnd') {
      if (typeof v === 'string') item[k] = v;
    } else if (typeof v === 'number') item[k] = v;
  }
  return item;
}

/**
 * The pre-check as it stood when the case was submitted, and what the customer acknowledged:
 * from the receipt frozen with the case (figures included), or for a case older than receipt
 * snapshots from its `submitted` event (codes and kinds only). Each binding item also carries
 * what the customer declared of that binding afterwards (`binding_declared`), oldest first.
 */
export function precheckAtSubmission(c: CaseRow, events: CaseEventRow[]) {
  const receipt = (c as CaseRow & { receipt?: ReceiptContent | null }).receipt ?? null;
  const submitted = events.find((e) => e.type === 'submitted');
  const fromEvent = Array.isArray(submitted?.data.precheck) ? (submitted.data.precheck as Record<string, unknown>[]) : null;
  const raw = (receipt?.precheck as Record<string, unknown>[] | undefined) ?? fromEvent;
  if (!raw) return null;
  const acknowledged = new Set(receipt?.acknowledgements ?? c.acknowledgements);
  const declared = events
    .filter((e) => e.type === 'binding_declared')
    .map((e) => ({ kind: String(e.data.kind), state: e.data.state === 'bound' ? ('bound' as const) : ('unbound' as const), at: e.at.toISOString(), actor: e.actor }));
  return {
    source: receipt ? ('receipt' as const) : ('event' as const),
    at: c.submitted_at.toISOString(),
    by: submitted?.actor ?? null,
    refund: receipt ? receipt.refund : c.refund,
    items: raw.map(frozenItem).map((i) => ({
      ...i,
      acknowledged: acknowledged.has(i.code),
      declarations: declared.filter((d) => `binding_${d.kind}` === i.code).map(({ state, at, actor }) => ({ state, at, actor })),
    })),
  };
}

/** What approving would set going, while the case is undecided (src/domain/approval-preview.ts). */
export function approvalPreviewOf(ctx: AppContext, c: CaseRow, line: LineRow, bindings: BindingRow[]) {
  if (!isUndecided(c.state) || line.status === 'released' || !ctx.calendars.has(c.region)) return null;
  // As fulfilment will: the region of the case, today in its time zone.
  const today = ctx.calendars.calendar(c.region).localDateTime(ctx.clock.now()).date;
  return approvalPreview(
    { status: line.status, simType: line.sim_type, balanceMinor: line.balance_minor, currency: line.currency, contractEnd: line.contract_end },
    bindings,
    ctx.calendars.settings(c.region),
    c.refund,
    today,
  );
}
