import { residentIdCheckChar } from './validation.js';
import type { SubscriberImportRow } from './subscriber-csv.js';

function luhnComplete(body: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = body + d;
    let sum = 0;
    for (let i = candidate.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
      let n = Number(candidate[i]);
      if (dbl) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
      sum += n;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

/** The made-up subscriber number i: valid, unique for every i, in a block the demo data does not use. */
function synthetic(i: number) {
  const serial = String(i).padStart(7, '0');
  // Birth date and sequence number together make the ID unique for every i.
  const birth = new Date(Date.UTC(1950, 0, 1 + Math.floor(i / 1000))).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `110101${birth}${String(i % 1000).padStart(3, '0')}`;
  return {
    name: `测试用户${i}`,
    idNumber: first17 + residentIdCheckChar(first17),
    email: `user${i}@example.com`,
    msisdn: `+86137${serial}0`.slice(0, 14),
    iccid: luhnComplete(`8986099${serial}00000`.slice(0, 18)),
    imsi: `4600990${serial}`,
    balanceMinor: i % 5000,
  };
}

/**
 * N made-up but valid subscribers (resident IDs with the right check digit, Luhn ICCIDs,
 * mobile numbers in a block the demo data does not use), as CSV for the normal import.
 */
export function syntheticSubscribersCsv(n: number, first = 1): string {
  const rows = ['name,id_type,id_number,email,language,region,msisdn,iccid,imsi,sim_type,plan,balance_minor,currency,contract_end,status,terminated_on,bindings'];
  for (let i = first; i < first + n; i++) {
    const s = synthetic(i);
    rows.push(`${s.name},cn_resident_id,${s.idNumber},${s.email},zh-CN,CN,${s.msisdn},${s.iccid},${s.imsi},physical,prepaid,${s.balanceMinor},CNY,,active,,wechat:bound`);
  }
  return rows.join('\n') + '\n';
}

/**
 * The same subscribers as syntheticSubscribersCsv, as the rows its parsing gives (line i + 1):
 * `seed` loads a million of them without writing and reading back the CSV.
 */
export function syntheticSubscriberRows(n: number, first = 1): SubscriberImportRow[] {
  const rows: SubscriberImportRow[] = [];
  for (let i = first; i < first + n; i++) {
    rows.push({
      line: i - first + 2, ...synthetic(i), idType: 'cn_resident_id', address: null, language: 'zh-CN', region: 'CN', simType: 'physical',
      plan: 'prepaid', currency: 'CNY', contractEnd: null, status: 'active', terminatedOn: null, bindings: [{ kind: 'wechat', state: 'bound' }],
    });
  }
  return rows;
}
