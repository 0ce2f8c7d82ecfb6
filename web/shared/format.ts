/** Money, days, times, sizes and phone numbers for reading, with the platform's Intl. */

/**
 * The Intl locale of a UI language: English dates the British way ("25 November 2026", 24-hour
 * times), never the US default of "en" (month first); any Chinese as zh-CN ("2026年11月25日").
 */
export const formatLocale = (language: string) => (/^en\b/i.test(language) ? 'en-GB' : /^zh\b/i.test(language) ? 'zh-CN' : language);

/** How much of a day to show: medium "25 Nov 2026" / "2026年11月25日", long "25 November 2026", short (no year, for chart axes) "25 Nov" / "11月25日". */
export type DayStyle = 'short' | 'medium' | 'long';

export function money(amountMinor: number, currency: string, lang: string): string {
  const f = new Intl.NumberFormat(lang, { style: 'currency', currency });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(amountMinor / 10 ** digits);
}

/**
 * A calendar day such as 2026-11-26, shown as that day wherever the browser is. The one way
 * both apps print a day: never a hand-made "11/26/2026" or toLocaleDateString().
 */
export function day(isoDate: string, lang: string, style: DayStyle = 'medium'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const options: Intl.DateTimeFormatOptions = style === 'short' ? { month: 'short', day: 'numeric' } : { dateStyle: style };
  return new Intl.DateTimeFormat(formatLocale(lang), { ...options, timeZone: 'UTC' }).format(d);
}

/** Items as one phrase in the language's own way: "A, B and C" / "A、B和C". */
export function list(items: readonly string[], lang: string): string {
  return new Intl.ListFormat(formatLocale(lang), { style: 'long', type: 'conjunction' }).format(items);
}

/** A real calendar day written 2026-11-25. */
export const isIsoDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/**
 * A day typed as year-month-day ("2026-11-25", "2026/11/25", "2026年11月25日"), as 2026-11-25;
 * '' for nothing typed, null for anything else. Never read month first: the browser's own date
 * input shows the operating system's order (10/12/2026 on an American system), so the console
 * asks for the day in its own, unambiguous order (the console's dashboard).
 */
export function typedDay(value: string): string | null {
  const s = value.trim();
  if (s === '') return '';
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (!m) return null;
  const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDay(d) ? d : null;
}

/** The Monday of an ISO week such as "2026-W48" (the week holding 4 January is week 1), or null. */
export function isoWeekMonday(week: string): string | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return null;
  const jan4 = Date.UTC(Number(m[1]), 0, 4);
  const firstMonday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(firstMonday + (Number(m[2]) - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
}

/** A moment, in the browser's time zone unless one is given. */
export function dateTime(iso: string, lang: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(formatLocale(lang), { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(d);
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
