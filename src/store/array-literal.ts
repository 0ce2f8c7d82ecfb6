/**
 * A PostgreSQL array literal of these values, as the pg driver writes an array parameter (text
 * quoted, backslash and double quote escaped, null as NULL; numbers and booleans bare).
 */
export function arrayLiteral(values: readonly (string | number | boolean | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = element(values[i] ?? null);
  return `{${parts.join(',')}}`;
}

function element(v: string | number | boolean | null): string {
  if (v === null) return 'NULL';
  if (typeof v !== 'string') return String(v);
  if (!v.includes('"') && !v.includes('\\')) return `"${v}"`;
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Bulk work's big parameters (thousands of values, megabytes of text), written as UTF-8 straight
 * into one buffer, value by value. Built as a string they were joined, then flattened and scanned
 * for their length by the driver, then encoded: three copies of every byte, most of the driver's
 * time in a bulk batch (a 3 MB parameter: about 30 ms as a string, 3 ms so). The driver sends a
 * Buffer as it is, in binary format, which for a parameter of type text is the UTF-8 text itself,
 * so a statement reads one as `$1::text::bigint[]` (or `$1::text::json`); PGlite reads it as text.
 */
class Utf8Writer {
  private buf: Buffer;
  private at = 0;

  constructor(expectedChars: number) {
    this.buf = Buffer.allocUnsafe(Math.max(64, expectedChars + 16));
  }

  text(s: string): void {
    // A UTF-16 unit never takes more than 3 bytes of UTF-8.
    if (this.at + s.length * 3 > this.buf.length) this.grow(s.length * 3);
    this.at += this.buf.write(s, this.at, 'utf8');
  }

  byte(b: number): void {
    if (this.at + 1 > this.buf.length) this.grow(1);
    this.buf[this.at++] = b;
  }

  done(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  private grow(atLeast: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + atLeast));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
}

const comma = 0x2c;
const quote = 0x22;

/** arrayLiteral's text as UTF-8 bytes (read as `$n::text::T[]`). */
export function arrayLiteralBytes(values: readonly (string | number | boolean | null)[]): Buffer {
  const w = new Utf8Writer(values.length * 16);
  w.byte(0x7b);
  for (let i = 0; i < values.length; i++) {
    if (i > 0) w.byte(comma);
    const v = values[i] ?? null;
    if (typeof v === 'string' && !v.includes('"') && !v.includes('\\')) {
      w.byte(quote);
      w.text(v);
      w.byte(quote);
    } else w.text(element(v));
  }
  w.byte(0x7d);
  return w.done();
}

/**
 * A JSON array of texts that are already JSON, as UTF-8 bytes, read as `$n::text::json`: its
 * elements cast to jsonb one by one cost what `$n::jsonb` did, where `$n::text::jsonb` took
 * two and a half times as long.
 */
export function jsonArrayBytes(texts: readonly string[]): Buffer {
  const w = new Utf8Writer(texts.reduce((n, t) => n + t.length + 1, 2));
  w.byte(0x5b);
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) w.byte(comma);
    w.text(texts[i]!);
  }
  w.byte(0x5d);
  return w.done();
}

/** An array parameter: the values, or their literal written ahead by arrayLiteralBytes. */
export type ArrayParam<T> = readonly T[] | Buffer;
