/**
 * The ways a cancellation case can arrive (CONTRACT §3). `api` (a partner's BSS through the TM
 * Forum facade) and `bulk` (a regulator's clean-up) are part of the contract; the figures and
 * the console list every channel, also those with no case yet.
 */
export const caseChannels = ['web', 'form', 'email', 'hotline', 'sms', 'api', 'bulk'] as const;
export type CaseChannel = (typeof caseChannels)[number];

/** The channels a customer or an agent chooses from when a case is opened by hand. */
export const isCaseChannel = (value: string): value is CaseChannel => (caseChannels as readonly string[]).includes(value);

/** How a message reaches a person or comes from one, as kept in a case's communications. */
export const communicationChannels = ['email', 'sms', 'web', 'phone'] as const;
export type CommunicationChannel = (typeof communicationChannels)[number];

/** What the outbox can send on its own: e-mail and SMS. */
export const messageChannels = ['email', 'sms'] as const;
export type MessageChannel = (typeof messageChannels)[number];
