/**
 * Does the time of a verification answer tell whether the details matched? Sends, one at a
 * time and interleaved (so drift in the machine hits all three alike), verifications with the
 * right details, with a known number but a wrong name, and with an unknown number, and reports
 * the latency of each kind. Ratios near 1 mean the answer's timing carries no signal.
 */
import type { Subscriber } from './database.js';

export interface TimingKind {
  n: number;
  p50Ms: number;
  p90Ms: number;
  meanMs: number;
}

export interface VerificationTiming {
  matching: TimingKind;
  wrongName: TimingKind;
  unknownNumber: TimingKind;
  /** p50 of each kind ÷ p50 of matching requests. */
  ratios: { wrongNameToMatching: number; unknownNumberToMatching: number };
}

function summarise(ms: number[]): TimingKind {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (x: number) => Math.round(x * 100) / 100;
  return { n: ms.length, p50Ms: round(at(0.5)), p90Ms: round(at(0.9)), meanMs: round(ms.reduce((a, b) => a + b, 0) / ms.length) };
}

async function timed(base: string, body: unknown): Promise<number> {
  const t = process.hrtime.bigint();
  const res = await fetch(`${base}/api/v1/verifications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.text();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (res.status !== 202) throw new Error(`verification timing: HTTP ${res.status}`);
  return ms;
}

export async function measureVerificationTiming(base: string, people: Subscriber[], rounds: number): Promise<VerificationTiming> {
  const samples = { matching: [] as number[], wrongName: [] as number[], unknownNumber: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    const p = people[i % people.length]!;
    const right = { msisdn: p.msisdn, name: p.name, idNumber: p.idNumber, email: p.email };
    // Shaped like the synthetic numbers (src/cli/synthetic.ts) but far beyond any seeded one.
    const unknown = `+86137${String(9_000_000 + (i % 999_999)).padStart(7, '0')}0`;
    samples.matching.push(await timed(base, right));
    samples.wrongName.push(await timed(base, { ...right, name: `${p.name}x` }));
    samples.unknownNumber.push(await timed(base, { ...right, msisdn: unknown }));
  }
  const matching = summarise(samples.matching);
  const wrongName = summarise(samples.wrongName);
  const unknownNumber = summarise(samples.unknownNumber);
  const ratio = (x: TimingKind) => Math.round((x.p50Ms / matching.p50Ms) * 1000) / 1000;
  return { matching, wrongName, unknownNumber, ratios: { wrongNameToMatching: ratio(wrongName), unknownNumberToMatching: ratio(unknownNumber) } };
}
