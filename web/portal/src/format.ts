/** Money, dates and times in the current language, with the platform's Intl. */
import { useTranslation } from 'react-i18next';
import type { Money } from './api';

export function money(amountMinor: number, currency: string, lang: string): string {
  const f = new Intl.NumberFormat(lang, { style: 'currency', currency });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(amountMinor / 10 ** digits);
}

/** A calendar day such as 2026-11-26, shown as that day wherever the browser is. */
export function day(isoDate: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

export function dateTime(iso: string, lang: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(d);
}

/** Only the time of day in the zone, e.g. "18:00 GMT+8": for "open today until …". */
export function timeInZone(iso: string, lang: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone, timeZoneName: 'short' }).format(d);
}

/** With the weekday and the zone's name: "opens Monday 30 November, 09:00 CST". */
export function dateTimeInZone(iso: string, lang: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(d);
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

/** "+8613800138000" → "+86 138 0013 8000" for reading; other numbers are grouped by fours. */
export function phone(msisdn: string): string {
  const cn = /^\+86(1\d{2})(\d{4})(\d{4})$/.exec(msisdn);
  if (cn) return `+86 ${cn[1]} ${cn[2]} ${cn[3]}`;
  const gb = /^\+44(7\d{3})(\d{6})$/.exec(msisdn);
  if (gb) return `+44 ${gb[1]} ${gb[2]}`;
  return msisdn;
}

/** A wait in seconds as words: "3 分钟" / "3 minutes". */
export function duration(seconds: number, lang: string): string {
  const s = Math.max(1, Math.ceil(seconds));
  const [value, unit] = s < 90 ? [s, 'second'] : s < 90 * 60 ? [Math.ceil(s / 60), 'minute'] : [Math.ceil(s / 3600), 'hour'];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** The formatters bound to the current language. */
export function useFormat() {
  const { i18n } = useTranslation();
  // English dates the British way ("25 November 2026", 24-hour times), not the US default of "en".
  const lang = i18n.language === 'en' ? 'en-GB' : i18n.language;
  return {
    lang,
    money: (m: Money | { amountMinor: number; currency: string }) => money(m.amountMinor, m.currency, lang),
    day: (d: string) => day(d, lang),
    dateTime: (iso: string, tz?: string) => dateTime(iso, lang, tz),
    dateTimeInZone: (iso: string, tz: string) => dateTimeInZone(iso, lang, tz),
    timeInZone: (iso: string, tz: string) => timeInZone(iso, lang, tz),
    fileSize: (b: number) => fileSize(b, lang),
    duration: (s: number) => duration(s, lang),
  };
}

/** Spaces, dashes and brackets go; "0086…" becomes "+86…"; an 11-digit Chinese mobile number gets +86. */
export function tidyMsisdn(value: string): string {
  let s = value.replace(/[\s\-().]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  if (/^1\d{10}$/.test(s)) s = `+86${s}`;
  return s;
}

export const looksLikeE164 = (s: string) => /^\+[1-9]\d{6,14}$/.test(s);
