import pino, { type Logger } from 'pino';

/** Personal data and secrets never reach the log, whatever logs them. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.name',
  '*.idNumber',
  '*.email',
  '*.password',
  '*.code',
  '*.token',
  '*.csrfToken',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' } }, destination);
}
