/** Money, dates and numbers in the current language, with the platform's Intl. */
import { useTranslation } from 'react-i18next';

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

export function dateTime(iso: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
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

export function percent(share: number | null, lang: string): string {
  if (share === null || !Number.isFinite(share)) return '—';
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** "+8613800138000" → "+86 138 0013 8000" for reading; other numbers are grouped by fours. */
export function phone(msisdn: string): string {
  const cn = /^\+86(1\d{2})(\d{4})(\d{4})$/.exec(msisdn);
  if (cn) return `+86 ${cn[1]} ${cn[2]} ${cn[3]}`;
  const gb = /^\+44(7\d{3})(\d{6})$/.exec(msisdn);
  if (gb) return `+44 ${gb[1]} ${gb[2]}`;
  return msisdn;
}

/**
 * A caller's number as the desk shows it before the caller is verified: country code, the
 * first three and the last four digits ("+86 138 **** 8000"). Numbers the server already
 * masked pass through.
 */
export function maskedPhone(msisdn: string): string {
  if (msisdn.includes('*')) return msisdn;
  const cn = /^\+86(1\d{2})\d{4}(\d{4})$/.exec(msisdn);
  if (cn) return `+86 ${cn[1]} **** ${cn[2]}`;
  const m = /^(\+\d{1,3}?)(\d{3})\d+(\d{4})$/.exec(msisdn);
  if (m) return `${m[1]} ${m[2]} **** ${m[3]}`;
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

/** A staff actor label ("staff:reviewer") as a name; customers and the system as words. */
export function actorName(actor: string | null | undefined): string {
  if (!actor) return '—';
  return actor.replace(/^staff:/, '');
}

/** The formatters bound to the current language. */
export function useFormat() {
  const { i18n } = useTranslation();
  // English dates the British way ("25 Nov 2026", 24-hour times), not the US default of "en".
  const lang = i18n.language === 'en' ? 'en-GB' : i18n.language;
  return {
    lang,
    money: (amountMinor: number, currency: string) => money(amountMinor, currency, lang),
    day: (d: string, style: 'medium' | 'long' = 'medium') => day(d, lang, style),
    dateTime: (iso: string) => dateTime(iso, lang),
    fileSize: (b: number) => fileSize(b, lang),
    percent: (s: number | null) => percent(s, lang),
    number: (n: number) => new Intl.NumberFormat(lang).format(n),
  };
}
