/** The portal's formatters bound to the current language; the formatting itself is web/shared/format.ts. */
import { useTranslation } from 'react-i18next';
import { dateTime, day, duration, fileSize, formatLocale, money } from '@shared/format';
import type { Money } from './api';

/**
 * How a zone is named beside a time: Chinese has no short names ("GMT+8" is not a word a reader
 * of Chinese uses), so it takes the long one (中国标准时间); English keeps the short one (GMT+8, GMT).
 */
const zoneStyle = (lang: string): 'long' | 'short' => (lang.startsWith('zh') ? 'long' : 'short');

/** Only the time of day in the zone, e.g. "18:00 GMT+8" or "中国标准时间 18:00": for "open today until …". */
export function timeInZone(iso: string, lang: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone, timeZoneName: zoneStyle(lang) }).format(d);
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
    timeZoneName: zoneStyle(lang),
  }).format(d);
}

/** The browser's own time zone. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * A moment on the clock of `timeZone` (a line's region), naming the zone's offset only when it
 * is not the browser's own: "2026年12月4日 23:13" at home, "4 Dec 2026, 23:13 (GMT+8)" abroad.
 */
export function dateTimeAt(iso: string, lang: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const text = dateTime(iso, lang, timeZone);
  if (timeZone === browserTimeZone()) return text;
  const named = lang.startsWith('zh') ? { locale: lang, style: 'long' as const } : { locale: 'en-GB', style: 'shortOffset' as const };
  const offset = new Intl.DateTimeFormat(named.locale, { timeZone, timeZoneName: named.style }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value;
  return offset ? `${text} (${offset})` : text;
}

/** The formatters bound to the current language; the portal shows days in full ("25 November 2026"). */
export function useFormat() {
  const { i18n } = useTranslation();
  const lang = formatLocale(i18n.language);
  return {
    lang,
    money: (m: Money | { amountMinor: number; currency: string }) => money(m.amountMinor, m.currency, lang),
    day: (d: string) => day(d, lang, 'long'),
    dateTime: (iso: string, tz?: string) => dateTime(iso, lang, tz),
    dateTimeAt: (iso: string, tz: string) => dateTimeAt(iso, lang, tz),
    dateTimeInZone: (iso: string, tz: string) => dateTimeInZone(iso, lang, tz),
    timeInZone: (iso: string, tz: string) => timeInZone(iso, lang, tz),
    fileSize: (b: number) => fileSize(b, lang),
    duration: (s: number) => duration(s, lang),
  };
}
