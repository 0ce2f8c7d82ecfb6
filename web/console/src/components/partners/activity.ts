import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Delivery, type PartnerHook } from '../../api';

/** The server's page of deliveries (newest first); a full page means there may be older ones. */
export const deliveriesPageSize = 100;

/** The first page read again, with the older pages already loaded kept below it. */
function mergeNewest(fresh: Delivery[], old: Delivery[] | null): Delivery[] {
  if (!old || fresh.length < deliveriesPageSize) return fresh;
  const oldest = fresh[fresh.length - 1]!.id;
  return [...fresh, ...old.filter((d) => d.id < oldest)];
}

/**
 * One partner's hooks and deliveries: the newest page first, "load more" with before=<the last
 * id shown>, and refresh (the newest page again) without losing the older pages.
 */
export function usePartnerActivity(id: number) {
  const [hooks, setHooks] = useState<PartnerHook[] | null>(null);
  const [items, setItems] = useState<Delivery[] | null>(null);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const pages = useRef(0);

  const refresh = useCallback(async () => {
    try {
      const r = await api.partnerActivity(id);
      setHooks(r.hooks);
      setItems((old) => mergeNewest(r.deliveries, old));
      if (pages.current <= 1) {
        pages.current = 1;
        setMore(r.deliveries.length === deliveriesPageSize);
      }
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [id]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const loadMore = async () => {
    const last = items?.[items.length - 1];
    if (!last) return;
    setLoading(true);
    try {
      const r = await api.partnerActivity(id, last.id);
      pages.current += 1;
      setItems((old) => [...(old ?? []), ...r.deliveries.filter((d) => !old?.some((o) => o.id === d.id))]);
      setMore(r.deliveries.length === deliveriesPageSize);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  /** A delivery as an action answered it (a replay), until the next refresh. */
  const replace = (d: Delivery) => setItems((old) => old?.map((o) => (o.id === d.id ? d : o)) ?? old);

  return { hooks, items, more, loading, error, refresh, loadMore, replace };
}
