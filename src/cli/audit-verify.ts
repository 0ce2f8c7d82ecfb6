import { verifyAuditChain } from '../app/evidence/audit.js';
import type { Queryable } from '../store/db.js';

const rowsChecked = (n: number): string => `${n} ${n === 1 ? 'row' : 'rows'} checked`;

/** Checks the whole audit chain and prints one line; the exit code is 0 when intact, 1 when broken. */
export async function runAuditVerify(db: Queryable, print: (line: string) => void): Promise<number> {
  const result = await verifyAuditChain(db);
  if (result.ok) {
    print(`audit log intact: ${rowsChecked(result.checked)}`);
    return 0;
  }
  // verifyAuditChain names the row whenever it reports a break.
  const { seq, reason } = result.firstBroken!;
  print(`audit log broken at row ${seq}: ${reason} (${rowsChecked(result.checked)})`);
  return 1;
}
