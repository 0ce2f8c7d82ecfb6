import { authenticate, type DNSResolver } from 'mailauth';
import type { MailAuthResults } from './incoming-mail.js';

export type { DNSResolver };

export interface SenderFacts {
  /** The connecting client's IP address. */
  ip: string;
  /** The name the client gave in EHLO/HELO. */
  helo: string;
  /** MAIL FROM; empty for a bounce. */
  envelopeFrom: string;
  /** Our own host name, as written into the results. */
  mta: string;
}

/** A DNS that never answers should not hold the SMTP session: past this the results say temperror. */
const authTimeoutMs = 15_000;

const temporary = (): MailAuthResults => ({
  spf: { result: 'temperror', domain: null },
  dkim: { result: 'temperror', signatures: [] },
  dmarc: { result: 'temperror', domain: null, policy: null },
});

/**
 * SPF (the sending host against the envelope domain), DKIM (each signature) and DMARC (the From
 * domain's policy against both) — what a reviewer needs to judge whether the mail really came
 * from the address on file. A DNS failure gives `temperror`, never an exception.
 */
export async function checkSender(raw: Buffer, facts: SenderFacts, resolver?: DNSResolver): Promise<MailAuthResults> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<MailAuthResults>((resolve) => {
    timer = setTimeout(() => resolve(temporary()), authTimeoutMs);
  });
  const checked = authenticate(raw, {
    ip: facts.ip,
    helo: facts.helo,
    sender: facts.envelopeFrom,
    mta: facts.mta,
    disableArc: true,
    disableBimi: true,
    ...(resolver ? { resolver } : {}),
  }).then(summarise, temporary);
  try {
    return await Promise.race([checked, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function summarise(r: Awaited<ReturnType<typeof authenticate>>): MailAuthResults {
  const signatures = (r.dkim?.results ?? [])
    .filter((s) => s.signingDomain)
    .map((s) => ({ domain: s.signingDomain, selector: s.selector ?? null, result: s.status.result, aligned: Boolean(s.status.aligned) }));
  const dkimResult = signatures.some((s) => s.result === 'pass') ? 'pass' : (signatures[0]?.result ?? r.dkim?.results[0]?.status.result ?? 'none');
  return {
    spf: r.spf ? { result: r.spf.status.result, domain: r.spf.domain || null } : { result: 'none', domain: null },
    dkim: { result: dkimResult, signatures },
    dmarc: r.dmarc ? { result: r.dmarc.status.result, domain: r.dmarc.domain || null, policy: r.dmarc.policy || null } : { result: 'none', domain: null, policy: null },
  };
}
