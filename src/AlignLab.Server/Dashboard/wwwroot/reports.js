'use strict';
(() => {
  const { el, append, api, clear, showError, busy, percent } = AlignLab;
  const $ = id => document.getElementById(id);

  function rate(x) {
    return x === null || x === undefined ? '—' : percent(x);
  }

  async function openReport(run) {
    const viewer = $('viewer');
    try {
      const response = await api(`/api/reports/${encodeURIComponent(run)}/report.html`, { raw: true });
      const html = await response.text();
      // The report's own scripts only sort tables; they are dropped so the page shows in a fully sandboxed frame
      // (no scripts, no same-origin access) under the dashboard's CSP.
      const doc = new DOMParser().parseFromString(html, 'text/html');
      doc.querySelectorAll('script, meta[http-equiv]').forEach(n => n.remove());
      $('report-frame').srcdoc = '<!doctype html>' + doc.documentElement.outerHTML;
      $('viewer-title').textContent = `Report: ${run}`;
      viewer.hidden = false;
      // The frame is as tall as the window (see style.css), so scrolling to it shows the report and nothing else.
      viewer.scrollIntoView({ block: 'start' });
    } catch (e) {
      showError($('runs'), e);
    }
  }

  function fillSelect(select, runs, pick) {
    clear(select);
    for (const r of runs) select.append(el('option', { value: r.name }, r.run_id ? `${r.name} (${r.run_id})` : r.name));
    if (runs.length) select.value = runs[Math.min(pick, runs.length - 1)].name;
  }

  async function load() {
    const target = $('runs');
    try {
      const data = await api('/api/reports');
      clear(target).classList.remove('muted');
      if (!data.configured) { target.append(el('p', { class: 'muted' }, 'No reports directory is configured (set ReportsDirectory / --reports).')); return; }
      if (!data.runs.length) {
        target.append(el('p', { class: 'muted', id: 'no-runs' }, 'No runs yet: run ', el('code', {}, 'alignlab eval'),
          ' (it writes to eval-results in the AlignLab home, the default reports directory), or ', el('code', {}, 'alignlab eval --output DIR/NAME'),
          ' with DIR the directory given to serve --reports.'));
        return;
      }
      target.append(el('table', { id: 'runs-table' },
        el('thead', {}, el('tr', {},
          ['Run', 'Started', 'Policy', 'Model', 'Cases', 'Harmful blocked', 'False positives', 'Gates', ''].map(h => el('th', {}, h)))),
        el('tbody', {}, data.runs.map(r => {
          const first = (r.strategies || []).find(s => s.available) || {};
          const open = el('button', { type: 'button', class: 'secondary open-report', disabled: !r.has_report }, 'Open report');
          open.addEventListener('click', () => busy(open, openReport(r.name)));
          return el('tr', { dataset: { run: r.name } },
            el('td', {}, el('b', {}, r.name), r.error ? el('div', { class: 'error small' }, r.error) : el('div', { class: 'muted small' }, r.run_id)),
            el('td', { class: 'small' }, r.started_at ? new Date(r.started_at).toLocaleString() : '—'),
            el('td', {}, r.policy ?? '—'), el('td', {}, r.model ?? '—'), el('td', { class: 'num' }, r.cases ?? '—'),
            el('td', { class: 'num', title: first.strategy || '' }, rate(first.safety)), el('td', { class: 'num' }, rate(first.fpr)),
            el('td', {}, r.gates ? (r.gates_failed ? el('span', { class: 'badge action-block' }, `${r.gates_failed} failed`) : el('span', { class: 'badge action-allow' }, 'passed')) : '—'),
            el('td', {}, open));
        }))));
      const ok = data.runs.filter(r => !r.error);
      fillSelect($('run-a'), ok, 1);
      fillSelect($('run-b'), ok, 0);
    } catch (e) {
      showError(target, e);
    }
  }

  /** A duration in ms in the most readable unit, as the reports write it: "49 µs", "12.3 ms", "1.24 s". */
  function ms(x) {
    const a = Math.abs(x);
    if (a === 0) return '0 ms';
    if (a < 1) return `${+(x * 1000).toFixed(1)} µs`;
    if (a < 100) return `${+x.toFixed(2)} ms`;
    if (a < 1000) return `${x.toFixed(0)} ms`;
    return `${(x / 1000).toFixed(2)} s`;
  }

  function value(d, x) {
    if (x === null || x === undefined) return '—';
    if (d.is_rate) return percent(x);
    return d.metric.startsWith('latency') ? ms(x) : x.toLocaleString('en');
  }

  function signed(d) {
    const x = d.delta;
    const sign = x > 0 ? '+' : x < 0 ? '−' : '±';
    if (d.is_rate) return `${sign}${Math.abs(x * 100).toFixed(1)} pp`;
    return sign + (d.metric.startsWith('latency') ? ms(Math.abs(x)) : Math.abs(x).toLocaleString('en'));
  }

  /** The Δ cell: coloured, bold and worded (better / worse) only when the change is more than noise. */
  function deltaCell(d) {
    if (d.delta === null || d.delta === undefined) return el('td', { class: 'num' }, '—');
    const direction = d.higher_is_better === null || d.delta === 0 ? null : (d.delta > 0) === d.higher_is_better ? 'better' : 'worse';
    const text = signed(d) + (d.ci_separated ? ' ◆' : '');
    if (!d.notable || !direction) {
      return el('td', { class: 'num delta-flat', title: d.delta === 0 ? 'no change' : 'within noise' }, text);
    }
    const why = d.ci_separated ? '95% intervals do not overlap' : 'beyond the noise threshold';
    return el('td', { class: 'num ' + (direction === 'better' ? 'delta-up' : 'delta-down'), title: why },
      text, el('span', { class: 'direction' }, ` ${direction}`));
  }

  async function compare() {
    const target = $('comparison');
    try {
      const r = await api(`/api/reports/compare?a=${encodeURIComponent($('run-a').value)}&b=${encodeURIComponent($('run-b').value)}`);
      append(clear(target), [el('p', { class: 'muted small' },
        `A = ${r.a} (${r.a_run_id}), B = ${r.b} (${r.b_run_id}). Δ is B − A. ◆: the two 95% intervals do not overlap. `,
        'A change is coloured (green better, red worse) only when it is more than noise: a rate whose intervals do not overlap, ',
        'a latency that moved by at least 1 ms and 10%, any change in errors.'),
        r.warning ? el('p', { class: 'error small', role: 'note' }, r.warning) : null,
        el('table', { id: 'comparison-table' },
          el('thead', {}, el('tr', {}, ['Strategy', 'Metric', 'A', 'B', 'Δ (B − A)'].map(h => el('th', {}, h)))),
          el('tbody', {}, r.deltas.map(d => {
            if (d.note) return el('tr', {}, el('td', {}, d.strategy), el('td', { colspan: 4, class: 'muted' }, d.note));
            const better = d.higher_is_better === null ? '' : d.higher_is_better ? ' (higher is better)' : ' (lower is better)';
            return el('tr', { dataset: { metric: d.metric } }, el('td', {}, d.strategy), el('td', { title: d.metric + better }, d.label),
              el('td', { class: 'num' }, value(d, d.a)), el('td', { class: 'num' }, value(d, d.b)), deltaCell(d));
          })))]);
    } catch (e) {
      showError(target, e);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('compare').addEventListener('click', () => busy($('compare'), compare()));
    $('close-report').addEventListener('click', () => { $('viewer').hidden = true; $('report-frame').srcdoc = ''; });
    AlignLab.onKey(load);
  });
})();
