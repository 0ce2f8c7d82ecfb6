import cliProgress from 'cli-progress';

/** Small terminal helpers for the CLI: a progress bar on stderr and a password prompt without echo. */

export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

/**
 * A progress bar (cli-progress) when the stream is a terminal; otherwise a plain line at every
 * tenth, so a log file or a CI run shows progress without carriage returns.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) return terminalBar(label, stream);
  let last = -1;
  return {
    update(done, total) {
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      if (pct === last) return;
      last = pct;
      if (pct % 10 === 0) stream.write(`${label}: ${pct}% (${done}/${total})\n`);
    },
    done() {},
  };
}

function terminalBar(label: string, stream: NodeJS.WriteStream): Progress {
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} [{bar}] {percentage}% ({value}/{total}) ETA {eta_formatted}`, hideCursor: true, etaBuffer: 50, fps: 10 },
    cliProgress.Presets.legacy,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        if (total !== bar.getTotal()) bar.setTotal(total);
        bar.update(done);
      }
    },
    done() {
      if (started) bar.stop();
    },
  };
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const finish = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** Asks twice, so a typo does not lock anyone out of a new account. */
export async function promptNewPassword(): Promise<string> {
  const first = await promptHidden('Password: ');
  const second = await promptHidden('Repeat password: ');
  if (first !== second) throw new Error('the two passwords differ');
  return first;
}
