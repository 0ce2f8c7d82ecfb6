/**
 * A PostgreSQL array literal of these values, as the pg driver writes an array parameter (text
 * quoted, backslash and double quote escaped, null as NULL; numbers and booleans bare): for bulk
 * work that writes its parameters ahead, beside other work, instead of when the statement is
 * sent. A string parameter goes out as it is, and `$1::text[]` (or bigint[], date[], boolean[])
 * reads it.
 */
export function arrayLiteral(values: readonly (string | number | boolean | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v !== 'string') parts[i] = String(v);
    else if (!v.includes('"') && !v.includes('\\')) parts[i] = `"${v}"`;
    else parts[i] = `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  return `{${parts.join(',')}}`;
}

/** An array parameter, or its literal written ahead by arrayLiteral. */
export type ArrayParam<T> = readonly T[] | string;
