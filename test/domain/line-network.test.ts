import { describe, expect, it } from 'vitest';
import { networkDifferences, repairBarring, type LineOnRecord, type NetworkHolding } from '../../src/domain/line-network.js';

const line = (over: Partial<LineOnRecord> = {}): LineOnRecord => ({ id: 1, msisdn: '+8613800138000', imsi: '460001000000001', iccid: '8986001000000000019', status: 'active', everSuspended: false, ...over });
const held = (over: Partial<NetworkHolding> = {}): NetworkHolding => ({ imsi: '460001000000001', msisdn: '+8613800138000', csEnabled: true, psEnabled: true, ...over });
const kinds = (l: LineOnRecord, h: NetworkHolding | null) => networkDifferences(l, h).map((d) => d.kind);

describe('what the network must hold for a line', () => {
  it.each([
    ['an active line held open', line(), held(), []],
    ['an active line not held', line(), null, ['missing']],
    ['an active line held barred', line(), held({ csEnabled: false, psEnabled: false }), ['barring_differs']],
    ['an active line with data off only', line(), held({ psEnabled: false }), ['barring_differs']],
    ['a suspended line held barred', line({ status: 'suspended' }), held({ csEnabled: false, psEnabled: false }), []],
    ['a suspended line held open, under another number', line({ status: 'suspended' }), held({ msisdn: '+8613000000099' }), ['msisdn_differs', 'barring_differs']],
    ['a pending termination keeps whatever barring it has', line({ status: 'pending_termination' }), held({ csEnabled: false }), []],
    ['a pending termination without its number', line({ status: 'pending_termination' }), held({ msisdn: null }), ['msisdn_differs']],
    ['a terminated line still held', line({ status: 'terminated' }), held(), ['should_be_absent']],
    ['a released line gone', line({ status: 'released' }), null, []],
  ] as const)('%s', (_what, l, h, expected) => {
    expect(kinds(l, h)).toEqual(expected);
  });

  it('names the line, its MSISDN and what the network held in every difference', () => {
    const h = held({ msisdn: null });
    expect(networkDifferences(line({ id: 7 }), h)).toEqual([{ kind: 'msisdn_differs', msisdn: '+8613800138000', imsi: '460001000000001', lineId: 7, status: 'active', held: h }]);
  });

  it('repairs a pending termination with the barring it has, or barred when it was ever suspended and is lost', () => {
    expect(repairBarring(line({ status: 'active' }), held({ csEnabled: false }))).toBe(false);
    expect(repairBarring(line({ status: 'suspended' }), null)).toBe(true);
    expect(repairBarring(line({ status: 'pending_termination' }), held())).toBe(false);
    expect(repairBarring(line({ status: 'pending_termination' }), held({ psEnabled: false }))).toBe(true);
    expect(repairBarring(line({ status: 'pending_termination', everSuspended: true }), null)).toBe(true);
    expect(repairBarring(line({ status: 'pending_termination' }), null)).toBe(false);
  });
});
