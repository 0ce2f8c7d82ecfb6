import cliProgress from 'cli-progress';

/**
 * Progress of a bulk run on stderr: on a terminal a bar with the rate and the time left
 * (cli-progress); otherwise a plain line at most once a second (and at the start and the end),
 * so a log file or a CI run shows it without carriage returns.
 */
export interface BulkProgress {
  update(through: number, total: number): void;
  stop(): void;
}

export function bulkProgress(stream: NodeJS.WriteStream = process.stderr): BulkProgress {
  return stream.isTTY ? barOn(stream) : linesOn(stream);
}

function barOn(stream: NodeJS.WriteStream): BulkProgress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'terminating [{bar}] {percentage}% {value}/{total} lines | {rate} lines/s | {eta_formatted} left',
      hideCursor: true,
      etaBuffer: 20,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = Date.now();
  let first: number | null = null;
  let started = false;
  return {
    update(through, total) {
      first ??= through;
      const seconds = (Date.now() - t0) / 1000;
      const rate = seconds > 0 ? Math.round((through - first) / seconds) : 0;
      if (!started) {
        bar.start(total, through, { rate });
        started = true;
      } else bar.update(through, { rate });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function linesOn(stream: NodeJS.WriteStream): BulkProgress {
  const t0 = Date.now();
  let first: number | null = null;
  let lastAt = 0;
  return {
    update(through, total) {
      const now = Date.now();
      first ??= through;
      if (through < total && through !== first && now - lastAt < 1000) return;
      lastAt = now;
      const seconds = (now - t0) / 1000;
      const rate = seconds > 0 ? (through - first) / seconds : 0;
      const left = rate > 0 ? `, about ${Math.ceil((total - through) / rate)} s left` : '';
      stream.write(`terminating: ${through}/${total} lines (${Math.floor((through / total) * 100)}%), ${Math.round(rate)} lines/s${left}\n`);
    },
    stop() {},
  };
}
