import { residentIdCheckChar } from './validation.js';

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

/**
 * N made-up but valid subscribers (resident IDs with the right check digit, Luhn ICCIDs,
 * mobile numbers in a block the demo data does not use), as CSV for the normal import.
 */
export function syntheticSubscribersCsv(n: number, first = 1): string {
  const rows = ['name,id_type,id_number,email,language,region,msisdn,iccid,imsi,sim_type,plan,balance_minor,currency,contract_end,status,terminated_on,bindings'];
  for (let i = first; i < first + n; i++) {
    const serial = String(i).padStart(7, '0');
    // Birth date and sequence number together make the ID unique for every i.
    const birth = new Date(Date.UTC(1950, 0, 1 + Math.floor(i / 1000))).toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `110101${birth}${String(i % 1000).padStart(3, '0')}`;
    const id = first17 + residentIdCheckChar(first17);
    const msisdn = `+86137${serial}0`.slice(0, 14);
    const iccid = luhnComplete(`8986099${serial}00000`.slice(0, 18));
    rows.push(`测试用户${i},cn_resident_id,${id},user${i}@example.com,zh-CN,CN,${msisdn},${iccid},4600990${serial},physical,prepaid,${i % 5000},CNY,,active,,wechat:bound`);
  }
  return rows.join('\n') + '\n';
}
