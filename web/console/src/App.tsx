import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '@shared/components/Alert';
import { decodeSegment, navigate, useLocation } from '@shared/router';
import { api } from './api';
import { Layout } from './components/Layout';
import { AuditPage } from './pages/Audit';
import { CasePage } from './pages/Case';
import { DashboardPage } from './pages/Dashboard';
import { DeskPage } from './pages/Desk';
import { ForbiddenPage, NotFoundPage } from './pages/NotFound';
import { LoginPage } from './pages/Login';
import { OutboxPage } from './pages/Outbox';
import { PartnerPage } from './pages/Partner';
import { PartnersPage } from './pages/Partners';
import { QueuePage } from './pages/Queue';
import { homeOf, may, mayOpen, type PageName } from './roles';
import { loginPath, setSession, useSession } from './session';

// Who is logged in is asked once when the page loads; the cookie is not readable from here.
let probed = false;
function probeSession() {
  if (probed) return;
  probed = true;
  api.session().then(
    (s) => setSession(s),
    () => setSession(null),
  );
}

interface Route {
  page?: PageName;
  /** For pages outside the nav: may this role open it? */
  allowed?: (role: Parameters<typeof may>[0]) => boolean;
  wide?: boolean;
  render: () => ReactNode;
}

function route(path: string): Route | null {
  switch (path) {
    case '/desk':
      return { page: 'desk', wide: true, render: () => <DeskPage /> };
    case '/queue':
      return { page: 'queue', wide: true, render: () => <QueuePage /> };
    case '/dashboard':
      return { page: 'dashboard', wide: true, render: () => <DashboardPage /> };
    case '/audit':
      return { page: 'audit', wide: true, render: () => <AuditPage /> };
    case '/outbox':
      return { page: 'outbox', wide: true, render: () => <OutboxPage /> };
    case '/partners':
      return { page: 'partners', wide: true, render: () => <PartnersPage /> };
  }
  const c = /^\/cases\/([^/]+)$/.exec(path);
  if (c) {
    const reference = decodeSegment(c[1]!);
    return { allowed: (role) => may(role, 'case.read'), wide: true, render: () => <CasePage key={reference} reference={reference} /> };
  }
  const p = /^\/partners\/([1-9]\d{0,14})$/.exec(path);
  if (p) {
    const id = Number(p[1]);
    return { allowed: (role) => may(role, 'partner.read'), wide: true, render: () => <PartnerPage key={id} id={id} /> };
  }
  return null;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function App() {
  const { path, search } = useLocation();
  const session = useSession();
  // Re-render every page when the language changes.
  useTranslation();
  useEffect(probeSession, []);

  if (session === undefined) {
    return (
      <Layout>
        <Loading />
      </Layout>
    );
  }
  if (path === '/login') {
    return <Layout>{session ? <Redirect to={homeOf(session.role)} /> : <LoginPage key={search} />}</Layout>;
  }
  if (!session) return <Redirect to={loginPath(path + search)} />;
  if (path === '/') return <Redirect to={homeOf(session.role)} />;
  const r = route(path);
  if (!r) {
    return (
      <Layout>
        <NotFoundPage />
      </Layout>
    );
  }
  const ok = r.page ? mayOpen(session.role, r.page) : (r.allowed?.(session.role) ?? true);
  return (
    <Layout wide={r.wide}>
      <div key={path}>{ok ? r.render() : <ForbiddenPage />}</div>
    </Layout>
  );
}
