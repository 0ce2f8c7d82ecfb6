/**
 * The answers of a cancellation application (acknowledgements, refund method, reason), shared by
 * the online form (/apply) and the paper-form upload (/apply/form). Kept as a draft in
 * sessionStorage per line, so a reload or a switch between the two channels keeps them.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TFunction } from 'i18next';
import { useLoad } from '@shared/hooks';
import { api, type ApplicationInput, type LineView, type Precheck } from './api';
import { emptyRefund, refundFields, refundProblems, refundRequest, withDestination, type RefundDraft, type RefundField } from '@shared/refund';
import { maskBankAccount } from '../../../src/domain/refund.js';

export const reasonCodes = ['moving_abroad', 'switching_operator', 'not_needed', 'cost', 'coverage', 'nuisance', 'other'] as const;
export type ReasonCode = (typeof reasonCodes)[number];

interface Draft {
  acks: string[];
  /** The account number is left out when the draft is kept (see below). */
  refund: RefundDraft;
  reason: ReasonCode | '';
  reasonText: string;
}

const emptyDraft: Draft = { acks: [], refund: emptyRefund, reason: '', reasonText: '' };
const draftKey = (msisdn: string) => `lastcall.draft.${msisdn}`;

function loadDraft(msisdn: string): Draft {
  try {
    const raw = window.sessionStorage.getItem(draftKey(msisdn));
    const kept = raw ? (JSON.parse(raw) as Partial<Draft>) : {};
    // A draft from before the refund had fields kept the method alone, as a string.
    const refund = typeof kept.refund === 'object' && kept.refund !== null ? { ...emptyRefund, ...kept.refund } : emptyRefund;
    return { ...emptyDraft, ...kept, refund };
  } catch {
    return emptyDraft;
  }
}

export function clearDraft(msisdn: string) {
  try {
    window.sessionStorage.removeItem(draftKey(msisdn));
  } catch {
    // nothing kept
  }
}

/** A fresh Idempotency-Key: crypto.randomUUID where the page is a secure context, else from getRandomValues. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function useApplication(msisdn: string) {
  const loaded = useLoad(async () => {
    const [line, precheck] = await Promise.all([api.line(msisdn), api.precheck(msisdn)]);
    return { line, precheck };
  }, msisdn);
  const [draft, setDraft] = useState<Draft>(() => loadDraft(msisdn));
  const [unbinding, setUnbinding] = useState<string | null>(null);
  const [unbindError, setUnbindError] = useState<unknown>(null);
  const [unbound, setUnbound] = useState<string | null>(null);

  useEffect(() => {
    try {
      // A bank account number is not written to the browser's storage: a reload asks for it again.
      window.sessionStorage.setItem(draftKey(msisdn), JSON.stringify({ ...draft, refund: { ...draft.refund, accountNumber: '' } }));
    } catch {
      // nothing kept
    }
  }, [draft, msisdn]);

  const line: LineView | undefined = loaded.data?.line;
  const precheck: Precheck | undefined = loaded.data?.precheck;
  const advisory = useMemo(() => (precheck?.items ?? []).filter((i) => i.kind === 'advisory').map((i) => i.code), [precheck]);
  const acked = useMemo(() => new Set(draft.acks), [draft.acks]);
  const hasRefund = (precheck?.items ?? []).some((i) => i.code === 'prepaid_credit_refund');
  const refundErrors = useMemo(() => (hasRefund ? refundProblems(draft.refund, msisdn) : {}), [hasRefund, draft.refund, msisdn]);
  // Field errors of the refund show once the customer tried to go on, as the reason's do.
  const [refundChecked, setRefundChecked] = useState(false);

  const setAck = useCallback((code: string, on: boolean) => {
    setDraft((d) => ({ ...d, acks: on ? [...new Set([...d.acks, code])] : d.acks.filter((c) => c !== code) }));
  }, []);

  const unbind = useCallback(
    async (kind: string) => {
      setUnbinding(kind);
      setUnbindError(null);
      setUnbound(null);
      try {
        await api.setBinding(msisdn, kind, 'unbound');
        setDraft((d) => ({ ...d, acks: d.acks.filter((c) => c !== `binding_${kind}`) }));
        await loaded.reload();
        setUnbound(kind);
      } catch (e) {
        setUnbindError(e);
      } finally {
        setUnbinding(null);
      }
    },
    [msisdn, loaded],
  );

  return {
    msisdn,
    loading: loaded.loading,
    loadError: loaded.error,
    reload: () => {
      setUnbound(null);
      return loaded.reload();
    },
    line,
    precheck,
    advisory,
    acked,
    missing: advisory.filter((c) => !acked.has(c)),
    hasRefund,
    draft,
    setAck,
    setRefund: (change: Partial<RefundDraft>) => setDraft((d) => ({ ...d, refund: { ...d.refund, ...change } })),
    refundErrors,
    refundChecked,
    setRefundChecked,
    setReason: (reason: ReasonCode | '') => setDraft((d) => ({ ...d, reason })),
    setReasonText: (reasonText: string) => setDraft((d) => ({ ...d, reasonText })),
    unbind,
    unbinding,
    unbindError,
    unbound,
  };
}

export type Application = ReturnType<typeof useApplication>;

export interface ReasonErrors {
  reason?: string;
  reasonText?: string;
}

export function reasonErrors(app: Application, t: TFunction): ReasonErrors {
  const e: ReasonErrors = {};
  if (!app.draft.reason) e.reason = t('apply.errors.reason');
  else if (app.draft.reason === 'other' && !app.draft.reasonText.trim()) e.reasonText = t('apply.errors.reasonText');
  return e;
}

/** The reason as one text for the reviewer: the chosen reason in the customer's language, then their words. */
export function reasonText(app: Application, t: TFunction): string {
  const label = app.draft.reason ? t(`apply.reasons.${app.draft.reason}`) : '';
  const extra = app.draft.reasonText.trim();
  return (extra ? `${label}${t('apply.reasonJoiner')}${extra}` : label).slice(0, 500);
}

export function applicationInput(app: Application, t: TFunction): ApplicationInput {
  return {
    msisdn: app.msisdn,
    reason: reasonText(app, t),
    ...(app.hasRefund ? { refund: refundRequest(app.draft.refund) } : {}),
    acknowledgements: app.advisory.filter((c) => app.acked.has(c)),
  };
}

/** The first refund field with a problem, for focus; undefined when the choice is complete. */
export function firstRefundProblem(app: Application): RefundField | undefined {
  return refundFields[app.draft.refund.method].find((f) => app.refundErrors[f]);
}

/** The choice on the review page: "退至银行账户 工商银行 **** **** 1234". */
export function refundSummary(app: Application, t: TFunction): string {
  const r = refundRequest(app.draft.refund);
  const words = t(`precheck.refund.${r.method}`);
  if (r.method === 'bank_account') return withDestination(words, { bankName: r.bankName, accountMasked: maskBankAccount(r.accountNumber) });
  if (r.method === 'another_line') return withDestination(words, { msisdn: r.msisdn });
  return words;
}
