/** The portal's formatters bound to the current language; the formatting itself is web/shared/format.ts. */
import { useTranslation } from 'react-i18next';
import { dateTime, day, duration, fileSize, formatLocale, money } from '@shared/format';
import type { Money } from './api';

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

/** The formatters bound to the current language; the portal shows days in full ("25 November 2026"). */
export function useFormat() {
  const { i18n } = useTranslation();
  const lang = formatLocale(i18n.language);
  return {
    lang,
    money: (m: Money | { amountMinor: number; currency: string }) => money(m.amountMinor, m.currency, lang),
    day: (d: string) => day(d, lang, 'long'),
    dateTime: (iso: string, tz?: string) => dateTime(iso, lang, tz),
    dateTimeInZone: (iso: string, tz: string) => dateTimeInZone(iso, lang, tz),
    timeInZone: (iso: string, tz: string) => timeInZone(iso, lang, tz),
    fileSize: (b: number) => fileSize(b, lang),
    duration: (s: number) => duration(s, lang),
  };
}
