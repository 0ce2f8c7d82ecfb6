import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, startHarness, type Harness } from '../support/harness.js';
import type * as cases from '../../src/http/responses/cases.js';
import type * as evidence from '../../src/http/responses/evidence.js';
import type * as hotline from '../../src/http/responses/hotline.js';
import type * as identity from '../../src/http/responses/identity.js';
import type * as lines from '../../src/http/responses/lines.js';
import type * as operations from '../../src/http/responses/operations.js';
import type * as partnerAnswers from '../../src/http/responses/partners.js';
import type * as sla from '../../src/http/responses/sla.js';
import type * as staff from '../../src/http/responses/staff.js';
import type { applyForCancellation } from '../../src/app/cases/apply.js';
import type { customerCaseView, staffCaseView } from '../../src/app/cases/case-view.js';
import type { listStaffCases } from '../../src/app/cases/review-queue.js';
import type { addNote, approveCase, assignCase, rejectCase, replyToInformationRequest, requestInformation, withdrawCase } from '../../src/app/cases/review.js';
import type { exportEvidence } from '../../src/app/evidence/bundle.js';
import type { listAudit, verifyAuditChain } from '../../src/app/evidence/audit.js';
import type { addCaseDocuments } from '../../src/app/evidence/documents.js';
import type { answerCall, getCall, incomingCall, listCalls, startCall } from '../../src/app/hotline/calls.js';
import type { listCallbacks, requestCallback } from '../../src/app/hotline/callbacks.js';
import type { lookupCaller } from '../../src/app/hotline/caller.js';
import type { endCall } from '../../src/app/hotline/end-call.js';
import type { verifyFact } from '../../src/app/hotline/verify-caller.js';
import type { confirmVerification, startVerification } from '../../src/app/identity/verify.js';
import type { declareBinding, getLineStatus, getPrecheck, listMyLines } from '../../src/app/lines/lines.js';
import type { liftSuspension, suspendLine } from '../../src/app/lines/suspension.js';
import type { restoreNumber } from '../../src/app/lines/restore.js';
import type { confirmRefundPaid } from '../../src/app/cases/refund-paid.js';
import type { createPartner, disablePartner, listPartnersForStaff, rotatePartnerKey } from '../../src/app/partners/partners.js';
import type { createHook, listHookDeliveries, listPartnerHooks, partnerActivity, replayDelivery } from '../../src/app/partners/hooks.js';
import type { areNumbersDisconnected, isNumberDisconnected } from '../../src/app/partners/numbers.js';
import type { listDeadLetters } from '../../src/app/operations/dead-letters.js';
import type { supervisorDashboard } from '../../src/app/sla/dashboard.js';
import type { createStaff, demoLogins, listAssignees, listStaff, setStaffDisabled, unlockStaff } from '../../src/app/staff/auth.js';
import type { listNotifications, markNotificationRead } from '../../src/app/staff/notifications.js';
import type { ServiceHoursAnswer } from '../../src/domain/service-hours.js';

/*
 * A response schema also serialises the answer, and a Zod object drops the keys it does not
 * name. So every field a use case answers must be named in the schema of its route: checked
 * here at compile time (`npm run lint`), where a missing field fails with its path, e.g.
 * `"communications.sentAt"`. A schema part that is `unknown` takes whatever is below it as is.
 */
type Leaf = string | number | boolean | bigint | null | undefined | Date;
type Below<S, K> = K extends keyof S ? (unknown extends S[K] ? unknown : NonNullable<S[K]>) : never;
type Missing<A, S> = unknown extends S
  ? never
  : A extends Leaf
    ? never
    : A extends readonly (infer E)[]
      ? S extends readonly (infer F)[] ? Missing<E, F> : never
      : A extends object
        ? { [K in keyof A & string]-?: K extends keyof S ? Within<K, Missing<NonNullable<A[K]>, Below<S, K>>> : K }[keyof A & string]
        : never;
type Within<K extends string, M> = M extends string ? `${K}.${M}` : never;
type Covers<Schema extends z.ZodType, Answer> = [Missing<Answer, NonNullable<z.output<Schema>>>] extends [never] ? true : { missing: Missing<Answer, NonNullable<z.output<Schema>>> };
/** Compiles only when every schema names every field of its answer. */
type Expect<T extends true[]> = T;
type Of<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

export type ResponseSchemasCoverAnswers = Expect<[
  Covers<typeof identity.verificationStarted, Of<typeof startVerification>>,
  Covers<typeof identity.customerToken, Of<typeof confirmVerification>>,
  Covers<typeof identity.demoLogins, NonNullable<Of<typeof demoLogins>>>,
  Covers<typeof lines.lineList, Of<typeof listMyLines>>,
  Covers<typeof lines.lineView, Of<typeof getLineStatus>>,
  Covers<typeof lines.lineView, Of<typeof declareBinding>>,
  Covers<typeof lines.lineView, Of<typeof suspendLine>['line']>,
  Covers<typeof lines.lineView, Of<typeof liftSuspension>['line']>,
  Covers<typeof lines.precheck, Of<typeof getPrecheck>>,
  Covers<typeof hotline.callbackRequested, Of<typeof requestCallback>['body']>,
  Covers<typeof cases.applicationReceipt, Of<typeof applyForCancellation>['body']>,
  Covers<typeof cases.customerCase, Of<typeof customerCaseView>>,
  Covers<typeof cases.customerReplied, Of<typeof replyToInformationRequest>>,
  Covers<typeof cases.documentsAdded, Of<typeof addCaseDocuments>>,
  Covers<typeof cases.caseStep, Of<typeof withdrawCase>>,
  Covers<typeof cases.queue, Of<typeof listStaffCases>>,
  Covers<typeof cases.staffCase, Of<typeof staffCaseView>>,
  Covers<typeof cases.caseAssigned, Of<typeof assignCase>>,
  Covers<typeof cases.informationRequested, Of<typeof requestInformation>>,
  Covers<typeof cases.caseStep, Of<typeof approveCase>>,
  Covers<typeof cases.caseStep, Of<typeof rejectCase>>,
  Covers<typeof cases.caseStep, Of<typeof addNote>>,
  Covers<typeof cases.assignees, { items: Of<typeof listAssignees> }>,
  Covers<typeof staff.notifications, Of<typeof listNotifications>>,
  Covers<typeof staff.notificationRead, Of<typeof markNotificationRead>>,
  Covers<typeof staff.staffUsers, { items: Of<typeof listStaff> }>,
  Covers<typeof staff.staffUserCreated, Of<typeof createStaff>>,
  Covers<typeof staff.staffUserDisabled, Of<typeof setStaffDisabled>>,
  Covers<typeof staff.staffUserUnlocked, Of<typeof unlockStaff>>,
  Covers<typeof evidence.auditPage, { items: Of<typeof listAudit>; next: number | null }>,
  Covers<typeof evidence.auditVerification, Of<typeof verifyAuditChain>>,
  Covers<typeof evidence.evidenceBundle, Of<typeof exportEvidence>>,
  Covers<typeof hotline.oneCall, Of<typeof incomingCall>>,
  Covers<typeof hotline.oneCall, Of<typeof startCall>>,
  Covers<typeof hotline.oneCall, Of<typeof answerCall>>,
  Covers<typeof hotline.oneCall, Of<typeof endCall>>,
  Covers<typeof hotline.callList, Of<typeof listCalls>>,
  Covers<typeof hotline.callWithCaller, Of<typeof getCall>>,
  Covers<typeof hotline.factChecked, Of<typeof verifyFact>>,
  Covers<typeof hotline.caller, Of<typeof lookupCaller>>,
  Covers<typeof hotline.callbackList, Of<typeof listCallbacks>>,
  Covers<typeof sla.serviceHours, ServiceHoursAnswer & { region: string; hotline: string; timeZone: string }>,
  Covers<typeof sla.dashboard, Of<typeof supervisorDashboard>>,
  Covers<typeof operations.deadLetters, { items: Of<typeof listDeadLetters> }>,
  Covers<typeof lines.lineView, Of<typeof restoreNumber>>,
  Covers<typeof cases.refundPaid, Of<typeof confirmRefundPaid>>,
  Covers<typeof partnerAnswers.partnerWithKey, Of<typeof createPartner>>,
  Covers<typeof partnerAnswers.partnerWithKey, Of<typeof rotatePartnerKey>>,
  Covers<typeof partnerAnswers.partner, Of<typeof disablePartner>>,
  Covers<typeof partnerAnswers.partners, Of<typeof listPartnersForStaff>>,
  Covers<typeof partnerAnswers.partnerActivity, Of<typeof partnerActivity>>,
  Covers<typeof partnerAnswers.delivery, Of<typeof replayDelivery>>,
  Covers<typeof partnerAnswers.hookWithSecret, Of<typeof createHook>>,
  Covers<typeof partnerAnswers.hooks, Of<typeof listPartnerHooks>>,
  Covers<typeof partnerAnswers.deliveries, Of<typeof listHookDeliveries>>,
  Covers<typeof partnerAnswers.disconnected, Of<typeof isNumberDisconnected>>,
  Covers<typeof partnerAnswers.disconnectedMany, { results: Of<typeof areNumbersDisconnected> }>,
]>;

interface Operation {
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

/** The success answers an operation declares: status → content type → JSON schema. */
function successAnswers(op: Operation) {
  return Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
}

describe.each(testDatabases)('the OpenAPI document (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  let operations: { route: string; op: Operation }[];

  beforeAll(async () => {
    if (!available) return;
    h = (await startHarness(kind))!;
    const doc = (await new Client(h.base).get('/openapi.json')).body as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })));
  });
  afterAll(async () => h?.close());

  it.skipIf(!available)('describes the success answer of every operation under /api/v1', () => {
    expect(operations.length).toBeGreaterThan(50);
    const undescribed = operations
      .filter(({ op }) => {
        const answers = successAnswers(op);
        // A 204 has no body; any other success answer names its content and a schema for it.
        return answers.length === 0 || answers.some(([status, r]) => status !== '204' && Object.values(r.content ?? {}).every((c) => c.schema === undefined));
      })
      .map(({ route }) => route);
    expect(undescribed).toEqual([]);
  });

  it.skipIf(!available)('gives JSON answers a schema with their fields, and byte answers their content type', () => {
    const shapeless = operations
      .flatMap(({ route, op }) =>
        successAnswers(op).flatMap(([status, r]) =>
          Object.entries(r.content ?? {})
            .filter(([type, c]) => (type === 'application/json' ? !c.schema?.type && !c.schema?.anyOf && !c.schema?.oneOf : c.schema?.format !== 'binary'))
            .map(([type]) => `${route} ${status} ${type}`),
        ),
      );
    expect(shapeless).toEqual([]);
    const typesOf = (route: string) => operations.find((o) => o.route === route)!.op.responses!['200']!.content!;
    expect(Object.keys(typesOf('GET /api/v1/cancellations/{reference}/receipt.pdf'))).toEqual(['application/pdf']);
    expect(Object.keys(typesOf('GET /api/v1/forms/cancellation.pdf'))).toEqual(['application/pdf']);
    expect(Object.keys(typesOf('GET /api/v1/staff/cases/{reference}/documents/{id}')).sort()).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
  });

  it.skipIf(!available)('names the fields of a case as the console reads them', () => {
    const staffCase = operations.find((o) => o.route === 'GET /api/v1/staff/cases/{reference}')!.op.responses!['200']!.content!['application/json']!.schema!;
    const fields = Object.keys(staffCase.properties as Record<string, unknown>);
    expect(fields).toEqual(expect.arrayContaining(['reference', 'state', 'subscriber', 'precheck', 'documents', 'history', 'communications', 'calls', 'allowed', 'fourEyes']));
    expect(staffCase.required).toEqual(expect.arrayContaining(['reference', 'communications']));
  });
});

describe('the response schemas', () => {
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(full);
      return /\.tsx?$/.test(e.name) ? [full] : [];
    });
  const importsOf = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/^(import|export)\b[^;]*?from '([^']+)'/gms)].map((m) => ({ line: m[0], from: m[2]! }));

  it('import zod, each other and the domain only, so the web apps can take their types', () => {
    const foreign = sources('src/http/responses').flatMap((file) =>
      importsOf(file)
        .filter(({ from }) => from !== 'zod' && !/^\.\/[a-z-]+\.js$/.test(from) && !/^\.\.\/\.\.\/domain\/[a-z-]+\.js$/.test(from))
        .map(({ from }) => `${file}: ${from}`),
    );
    expect(foreign).toEqual([]);
  });

  it('reach the portal and the console as types only (Vite erases them: no zod in the bundles)', () => {
    const asValues = sources('web').flatMap((file) =>
      importsOf(file)
        .filter(({ from }) => from.startsWith('@api/') || from.includes('src/http/'))
        .filter(({ line }) => !/^(import|export) type\b/.test(line))
        .map(({ line }) => `${file}: ${line.split('\n')[0]}`),
    );
    expect(asValues).toEqual([]);
  });
});
