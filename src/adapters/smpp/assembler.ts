import type { ConcatInfo } from './encoding.js';

/**
 * Joins the parts of a long text from a phone by their UDH reference. A part that never comes
 * does not hold the rest for ever: after the timeout the parts there are handed over as they
 * are. A joined text stays until it was handed over, so a part the SMS centre sends again after
 * a failed hand-over completes it again.
 */
export interface IncomingPart {
  from: string;
  to: string;
  concat: ConcatInfo;
  text: string;
}

interface Group {
  from: string;
  to: string;
  total: number;
  parts: Map<number, string>;
  timer: NodeJS.Timeout;
}

export interface AssemblerOptions {
  timeoutMs: number;
  /** Parts that waited too long for the rest, joined in order with the missing ones left out. */
  onExpired(text: { from: string; to: string; text: string; missing: number }): void;
  maxGroups?: number;
}

export class ConcatAssembler {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly opts: AssemblerOptions) {}

  /** The whole text and its key once every part is in, else null. */
  add(part: IncomingPart): { key: string; text: string } | null {
    const key = `${part.from}|${part.to}|${part.concat.reference}|${part.concat.total}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { from: part.from, to: part.to, total: part.concat.total, parts: new Map(), timer: setTimeout(() => this.expire(key), this.opts.timeoutMs) };
      group.timer.unref();
      this.groups.set(key, group);
      if (this.groups.size > (this.opts.maxGroups ?? 10_000)) this.expire(this.groups.keys().next().value!);
    }
    group.parts.set(part.concat.sequence, part.text);
    if (group.parts.size < group.total) return null;
    return { key, text: join(group) };
  }

  /** The joined text was taken: forget its parts. */
  delivered(key: string): void {
    const group = this.groups.get(key);
    if (!group) return;
    clearTimeout(group.timer);
    this.groups.delete(key);
  }

  get waiting(): number {
    return this.groups.size;
  }

  clear(): void {
    for (const g of this.groups.values()) clearTimeout(g.timer);
    this.groups.clear();
  }

  private expire(key: string): void {
    const group = this.groups.get(key);
    if (!group) return;
    this.delivered(key);
    // A complete text here was handed over and refused; the SMS centre sends it again if it must.
    if (group.parts.size < group.total) this.opts.onExpired({ from: group.from, to: group.to, text: join(group), missing: group.total - group.parts.size });
  }
}

const join = (g: Group) => [...g.parts.entries()].sort(([a], [b]) => a - b).map(([, t]) => t).join('');
