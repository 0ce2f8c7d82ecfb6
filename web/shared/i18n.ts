/**
 * i18next set-up of both apps. zh-CN is the primary language; English is chosen by the language
 * switch, or on a first visit by the browser's first preferred language (en* → en). The choice
 * is kept in localStorage under the app's own key and mirrored in <html lang>.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

let storageKey = '';

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

/** Starts i18next with the app's texts; `key` is where the app keeps the chosen language. */
export function startI18n(texts: Record<Language, Record<string, unknown>>, key: string): typeof i18n {
  storageKey = key;
  const initial = stored() ?? fromBrowser();
  void i18n.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: texts['zh-CN'] }, en: { translation: texts.en } },
    lng: initial,
    fallbackLng: 'zh-CN',
    supportedLngs: [...languages],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  applyToDocument(initial);
  i18n.on('languageChanged', applyToDocument);
  return i18n;
}
