import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '@shared/components/Alert';
import { Field } from '@shared/components/Field';
import { PageHeading } from '@shared/components/PageHeading';
import { looksLikeE164, tidyMsisdn } from '@shared/format';
import { useLoad } from '@shared/hooks';
import { navigate, useQuery } from '@shared/router';
import { api, type Call } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { CallPanel } from '../components/desk/CallPanel';
import { Callbacks } from '../components/desk/Callbacks';
import { maskedPhone, useFormat } from '../format';
import { usePoll } from '../hooks';
import { useSession } from '../session';
import { T } from '../testids';

type Tab = 'calls' | 'callbacks';
const tabs: Tab[] = ['calls', 'callbacks'];

function deskPath(params: { call?: string | undefined; tab?: Tab; ended?: string | undefined }): string {
  const q = new URLSearchParams();
  if (params.tab && params.tab !== 'calls') q.set('tab', params.tab);
  if (params.call) q.set('call', params.call);
  if (params.ended) q.set('ended', params.ended);
  const s = q.toString();
  return `/desk${s ? `?${s}` : ''}`;
}

/** Ringing calls, polled every 2 seconds: the pop-up every agent on the desk sees. */
function IncomingCalls({ current, onAnswered }: { current: string | null; onAnswered: (call: Call) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [ringing, setRinging] = useState<Call[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  usePoll(async () => {
    const r = await api.calls('ringing');
    setRinging(r.items);
  }, 2000);

  const answer = async (call: Call) => {
    setBusy(call.id);
    setError(null);
    try {
      const r = await api.answerCall(call.id);
      setRinging((list) => list.filter((c) => c.id !== call.id));
      onAnswered(r.call);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const shown = ringing.filter((c) => c.id !== current);
  return (
    <div className="incoming" aria-live="assertive" data-testid={T.incoming}>
      <ErrorNotice error={error} />
      {shown.map((c) => (
        <div key={c.id} className="incoming-call" role="group" aria-label={t('desk.incoming')} data-testid={T.incomingCall} data-call-id={c.id}>
          <p>
            <span className="ring" aria-hidden="true">
              ☎
            </span>{' '}
            <strong>{t('desk.incoming')}</strong> <span className="nowrap">{maskedPhone(c.msisdn)}</span>{' '}
            <span className="small">· {f.dateTime(c.receivedAt)}</span>
          </p>
          <button type="button" className="button primary small-button" onClick={() => void answer(c)} disabled={busy !== null} data-testid={T.incomingAnswer}>
            {busy === c.id ? t('common.working') : t('desk.answer')}
          </button>
        </div>
      ))}
    </div>
  );
}

/** Looking a caller up by number starts a call on the desk (the caller is on the line already). */
function Lookup({ onCall }: { onCall: (call: Call) => void }) {
  const { t } = useTranslation();
  const [msisdn, setMsisdn] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = tidyMsisdn(msisdn);
    if (!looksLikeE164(n)) return setInvalid(t('desk.msisdnInvalid'));
    setInvalid(undefined);
    setBusy(true);
    setError(null);
    try {
      let { call } = await api.startCall(n);
      if (call.state === 'ringing') call = (await api.answerCall(call.id)).call;
      setMsisdn('');
      onCall(call);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card lookup" onSubmit={(e) => void submit(e)} noValidate data-testid={T.lookupForm}>
      <h2>{t('desk.lookupTitle')}</h2>
      <Field id="lookup-msisdn" label={t('desk.msisdn')} hint={t('desk.msisdnHint')} error={invalid}>
        {(p) => (
          <div className="inline-field">
            <input {...p} type="tel" inputMode="tel" autoComplete="off" value={msisdn} onChange={(e) => setMsisdn(e.target.value)} data-testid={T.lookupMsisdn} />
            <button type="submit" className="button primary small-button" disabled={busy} data-testid={T.lookupSubmit}>
              {busy ? t('common.working') : t('desk.lookup')}
            </button>
          </div>
        )}
      </Field>
      <ErrorNotice error={error} />
    </form>
  );
}

/** The hotline desk: incoming calls, a number lookup, the call in hand, and the callbacks to return. */
export function DeskPage() {
  const { t } = useTranslation();
  const session = useSession()!;
  const q = useQuery();
  const callId = q.get('call');
  const ended = q.get('ended');
  const tab: Tab = q.get('tab') === 'callbacks' ? 'callbacks' : 'calls';
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ calls: null, callbacks: null });
  // A call this agent answered and has not ended (after a reload, or from another tab).
  const mine = useLoad(() => api.calls('active'), callId ?? 'none', !callId);
  const resumable = (mine.data?.items ?? []).filter((c) => c.agent === session.user && c.id !== callId);

  const open = (call: Call) => navigate(deskPath({ call: call.id }));
  const select = (next: Tab) => navigate(deskPath({ tab: next, call: callId ?? undefined }), { keepScroll: true });
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const i = tabs.indexOf(tab);
    const next = e.key === 'Home' ? tabs[0]! : e.key === 'End' ? tabs[tabs.length - 1]! : tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    select(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <section>
      <PageHeading text={t('desk.title')} sub={t('desk.lead')} />
      <IncomingCalls current={callId} onAnswered={open} />
      {ended && !callId && (
        <Notice tone="success" testid={T.callEnded}>
          <p>{t('desk.ended')}</p>
        </Notice>
      )}
      {resumable.length > 0 && (
        <Notice tone="info">
          <p>{t('desk.resume')}</p>
          <ul>
            {resumable.map((c) => (
              <li key={c.id}>
                <button type="button" className="link-button" onClick={() => open(c)}>
                  {maskedPhone(c.msisdn)}
                </button>
              </li>
            ))}
          </ul>
        </Notice>
      )}

      <div className="tabs" role="tablist" aria-label={t('desk.tabs')}>
        {tabs.map((x) => (
          <button
            key={x}
            ref={(el) => {
              tabRefs.current[x] = el;
            }}
            type="button"
            role="tab"
            id={`desk-tab-${x}`}
            aria-selected={tab === x}
            aria-controls={`desk-panel-${x}`}
            tabIndex={tab === x ? 0 : -1}
            onClick={() => select(x)}
            onKeyDown={onTabKey}
            data-testid={x === 'calls' ? T.deskTabCalls : T.deskTabCallbacks}
          >
            {t(`desk.tab.${x}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`desk-panel-${tab}`} aria-labelledby={`desk-tab-${tab}`} className="tab-panel">
        {tab === 'calls' ? (
          <>
            {callId ? (
              <CallPanel key={callId} callId={callId} onEnded={(c) => navigate(deskPath({ ended: c.id }))} />
            ) : (
              <>
                <p className="card subtle">{t('desk.waiting')}</p>
                <Lookup onCall={open} />
              </>
            )}
          </>
        ) : (
          <Callbacks onCall={open} />
        )}
      </div>
    </section>
  );
}
