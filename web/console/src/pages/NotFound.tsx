import { useTranslation } from 'react-i18next';
import { PageHeading } from '@shared/components/PageHeading';
import { Link } from '@shared/router';
import { homeOf } from '../roles';
import { useSession } from '../session';
import { T } from '../testids';

export function NotFoundPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <section>
      <PageHeading text={t('notFound.title')} sub={t('notFound.text')} />
      <p>
        <Link to={session ? homeOf(session.role) : '/login'}>{t('notFound.home')}</Link>
      </p>
    </section>
  );
}

/** A page the role may not use (the nav does not offer it; a typed or old link may). */
export function ForbiddenPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <section data-testid={T.forbidden}>
      <PageHeading text={t('forbidden.title')} sub={t('forbidden.text', { role: session ? t(`roles.${session.role}`) : '' })} />
      <p>
        <Link to={session ? homeOf(session.role) : '/login'}>{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
