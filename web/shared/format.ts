/** Money, days, times, sizes and phone numbers for reading, with the platform's Intl. */

/** The Intl locale of a UI language: English dates the British way ("25 November 2026", 24-hour times), not the US default of "en". */
export const formatLocale = (language: string) => (language === 'en' ? 'en-GB' : language);

export function money(amountMinor: number, currency: string, lang: string): string {
  const f = new Intl.NumberFormat(lang, { style: 'currency', currency });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(amountMinor / 10 ** digits);
}

/** A calendar day such as 2026-11-26, shown as that day wherever the browser is. */
export function day(isoDate: string, lang: string, style: 'medium' | 'long' = 'medium'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(lang, { dateStyle: style, timeZone: 'UTC' }).format(d);
}

/** A moment, in the browser's time zone unless one is given. */
export function dateTime(iso: string, lang: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(d);
}

export function fileSize(bytes: number, lang: string): string {
  const units = ['byte', 'kilobyte', 'megabyte'] as const;
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return new Intl.NumberFormat(lang, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: i === 0 ? 0 : 1 }).format(v);
}

/** A wait in seconds as words: "3 分钟" / "3 minutes". */
export function duration(seconds: number, lang: string): string {
  const s = Math.max(1, Math.ceil(seconds));
  const [value, unit] = s < 90 ? [s, 'second'] : s < 90 * 60 ? [Math.ceil(s / 60), 'minute'] : [Math.ceil(s / 3600), 'hour'];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** "+8613800138000" → "+86 138 0013 8000" for reading; other numbers are grouped by fours. */
export function phone(msisdn: string): string {
  const cn = /^\+86(1\d{2})(\d{4})(\d{4})$/.exec(msisdn);
  if (cn) return `+86 ${cn[1]} ${cn[2]} ${cn[3]}`;
  const gb = /^\+44(7\d{3})(\d{6})$/.exec(msisdn);
  if (gb) return `+44 ${gb[1]} ${gb[2]}`;
  return msisdn;
}

/** Spaces, dashes and brackets go; "0086…" becomes "+86…"; an 11-digit Chinese mobile number gets +86. */
export function tidyMsisdn(value: string): string {
  let s = value.replace(/[\s\-().]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  if (/^1\d{10}$/.test(s)) s = `+86${s}`;
  return s;
}

export const looksLikeE164 = (s: string) => /^\+[1-9]\d{6,14}$/.test(s);
