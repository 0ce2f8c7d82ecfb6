import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { documentUrl, type CaseCall, type CaseDetail, type CaseDocument, type Communication } from '../api';
import { actorName, useFormat } from '../format';
import { T } from '../testids';
import { useChannelLabel } from './Badges';
import { textLang } from '@shared/text-lang';

function DocumentItem({ reference, doc }: { reference: string; doc: CaseDocument }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState(false);
  const url = documentUrl(reference, doc.id);
  const isPdf = doc.contentType === 'application/pdf';
  const isImage = doc.contentType.startsWith('image/');
  return (
    <li data-testid={T.document} data-document-id={doc.id}>
      <p className="doc-name">
        <strong>{doc.name}</strong>{' '}
        <span className="small muted">
          {doc.kind ? `${t(`documentKinds.${doc.kind}`, { defaultValue: doc.kind })} · ` : ''}
          {doc.contentType}
          {` · ${f.fileSize(doc.size)}`} · {f.dateTime(doc.uploadedAt)}
        </span>
      </p>
      <p className="small mono" title={t('case.sha256')}>
        SHA-256 {doc.sha256}
      </p>
      <div className="button-row">
        {(isPdf || isImage) && (
          <button type="button" className="button secondary small-button" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid={T.documentPreview}>
            {open ? t('case.hidePreview') : t('case.preview')}
          </button>
        )}
        <a className="button secondary small-button" href={url} target="_blank" rel="noopener">
          {t('case.openDocument')}
        </a>
      </div>
      {open && isPdf && <iframe className="doc-frame" src={url} title={t('case.previewOf', { name: doc.name })} data-testid={T.documentFrame} />}
      {open && isImage && <img className="doc-image" src={url} alt={t('case.previewOf', { name: doc.name })} data-testid={T.documentFrame} />}
    </li>
  );
}

export function DocumentList({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  if (detail.documents.length === 0) return <p className="muted">{t('case.noDocuments')}</p>;
  return (
    <ul className="documents" data-testid={T.documents}>
      {detail.documents.map((d) => (
        <DocumentItem key={d.id} reference={detail.reference} doc={d} />
      ))}
    </ul>
  );
}

export function MessageList({ messages }: { messages: Communication[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const channel = useChannelLabel();
  if (messages.length === 0) return <p className="muted">{t('case.noMessages')}</p>;
  return (
    <ul className="messages" data-testid={T.messages}>
      {messages.map((m, i) => {
        // A hotline call's log: its outcome in words; the agent's note is with the call (Calls).
        const outcome = m.template === 'call_log' ? m.text.split(' ')[0] ?? '' : null;
        return (
          <li key={m.id ?? i} className={m.direction === 'in' ? 'from-customer' : 'to-customer'}>
            <p className="tl-title">
              {m.direction === 'in' ? t('case.fromCustomer') : t('case.toCustomer')} · {channel(m.channel)}
              {/* A web reply's stored subject ("Reply to …") and recipient ("operator") say nothing the line above does not. */}
              {outcome !== null ? ` · ${t('case.callLog')}` : m.subject && m.template !== 'customer_reply' ? <> · <span lang={textLang(m.subject)}>{m.subject}</span></> : ''}
            </p>
            <p className="small muted">
              {f.dateTime(m.sentAt ?? m.createdAt)}
              {m.to && m.to !== 'operator' ? ` · ${m.to}` : ''} · {t(`messageStatus.${m.status}`, { defaultValue: m.status })}
            </p>
            <p className="message-text" lang={outcome !== null ? undefined : textLang(m.text)}>
              {outcome !== null ? t(`desk.outcomes.${outcome}`, { defaultValue: m.text }) : m.text}
            </p>
          </li>
        );
      })}
    </ul>
  );
}

export function CallList({ calls }: { calls: CaseCall[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (calls.length === 0) return <p className="muted">{t('case.noCalls')}</p>;
  return (
    <ul className="messages" data-testid={T.calls}>
      {calls.map((c) => (
        <li key={c.id}>
          <p className="tl-title">
            {t(`desk.direction.${c.direction}`)} · {f.dateTime(c.receivedAt)}
            {c.agent ? ` · ${actorName(c.agent)}` : ''}
          </p>
          <p className="small">
            {t('case.callFacts')}: {c.facts.length ? c.facts.map((x) => t(`desk.facts.${x}.short`, { defaultValue: x })).join(', ') : '—'}
            {' · '}
            {t('case.callOutcome')}: {c.outcome ? t(`desk.outcomes.${c.outcome}`, { defaultValue: c.outcome }) : t('case.callOpen')}
          </p>
          {c.note && <p className="message-text">{c.note}</p>}
        </li>
      ))}
    </ul>
  );
}
