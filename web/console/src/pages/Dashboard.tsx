import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '@shared/components/Alert';
import { Field } from '@shared/components/Field';
import { PageHeading } from '@shared/components/PageHeading';
import { useLoad } from '@shared/hooks';
import { navigate, useQuery } from '@shared/router';
import { api, channels, type Dashboard } from '../api';
import { useChannelLabel } from '../components/Badges';
import { ChartFigure } from '../components/Chart';
import { ErrorNotice } from '../components/ErrorNotice';
import { isIsoDay as isDay, typedDay, useFormat } from '../format';
import { T } from '../testids';

const openStates = ['submitted', 'in_review', 'awaiting_customer', 'approved'] as const;

function Kpi({ label, value, sub, testid, tone }: { label: string; value: string; sub?: string; testid: string; tone?: 'bad' | 'ok' }) {
  return (
    <div className={`kpi${tone ? ` kpi-${tone}` : ''}`} data-testid={testid}>
      <p className="kpi-label">{label}</p>
      <p className="kpi-value">{value}</p>
      {sub && <p className="kpi-sub small">{sub}</p>}
    </div>
  );
}

/** A day typed in year-month-day order (see typedDay). */
const dayInput = { type: 'text', autoComplete: 'off', spellCheck: false, size: 12 } as const;

/** SLA figures for supervisors and auditors: what is open, how much was decided in time, what is ageing. */
export function DashboardPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const channel = useChannelLabel();
  const q = useQuery();
  const from = isDay(q.get('from') ?? '') ? q.get('from')! : '';
  const to = isDay(q.get('to') ?? '') ? q.get('to')! : '';
  const view = useLoad(() => api.dashboard(from || undefined, to || undefined), `${from}:${to}`);
  const [draft, setDraft] = useState({ from, to });
  const [invalid, setInvalid] = useState<string | undefined>();
  const [badTo, setBadTo] = useState<string | undefined>();
  useEffect(() => {
    if (view.data) setDraft({ from: from || view.data.from, to: to || view.data.to });
  }, [view.data, from, to]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const [start, end] = [typedDay(draft.from), typedDay(draft.to)];
    setInvalid(undefined);
    setBadTo(undefined);
    if (start === null || end === null) {
      if (start === null) setInvalid(t('dashboard.badDate'));
      if (end === null) setBadTo(t('dashboard.badDate'));
      return;
    }
    if (start && end && start > end) return setInvalid(t('dashboard.badRange'));
    const s = new URLSearchParams();
    if (start) s.set('from', start);
    if (end) s.set('to', end);
    navigate(`/dashboard${s.toString() ? `?${s.toString()}` : ''}`, { keepScroll: true });
  };

  const d: Dashboard | undefined = view.data;
  const shareRows = <K extends string>(rows: ({ decided: number; onTime: number; share: number | null } & Record<K, string>)[], key: K, label: (v: string) => string) =>
    rows.map((r) => [label(r[key]), r.decided, r.onTime, f.percent(r.share)]);
  const shareColumns = (first: string) => [first, t('dashboard.decided'), t('dashboard.onTime'), t('dashboard.share')];
  const openTotal = d ? openStates.reduce((n, s) => n + (d.openByState[s] ?? 0), 0) : 0;

  return (
    <section>
      <PageHeading text={t('dashboard.title')} sub={t('dashboard.lead')} />
      <form className="card filters" onSubmit={submit} noValidate data-testid={T.dashboardFilters} aria-label={t('dashboard.period')}>
        <div className="filter-grid">
          <Field id="dashboard-from" label={t('dashboard.from')} hint={t('dashboard.dateHint')} error={invalid}>
            {(p) => <input {...p} {...dayInput} value={draft.from} onChange={(e) => setDraft((x) => ({ ...x, from: e.target.value }))} data-testid={T.dashboardFrom} />}
          </Field>
          <Field id="dashboard-to" label={t('dashboard.to')} hint={t('dashboard.dateHint')} error={badTo}>
            {(p) => <input {...p} {...dayInput} value={draft.to} onChange={(e) => setDraft((x) => ({ ...x, to: e.target.value }))} data-testid={T.dashboardTo} />}
          </Field>
        </div>
        <div className="button-row">
          <button type="submit" className="button primary small-button" data-testid={T.dashboardSubmit}>
            {t('dashboard.show')}
          </button>
          <button type="button" className="button secondary small-button" onClick={() => void view.reload()}>
            {t('common.refresh')}
          </button>
        </div>
      </form>
      <ErrorNotice error={view.error} />
      {!d && view.loading && <Loading />}
      {d && (
        <>
          <p className="muted small" data-testid={T.dashboardPeriod}>
            {t('dashboard.periodShown', { from: f.day(d.from, 'long'), to: f.day(d.to, 'long'), at: f.dateTime(d.generatedAt) })}
          </p>
          <div className="kpis">
            <Kpi label={t('dashboard.kpiOpen')} value={f.number(openTotal)} testid={T.kpiOpen} />
            <Kpi label={t('dashboard.kpiBreached')} value={f.number(d.breachedOpen)} testid={T.kpiBreached} tone={d.breachedOpen > 0 ? 'bad' : undefined} />
            <Kpi label={t('dashboard.kpiCallbacks')} value={f.number(d.callbacksWaiting)} testid={T.kpiCallbacks} />
            <Kpi
              label={t('dashboard.kpiCompliance')}
              value={f.percent(d.compliance.overall.share)}
              sub={t('dashboard.kpiComplianceSub', { onTime: d.compliance.overall.onTime, decided: d.compliance.overall.decided })}
              testid={T.kpiCompliance}
            />
            <Kpi
              label={t('dashboard.kpiDrift')}
              value={d.networkDrift ? f.number(d.networkDrift.differences) : '—'}
              sub={
                d.networkDrift
                  ? [
                      t('dashboard.kpiDriftSub', { checked: f.number(d.networkDrift.checked), provisioner: d.networkDrift.provisioner, at: f.dateTime(d.networkDrift.checkedAt) }),
                      d.networkDrift.failed > 0 ? t('dashboard.kpiDriftFailed', { failed: f.number(d.networkDrift.failed) }) : '',
                    ].join(' ').trim()
                  : t('dashboard.kpiDriftNone')
              }
              testid={T.kpiNetworkDrift}
              tone={d.networkDrift && (d.networkDrift.differences > 0 || d.networkDrift.failed > 0) ? 'bad' : undefined}
            />
          </div>
          <div className="charts">
            <ChartFigure
              name="open-by-state"
              title={t('dashboard.openByState')}
              summary={t('dashboard.openByStateSummary', { count: openTotal })}
              labels={openStates.map((s) => t(`states.${s}`))}
              series={[{ label: t('dashboard.cases'), data: openStates.map((s) => d.openByState[s] ?? 0) }]}
              table={{ columns: [t('dashboard.state'), t('dashboard.cases')], rows: openStates.map((s) => [t(`states.${s}`), d.openByState[s] ?? 0]) }}
            />
            <ChartFigure
              name="ageing"
              title={t('dashboard.ageing')}
              summary={t('dashboard.ageingSummary')}
              labels={d.ageing.map((a) => t('dashboard.bucket', { bucket: a.bucket }))}
              series={[{ label: t('dashboard.cases'), data: d.ageing.map((a) => a.count), color: '#D55E00' }]}
              table={{ columns: [t('dashboard.workingDays'), t('dashboard.cases')], rows: d.ageing.map((a) => [t('dashboard.bucket', { bucket: a.bucket }), a.count]) }}
            />
            <ChartFigure
              name="compliance-week"
              title={t('dashboard.complianceWeek')}
              summary={t('dashboard.complianceSummary')}
              kind="line"
              percent
              labels={d.compliance.byWeek.map((w) => f.week(w.week, 'short'))}
              series={[{ label: t('dashboard.share'), data: d.compliance.byWeek.map((w) => w.share) }]}
              table={{ columns: shareColumns(t('dashboard.week')), rows: shareRows(d.compliance.byWeek, 'week', (w) => f.week(w)) }}
            />
            <ChartFigure
              name="compliance-channel"
              title={t('dashboard.complianceChannel')}
              summary={t('dashboard.complianceSummary')}
              percent
              labels={d.compliance.byChannel.map((c) => channel(c.channel))}
              series={[{ label: t('dashboard.share'), data: d.compliance.byChannel.map((c) => c.share), color: '#009E73' }]}
              table={{ columns: shareColumns(t('dashboard.channel')), rows: shareRows(d.compliance.byChannel, 'channel', channel) }}
            />
            <ChartFigure
              name="compliance-pause"
              title={t('dashboard.compliancePause')}
              summary={t('dashboard.compliancePauseSummary')}
              percent
              labels={d.compliance.byPauseReason.map((r) => t(`pauseReasons.${r.reason}`, { defaultValue: r.reason }))}
              series={[{ label: t('dashboard.share'), data: d.compliance.byPauseReason.map((r) => r.share), color: '#CC79A7' }]}
              table={{
                columns: shareColumns(t('dashboard.pauseReason')),
                rows: shareRows(d.compliance.byPauseReason, 'reason', (r) => t(`pauseReasons.${r}`, { defaultValue: r })),
              }}
            />
            <ChartFigure
              name="intake"
              title={t('dashboard.intake')}
              summary={t('dashboard.intakeSummary')}
              stacked
              labels={d.intake.map((x) => f.day(x.day, 'short'))}
              series={channels.map((c) => ({ label: channel(c), data: d.intake.map((x) => x[c] ?? 0) }))}
              table={{ columns: [t('dashboard.day'), ...channels.map((c) => channel(c))], rows: d.intake.map((x) => [f.day(x.day), ...channels.map((c) => x[c] ?? 0)]) }}
            />
          </div>
        </>
      )}
    </section>
  );
}
