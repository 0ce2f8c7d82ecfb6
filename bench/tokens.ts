/**
 * One bearer token per synthetic subscriber, obtained the way a customer gets one: start a
 * verification, read the SMS code from the dev mailbox, confirm. Part of the setup, not timed.
 */
import type { Subscriber } from './database.js';

export interface Customer extends Subscriber {
  token: string;
}

async function json(res: Response, expected: number, what: string): Promise<any> {
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function verify(base: string, s: Subscriber): Promise<Customer> {
  const post = (url: string, body: unknown) =>
    fetch(base + url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const start = await json(await post('/api/v1/verifications', { msisdn: s.msisdn, name: s.name, idNumber: s.idNumber, email: s.email }), 202, 'verification');
  // The code is sent after the answer (on purpose, see src/app/identity/verify.ts), so it may take a moment.
  for (let attempt = 0; attempt < 100; attempt++) {
    const inbox = (await json(await fetch(`${base}/api/v1/dev/mailbox?to=${encodeURIComponent(s.msisdn)}&limit=1`), 200, 'mailbox')) as { channel: string; text: string }[];
    const code = inbox.find((m) => m.channel === 'sms') && /\b(\d{6})\b/.exec(inbox[0]!.text)?.[1];
    if (code) {
      const confirmed = await json(await post(`/api/v1/verifications/${start.verificationId}/confirm`, { code }), 200, 'confirm');
      return { ...s, token: confirmed.token as string };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no code SMS for ${s.msisdn}`);
}

/** Verifies every subscriber with `concurrency` customers at a time; keeps the input order. */
export async function obtainTokens(base: string, subscribers: Subscriber[], concurrency = 16): Promise<Customer[]> {
  const out: Customer[] = new Array(subscribers.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < subscribers.length; i = next++) out[i] = await verify(base, subscribers[i]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}
