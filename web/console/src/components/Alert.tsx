import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { T } from '../testids';
import { errorCode, errorMessage } from '../errors';

type Tone = 'error' | 'info' | 'success' | 'warning';

/** A message box. Errors and warnings are announced (role="alert"), the rest politely (role="status"). */
export function Notice({ tone = 'info', title, children, testid, id, code }: { tone?: Tone; title?: string; children?: ReactNode; testid?: string; id?: string; code?: string }) {
  const role = tone === 'error' || tone === 'warning' ? 'alert' : 'status';
  return (
    <div className={`notice notice-${tone}`} role={role} data-testid={testid} data-code={code} id={id}>
      {title && <p className="notice-title">{title}</p>}
      {children}
    </div>
  );
}

/** An API error (or any error) in the user's language. */
export function ErrorNotice({ error, testid = T.pageError }: { error: unknown; testid?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Notice tone="error" testid={testid} code={errorCode(error)}>
      <p>{errorMessage(t, error)}</p>
    </Notice>
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
