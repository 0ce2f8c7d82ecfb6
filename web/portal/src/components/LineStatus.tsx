import { useTranslation } from 'react-i18next';
import type { LineView } from '../api';

/** The line's status in the words the API gives for each language ("已注销 / Cancelled"). */
export function statusLabel(line: Pick<LineView, 'statusLabel' | 'status'>, lang: string): string {
  return line.statusLabel?.[lang === 'en' ? 'en' : 'zh-CN'] ?? line.status;
}

export function LineStatusPill({ line, testid }: { line: Pick<LineView, 'statusLabel' | 'status'>; testid?: string }) {
  const { i18n } = useTranslation();
  return (
    <span className={`status-pill line-${line.status}`} data-testid={testid} data-status={line.status}>
      {statusLabel(line, i18n.language)}
    </span>
  );
}
