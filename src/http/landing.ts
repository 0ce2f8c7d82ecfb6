import type { AppContext } from '../app/context.js';

/**
 * The page at `/` until the customer portal is built: it tells a visitor, in both languages,
 * where the API and its documentation are. Static text only, nothing loaded from elsewhere.
 */
export function landingPage(ctx: AppContext): string {
  const mailbox = ctx.sender.devMailbox.email ? '<li><a href="/api/v1/dev/mailbox">/api/v1/dev/mailbox</a> — 开发邮箱 / dev mailbox</li>' : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>lastcall — 号码注销 / Number cancellation</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .2em}</style></head>
<body><h1>lastcall</h1>
<p>手机号码与 SIM 卡注销服务。<br>Cancelling SIM cards and phone numbers.</p>
<p>网上营业厅尚未构建：请运行 <code>npm run build:web</code>。<br>The customer portal is not built yet: run <code>npm run build:web</code>.</p>
<ul>
<li><a href="/docs">/docs</a> — API 文档 / API documentation</li>
<li><a href="/openapi.json">/openapi.json</a> — OpenAPI</li>
${mailbox}
<li><a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a> · <a href="/metrics">/metrics</a></li>
</ul></body></html>`;
}
