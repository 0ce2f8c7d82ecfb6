import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartnerWithKey } from '../../api';
import { T } from '../../testids';
import { CopyButton } from '@shared/components/CopyButton';

/**
 * A partner's API key, in the one answer that ever carries it (a new partner or a new key): to
 * copy now, with the warning that it is not shown again. "Done" forgets it; so does leaving the page.
 */
export function KeyShown({ partner, rotated, onDone }: { partner: PartnerWithKey; rotated: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const valueId = `partner-key-${partner.id}`;
  const titleId = `${valueId}-title`;
  // The key is what the admin came for: focus goes there, so keyboard and screen-reader users land
  // on it — after the confirmation dialog has given focus back to its button (same commit).
  useEffect(() => {
    const timer = setTimeout(() => box.current?.focus());
    return () => clearTimeout(timer);
  }, [partner.apiKey]);
  return (
    <div
      ref={box}
      tabIndex={-1}
      className="notice notice-warning key-shown"
      role="alert"
      aria-labelledby={titleId}
      data-testid={T.partnerKey}
      data-partner-id={partner.id}
    >
      <p className="notice-title" id={titleId}>
        {t(rotated ? 'partners.key.rotatedTitle' : 'partners.key.title', { name: partner.name })}
      </p>
      <p>
        <strong>{t('partners.key.once')}</strong> {t(rotated ? 'partners.key.rotatedHint' : 'partners.key.hint')}
      </p>
      <p className="api-key">
        <code id={valueId} className="mono" data-testid={T.partnerKeyValue}>
          {partner.apiKey}
        </code>
      </p>
      <div className="button-row">
        <CopyButton text={partner.apiKey} label={t('partners.key.copy')} targetId={valueId} testid={T.partnerKeyCopy} />
        <button type="button" className="button primary small-button" onClick={onDone} data-testid={T.partnerKeyDone}>
          {t('partners.key.done')}
        </button>
      </div>
    </div>
  );
}
