/**
 * The mail floor for the SMS & mail bench: an SMTP server on the same packages as lastcall's
 * receiver (smtp-server + mailparser) that parses each mail and answers 250 — no authentication
 * checks, no database, no case. `listening on smtp://127.0.0.1:PORT` on stdout when ready.
 */
import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  size: 15 * 1024 * 1024,
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then(
      () => callback(),
      (err: Error) => callback(err),
    );
  },
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on smtp://127.0.0.1:${(server.server.address() as net.AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
