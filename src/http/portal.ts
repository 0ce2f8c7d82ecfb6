import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Where `npm run build:web` puts the customer portal and the staff console (the same from src/http and dist/http). */
export const portalDir = fileURLToPath(new URL('../../web/portal/dist/', import.meta.url));
export const consoleDir = fileURLToPath(new URL('../../web/console/dist/', import.meta.url));

/**
 * Nothing the portal loads comes from elsewhere, and the page cannot be framed. Inline styles
 * stay allowed for React's style attributes; scripts only from our own files.
 */
const portalCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function portalBuilt(dir = portalDir): boolean {
  return fs.existsSync(path.join(dir, 'index.html'));
}

/** Paths the portal never owns: they answer from their own routes, or 404 in the API's error shape. */
const notPortal = /^\/(api|docs|console|openapi\.json|healthz|readyz|metrics)(\/|$|\?)/;

export function wantsPortalPage(req: FastifyRequest): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && !notPortal.test(req.url) && (req.headers.accept ?? '').includes('text/html');
}

export function sendPortalPage(reply: FastifyReply) {
  return reply.sendFile('index.html', portalDir);
}

/** Page paths of the staff console (`/console`, `/console/queue`, …): the console routes in the browser. */
export function wantsConsolePage(req: FastifyRequest): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && /^\/console(\/|$|\?)/.test(req.url) && (req.headers.accept ?? '').includes('text/html');
}

export function sendConsolePage(reply: FastifyReply) {
  return reply.sendFile('index.html', consoleDir);
}

function staticOptions(root: string, prefix: string, decorateReply: boolean) {
  return {
    root,
    prefix,
    index: false,
    wildcard: true,
    cacheControl: false,
    decorateReply,
    setHeaders: (res: { header: (k: string, v: string) => void } & object, file: string) => {
      res.header('x-content-type-options', 'nosniff');
      res.header('referrer-policy', 'no-referrer');
      if (file.includes(`${path.sep}assets${path.sep}`)) res.header('cache-control', 'public, max-age=31536000, immutable');
      else res.header('cache-control', 'no-cache');
      if (file.endsWith('.html')) res.header('content-security-policy', portalCsp);
    },
  };
}

/**
 * Serves the built portal: hashed assets cached for a year, index.html for `/` and for every
 * other page path (the portal routes in the browser, so /apply or /progress/LC-… reloads work).
 */
export async function registerPortal(app: FastifyInstance) {
  await app.register(fastifyStatic, staticOptions(portalDir, '/', true) as never);
  app.get('/', { schema: { hide: true } }, async (_req, reply) => sendPortalPage(reply));
}

/** The staff console under `/console/`, served the same way as the portal. */
export async function registerConsole(app: FastifyInstance) {
  await app.register(fastifyStatic, staticOptions(consoleDir, '/console/', false) as never);
  app.get('/console', { schema: { hide: true } }, async (_req, reply) => sendConsolePage(reply));
  app.get('/console/', { schema: { hide: true } }, async (_req, reply) => sendConsolePage(reply));
}
