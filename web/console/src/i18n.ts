/**
 * i18next set-up. zh-CN is the primary language; English is chosen by the switch in the top bar,
 * or on a first visit by the browser's first preferred language (en* → en), as in the portal.
 * The choice is kept in localStorage (its own key: staff may read the portal in the other
 * language on the same machine) and mirrored in <html lang>.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

// The two locale files must have exactly the same keys: each is checked against the other's
// shape when the console is type-checked (`npm run lint`); scripts/check-locales.mjs says which.
const zhHasEveryEnglishKey: typeof en = zhCN;
const enHasEveryChineseKey: typeof zhCN = en;
void zhHasEveryEnglishKey;
void enHasEveryChineseKey;

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];
const storageKey = 'lastcall.console.lang';

function stored(): Language | null {
  try {
    const v = window.localStorage.getItem(storageKey);
    return (languages as readonly string[]).includes(v ?? '') ? (v as Language) : null;
  } catch {
    return null;
  }
}

function fromBrowser(): Language {
  const first = (navigator.languages && navigator.languages[0]) || navigator.language || '';
  return first.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

function applyToDocument(lang: string) {
  document.documentElement.lang = lang;
}

export function setLanguage(lang: Language) {
  try {
    window.localStorage.setItem(storageKey, lang);
  } catch {
    // No storage: the choice lasts for this page.
  }
  void i18n.changeLanguage(lang);
}

const initial = stored() ?? fromBrowser();

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  supportedLngs: [...languages],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

applyToDocument(initial);
i18n.on('languageChanged', applyToDocument);

export const currentLanguage = (): Language => (i18n.language === 'en' ? 'en' : 'zh-CN');

export default i18n;
