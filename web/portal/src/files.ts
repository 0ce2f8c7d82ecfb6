/** What the portal accepts as an upload: the same rules the server applies. */
export const acceptedTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const acceptAttribute = acceptedTypes.join(',');
export const maxFileBytes = 10 * 1024 * 1024;

export type FileProblem = 'type' | 'size' | 'empty';

function typeOf(file: File): string {
  if (file.type) return file.type;
  const ext = file.name.toLowerCase().split('.').pop();
  return ext === 'pdf' ? 'application/pdf' : ext === 'png' ? 'image/png' : ext === 'jpg' || ext === 'jpeg' ? 'image/jpeg' : '';
}

export function fileProblem(file: File): FileProblem | null {
  if (!(acceptedTypes as readonly string[]).includes(typeOf(file))) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > maxFileBytes) return 'size';
  return null;
}

/** Saves a blob under a file name through a temporary link (the API needs the bearer header, so no plain href). */
export function saveBlob(blob: Blob, fileName: string): string {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  return url;
}
