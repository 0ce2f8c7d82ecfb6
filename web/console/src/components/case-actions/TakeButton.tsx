import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { T } from '../../testids';
import type { ActionProps } from './action';

/** Take the case (or take it over from whoever has it). */
export function TakeButton({ detail, busy, run }: ActionProps) {
  const { t } = useTranslation();
  return (
    <button type="button" className="button primary" disabled={busy} onClick={() => void run(() => api.assign(detail.reference), t('actions.taken'))} data-testid={T.actionAssign}>
      {detail.assignee ? t('actions.takeOver') : t('actions.take')}
    </button>
  );
}
