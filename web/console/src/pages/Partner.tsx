import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, Notice } from '@shared/components/Alert';
import { PageHeading } from '@shared/components/PageHeading';
import { useLoad } from '@shared/hooks';
import { Link } from '@shared/router';
import { api } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { usePartnerActivity } from '../components/partners/activity';
import { DeliveryTable } from '../components/partners/Deliveries';
import { HookTable } from '../components/partners/Hooks';
import { PartnerStatusBadge, usePartnerLabels } from '../components/partners/PartnerBadges';
import { actorName, useFormat } from '../format';
import { usePoll } from '../hooks';
import { may } from '../roles';
import { useSession } from '../session';
import { T } from '../testids';

function Section({ id, title, children, count, testid }: { id: string; title: string; children: ReactNode; count?: number; testid?: string }) {
  return (
    <section className="card" aria-labelledby={id} data-testid={testid}>
      <h2 id={id}>
        {title}
        {count !== undefined && <span className="count-pill">{count}</span>}
      </h2>
      {children}
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * One partner: who it is, its hooks, and its webhook deliveries (100 at a time, newest first).
 * A delivery sent again is watched here every 2 seconds until it is no longer pending.
 */
export function PartnerPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const label = usePartnerLabels();
  const session = useSession()!;
  const mayReplay = may(session.role, 'partner.replay');
  const list = useLoad(() => api.partners(), 'partners');
  const activity = usePartnerActivity(id);
  const [watching, setWatching] = useState<Set<number>>(new Set());
  const [refreshing, setRefreshing] = useState(false);
  const p = list.data?.items.find((x) => x.id === id);

  const stillSending = (activity.items ?? []).some((d) => watching.has(d.id) && d.status === 'pending');
  usePoll(activity.refresh, 2000, stillSending);

  const refresh = async () => {
    setRefreshing(true);
    try {
      await Promise.all([activity.refresh(), list.reload()]);
    } finally {
      setRefreshing(false);
    }
  };

  const back = (
    <p className="back">
      <Link to="/partners">{t('partner.back')}</Link>
    </p>
  );

  if (!p) {
    return (
      <section>
        {back}
        <PageHeading text={t('partner.unknown', { id })} testid={T.partnerTitle} />
        {list.loading ? (
          <Loading />
        ) : list.error ? (
          <ErrorNotice error={list.error} />
        ) : (
          <Notice tone="error" testid={T.partnerNotFound}>
            <p>{t('partner.notFound', { id })}</p>
          </Notice>
        )}
      </section>
    );
  }

  return (
    <section>
      {back}
      <PageHeading text={p.name} title={t('partner.title', { name: p.name })} testid={T.partnerTitle}>
        <p className="badges">
          <PartnerStatusBadge status={p.status} />
        </p>
      </PageHeading>
      <ErrorNotice error={activity.error} />

      <Section id="partner-summary" title={t('partner.summary')}>
        <dl className="summary" data-testid={T.partnerSummary}>
          <Row label={t('partners.kind')}>{label.kind(p.kind)}</Row>
          <Row label={t('partners.binding')}>{label.binding(p.binding)}</Row>
          <Row label={t('partners.key.label')}>
            <code className="mono">{p.keyId}</code>
          </Row>
          <Row label={t('partner.keyIssuedAt')}>{f.dateTime(p.keyIssuedAt)}</Row>
          <Row label={t('partner.createdBy')}>{actorName(p.createdBy)}</Row>
          <Row label={t('partner.createdAt')}>{f.dateTime(p.createdAt)}</Row>
          {p.disabledAt && <Row label={t('partner.disabledAt')}>{f.dateTime(p.disabledAt)}</Row>}
          <Row label={t('partners.deliveries')}>
            {t('partner.deliveryCounts', { deliveries: f.number(p.deliveries), failing: f.number(p.failing) })}
          </Row>
        </dl>
      </Section>

      <Section id="partner-hooks" title={t('hooks.title')} count={activity.hooks?.length}>
        {activity.hooks ? <HookTable hooks={activity.hooks} /> : activity.loading && <Loading />}
      </Section>

      <Section id="partner-deliveries" title={t('deliveries.title')}>
        <p className="small muted">{t('deliveries.lead')}</p>
        <button type="button" className="button secondary small-button refresh-button" onClick={() => void refresh()} disabled={refreshing} data-testid={T.deliveriesRefresh}>
          {refreshing ? t('common.working') : t('common.refresh')}
        </button>
        {activity.items ? (
          <DeliveryTable
            items={activity.items}
            mayReplay={mayReplay}
            onReplayed={(d) => {
              activity.replace(d);
              setWatching((w) => new Set(w).add(d.id));
            }}
          />
        ) : (
          activity.loading && <Loading />
        )}
        {activity.more && (
          <button type="button" className="button secondary small-button" onClick={() => void activity.loadMore()} disabled={activity.loading} data-testid={T.deliveriesMore}>
            {activity.loading ? t('common.working') : t('deliveries.more')}
          </button>
        )}
      </Section>
    </section>
  );
}
