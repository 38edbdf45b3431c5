'use strict';
(() => {
  const { el, api, clear, showError, busy, percent } = AlignLab;
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
      viewer.scrollIntoView({ behavior: 'smooth' });
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
      if (!data.runs.length) { target.append(el('p', { class: 'muted' }, 'No runs yet: run alignlab eval --out DIR inside the reports directory.')); return; }
      target.append(el('table', { id: 'runs-table' },
        el('thead', {}, el('tr', {}, ['Run', 'Started', 'Policy', 'Model', 'Cases', 'Safety', 'FPR', 'Gates', ''].map(h => el('th', {}, h)))),
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

  function value(d, x) {
    if (x === null || x === undefined) return '—';
    return d.is_rate ? percent(x) : x.toFixed(2);
  }

  async function compare() {
    const target = $('comparison');
    try {
      const r = await api(`/api/reports/compare?a=${encodeURIComponent($('run-a').value)}&b=${encodeURIComponent($('run-b').value)}`);
      clear(target);
      target.append(el('p', { class: 'muted small' }, `A = ${r.a} (${r.a_run_id}), B = ${r.b} (${r.b_run_id}). ◆ marks a change whose 95% intervals do not overlap.`),
        el('table', { id: 'comparison-table' },
          el('thead', {}, el('tr', {}, ['Strategy', 'Metric', 'A', 'B', 'Δ (B − A)'].map(h => el('th', {}, h)))),
          el('tbody', {}, r.deltas.map(d => {
            if (d.note) return el('tr', {}, el('td', {}, d.strategy), el('td', { colspan: 4, class: 'muted' }, d.note));
            const better = d.delta && d.higher_is_better !== null ? (d.delta > 0) === d.higher_is_better : null;
            const delta = d.delta === null ? '—' : (d.delta > 0 ? '+' : '') + (d.is_rate ? (d.delta * 100).toFixed(1) + ' pp' : d.delta.toFixed(2));
            return el('tr', {}, el('td', {}, d.strategy), el('td', {}, d.metric), el('td', { class: 'num' }, value(d, d.a)), el('td', { class: 'num' }, value(d, d.b)),
              el('td', { class: 'num ' + (better === null ? '' : better ? 'delta-up' : 'delta-down') }, delta + (d.ci_separated ? ' ◆' : '')));
          }))));
    } catch (e) {
      showError(target, e);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('compare').addEventListener('click', () => busy($('compare'), compare()));
    AlignLab.onKey(load);
  });
})();
