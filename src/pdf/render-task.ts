/** What goes to a PDF worker thread and what comes back: plain data only (structured clone keeps Dates). */
import type { ApplicationFormInput } from './application-form.js';
import type { ReceiptContent } from '../domain/receipt.js';

export type RenderTask =
  | { kind: 'receipt'; content: ReceiptContent; opts: { generatedAt: Date; state?: string } }
  | { kind: 'form'; input: ApplicationFormInput };

export type RenderAnswer = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string };
