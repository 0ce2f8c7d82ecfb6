/**
 * The operator's inbound mail for applications (CONTRACT §8): an SMTP server that takes mail for
 * one address only, parses it and says what SPF, DKIM and DMARC think of its sender. What the
 * mail means is decided by whoever is handed it (`onMail`); if that fails, the sender is told to
 * try again later (451) and its server does, so no mail is lost and none is half taken.
 */
import net from 'node:net';
import os from 'node:os';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { DNSResolver } from './check-sender.js';
import type { IncomingMail } from './incoming-mail.js';

export type { IncomingMail, MailAttachment, MailAuthResults } from './incoming-mail.js';

export interface MailReceiverOptions {
  /** `smtp://HOST:PORT` (LASTCALL_MAIL_IN); port 0 takes a free one. */
  url: string;
  /** The one recipient taken (LASTCALL_MAIL_IN_ADDRESS); every other is refused at RCPT. */
  address: string;
  onMail(mail: IncomingMail): Promise<unknown>;
  log: Logger;
  /**
   * The largest message taken, announced in EHLO (SIZE) and enforced at DATA. The default, 15 MB,
   * leaves room for a 10 MB attachment in base64 (4/3, plus line breaks: 13.7 MB) and the rest.
   */
  maxMessageBytes?: number;
  /** Our host name in the greeting and in the authentication results. */
  hostname?: string;
  /** STARTTLS is offered only with a certificate; without one the server speaks plain SMTP. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** DNS for SPF/DKIM/DMARC (tests answer it themselves); the system resolver by default. */
  resolver?: DNSResolver;
}

export interface MailReceiver {
  port: number;
  close(): Promise<void>;
}

export const defaultMaxMessageBytes = 15 * 1024 * 1024;

/** An error whose SMTP reply code smtp-server sends back as it is. */
function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): string | null {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  const address = list.flatMap((o) => o.value).find((v) => v.address)?.address;
  return address ? address.trim().toLowerCase() : null;
}

function headerText(mail: ParsedMail, name: string): string | null {
  const v = mail.headers.get(name);
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'value' in v && typeof v.value === 'string') return v.value;
  if (typeof v === 'object' && 'text' in v && typeof v.text === 'string') return v.text;
  return String(v);
}

function incomingMail(parsed: ParsedMail, envelopeFrom: string | null, auth: IncomingMail['auth']): IncomingMail {
  return {
    from: { envelope: envelopeFrom, header: firstAddress(parsed.from) },
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      bytes: a.content,
      inline: a.related === true,
    })),
    auth,
    messageId: parsed.messageId ?? null,
    automatic: { autoSubmitted: headerText(parsed, 'auto-submitted'), precedence: headerText(parsed, 'precedence'), listId: headerText(parsed, 'list-id') },
    receivedAt: new Date(),
  };
}

/** Reads the DATA stream to its end, keeping at most `max` bytes (the rest is drained, not kept). */
function readMessage(stream: SMTPServerDataStream, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(stream.sizeExceeded || size > max ? null : Buffer.concat(chunks)));
  });
}

/**
 * mailparser and mailauth (the sender checks), with what they load, take about 0.4 s of a server's
 * start that has nothing to read yet: they are loaded a moment after the receiver listens, or by
 * the first mail if it comes sooner.
 */
let readers: Promise<{ simpleParser: typeof import('mailparser').simpleParser; checkSender: typeof import('./check-sender.js').checkSender }> | undefined;
const mailReaders = () =>
  (readers ??= Promise.all([import('mailparser'), import('./check-sender.js')]).then(([parser, sender]) => ({ simpleParser: parser.simpleParser, checkSender: sender.checkSender })));

export async function startMailReceiver(opts: MailReceiverOptions): Promise<MailReceiver> {
  const url = new URL(opts.url);
  const accepted = opts.address.trim().toLowerCase();
  const max = opts.maxMessageBytes ?? defaultMaxMessageBytes;
  const hostname = opts.hostname ?? os.hostname();
  const log = opts.log.child({ component: 'mail-in' });

  async function take(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const raw = await readMessage(stream, max);
    if (!raw) throw smtpError(552, `5.3.4 Message too big: at most ${max} bytes`);
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const { simpleParser, checkSender } = await mailReaders();
    const [parsed, auth] = await Promise.all([
      simpleParser(raw),
      checkSender(raw, { ip: session.remoteAddress, helo: session.hostNameAppearsAs, envelopeFrom, mta: hostname }, opts.resolver),
    ]);
    await opts.onMail(incomingMail(parsed, envelopeFrom === '' ? null : envelopeFrom.toLowerCase(), auth));
  }

  const server = new SMTPServer({
    name: hostname,
    banner: 'lastcall applications by e-mail',
    size: max,
    // The operator's inbound MX: anyone may send to the one address, nobody logs in.
    authOptional: true,
    disabledCommands: opts.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.trim().toLowerCase() === accepted) return callback();
      callback(smtpError(550, '5.1.1 No such recipient here'));
    },
    onData(stream, session, callback) {
      take(stream, session).then(
        () => callback(),
        (err: unknown) => {
          const code = (err as { responseCode?: number }).responseCode;
          if (code === 552) return callback(err as Error);
          // Whatever failed on our side, the sender's server keeps the mail and tries again.
          log.error({ err, session: session.id }, 'could not take an incoming mail; answered 451');
          stream.resume();
          callback(smtpError(451, '4.3.0 Temporary failure, please try again later'));
        },
      );
    },
  });
  server.on('error', (err) => log.warn({ err }, 'SMTP session error'));

  const port = await new Promise<number>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(Number(url.port), url.hostname.replace(/^\[|\]$/g, ''), () => {
      server.server.off('error', reject);
      resolve((server.server.address() as net.AddressInfo).port);
    });
  });
  log.info({ port, address: accepted }, 'taking applications by e-mail');
  // A failed load shows at the first mail, which then answers 451 and is sent again.
  setTimeout(() => void mailReaders().catch(() => undefined), 1000).unref();
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
