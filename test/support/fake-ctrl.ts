import net from 'node:net';

/** A CTRL frame built by hand, so a test can also build wrong ones. */
export function ctrlFrame(text: string, opts: { length?: number; proto?: number } = {}): Buffer {
  const body = Buffer.from(text, 'latin1');
  const head = Buffer.from([0, 0, opts.proto ?? 0xee, 0]);
  head.writeUInt16BE(opts.length ?? body.length + 1, 0);
  return Buffer.concat([head, body]);
}

export interface FakeRequest {
  kind: string;
  id: string;
  variable: string;
  value: string | undefined;
  text: string;
}

/**
 * A CTRL peer that misbehaves on demand: `answer` decides what each request gets (a reply, raw
 * bytes, nothing, or the socket closed), so a test can play a broken or slow HLR.
 */
export class FakeCtrlServer {
  readonly requests: FakeRequest[] = [];
  readonly sockets = new Set<net.Socket>();
  connections = 0;
  private server = net.createServer((socket) => this.accept(socket));

  constructor(public answer: (req: FakeRequest, socket: net.Socket) => void = (req, socket) => socket.write(ctrlFrame(okReply(req)))) {}

  listen(port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve((this.server.address() as net.AddressInfo).port));
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket) {
    this.connections++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 3 && buf.length >= 3 + buf.readUInt16BE(0)) {
        const text = buf.toString('latin1', 4, 3 + buf.readUInt16BE(0));
        buf = buf.subarray(3 + buf.readUInt16BE(0));
        const [kind = '', id = '', variable = '', ...rest] = text.split(' ');
        const req = { kind, id, variable, value: rest.length ? rest.join(' ') : undefined, text };
        this.requests.push(req);
        if (!socket.destroyed) this.answer(req, socket);
      }
    });
  }
}

/** What a healthy CTRL peer would say to a request. */
export const okReply = (req: FakeRequest, value = 'OK') => `${req.kind}_REPLY ${req.id} ${req.variable} ${value}`;
