/**
 * What a customer may upload: a signed application form or a supporting document, as PDF,
 * JPEG or PNG up to 10 MB. The type is read from the bytes, never from the name or the
 * browser's Content-Type, which the sender controls.
 */
export const documentTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentType = (typeof documentTypes)[number];

export const maxDocumentBytes = 10 * 1024 * 1024;
/** Enough for a form and its pages or photos; stops one case from filling the disk. */
export const maxDocumentsPerCase = 20;
export const maxFilesPerUpload = 5;

const signatures: { type: DocumentType; magic: number[] }[] = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
];

/** The document's type by its first bytes, or null when it is none of the accepted ones. */
export function sniffDocumentType(bytes: Uint8Array): DocumentType | null {
  for (const { type, magic } of signatures) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return type;
  }
  return null;
}

/**
 * A file name safe to show and to put in a Content-Disposition: the last path segment, no
 * control or direction characters, at most 120 characters; a name left empty becomes "document".
 */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u00ad\ufeff]/g, '')
    .trim()
    .slice(0, 120);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'document' : cleaned;
}

export const extensionOf: Record<DocumentType, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };
