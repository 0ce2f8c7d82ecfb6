/** Where the SMS centre is and how to bind to it, from `SMPP_URL=smpp://SYSTEM_ID:PASSWORD@HOST:PORT`. */
export interface SmppEndpoint {
  host: string;
  port: number;
  systemId: string;
  password: string;
}

/** SMPP's registered port (IANA 2775) when the URL names none. */
export const DEFAULT_SMPP_PORT = 2775;

export function parseSmppUrl(url: string): SmppEndpoint {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('SMPP_URL must be smpp://SYSTEM_ID:PASSWORD@HOST:PORT');
  }
  if (u.protocol !== 'smpp:') throw new Error(`SMPP_URL must start with smpp:// (got ${u.protocol}//)`);
  const systemId = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  if (!systemId || !u.hostname) throw new Error('SMPP_URL must name a system id and a host: smpp://SYSTEM_ID:PASSWORD@HOST:PORT');
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return { host, port: u.port ? Number(u.port) : DEFAULT_SMPP_PORT, systemId, password };
}
