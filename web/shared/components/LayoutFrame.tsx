import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../router';

interface Props {
  /** Right of the brand in the top bar (the language switch, and the console's bell). */
  barTools: ReactNode;
  /** The rest of the header under the bar: the nav, the console's user bar. */
  header?: ReactNode;
  mainClassName?: string | undefined;
  footer: ReactNode;
  children: ReactNode;
}

/**
 * The frame of every page of both apps: the skip link to <main>, the header with the brand
 * (a link home), main and the footer. Each app's Layout fills it.
 */
export function LayoutFrame({ barTools, header, mainClassName, footer, children }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="bar">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              LC
            </span>
            <span className="brand-text">{t('app.name')}</span>
          </Link>
          {barTools}
        </div>
        {header}
      </header>
      <main id="main" tabIndex={-1} className={mainClassName}>
        {children}
      </main>
      <footer className="site-footer">{footer}</footer>
    </>
  );
}
