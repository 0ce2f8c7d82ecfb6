/**
 * The floor for the HTTP comparison: a bare node:http server that reads each request body to
 * the end and answers with the JSON lastcall gave for the same route (captured during the run,
 * passed as a file). No routing library, no validation, no database — what remains is Node's
 * HTTP stack and the loopback, measured with the same load generator and the same requests.
 *
 * Usage: BARE_ANSWERS=answers.json node bin/run-ts.js bench/bare-server.ts   (prints "listening on URL")
 */
import http from 'node:http';
import fs from 'node:fs';

const file = process.env.BARE_ANSWERS;
if (!file) throw new Error('set BARE_ANSWERS to a JSON file {"post": "…", "get": "…"}');
const answers = JSON.parse(fs.readFileSync(file, 'utf8')) as { post: string; get: string };
const headers = (body: string) => ({ 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
const post = { status: 201, body: answers.post, headers: headers(answers.post) };
const get = { status: 200, body: answers.get, headers: headers(answers.get) };

const server = http.createServer((req, res) => {
  const answer = req.method === 'POST' ? post : get;
  req.resume(); // drain the body so keep-alive works, as a real server must
  req.on('end', () => {
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
});
server.keepAliveTimeout = 72_000; // like Fastify's default, so sockets are reused the same way
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address === 'object' && address) console.log(`listening on http://127.0.0.1:${address.port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
