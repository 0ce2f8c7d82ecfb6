import type { CaseDetail } from '../../api';

/** Runs one step on the case: on success the panel closes and the page reloads and says `done`. */
export type RunAction = (call: () => Promise<unknown>, done: string) => Promise<void>;

/** What every action form gets from the actions panel. */
export interface ActionProps {
  detail: CaseDetail;
  /** A step is on its way: every submit waits. */
  busy: boolean;
  run: RunAction;
}

/** A template's text in the customer's language (the console's fallback: Chinese, then English). */
export function textIn(text: Record<string, string>, lang: string | undefined): string {
  return text[lang ?? ''] ?? text['zh-CN'] ?? text.en ?? '';
}
