import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '@shared/components/Alert';
import { Field } from '@shared/components/Field';
import { PageHeading } from '@shared/components/PageHeading';
import { isApiError } from '@shared/http';
import { navigate, safeNext, useQuery } from '@shared/router';
import { api } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { homeOf } from '../roles';
import { setSession } from '../session';
import { T } from '../testids';

/**
 * User and password. A wrong pair is one message for both (the server does not say which was
 * wrong); five failures lock the name for a while (429, with how long to wait).
 */
export function LoginPage() {
  const { t } = useTranslation();
  const q = useQuery();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState<{ user?: string; password?: string }>({});
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<{ users: { user: string }[]; password: string } | null>(null);
  // Only a server with the demo data answers; elsewhere the page says nothing about log-ins.
  useEffect(() => {
    api.demoLogins().then(setDemo, () => setDemo(null));
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const m: { user?: string; password?: string } = {};
    if (!user.trim()) m.user = t('login.userMissing');
    if (!password) m.password = t('login.passwordMissing');
    setMissing(m);
    if (m.user || m.password) return;
    setBusy(true);
    setError(null);
    try {
      const s = await api.login(user.trim(), password);
      setSession(s);
      navigate(safeNext(q.get('next'), homeOf(s.role), '/login'), { replace: true });
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="login">
      <PageHeading text={t('login.title')} sub={t('login.lead')} />
      {q.get('expired') && (
        <Notice tone="warning" testid={T.loginExpired}>
          <p>{t('login.expired')}</p>
        </Notice>
      )}
      <form className="card" onSubmit={(e) => void submit(e)} noValidate data-testid={T.loginForm}>
        {error !== null && <ErrorNotice error={error} testid={T.loginError} />}
        <Field id="login-user" label={t('login.user')} error={missing.user}>
          {(p) => (
            <input
              {...p}
              type="text"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={user}
              onChange={(e) => setUser(e.target.value)}
              data-testid={T.loginUser}
            />
          )}
        </Field>
        <Field id="login-password" label={t('login.password')} error={missing.password}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid={T.loginPassword}
            />
          )}
        </Field>
        <button type="submit" className="button primary" disabled={busy} data-testid={T.loginSubmit}>
          {busy ? t('common.working') : t('login.submit')}
        </button>
        {isApiError(error) && error.code === 'locked_out' && <p className="small muted">{t('login.lockedHelp')}</p>}
      </form>
      {demo && (
        <p className="card subtle small" data-testid={T.loginDemo}>
          {t('login.demo', { users: demo.users.map((u) => u.user).join(' · '), password: demo.password })}
        </p>
      )}
    </section>
  );
}
