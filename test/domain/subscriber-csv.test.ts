import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseSubscriberCsv, subscriberCsvColumns } from '../../src/domain/subscriber-csv.js';

const header = subscriberCsvColumns.join(',');
const good: Record<(typeof subscriberCsvColumns)[number], string> = {
  name: 'Oliver Smith',
  id_type: 'passport',
  id_number: 'P1234567',
  email: 'oliver@example.co.uk',
  language: 'en',
  region: 'GB',
  msisdn: '+447400111222',
  iccid: '8944260000000000105',
  imsi: '234260000000010',
  sim_type: 'physical',
  plan: 'prepaid',
  balance_minor: '1000',
  currency: 'GBP',
  contract_end: '',
  status: 'active',
  terminated_on: '',
  bindings: 'wechat:bound;bank:unbound',
};
type Row = Partial<typeof good>;
const csvLine = (r: Row) => subscriberCsvColumns.map((c) => ({ ...good, ...r })[c]).join(',');
const file = (...rows: Row[]) => [header, ...rows.map(csvLine)].join('\n') + '\n';

describe('parseCsv', () => {
  it.each([
    ['plain LF', 'a,b\n1,2\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['CRLF', 'a,b\r\n1,2\r\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['no final newline', 'a,b\n1,2', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['BOM dropped', '\uFEFFa,b\n1,2\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['quoted comma and quotes', 'a,b\n"x, y","say ""hi"""\n', [[1, ['a', 'b']], [2, ['x, y', 'say "hi"']]]],
    ['newline in quotes keeps line numbers', 'a,b\n"1\n2",3\n4,5\n', [[1, ['a', 'b']], [2, ['1\n2', '3']], [4, ['4', '5']]]],
    ['empty fields', ',\n"",x\n', [[1, ['', '']], [2, ['', 'x']]]],
    ['blank trailing lines', 'a\n1\n\n\r\n', [[1, ['a']], [2, ['1']]]],
    ['lone CR is data', 'a\rb,c\n', [[1, ['a\rb', 'c']]]],
  ])('%s', (_name, text, expected) => {
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.line, r.fields])).toEqual(expected);
  });

  it.each([
    ['bare quote', 'a,b\nx"y,1\n2,3\n', 2],
    ['text after closing quote', 'a,b\n"x"y,1\n2,3\n', 2],
  ])('reports %s and keeps going', (_name, text, line) => {
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([{ line, reason: expect.stringMatching(/double quote/) }]);
    expect(records.map((r) => r.line)).toEqual([1, 3]);
  });

  it('reports an unclosed quote at the line it opens', () => {
    expect(parseCsv('a\n1\n"open\nmore\n').problems).toEqual([{ line: 3, reason: expect.stringMatching(/not closed/) }]);
  });
});

describe('parseSubscriberCsv', () => {
  it('parses the demo file with 9 rows and no problems', () => {
    const text = fs.readFileSync(new URL('../../data/demo-subscribers.csv', import.meta.url), 'utf8');
    const { rows, problems } = parseSubscriberCsv(text);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(9);
    expect(rows[0]).toMatchObject({
      line: 2,
      name: '张伟',
      idType: 'cn_resident_id',
      msisdn: '+8613800138000',
      balanceMinor: 3650,
      contractEnd: null,
      bindings: [{ kind: 'wechat', state: 'bound' }, { kind: 'alipay', state: 'bound' }, { kind: 'bank', state: 'bound' }],
    });
    expect(rows.find((r) => r.status === 'terminated')).toMatchObject({ terminatedOn: '2026-10-01', bindings: [] });
  });

  it('returns typed, normalised fields', () => {
    const { rows, problems } = parseSubscriberCsv(
      '\uFEFF' + file({ name: '" Ｏｌｉｖｅｒ, Smith "', balance_minor: '-12800', contract_end: '2027-02-28' }).replace(/\n/g, '\r\n'),
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2, name: 'Oliver, Smith', idType: 'passport', idNumber: 'P1234567', email: 'oliver@example.co.uk', address: null,
        language: 'en', region: 'GB', msisdn: '+447400111222', iccid: '8944260000000000105', imsi: '234260000000010',
        simType: 'physical', plan: 'prepaid', balanceMinor: -12800, currency: 'GBP', contractEnd: '2027-02-28',
        status: 'active', terminatedOn: null,
        bindings: [{ kind: 'wechat', state: 'bound' }, { kind: 'bank', state: 'unbound' }],
      },
    ]);
  });

  it('accepts a quoted name with a comma and quotes', () => {
    const text = `${header}\n${csvLine({ name: '"Smith, ""Ollie"""' })}\n`;
    expect(parseSubscriberCsv(text).rows[0]?.name).toBe('Smith, "Ollie"');
  });

  it('accepts columns in any order', () => {
    const cols = [...subscriberCsvColumns].reverse();
    const text = `${cols.join(',')}\n${cols.map((c) => good[c]).join(',')}\n`;
    expect(parseSubscriberCsv(text)).toMatchObject({ problems: [], rows: [{ msisdn: '+447400111222' }] });
  });

  it.each([
    ['missing column', header.replace(',bindings', ''), /^header: missing column bindings$/],
    ['unknown column', `${header},notes`, /^header: unknown column "notes"$/],
    ['duplicate column', `${header},email`, /^header: column "email" appears twice$/],
  ])('header: %s is a problem on line 1 and no rows', (_name, head, reason) => {
    const { rows, problems } = parseSubscriberCsv(`${head}\n${csvLine({})}\n`);
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ line: 1, reason: expect.stringMatching(reason) }]);
  });

  it('reports an empty file', () => {
    expect(parseSubscriberCsv('')).toEqual({ rows: [], problems: [{ line: 1, reason: expect.stringMatching(/header/) }] });
  });

  it.each<[string, Row, RegExp]>([
    ['empty name', { name: '  ' }, /^name: must be 1–200 characters$/],
    ['long name', { name: 'x'.repeat(201) }, /^name: /],
    ['id_type', { id_type: 'driving_licence' }, /^id_type: "driving_licence" is not one of/],
    ['resident ID check digit', { id_type: 'cn_resident_id', id_number: '110101199003071234' }, /^id_number: the check digit/],
    ['resident ID birth date', { id_type: 'cn_resident_id', id_number: '110101199002301234' }, /^id_number: the birth date/],
    ['passport lower case', { id_number: 'p1234567' }, /^id_number: a passport number/],
    ['email', { email: 'oliver@example' }, /^email: is not a plausible e-mail address$/],
    ['long email', { email: `${'a'.repeat(250)}@b.co` }, /^email: /],
    ['language', { language: 'fr' }, /^language: "fr" is not zh-CN or en$/],
    ['region', { region: 'gb' }, /^region: "gb" is not a two-letter/],
    ['msisdn short', { msisdn: '+86138' }, /^msisdn: "\+86138" is not a valid E\.164 mobile number$/],
    ['msisdn fixed line', { msisdn: '+442071234567' }, /^msisdn: /],
    ['msisdn not E.164', { msisdn: '07400111222' }, /^msisdn: /],
    ['iccid Luhn', { iccid: '8944260000000000106' }, /^iccid: "8944260000000000106" is not a valid ICCID/],
    ['imsi', { imsi: '23426x' }, /^imsi: "23426x" is not 6–15 digits$/],
    ['sim_type', { sim_type: 'nano' }, /^sim_type: "nano"/],
    ['plan', { plan: 'payg' }, /^plan: "payg"/],
    ['balance decimal', { balance_minor: '10.50' }, /^balance_minor: "10.50" is not a whole number/],
    ['balance too large', { balance_minor: '1000000000001' }, /^balance_minor: /],
    ['balance empty', { balance_minor: '' }, /^balance_minor: /],
    ['currency', { currency: 'gbp' }, /^currency: "gbp"/],
    ['contract_end impossible date', { contract_end: '2027-02-30' }, /^contract_end: "2027-02-30" is not a real YYYY-MM-DD date$/],
    ['status', { status: 'closed' }, /^status: "closed" is not one of/],
    ['terminated_on format', { status: 'terminated', terminated_on: '01/10/2026' }, /^terminated_on: "01\/10\/2026" is not a real/],
    ['terminated_on missing', { status: 'released' }, /^terminated_on: is required when status is released$/],
    ['terminated_on on a live line', { terminated_on: '2026-10-01' }, /^terminated_on: must be empty when status is active$/],
    ['bindings kind', { bindings: 'paypal:bound' }, /^bindings: "paypal:bound" is not kind:state/],
    ['bindings state', { bindings: 'wechat:linked' }, /^bindings: "wechat:linked"/],
    ['bindings shape', { bindings: 'wechat' }, /^bindings: "wechat"/],
    ['bindings twice', { bindings: 'bank:bound;bank:unbound' }, /^bindings: bank is listed twice$/],
  ])('%s', (_name, row, reason) => {
    const { rows, problems } = parseSubscriberCsv(file({ msisdn: '+447400333444', iccid: '8944260000000000113' }, row));
    expect(problems).toEqual([{ line: 3, reason: expect.stringMatching(reason) }]);
    expect(rows.map((r) => r.line)).toEqual([2]);
  });

  it('accepts the edge values', () => {
    const { problems } = parseSubscriberCsv(
      file({ balance_minor: '-1000000000000', bindings: 'other:unbound;', status: 'terminated', terminated_on: '2024-02-29' }),
    );
    expect(problems).toEqual([]);
  });

  it('reports a row with the wrong number of fields', () => {
    const { problems } = parseSubscriberCsv(`${header}\n${csvLine({})},extra\n`);
    expect(problems).toEqual([{ line: 2, reason: 'the row has 18 fields but the header has 17' }]);
  });

  it.each<[string, Row, RegExp]>([
    ['msisdn', { iccid: '8944260000000000113' }, /^msisdn: \+447400111222 already appears on line 2$/],
    ['iccid', { msisdn: '+447400333444' }, /^iccid: 8944260000000000105 already appears on line 2$/],
    ['name', { msisdn: '+447400333444', iccid: '8944260000000000113', name: 'Olly Smith' }, /^name: differs from line 2/],
    ['email', { msisdn: '+447400333444', iccid: '8944260000000000113', email: 'o@example.com' }, /^email: differs from line 2/],
    ['language', { msisdn: '+447400333444', iccid: '8944260000000000113', language: 'zh-CN' }, /^language: differs/],
    ['region', { msisdn: '+447400333444', iccid: '8944260000000000113', region: 'CN' }, /^region: differs/],
  ])('within the file, a conflicting %s is a problem on the later line', (_name, later, reason) => {
    const { rows, problems } = parseSubscriberCsv(file({}, later));
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(problems).toEqual([{ line: 3, reason: expect.stringMatching(reason) }]);
  });

  it('lets one person own several lines, comparing names after folding', () => {
    const { rows, problems } = parseSubscriberCsv(
      file({}, { msisdn: '+447400333444', iccid: '8944260000000000113', name: 'OLIVER  SMITH', email: 'Oliver@Example.co.uk' }),
    );
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(2);
  });

  it('ignores a bad row when checking later rows for duplicates', () => {
    const { rows, problems } = parseSubscriberCsv(file({ email: 'bad' }, {}));
    expect(problems).toEqual([{ line: 2, reason: expect.stringMatching(/^email:/) }]);
    expect(rows.map((r) => r.line)).toEqual([3]);
  });
});
