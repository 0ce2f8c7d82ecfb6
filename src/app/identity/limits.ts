import type { LimitRule } from './rate-limit.js';

/**
 * How often one may try, per what. Verification limits count every request, matched or not,
 * so the 429 tells nothing about who is a customer. With 5 tries per code, 10 verifications an
 * hour per number leave a guesser 50 tries an hour in a million codes.
 */
export interface Limits {
  verifyPerMsisdn: LimitRule;
  verifyPerIdNumber: LimitRule;
  verifyPerAddress: LimitRule;
  /** Wrong codes from one address across all verifications. */
  wrongCodesPerAddress: LimitRule;
  /** Failed staff log-ins per user name (known or not) before the name is locked out. */
  loginFailuresPerUser: LimitRule;
  loginFailuresPerAddress: LimitRule;
}

const hour = 3600_000;

export const defaultLimits: Limits = {
  verifyPerMsisdn: { scope: 'verify_msisdn', limit: 10, windowMs: hour },
  verifyPerIdNumber: { scope: 'verify_id_number', limit: 10, windowMs: hour },
  verifyPerAddress: { scope: 'verify_address', limit: 100, windowMs: hour },
  wrongCodesPerAddress: { scope: 'wrong_code_address', limit: 30, windowMs: hour },
  loginFailuresPerUser: { scope: 'login_user', limit: 5, windowMs: 15 * 60_000 },
  loginFailuresPerAddress: { scope: 'login_address', limit: 50, windowMs: hour },
};

export function scaleLimits(limits: Limits, factor: number): Limits {
  if (factor === 1) return limits;
  return Object.fromEntries(Object.entries(limits).map(([k, r]) => [k, { ...r, limit: r.limit * factor }])) as unknown as Limits;
}
