import fastJson from 'fast-json-stringify';
import { z } from 'zod';

/**
 * A route's answer written by fast-json-stringify, compiled once from the route's Zod response
 * schema (as JSON Schema), instead of checking the answer against the Zod schema and then
 * JSON.stringify-ing it: for the hot reads (the customer's progress, the review queue, the
 * dashboard). Like the Zod serializer, only the fields the schema names are written, in its
 * order; a required field missing still fails the request. The use cases' answers are typed by
 * the same schemas at compile time (test/integration/openapi.test.ts).
 */
export function fastSerializerCompiler({ schema }: { schema: unknown }): (data: unknown) => string {
  const json = z.toJSONSchema(schema as z.ZodType, { target: 'draft-7', io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return fastJson(json as never) as (data: unknown) => string;
}

/**
 * fastSerializerCompiler for a route whose use case hands back the same answer object while
 * nothing changed (the review queue's held page, the customer's held case view) or to the requests it
 * answers together (the dashboard): each such object is written out once, as UTF-8 bytes, so
 * neither its length nor its encoding is worked out again for every request that sends it.
 */
export function heldAnswerSerializerCompiler(route: { schema: unknown }): (data: unknown) => string {
  const write = fastSerializerCompiler(route);
  const written = new WeakMap<object, Buffer>();
  return (data) => {
    if (typeof data !== 'object' || data === null) return write(data);
    let bytes = written.get(data);
    if (bytes === undefined) written.set(data, (bytes = Buffer.from(write(data))));
    // Fastify sends a Buffer as it is; its serializer type says string only.
    return bytes as unknown as string;
  };
}
