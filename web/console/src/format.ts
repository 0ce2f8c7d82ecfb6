/** The console's formatters; what both apps format alike is web/shared/format.ts. */
import { useTranslation } from 'react-i18next';
import { dateTime, day, fileSize, formatLocale, isoWeekMonday, list, money, type DayStyle } from '@shared/format';
import { actorLabel, type HistoryFormat } from './history-text';

export { isIsoDay, typedDay } from '@shared/format';

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

/** A staff user's name as kept on a case (assignee, opened by): "staff:reviewer" and "reviewer" both read "reviewer". */
export function actorName(actor: string | null | undefined): string {
  if (!actor) return '—';
  return actor.replace(/^staff:/, '');
}

/**
 * The formatters bound to the current language: the whole console prints days, times, money
 * and sizes through these (zh-CN "2026年12月10日", en "10 Dec 2026"; never month first).
 */
export function useFormat() {
  const { t, i18n } = useTranslation();
  const lang = formatLocale(i18n.language);
  return {
    lang,
    money: (amountMinor: number, currency: string) => money(amountMinor, currency, lang),
    day: (d: string, style: DayStyle = 'medium') => day(d, lang, style),
    /** An ISO week ("2026-W48") as the week of its Monday: "2026年11月23日当周" / "Week of 23 Nov 2026". */
    week: (w: string, style: DayStyle = 'medium') => {
      const monday = isoWeekMonday(w);
      return monday ? t('dashboard.weekOf', { day: day(monday, lang, style) }) : w;
    },
    dateTime: (iso: string) => dateTime(iso, lang),
    fileSize: (b: number) => fileSize(b, lang),
    percent: (s: number | null) => percent(s, lang),
    number: (n: number) => new Intl.NumberFormat(lang).format(n),
    list: (items: string[]) => list(items, lang),
  };
}

/** What the history's wording (history-text.ts) needs, from this language's t() and formatters. */
export function useHistoryFormat(): HistoryFormat {
  const { t } = useTranslation();
  const f = useFormat();
  return { t: (key, vars) => t(key, vars ?? {}), money: f.money, day: (d) => f.day(d), dateTime: f.dateTime, fileSize: f.fileSize, list: f.list };
}

/** Who did something, in words: 客户 / 系统 / 审核员 reviewer / 合作方 #3. */
export function useActorLabel() {
  const { t } = useTranslation();
  return (actor: string | null | undefined) => actorLabel(actor, (key, vars) => t(key, vars ?? {}));
}
