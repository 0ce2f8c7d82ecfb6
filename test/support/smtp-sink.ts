import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface SmtpSinkOptions {
  /** Refuse every recipient with this SMTP code (550: no such mailbox, a permanent refusal). */
  refuseRecipientsWith?: number;
  /**
   * Hold the answer to DATA until the returned promise of `hold` settles: a slow mail server,
   * with the test deciding when it answers. `onHeld` is told when a message is being held.
   */
  hold?: () => Promise<void>;
  onHeld?: () => void;
}

/** A real SMTP server on loopback that keeps what it receives, parsed by mailparser. */
export class SmtpSink {
  readonly messages: ParsedMail[] = [];
  private server: SMTPServer;

  constructor(opts: SmtpSinkOptions = {}) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (_address, _session, callback) => {
        if (!opts.refuseRecipientsWith) return callback();
        callback(Object.assign(new Error('No such mailbox here'), { responseCode: opts.refuseRecipientsWith }));
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          async (mail) => {
            if (opts.hold) {
              opts.onHeld?.();
              await opts.hold();
            }
            this.messages.push(mail);
            callback();
          },
          (err: Error) => callback(err),
        );
      },
    });
  }

  listen(port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve((this.server.server.address() as net.AddressInfo).port));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A loopback port nobody listens on (for "the mail server is down" tests). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
