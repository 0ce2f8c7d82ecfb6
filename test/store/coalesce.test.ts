import { describe, expect, it } from 'vitest';
import { coalesced } from '../../src/store/coalesce.js';

/** A stand-in statement: records each batch it is given and answers when told to. */
function recorder() {
  const batches: number[][] = [];
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const run = (batch: number[]) =>
    new Promise<number[]>((resolve, reject) => {
      batches.push(batch);
      pending.push({ resolve: () => resolve(batch.map((q) => q * 10)), reject });
    });
  return { batches, pending, run };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('coalesced reads', () => {
  it('sends reads made in the same turn as one batch, and answers each with its own result', async () => {
    const r = recorder();
    const read = coalesced(r.run, { maxInFlight: 2, maxBatch: 32 });
    const answers = Promise.all([1, 2, 3].map(read));
    await turn();
    expect(r.batches).toEqual([[1, 2, 3]]);
    r.pending[0]!.resolve();
    expect(await answers).toEqual([10, 20, 30]);
  });

  it('holds newcomers while maxInFlight batches are out, then sends them together', async () => {
    const r = recorder();
    const read = coalesced(r.run, { maxInFlight: 1, maxBatch: 32 });
    const first = read(1);
    await turn();
    const later = [2, 3, 4].map(read);
    await turn();
    await turn();
    expect(r.batches).toEqual([[1]]);
    r.pending[0]!.resolve();
    expect(await first).toBe(10);
    await turn();
    await turn();
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
    r.pending[1]!.resolve();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it('cuts batches at maxBatch and fills the free slots at once', async () => {
    const r = recorder();
    const read = coalesced(r.run, { maxInFlight: 2, maxBatch: 2 });
    const all = Promise.all([1, 2, 3, 4, 5].map(read));
    await turn();
    expect(r.batches).toEqual([[1, 2], [3, 4]]);
    r.pending[0]!.resolve();
    await turn();
    await turn();
    expect(r.batches).toEqual([[1, 2], [3, 4], [5]]);
    r.pending[1]!.resolve();
    r.pending[2]!.resolve();
    expect(await all).toEqual([10, 20, 30, 40, 50]);
  });

  it('fails every read of a failed batch, and goes on with the next', async () => {
    const r = recorder();
    const read = coalesced(r.run, { maxInFlight: 1, maxBatch: 32 });
    const failed = [1, 2].map((q) => read(q).catch((e: Error) => e.message));
    await turn();
    r.pending[0]!.reject(new Error('connection lost'));
    expect(await Promise.all(failed)).toEqual(['connection lost', 'connection lost']);
    const after = read(3);
    await turn();
    r.pending[1]!.resolve();
    expect(await after).toBe(30);
  });
});
