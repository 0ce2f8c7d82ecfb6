import pino, { type Logger } from 'pino';

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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const logger = pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' }, serializers }, destination);
  return Object.assign(logger, { serializers });
}
