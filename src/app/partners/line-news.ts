import crypto from 'node:crypto';
import type { Tx } from '../context.js';
import { listBindings } from '../../store/lines.js';
import type { PartnerEvent } from '../../domain/partners.js';
import { productBody, productStateChangeEvent } from '../../domain/tmf.js';
import type { LineStatusForNetwork } from '../../domain/line-network.js';
import { emitPartnerEvent, emitTmfEvent } from './emit.js';
import { tmfApiBase } from './case-news.js';

/**
 * A line was barred, ended or its number released: the partners subscribed to it hear of it;
 * for line.terminated also the partners standing for a binding the line still had bound; and
 * every BSS listening on its TM Forum hub gets the product's new status.
 */
export async function tellPartnersOfLine(
  tx: Tx,
  at: Date,
  line: { id: number; msisdn: string; status: LineStatusForNetwork; terminatedOn: string | null; hasOpenCase: boolean },
  event: PartnerEvent,
  publicUrl: string,
): Promise<void> {
  const boundKinds = event.type === 'line.terminated' ? (await listBindings(tx, line.id)).filter((b) => b.state === 'bound').map((b) => b.kind) : [];
  await emitPartnerEvent(tx, at, event, { boundKinds });
  await tellBssOfLine(tx, at, line, publicUrl);
}

/** Only the TM Forum listeners: a change no partner event names (a cancellation undone). */
export async function tellBssOfLine(tx: Tx, at: Date, line: { msisdn: string; status: LineStatusForNetwork; terminatedOn: string | null; hasOpenCase: boolean }, publicUrl: string): Promise<void> {
  const product = productBody({ msisdnDigits: line.msisdn.slice(1), lineStatus: line.status, hasOpenCase: line.hasOpenCase, terminatedOn: line.terminatedOn, base: tmfApiBase(publicUrl) });
  await emitTmfEvent(tx, at, 'ProductStateChangeEvent', JSON.stringify(productStateChangeEvent({ eventId: crypto.randomUUID(), eventTime: at, product })), null);
}
