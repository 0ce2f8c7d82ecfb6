import { useTranslation } from 'react-i18next';
import { Notice } from '@shared/components/Alert';
import { errorCode, errorMessage } from '../errors';
import { T } from '../testids';

/** An API error (or any error) in the user's language, with its code in data-code. */
export function ErrorNotice({ error, testid = T.pageError }: { error: unknown; testid?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Notice tone="error" testid={testid} code={errorCode(error)}>
      <p>{errorMessage(t, error)}</p>
    </Notice>
  );
}
