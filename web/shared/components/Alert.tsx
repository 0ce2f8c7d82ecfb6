import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Tone = 'error' | 'info' | 'success' | 'warning';

/**
 * A message box. Errors and warnings are announced (role="alert"), the rest politely
 * (role="status"). Each app's ErrorNotice puts an API error in words in one of these.
 */
export function Notice({ tone = 'info', title, children, testid, id, code }: { tone?: Tone; title?: string; children?: ReactNode; testid?: string; id?: string; code?: string }) {
  const role = tone === 'error' || tone === 'warning' ? 'alert' : 'status';
  return (
    <div className={`notice notice-${tone}`} role={role} data-testid={testid} data-code={code} id={id}>
      {title && <p className="notice-title">{title}</p>}
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}
