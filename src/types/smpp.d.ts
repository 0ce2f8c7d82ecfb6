/**
 * The parts of the npm `smpp` package (0.5.x, plain JavaScript) that lastcall uses: the client
 * and server sessions and the PDU. A PDU's fields are read as `unknown` and narrowed where used.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  export type PduFields = Record<string, unknown>;

  export interface Pdu {
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    /** The matching `*_resp` (or generic_nack for an unknown command), same sequence number. */
    response(options?: PduFields): Pdu;
    toBuffer(): Buffer;
  }

  export interface Session extends EventEmitter {
    socket: Socket;
    /** Writes the PDU (numbering requests); false when the socket is no longer writable. */
    send(pdu: Pdu, responseCallback?: (resp: Pdu) => void, sendCallback?: (pdu: Pdu) => void): boolean;
    pause(): void;
    resume(): void;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    on(event: 'connect' | 'close', listener: () => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
    on(event: 'pdu', listener: (pdu: Pdu) => void): this;
    on(event: string, listener: (...args: never[]) => void): this;
  }

  export interface Server extends NetServer {
    sessions: Session[];
  }

  export interface ConnectOptions {
    host: string;
    port: number;
    auto_enquire_link_period?: number;
  }

  interface Smpp {
    connect(options: ConnectOptions, listener?: () => void): Session;
    createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;
    PDU: new (command: string, options?: PduFields) => Pdu;
    /** ESME_ROK, ESME_RTHROTTLED, … → command_status. */
    errors: Record<string, number>;
  }

  const smpp: Smpp;
  export default smpp;
}
