/** The console's formatters; what both apps format alike is web/shared/format.ts. */
import { useTranslation } from 'react-i18next';
import { dateTime, day, fileSize, formatLocale, money } from '@shared/format';

export function percent(share: number | null, lang: string): string {
  if (share === null || !Number.isFinite(share)) return '—';
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(share);
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

/** A staff actor label ("staff:reviewer") as a name; customers and the system as words. */
export function actorName(actor: string | null | undefined): string {
  if (!actor) return '—';
  return actor.replace(/^staff:/, '');
}

/** The formatters bound to the current language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const lang = formatLocale(i18n.language);
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
