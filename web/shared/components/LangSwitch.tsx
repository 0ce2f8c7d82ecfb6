import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';
import { sharedIds } from '../testids';

/** One button that switches to the other language; its text is in the language it switches to. */
export function LangSwitch() {
  const { t, i18n } = useTranslation();
  const toEnglish = i18n.language !== 'en';
  return (
    <button
      type="button"
      className="lang-switch"
      data-testid={sharedIds.langSwitch}
      lang={toEnglish ? 'en' : 'zh-CN'}
      onClick={() => setLanguage(toEnglish ? 'en' : 'zh-CN')}
      title={t('nav.langSwitchTitle')}
    >
      <span aria-hidden="true" className="lang-icon">
        文/A
      </span>{' '}
      {toEnglish ? 'English' : '中文'}
    </button>
  );
}
