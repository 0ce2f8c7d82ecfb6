/**
 * The outside channels the configuration names, wired to the use cases: the SMS centre (SMPP_URL)
 * both ways, and the SMTP receiver for applications by e-mail (LASTCALL_MAIL_IN). The use cases
 * need the context and the context needs the SMS link (its sender), so the handlers reach the
 * context through `later`, set once the runtime has made it.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { AppContext } from '../app/context.js';
import type { Metrics } from '../metrics.js';
import { SmppClient } from '../adapters/smpp/index.js';
import { startMailReceiver, type MailReceiver } from '../adapters/mail-in/receiver.js';
import { receiveSms } from '../app/sms/receive-sms.js';
import { recordDeliveryReceipt } from '../app/messages/receipts.js';
import { receiveApplicationMail } from '../app/mail-in/receive.js';

export interface Later<T> {
  get(): T;
  set(value: T): void;
}

export function later<T>(what: string): Later<T> {
  let value: T | undefined;
  return {
    get() {
      if (value === undefined) throw new Error(`${what} is not ready yet`);
      return value;
    },
    set(v) {
      value = v;
    },
  };
}

/** The SMPP client for SMPP_URL, or undefined when SMS go to the dev mailbox. */
export function openSmsLink(config: Config, log: Logger, metrics: Metrics, ctx: Later<AppContext>): SmppClient | undefined {
  if (!config.smppUrl) return undefined;
  return new SmppClient({
    url: config.smppUrl,
    source: config.smsShortcode,
    rate: config.smppRate,
    window: config.smppWindow,
    log: log.child({ adapter: 'smpp' }),
    // Until the runtime is ready, throwing asks the centre to deliver again a moment later.
    onIncoming: async (text) => {
      await receiveSms(ctx.get(), text);
    },
    onReceipt: (receipt) => recordDeliveryReceipt(ctx.get(), receipt),
    onSubmit: ({ seconds, outcome, parts }) => {
      metrics.count('lastcall_sms_submitted_total', 'Texts handed to the SMS centre, by outcome', { outcome });
      metrics.count('lastcall_sms_parts_total', 'SMS parts (submit_sm) of the texts handed over, by outcome', { outcome }, parts);
      metrics.observe('lastcall_sms_submit_seconds', 'Seconds until the SMS centre answered every part of a text', { outcome }, seconds);
    },
  });
}

/** The SMTP receiver for e-mailed applications, when LASTCALL_MAIL_IN is set. */
export async function openMailIn(config: Config, log: Logger, ctx: Later<AppContext>): Promise<MailReceiver | undefined> {
  if (!config.mailIn) return undefined;
  return startMailReceiver({
    url: config.mailIn.url,
    address: config.mailIn.address,
    log: log.child({ adapter: 'mail-in' }),
    onMail: (mail) => receiveApplicationMail(ctx.get(), mail),
  });
}
