import { useTranslation } from 'react-i18next';
import type { PartnerHook } from '../../api';
import { useFormat } from '../../format';
import { T } from '../../testids';

/** A partner's hooks: its webhooks and TM Forum hubs, what they listen to and where they point. */
export function HookTable({ hooks }: { hooks: PartnerHook[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (hooks.length === 0) {
    return (
      <p className="muted" data-testid={T.hooksEmpty}>
        {t('hooks.empty')}
      </p>
    );
  }
  return (
    <table className="responsive hooks" data-testid={T.hooksTable}>
      <caption className="visually-hidden">{t('hooks.caption', { count: hooks.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('hooks.url')}</th>
          <th scope="col">{t('hooks.kind')}</th>
          <th scope="col">{t('hooks.events')}</th>
          <th scope="col">{t('hooks.createdAt')}</th>
        </tr>
      </thead>
      <tbody>
        {hooks.map((h) => (
          <tr key={h.id} data-testid={T.hookRow} data-hook-id={h.id} data-kind={h.kind}>
            <th scope="row" data-label={t('hooks.url')} className="mono small wrap-anywhere">
              {h.url}
            </th>
            <td data-label={t('hooks.kind')}>{t(`hooks.kinds.${h.kind}`)}</td>
            <td data-label={t('hooks.events')}>
              <ul className="event-list">
                {h.events.map((e) => (
                  <li key={e} title={e}>
                    {t(`hooks.eventNames.${e}`, { defaultValue: e })}
                  </li>
                ))}
              </ul>
            </td>
            <td data-label={t('hooks.createdAt')}>{f.dateTime(h.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
