import { describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { arrayLiteral, arrayLiteralBytes, jsonArrayBytes } from '../../src/store/array-literal.js';

describe('array parameters written ahead', () => {
  const values = ['plain', 'with "quotes"', 'back\\slash', null, '号码注销通知', '', 'a,b', '{x}'];

  it('writes as bytes exactly the literal it writes as text, growing past its first guess', () => {
    expect(arrayLiteralBytes(values).toString('utf8')).toBe(arrayLiteral(values));
    const long = Array.from({ length: 500 }, (_, i) => `【号码注销通知】${i}`.repeat(3));
    expect(arrayLiteralBytes(long).toString('utf8')).toBe(arrayLiteral(long));
    expect(arrayLiteralBytes([1, 2, true, null]).toString('utf8')).toBe('{1,2,true,NULL}');
    expect(arrayLiteralBytes([]).toString('utf8')).toBe('{}');
  });

  it('joins JSON texts into one JSON array', () => {
    const texts = ['{"a":1}', '"中文"', 'null', '[1,2]'];
    expect(JSON.parse(jsonArrayBytes(texts).toString('utf8'))).toEqual([{ a: 1 }, '中文', null, [1, 2]]);
    expect(jsonArrayBytes([]).toString('utf8')).toBe('[]');
  });

  it('are read back by the database as the values they hold (as text, then cast)', async () => {
    const db = new PGlite();
    try {
      const { rows } = await db.query<{ t: (string | null)[]; j: unknown }>('SELECT $1::text::text[] AS t, $2::text::json AS j', [
        arrayLiteralBytes(values), jsonArrayBytes(['{"b":"号"}', '2']),
      ]);
      expect(rows[0]).toEqual({ t: values, j: [{ b: '号' }, 2] });
    } finally {
      await db.close();
    }
  });
});
