/**
 * The floor for the partner queries (bench/partners.ts): a bare node:http server answering the
 * disconnected-number routes with the JSON lastcall gives for the same requests, precomputed by
 * the bench and passed as a file. GET answers by the exact request URL; the bulk POST reads the
 * body to the end and answers by the `x-bench-batch` header the bench sends with it (lastcall
 * ignores that header). No routing library, no validation, no key check, no database, no audit:
 * what remains is Node's HTTP stack and the loopback, under the same load generator.
 *
 * A URL or batch it holds no answer for gets a 404, so a bench that asks for something else
 * shows it in the status counts instead of measuring the wrong thing.
 *
 * Usage: BARE_PARTNER_ANSWERS=answers.json node bin/run-ts.js bench/bare-partner-server.ts   (prints "listening on URL")
 * The file: {"get": {"/api/v1/partners/numbers/%2B86…/disconnected?since=…": "{…}", …}, "post": {"0": "{…}", …}}
 */
import fs from 'node:fs';
import http from 'node:http';

const file = process.env.BARE_PARTNER_ANSWERS;
if (!file) throw new Error('set BARE_PARTNER_ANSWERS to a JSON file {"get": {url: body}, "post": {batch: body}}');
const answers = JSON.parse(fs.readFileSync(file, 'utf8')) as { get: Record<string, string>; post: Record<string, string> };

interface Canned {
  body: Buffer;
  headers: Record<string, string | number>;
}
const canned = (body: string): Canned => {
  const bytes = Buffer.from(body);
  return { body: bytes, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length } };
};
const get = new Map(Object.entries(answers.get).map(([url, body]) => [url, canned(body)]));
const post = new Map(Object.entries(answers.post).map(([batch, body]) => [batch, canned(body)]));
const missing = canned('{"error":{"code":"not_found","message":"no canned answer"}}');

const server = http.createServer((req, res) => {
  const answer = req.method === 'POST' ? post.get(String(req.headers['x-bench-batch'])) : get.get(req.url ?? '');
  req.resume(); // drain the body so keep-alive works, as a real server must
  req.on('end', () => {
    const a = answer ?? missing;
    res.writeHead(answer ? 200 : 404, a.headers);
    res.end(a.body);
  });
});
server.keepAliveTimeout = 72_000; // like Fastify's default, so sockets are reused the same way
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address === 'object' && address) console.log(`listening on http://127.0.0.1:${address.port} (${get.size} GET answers, ${post.size} POST answers)`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
