/**
 * The language a piece of people's own words or a message as sent is written in, for its `lang`
 * attribute: a message keeps the language it was sent in whatever the page's language, and
 * saying so lets a screen reader read it in the right voice (and tests tell it from the page's text).
 */
export const textLang = (text: string): 'zh-CN' | 'en' => (/[\u3400-\u9fff]/.test(text) ? 'zh-CN' : 'en');
