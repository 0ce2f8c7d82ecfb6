/**
 * The ID number on /verify, checked in the browser with the server's own function
 * (`residentIdProblem`, src/domain/validation.ts: pure, no I/O; imported as the console imports
 * src/domain), so a typo in a resident ID is shown at the field before anything is sent. What
 * the server reads as a resident ID is the same as in src/http/schemas.ts (identityNumber): 17
 * digits and a digit or X. Passports and other documents keep their rule (required here; the
 * server checks the rest). Only residentIdProblem is bundled: libphonenumber-js, which
 * validation.ts also imports, is side-effect free and tree-shaken away.
 */
import { residentIdProblem } from '../../../src/domain/validation.js';

const residentIdShape = /^\d{17}[\dXx]$/;

/** Trimmed; a resident ID's final lower-case x (which the server refuses) written upper-case, as printed on the card. */
export function tidyIdNumber(value: string): string {
  const v = value.trim();
  return residentIdShape.test(v) ? v.toUpperCase() : v;
}

export type IdNumberProblem = 'required' | 'check_digit' | 'birth_date';

/** What is wrong with the typed ID number, or null; `today` (YYYY-MM-DD) as the server takes it. */
export function idNumberProblem(value: string, today: string): IdNumberProblem | null {
  const id = tidyIdNumber(value);
  if (!id) return 'required';
  if (!residentIdShape.test(id)) return null;
  const problem = residentIdProblem(id, today);
  return problem === null ? null : problem === 'check_digit' ? 'check_digit' : 'birth_date';
}
