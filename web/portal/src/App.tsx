import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { decodeSegment, useLocation } from '@shared/router';
import { Layout } from './components/Layout';
import { RequireAuth } from './components/RequireAuth';
import type { JourneyPlace } from './components/StepNav';
import { AccountPage } from './pages/Account';
import { ApplyPage } from './pages/Apply';
import { ApplyFormPage } from './pages/ApplyForm';
import { ConfirmationPage } from './pages/Confirmation';
import { HomePage } from './pages/Home';
import { HotlinePage } from './pages/Hotline';
import { LinesPage } from './pages/Lines';
import { LostPage } from './pages/Lost';
import { NotFoundPage } from './pages/NotFound';
import { ProgressCasePage, ProgressLookupPage } from './pages/Progress';
import { VerifyPage } from './pages/Verify';

interface Route {
  /** The journey step the page is, or 'hotline' (beside the steps, not one of them). */
  step?: JourneyPlace;
  auth: boolean;
  render: () => ReactNode;
}

function route(path: string): Route {
  switch (path) {
    case '/':
      return { auth: false, render: () => <HomePage /> };
    case '/verify':
      return { step: 'verify', auth: false, render: () => <VerifyPage /> };
    case '/hotline':
      return { step: 'hotline', auth: false, render: () => <HotlinePage /> };
    case '/apply':
      return { step: 'apply', auth: true, render: () => <ApplyPage /> };
    case '/apply/form':
      return { step: 'apply', auth: true, render: () => <ApplyFormPage /> };
    case '/progress':
      return { step: 'progress', auth: true, render: () => <ProgressLookupPage /> };
    case '/account':
      return { step: 'account', auth: true, render: () => <AccountPage /> };
    case '/lost':
      return { auth: true, render: () => <LostPage /> };
    case '/lines':
      return { auth: true, render: () => <LinesPage /> };
  }
  const done = /^\/apply\/done\/([^/]+)$/.exec(path);
  if (done) {
    const reference = decodeSegment(done[1]!);
    return { step: 'apply', auth: true, render: () => <ConfirmationPage key={reference} reference={reference} /> };
  }
  const progress = /^\/progress\/([^/]+)$/.exec(path);
  if (progress) {
    const reference = decodeSegment(progress[1]!);
    return { step: 'progress', auth: true, render: () => <ProgressCasePage key={reference} reference={reference} /> };
  }
  return { auth: false, render: () => <NotFoundPage /> };
}

export function App() {
  const { path } = useLocation();
  // Re-render every page when the language changes.
  useTranslation();
  const r = route(path);
  return (
    <Layout step={r.step}>
      {r.auth ? <RequireAuth key={path}>{r.render()}</RequireAuth> : <Fragment key={path}>{r.render()}</Fragment>}
    </Layout>
  );
}
