import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Copies a text and says so politely. Where the browser refuses the clipboard, it selects the
 * text (the element `targetId`) instead, for Ctrl+C.
 */
export function CopyButton({ text, label, targetId, testid }: { text: string; label: string; targetId: string; testid?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<boolean | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      const el = document.getElementById(targetId);
      if (el) {
        const range = document.createRange();
        range.selectNodeContents(el);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      }
      setCopied(false);
    }
  }
  return (
    <>
      <button type="button" className="button secondary small-button" onClick={() => void copy()} data-testid={testid}>
        {label}
      </button>
      <span role="status" className="small muted copy-status">
        {copied === true ? t('common.copied') : copied === false ? t('common.copySelected') : ''}
      </span>
    </>
  );
}
