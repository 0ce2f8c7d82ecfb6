import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/process.js';

describe('the demo data', () => {
  it('is an exact copy of the team\'s shared demo-subscribers.csv (when the shared folder is beside the project)', () => {
    const ours = fs.readFileSync(path.join(projectRoot, 'data/demo-subscribers.csv'));
    const shared = path.join(projectRoot, '../shared/demo-subscribers.csv');
    // Examples and tests name its lines, so a change there must be copied here, byte for byte.
    if (fs.existsSync(shared)) expect(ours.equals(fs.readFileSync(shared))).toBe(true);
    expect(ours.toString('utf8').split('\n')[0]).toBe(
      'name,id_type,id_number,email,language,region,msisdn,iccid,imsi,sim_type,plan,balance_minor,currency,contract_end,status,terminated_on,bindings',
    );
  });
});
