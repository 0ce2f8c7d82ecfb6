/**
 * Reads that arrive together go to the database together: requests gathered during one turn of
 * the event loop are answered by ONE statement, and while `maxInFlight` such statements are out,
 * newcomers wait and go as the next one. Under load a statement carries many reads, so the server
 * and PostgreSQL each pay one round trip, one socket write and one plan for all of them; with one
 * reader at a time it goes at once, alone. Each read is still its own row of the statement, made
 * after the read arrived, so it sees everything committed before it.
 */
export function coalesced<Q, R>(run: (batch: Q[]) => Promise<R[]>, opts: { maxInFlight: number; maxBatch: number }): (q: Q) => Promise<R> {
  let waiting: { q: Q; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let inFlight = 0;
  let scheduled = false;

  const send = () => {
    scheduled = false;
    while (waiting.length > 0 && inFlight < opts.maxInFlight) {
      const batch = waiting.slice(0, opts.maxBatch);
      waiting = waiting.slice(batch.length);
      inFlight++;
      run(batch.map((w) => w.q))
        .then(
          (results) => batch.forEach((w, i) => w.resolve(results[i]!)),
          (err: unknown) => batch.forEach((w) => w.reject(err)),
        )
        .finally(() => {
          inFlight--;
          schedule();
        });
    }
  };
  // setImmediate runs after the I/O callbacks of this turn: every request parsed in it is waiting by then.
  const schedule = () => {
    if (scheduled || waiting.length === 0) return;
    scheduled = true;
    setImmediate(send);
  };

  return (q) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ q, resolve, reject });
      schedule();
    });
}
