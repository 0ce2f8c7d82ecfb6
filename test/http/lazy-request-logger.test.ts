import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { createLogger } from '../../src/log.js';
import { lazyRequestLogger } from '../../src/http/lazy-request-logger.js';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(level, new Writable({ write(chunk, _e, done) { lines.push(JSON.parse(String(chunk))); done(); } }));
  return { log: log as unknown as FastifyBaseLogger, lines };
}

describe('the request logger made on first use', () => {
  it('writes what the eager child wrote: the request id, redacted personal data, only enabled levels', () => {
    const { log, lines } = capture('warn');
    let children = 0;
    const counting = Object.assign(Object.create(log) as FastifyBaseLogger, { child: (...a: Parameters<FastifyBaseLogger['child']>) => (children++, log.child(...a)) });
    const req = lazyRequestLogger(counting, { reqId: 'req-7' }, {});
    req.info({ email: { email: 'a@example.com' } }, 'not written');
    req.debug('nor this');
    expect(children).toBe(0);
    expect(req.level).toBe('warn');
    req.error({ user: { email: 'a@example.com', code: '123456' } }, 'written');
    req.warn('again');
    expect(children).toBe(1);
    expect(lines).toEqual([
      expect.objectContaining({ reqId: 'req-7', msg: 'written', user: { email: '[redacted]', code: '[redacted]' } }),
      expect.objectContaining({ reqId: 'req-7', msg: 'again' }),
    ]);
    req.child({ part: 'x' }).error('from a child');
    expect(lines[2]).toMatchObject({ reqId: 'req-7', part: 'x', msg: 'from a child' });
  });
});
