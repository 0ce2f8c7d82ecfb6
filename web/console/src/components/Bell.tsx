import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '@shared/router';
import { api, type StaffNotification } from '../api';
import { useFormat } from '../format';
import { usePoll } from '../hooks';
import { T } from '../testids';

/** The notifications bell: SLA warnings and lapses, polled every 30 s; a click opens the list. */
export function Bell() {
  const { t } = useTranslation();
  const f = useFormat();
  const [items, setItems] = useState<StaffNotification[]>([]);
  const [unread, setUnread] = useState(0);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const wrap = useRef<HTMLDivElement>(null);

  const refresh = async () => {
    try {
      const r = await api.notifications();
      setItems(r.items);
      setUnread(r.unread);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  };
  usePoll(refresh, 30_000);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const openItem = async (n: StaffNotification) => {
    setOpen(false);
    if (!n.read) {
      try {
        await api.markRead(n.id);
      } catch {
        // Still unread on the server: the next poll shows it again.
      }
      void refresh();
    }
    navigate(`/cases/${encodeURIComponent(n.reference)}`);
  };

  return (
    <div className="bell-wrap" ref={wrap}>
      <button
        type="button"
        className="bell"
        aria-expanded={open}
        aria-controls={listId}
        data-testid={T.bell}
        data-unread={unread}
        onClick={() => {
          setOpen((o) => !o);
          void refresh();
        }}
      >
        <svg className="bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        <span className="visually-hidden">{t('bell.label')}</span>
        {unread > 0 && (
          <span className="bell-count" data-testid={T.bellCount}>
            {unread}
            <span className="visually-hidden"> {t('bell.unread')}</span>
          </span>
        )}
      </button>
      <div id={listId} className="bell-panel" hidden={!open}>
        <h2 className="bell-title">{t('bell.title')}</h2>
        {failed && (
          <p className="small" data-testid={T.notificationsError}>
            {t('bell.failed')}
          </p>
        )}
        {!failed && items.length === 0 && <p className="small muted">{t('bell.empty')}</p>}
        {items.length > 0 && (
          <ul className="bell-list" data-testid={T.notifications}>
            {items.map((n) => (
              <li key={n.id} className={n.read ? 'read' : 'unread'} data-testid={T.notification} data-reference={n.reference} data-kind={n.kind}>
                <button type="button" className="link-button" onClick={() => void openItem(n)}>
                  {t(`bell.kinds.${n.kind}`, { reference: n.reference })}
                </button>
                {n.dueOn && <span className="small muted nowrap"> · {t('bell.dueOn', { day: f.day(n.dueOn) })}</span>}
                <span className="small muted nowrap"> · {f.dateTime(n.createdAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
