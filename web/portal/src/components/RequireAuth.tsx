import { useEffect, type ReactNode } from 'react';
import { navigate, useLocation } from '@shared/router';
import { isLive, useSession, verifyPath } from '../session';

/** Pages past /verify: without a live session, go to /verify and come back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const live = isLive(session);
  const { path, search } = useLocation();
  useEffect(() => {
    if (!live) navigate(verifyPath(path + search, session !== null), { replace: true });
  }, [live, path, search, session]);
  return live ? <>{children}</> : null;
}
