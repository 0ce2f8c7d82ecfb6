import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { defaultSlaPolicy, type SlaPolicy } from './domain/sla.js';
import { parseHlrUrl } from './adapters/osmo-hlr.js';

/**
 * All settings in one place (CONTRACT §1), parsed once at start. A wrong value stops the
 * process with a message that names the variable.
 */
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  LASTCALL_DATA_DIR: z.string().min(1).default('./.lastcall'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LASTCALL_SECRET_KEY: z.string().optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  SMPP_URL: z
    .string()
    .regex(/^smpp:\/\/[^:@/]+:[^@/]*@[^:/]+(:\d{1,5})?\/?$/, 'must be smpp://SYSTEM_ID:PASSWORD@HOST:PORT')
    .optional(),
  // The short number customers text keywords to (CONTRACT §7).
  LASTCALL_SMS_SHORTCODE: z.string().regex(/^\d{3,15}$/, 'must be 3 to 15 digits').default('10659876'),
  // Submits per second and submits waiting for their answer at once, as the SMS centre allows.
  LASTCALL_SMPP_RATE: z.coerce.number().int().min(1).max(10_000).default(50),
  LASTCALL_SMPP_WINDOW: z.coerce.number().int().min(1).max(1000).default(10),
  LASTCALL_MAIL_IN: z.string().regex(/^smtp:\/\/[^:/]+:\d{1,5}\/?$/, 'must be smtp://HOST:PORT').optional(),
  LASTCALL_MAIL_IN_ADDRESS: z.email('must be an e-mail address').optional(),
  HLR_URL: z
    .string()
    .superRefine((v, ctx) => {
      try {
        parseHlrUrl(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message.replace(/^HLR_URL /, '') });
      }
    })
    .optional(),
  LASTCALL_DEMO: z.enum(['0', '1']).default('0'),
  LASTCALL_MAIL_FROM: z.string().default('lastcall <no-reply@lastcall.invalid>'),
  LASTCALL_PUBLIC_URL: z.string().url().optional(),
  // Behind a reverse proxy: which hops to trust for the client address and https (Fastify's trustProxy).
  TRUST_PROXY: z.string().optional(),
  // Multiplies every rate limit; only for load tests, where all clients share one address.
  LASTCALL_RATE_LIMIT_SCALE: z.coerce.number().int().min(1).max(1_000_000).default(1),
  // The SLA's edges (working days): total pause per case, and how long to wait for an answer.
  LASTCALL_PAUSE_CAP_DAYS: z.coerce.number().int().min(0).max(250).default(defaultSlaPolicy.pauseCapDays),
  LASTCALL_AWAITING_CLOSE_DAYS: z.coerce.number().int().min(1).max(250).default(defaultSlaPolicy.awaitingCloseDays),
  // Partners (CONTRACT §9): hooks to http and private addresses only in tests and labs.
  LASTCALL_WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  // Requests per minute per partner key (each bulk query counts once).
  LASTCALL_PARTNER_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  // The first day the operator's records of numbers cover (disconnected-number queries before it
  // answer no_data); by default the day the first line was loaded into lastcall.
  LASTCALL_RECORDS_BEGIN: z.iso.date('must be a date YYYY-MM-DD').optional(),
  // Worker threads that render receipts and forms (src/pdf/pool.ts); by default one core is left to the event loop.
  LASTCALL_PDF_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Readable lines on a terminal, JSON otherwise; set it to say which.
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
});

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  secretKey: string | undefined;
  smtpUrl: string | undefined;
  smppUrl: string | undefined;
  hlrUrl: string | undefined;
  smsShortcode: string;
  smppRate: number;
  smppWindow: number;
  mailIn: { url: string; address: string } | undefined;
  demo: boolean;
  mailFrom: string;
  publicUrl: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  logFormat: 'json' | 'pretty' | undefined;
  trustProxy: boolean | string;
  rateLimitScale: number;
  sla: SlaPolicy;
  partners: { allowPrivateHooks: boolean; ratePerMinute: number; recordsBegin: string | undefined };
  pdfWorkers: number;
}

/** "1"/"true" trusts every hop; anything else is a comma-separated list of proxy addresses or subnets. */
function parseTrustProxy(v: string | undefined): boolean | string {
  if (v === undefined || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  return v;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset", as they do in most shells and .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`setting ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.LASTCALL_DATA_DIR),
    host: e.HOST,
    port: e.PORT,
    secretKey: e.LASTCALL_SECRET_KEY,
    smtpUrl: e.SMTP_URL,
    smppUrl: e.SMPP_URL,
    hlrUrl: e.HLR_URL,
    smsShortcode: e.LASTCALL_SMS_SHORTCODE,
    smppRate: e.LASTCALL_SMPP_RATE,
    smppWindow: e.LASTCALL_SMPP_WINDOW,
    mailIn: e.LASTCALL_MAIL_IN ? { url: e.LASTCALL_MAIL_IN, address: (e.LASTCALL_MAIL_IN_ADDRESS ?? 'cancel@lastcall.invalid').toLowerCase() } : undefined,
    demo: e.LASTCALL_DEMO === '1',
    mailFrom: e.LASTCALL_MAIL_FROM,
    publicUrl: e.LASTCALL_PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    rateLimitScale: e.LASTCALL_RATE_LIMIT_SCALE,
    sla: { pauseCapDays: e.LASTCALL_PAUSE_CAP_DAYS, awaitingCloseDays: e.LASTCALL_AWAITING_CLOSE_DAYS },
    partners: { allowPrivateHooks: e.LASTCALL_WEBHOOK_ALLOW_PRIVATE === '1', ratePerMinute: e.LASTCALL_PARTNER_RATE_LIMIT, recordsBegin: e.LASTCALL_RECORDS_BEGIN },
    pdfWorkers: e.LASTCALL_PDF_WORKERS ?? Math.max(1, os.availableParallelism() - 1),
  };
}
