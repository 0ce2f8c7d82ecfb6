/**
 * An outside system (SMTP, the network, later SMPP and webhooks) refused or failed a call. It
 * says whether trying again can help: a timeout or a refused connection can pass, a "no such
 * subscriber" or a mailbox that does not exist cannot. The outbox backs off on the first kind
 * and parks the second at once for a supervisor, with this message as the reason.
 */
export class OutsideError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly system: string,
  ) {
    super(message);
    this.name = 'OutsideError';
  }
}

export const isPermanent = (err: unknown): boolean => err instanceof OutsideError && err.permanent;
