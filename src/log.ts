import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/** Personal data and secrets never reach the log, whatever logs them. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.name',
  '*.legal_name',
  '*.idNumber',
  '*.id_number',
  '*.email',
  '*.address',
  '*.holderName',
  '*.accountNumber',
  '*.to',
  '*.recipient',
  '*.password',
  '*.code',
  '*.token',
  '*.csrfToken',
  '*.overrideReason',
  '*.answer',
];

/** Query parameters whose values may be personal (the dev mailbox filter takes an e-mail address). */
const personalQuery = /([?&](?:to|email|name|idNumber|id_number|token)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(personalQuery, '$1[redacted]');
}

/**
 * Fastify takes a logger instance's `serializers` over its own; this one logs the request line
 * with personal query values blanked out.
 */
const serializers = {
  req(req: { method?: string; url?: string; ip?: string; socket?: { remotePort?: number } }) {
    return { method: req.method, url: redactUrl(req.url ?? ''), remoteAddress: req.ip, remotePort: req.socket?.remotePort };
  },
};

/**
 * JSON for machines (a log collector, a file, `LOG_FORMAT=json`); one readable line per entry for a
 * person at a terminal. The redaction is the same either way: it runs before formatting.
 */
export type LogFormat = 'json' | 'pretty';
export const defaultLogFormat = (): LogFormat => (process.stdout.isTTY ? 'pretty' : 'json');

export function createLogger(level: string, destination?: pino.DestinationStream, format: LogFormat = destination ? 'json' : defaultLogFormat()): Logger {
  const stream = destination ?? (format === 'pretty' ? prettyStream() : undefined);
  const logger = pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' }, serializers }, stream);
  return Object.assign(logger, { serializers });
}

interface RequestLine {
  req?: { method?: string; url?: string };
  status?: number;
  ms?: number;
}

/** A request as "GET /api/v1/… 200 11.3 ms"; anything else as its message and its fields on one line. */
function prettyStream() {
  return pretty({
    sync: true,
    colorize: true,
    singleLine: true,
    translateTime: 'HH:MM:ss',
    ignore: 'pid,hostname,reqId,req,status,ms',
    messageFormat: (log: Record<string, unknown>, messageKey: string) => {
      const r = log as RequestLine;
      if (log[messageKey] === 'request' && r.req) return `${r.req.method ?? ''} ${r.req.url ?? ''} ${r.status ?? ''} ${r.ms ?? ''} ms`;
      return String(log[messageKey] ?? '');
    },
  });
}
