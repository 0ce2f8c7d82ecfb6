export { SmppClient, type SmppClientOptions } from './client.js';
export type { IncomingText } from './incoming.js';
export type { ReceiptOutcome } from './receipt-text.js';
export { parseSmppUrl, type SmppEndpoint } from './url.js';
