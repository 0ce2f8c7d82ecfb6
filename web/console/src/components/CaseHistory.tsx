import { useTranslation } from 'react-i18next';
import type { CaseEvent } from '@shared/shapes';
import { useHistoryFormat } from '../format';
import { describeEvent } from '../history-text';
import { T } from '../testids';
import { textLang } from '@shared/text-lang';

/**
 * The full history, oldest first: state changes, SLA marks, notes, calls, documents. Each entry
 * reads as sentences in the console's language (history-text.ts); ids, provisioners, raw errors
 * and hashes are behind a "Technical details" disclosure (a native <details>: keyboard and screen
 * reader work without help).
 */
export function CaseHistory({ history }: { history: CaseEvent[] }) {
  const { t } = useTranslation();
  const hf = useHistoryFormat();
  return (
    <ol className="history-list" data-testid={T.history}>
      {history.map((e) => {
        const v = describeEvent(e, hf);
        const kind = e.type.startsWith('sla_') || e.type === 'lapse' ? 'sla' : v.change ? 'state' : 'other';
        return (
          <li key={e.seq} className={`history-${kind}`} data-testid={T.historyEvent} data-type={e.type} data-known={v.known ? 'true' : 'false'}>
            <span className="tl-marker" aria-hidden="true" />
            <div className="tl-body">
              <div data-testid={T.historyText}>
                <p className="tl-title">
                  {v.title}
                  {v.change && <span className="small muted"> ({v.change})</span>}
                </p>
                <p className="small muted">
                  <time dateTime={e.at}>{v.when}</time> · {v.actor}
                </p>
                {v.lines.map((l, i) =>
                  'quote' in l ? (
                    <div key={i} className="event-quote">
                      {l.label && <p className="small muted">{l.label}</p>}
                      <p className="quote" lang={textLang(l.quote)}>
                        {l.quote}
                      </p>
                    </div>
                  ) : (
                    <p key={i} className="event-line">
                      {l.text}
                    </p>
                  ),
                )}
              </div>
              {v.details.length > 0 && (
                <details className="history event-details" data-testid={T.historyDetails}>
                  <summary>
                    {t('history.details')}
                    <span className="visually-hidden"> – {v.title}</span>
                  </summary>
                  <dl className="event-data">
                    {v.details.map((r, i) => (
                      <div key={i}>
                        <dt>{r.label}</dt>
                        <dd className="mono">{r.value}</dd>
                      </div>
                    ))}
                  </dl>
                </details>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
