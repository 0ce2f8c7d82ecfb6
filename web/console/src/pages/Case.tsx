import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, Notice } from '@shared/components/Alert';
import { ConfirmDialog } from '@shared/components/ConfirmDialog';
import { PageHeading } from '@shared/components/PageHeading';
import { phone } from '@shared/format';
import { useLoad } from '@shared/hooks';
import { Link } from '@shared/router';
import { api, type CaseDetail } from '../api';
import { BreachedFlag, DuplicateFlag, SlaBadge, StateBadge, useChannelLabel } from '../components/Badges';
import { CaseActions } from '../components/CaseActions';
import { CaseHistory } from '../components/CaseHistory';
import { CallList, DocumentList, MessageList } from '../components/CaseRecords';
import { PrecheckList, SubmittedPrecheck } from '../components/Precheck';
import { ErrorNotice } from '../components/ErrorNotice';
import { MailAuth } from '../components/MailAuth';
import { NetworkWait } from '../components/NetworkWait';
import { actorName, useActorLabel, useFormat } from '../format';
import { useSession } from '../session';
import { T } from '../testids';
import { textLang } from '@shared/text-lang';

function Section({ id, title, children, count }: { id: string; title: string; children: ReactNode; count?: number }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>
        {title}
        {count !== undefined && <span className="count-pill">{count}</span>}
      </h2>
      {children}
    </section>
  );
}

function Row({ label, children, testid }: { label: string; children: ReactNode; testid?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testid}>{children}</dd>
    </div>
  );
}

/** Everything about one case, and what this user may do with it. */
export function CasePage({ reference }: { reference: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const channel = useChannelLabel();
  const session = useSession()!;
  const [reveal, setReveal] = useState(false);
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState('');
  const view = useLoad(() => api.caseDetail(reference, reveal), `${reference}:${reveal}`);
  const templates = useLoad(() => api.reasonTemplates(), 'templates');
  const actor = useActorLabel();
  const d: CaseDetail | undefined = view.data;

  const afterAction = async (message: string) => {
    setDone(message);
    // A reveal is asked for each time: after a change the page reads the masked view again.
    if (reveal) setReveal(false);
    else await view.reload();
  };

  if (!d) {
    return (
      <section>
        <PageHeading text={reference} />
        <p>
          <Link to="/queue">{t('case.backToQueue')}</Link>
        </p>
        {view.loading ? <Loading /> : <ErrorNotice error={view.error} />}
      </section>
    );
  }

  const notes = d.history.filter((e) => e.type === 'note');
  const s = d.subscriber;
  return (
    <section className="case-page">
      <p className="back">
        <Link to="/queue">{t('case.backToQueue')}</Link>
      </p>
      <PageHeading text={d.reference} title={t('case.title', { reference: d.reference })} testid={T.caseReference}>
        <p className="badges">
          <StateBadge state={d.state} testid={T.caseState} />
          <SlaBadge sla={d.sla} testid={T.caseSla} />
          {d.breached && <BreachedFlag testid={T.caseBreached} />}
          {(d.duplicateOf?.length ?? 0) > 0 && <DuplicateFlag count={d.duplicateOf!.length} />}
        </p>
      </PageHeading>
      {done && (
        <Notice tone="success" testid={T.actionDone}>
          <p>{done}</p>
        </Notice>
      )}
      <ErrorNotice error={view.error} />
      {d.network && <NetworkWait network={d.network} role={session.role} onRetried={() => afterAction(t('case.network.retried'))} />}

      <div className="case-grid">
        <div className="case-summary">
          <Section id="case-summary" title={t('case.summary')}>
            <dl className="summary">
              <Row label={t('case.dueOn')} testid={T.caseDue}>
                {f.day(d.dueOn, 'long')}
                {d.dueProvisional && <span className="small muted"> {t('case.provisional')}</span>}
              </Row>
              {d.paused && (
                <Row label={t('case.paused')} testid={T.casePaused}>
                  {t('case.pausedBecause', { reason: t(`pauseReasons.${d.pauseReason ?? 'other'}`, { defaultValue: d.pauseReason ?? '' }) })}
                </Row>
              )}
              <Row label={t('case.received')}>{f.day(d.receivedOn, 'long')}</Row>
              <Row label={t('case.submitted')}>{f.dateTime(d.submittedAt)}</Row>
              <Row label={t('case.channel')}>{channel(d.channel)}</Row>
              <Row label={t('case.region')}>{t(`case.regionNames.${d.region}`, { defaultValue: d.region })}</Row>
              <Row label={t('case.assignee')} testid={T.caseAssignee}>
                {d.assignee ? actorName(d.assignee) : t('queue.unassigned')}
              </Row>
              {d.openedBy && <Row label={t('case.openedBy')}>{actorName(d.openedBy)}</Row>}
              {d.decidedBy && <Row label={t('case.decidedBy')}>{actorName(d.decidedBy)}</Row>}
              {(d.pausedWorkingDays ?? 0) > 0 && <Row label={t('case.pausedDays')}>{d.pausedWorkingDays}</Row>}
              {d.breachedAt && <Row label={t('case.breachedAt')}>{f.dateTime(d.breachedAt)}</Row>}
              {(d.duplicateOf?.length ?? 0) > 0 && (
                <Row label={t('case.duplicates')} testid={T.caseDuplicates}>
                  {d.duplicateOf!.map((x, i) => (
                    <span key={x.reference}>
                      {i > 0 && ', '}
                      <Link to={`/cases/${encodeURIComponent(x.reference)}`}>{x.reference}</Link> ({channel(x.channel)})
                    </span>
                  ))}
                </Row>
              )}
              <Row label={t('case.reason')}>{d.reason ? <span lang={textLang(d.reason)}>{d.reason}</span> : d.reason}</Row>
            </dl>
          </Section>

        </div>

        <aside className="case-side" aria-label={t('case.side')}>
          <Section id="case-actions" title={t('case.actions')}>
            <CaseActions detail={d} session={session} templates={templates.data} onDone={afterAction} />
          </Section>

          <Section id="case-subscriber" title={t('case.subscriber')}>
            <dl className="summary" data-testid={T.subscriber} data-masked={s?.masked ? 'true' : 'false'}>
              <Row label={t('case.name')} testid={T.subscriberName}>
                {s?.name ?? '—'}
              </Row>
              <Row label={t('case.idNumber')} testid={T.subscriberIdNumber}>
                {s ? `${t(`idTypes.${s.idType}`, { defaultValue: s.idType })} ${s.idNumber}` : '—'}
              </Row>
              <Row label={t('case.email')} testid={T.subscriberEmail}>
                {s?.email ?? '—'}
              </Row>
              <Row label={t('case.language')}>{s ? t(`languages.${s.language}`, { defaultValue: s.language }) : '—'}</Row>
            </dl>
            {s?.masked && (
              <button type="button" className="button secondary small-button" onClick={() => setAsking(true)} data-testid={T.reveal}>
                {t('case.reveal')}
              </button>
            )}
            {s && !s.masked && <p className="small muted">{t('case.revealed')}</p>}
            <ConfirmDialog
              open={asking}
              title={t('case.revealTitle')}
              confirmLabel={t('case.revealConfirm')}
              confirmTestId={T.revealConfirm}
              onClose={() => setAsking(false)}
              onConfirm={() => {
                setAsking(false);
                setReveal(true);
              }}
            >
              <p>{t('case.revealText')}</p>
            </ConfirmDialog>
          </Section>

          <Section id="case-line" title={t('case.line')}>
            <dl className="summary" data-testid={T.line}>
              <Row label={t('case.msisdn')}>
                <span className="nowrap">{phone(d.msisdn)}</span>
              </Row>
              <Row label={t('case.lineStatus')}>{t(`lineStatus.${d.lineStatus}`, { defaultValue: d.lineStatus })}</Row>
              {d.receiptSha256 && (
                <Row label={t('case.receipt')}>
                  <span className="mono small">{d.receiptSha256}</span>
                </Row>
              )}
            </dl>
          </Section>

          <Section id="case-notes" title={t('case.notes')} count={notes.length}>
            {notes.length === 0 ? (
              <p className="muted">{t('case.noNotes')}</p>
            ) : (
              <ul className="messages" data-testid={T.notes}>
                {notes.map((n) => (
                  <li key={n.seq}>
                    <p className="small muted">
                      {actor(n.actor)} · {f.dateTime(n.at)}
                    </p>
                    <p className="message-text">{typeof n.data?.text === 'string' ? n.data.text : ''}</p>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </aside>

        <div className="case-main">
          <Section id="case-precheck" title={t('case.precheck')}>
            {/* As it stood at submission (frozen with the case) beside the line as it is now. */}
            <div className="precheck-columns">
              <div>
                <h3>{t('case.precheckSubmitted')}</h3>
                {d.precheckAtSubmission ? <SubmittedPrecheck frozen={d.precheckAtSubmission} /> : <p className="muted">{t('case.precheckSubmittedNone')}</p>}
              </div>
              <div>
                <h3>{t('case.precheckNow')}</h3>
                <p className="small muted">{t('case.precheckNowHelp')}</p>
                {d.precheck ? <PrecheckList items={d.precheck.items} /> : <p className="muted">{t('case.noPrecheck')}</p>}
              </div>
            </div>
          </Section>

          <Section id="case-documents" title={t('case.documents')} count={d.documents.length}>
            <DocumentList detail={d} />
          </Section>

          {d.mailAuth && (
            <Section id="case-mail-auth" title={t('case.mailAuth.title')}>
              <MailAuth auth={d.mailAuth} />
            </Section>
          )}

          <Section id="case-messages" title={t('case.messages')} count={d.communications.length}>
            <MessageList messages={d.communications} />
          </Section>

          <Section id="case-calls" title={t('case.calls')} count={d.calls?.length ?? 0}>
            <CallList calls={d.calls ?? []} />
          </Section>

          <Section id="case-history" title={t('case.history')} count={d.history.length}>
            <CaseHistory history={d.history} />
          </Section>
        </div>
      </div>
    </section>
  );
}
