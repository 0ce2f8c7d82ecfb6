import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import { chartCanvasId, chartId, chartTableId, chartToggleId, type ChartName } from '../testids';

// Only the pieces the dashboard draws: bars (plain and stacked) and lines.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font').trim() || 'system-ui, sans-serif';
Chart.defaults.color = '#1b2430';

/** Colours told apart by most colour-blind eyes (Okabe–Ito); the table beside each chart carries the figures anyway. */
export const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'];

export interface Series {
  label: string;
  data: (number | null)[];
  color?: string;
}

interface Props {
  name: ChartName;
  title: string;
  /** One sentence for screen readers and for everyone: what the chart shows. */
  summary: string;
  labels: string[];
  series: Series[];
  kind?: 'bar' | 'line';
  stacked?: boolean;
  /** Values are shares 0–1, drawn as percentages. */
  percent?: boolean;
  table: { columns: string[]; rows: (string | number)[][] };
}

/**
 * A Chart.js chart on a <canvas>, and the same figures as a table: hidden from the eye until
 * "Show figures" is pressed, always there for screen readers (the canvas itself is hidden from them).
 */
export function ChartFigure({ name, title, summary, labels, series, kind = 'bar', stacked, percent, table }: Props) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState(false);
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const empty = labels.length === 0;

  // Redraw when the figures change (the key is what the chart shows, not the object identity).
  const key = JSON.stringify({ labels, series, kind, stacked, percent });
  useEffect(() => {
    if (!canvas.current || empty) return;
    const config: ChartConfiguration<'bar' | 'line'> = {
      type: kind,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: percent ? s.data.map((v) => (v === null ? null : Math.round(v * 1000) / 10)) : s.data,
          backgroundColor: s.color ?? palette[i % palette.length],
          borderColor: s.color ?? palette[i % palette.length],
          borderWidth: kind === 'line' ? 2 : 0,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: series.length > 1, position: 'bottom' },
          tooltip: { enabled: true },
        },
        scales: {
          x: { stacked: Boolean(stacked), ticks: { autoSkip: true, maxRotation: 0 } },
          y: {
            stacked: Boolean(stacked),
            beginAtZero: true,
            ...(percent ? { max: 100, ticks: { callback: (v: string | number) => `${v}%` } } : { ticks: { precision: 0 } }),
          },
        },
      },
    };
    const chart = new Chart(canvas.current, config as ChartConfiguration);
    setDrawn(true);
    return () => {
      chart.destroy();
      setDrawn(false);
    };
  }, [key, empty]);

  return (
    <figure className="chart card" data-testid={chartId(name)} data-drawn={drawn ? 'true' : 'false'}>
      <figcaption>
        <h2 className="chart-title">{title}</h2>
        <p className="small muted">{summary}</p>
      </figcaption>
      {empty ? (
        <p className="muted">{t('dashboard.noData')}</p>
      ) : (
        <div className="chart-box">
          <canvas ref={canvas} aria-hidden="true" data-testid={chartCanvasId(name)} />
        </div>
      )}
      <button type="button" className="link-button small" aria-expanded={showTable} aria-controls={tableId} onClick={() => setShowTable((s) => !s)} data-testid={chartToggleId(name)}>
        {showTable ? t('dashboard.hideFigures') : t('dashboard.showFigures')}
      </button>
      <div id={tableId} className={showTable ? 'chart-table' : 'visually-hidden'}>
        <table data-testid={chartTableId(name)}>
          <caption>{title}</caption>
          <thead>
            <tr>
              {table.columns.map((c, i) => (
                <th key={i} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r, i) => (
              <tr key={i}>
                {r.map((v, j) =>
                  j === 0 ? (
                    <th key={j} scope="row">
                      {v}
                    </th>
                  ) : (
                    <td key={j}>{v}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
