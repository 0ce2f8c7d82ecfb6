import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { receiveSms, senderNumber } from '../../app/sms/receive-sms.js';
import { listDevMail } from '../../store/dev-mailbox.js';
import { smsOutcomes, type SmsOutcome } from '../../domain/sms-keywords.js';
import { blankAsMissing } from '../schemas.js';
import { binaryAnswer, noContent } from '../responses/common.js';
import { devSmsHandled } from '../responses/dev-sms.js';

/**
 * Trying the SMS keyword flow without an SMS centre (only while SMPP_URL is unset): POST /dev/sms
 * plays an incoming text through the same receiveSms the SMPP client feeds, and GET /dev/sms is a
 * tiny form for a person to type one, showing the replies from the dev mailbox. Dev only, so it
 * is kept out of the portal: one self-contained page, no script, nothing loaded from elsewhere.
 */
const phone = z.string().trim().regex(/^\+?[0-9][0-9 -]{2,30}$/, 'a phone number in international digits, e.g. +8613800138000');
const shortCode = z.string().trim().regex(/^\+?[0-9]{3,15}$/, 'the short code, 3 to 15 digits');
/** Ten concatenated parts of 7-bit text; an SMS centre delivers nothing longer as one message. */
const maxTextLength = 1600;
const formBodyLimit = 16 * 1024;

const style = 'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}label{display:block;margin:.6rem 0}input,textarea{font:inherit;width:100%;box-sizing:border-box}li{white-space:pre-wrap;margin:.6rem 0;padding:.4rem;background:#f3f3f3}small{color:#555}';
const csp = [
  "default-src 'none'",
  `style-src 'sha256-${crypto.createHash('sha256').update(style).digest('base64')}'`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(ctx: AppContext, from: string, outcome: SmsOutcome | undefined, replies: { text: string; sentAt: Date }[]): string {
  const list = replies.map((r) => `<li><small>${escapeHtml(r.sentAt.toISOString())}</small>\n${escapeHtml(r.text)}</li>`).join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>开发短信 / Dev SMS — lastcall</title><style>${style}</style></head>
<body><h1>开发短信 / Dev SMS</h1>
<p>发一条短信到短号码，试用短信注销（仅在未设置 SMPP_URL 时）。<br>Play an incoming text to the short code and see the reply (only while SMPP_URL is unset).</p>
<form method="post" action="/api/v1/dev/sms">
<label>发送号码 / From <input name="from" value="${escapeHtml(from)}" required maxlength="32"></label>
<label>短号码 / To <input name="to" value="${escapeHtml(ctx.config.smsShortcode)}" required maxlength="16"></label>
<label>短信 / Text <textarea name="text" rows="2" maxlength="${maxTextLength}">注销</textarea></label>
<button type="submit">发送 / Send</button>
</form>
<p><small>注销 · CANCEL · STAC · 确认 123456 · YES 123456 · 查询 · INFO · 进度 · STATUS</small></p>
${outcome ? `<p>结果 / Outcome: <b>${escapeHtml(outcome)}</b></p>` : ''}
<h2>回复 / Replies to ${escapeHtml(from)}</h2>
${list ? `<ol>${list}</ol>` : '<p>—</p>'}
</body></html>`;
}

async function newestSmsTo(ctx: AppContext, to: string, limit: number) {
  const rows = await listDevMail(ctx.db, ctx.vault, { to, limit: limit * 4 });
  const sms = rows.filter((m) => m.channel === 'sms').slice(0, limit);
  return Promise.all(sms.map(async (m) => ({ id: m.id, text: await ctx.vault.open(m.body), sentAt: m.sent_at })));
}

/** The reply is delivered by the outbox worker after the commit; a person at the form waits a moment for it. */
async function waitForReply(ctx: AppContext, to: string, newerThan: number, ms = 5000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const [newest] = await newestSmsTo(ctx, to, 1);
    if (newest && newest.id > newerThan) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function devSmsRoutes(app: FastifyInstance, ctx: AppContext) {
  // Its own plugin, so the form's urlencoded bodies are taken here and nowhere else (the API
  // answers 415 to them).
  void app.register(async (dev) => {
    dev.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: formBodyLimit }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const r = dev.withTypeProvider<ZodTypeProvider>();

    r.post('/dev/sms', {
      schema: {
        tags: ['dev'],
        summary: 'Play an incoming SMS to the short code (only while SMPP_URL is unset); the reply lands in the dev mailbox',
        description: 'JSON answers what the text came to; a form post (application/x-www-form-urlencoded) is sent back to GET /dev/sms with the reply.',
        consumes: ['application/json', 'application/x-www-form-urlencoded'],
        body: z.strictObject({
          from: phone,
          to: shortCode.optional().describe('Defaults to LASTCALL_SMS_SHORTCODE'),
          text: z.string().max(maxTextLength, `must be at most ${maxTextLength} characters`),
        }),
        response: { 200: devSmsHandled, 303: noContent('A form post: back to the form, which shows the reply') },
      },
    }, async (req, reply) => {
      const from = senderNumber(req.body.from);
      const viaForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      const before = viaForm && from ? ((await newestSmsTo(ctx, from, 1))[0]?.id ?? 0) : 0;
      const handled = await receiveSms(ctx, { from: req.body.from, to: req.body.to ?? ctx.config.smsShortcode, text: req.body.text, receivedAt: ctx.clock.now() });
      if (!viaForm) return handled;
      if (from && handled.replyId !== null) await waitForReply(ctx, from, before);
      const back = new URLSearchParams({ from: from ?? req.body.from, outcome: handled.outcome });
      return reply.redirect(`/api/v1/dev/sms?${back}`, 303);
    });

    r.get('/dev/sms', {
      schema: {
        tags: ['dev'],
        summary: 'A form to type an incoming SMS, with the replies to the number (only while SMPP_URL is unset)',
        querystring: z.object({
          from: blankAsMissing(phone.optional()),
          outcome: blankAsMissing(z.enum(smsOutcomes).optional()),
        }),
        response: { 200: binaryAnswer('The form, an HTML page', ['text/html']) },
      },
    }, async (req, reply) => {
      const from = req.query.from ? (senderNumber(req.query.from) ?? req.query.from) : '+8613800138000';
      const replies = req.query.from ? await newestSmsTo(ctx, from, 5) : [];
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', csp)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(page(ctx, from, req.query.outcome, replies));
    });
  });
}
