/** A mail as the receiver hands it over: parsed, with what the sender's domains say about it. */
export interface IncomingMail {
  from: {
    /** MAIL FROM of the envelope; null for the empty sender `<>` of bounces and other notices. */
    envelope: string | null;
    /** The address of the From header (what a person sees), lower-cased; null when there is none. */
    header: string | null;
  };
  subject: string;
  /** The plain text (mailparser derives it from the HTML when the mail has only HTML). */
  text: string;
  attachments: MailAttachment[];
  auth: MailAuthResults;
  /** The Message-ID header, or null when the sender gave none. */
  messageId: string | null;
  /** Headers that mark a mail written by a machine (RFC 3834, mailing lists); a reply to one risks a loop. */
  automatic: { autoSubmitted: string | null; precedence: string | null; listId: string | null };
  receivedAt: Date;
}

export interface MailAttachment {
  filename: string | undefined;
  /** As the sender declared it: never trusted, the bytes decide. */
  contentType: string;
  bytes: Buffer;
  /** An image the HTML shows inline (a logo in a signature), not a file the sender attached. */
  inline: boolean;
}

/** SPF, DKIM and DMARC as checked on arrival (mailauth), kept with a case as evidence. */
export interface MailAuthResults {
  spf: { result: string; domain: string | null };
  dkim: { result: string; signatures: { domain: string; selector: string | null; result: string; aligned: boolean }[] };
  dmarc: { result: string; domain: string | null; policy: string | null };
}
