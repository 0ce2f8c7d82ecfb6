/** JSON with object keys sorted recursively, no whitespace; undefined members dropped. */
export function canonicalJson(value: unknown): string {
  const text = write(value);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return text;
}

// Written by hand rather than by re-building objects with sorted keys: JavaScript always puts
// integer-like keys ('2', '10') first in numeric order, whatever order they were added in.
function write(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (Array.isArray(value)) return `[${value.map((v) => write(v) ?? 'null').join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const member = write((value as Record<string, unknown>)[key]);
      if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
    }
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) as string | undefined;
}

/**
 * canonicalJson for many values of one shape, made once and filled per value: canonical key order
 * depends on the keys alone, so `shape` is written once with a stand-in at each slot and each
 * row's text is the pieces between them with the row's values put in. `shape(slot)` builds the
 * value with `slot(i)` wherever the i-th value goes. Falls back to writing every value in full
 * when a stand-in does not appear exactly once (a constant happening to contain one).
 */
export function canonicalJsonTemplate<V extends readonly (string | number)[]>(shape: (slot: (i: number) => string) => unknown, slots: number): (...values: V) => string {
  const stand = (i: number) => `\u0000slot${i}\u0000`;
  const text = canonicalJson(shape(stand));
  const at = Array.from({ length: slots }, (_, i) => {
    const json = JSON.stringify(stand(i));
    const first = text.indexOf(json);
    return first >= 0 && text.indexOf(json, first + 1) < 0 ? { i, first, length: json.length } : null;
  });
  if (at.some((x) => x === null)) {
    return (...values) => canonicalJson(shape((i) => values[i] as string));
  }
  const order = (at as { i: number; first: number; length: number }[]).sort((a, b) => a.first - b.first);
  const pieces: string[] = [];
  let from = 0;
  for (const o of order) {
    pieces.push(text.slice(from, o.first));
    from = o.first + o.length;
  }
  pieces.push(text.slice(from));
  const slotOrder = order.map((o) => o.i);
  return (...values) => {
    let out = pieces[0]!;
    for (let k = 0; k < slotOrder.length; k++) out += JSON.stringify(values[slotOrder[k]!]) + pieces[k + 1]!;
    return out;
  };
}
