import crypto from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReference } from '../../src/domain/reference.js';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, eventually, liNa, mailbox, startHarness, verifyAs, zhangWei, type Harness } from '../support/harness.js';

/**
 * Malformed and hostile requests, through real HTTP, on every route under /api/v1: each one
 * must get a 4xx in the contract's error shape (never a 5xx, never an echoed <script>), and
 * none of them may leave anything behind in the database.
 */

const allAcks = ['prepaid_credit_refund', 'early_termination_charge', 'binding_bank', 'binding_alipay', 'binding_wechat', 'binding_other', 'port_out_option', 'esim_profile', 'backup_reminder'];

const SQLI = "' OR 1=1 --";
const DROP = "'; DROP TABLE cases; --";
const XSS = '<script>alert(1)</script>';
const RLO = 'Zhang\u202eieW'; // right-to-left override: renders as "ZhangWei" backwards
const ZWSP = '张\u200b伟'; // zero-width space between the two characters
const NUL = '不再使用\u0000';
const LONE_SURROGATE = 'reason \ud800';
const LONG = 'x'.repeat(10_000);
const KB300 = 'a'.repeat(300 * 1024);
const NO_LINE = '+8613700000001'; // a valid Chinese mobile number that is not in the demo data
const RANDOM_UUID = '6f1c1f4e-8d3a-4c7e-9b2a-1d5e4f3a2b1c';

/**
 * Who sends the row: nobody, 张伟 with his bearer token, the reviewer with (or without) the CSRF
 * token, or the agent / supervisor (for what a reviewer may not do: open a case, assign others).
 */
type As = 'anon' | 'customer' | 'staff' | 'staff-no-csrf' | 'agent' | 'supervisor';

interface Row {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `{ref}` is 张伟's open case, `{missing}` a well-formed reference of no case, `{badcheck}` one with a wrong check digit. */
  path: string;
  as?: As;
  /** Sent as is; `json` is JSON-encoded. */
  raw?: string | Uint8Array<ArrayBuffer>;
  json?: unknown;
  type?: string;
  headers?: Record<string, string>;
  status: number;
  code?: string;
}

const v = { ...zhangWei };
const app = { msisdn: zhangWei.msisdn, reason: '不再使用', acknowledgements: allAcks };
const J = (x: unknown) => JSON.stringify(x);
const multipart = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, val]) => `--lcboundary\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${val}\r\n`)
    .join('') + '--lcboundary--\r\n';

/** A multipart body with one file part (and text fields before it). */
const multipartFile = (field: string, fileName: string, bytes: string, fields: Record<string, string> = {}) =>
  multipart(fields).replace(/--lcboundary--\r\n$/, '') +
  `--lcboundary\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: image/png\r\n\r\n${bytes}\r\n--lcboundary--\r\n`;
const mp = 'multipart/form-data; boundary=lcboundary';
const GIF = 'GIF89a\u0001\u0000\u0001\u0000';

const rows: Row[] = [
  // ── POST /verifications (no auth) ─────────────────────────────────────────────────────────
  { name: 'truncated JSON', method: 'POST', path: '/verifications', raw: '{"msisdn":"+8613800138000","name":', status: 400, code: 'invalid_json' },
  { name: 'JavaScript object literal, not JSON', method: 'POST', path: '/verifications', raw: "{msisdn: '+8613800138000'}", status: 400, code: 'invalid_json' },
  { name: 'trailing comma', method: 'POST', path: '/verifications', raw: '{"msisdn":"+8613800138000",}', status: 400, code: 'invalid_json' },
  { name: 'body is a JSON array', method: 'POST', path: '/verifications', raw: J([v]), status: 400, code: 'validation_failed' },
  { name: 'body is a JSON string', method: 'POST', path: '/verifications', raw: '"+8613800138000"', status: 400, code: 'validation_failed' },
  { name: 'body is a JSON number', method: 'POST', path: '/verifications', raw: '42', status: 400, code: 'validation_failed' },
  { name: 'body is JSON null', method: 'POST', path: '/verifications', raw: 'null', status: 400, code: 'validation_failed' },
  { name: 'no body at all', method: 'POST', path: '/verifications', status: 400, code: 'validation_failed' },
  { name: 'text/plain body', method: 'POST', path: '/verifications', raw: J(v), type: 'text/plain', status: 400, code: 'validation_failed' },
  { name: 'form-urlencoded body', method: 'POST', path: '/verifications', raw: new URLSearchParams(v).toString(), type: 'application/x-www-form-urlencoded', status: 415, code: 'unsupported_media_type' },
  { name: 'multipart body', method: 'POST', path: '/verifications', raw: multipart(v), type: 'multipart/form-data; boundary=lcboundary', status: 415, code: 'unsupported_media_type' },
  { name: 'XML body', method: 'POST', path: '/verifications', raw: '<verification><msisdn>+8613800138000</msisdn></verification>', type: 'application/xml', status: 415, code: 'unsupported_media_type' },
  { name: 'body over 256 KiB', method: 'POST', path: '/verifications', json: { ...v, name: KB300 }, status: 413, code: 'payload_too_large' },
  { name: 'bytes that are not UTF-8', method: 'POST', path: '/verifications', raw: new Uint8Array([0x7b, 0xff, 0xfe, 0x22, 0x7d]), status: 400, code: 'invalid_json' },
  { name: 'unknown extra field', method: 'POST', path: '/verifications', json: { ...v, verified: true }, status: 400, code: 'validation_failed' },
  { name: '<script> as a field name', method: 'POST', path: '/verifications', json: { ...v, [XSS]: 1 }, status: 400, code: 'validation_failed' },
  { name: '__proto__ carrying the msisdn', method: 'POST', path: '/verifications', raw: `{"__proto__":{"msisdn":"+8613800138000"},"name":"张伟","idNumber":"11010519491231002X","email":"zhang.wei@example.com"}`, status: 400, code: 'validation_failed' },
  { name: 'constructor.prototype key', method: 'POST', path: '/verifications', json: { ...v, constructor: { prototype: { polluted: true } } }, status: 400, code: 'validation_failed' },
  { name: 'msisdn as a number', method: 'POST', path: '/verifications', json: { ...v, msisdn: 8613800138000 }, status: 400, code: 'validation_failed' },
  { name: 'msisdn 1e400', method: 'POST', path: '/verifications', raw: J(v).replace('"+8613800138000"', '1e400'), status: 400, code: 'validation_failed' },
  { name: 'msisdn -0', method: 'POST', path: '/verifications', raw: J(v).replace('"+8613800138000"', '-0'), status: 400, code: 'validation_failed' },
  { name: 'msisdn 9007199254740993', method: 'POST', path: '/verifications', raw: J(v).replace('"+8613800138000"', '9007199254740993'), status: 400, code: 'validation_failed' },
  { name: 'msisdn +86138 (too short)', method: 'POST', path: '/verifications', json: { ...v, msisdn: '+86138' }, status: 400, code: 'validation_failed' },
  { name: 'msisdn without +', method: 'POST', path: '/verifications', json: { ...v, msisdn: '8613800138000' }, status: 400, code: 'validation_failed' },
  { name: 'msisdn of a Beijing fixed line', method: 'POST', path: '/verifications', json: { ...v, msisdn: '+861012345678' }, status: 400, code: 'validation_failed' },
  { name: 'msisdn URL-encoded in JSON', method: 'POST', path: '/verifications', json: { ...v, msisdn: '%2B8613800138000' }, status: 400, code: 'validation_failed' },
  { name: 'msisdn of 20 digits', method: 'POST', path: '/verifications', json: { ...v, msisdn: '+86138001380001234567' }, status: 400, code: 'validation_failed' },
  { name: 'msisdn of 10 000 characters', method: 'POST', path: '/verifications', json: { ...v, msisdn: '+' + '8'.repeat(9_999) }, status: 400, code: 'validation_failed' },
  { name: 'SQL injection as msisdn', method: 'POST', path: '/verifications', json: { ...v, msisdn: SQLI }, status: 400, code: 'validation_failed' },
  { name: 'name as a number', method: 'POST', path: '/verifications', json: { ...v, name: 123 }, status: 400, code: 'validation_failed' },
  { name: 'name as an object', method: 'POST', path: '/verifications', json: { ...v, name: { first: '伟', last: '张' } }, status: 400, code: 'validation_failed' },
  { name: 'name null', method: 'POST', path: '/verifications', json: { ...v, name: null }, status: 400, code: 'validation_failed' },
  { name: 'empty name', method: 'POST', path: '/verifications', json: { ...v, name: '' }, status: 400, code: 'validation_failed' },
  { name: 'name of blanks only', method: 'POST', path: '/verifications', json: { ...v, name: '   \t ' }, status: 400, code: 'validation_failed' },
  { name: 'name of 10 000 characters', method: 'POST', path: '/verifications', json: { ...v, name: LONG }, status: 400, code: 'validation_failed' },
  { name: 'name with a right-to-left override (U+202E)', method: 'POST', path: '/verifications', json: { ...v, name: RLO }, status: 400, code: 'validation_failed' },
  { name: 'name with a zero-width space (U+200B)', method: 'POST', path: '/verifications', json: { ...v, name: ZWSP }, status: 400, code: 'validation_failed' },
  { name: 'name with a NUL byte', method: 'POST', path: '/verifications', json: { ...v, name: '张伟\u0000' }, status: 400, code: 'validation_failed' },
  { name: 'SQL injection and <script> in name, idNumber and email with a fixed-line msisdn', method: 'POST', path: '/verifications', json: { msisdn: '+861012345678', name: XSS, idNumber: DROP, email: `${SQLI}@example.com` }, status: 400, code: 'validation_failed' },
  { name: 'idNumber as a boolean', method: 'POST', path: '/verifications', json: { ...v, idNumber: true }, status: 400, code: 'validation_failed' },
  { name: 'idNumber of 10 000 characters', method: 'POST', path: '/verifications', json: { ...v, idNumber: LONG }, status: 400, code: 'validation_failed' },
  { name: 'email as an array', method: 'POST', path: '/verifications', json: { ...v, email: [v.email] }, status: 400, code: 'validation_failed' },
  { name: 'email <script>', method: 'POST', path: '/verifications', json: { ...v, email: `${XSS}@example.com` }, status: 400, code: 'validation_failed' },
  { name: 'email of 10 000 characters', method: 'POST', path: '/verifications', json: { ...v, email: `${LONG}@example.com` }, status: 400, code: 'validation_failed' },
  { name: 'empty email', method: 'POST', path: '/verifications', json: { ...v, email: '' }, status: 400, code: 'validation_failed' },
  { name: 'channel fax', method: 'POST', path: '/verifications', json: { ...v, channel: 'fax' }, status: 400, code: 'validation_failed' },
  { name: 'channel SMS in capitals', method: 'POST', path: '/verifications', json: { ...v, channel: 'SMS' }, status: 400, code: 'validation_failed' },
  { name: 'UTF-16 bytes declared as charset=utf-16', method: 'POST', path: '/verifications', raw: new Uint8Array(Buffer.from(J(v), 'utf16le')), type: 'application/json; charset=utf-16', status: 400, code: 'invalid_json' },
  { name: 'resident ID ending in a lower-case x', method: 'POST', path: '/verifications', json: { ...v, idNumber: '11010519491231002x' }, status: 400, code: 'validation_failed' },
  { name: 'resident ID with a wrong check digit', method: 'POST', path: '/verifications', json: { ...v, idNumber: '110105194912310023' }, status: 400, code: 'validation_failed' },
  { name: 'resident ID born on 30 February (check digit right)', method: 'POST', path: '/verifications', json: { ...v, idNumber: '110105194902300012' }, status: 400, code: 'validation_failed' },
  { name: 'resident ID born in month 13 (check digit right)', method: 'POST', path: '/verifications', json: { ...v, idNumber: '110105194913000015' }, status: 400, code: 'validation_failed' },
  { name: 'resident ID born on 1 January 2100 (check digit right)', method: 'POST', path: '/verifications', json: { ...v, idNumber: '110105210001010015' }, status: 400, code: 'validation_failed' },
  { name: 'idNumber of 33 characters', method: 'POST', path: '/verifications', json: { ...v, idNumber: `E${'1'.repeat(32)}` }, status: 400, code: 'validation_failed' },

  // ── POST /verifications/{id}/confirm ───────────────────────────────────────────────────────
  { name: 'id that is not a UUID', method: 'POST', path: '/verifications/abc/confirm', json: { code: '123456' }, status: 400, code: 'validation_failed' },
  { name: 'id with SQL injection', method: 'POST', path: `/verifications/${encodeURIComponent(SQLI)}/confirm`, json: { code: '123456' }, status: 400, code: 'validation_failed' },
  { name: 'id in braces', method: 'POST', path: `/verifications/%7B${RANDOM_UUID}%7D/confirm`, json: { code: '123456' }, status: 400, code: 'validation_failed' },
  { name: 'id without dashes', method: 'POST', path: `/verifications/${RANDOM_UUID.replace(/-/g, '')}/confirm`, json: { code: '123456' }, status: 400, code: 'validation_failed' },
  { name: 'id of 300 characters (over the router limit)', method: 'POST', path: `/verifications/${'a'.repeat(300)}/confirm`, json: { code: '123456' }, status: 414, code: 'uri_too_long' },
  { name: 'id with broken percent-encoding', method: 'POST', path: '/verifications/%E0%A4%A/confirm', json: { code: '123456' }, status: 400, code: 'bad_url' },
  { name: 'code with letters', method: 'POST', path: `/verifications/${RANDOM_UUID}/confirm`, json: { code: '12a456' }, status: 400, code: 'validation_failed' },
  { name: 'code of 5 digits', method: 'POST', path: `/verifications/${RANDOM_UUID}/confirm`, json: { code: '12345' }, status: 400, code: 'validation_failed' },
  { name: 'code of 7 digits', method: 'POST', path: `/verifications/${RANDOM_UUID}/confirm`, json: { code: '1234567' }, status: 400, code: 'validation_failed' },
  { name: 'code as a number', method: 'POST', path: `/verifications/${RANDOM_UUID}/confirm`, json: { code: 123456 }, status: 400, code: 'validation_failed' },
  { name: 'code in full-width digits', method: 'POST', path: `/verifications/${RANDOM_UUID}/confirm`, json: { code: '１２３４５６' }, status: 400, code: 'validation_failed' },
  { name: 'code with a trailing newline', method: 'POST', path: `/verifications/${RANDOM_UUID}/confirm`, json: { code: '123456\n' }, status: 400, code: 'validation_failed' },
  { name: 'code SQL injection', method: 'POST', path: `/verifications/${RANDOM_UUID}/confirm`, json: { code: SQLI }, status: 400, code: 'validation_failed' },
  { name: '__proto__ carrying the code', method: 'POST', path: `/verifications/${RANDOM_UUID}/confirm`, raw: '{"__proto__":{"code":"123456"}}', status: 400, code: 'validation_failed' },
  { name: 'well-formed code for a verification that does not exist', method: 'POST', path: `/verifications/${RANDOM_UUID}/confirm`, json: { code: '123456' }, status: 404, code: 'verification_not_found' },
  { name: 'empty JSON body', method: 'POST', path: `/verifications/${RANDOM_UUID}/confirm`, raw: '', status: 400, code: 'validation_failed' },

  // ── GET /lines/{msisdn}, /precheck, POST /suspension ───────────────────────────────────────
  { name: 'no token', method: 'GET', path: '/lines/+8613800138000', status: 401, code: 'unauthenticated' },
  { name: 'Authorization "Bearer" with nothing', method: 'GET', path: '/lines/+8613800138000', headers: { authorization: 'Bearer' }, status: 401, code: 'unauthenticated' },
  { name: 'Authorization "Bearer " with blanks', method: 'GET', path: '/lines/+8613800138000', headers: { authorization: 'Bearer    ' }, status: 401, code: 'unauthenticated' },
  { name: 'Authorization Basic', method: 'GET', path: '/lines/+8613800138000', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' }, status: 401, code: 'unauthenticated' },
  { name: 'Authorization with a 10 KB token', method: 'GET', path: '/lines/+8613800138000', headers: { authorization: `Bearer ${'A'.repeat(10_240)}` }, status: 401, code: 'invalid_token' },
  { name: 'Authorization with SQL injection', method: 'GET', path: '/lines/+8613800138000', headers: { authorization: `Bearer '--OR--1=1` }, status: 401, code: 'invalid_token' },
  { name: 'Authorization with two tokens', method: 'GET', path: '/lines/+8613800138000', headers: { authorization: 'Bearer aaa bbb' }, status: 401, code: 'unauthenticated' },
  { name: 'Authorization header of 20 KB (over the HTTP header limit)', method: 'GET', path: '/lines/+8613800138000', headers: { authorization: `Bearer ${'A'.repeat(20_480)}` }, status: 431, code: 'headers_too_large' },
  { name: 'msisdn +86138', method: 'GET', path: '/lines/+86138', as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'msisdn without +', method: 'GET', path: '/lines/8613800138000', as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'msisdn of a fixed line', method: 'GET', path: '/lines/+861012345678', as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'msisdn +8610123456 (short fixed line)', method: 'GET', path: '/lines/+8610123456', as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'msisdn %2B-encoded and too short', method: 'GET', path: '/lines/%2B86138', as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'msisdn double-encoded %252B', method: 'GET', path: '/lines/%252B8613800138000', as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'msisdn of 20 digits', method: 'GET', path: '/lines/+86138001380001234567', as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'msisdn SQL injection', method: 'GET', path: `/lines/${encodeURIComponent(SQLI)}`, as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'msisdn <script>', method: 'GET', path: `/lines/${encodeURIComponent(XSS)}`, as: 'customer', status: 400, code: 'validation_failed' },
  { name: "someone else's line", method: 'GET', path: `/lines/${liNa.msisdn}`, as: 'customer', status: 404, code: 'line_not_found' },
  { name: 'precheck without a token', method: 'GET', path: '/lines/+8613800138000/precheck', status: 401, code: 'unauthenticated' },
  { name: 'precheck of msisdn without +', method: 'GET', path: '/lines/8613800138000/precheck', as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'precheck with DROP TABLE', method: 'GET', path: `/lines/${encodeURIComponent(DROP)}/precheck`, as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'suspension without a token', method: 'POST', path: '/lines/+8613800138000/suspension', status: 401, code: 'unauthenticated' },
  { name: 'suspension with a forged token', method: 'POST', path: '/lines/+8613800138000/suspension', headers: { authorization: `Bearer ${crypto.randomBytes(32).toString('base64url')}` }, status: 401, code: 'invalid_token' },
  { name: 'suspension of a 20-digit msisdn', method: 'POST', path: '/lines/+86138001380001234567/suspension', as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'suspension with truncated JSON', method: 'POST', path: '/lines/+8613800138000/suspension', as: 'customer', raw: '{"reason":', status: 400, code: 'invalid_json' },
  { name: "suspension of someone else's line", method: 'POST', path: `/lines/${liNa.msisdn}/suspension`, as: 'customer', status: 404, code: 'line_not_found' },

  // ── the portal's routes: bindings, callbacks, forms, receipts, documents ──────────────────
  { name: 'binding declared without a token', method: 'PUT', path: '/lines/+8613800138000/bindings/wechat', json: { state: 'unbound' }, status: 401, code: 'unauthenticated' },
  { name: 'binding of an unknown kind', method: 'PUT', path: '/lines/+8613800138000/bindings/paypal', as: 'customer', json: { state: 'unbound' }, status: 400, code: 'validation_failed' },
  { name: 'binding state gone', method: 'PUT', path: '/lines/+8613800138000/bindings/wechat', as: 'customer', json: { state: 'gone' }, status: 400, code: 'validation_failed' },
  { name: 'binding body an array', method: 'PUT', path: '/lines/+8613800138000/bindings/wechat', as: 'customer', json: [{ state: 'unbound' }], status: 400, code: 'validation_failed' },
  { name: 'binding with an extra field', method: 'PUT', path: '/lines/+8613800138000/bindings/wechat', as: 'customer', json: { state: 'unbound', lineId: 1 }, status: 400, code: 'validation_failed' },
  { name: "binding of someone else's line", method: 'PUT', path: `/lines/${liNa.msisdn}/bindings/alipay`, as: 'customer', json: { state: 'unbound' }, status: 404, code: 'line_not_found' },
  { name: 'binding as multipart', method: 'PUT', path: '/lines/+8613800138000/bindings/wechat', as: 'customer', raw: multipart({ state: 'unbound' }), type: mp, status: 415, code: 'unsupported_media_type' },
  { name: 'callback without a token', method: 'POST', path: '/callbacks', json: { msisdn: zhangWei.msisdn }, status: 401, code: 'unauthenticated' },
  { name: 'callback to a landline-length number', method: 'POST', path: '/callbacks', as: 'customer', json: { msisdn: zhangWei.msisdn, phone: '+861234' }, status: 400, code: 'validation_failed' },
  { name: 'callback note of 501 characters', method: 'POST', path: '/callbacks', as: 'customer', json: { msisdn: zhangWei.msisdn, note: 'x'.repeat(501) }, status: 400, code: 'validation_failed' },
  { name: 'callback time with a zero-width space', method: 'POST', path: '/callbacks', as: 'customer', json: { msisdn: zhangWei.msisdn, preferredTime: 'after\u200b10' }, status: 400, code: 'validation_failed' },
  { name: "callback for someone else's line", method: 'POST', path: '/callbacks', as: 'customer', json: { msisdn: liNa.msisdn }, status: 404, code: 'line_not_found' },
  { name: 'form in French', method: 'GET', path: '/forms/cancellation.pdf?lang=fr', status: 400, code: 'validation_failed' },
  { name: 'form in two languages', method: 'GET', path: '/forms/cancellation.pdf?lang=en&lang=zh-CN', status: 400, code: 'validation_failed' },
  { name: 'form of a lower-case region', method: 'GET', path: '/forms/cancellation.pdf?region=cn', status: 400, code: 'validation_failed' },
  { name: 'form of a region without a calendar', method: 'GET', path: '/forms/cancellation.pdf?region=ZZ', status: 422, code: 'unknown_region' },
  { name: 'filled-in form without a token', method: 'GET', path: '/forms/cancellation.pdf?msisdn=%2B8613800138000', status: 400, code: 'token_required' },
  { name: 'form with a forged token', method: 'GET', path: '/forms/cancellation.pdf', headers: { authorization: 'Bearer forged' }, status: 401, code: 'invalid_token' },
  { name: "filled-in form of someone else's line", method: 'GET', path: `/forms/cancellation.pdf?msisdn=${encodeURIComponent(liNa.msisdn)}`, as: 'customer', status: 404, code: 'line_not_found' },
  { name: 'receipt without a token', method: 'GET', path: '/cancellations/{ref}/receipt.pdf', status: 401, code: 'unauthenticated' },
  { name: 'receipt of a wrong check digit', method: 'GET', path: '/cancellations/{badcheck}/receipt.pdf', as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'receipt of no case', method: 'GET', path: '/cancellations/{missing}/receipt.pdf', as: 'customer', status: 404, code: 'case_not_found' },
  { name: 'documents as JSON', method: 'POST', path: '/cancellations/{ref}/documents', as: 'customer', json: { file: 'x' }, status: 400, code: 'multipart_required' },
  { name: 'documents without a file', method: 'POST', path: '/cancellations/{ref}/documents', as: 'customer', raw: multipart({ note: 'x' }), type: mp, status: 400, code: 'document_required' },
  { name: 'document that is a GIF named .png', method: 'POST', path: '/cancellations/{ref}/documents', as: 'customer', raw: multipartFile('file', 'id.png', GIF), type: mp, status: 415, code: 'unsupported_document_type' },
  { name: 'document that is an HTML page', method: 'POST', path: '/cancellations/{ref}/documents', as: 'customer', raw: multipartFile('file', 'id.pdf', `<html>${XSS}</html>`), type: mp, status: 415, code: 'unsupported_document_type' },
  { name: 'empty document', method: 'POST', path: '/cancellations/{ref}/documents', as: 'customer', raw: multipartFile('file', 'id.png', ''), type: mp, status: 400, code: 'empty_document' },
  { name: 'document in an unexpected field', method: 'POST', path: '/cancellations/{ref}/documents', as: 'customer', raw: multipartFile('evil', 'id.png', '%PDF-1.4'), type: mp, status: 400, code: 'unexpected_file' },
  { name: 'documents with a broken boundary', method: 'POST', path: '/cancellations/{ref}/documents', as: 'customer', raw: '--lcboundary\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4', type: mp, status: 400, code: 'invalid_multipart' },
  { name: 'documents on no case', method: 'POST', path: '/cancellations/{missing}/documents', as: 'customer', raw: multipartFile('file', 'id.pdf', '%PDF-1.4'), type: mp, status: 404, code: 'case_not_found' },
  { name: 'documents without a token', method: 'POST', path: '/cancellations/{ref}/documents', raw: multipartFile('file', 'id.pdf', '%PDF-1.4'), type: mp, status: 401, code: 'unauthenticated' },
  { name: 'signed form that is a GIF', method: 'POST', path: '/cancellations', as: 'customer', raw: multipartFile('form', 'form.png', GIF, { msisdn: '+8618611112222', reason: 'x', acknowledgements: 'port_out_option,backup_reminder' }), type: mp, status: 415, code: 'unsupported_document_type' },

  // ── POST /cancellations ───────────────────────────────────────────────────────────────────
  { name: 'no token', method: 'POST', path: '/cancellations', json: app, status: 401, code: 'unauthenticated' },
  { name: 'truncated JSON', method: 'POST', path: '/cancellations', as: 'customer', raw: J(app).slice(0, 30), status: 400, code: 'invalid_json' },
  { name: 'body is an array', method: 'POST', path: '/cancellations', as: 'customer', json: [app], status: 400, code: 'validation_failed' },
  { name: 'body is null', method: 'POST', path: '/cancellations', as: 'customer', raw: 'null', status: 400, code: 'validation_failed' },
  { name: 'form-urlencoded', method: 'POST', path: '/cancellations', as: 'customer', raw: 'msisdn=%2B8613800138000&reason=x', type: 'application/x-www-form-urlencoded', status: 415, code: 'unsupported_media_type' },
  // Multipart is the paper-form channel: without the signed form in "form" it is refused.
  { name: 'multipart without the signed form', method: 'POST', path: '/cancellations', as: 'customer', raw: multipart({ msisdn: zhangWei.msisdn, reason: 'x' }), type: 'multipart/form-data; boundary=lcboundary', status: 400, code: 'form_required' },
  { name: 'multipart to a JSON-only route', method: 'POST', path: '/lines/%2B8613800138000/suspension', as: 'customer', raw: multipart({ a: 'b' }), type: 'multipart/form-data; boundary=lcboundary', status: 415, code: 'unsupported_media_type' },
  { name: 'body over 256 KiB', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, reason: KB300 }, status: 413, code: 'payload_too_large' },
  { name: 'deeply nested arrays', method: 'POST', path: '/cancellations', as: 'customer', raw: `{"msisdn":"+8613800138000","reason":"x","acknowledgements":${'['.repeat(50_000)}${']'.repeat(50_000)}}`, status: 400 },
  { name: 'unknown field state', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, state: 'approved' }, status: 400, code: 'validation_failed' },
  { name: 'channel is not the customer’s to choose', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, channel: 'hotline' }, status: 400, code: 'validation_failed' },
  { name: 'constructor key', method: 'POST', path: '/cancellations', as: 'customer', raw: J(app).replace(/}$/, ',"constructor":{"prototype":{"polluted":true}}}'), status: 400, code: 'validation_failed' },
  { name: 'missing msisdn', method: 'POST', path: '/cancellations', as: 'customer', json: { reason: 'x', acknowledgements: allAcks }, status: 400, code: 'validation_failed' },
  { name: 'empty reason', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, reason: '' }, status: 400, code: 'validation_failed' },
  { name: 'reason of 10 000 characters', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, reason: LONG }, status: 400, code: 'validation_failed' },
  { name: 'reason as a number 1e400', method: 'POST', path: '/cancellations', as: 'customer', raw: J(app).replace('"不再使用"', '1e400'), status: 400, code: 'validation_failed' },
  { name: 'reason with a NUL byte', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, reason: NUL }, status: 400, code: 'validation_failed' },
  { name: 'reason with a lone UTF-16 surrogate', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, reason: LONE_SURROGATE }, status: 400, code: 'validation_failed' },
  { name: 'reason with a right-to-left override', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, reason: `refund to ${RLO}` }, status: 400, code: 'validation_failed' },
  { name: 'SQL injection reason with an Idempotency-Key on a line with an open case', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, reason: SQLI }, headers: { 'idempotency-key': 'hostile-sqli-1' }, status: 409, code: 'case_already_open' },
  { name: 'DROP TABLE reason without acknowledgements', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, reason: DROP, acknowledgements: [] }, status: 422, code: 'acknowledgement_required' },
  { name: "<script> reason for someone else's line", method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, msisdn: liNa.msisdn, reason: XSS }, headers: { 'idempotency-key': 'hostile-xss-1' }, status: 404, code: 'line_not_found' },
  { name: 'refund method cash', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, refund: { method: 'cash' } }, status: 400, code: 'validation_failed' },
  { name: 'refund as an unknown method', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, refund: 'cash_in_hand' }, status: 400, code: 'validation_failed' },
  { name: 'refund with an extra IBAN field', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, refund: { method: 'bank_account', holderName: '张伟', bankName: '工商银行', accountNumber: '6222020200001234', iban: 'GB00' } }, status: 400, code: 'validation_failed' },
  { name: 'refund to the account of a line being closed', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, refund: 'account_credit' }, status: 400, code: 'validation_failed' },
  { name: 'refund by bank transfer without an account', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, refund: { method: 'bank_transfer' } }, status: 400, code: 'validation_failed' },
  { name: 'refund object as a JSON string with broken JSON', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, refund: '{"method": "bank_account",' }, status: 400, code: 'validation_failed' },
  { name: 'bank account number of 10 000 digits', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, refund: { method: 'bank_account', holderName: '张伟', bankName: '工商银行', accountNumber: '1'.repeat(10_000) } }, status: 400, code: 'validation_failed' },
  { name: 'bank account number in full-width digits', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, refund: { method: 'bank_account', holderName: '张伟', bankName: '工商银行', accountNumber: '６２２２０２０２００００１２３４' } }, status: 400, code: 'validation_failed' },
  { name: 'bank account number as a number', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, refund: { method: 'bank_account', holderName: '张伟', bankName: '工商银行', accountNumber: 6222020200001234 } }, status: 400, code: 'validation_failed' },
  { name: 'bank name with a right-to-left override', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, refund: { method: 'bank_account', holderName: '张伟', bankName: `工商${RLO}银行`, accountNumber: '6222020200001234' } }, status: 400, code: 'validation_failed' },
  { name: 'account holder of 500 characters', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, refund: { method: 'bank_account', holderName: XSS.repeat(20), bankName: '工商银行', accountNumber: '6222020200001234' } }, status: 400, code: 'validation_failed' },
  { name: 'refund to another line that is not a number', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, refund: { method: 'another_line', msisdn: SQLI } }, status: 400, code: 'validation_failed' },
  { name: 'acknowledgements as a string', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, acknowledgements: 'all' }, status: 400, code: 'validation_failed' },
  { name: 'acknowledgements of numbers', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, acknowledgements: [1, 2] }, status: 400, code: 'validation_failed' },
  { name: '33 acknowledgements', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, acknowledgements: Array.from({ length: 33 }, (_, i) => `ack_${i}`) }, status: 400, code: 'validation_failed' },
  { name: 'acknowledgement of 10 000 characters', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, acknowledgements: [...allAcks, LONG] }, status: 400, code: 'validation_failed' },
  { name: 'acknowledgement <script>', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, acknowledgements: [...allAcks, XSS] }, status: 400, code: 'validation_failed' },
  { name: 'acknowledgement with a NUL byte', method: 'POST', path: '/cancellations', as: 'customer', json: { ...app, acknowledgements: [...allAcks, 'backup\u0000'] }, status: 400, code: 'validation_failed' },
  { name: 'Idempotency-Key with spaces', method: 'POST', path: '/cancellations', as: 'customer', json: app, headers: { 'idempotency-key': 'my key 1' }, status: 400, code: 'validation_failed' },
  { name: 'Idempotency-Key of 500 characters', method: 'POST', path: '/cancellations', as: 'customer', json: app, headers: { 'idempotency-key': 'k'.repeat(500) }, status: 400, code: 'validation_failed' },
  { name: 'Idempotency-Key with Latin-1 bytes', method: 'POST', path: '/cancellations', as: 'customer', json: app, headers: { 'idempotency-key': 'clé-é' }, status: 400, code: 'validation_failed' },
  { name: 'PUT /cancellations (wrong method)', method: 'PUT', path: '/cancellations', as: 'customer', json: app, status: 404, code: 'not_found' },

  // ── GET /cancellations/{reference}, replies, withdraw ─────────────────────────────────────
  { name: 'no token', method: 'GET', path: '/cancellations/{ref}', status: 401, code: 'unauthenticated' },
  { name: 'wrong check digit LC-2026-0000001-0', method: 'GET', path: '/cancellations/LC-2026-0000001-0', as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'wrong check digit of the real case', method: 'GET', path: '/cancellations/{badcheck}', as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'lower case reference', method: 'GET', path: '/cancellations/lc-2026-0000001-2', as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'reference too long', method: 'GET', path: '/cancellations/LC-2026-00000001-2', as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'reference of 150 characters', method: 'GET', path: `/cancellations/LC-${'9'.repeat(146)}`, as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'path traversal ..%2F..%2Fetc%2Fpasswd', method: 'GET', path: '/cancellations/..%2F..%2Fetc%2Fpasswd', as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'reference with broken percent-encoding', method: 'GET', path: '/cancellations/LC-2026%E0%A4%A', as: 'customer', status: 400, code: 'bad_url' },
  { name: 'path traversal without a token', method: 'GET', path: '/cancellations/..%2F..%2Fetc%2Fpasswd', status: 401, code: 'unauthenticated' },
  { name: 'reference SQL injection', method: 'GET', path: `/cancellations/${encodeURIComponent(SQLI)}`, as: 'customer', status: 400, code: 'validation_failed' },
  { name: 'well-formed reference of no case', method: 'GET', path: '/cancellations/{missing}', as: 'customer', status: 404, code: 'case_not_found' },
  { name: 'DELETE a case (wrong method)', method: 'DELETE', path: '/cancellations/{ref}', as: 'customer', status: 404, code: 'not_found' },
  { name: 'reply without a token', method: 'POST', path: '/cancellations/{ref}/replies', json: { text: 'hi' }, status: 401, code: 'unauthenticated' },
  { name: 'reply with an empty text', method: 'POST', path: '/cancellations/{ref}/replies', as: 'customer', json: { text: '' }, status: 400, code: 'validation_failed' },
  { name: 'reply of 10 000 characters', method: 'POST', path: '/cancellations/{ref}/replies', as: 'customer', json: { text: LONG }, status: 400, code: 'validation_failed' },
  { name: 'reply text as an array', method: 'POST', path: '/cancellations/{ref}/replies', as: 'customer', json: { text: ['a'] }, status: 400, code: 'validation_failed' },
  { name: 'reply with an extra field', method: 'POST', path: '/cancellations/{ref}/replies', as: 'customer', json: { text: 'a', state: 'in_review' }, status: 400, code: 'validation_failed' },
  { name: 'reply with a NUL byte', method: 'POST', path: '/cancellations/{ref}/replies', as: 'customer', json: { text: NUL }, status: 400, code: 'validation_failed' },
  { name: 'reply with a lone surrogate', method: 'POST', path: '/cancellations/{ref}/replies', as: 'customer', json: { text: LONE_SURROGATE }, status: 400, code: 'validation_failed' },
  { name: 'SQL injection reply while no information was asked', method: 'POST', path: '/cancellations/{ref}/replies', as: 'customer', json: { text: DROP }, status: 409 },
  { name: '<script> reply to a case that does not exist', method: 'POST', path: '/cancellations/{missing}/replies', as: 'customer', json: { text: XSS }, status: 404, code: 'case_not_found' },
  { name: 'reply to a bad reference', method: 'POST', path: '/cancellations/LC-2026-0000001-0/replies', as: 'customer', json: { text: 'a' }, status: 400, code: 'validation_failed' },
  { name: 'withdraw without a token', method: 'POST', path: '/cancellations/{ref}/withdraw', status: 401, code: 'unauthenticated' },
  { name: 'withdraw with Authorization Basic', method: 'POST', path: '/cancellations/{ref}/withdraw', headers: { authorization: 'Basic eDp5' }, status: 401, code: 'unauthenticated' },
  { name: 'withdraw with invalid JSON', method: 'POST', path: '/cancellations/{ref}/withdraw', as: 'customer', raw: '{', status: 400, code: 'invalid_json' },
  { name: 'withdraw a case that does not exist', method: 'POST', path: '/cancellations/{missing}/withdraw', as: 'customer', status: 404, code: 'case_not_found' },
  { name: 'withdraw a bad reference', method: 'POST', path: '/cancellations/LC-2026-0000001/withdraw', as: 'customer', status: 400, code: 'validation_failed' },

  // ── GET /calendar/due-date, /service-hours, /dev/mailbox ──────────────────────────────────
  { name: 'missing region', method: 'GET', path: '/calendar/due-date?submittedAt=2026-09-30T19:00:00%2B08:00', status: 400, code: 'validation_failed' },
  { name: 'region in lower case', method: 'GET', path: '/calendar/due-date?region=cn&submittedAt=2026-09-30T19:00:00%2B08:00', status: 400, code: 'validation_failed' },
  { name: 'unknown region ZZ', method: 'GET', path: '/calendar/due-date?region=ZZ&submittedAt=2026-09-30T19:00:00%2B08:00', status: 422, code: 'unknown_region' },
  { name: 'region given twice', method: 'GET', path: '/calendar/due-date?region=CN&region=GB&submittedAt=2026-09-30T19:00:00%2B08:00', status: 400, code: 'validation_failed' },
  { name: 'region SQL injection', method: 'GET', path: `/calendar/due-date?region=${encodeURIComponent(SQLI)}&submittedAt=2026-09-30T19:00:00%2B08:00`, status: 400, code: 'validation_failed' },
  { name: 'missing submittedAt', method: 'GET', path: '/calendar/due-date?region=CN', status: 400, code: 'validation_failed' },
  { name: 'submittedAt without offset', method: 'GET', path: '/calendar/due-date?region=CN&submittedAt=2026-09-30T19:00:00', status: 400, code: 'validation_failed' },
  { name: 'submittedAt a date only', method: 'GET', path: '/calendar/due-date?region=CN&submittedAt=2026-09-30', status: 400, code: 'validation_failed' },
  { name: 'submittedAt 30 February', method: 'GET', path: '/calendar/due-date?region=CN&submittedAt=2026-02-30T10:00:00Z', status: 400, code: 'validation_failed' },
  { name: 'submittedAt <script>', method: 'GET', path: `/calendar/due-date?region=CN&submittedAt=${encodeURIComponent(XSS)}`, status: 400, code: 'validation_failed' },
  { name: 'submittedAt of 10 000 characters', method: 'GET', path: `/calendar/due-date?region=CN&submittedAt=${'2'.repeat(10_000)}`, status: 400, code: 'validation_failed' },
  { name: 'workingDays=0', method: 'GET', path: '/calendar/due-date?region=CN&submittedAt=2026-09-30T19:00:00%2B08:00&workingDays=0', status: 400, code: 'validation_failed' },
  { name: 'workingDays=abc', method: 'GET', path: '/calendar/due-date?region=CN&submittedAt=2026-09-30T19:00:00%2B08:00&workingDays=abc', status: 400, code: 'validation_failed' },
  { name: 'workingDays=1e9', method: 'GET', path: '/calendar/due-date?region=CN&submittedAt=2026-09-30T19:00:00%2B08:00&workingDays=1e9', status: 400, code: 'validation_failed' },
  { name: 'workingDays=1e400', method: 'GET', path: '/calendar/due-date?region=CN&submittedAt=2026-09-30T19:00:00%2B08:00&workingDays=1e400', status: 400, code: 'validation_failed' },
  { name: 'workingDays=-0', method: 'GET', path: '/calendar/due-date?region=CN&submittedAt=2026-09-30T19:00:00%2B08:00&workingDays=-0', status: 400, code: 'validation_failed' },
  { name: 'workingDays=9007199254740993', method: 'GET', path: '/calendar/due-date?region=CN&submittedAt=2026-09-30T19:00:00%2B08:00&workingDays=9007199254740993', status: 400, code: 'validation_failed' },
  { name: 'workingDays=2.5', method: 'GET', path: '/calendar/due-date?region=CN&submittedAt=2026-09-30T19:00:00%2B08:00&workingDays=2.5', status: 400, code: 'validation_failed' },
  { name: 'workingDays given twice', method: 'GET', path: '/calendar/due-date?region=CN&submittedAt=2026-09-30T19:00:00%2B08:00&workingDays=7&workingDays=8', status: 400, code: 'validation_failed' },
  { name: 'POST to a GET route', method: 'POST', path: '/calendar/due-date?region=CN', json: {}, status: 404, code: 'not_found' },
  { name: 'service hours for region cn', method: 'GET', path: '/service-hours?region=cn', status: 400, code: 'validation_failed' },
  { name: 'service hours for unknown region ZZ', method: 'GET', path: '/service-hours?region=ZZ', status: 422, code: 'unknown_region' },
  { name: 'service hours for two regions', method: 'GET', path: '/service-hours?region=CN&region=GB', status: 400, code: 'validation_failed' },
  { name: 'service hours for a blank region', method: 'GET', path: '/service-hours?region=%20', status: 400, code: 'validation_failed' },
  { name: 'service hours for region <script>', method: 'GET', path: `/service-hours?region=${encodeURIComponent(XSS)}`, status: 400, code: 'validation_failed' },
  { name: 'mailbox limit=0', method: 'GET', path: '/dev/mailbox?limit=0', status: 400, code: 'validation_failed' },
  { name: 'mailbox limit=abc', method: 'GET', path: '/dev/mailbox?limit=abc', status: 400, code: 'validation_failed' },
  { name: 'mailbox limit=1e400', method: 'GET', path: '/dev/mailbox?limit=1e400', status: 400, code: 'validation_failed' },
  { name: 'mailbox to of 300 characters', method: 'GET', path: `/dev/mailbox?to=${'a'.repeat(300)}`, status: 400, code: 'validation_failed' },
  { name: 'mailbox to with a NUL byte', method: 'GET', path: '/dev/mailbox?to=a%00b', status: 400, code: 'validation_failed' },

  // ── /staff/session ─────────────────────────────────────────────────────────────────────────
  { name: 'log-in with truncated JSON', method: 'POST', path: '/staff/session', raw: '{"user":"reviewer","password":"lastcall-', status: 400, code: 'invalid_json' },
  { name: 'log-in with an empty object', method: 'POST', path: '/staff/session', json: {}, status: 400, code: 'validation_failed' },
  { name: 'log-in as an array', method: 'POST', path: '/staff/session', json: ['reviewer', 'lastcall-demo'], status: 400, code: 'validation_failed' },
  { name: 'log-in form-urlencoded', method: 'POST', path: '/staff/session', raw: 'user=reviewer&password=lastcall-demo', type: 'application/x-www-form-urlencoded', status: 415, code: 'unsupported_media_type' },
  { name: 'log-in with an extra role field', method: 'POST', path: '/staff/session', json: { user: 'reviewer', password: 'x', role: 'admin' }, status: 400, code: 'validation_failed' },
  { name: 'log-in with a numeric password', method: 'POST', path: '/staff/session', json: { user: 'reviewer', password: 1e308 }, status: 400, code: 'validation_failed' },
  { name: 'log-in with an empty user', method: 'POST', path: '/staff/session', json: { user: '', password: 'x' }, status: 400, code: 'validation_failed' },
  { name: 'log-in with a user of 10 000 characters', method: 'POST', path: '/staff/session', json: { user: LONG, password: 'x' }, status: 400, code: 'validation_failed' },
  { name: 'log-in with a password of 10 000 characters', method: 'POST', path: '/staff/session', json: { user: 'reviewer', password: LONG }, status: 400, code: 'validation_failed' },
  { name: 'log-in with SQL injection as user', method: 'POST', path: '/staff/session', json: { user: SQLI, password: SQLI }, status: 401, code: 'invalid_credentials' },
  { name: 'log-in with <script> as user', method: 'POST', path: '/staff/session', json: { user: XSS, password: 'x' }, status: 401, code: 'invalid_credentials' },
  { name: 'log-in with a NUL byte in the user', method: 'POST', path: '/staff/session', json: { user: 'reviewer\u0000', password: 'lastcall-demo' }, status: 400, code: 'validation_failed' },
  { name: 'who-am-I without a session', method: 'GET', path: '/staff/session', status: 401, code: 'unauthenticated' },
  { name: 'who-am-I with a forged session cookie', method: 'GET', path: '/staff/session', headers: { cookie: `lastcall_session=${crypto.randomBytes(32).toString('base64url')}` }, status: 401, code: 'session_expired' },
  { name: 'who-am-I with a malformed cookie', method: 'GET', path: '/staff/session', headers: { cookie: 'lastcall_session=%E0%A4%A; other=%%%' }, status: 401, code: 'session_expired' },
  { name: 'log-out without a session', method: 'DELETE', path: '/staff/session', status: 401, code: 'unauthenticated' },
  { name: 'log-out without the CSRF token', method: 'DELETE', path: '/staff/session', as: 'staff-no-csrf', status: 403, code: 'csrf_token_invalid' },

  // ── /staff/cases ───────────────────────────────────────────────────────────────────────────
  { name: 'list without a session', method: 'GET', path: '/staff/cases', status: 401, code: 'unauthenticated' },
  { name: 'list with a customer token instead', method: 'GET', path: '/staff/cases', as: 'customer', status: 401, code: 'unauthenticated' },
  { name: 'list state=bogus&sort=x', method: 'GET', path: '/staff/cases?state=bogus&sort=x', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'list with two states', method: 'GET', path: '/staff/cases?state=submitted&state=approved', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'list region=cn', method: 'GET', path: '/staff/cases?region=cn', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'list sort with SQL injection', method: 'GET', path: `/staff/cases?sort=${encodeURIComponent('due; DROP TABLE cases; --')}`, as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'PATCH the list (wrong method)', method: 'PATCH', path: '/staff/cases', as: 'staff', json: {}, status: 404, code: 'not_found' },
  { name: 'case view of a bad reference', method: 'GET', path: '/staff/cases/LC-2026-0000001-0', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'case view with reveal neither true nor false', method: 'GET', path: '/staff/cases/LC-2026-0000001-2?reveal=yes', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'case view with reveal given twice', method: 'GET', path: '/staff/cases/LC-2026-0000001-2?reveal=true&reveal=true', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'case view of path traversal', method: 'GET', path: '/staff/cases/..%2F..%2Fetc%2Fpasswd', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'case view of no case', method: 'GET', path: '/staff/cases/{missing}', as: 'staff', status: 404, code: 'case_not_found' },
  { name: 'case view without a session', method: 'GET', path: '/staff/cases/{ref}', status: 401, code: 'unauthenticated' },
  { name: 'open a case without a session', method: 'POST', path: '/staff/cases', json: app, status: 401, code: 'unauthenticated' },
  { name: 'open a case without the CSRF token', method: 'POST', path: '/staff/cases', as: 'staff-no-csrf', json: app, status: 403, code: 'csrf_token_invalid' },
  { name: 'open a case with a wrong CSRF token', method: 'POST', path: '/staff/cases', as: 'staff', headers: { 'x-csrf-token': 'nope' }, json: app, status: 403, code: 'csrf_token_invalid' },
  { name: 'open a case with a 10 KB CSRF token', method: 'POST', path: '/staff/cases', as: 'staff', headers: { 'x-csrf-token': 'c'.repeat(10_240) }, json: app, status: 403, code: 'csrf_token_invalid' },
  { name: 'open a case with invalid JSON', method: 'POST', path: '/staff/cases', as: 'staff', raw: '{"msisdn": +8613800138000}', status: 400, code: 'invalid_json' },
  { name: 'open a case with channel fax', method: 'POST', path: '/staff/cases', as: 'staff', json: { ...app, channel: 'fax' }, status: 400, code: 'validation_failed' },
  { name: 'open a case with an Idempotency-Key of 500 characters', method: 'POST', path: '/staff/cases', as: 'staff', json: app, headers: { 'idempotency-key': 'k'.repeat(500) }, status: 400, code: 'validation_failed' },
  { name: 'open a case as a reviewer (not allowed)', method: 'POST', path: '/staff/cases', as: 'staff', json: { ...app, msisdn: '+8618611112222' }, status: 403, code: 'forbidden' },
  { name: 'open a case with a <script> reason for a number that is not ours', method: 'POST', path: '/staff/cases', as: 'agent', json: { ...app, msisdn: NO_LINE, reason: XSS }, headers: { 'idempotency-key': 'hostile-staff-1' }, status: 404, code: 'line_not_found' },
  { name: 'open a case with a SQL injection reason on a line with an open case', method: 'POST', path: '/staff/cases', as: 'agent', json: { ...app, reason: SQLI, channel: 'hotline' }, headers: { 'idempotency-key': 'hostile-staff-2' }, status: 409, code: 'case_already_open' },
  { name: 'open a case with a zero-width space in the reason', method: 'POST', path: '/staff/cases', as: 'agent', json: { ...app, msisdn: '+8618611112222', reason: `不再${'\u200b'}使用` }, status: 400, code: 'validation_failed' },
  { name: 'open a case on a free line with a NUL byte in an acknowledgement', method: 'POST', path: '/staff/cases', as: 'agent', json: { ...app, msisdn: '+8618611112222', acknowledgements: [...allAcks, 'x\u0000'] }, status: 400, code: 'validation_failed' },
  { name: 'open a case on a free line with a lone surrogate in the reason', method: 'POST', path: '/staff/cases', as: 'agent', json: { ...app, msisdn: '+8618611112222', reason: LONE_SURROGATE }, status: 400, code: 'validation_failed' },
  { name: 'open a case on a free line with a NUL byte in the reason', method: 'POST', path: '/staff/cases', as: 'agent', json: { ...app, msisdn: '+8618611112222', reason: NUL }, headers: { 'idempotency-key': 'hostile-staff-3' }, status: 400, code: 'validation_failed' },
  { name: 'assign without the CSRF token', method: 'POST', path: '/staff/cases/{ref}/assign', as: 'staff-no-csrf', json: {}, status: 403, code: 'csrf_token_invalid' },
  { name: 'assign to a number', method: 'POST', path: '/staff/cases/{ref}/assign', as: 'staff', json: { to: 123 }, status: 400, code: 'validation_failed' },
  { name: 'assign to an empty name', method: 'POST', path: '/staff/cases/{ref}/assign', as: 'staff', json: { to: '' }, status: 400, code: 'validation_failed' },
  { name: 'assign with a JSON null body', method: 'POST', path: '/staff/cases/{ref}/assign', as: 'staff', raw: 'null', status: 400, code: 'validation_failed' },
  { name: 'assign to someone else as a reviewer (not allowed)', method: 'POST', path: '/staff/cases/{ref}/assign', as: 'staff', json: { to: 'supervisor' }, status: 403, code: 'forbidden' },
  { name: 'assign to SQL injection', method: 'POST', path: '/staff/cases/{ref}/assign', as: 'supervisor', json: { to: SQLI }, status: 422, code: 'unknown_assignee' },
  { name: 'assign to <script>', method: 'POST', path: '/staff/cases/{ref}/assign', as: 'supervisor', json: { to: XSS }, status: 422, code: 'unknown_assignee' },
  { name: 'assign to a name with a NUL byte', method: 'POST', path: '/staff/cases/{ref}/assign', as: 'supervisor', json: { to: 'reviewer\u0000' }, status: 400, code: 'validation_failed' },
  { name: 'request-info with an empty message', method: 'POST', path: '/staff/cases/{ref}/request-info', as: 'staff', json: { message: '' }, status: 400, code: 'validation_failed' },
  { name: 'request-info of 10 000 characters', method: 'POST', path: '/staff/cases/{ref}/request-info', as: 'staff', json: { message: LONG }, status: 400, code: 'validation_failed' },
  { name: 'request-info with a NUL byte', method: 'POST', path: '/staff/cases/{ref}/request-info', as: 'staff', json: { message: NUL }, status: 400, code: 'validation_failed' },
  { name: 'request-info with SQL injection before review', method: 'POST', path: '/staff/cases/{ref}/request-info', as: 'staff', json: { message: DROP }, status: 409 },
  { name: 'approve with a note of 10 000 characters', method: 'POST', path: '/staff/cases/{ref}/approve', as: 'staff', json: { note: LONG }, status: 400, code: 'validation_failed' },
  { name: 'approve with a numeric note', method: 'POST', path: '/staff/cases/{ref}/approve', as: 'staff', json: { note: 1 }, status: 400, code: 'validation_failed' },
  { name: 'approve with an extra field', method: 'POST', path: '/staff/cases/{ref}/approve', as: 'staff', json: { note: 'ok', force: true }, status: 400, code: 'validation_failed' },
  { name: 'approve with text/plain', method: 'POST', path: '/staff/cases/{ref}/approve', as: 'staff', raw: 'approve please', type: 'text/plain', status: 400, code: 'validation_failed' },
  { name: 'approve without a session', method: 'POST', path: '/staff/cases/{ref}/approve', json: {}, status: 401, code: 'unauthenticated' },
  { name: 'approve a bad reference', method: 'POST', path: '/staff/cases/lc-2026-0000001-2/approve', as: 'staff', json: {}, status: 400, code: 'validation_failed' },
  { name: 'reject with an empty reason', method: 'POST', path: '/staff/cases/{ref}/reject', as: 'staff', json: { reason: ' ' }, status: 400, code: 'validation_failed' },
  { name: 'reject with no reason', method: 'POST', path: '/staff/cases/{ref}/reject', as: 'staff', json: {}, status: 400, code: 'validation_failed' },
  { name: 'reject with a right-to-left override', method: 'POST', path: '/staff/cases/{ref}/reject', as: 'staff', json: { reason: `debt ${RLO}` }, status: 400, code: 'validation_failed' },
  { name: 'reject a case that does not exist, with <script>', method: 'POST', path: '/staff/cases/{missing}/reject', as: 'staff', json: { reason: XSS }, status: 404, code: 'case_not_found' },
  { name: 'note with an empty text', method: 'POST', path: '/staff/cases/{ref}/note', as: 'staff', json: { text: '' }, status: 400, code: 'validation_failed' },
  { name: 'note with a NUL byte', method: 'POST', path: '/staff/cases/{ref}/note', as: 'staff', json: { text: NUL }, status: 400, code: 'validation_failed' },
  { name: 'note with a lone surrogate', method: 'POST', path: '/staff/cases/{ref}/note', as: 'staff', json: { text: LONE_SURROGATE }, status: 400, code: 'validation_failed' },
  { name: 'note with a right-to-left override', method: 'POST', path: '/staff/cases/{ref}/note', as: 'staff', json: { text: RLO }, status: 400, code: 'validation_failed' },
  { name: 'note on a case that does not exist, with DROP TABLE', method: 'POST', path: '/staff/cases/{missing}/note', as: 'staff', json: { text: DROP }, status: 404, code: 'case_not_found' },
  { name: 'note without the CSRF token', method: 'POST', path: '/staff/cases/{ref}/note', as: 'staff-no-csrf', json: { text: 'x' }, status: 403, code: 'csrf_token_invalid' },

  { name: 'request-info with a pause reason that is not one', method: 'POST', path: '/staff/cases/{ref}/request-info', as: 'staff', json: { message: 'x', reason: 'holiday' }, status: 400, code: 'validation_failed' },
  { name: 'request-info with a numeric pause reason', method: 'POST', path: '/staff/cases/{ref}/request-info', as: 'staff', json: { message: 'x', reason: 1 }, status: 400, code: 'validation_failed' },
  { name: 'list by a channel that is not one', method: 'GET', path: '/staff/cases?channel=fax', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'list by an SLA badge that is not one', method: 'GET', path: '/staff/cases?sla=late', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'list by SQL injection as the state', method: 'GET', path: `/staff/cases?state=${encodeURIComponent(SQLI)}`, as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'open a case with a call id that is not a UUID', method: 'POST', path: '/staff/cases', as: 'agent', json: { ...app, msisdn: '+8618611112222', callId: 'call-1' }, status: 400, code: 'validation_failed' },
  { name: 'open a case on a call that does not exist', method: 'POST', path: '/staff/cases', as: 'agent', json: { ...app, msisdn: '+8618611112222', callId: '00000000-0000-4000-8000-000000000000' }, status: 409, code: 'caller_not_verified' },
  { name: 'reason templates without a session', method: 'GET', path: '/staff/reason-templates', status: 401, code: 'unauthenticated' },
  { name: 'notifications without a session', method: 'GET', path: '/staff/notifications', status: 401, code: 'unauthenticated' },
  { name: 'mark a notification read by a word', method: 'POST', path: '/staff/notifications/abc/read', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'mark a notification read by a huge number', method: 'POST', path: '/staff/notifications/99999999999999999999/read', as: 'staff', status: 400, code: 'validation_failed' },
  { name: "mark someone else's or no notification read", method: 'POST', path: '/staff/notifications/424242/read', as: 'staff', status: 404, code: 'notification_not_found' },
  { name: 'mark a notification read without the CSRF token', method: 'POST', path: '/staff/notifications/1/read', as: 'staff-no-csrf', status: 403, code: 'csrf_token_invalid' },
  { name: 'dashboard as an agent (not allowed)', method: 'GET', path: '/staff/dashboard', as: 'agent', status: 403, code: 'forbidden' },
  { name: 'dashboard from a day that is not one', method: 'GET', path: '/staff/dashboard?from=2026-02-30', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'dashboard from after to', method: 'GET', path: '/staff/dashboard?from=2026-11-20&to=2026-11-01', as: 'supervisor', status: 422, code: 'invalid_period' },
  { name: 'dashboard over ten years', method: 'GET', path: '/staff/dashboard?from=2016-01-01&to=2026-11-01', as: 'supervisor', status: 422, code: 'invalid_period' },
  { name: 'dashboard with <script> as a day', method: 'GET', path: `/staff/dashboard?to=${encodeURIComponent(XSS)}`, as: 'supervisor', status: 400, code: 'validation_failed' },

  // ── the hotline desk: /staff/calls, /staff/callers/{msisdn}, /staff/callbacks ───────────────
  { name: 'incoming call without a session', method: 'POST', path: '/staff/calls/incoming', json: { msisdn: zhangWei.msisdn }, status: 401, code: 'unauthenticated' },
  { name: 'incoming call with a customer token', method: 'POST', path: '/staff/calls/incoming', as: 'customer', json: { msisdn: zhangWei.msisdn }, status: 401, code: 'unauthenticated' },
  { name: 'incoming call without the CSRF token', method: 'POST', path: '/staff/calls/incoming', as: 'staff-no-csrf', json: { msisdn: zhangWei.msisdn }, status: 403, code: 'csrf_token_invalid' },
  { name: 'incoming call as a reviewer (not allowed)', method: 'POST', path: '/staff/calls/incoming', as: 'staff', json: { msisdn: zhangWei.msisdn }, status: 403, code: 'forbidden' },
  { name: 'incoming call from a fixed line', method: 'POST', path: '/staff/calls/incoming', as: 'agent', json: { msisdn: '+861012345678' }, status: 400, code: 'validation_failed' },
  { name: 'incoming call from SQL injection', method: 'POST', path: '/staff/calls/incoming', as: 'agent', json: { msisdn: SQLI }, status: 400, code: 'validation_failed' },
  { name: 'incoming call from <script>', method: 'POST', path: '/staff/calls/incoming', as: 'agent', json: { msisdn: XSS }, status: 400, code: 'validation_failed' },
  { name: 'incoming call from a number of 10 000 characters', method: 'POST', path: '/staff/calls/incoming', as: 'agent', json: { msisdn: '+' + '8'.repeat(9_999) }, status: 400, code: 'validation_failed' },
  { name: 'incoming call from a number as a JSON number', method: 'POST', path: '/staff/calls/incoming', as: 'agent', json: { msisdn: 8613800138000 }, status: 400, code: 'validation_failed' },
  { name: 'incoming call already answered (extra field)', method: 'POST', path: '/staff/calls/incoming', as: 'agent', json: { msisdn: zhangWei.msisdn, state: 'active', agent: 'agent' }, status: 400, code: 'validation_failed' },
  { name: 'incoming call as a JSON array', method: 'POST', path: '/staff/calls/incoming', as: 'agent', json: [{ msisdn: zhangWei.msisdn }], status: 400, code: 'validation_failed' },
  { name: 'incoming call with truncated JSON', method: 'POST', path: '/staff/calls/incoming', as: 'agent', raw: '{"msisdn":', status: 400, code: 'invalid_json' },
  { name: 'incoming call with no body', method: 'POST', path: '/staff/calls/incoming', as: 'agent', status: 400, code: 'validation_failed' },
  { name: 'incoming call form-urlencoded', method: 'POST', path: '/staff/calls/incoming', as: 'agent', raw: 'msisdn=%2B8613800138000', type: 'application/x-www-form-urlencoded', status: 415, code: 'unsupported_media_type' },
  { name: 'calls in state bogus', method: 'GET', path: '/staff/calls?state=bogus', as: 'agent', status: 400, code: 'validation_failed' },
  { name: 'calls in state <script>', method: 'GET', path: `/staff/calls?state=${encodeURIComponent(XSS)}`, as: 'agent', status: 400, code: 'validation_failed' },
  { name: 'calls in two states', method: 'GET', path: '/staff/calls?state=ringing&state=active', as: 'agent', status: 400, code: 'validation_failed' },
  { name: 'calls listed by a reviewer (not allowed)', method: 'GET', path: '/staff/calls?state=ringing', as: 'staff', status: 403, code: 'forbidden' },
  { name: 'start a call for a callback id that is not a UUID', method: 'POST', path: '/staff/calls', as: 'agent', json: { msisdn: zhangWei.msisdn, callbackId: 'abc' }, status: 400, code: 'validation_failed' },
  { name: 'start a call for a callback id with SQL injection', method: 'POST', path: '/staff/calls', as: 'agent', json: { msisdn: zhangWei.msisdn, callbackId: SQLI }, status: 400, code: 'validation_failed' },
  { name: 'start a call for a callback that does not exist', method: 'POST', path: '/staff/calls', as: 'agent', json: { msisdn: zhangWei.msisdn, callbackId: RANDOM_UUID }, status: 404, code: 'callback_not_found' },
  { name: 'start a call with a direction field', method: 'POST', path: '/staff/calls', as: 'agent', json: { msisdn: zhangWei.msisdn, direction: 'out' }, status: 400, code: 'validation_failed' },
  { name: 'start a call to a number without +', method: 'POST', path: '/staff/calls', as: 'agent', json: { msisdn: '8613800138000' }, status: 400, code: 'validation_failed' },
  { name: 'start a call as a reviewer (not allowed)', method: 'POST', path: '/staff/calls', as: 'staff', json: { msisdn: zhangWei.msisdn }, status: 403, code: 'forbidden' },
  { name: 'call id that is not a UUID', method: 'GET', path: '/staff/calls/abc', as: 'agent', status: 400, code: 'validation_failed' },
  { name: 'call id with SQL injection', method: 'GET', path: `/staff/calls/${encodeURIComponent(SQLI)}`, as: 'agent', status: 400, code: 'validation_failed' },
  { name: 'call id of path traversal', method: 'GET', path: '/staff/calls/..%2F..%2Fetc%2Fpasswd', as: 'agent', status: 400, code: 'validation_failed' },
  { name: 'call that does not exist', method: 'GET', path: `/staff/calls/${RANDOM_UUID}`, as: 'agent', status: 404, code: 'call_not_found' },
  { name: 'answer a call that does not exist', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/answer`, as: 'agent', status: 404, code: 'call_not_found' },
  { name: 'answer a call naming another agent', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/answer`, as: 'agent', json: { agent: 'supervisor' }, status: 400, code: 'validation_failed' },
  { name: 'answer a call without the CSRF token', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/answer`, as: 'staff-no-csrf', status: 403, code: 'csrf_token_invalid' },
  { name: 'verify an unknown fact', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/verify`, as: 'agent', json: { fact: 'birthday', answer: '1949' }, status: 400, code: 'validation_failed' },
  { name: 'verify an empty answer', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/verify`, as: 'agent', json: { fact: 'name', answer: '' }, status: 400, code: 'validation_failed' },
  { name: 'verify an answer with a right-to-left override', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/verify`, as: 'agent', json: { fact: 'name', answer: RLO }, status: 400, code: 'validation_failed' },
  { name: 'verify an answer with a zero-width space', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/verify`, as: 'agent', json: { fact: 'name', answer: ZWSP }, status: 400, code: 'validation_failed' },
  { name: 'verify an answer with a NUL byte', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/verify`, as: 'agent', json: { fact: 'name', answer: '张伟\u0000' }, status: 400, code: 'validation_failed' },
  { name: 'verify an answer of 10 000 characters', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/verify`, as: 'agent', json: { fact: 'email', answer: LONG }, status: 400, code: 'validation_failed' },
  { name: 'verify an answer as an object', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/verify`, as: 'agent', json: { fact: 'name', answer: { first: '伟' } }, status: 400, code: 'validation_failed' },
  { name: 'verify with confirmed: true', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/verify`, as: 'agent', json: { fact: 'name', answer: 'x', confirmed: true }, status: 400, code: 'validation_failed' },
  { name: 'verify on a call that does not exist, with SQL injection', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/verify`, as: 'agent', json: { fact: 'id_number', answer: DROP }, status: 404, code: 'call_not_found' },
  { name: 'verify as a reviewer (not allowed)', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/verify`, as: 'staff', json: { fact: 'name', answer: 'x' }, status: 403, code: 'forbidden' },
  { name: 'end a call with an unknown outcome', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/end`, as: 'agent', json: { outcome: 'hung_up' }, status: 400, code: 'validation_failed' },
  { name: 'end a call without an outcome', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/end`, as: 'agent', json: {}, status: 400, code: 'validation_failed' },
  { name: 'end a call with a note holding a lone surrogate', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/end`, as: 'agent', json: { outcome: 'other', note: LONE_SURROGATE }, status: 400, code: 'validation_failed' },
  { name: 'end a call with a note of 10 000 characters', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/end`, as: 'agent', json: { outcome: 'other', note: LONG }, status: 400, code: 'validation_failed' },
  { name: 'end a call naming a reference with a wrong check digit', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/end`, as: 'agent', json: { outcome: 'other', reference: 'LC-2026-0000001-0' }, status: 400, code: 'validation_failed' },
  { name: 'end a call naming a <script> reference', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/end`, as: 'agent', json: { outcome: 'other', reference: XSS }, status: 400, code: 'validation_failed' },
  { name: 'end a call that does not exist, with a <script> note', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/end`, as: 'agent', json: { outcome: 'other', note: XSS }, status: 404, code: 'call_not_found' },
  { name: 'end a call as a reviewer (not allowed)', method: 'POST', path: `/staff/calls/${RANDOM_UUID}/end`, as: 'staff', json: { outcome: 'other' }, status: 403, code: 'forbidden' },
  { name: 'caller +86138', method: 'GET', path: '/staff/callers/+86138', as: 'agent', status: 400, code: 'validation_failed' },
  { name: 'caller of a fixed line', method: 'GET', path: '/staff/callers/+861012345678', as: 'agent', status: 400, code: 'validation_failed' },
  { name: 'caller SQL injection', method: 'GET', path: `/staff/callers/${encodeURIComponent(SQLI)}`, as: 'agent', status: 400, code: 'validation_failed' },
  { name: 'caller <script>', method: 'GET', path: `/staff/callers/${encodeURIComponent(XSS)}`, as: 'agent', status: 400, code: 'validation_failed' },
  { name: 'caller looked up by a reviewer (not allowed)', method: 'GET', path: '/staff/callers/+8613800138000', as: 'staff', status: 403, code: 'forbidden' },
  { name: 'caller looked up without a session', method: 'GET', path: '/staff/callers/+8613800138000', status: 401, code: 'unauthenticated' },
  { name: 'callbacks in state open', method: 'GET', path: '/staff/callbacks?state=open', as: 'agent', status: 400, code: 'validation_failed' },
  { name: 'callbacks in two states', method: 'GET', path: '/staff/callbacks?state=waiting&state=done', as: 'agent', status: 400, code: 'validation_failed' },
  { name: 'callbacks listed by a reviewer (not allowed)', method: 'GET', path: '/staff/callbacks', as: 'staff', status: 403, code: 'forbidden' },

  // ── /staff/audit, /staff/audit/verify, /staff/cases/{ref}/evidence ─────────────────────────
  { name: 'audit trail of a reference with a wrong check digit', method: 'GET', path: '/staff/audit?ref=LC-2026-0000001-0', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail of a lower-case reference', method: 'GET', path: '/staff/audit?ref=lc-2026-0000001-2', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail of a <script> reference', method: 'GET', path: `/staff/audit?ref=${encodeURIComponent(XSS)}`, as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail of two references', method: 'GET', path: '/staff/audit?ref={ref}&ref={missing}', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail limit=0', method: 'GET', path: '/staff/audit?limit=0', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail limit=abc', method: 'GET', path: '/staff/audit?limit=abc', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail limit=1001', method: 'GET', path: '/staff/audit?limit=1001', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail limit=1e400', method: 'GET', path: '/staff/audit?limit=1e400', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail limit=-5', method: 'GET', path: '/staff/audit?limit=-5', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail limit=2.5', method: 'GET', path: '/staff/audit?limit=2.5', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail limit given twice', method: 'GET', path: '/staff/audit?limit=1&limit=2', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail after=9007199254740993 (past the safe integers)', method: 'GET', path: '/staff/audit?after=9007199254740993', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail after=1e400', method: 'GET', path: '/staff/audit?after=1e400', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail after of 400 digits', method: 'GET', path: `/staff/audit?after=${'9'.repeat(400)}`, as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail after=-1', method: 'GET', path: '/staff/audit?after=-1', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail after with SQL injection', method: 'GET', path: `/staff/audit?after=${encodeURIComponent('0; DROP TABLE audit_log; --')}`, as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail subject with SQL injection and a NUL byte', method: 'GET', path: `/staff/audit?subject=${encodeURIComponent(`${SQLI}\u0000`)}`, as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail subject with SQL injection of 10 000 characters', method: 'GET', path: `/staff/audit?subject=${encodeURIComponent(SQLI + 'x'.repeat(10_000))}`, as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail subject with a right-to-left override', method: 'GET', path: `/staff/audit?subject=${encodeURIComponent(`staff:${RLO}`)}`, as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'audit trail subject with SQL injection as a reviewer (no audit.read)', method: 'GET', path: `/staff/audit?subject=${encodeURIComponent(DROP)}`, as: 'staff', status: 403, code: 'forbidden' },
  { name: 'audit trail without a session', method: 'GET', path: `/staff/audit?subject=${encodeURIComponent(SQLI)}`, status: 401, code: 'unauthenticated' },
  { name: 'audit trail with a customer token', method: 'GET', path: '/staff/audit?ref={ref}', as: 'customer', status: 401, code: 'unauthenticated' },
  { name: 'audit verify with a customer token instead of a session', method: 'GET', path: '/staff/audit/verify', as: 'customer', status: 401, code: 'unauthenticated' },
  { name: 'audit verify without a cookie', method: 'GET', path: '/staff/audit/verify', status: 401, code: 'unauthenticated' },
  { name: 'audit verify with a forged session cookie', method: 'GET', path: '/staff/audit/verify', headers: { cookie: `lastcall_session=${crypto.randomBytes(32).toString('base64url')}` }, status: 401, code: 'session_expired' },
  { name: 'audit verify as an agent (not allowed)', method: 'GET', path: '/staff/audit/verify', as: 'agent', status: 403, code: 'forbidden' },
  { name: 'POST to audit verify (wrong method)', method: 'POST', path: '/staff/audit/verify', as: 'supervisor', json: {}, status: 404, code: 'not_found' },
  { name: 'evidence bundle of a lower-case reference', method: 'GET', path: '/staff/cases/lc-2026-0000001-2/evidence', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'evidence bundle of a <script> reference', method: 'GET', path: `/staff/cases/${encodeURIComponent(XSS)}/evidence`, as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'evidence bundle of a reference with an "><img onerror> payload', method: 'GET', path: `/staff/cases/${encodeURIComponent('LC-2026-0000001-2"><img src=x onerror=alert(1)>')}/evidence`, as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'evidence bundle of path traversal', method: 'GET', path: '/staff/cases/..%2F..%2Fetc%2Fpasswd/evidence', as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'evidence bundle of SQL injection', method: 'GET', path: `/staff/cases/${encodeURIComponent(SQLI)}/evidence`, as: 'supervisor', status: 400, code: 'validation_failed' },
  { name: 'evidence bundle of no case', method: 'GET', path: '/staff/cases/{missing}/evidence', as: 'supervisor', status: 404, code: 'case_not_found' },
  { name: 'evidence bundle as a reviewer (not allowed)', method: 'GET', path: '/staff/cases/{ref}/evidence', as: 'staff', status: 403, code: 'forbidden' },
  { name: 'evidence bundle with a customer token', method: 'GET', path: '/staff/cases/{ref}/evidence', as: 'customer', status: 401, code: 'unauthenticated' },

  // ── /staff/users (admin only; schema first, so a reviewer sees 400 for a bad body, 403 for a good one) ──
  { name: 'add staff without a session', method: 'POST', path: '/staff/users', json: { user: 'nina.ops', role: 'reviewer', password: 'plum orchard 7 ladders' }, status: 401, code: 'unauthenticated' },
  { name: 'add staff with a customer token', method: 'POST', path: '/staff/users', as: 'customer', json: { user: 'nina.ops', role: 'admin', password: 'plum orchard 7 ladders' }, status: 401, code: 'unauthenticated' },
  { name: 'add staff without the CSRF token', method: 'POST', path: '/staff/users', as: 'staff-no-csrf', json: { user: 'nina.ops', role: 'reviewer', password: 'plum orchard 7 ladders' }, status: 403, code: 'csrf_token_invalid' },
  { name: 'add staff as a supervisor (only admin may)', method: 'POST', path: '/staff/users', as: 'supervisor', json: { user: 'nina.ops', role: 'admin', password: 'plum orchard 7 ladders' }, status: 403, code: 'forbidden' },
  { name: 'add staff with truncated JSON', method: 'POST', path: '/staff/users', as: 'staff', raw: '{"user":"nina.ops","role":', status: 400, code: 'invalid_json' },
  { name: 'add staff with a JSON array', method: 'POST', path: '/staff/users', as: 'staff', json: ['nina.ops', 'reviewer', 'plum orchard 7 ladders'], status: 400, code: 'validation_failed' },
  { name: 'add staff with no body', method: 'POST', path: '/staff/users', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'add staff with a numeric user', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 12345, role: 'reviewer', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff with the role as an array', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'nina.ops', role: ['reviewer', 'admin'], password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff with a numeric password', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'nina.ops', role: 'reviewer', password: 123456789012345 }, status: 400, code: 'validation_failed' },
  { name: 'add staff with a null password', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'nina.ops', role: 'reviewer', password: null }, status: 400, code: 'validation_failed' },
  { name: 'add staff with a password of 201 characters', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'nina.ops', role: 'reviewer', password: 'p'.repeat(201) }, status: 400, code: 'validation_failed' },
  { name: 'add staff with a password of 10 000 characters', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'nina.ops', role: 'reviewer', password: LONG }, status: 400, code: 'validation_failed' },
  { name: 'add staff with a password over 256 KiB', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'nina.ops', role: 'reviewer', password: KB300 }, status: 413, code: 'payload_too_large' },
  { name: 'add staff named with SQL injection', method: 'POST', path: '/staff/users', as: 'staff', json: { user: SQLI, role: 'reviewer', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff named DROP TABLE', method: 'POST', path: '/staff/users', as: 'staff', json: { user: DROP, role: 'reviewer', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff named <script>', method: 'POST', path: '/staff/users', as: 'staff', json: { user: XSS, role: 'reviewer', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff named with a right-to-left override', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'nina\u202espo', role: 'reviewer', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff named with a zero-width space', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'revi\u200bewer', role: 'admin', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff named with a zero-width joiner', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'admin\u200d', role: 'admin', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff named with a NUL byte', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'nina\u0000', role: 'reviewer', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff named with a trailing newline', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'nina.ops\n', role: 'reviewer', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff named in capitals', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'Admin', role: 'admin', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff named with a Cyrillic а', method: 'POST', path: '/staff/users', as: 'staff', json: { user: '\u0430dmin', role: 'admin', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff with a one-character name', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'n', role: 'reviewer', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff with a name of 65 characters', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'n'.repeat(65), role: 'reviewer', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff with an unknown role', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'nina.ops', role: 'king', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff with the role in capitals', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'nina.ops', role: 'ADMIN', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff with an empty role', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'nina.ops', role: '', password: 'plum orchard 7 ladders' }, status: 400, code: 'validation_failed' },
  { name: 'add staff with an extra demo field', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'nina.ops', role: 'reviewer', password: 'plum orchard 7 ladders', demo: true }, status: 400, code: 'validation_failed' },
  { name: 'add staff with an extra password_hash field', method: 'POST', path: '/staff/users', as: 'staff', json: { user: 'nina.ops', role: 'reviewer', password: 'plum orchard 7 ladders', password_hash: '$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, status: 400, code: 'validation_failed' },
  { name: 'add staff with __proto__ carrying the role', method: 'POST', path: '/staff/users', as: 'staff', raw: '{"user":"nina.ops","password":"plum orchard 7 ladders","__proto__":{"role":"admin"}}', status: 400, code: 'validation_failed' },
  { name: 'add staff form-urlencoded', method: 'POST', path: '/staff/users', as: 'staff', raw: 'user=nina.ops&role=admin&password=plum+orchard+7+ladders', type: 'application/x-www-form-urlencoded', status: 415, code: 'unsupported_media_type' },
  { name: 'disable a user in capitals', method: 'POST', path: '/staff/users/Reviewer/disable', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'disable a one-character user', method: 'POST', path: '/staff/users/r/disable', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'disable a user with SQL injection', method: 'POST', path: `/staff/users/${encodeURIComponent(SQLI)}/disable`, as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'disable a <script> user', method: 'POST', path: `/staff/users/${encodeURIComponent(XSS)}/disable`, as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'disable a user with a zero-width space', method: 'POST', path: `/staff/users/${encodeURIComponent('revi\u200bewer')}/disable`, as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'disable a user with a NUL byte', method: 'POST', path: '/staff/users/reviewer%00/disable', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'disable a user with broken percent-encoding', method: 'POST', path: '/staff/users/%E0%A4%A/disable', as: 'staff', status: 400, code: 'bad_url' },
  { name: 'disable a user of 65 characters', method: 'POST', path: `/staff/users/${'r'.repeat(65)}/disable`, as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'disable a user as a reviewer (only admin may)', method: 'POST', path: '/staff/users/agent/disable', as: 'staff', status: 403, code: 'forbidden' },
  { name: 'disable a user without the CSRF token', method: 'POST', path: '/staff/users/agent/disable', as: 'staff-no-csrf', status: 403, code: 'csrf_token_invalid' },
  { name: 'disable a user without a session', method: 'POST', path: '/staff/users/agent/disable', status: 401, code: 'unauthenticated' },
  { name: 'enable a user with a right-to-left override', method: 'POST', path: `/staff/users/${encodeURIComponent('agent\u202e')}/enable`, as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'enable a user with DROP TABLE', method: 'POST', path: `/staff/users/${encodeURIComponent(DROP)}/enable`, as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'enable a user with a trailing newline', method: 'POST', path: '/staff/users/agent%0A/enable', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'enable a user with a customer token', method: 'POST', path: '/staff/users/agent/enable', as: 'customer', status: 401, code: 'unauthenticated' },
  { name: 'unlock a user with SQL injection', method: 'POST', path: `/staff/users/${encodeURIComponent(SQLI)}/unlock`, as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'unlock a user with a space', method: 'POST', path: '/staff/users/nina%20ops/unlock', as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'unlock a user in full-width letters', method: 'POST', path: `/staff/users/${encodeURIComponent('ａｇｅｎｔ')}/unlock`, as: 'staff', status: 400, code: 'validation_failed' },
  { name: 'unlock a user as a supervisor (only admin may)', method: 'POST', path: '/staff/users/agent/unlock', as: 'supervisor', status: 403, code: 'forbidden' },
  { name: 'DELETE a staff user (no such route)', method: 'DELETE', path: '/staff/users/agent', as: 'staff', status: 404, code: 'not_found' },

  // ── approve with an override reason ───────────────────────────────────────────────────────
  { name: 'approve with an override reason of 19 characters', method: 'POST', path: '/staff/cases/{ref}/approve', as: 'supervisor', json: { overrideReason: 'debt paid at branch' }, status: 400, code: 'validation_failed' },
  { name: 'approve with an override reason padded to 20 with blanks', method: 'POST', path: '/staff/cases/{ref}/approve', as: 'supervisor', json: { overrideReason: `${' '.repeat(20)}ok${' '.repeat(20)}` }, status: 400, code: 'validation_failed' },
  { name: 'approve with an override reason padded with zero-width spaces', method: 'POST', path: '/staff/cases/{ref}/approve', as: 'supervisor', json: { overrideReason: `ok${'\u200b'.repeat(30)}` }, status: 400, code: 'validation_failed' },
  { name: 'approve with zero-width spaces inside a long override reason', method: 'POST', path: '/staff/cases/{ref}/approve', as: 'supervisor', json: { overrideReason: 'customer paid the debt\u200b at the branch on Monday' }, status: 400, code: 'validation_failed' },
  { name: 'approve with a word joiner in the override reason', method: 'POST', path: '/staff/cases/{ref}/approve', as: 'supervisor', json: { overrideReason: 'customer paid the debt\u2060 at the branch on Monday' }, status: 400, code: 'validation_failed' },
  { name: 'approve with a right-to-left override in the override reason', method: 'POST', path: '/staff/cases/{ref}/approve', as: 'supervisor', json: { overrideReason: `customer paid the debt ${RLO} at the branch` }, status: 400, code: 'validation_failed' },
  { name: 'approve with a numeric override reason', method: 'POST', path: '/staff/cases/{ref}/approve', as: 'supervisor', json: { overrideReason: 12345678901234567890 }, status: 400, code: 'validation_failed' },
  { name: 'approve with an override reason of 10 000 characters', method: 'POST', path: '/staff/cases/{ref}/approve', as: 'supervisor', json: { overrideReason: LONG }, status: 400, code: 'validation_failed' },

  // ── Unknown routes ─────────────────────────────────────────────────────────────────────────
  { name: 'unknown route', method: 'GET', path: '/nothing-here', status: 404, code: 'not_found' },
  { name: 'unknown API version', method: 'GET', path: '/../v2/cancellations', status: 404, code: 'not_found' },
  { name: '<script> as a route', method: 'GET', path: `/${encodeURIComponent(XSS)}`, status: 404, code: 'not_found' },
  { name: 'trailing slash', method: 'POST', path: '/verifications/', json: v, status: 404, code: 'not_found' },
  { name: 'path traversal to /etc/passwd', method: 'GET', path: '/%2E%2E/%2E%2E/%2E%2E/etc/passwd', status: 404, code: 'not_found' },
  { name: 'evidence bundle of a reference with a wrong check digit', method: 'GET', path: '/staff/cases/LC-2026-0000001-0/evidence', as: 'staff', status: 400, code: 'validation_failed' },
];

/**
 * Requests fetch refuses to send (raw `<` in the path, broken HTTP, request smuggling), written
 * to the socket by hand. Each ends with `Connection: close` or makes the server close.
 */
interface RawRow {
  name: string;
  request: string;
  status: number;
  code: string;
}

const rawRows: RawRow[] = [
  { name: 'unencoded <script> in the path', request: `GET /api/v1/${XSS} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, status: 404, code: 'not_found' },
  { name: 'unencoded <script> in the query of a route', request: `GET /api/v1/service-hours?region=${XSS} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, status: 400, code: 'validation_failed' },
  { name: 'not HTTP at all', request: 'HELLO THERE\r\n\r\n', status: 400, code: 'bad_request' },
  { name: 'Content-Length that is not a number', request: 'POST /api/v1/verifications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}', status: 400, code: 'bad_request' },
  { name: 'Content-Length and Transfer-Encoding together (request smuggling)', request: 'POST /api/v1/verifications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /api/v1/staff/cases HTTP/1.1\r\nHost: x\r\n\r\n', status: 400, code: 'bad_request' },
  { name: 'header with a NUL byte', request: 'GET /api/v1/service-hours HTTP/1.1\r\nHost: x\r\nX-Evil: a\u0000b\r\nConnection: close\r\n\r\n', status: 400, code: 'bad_request' },
  { name: 'declared body of 1 GB', request: 'POST /api/v1/verifications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\nConnection: close\r\n\r\n{', status: 413, code: 'payload_too_large' },
];

/** Writes a request to the socket and reads the first answer (status, content type, body). */
function rawHttp(base: string, request: string): Promise<{ status: number; type: string; body: string; text: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let text = '';
    const done = () => {
      socket.destroy();
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const type = /^content-type:\s*(.*)$/im.exec(head)?.[1]?.trim() ?? '';
      const length = Number(/^content-length:\s*(\d+)$/im.exec(head)?.[1] ?? NaN);
      const body = rest.join('\r\n\r\n');
      resolve({ status, type, body: Number.isNaN(length) ? body : Buffer.from(body).subarray(0, length).toString(), text });
    };
    const timer = setTimeout(done, 5000);
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      text += d;
      // One complete answer is enough (the server may keep the connection open after a 413).
      const m = /^content-length:\s*(\d+)$/im.exec(text);
      const at = text.indexOf('\r\n\r\n');
      if (m && at >= 0 && Buffer.byteLength(text.slice(at + 4)) >= Number(m[1])) {
        clearTimeout(timer);
        done();
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
    socket.on('error', reject);
    socket.write(request);
  });
}

type Snapshot = Record<string, unknown>;

async function snapshot(h: Harness): Promise<Snapshot> {
  const db = h.runtime.ctx.db;
  const one = async (sql: string) => (await db.query<Record<string, unknown>>(sql))[0];
  return {
    cases: await one('SELECT count(*)::int AS n, string_agg(reference || \':\' || state, \',\' ORDER BY id) AS s FROM cases'),
    idempotencyKeys: await one('SELECT count(*)::int AS n FROM idempotency_keys'),
    caseEvents: await one('SELECT count(*)::int AS n FROM case_events'),
    communications: await one('SELECT count(*)::int AS n FROM communications'),
    verifications: await one('SELECT count(*)::int AS n, coalesce(sum(attempts), 0)::int AS attempts FROM verifications'),
    customerTokens: await one('SELECT count(*)::int AS n FROM customer_tokens'),
    lines: await one("SELECT count(*)::int AS n, string_agg(msisdn || ':' || status, ',' ORDER BY id) AS s FROM lines"),
    staffUsers: await one('SELECT count(*)::int AS n FROM staff_users'),
    bindings: await one("SELECT string_agg(line_id || ':' || kind || ':' || state, ',' ORDER BY id) AS s FROM bindings"),
    documents: await one('SELECT count(*)::int AS n FROM documents'),
    callbacks: await one('SELECT count(*)::int AS n FROM callbacks'),
    calls: await one("SELECT count(*)::int AS n, string_agg(state || ':' || failed_checks, ',' ORDER BY id) AS s FROM calls"),
  };
}

describe.each(testDatabases)('malformed and hostile requests get a 4xx in the error shape and store nothing (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  let customer: Client;
  let staff: Client;
  let agent: Client;
  let supervisor: Client;
  let ref = '';
  let before: Snapshot;

  beforeAll(async () => {
    if (!available) return;
    h = (await startHarness(kind, { now: '2026-11-25T10:00:00+08:00' }))!;
    customer = new Client(h.base);
    await verifyAs(customer, zhangWei);
    // One open case, so rows can aim at a real reference without changing it.
    const applied = await customer.post('/api/v1/cancellations', app);
    if (applied.status !== 201) throw new Error(`setup application: ${applied.status} ${JSON.stringify(applied.body)}`);
    ref = applied.body.reference;
    await eventually(async () => (await mailbox(customer)).find((m) => m.subject.includes(ref)), 10000, 'the confirmation e-mail');
    staff = new Client(h.base);
    await staff.loginStaff('reviewer');
    agent = new Client(h.base);
    await agent.loginStaff('agent');
    supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    before = await snapshot(h);
  });
  afterAll(async () => h?.close());

  const fill = (path: string) =>
    path
      .replace('{ref}', ref)
      .replace('{badcheck}', ref.replace(/\d$/, (d) => String((Number(d) + 1) % 10)))
      .replace('{missing}', formatReference(2026, 9_999_999));

  for (const row of rows) {
    it.skipIf(!available)(`${row.method} /api/v1${row.path.length > 90 ? row.path.slice(0, 90) + '…' : row.path} — ${row.name} → ${row.status}`, async () => {
      const headers: Record<string, string> = {};
      const as = row.as ?? 'anon';
      if (as === 'customer') headers.authorization = `Bearer ${customer.token}`;
      const staffer = as === 'agent' ? agent : as === 'supervisor' ? supervisor : as === 'staff' || as === 'staff-no-csrf' ? staff : undefined;
      if (staffer) headers.cookie = staffer.cookie;
      if (staffer && as !== 'staff-no-csrf') headers['x-csrf-token'] = staffer.csrf;
      const body = row.json !== undefined ? JSON.stringify(row.json) : row.raw;
      if (body !== undefined) headers['content-type'] = row.type ?? 'application/json';
      Object.assign(headers, row.headers);

      const res = await fetch(`${h.base}/api/v1${fill(row.path)}`, { method: row.method, headers, body });
      const text = await res.text();
      const what = `${row.name}: ${res.status} ${text.slice(0, 300)}`;

      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
      expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
      expect(text.toLowerCase(), what).not.toContain('<script');
      const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      expect(parsed.error, what).toBeTypeOf('object');
      expect(parsed.error!.code, what).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(parsed.error!.message, what).toBeTypeOf('string');
      expect((parsed.error!.message as string).trim(), what).not.toBe('');
      expect(res.status, what).toBe(row.status);
      if (row.code) expect(parsed.error!.code, what).toBe(row.code);
    });
  }

  for (const row of rawRows) {
    it.skipIf(!available)(`raw socket — ${row.name} → ${row.status}`, async () => {
      const res = await rawHttp(h.base, row.request);
      const what = `${row.name}: ${res.text.slice(0, 400)}`;
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
      expect(res.type, what).toMatch(/^application\/json/);
      expect(res.text.toLowerCase(), what).not.toContain('<script');
      const parsed = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
      expect(parsed.error!.code, what).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(parsed.error!.message, what).toBeTypeOf('string');
      expect((parsed.error!.message as string).trim(), what).not.toBe('');
      expect(res.status, what).toBe(row.status);
      expect(parsed.error!.code, what).toBe(row.code);
    });
  }

  it.skipIf(!available)('stored nothing: counts, the open case and every line are as before, and no prototype was polluted', async () => {
    expect(rows.length + rawRows.length).toBeGreaterThanOrEqual(80);
    expect(await snapshot(h)).toEqual(before);
    const [caseRow] = await h.runtime.ctx.db.query<{ state: string }>('SELECT state FROM cases WHERE reference = $1', [ref]);
    expect(caseRow?.state).toBe('submitted');
    const [keys] = await h.runtime.ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM idempotency_keys WHERE key LIKE 'hostile-%'");
    expect(keys?.n).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).msisdn).toBeUndefined();
    // The service still works for an honest caller afterwards.
    const line = await customer.get(`/api/v1/lines/${encodeURIComponent(zhangWei.msisdn)}`);
    expect(line.status).toBe(200);
    expect(line.body.openCase).toEqual({ reference: ref, state: 'submitted' });
    expect((await staff.get('/api/v1/staff/cases?state=submitted')).status).toBe(200);
  });
});
