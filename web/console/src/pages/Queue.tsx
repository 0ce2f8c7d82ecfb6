import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '@shared/components/Alert';
import { PageHeading } from '@shared/components/PageHeading';
import { useLoad } from '@shared/hooks';
import { Link, navigate, useQuery } from '@shared/router';
import { api, caseStates, channels, slaValues, type CaseFilter, type QueueItem } from '../api';
import { BreachedFlag, DuplicateFlag, SlaBadge, StateBadge, useChannelLabel } from '../components/Badges';
import { ErrorNotice } from '../components/ErrorNotice';
import { actorName, useFormat } from '../format';
import { usePoll } from '../hooks';
import { T } from '../testids';
import { isUndecided } from '../../../../src/domain/case-machine';

const filterKeys = ['state', 'region', 'channel', 'sla'] as const;
type FilterKey = (typeof filterKeys)[number];
type Filters = Record<FilterKey, string>;

/** Without a state in the address the queue shows what still waits for a decision; `all` shows everything. */
const defaultState = 'undecided';
/** The server answers a page of the most urgent; "show more" asks for this many more, up to its most. */
const pageStep = 50;
const pageMost = 500;

function filtersOf(q: URLSearchParams): Filters {
  return { state: q.get('state') ?? defaultState, region: (q.get('region') ?? '').toUpperCase(), channel: q.get('channel') ?? '', sla: q.get('sla') ?? '' };
}

function searchOf(f: Filters): string {
  const q = new URLSearchParams();
  for (const k of filterKeys) if (f[k] && !(k === 'state' && f[k] === defaultState)) q.set(k, f[k]);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * The server filters; the same filters are applied to what it answers as well, so a filter the
 * server does not know yet narrows the view all the same rather than being silently ignored.
 */
function matches(item: QueueItem, f: Filters): boolean {
  return (
    (f.state === 'all' || item.state === f.state || (f.state === 'undecided' && isUndecided(item.state))) &&
    (!f.region || item.region === f.region) &&
    (!f.channel || item.channel === f.channel) &&
    (!f.sla || item.sla === f.sla)
  );
}

/** The review queue, by due day: filters live in the address so a filtered view can be linked. */
export function QueuePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const channelLabel = useChannelLabel();
  const q = useQuery();
  const applied = filtersOf(q);
  const key = searchOf(applied);
  const [draft, setDraft] = useState<Filters>(applied);
  useEffect(() => setDraft(filtersOf(new URLSearchParams(key))), [key]);

  const [limit, setLimit] = useState<number | undefined>(undefined);
  useEffect(() => setLimit(undefined), [key]);
  const filter: CaseFilter = { ...applied, state: applied.state === 'all' ? '' : applied.state, sort: 'due', limit };
  const list = useLoad(() => api.cases(filter), `${key}|${limit ?? ''}`);
  usePoll(async () => {
    if (list.data) await list.reload();
  }, 30_000);
  const items = (list.data?.items ?? []).filter((i) => matches(i, applied));
  const regions = [...new Set([...(list.data?.items ?? []).map((i) => i.region), applied.region].filter(Boolean))].sort();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/queue${searchOf({ ...draft, region: draft.region.trim().toUpperCase() })}`, { keepScroll: true });
  };
  const set = (k: FilterKey) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));

  return (
    <section>
      <PageHeading text={t('queue.title')} sub={t('queue.lead')} />
      <form className="card filters" onSubmit={submit} data-testid={T.queueFilters} aria-label={t('queue.filters')}>
        <div className="filter-grid">
          <div className="field">
            <label htmlFor="filter-state">{t('queue.state')}</label>
            <select id="filter-state" value={draft.state} onChange={set('state')} data-testid={T.filterState}>
              <option value={defaultState}>{t('queue.undecided')}</option>
              <option value="all">{t('queue.any')}</option>
              {caseStates.map((s) => (
                <option key={s} value={s}>
                  {t(`states.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-region">{t('queue.region')}</label>
            <input
              id="filter-region"
              type="text"
              list="filter-region-list"
              maxLength={2}
              autoCapitalize="characters"
              spellCheck={false}
              placeholder={t('queue.regionPlaceholder')}
              value={draft.region}
              onChange={set('region')}
              data-testid={T.filterRegion}
            />
            <datalist id="filter-region-list">
              {regions.map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
          </div>
          <div className="field">
            <label htmlFor="filter-channel">{t('queue.channel')}</label>
            <select id="filter-channel" value={draft.channel} onChange={set('channel')} data-testid={T.filterChannel}>
              <option value="">{t('queue.any')}</option>
              {channels.map((c) => (
                <option key={c} value={c}>
                  {channelLabel(c)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-sla">{t('queue.sla')}</label>
            <select id="filter-sla" value={draft.sla} onChange={set('sla')} data-testid={T.filterSla}>
              <option value="">{t('queue.any')}</option>
              {slaValues.map((s) => (
                <option key={s} value={s}>
                  {t(`sla.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="button-row">
          <button type="submit" className="button primary small-button" data-testid={T.filterSubmit}>
            {t('queue.apply')}
          </button>
          <button
            type="button"
            className="button secondary small-button"
            data-testid={T.filterClear}
            onClick={() => navigate('/queue', { keepScroll: true })}
            disabled={!key}
          >
            {t('queue.clear')}
          </button>
        </div>
      </form>

      <ErrorNotice error={list.error} />
      {!list.data && list.loading && <Loading />}
      {list.data && (
        <>
          <p className="muted" role="status" data-testid={T.queueCount}>
            {t('queue.count', { count: items.length })}
          </p>
          {list.data.truncated && (
            <p className="small muted" data-testid={T.queueTruncated}>
              {t('queue.truncated', { shown: list.data.items.length, matching: list.data.matching })}{' '}
              {list.data.items.length < pageMost && (
                <button
                  type="button"
                  className="button secondary small-button"
                  data-testid={T.queueMore}
                  onClick={() => setLimit(Math.min(pageMost, list.data!.items.length + pageStep))}
                >
                  {t('queue.more', { count: Math.min(pageStep, list.data.matching - list.data.items.length, pageMost - list.data.items.length) })}
                </button>
              )}
            </p>
          )}
          {items.length === 0 ? (
            <p className="card subtle" data-testid={T.queueEmpty}>
              {t('queue.empty')}
            </p>
          ) : (
            <table className="responsive queue" data-testid={T.queueTable}>
              <caption className="visually-hidden">{t('queue.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('queue.reference')}</th>
                  <th scope="col">{t('queue.state')}</th>
                  <th scope="col">{t('queue.channel')}</th>
                  <th scope="col">{t('queue.region')}</th>
                  <th scope="col">{t('queue.due')}</th>
                  <th scope="col">{t('queue.sla')}</th>
                  <th scope="col">{t('queue.flags')}</th>
                  <th scope="col">{t('queue.assignee')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.reference} data-testid={T.queueRow} data-reference={i.reference} data-state={i.state} data-sla={i.sla ?? 'none'}>
                    <th scope="row" data-label={t('queue.reference')}>
                      <Link to={`/cases/${encodeURIComponent(i.reference)}`} className="ref-link">
                        {i.reference}
                      </Link>
                    </th>
                    <td data-label={t('queue.state')}>
                      <StateBadge state={i.state} />
                    </td>
                    <td data-label={t('queue.channel')}>{channelLabel(i.channel)}</td>
                    <td data-label={t('queue.region')}>{i.region}</td>
                    <td data-label={t('queue.due')} data-testid={T.queueDue}>
                      {f.day(i.dueOn)}
                      {i.dueProvisional && <span className="small muted"> {t('case.provisional')}</span>}
                    </td>
                    <td data-label={t('queue.sla')}>
                      <SlaBadge sla={i.sla} />
                      {i.sla === 'paused' && i.pauseReason && <span className="small muted"> {t(`pauseReasons.${i.pauseReason}`, { defaultValue: i.pauseReason })}</span>}
                    </td>
                    <td data-label={t('queue.flags')}>
                      {i.breached && <BreachedFlag />}
                      {(i.duplicateOf?.length ?? 0) > 0 && <DuplicateFlag count={i.duplicateOf!.length} />}
                      {!i.breached && !(i.duplicateOf?.length ?? 0) && <span className="muted">—</span>}
                    </td>
                    <td data-label={t('queue.assignee')}>{i.assignee ? actorName(i.assignee) : <span className="muted">{t('queue.unassigned')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
