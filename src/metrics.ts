/**
 * Counters and latency sums kept in the process, written out by GET /metrics in Prometheus'
 * text format. Small on purpose: a handful of series, no dependency.
 */
type Labels = Record<string, string>;

const key = (labels: Labels) => JSON.stringify(Object.entries(labels).sort());
const render = (labels: Labels) => Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',');

export class Metrics {
  private readonly counters = new Map<string, { help: string; series: Map<string, { labels: Labels; value: number }> }>();
  private readonly summaries = new Map<string, { help: string; series: Map<string, { labels: Labels; sum: number; count: number }> }>();

  count(name: string, help: string, labels: Labels, by = 1): void {
    const c = this.counters.get(name) ?? { help, series: new Map() };
    this.counters.set(name, c);
    const s = c.series.get(key(labels)) ?? { labels, value: 0 };
    s.value += by;
    c.series.set(key(labels), s);
  }

  observe(name: string, help: string, labels: Labels, value: number): void {
    const m = this.summaries.get(name) ?? { help, series: new Map() };
    this.summaries.set(name, m);
    const s = m.series.get(key(labels)) ?? { labels, sum: 0, count: 0 };
    s.sum += value;
    s.count += 1;
    m.series.set(key(labels), s);
  }

  text(): string[] {
    const lines: string[] = [];
    for (const [name, c] of this.counters) {
      lines.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`);
      for (const s of c.series.values()) lines.push(`${name}{${render(s.labels)}} ${s.value}`);
    }
    for (const [name, m] of this.summaries) {
      lines.push(`# HELP ${name} ${m.help}`, `# TYPE ${name} summary`);
      for (const s of m.series.values()) {
        lines.push(`${name}_sum{${render(s.labels)}} ${s.sum.toFixed(6)}`, `${name}_count{${render(s.labels)}} ${s.count}`);
      }
    }
    return lines;
  }
}
