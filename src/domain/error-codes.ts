/**
 * One catalogue of the error codes the product answers with (the contract's snake_case), each
 * with its kind and what it means: a code used twice means the same thing everywhere. The kind
 * decides the HTTP status in one place (http/errors.ts); the domain never knows about HTTP.
 */
export type ErrorKind =
  | 'invalid' // 400: the request is malformed
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409: the state of things forbids it now
  | 'too_large' // 413
  | 'unsupported_media' // 415
  | 'unprocessable' // 422: well-formed but not acceptable
  | 'rate_limited'; // 429

const code = <K extends ErrorKind>(kind: K, means: string) => ({ kind, means });

export const errorCodes = {
  // 400
  cannot_disable_self: code('invalid', 'An administrator cannot disable their own account.'),
  document_required: code('invalid', 'The request needs at least one document.'),
  empty_document: code('invalid', 'An uploaded document has no bytes.'),
  form_required: code('invalid', 'A paper-form application needs the signed form attached.'),
  invalid_multipart: code('invalid', 'The multipart body is malformed or names a forbidden field.'),
  invalid_user: code('invalid', 'The staff user name does not follow the naming rule.'),
  multipart_required: code('invalid', 'This route takes multipart/form-data.'),
  token_required: code('invalid', 'A filled-in form needs the customer token with the line.'),
  unexpected_file: code('invalid', 'A file was sent in a field that takes none.'),
  weak_password: code('invalid', 'The new password is too weak (details say why).'),
  paid_in_future: code('invalid', 'The day a refund was paid is after today.'),
  hook_url_not_allowed: code('invalid', 'The hook URL is not https to a public address (details: reason).'),
  since_in_future: code('invalid', 'The since date of a disconnected-number query is after today.'),
  // 401
  invalid_credentials: code('unauthenticated', 'The user name or password is wrong.'),
  invalid_token: code('unauthenticated', 'The customer token is unknown, expired or revoked.'),
  session_expired: code('unauthenticated', 'The staff session ended (idle or absolute limit); log in again.'),
  unauthenticated: code('unauthenticated', 'The route needs a customer token or a staff session.'),
  reverification_required: code('unauthenticated', 'Lifting a bar needs a verification made after the line was barred.'),
  invalid_partner_key: code('unauthenticated', 'The partner API key is unknown, replaced or its partner disabled.'),
  // 403
  csrf_token_invalid: code('forbidden', 'A staff change lacks the X-CSRF-Token of its session.'),
  forbidden: code('forbidden', "The staff member's role may not do this."),
  four_eyes: code('forbidden', 'Whoever opened a case for a caller cannot approve it.'),
  not_your_call: code('forbidden', 'The hotline call belongs to another agent.'),
  // 404 — also for what exists but is not the caller's, so nothing is revealed
  binding_not_found: code('not_found', 'The line has no binding of this kind.'),
  call_not_found: code('not_found', 'No hotline call has this id.'),
  callback_not_found: code('not_found', 'No callback request has this id.'),
  delivery_not_found: code('not_found', 'No webhook delivery with this id belongs to the caller.'),
  hook_not_found: code('not_found', 'No live hook with this id belongs to the partner.'),
  case_not_found: code('not_found', 'No case with this reference is visible to the caller.'),
  document_not_found: code('not_found', 'No document with this id belongs to the case.'),
  job_not_found: code('not_found', 'No parked outbox job has this id.'),
  line_not_found: code('not_found', 'No line with this number is visible to the caller.'),
  notification_not_found: code('not_found', 'No notification with this id is addressed to the staff member.'),
  partner_not_found: code('not_found', 'No partner has this id.'),
  staff_not_found: code('not_found', 'No staff member has this user name.'),
  verification_not_found: code('not_found', 'No verification has this id.'),
  // 409
  call_ended: code('conflict', 'The hotline call has ended.'),
  call_not_answered: code('conflict', 'The hotline call has not been answered yet.'),
  call_taken: code('conflict', 'Another agent answered the call first.'),
  callback_in_progress: code('conflict', 'The line already has a callback request waiting.'),
  callback_not_waiting: code('conflict', 'The callback request is no longer waiting.'),
  delivery_not_dead: code('conflict', 'Only a dead webhook delivery can be replayed (a failing one is still retried).'),
  caller_locked: code('conflict', 'Too many wrong answers: the caller (or the number) is locked for the hotline.'),
  caller_not_verified: code('conflict', 'The hotline call has not verified the caller by name and ID number.'),
  case_already_open: code('conflict', 'The line already has an open cancellation case.'),
  case_closed: code('conflict', 'The case is closed; it takes no more changes.'),
  invalid_transition: code('conflict', 'The case is in a state that does not take this step (details: state, allowed).'),
  line_not_active: code('conflict', 'The line is not active.'),
  line_not_cancellable: code('conflict', 'The line is already ended or being ended.'),
  line_not_restorable: code('conflict', 'The line is not a cancelled one resting in quarantine, or its cancellation cannot be undone (details: reason, undoUntil).'),
  line_not_suspended: code('conflict', 'The line is not barred, and is not active either (ended or being ended).'),
  no_unpaid_refund: code('conflict', 'The case is not completed with a refund still to pay (details: reason).'),
  precheck_blocking: code('conflict', 'Blocking pre-check items stop the approval until cleared (details: items).'),
  partner_disabled: code('conflict', 'The partner is disabled.'),
  partner_exists: code('conflict', 'A partner with this name exists.'),
  too_many_hooks: code('conflict', 'The partner has the most hooks it may register.'),
  too_many_documents: code('conflict', 'The case already has the most documents it takes.'),
  user_exists: code('conflict', 'A staff member with this user name exists.'),
  verification_locked: code('conflict', 'Too many wrong codes: the verification is locked.'),
  verification_used: code('conflict', 'The code was already used; start a new verification.'),
  // 413
  document_too_large: code('too_large', 'A document is larger than 10 MB.'),
  field_too_large: code('too_large', 'A form field is too long.'),
  too_many_files: code('too_large', 'Too many files in one upload.'),
  too_many_parts: code('too_large', 'The form has too many fields.'),
  // 415
  unsupported_document_type: code('unsupported_media', 'A document is not a PDF, JPEG or PNG by its first bytes.'),
  unsupported_media_type: code('unsupported_media', 'The body has a content type this route does not take.'),
  // 422
  acknowledgement_required: code('unprocessable', 'Advisory pre-check items were not acknowledged (details: missing).'),
  callback_mismatch: code('unprocessable', 'The callback request does not belong to this call or line.'),
  refund_line_not_eligible: code('unprocessable', 'The number named for the refund is not another live line of the same holder (details: field, reason).'),
  case_not_for_caller: code('unprocessable', 'The case is not one of the verified caller\u2019s lines.'),
  code_expired: code('unprocessable', 'The one-time code has expired; ask for a new one.'),
  idempotency_key_reused: code('unprocessable', 'The Idempotency-Key was used with a different request.'),
  invalid_period: code('unprocessable', 'The period is longer than allowed or ends before it starts.'),
  unknown_assignee: code('unprocessable', 'The staff member cannot take cases.'),
  unknown_region: code('unprocessable', 'The region has no calendar loaded.'),
  wrong_code: code('unprocessable', 'The one-time code is not right (details: attemptsLeft).'),
  // 429
  locked_out: code('rate_limited', 'Too many failed log-ins; wait (Retry-After).'),
  partner_rate_limited: code('rate_limited', 'Too many requests with this partner key; wait (Retry-After).'),
  too_many_attempts: code('rate_limited', 'Too many wrong codes from this address or for this verification; wait (Retry-After).'),
  too_many_verifications: code('rate_limited', 'Too many verifications asked for this number or from this client; wait (Retry-After).'),
} as const satisfies Record<string, { kind: ErrorKind; means: string }>;

export type ErrorCode = keyof typeof errorCodes;
/** The codes of one kind, so `notFound('case_already_open', …)` does not compile. */
export type ErrorCodeOf<K extends ErrorKind> = { [C in ErrorCode]: (typeof errorCodes)[C]['kind'] extends K ? C : never }[ErrorCode];
