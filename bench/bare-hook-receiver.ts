/**
 * A partner's webhook endpoint for bench/partners.ts: a bare node:http server in a process of its
 * own that verifies nothing, reads each POST to the end and answers 204. It counts what came, so
 * the bench can check that every delivery arrived exactly once:
 *
 *   POST <any path but /_…>  a delivery: counted by its webhook-id header and by its path
 *   GET  /_stats             {"requests": n, "bytes": n, "paths": {path: n}, "ids": {webhook-id: n}}
 *   POST /_reset             forgets everything counted so far (204)
 *
 * On SIGTERM it prints one summary line ("received N requests, D distinct webhook-ids") and exits.
 *
 * Usage: node bin/run-ts.js bench/bare-hook-receiver.ts   (prints "listening on URL")
 */
import http from 'node:http';

let requests = 0;
let bytes = 0;
let paths = new Map<string, number>();
let ids = new Map<string, number>();
let everRequests = 0;
const everIds = new Set<string>();

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  if (url === '/_stats' && req.method === 'GET') {
    const body = JSON.stringify({ requests, bytes, paths: Object.fromEntries(paths), ids: Object.fromEntries(ids) });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  if (url === '/_reset' && req.method === 'POST') {
    req.resume();
    req.on('end', () => {
      requests = 0;
      bytes = 0;
      paths = new Map();
      ids = new Map();
      res.writeHead(204).end();
    });
    return;
  }
  let size = 0;
  req.on('data', (chunk: Buffer) => (size += chunk.length));
  req.on('end', () => {
    const id = String(req.headers['webhook-id'] ?? '');
    requests++;
    everRequests++;
    bytes += size;
    paths.set(url, (paths.get(url) ?? 0) + 1);
    const seen = ids.get(id) ?? 0;
    everIds.add(id);
    ids.set(id, seen + 1);
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address === 'object' && address) console.log(`listening on http://127.0.0.1:${address.port}`);
});
process.once('SIGTERM', () => {
  console.log(`received ${everRequests} requests, ${everIds.size} distinct webhook-ids (since the last reset: ${requests} requests, ${ids.size} ids)`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
