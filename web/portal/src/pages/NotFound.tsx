import { useTranslation } from 'react-i18next';
import { PageHeading } from '@shared/components/PageHeading';
import { Link } from '@shared/router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading text={t('notFound.title')} sub={t('notFound.text')} />
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
