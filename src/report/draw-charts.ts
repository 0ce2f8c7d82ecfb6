/**
 * The page's own script: reads the embedded figures and draws them with Chart.js. Kept as plain
 * ES5 text (not compiled TypeScript) because it is inlined byte for byte and its SHA-256 goes
 * into the page's Content-Security-Policy. No animation: the charts are complete at once, for
 * printing and for tests.
 */
export const drawChartsScript = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('sla-data').textContent);
  var f = data.figures;
  var L = data.labels;
  var channels = ['web', 'form', 'email', 'hotline', 'sms', 'api', 'bulk'];
  var colours = { web: '#2563eb', form: '#7c3aed', email: '#0891b2', hotline: '#ea580c', sms: '#16a34a', api: '#db2777', bulk: '#64748b' };
  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
  Chart.defaults.color = '#374151';

  function pct(c) { return c.share === null ? null : Math.round(c.share * 1000) / 10; }

  function complianceChart(id, rows, labelOf, xTitle) {
    new Chart(document.getElementById(id), {
      type: 'bar',
      data: {
        labels: rows.map(labelOf),
        datasets: [{ label: L.share, data: rows.map(pct), backgroundColor: '#2563eb' }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (ctx) {
            var c = rows[ctx.dataIndex];
            return c.share === null ? L.nothingDecided : pct(c) + '% (' + c.onTime + ' / ' + c.decided + ')';
          } } }
        },
        scales: {
          x: { title: { display: true, text: xTitle } },
          y: { min: 0, max: 100, title: { display: true, text: L.share }, ticks: { callback: function (v) { return v + '%'; } } }
        }
      }
    });
  }

  function countChart(id, labels, counts, xTitle, colour) {
    new Chart(document.getElementById(id), {
      type: 'bar',
      data: { labels: labels, datasets: [{ label: L.cases, data: counts, backgroundColor: colour }] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { title: { display: true, text: xTitle } },
          y: { beginAtZero: true, suggestedMax: 5, title: { display: true, text: L.cases }, ticks: { precision: 0 } }
        }
      }
    });
  }

  complianceChart('chart-week', f.compliance.byWeek, function (w) { return w.week; }, L.week);
  complianceChart('chart-channel', f.compliance.byChannel, function (c) { return L.channels[c.channel]; }, '');
  complianceChart('chart-pause-reason', f.compliance.byPauseReason, function (r) { return L.reasons[r.reason]; }, '');
  countChart('chart-ageing', f.ageing.map(function (a) { return L.buckets[a.bucket]; }), f.ageing.map(function (a) { return a.count; }), '', '#ea580c');

  new Chart(document.getElementById('chart-intake'), {
    type: 'bar',
    data: {
      labels: f.intake.map(function (d) { return d.day; }),
      datasets: channels.map(function (ch) {
        return { label: L.channels[ch], data: f.intake.map(function (d) { return d[ch]; }), backgroundColor: colours[ch] };
      })
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { position: 'bottom' } },
      scales: {
        x: { stacked: true, title: { display: true, text: L.day } },
        y: { stacked: true, beginAtZero: true, suggestedMax: 5, title: { display: true, text: L.cases }, ticks: { precision: 0 } }
      }
    }
  });

  var states = Object.keys(f.openByState);
  countChart('chart-open-state', states.map(function (s) { return L.states[s]; }), states.map(function (s) { return f.openByState[s]; }), '', '#7c3aed');
})();
`;
