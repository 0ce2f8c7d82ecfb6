import { describe, expect, it } from 'vitest';
import { caseStates, openStates, type CaseState } from '../../src/domain/case-machine.js';
import { linesInNetwork, linesOffNetwork, type LineStatusForNetwork } from '../../src/domain/line-network.js';
import { parseProductOrder, productOrderCreate } from '../../src/http/tmf-order-body.js';
import {
  productBody,
  productOrderBody,
  productOrderStateChangeEvent,
  productStateChangeEvent,
  tmfError,
  tmfOrderState,
  tmfOrderStates,
  tmfProductStatus,
  tmfProductStatuses,
  type TmfError,
} from '../../src/domain/tmf.js';
import { int, mulberry32, pick } from '../support/random.js';

const base = 'https://op.example/tmf-api';
const msisdn = '8613800138000';
const lineStatuses: readonly LineStatusForNetwork[] = [...linesInNetwork, ...linesOffNetwork];

describe('tmfOrderState', () => {
  const expected: [CaseState, string][] = [
    ['submitted', 'acknowledged'],
    ['in_review', 'inProgress'],
    ['awaiting_customer', 'inProgress'],
    ['approved', 'inProgress'],
    ['completed', 'completed'],
    ['rejected', 'rejected'],
    ['withdrawn', 'cancelled'],
  ];
  it.each(expected)('%s → %s', (state, tmf) => {
    expect(tmfOrderState(state)).toBe(tmf);
  });
  it('covers every case state', () => {
    expect(expected.map(([s]) => s).sort()).toEqual([...caseStates].sort());
  });
});

describe('tmfProductStatus', () => {
  const expected: [LineStatusForNetwork, boolean, string][] = [
    ['active', false, 'active'],
    ['active', true, 'pendingTerminate'],
    ['suspended', false, 'suspended'],
    ['suspended', true, 'pendingTerminate'],
    ['pending_termination', false, 'pendingTerminate'],
    ['pending_termination', true, 'pendingTerminate'],
    ['terminated', false, 'terminated'],
    ['terminated', true, 'terminated'],
    ['released', false, 'terminated'],
    ['released', true, 'terminated'],
  ];
  it.each(expected)('%s, open case %s → %s', (status, open, tmf) => {
    expect(tmfProductStatus(status, open)).toBe(tmf);
  });
  it('covers every line status both ways', () => {
    expect(expected.length).toBe(lineStatuses.length * 2);
    for (const s of lineStatuses) for (const open of [false, true]) expect(expected.some(([a, b]) => a === s && b === open)).toBe(true);
  });
});

/** A TMF622 v5 order as a BSS sends it: many fields lastcall does not use, person data included. */
const fullOrder = () => ({
  '@type': 'ProductOrder',
  '@baseType': 'ProductOrder',
  '@schemaLocation': 'https://bss.example/schemas/ProductOrder.json',
  category: 'B2C product order',
  description: 'Customer asked to cancel the line',
  priority: '1',
  requestedStartDate: '2025-06-30T08:00:00Z',
  requestedCompletionDate: '2025-07-01T09:30:00+08:00',
  channel: [{ '@type': 'RelatedChannel', role: 'Used channel for order capture', channel: { '@type': 'ChannelRef', id: '1', name: 'Shop' } }],
  externalId: [
    { '@type': 'ExternalIdentifier', id: 'PO-2025-0042', owner: 'BSS', externalIdentifierType: 'POnumber' },
    { '@type': 'ExternalIdentifier', id: 'CRM-77', owner: 'CRM' },
  ],
  note: [
    { '@type': 'Note', id: '1', author: '王芳', date: '2025-06-30T08:00:00Z', text: '  Moving abroad  ' },
    { '@type': 'Note', id: '2', text: 'x'.repeat(2000) },
  ],
  relatedParty: [
    {
      '@type': 'RelatedPartyRefOrPartyRoleRef',
      role: 'Customer',
      partyOrPartyRole: { '@type': 'PartyRoleRef', '@referredType': 'Customer', id: 'ff55', name: '张伟', href: 'https://bss.example/customer/ff55' },
    },
  ],
  billingAccount: { '@type': 'BillingAccountRef', id: '1513' },
  productOrderItem: [
    {
      '@type': 'ProductOrderItem',
      id: '100',
      quantity: 1,
      action: 'delete',
      productOffering: { '@type': 'ProductOfferingRef', id: '14305', name: 'TMF Mobile Telephony' },
      product: {
        '@type': 'ProductRef',
        '@referredType': 'Product',
        id: msisdn,
        href: `https://bss.example/productInventory/v5/product/${msisdn}`,
        name: 'Mobile line',
      },
    },
  ],
});
const minimalOrder = () => ({ productOrderItem: [{ action: 'delete', product: { id: msisdn } }] });

describe('parseProductOrder accepts', () => {
  it('a realistic full TMF622 v5 order, reading only what lastcall uses', () => {
    const r = parseProductOrder(fullOrder());
    expect(r).toEqual({
      ok: true,
      order: { msisdnDigits: msisdn, reason: 'Moving abroad', externalId: 'PO-2025-0042', requestedCompletionDate: '2025-07-01T01:30:00.000Z' },
    });
    expect(JSON.stringify(r)).not.toMatch(/张伟|王芳|ff55|1513/);
  });

  it('the same order after a JSON round trip (as it arrives over HTTP)', () => {
    expect(parseProductOrder(JSON.parse(JSON.stringify(fullOrder()))).ok).toBe(true);
  });

  it('a minimal order', () => {
    expect(parseProductOrder(minimalOrder())).toEqual({
      ok: true,
      order: { msisdnDigits: msisdn, reason: null, externalId: null, requestedCompletionDate: null },
    });
  });

  it.each([
    ['a leading + on the id', { productOrderItem: [{ action: 'delete', product: { id: `+${msisdn}` } }] }, { msisdnDigits: msisdn }],
    ['externalId as a string', { ...minimalOrder(), externalId: 'PO-1' }, { externalId: 'PO-1' }],
    ['an empty externalId list', { ...minimalOrder(), externalId: [] }, { externalId: null }],
    ['an empty note list', { ...minimalOrder(), note: [] }, { reason: null }],
    ['a note without text', { ...minimalOrder(), note: [{ id: '1' }] }, { reason: null }],
    ['a blank note', { ...minimalOrder(), note: [{ text: '   ' }] }, { reason: null }],
    ['a reason of exactly 500 characters', { ...minimalOrder(), note: [{ text: 'a'.repeat(500) }] }, { reason: 'a'.repeat(500) }],
    ['a multi-line reason', { ...minimalOrder(), note: [{ text: 'line one\nline two' }] }, { reason: 'line one\nline two' }],
    ['@type ProductOrder', { ...minimalOrder(), '@type': 'ProductOrder' }, {}],
    ['a UTC requestedCompletionDate', { ...minimalOrder(), requestedCompletionDate: '2025-07-01T00:00:00.000Z' }, { requestedCompletionDate: '2025-07-01T00:00:00.000Z' }],
  ])('%s', (_name, body, expected) => {
    const r = parseProductOrder(body);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.order).toMatchObject(expected);
  });
});

describe('parseProductOrder rejects', () => {
  const item = (over: Record<string, unknown>) => ({ productOrderItem: [{ action: 'delete', product: { id: msisdn }, ...over }] });
  const cases: [string, unknown, string, string][] = [
    ['a string body', 'productOrder', 'ERR_INVALID_BODY', 'body'],
    ['a number body', 42, 'ERR_INVALID_BODY', 'body'],
    ['a null body', null, 'ERR_INVALID_BODY', 'body'],
    ['no body', undefined, 'ERR_INVALID_BODY', 'body'],
    ['an array body', [minimalOrder()], 'ERR_INVALID_BODY', 'body'],
    ['no productOrderItem', { note: [] }, 'ERR_INVALID_BODY', 'productOrderItem'],
    ['productOrderItem as an object', { productOrderItem: { action: 'delete', product: { id: msisdn } } }, 'ERR_INVALID_BODY', 'productOrderItem'],
    ['empty productOrderItem', { productOrderItem: [] }, 'ERR_ONE_ITEM_ONLY', 'productOrderItem'],
    ['two items', { productOrderItem: [minimalOrder().productOrderItem[0], minimalOrder().productOrderItem[0]] }, 'ERR_ONE_ITEM_ONLY', 'productOrderItem'],
    ['two items with bad actions', { productOrderItem: [{ action: 'add' }, { action: 'modify' }] }, 'ERR_ONE_ITEM_ONLY', 'productOrderItem'],
    ['action add', item({ action: 'add' }), 'ERR_UNSUPPORTED_ACTION', 'productOrderItem[0].action'],
    ['action modify', item({ action: 'modify' }), 'ERR_UNSUPPORTED_ACTION', 'productOrderItem[0].action'],
    ['action noChange', item({ action: 'noChange' }), 'ERR_UNSUPPORTED_ACTION', 'productOrderItem[0].action'],
    ['action Delete (case matters)', item({ action: 'Delete' }), 'ERR_UNSUPPORTED_ACTION', 'productOrderItem[0].action'],
    ['no action', { productOrderItem: [{ product: { id: msisdn } }] }, 'ERR_UNSUPPORTED_ACTION', 'productOrderItem[0].action'],
    ['no product', { productOrderItem: [{ action: 'delete' }] }, 'ERR_INVALID_PRODUCT_ID', 'productOrderItem[0].product'],
    ['product without id', item({ product: { name: 'Mobile line' } }), 'ERR_INVALID_PRODUCT_ID', 'productOrderItem[0].product.id'],
    ['an id with letters', item({ product: { id: '86138OO138000' } }), 'ERR_INVALID_PRODUCT_ID', 'productOrderItem[0].product.id'],
    ['an id that is too short', item({ product: { id: '8613800' } }), 'ERR_INVALID_PRODUCT_ID', 'productOrderItem[0].product.id'],
    ['an id that is too long', item({ product: { id: '8613800138000123' } }), 'ERR_INVALID_PRODUCT_ID', 'productOrderItem[0].product.id'],
    ['an id with spaces', item({ product: { id: '86 138 0013 8000' } }), 'ERR_INVALID_PRODUCT_ID', 'productOrderItem[0].product.id'],
    ['an id with two +', item({ product: { id: `++${msisdn}` } }), 'ERR_INVALID_PRODUCT_ID', 'productOrderItem[0].product.id'],
    ['a numeric id', item({ product: { id: 8613800138000 } }), 'ERR_INVALID_PRODUCT_ID', 'productOrderItem[0].product.id'],
    ['a fixed-line number', item({ product: { id: '861012345678' } }), 'ERR_INVALID_PRODUCT_ID', 'productOrderItem[0].product.id'],
    ['a national number without country code', item({ product: { id: '13800138000' } }), 'ERR_INVALID_PRODUCT_ID', 'productOrderItem[0].product.id'],
    ['@type ServiceOrder', { ...minimalOrder(), '@type': 'ServiceOrder' }, 'ERR_INVALID_BODY', '@type'],
    ['@type null', { ...minimalOrder(), '@type': null }, 'ERR_INVALID_BODY', '@type'],
    ['a note of 501 characters', { ...minimalOrder(), note: [{ text: 'a'.repeat(501) }] }, 'ERR_INVALID_BODY', 'note[0].text'],
    ['a note with a NUL', { ...minimalOrder(), note: [{ text: 'bye\u0000' }] }, 'ERR_INVALID_BODY', 'note[0].text'],
    ['a note text that is a number', { ...minimalOrder(), note: [{ text: 5 }] }, 'ERR_INVALID_BODY', 'note[0].text'],
    ['note as an object', { ...minimalOrder(), note: { text: 'bye' } }, 'ERR_INVALID_BODY', 'note'],
    ['a note that is a string', { ...minimalOrder(), note: ['bye'] }, 'ERR_INVALID_BODY', 'note[0]'],
    ['an externalId entry without id', { ...minimalOrder(), externalId: [{ owner: 'BSS' }] }, 'ERR_INVALID_BODY', 'externalId[0].id'],
    ['an externalId of 201 characters', { ...minimalOrder(), externalId: 'a'.repeat(201) }, 'ERR_INVALID_BODY', 'externalId'],
    ['an externalId that is a number', { ...minimalOrder(), externalId: 7 }, 'ERR_INVALID_BODY', 'externalId'],
    ['a date without offset', { ...minimalOrder(), requestedCompletionDate: '2025-07-01T00:00:00' }, 'ERR_INVALID_BODY', 'requestedCompletionDate'],
    ['an impossible date', { ...minimalOrder(), requestedCompletionDate: '2025-02-30T00:00:00Z' }, 'ERR_INVALID_BODY', 'requestedCompletionDate'],
    ['a date only', { ...minimalOrder(), requestedCompletionDate: '2025-07-01' }, 'ERR_INVALID_BODY', 'requestedCompletionDate'],
  ];
  it.each(cases)('%s', (_name, body, code, field) => {
    const r = parseProductOrder(body);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ '@type': 'Error', status: '400', code });
    expect(r.error.reason.startsWith(`${field} `)).toBe(true);
    expect(typeof r.error.message).toBe('string');
  });

  it('never echoes the input in the error', () => {
    const r = parseProductOrder(item({ product: { id: '<script>alert(1)</script>' } }));
    expect(JSON.stringify(r)).not.toContain('script');
  });
});

describe('hostile input never throws', () => {
  const huge = '9'.repeat(5_000_000);
  const expectRejected = (body: unknown) => {
    let r: ReturnType<typeof parseProductOrder> | undefined;
    expect(() => (r = parseProductOrder(body))).not.toThrow();
    expect(r?.ok).toBe(false);
    if (r && !r.ok) {
      expect(r.error.status).toBe('400');
      expect(r.error.reason.length).toBeLessThan(300);
    }
  };

  it.each([
    ['a huge product id', { productOrderItem: [{ action: 'delete', product: { id: huge } }] }],
    ['a huge action', { productOrderItem: [{ action: huge, product: { id: msisdn } }] }],
    ['a huge note', { ...minimalOrder(), note: [{ text: huge }] }],
    ['a huge externalId', { ...minimalOrder(), externalId: huge }],
    ['a huge @type', { ...minimalOrder(), '@type': huge }],
    ['a huge date', { ...minimalOrder(), requestedCompletionDate: huge }],
    ['a huge item list', { productOrderItem: Array.from({ length: 100_000 }, () => minimalOrder().productOrderItem[0]) }],
  ])('%s', (_name, body) => expectRejected(body));

  it.each([
    ['body', [[]]],
    ['item', { productOrderItem: [[]] }],
    ['item as null', { productOrderItem: [null] }],
    ['product', { productOrderItem: [{ action: 'delete', product: [msisdn] }] }],
    ['product as null', { productOrderItem: [{ action: 'delete', product: null }] }],
    ['product id as array', { productOrderItem: [{ action: 'delete', product: { id: [msisdn] } }] }],
    ['product id as object', { productOrderItem: [{ action: 'delete', product: { id: { toString: (): string => msisdn } } }] }],
    ['note entry', { ...minimalOrder(), note: [[{ text: 'x' }]] }],
    ['note entry null', { ...minimalOrder(), note: [null] }],
    ['externalId entry', { ...minimalOrder(), externalId: [['PO-1']] }],
    ['externalId entry null', { ...minimalOrder(), externalId: [null] }],
    ['productOrderItem null', { productOrderItem: null }],
    ['an array-like productOrderItem', { productOrderItem: { 0: minimalOrder().productOrderItem[0], length: 1 } }],
  ])('arrays or null where objects are expected: %s', (_name, body) => expectRejected(body));

  it('prototype-pollution keys neither pollute nor smuggle fields in', () => {
    const bodies = [
      '{"__proto__": {"productOrderItem": [{"action": "delete", "product": {"id": "8613800138000"}}], "polluted": true}}',
      '{"productOrderItem": [{"__proto__": {"action": "delete"}, "product": {"id": "8613800138000"}, "polluted": true}]}',
      '{"productOrderItem": [{"action": "delete", "product": {"__proto__": {"id": "8613800138000"}}}]}',
      '{"constructor": {"prototype": {"polluted": true}}, "productOrderItem": []}',
    ];
    for (const json of bodies) expectRejected(JSON.parse(json));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).productOrderItem).toBeUndefined();
  });

  it('prototype-pollution keys among the fields it passes through are harmless', () => {
    const json = `{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "productOrderItem": [{"action": "delete", "product": {"id": "${msisdn}", "__proto__": {"polluted": true}}}]}`;
    expect(parseProductOrder(JSON.parse(json))).toEqual({ ok: true, order: { msisdnDigits: msisdn, reason: null, externalId: null, requestedCompletionDate: null } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a throwing getter or a proxy', () => {
    const trap = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    expectRejected(trap);
    const getter = { get productOrderItem(): unknown { throw new Error('boom'); } };
    expectRejected(getter);
  });

  it('deep junk in fields it passes through', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(parseProductOrder({ ...minimalOrder(), relatedParty: deep }).ok).toBe(true);
  });

  it('random values anywhere in an order (seeded)', () => {
    const seed = 20250701;
    const rnd = mulberry32(seed);
    const junk = (): unknown =>
      pick(rnd, [null, undefined, 0, -1, 1e308, NaN, true, '', 'delete', msisdn, `+${msisdn}`, 'ProductOrder', [], [null], {}, { id: msisdn }, '__proto__', 'x'.repeat(600)]);
    // Where a value can be swapped in; a path whose parent an earlier swap replaced is skipped.
    const slots: (string | number)[][] = [
      ['@type'],
      ['productOrderItem'],
      ['productOrderItem', 0],
      ['productOrderItem', 0, 'action'],
      ['productOrderItem', 0, 'product'],
      ['productOrderItem', 0, 'product', 'id'],
      ['note'],
      ['note', 0],
      ['note', 0, 'text'],
      ['externalId'],
      ['externalId', 0],
      ['requestedCompletionDate'],
    ];
    const setAt = (root: unknown, path: (string | number)[], v: unknown) => {
      let at = root;
      for (const key of path.slice(0, -1)) at = at && typeof at === 'object' ? (at as Record<string | number, unknown>)[key] : undefined;
      if (at && typeof at === 'object') (at as Record<string | number, unknown>)[path[path.length - 1]!] = v;
    };
    for (let n = 0; n < 1000; n++) {
      const order = fullOrder();
      for (let k = int(rnd, 1, 3); k > 0; k--) setAt(order, pick(rnd, slots), junk());
      let r: ReturnType<typeof parseProductOrder> | undefined;
      expect(() => (r = parseProductOrder(order)), `seed ${seed}, round ${n}`).not.toThrow();
      if (r && !r.ok) expect(r.error).toMatchObject({ '@type': 'Error', status: '400' });
      if (r?.ok) expect(r.order.msisdnDigits).toBe(msisdn);
    }
  });
});

describe('productOrderCreate', () => {
  it('is the schema parseProductOrder applies, and passes unknown fields through', () => {
    const r = productOrderCreate.safeParse(fullOrder());
    expect(r.success).toBe(true);
    if (r.success) expect(r.data).toMatchObject({ category: 'B2C product order', productOrderItem: [{ quantity: 1, '@type': 'ProductOrderItem' }] });
  });
});

describe('tmfError', () => {
  it('has the TMF630 v5 shape with status as a string', () => {
    expect(tmfError(404, 'ERR_NOT_FOUND', 'productOrder 42 does not exist', 'Check the id.')).toEqual({
      '@type': 'Error',
      code: 'ERR_NOT_FOUND',
      reason: 'productOrder 42 does not exist',
      message: 'Check the id.',
      status: '404',
    });
    const bare: TmfError = tmfError(400, 'ERR_INVALID_BODY', 'body must be a JSON object');
    expect(bare).toEqual({ '@type': 'Error', code: 'ERR_INVALID_BODY', reason: 'body must be a JSON object', status: '400' });
    expect('message' in bare).toBe(false);
  });
});

describe('body builders', () => {
  const createdAt = new Date('2025-06-30T08:00:00.123Z');
  const orderArgs = {
    id: 'c0ffee00-0000-4000-8000-000000000001',
    msisdnDigits: msisdn,
    reference: 'LC-2025-0000042-7',
    createdAt,
    base,
  };

  it('productOrderBody for an open case with the BSS external id', () => {
    expect(productOrderBody({ ...orderArgs, caseState: 'in_review', completedAt: null, externalId: 'PO-2025-0042' })).toEqual({
      '@type': 'ProductOrder',
      id: orderArgs.id,
      href: `${base}/productOrderingManagement/v5/productOrder/${orderArgs.id}`,
      state: 'inProgress',
      creationDate: '2025-06-30T08:00:00.123Z',
      externalId: [{ '@type': 'ExternalIdentifier', id: 'PO-2025-0042' }],
      productOrderItem: [
        {
          '@type': 'ProductOrderItem',
          id: '1',
          action: 'delete',
          state: 'inProgress',
          product: { '@type': 'ProductRef', id: msisdn, href: `${base}/productInventoryManagement/v5/product/${msisdn}` },
        },
      ],
      note: [{ '@type': 'Note', id: 'lastcallCaseReference', author: 'lastcall', text: 'LC-2025-0000042-7' }],
    });
  });

  it('productOrderBody for a completed case without external id, base with a trailing slash', () => {
    const body = productOrderBody({ ...orderArgs, base: `${base}/`, caseState: 'completed', completedAt: new Date('2025-07-03T02:00:00Z'), externalId: null });
    expect(body).toEqual({
      '@type': 'ProductOrder',
      id: orderArgs.id,
      href: `${base}/productOrderingManagement/v5/productOrder/${orderArgs.id}`,
      state: 'completed',
      creationDate: '2025-06-30T08:00:00.123Z',
      completionDate: '2025-07-03T02:00:00.000Z',
      productOrderItem: [
        {
          '@type': 'ProductOrderItem',
          id: '1',
          action: 'delete',
          state: 'completed',
          product: { '@type': 'ProductRef', id: msisdn, href: `${base}/productInventoryManagement/v5/product/${msisdn}` },
        },
      ],
      note: [{ '@type': 'Note', id: 'lastcallCaseReference', author: 'lastcall', text: 'LC-2025-0000042-7' }],
    });
    expect('externalId' in body).toBe(false);
  });

  it('productBody for an active line, and for a terminated one', () => {
    const characteristic = [{ '@type': 'StringCharacteristic', name: 'MSISDN', valueType: 'string', value: `+${msisdn}` }];
    expect(productBody({ msisdnDigits: msisdn, lineStatus: 'active', hasOpenCase: false, terminatedOn: null, base })).toEqual({
      '@type': 'Product',
      id: msisdn,
      href: `${base}/productInventoryManagement/v5/product/${msisdn}`,
      name: 'Mobile line',
      status: 'active',
      isBundle: false,
      productCharacteristic: characteristic,
    });
    expect(productBody({ msisdnDigits: msisdn, lineStatus: 'terminated', hasOpenCase: false, terminatedOn: '2025-07-03', base })).toEqual({
      '@type': 'Product',
      id: msisdn,
      href: `${base}/productInventoryManagement/v5/product/${msisdn}`,
      name: 'Mobile line',
      status: 'terminated',
      isBundle: false,
      productCharacteristic: characteristic,
      terminationDate: '2025-07-03T00:00:00.000Z',
    });
  });

  it('productBody takes an ISO instant for terminatedOn too, and refuses anything else', () => {
    const at = productBody({ msisdnDigits: msisdn, lineStatus: 'released', hasOpenCase: false, terminatedOn: '2025-07-03T09:15:00+08:00', base });
    expect(at.terminationDate).toBe('2025-07-03T01:15:00.000Z');
    expect(() => productBody({ msisdnDigits: msisdn, lineStatus: 'terminated', hasOpenCase: false, terminatedOn: '2025-02-30', base })).toThrow(RangeError);
  });

  it('the hub events wrap the bodies', () => {
    const order = productOrderBody({ ...orderArgs, caseState: 'submitted', completedAt: null, externalId: null });
    const eventTime = new Date('2025-06-30T08:00:01Z');
    expect(productOrderStateChangeEvent({ eventId: 'ev-1', eventTime, order })).toEqual({
      '@type': 'ProductOrderStateChangeEvent',
      eventId: 'ev-1',
      eventTime: '2025-06-30T08:00:01.000Z',
      eventType: 'ProductOrderStateChangeEvent',
      event: { productOrder: order },
    });
    const product = productBody({ msisdnDigits: msisdn, lineStatus: 'active', hasOpenCase: true, terminatedOn: null, base });
    expect(product.status).toBe('pendingTerminate');
    expect(productStateChangeEvent({ eventId: 'ev-2', eventTime, product })).toEqual({
      '@type': 'ProductStateChangeEvent',
      eventId: 'ev-2',
      eventTime: '2025-06-30T08:00:01.000Z',
      eventType: 'ProductStateChangeEvent',
      event: { product },
    });
  });

  it('never carry person data', () => {
    const personKeys = /^(relatedParty|party|partyOrPartyRole|individual|givenName|familyName|legalName|formattedName|fullName|birthDate|contactMedium|email|address|idNumber|identification|individualIdentification)$/i;
    const keys = (v: unknown, out: string[] = []): string[] => {
      if (Array.isArray(v)) v.forEach((x) => keys(x, out));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(k), keys(x, out);
      return out;
    };
    const bodies = [
      ...caseStates.map((caseState) =>
        productOrderStateChangeEvent({
          eventId: 'e',
          eventTime: createdAt,
          order: productOrderBody({ ...orderArgs, caseState, completedAt: createdAt, externalId: 'PO-1' }),
        }),
      ),
      ...lineStatuses.map((lineStatus) =>
        productStateChangeEvent({ eventId: 'e', eventTime: createdAt, product: productBody({ msisdnDigits: msisdn, lineStatus, hasOpenCase: true, terminatedOn: '2025-07-03', base }) }),
      ),
    ];
    for (const body of bodies) {
      expect(keys(body).filter((k) => personKeys.test(k))).toEqual([]);
      // The only 'name' fields are the product's and the characteristic's, both fixed.
      const json = JSON.stringify(body);
      expect([...json.matchAll(/"name":"([^"]*)"/g)].map((m) => m[1]).every((n) => n === 'Mobile line' || n === 'MSISDN')).toBe(true);
    }
  });
});

describe('properties (seeded)', () => {
  it('an order and its one item always share a state lastcall reports, final iff the case is final', () => {
    const rnd = mulberry32(7);
    for (let n = 0; n < 500; n++) {
      const caseState = pick(rnd, caseStates);
      const order = productOrderBody({
        id: String(n),
        msisdnDigits: msisdn,
        caseState,
        reference: 'LC-2025-0000001-3',
        createdAt: new Date(Date.UTC(2025, 0, 1) + int(rnd, 0, 1e10)),
        completedAt: null,
        externalId: null,
        base,
      });
      expect(tmfOrderStates).toContain(order.state);
      expect(order.productOrderItem[0].state).toBe(order.state);
      const tmfFinal = ['completed', 'rejected', 'cancelled'].includes(order.state);
      expect(tmfFinal).toBe(!openStates.includes(caseState));
    }
  });

  it('a line reads terminated iff it is off the network, and an open case never reads active or suspended', () => {
    const rnd = mulberry32(11);
    for (let n = 0; n < 500; n++) {
      const status = pick(rnd, lineStatuses);
      const open = rnd() < 0.5;
      const tmf = tmfProductStatus(status, open);
      expect(tmfProductStatuses).toContain(tmf);
      expect(tmf === 'terminated').toBe((linesOffNetwork as readonly string[]).includes(status));
      if (open) expect(['active', 'suspended']).not.toContain(tmf);
    }
  });
});
