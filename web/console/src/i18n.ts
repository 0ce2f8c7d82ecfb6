/** The console's texts; the set-up (language choice, <html lang>) is web/shared/i18n.ts. */
import { startI18n } from '@shared/i18n';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

// The two locale files must have exactly the same keys: each is checked against the other's
// shape when the console is type-checked (`npm run lint`); web/shared/scripts/check-locales.mjs says which.
const zhHasEveryEnglishKey: typeof en = zhCN;
const enHasEveryChineseKey: typeof zhCN = en;
void zhHasEveryEnglishKey;
void enHasEveryChineseKey;

// Its own key: staff may read the portal in the other language on the same machine.
export default startI18n({ 'zh-CN': zhCN, en }, 'lastcall.console.lang');
