import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { hasNavigated } from '../router';

/** The page's one <h1>; sets the document title and takes focus after an in-app navigation. */
export function PageHeading({ text, sub, children, title, testid }: { text: string; sub?: string; children?: ReactNode; title?: string; testid?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title ?? text} · ${t('app.name')}`;
  }, [text, title, t]);
  useEffect(() => {
    if (hasNavigated()) ref.current?.focus();
  }, []);
  return (
    <div className="page-heading">
      <h1 ref={ref} tabIndex={-1} data-testid={testid}>
        {text}
      </h1>
      {sub && <p className="lead">{sub}</p>}
      {children}
    </div>
  );
}
