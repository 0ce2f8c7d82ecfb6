import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { UploadedFile } from '../app/evidence/documents.js';
import { invalid, tooLarge, unsupportedMedia } from '../domain/errors.js';
import { maxDocumentBytes, maxFilesPerUpload } from '../domain/documents.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Files of a multipart request, read by `readMultipartBody` before validation. */
    uploads: (UploadedFile & { field: string })[];
  }
}

const maxFieldBytes = 8 * 1024;

export async function registerMultipart(app: FastifyInstance) {
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: maxDocumentBytes, files: maxFilesPerUpload, fields: 40, parts: 50, fieldSize: maxFieldBytes, headerPairs: 100 },
  });
  app.decorateRequest('uploads', null as unknown as (UploadedFile & { field: string })[]);
  // Only routes that say they consume multipart take it; the others answer as before the plugin came.
  app.addHook('preValidation', async (req) => {
    const consumes = (req.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes ?? [];
    if (req.isMultipart() && !consumes.includes('multipart/form-data')) {
      throw unsupportedMedia('unsupported_media_type', 'This route takes application/json, not multipart/form-data.');
    }
  });
}

/** The plugin's limit errors, in our words and with our error codes. */
function limitError(err: unknown): Error {
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge('document_too_large', 'A document may be at most 10 MB.', { maxBytes: maxDocumentBytes });
  if (code === 'FST_FILES_LIMIT') return tooLarge('too_many_files', `At most ${maxFilesPerUpload} files per upload.`, { max: maxFilesPerUpload });
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return tooLarge('too_many_parts', 'The form has too many fields.');
  if (code === 'FST_PROTO_VIOLATION') return invalid('invalid_multipart', 'A field name is not allowed.');
  if (err instanceof Error && /multipart|boundary|Unexpected end/i.test(err.message)) return invalid('invalid_multipart', 'The multipart body is malformed.');
  return err as Error;
}

/**
 * Reads a multipart/form-data request whole: text fields become the body (a field sent more
 * than once becomes an array), files go to `req.uploads`. Runs as a preValidation hook so the
 * route's Zod schema checks the fields exactly as it checks a JSON body.
 */
export function multipartBody(fileFields: readonly string[], arrayFields: readonly string[] = []) {
  return async (req: FastifyRequest) => {
    req.uploads = [];
    if (!req.isMultipart()) return;
    const fields: Record<string, string | string[]> = {};
    try {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (!fileFields.includes(part.fieldname)) {
            await part.toBuffer();
            throw invalid('unexpected_file', `No file is expected in the field "${part.fieldname}".`, { fileFields });
          }
          req.uploads.push({ field: part.fieldname, fileName: part.filename, bytes: await part.toBuffer() });
          continue;
        }
        if (part.valueTruncated || part.fieldnameTruncated) throw tooLarge('field_too_large', `The field "${part.fieldname}" is too long.`);
        const value = String(part.value);
        const seen = fields[part.fieldname];
        if (seen === undefined) fields[part.fieldname] = arrayFields.includes(part.fieldname) ? splitList(value) : value;
        else fields[part.fieldname] = [...(Array.isArray(seen) ? seen : [seen]), ...splitList(value)];
      }
    } catch (err) {
      throw limitError(err);
    }
    req.body = fields;
  };
}

/** A list field may come once per value, comma-separated, or as a JSON array. */
function splitList(value: string): string[] {
  const v = value.trim();
  if (v.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      /* not JSON: take it as text below */
    }
  }
  return v === '' ? [] : v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
