'use strict';
(() => {
  const { el, api, clear, showError, busy, actionBadge, loadArms } = AlignLab;
  const interventionKinds = new Set(['intervention', 'abort', 'critique_revision', 'refusal', 'escalation', 'pii', 'failure']);

  function traceList(trace) {
    return el('ol', { class: 'trace', id: 'trace' }, trace.events.map(e => el('li', {
      class: interventionKinds.has(e.kind) || e.action !== 'allow' ? 'intervention' : null,
    }, el('span', { class: 'stage' }, `[${e.stage}] ${e.kind}`), ' ', actionBadge(e.action), ' ', e.summary, el('span', { class: 'muted small' }, ` ${e.ms.toFixed(1)} ms`))));
  }

  function side(id, title, data, extra) {
    return el('section', { class: 'panel side', id },
      el('h2', {}, title, extra),
      data.error ? el('div', { class: 'error' }, data.error) : el('div', { class: 'answer' }, data.text ?? ''),
      el('p', { class: 'muted small' }, `${data.ms.toFixed(0)} ms`));
  }

  async function send() {
    const prompt = document.getElementById('prompt').value;
    const target = document.getElementById('result');
    if (!prompt.trim()) { showError(target, 'Type a prompt.'); return; }
    try {
      const r = await api('/api/dashboard/compare', { body: { prompt, arm: document.getElementById('arm').value || null } });
      clear(target);
      const aligned = side('aligned', 'Aligned', r.aligned, actionBadge(r.aligned.action));
      if (r.aligned.trace) {
        const t = r.aligned.trace;
        aligned.append(el('h3', {}, 'What the pipeline did'),
          el('p', { class: 'small muted' }, `policy ${t.policy}, model ${t.model_called ? 'called' : 'not called'}, guard time ${t.guard_ms.toFixed(1)} ms` +
            (t.interventions ? `, ${t.interventions} streaming intervention(s)` : '') + (t.review_id ? `, escalated for review (${t.review_id})` : '')),
          traceList(t));
      }
      target.append(el('div', { class: 'grid2' }, side('base', 'Base model', r.base, el('span', { class: 'badge' }, 'unguarded')), aligned),
        el('p', { class: 'muted small' }, `arm ${r.arm}: ${r.policy} (${r.policy_version})`));
    } catch (e) {
      showError(target, e);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    const button = document.getElementById('send');
    button.addEventListener('click', () => busy(button, send()));
    AlignLab.onKey(() => loadArms(document.getElementById('arm')).catch(e => showError(document.getElementById('result'), e)));
  });
})();
