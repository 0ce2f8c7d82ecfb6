/**
 * One PDF worker thread (see pool.ts): takes plain data, renders with pdfkit, answers with the
 * bytes. Rendering is pure CPU (the CJK font is subset for every document), so it runs here and
 * the server's event loop stays free for everyone else's requests.
 */
import fs from 'node:fs';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { parentPort } from 'node:worker_threads';
import { renderApplicationForm } from './application-form.js';
import { renderReceipt } from './receipt.js';
import { loadFont } from './document.js';
import type { RenderAnswer, RenderTask } from './render-task.js';

if (!parentPort) throw new Error('render-worker.ts runs as a worker thread of the PDF pool');
const port = parentPort;

/**
 * Renders are background work next to the server's event loop: when both want the CPU, the loop
 * (status reads, log-ins, applications) goes first. Linux keeps a scheduling policy and a nice
 * value per thread, and changing them on a thread id (/proc/thread-self names it) changes only
 * that thread. SCHED_IDLE first: a thread of any other policy that wakes preempts it at once,
 * where nice only weighs the shares and let a status read wait behind a render for a few ms (the
 * bench's p99 beside receipts: 2.2× alone at nice +10, 1.7–1.8× at SCHED_IDLE). Node has no call
 * for it; util-linux's chrt (always on Debian) sets it. Nice +10 stays as the fallback where chrt
 * is missing. It is not starved: SCHED_IDLE keeps the smallest share of a busy core (weight 3 to a
 * normal thread's 1024), so a saturated machine slows renders down but does not stop them within
 * the pool's 30 s. Elsewhere, or where refused, the worker runs at the process's priority.
 */
function yieldToEventLoop(): void {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid === process.pid) return;
    os.setPriority(tid, Math.min(19, os.getPriority(tid) + 10));
    spawnSync('chrt', ['--idle', '--pid', '0', String(tid)], { stdio: 'ignore', timeout: 2000 });
  } catch {
    // Not Linux, or not allowed: same priority as the rest of the process.
  }
}

yieldToEventLoop();
// Parsed once per worker, before the first task, while the thread would otherwise wait.
loadFont();

function render(task: RenderTask): Promise<Buffer> {
  if (task.kind === 'receipt') return renderReceipt(task.content, task.opts);
  return renderApplicationForm(task.input);
}

port.on('message', (message: { id: number; task: RenderTask }) => {
  render(message.task).then(
    (pdf) => {
      // A Buffer may be a view into a shared slab; only a buffer of its own can be moved, not copied.
      const bytes = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? pdf : Uint8Array.prototype.slice.call(pdf);
      const answer: RenderAnswer = { id: message.id, ok: true, bytes };
      port.postMessage(answer, [bytes.buffer as ArrayBuffer]);
    },
    (err: unknown) => {
      const answer: RenderAnswer = { id: message.id, ok: false, message: err instanceof Error ? err.message : String(err) };
      port.postMessage(answer);
    },
  );
});
