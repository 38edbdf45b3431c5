'use strict';
(() => {
  const { el, api, clear, showError, busy, loadArms } = AlignLab;
  const $ = id => document.getElementById(id);
  let source = null;

  async function generate() {
    const prompt = $('prompt').value;
    if (!prompt.trim()) { showError($('save-result'), 'Type a prompt first.'); return; }
    clear($('save-result'));
    try {
      const r = await api('/api/dashboard/compare', { body: { prompt, arm: $('arm').value || null } });
      $('response-a').value = r.base.error ? '' : r.base.text;
      $('response-b').value = r.aligned.error ? '' : r.aligned.text;
      $('source-a').textContent = '(base model)';
      $('source-b').textContent = `(aligned, ${r.aligned.action})`;
      source = 'base-vs-aligned';
      for (const id of ['choice-a', 'choice-b']) $(id).classList.remove('picked');
    } catch (e) {
      showError($('save-result'), e);
    }
  }

  function edited() {
    source = null;
    $('source-a').textContent = '';
    $('source-b').textContent = '';
  }

  async function prefer(which) {
    const target = clear($('save-result'));
    const a = $('response-a').value;
    const b = $('response-b').value;
    const [chosen, rejected] = which === 'a' ? [a, b] : [b, a];
    try {
      const r = await api('/api/preferences', { body: { prompt: $('prompt').value, chosen, rejected, reason: $('reason').value || null, source } });
      $('choice-' + which).classList.add('picked');
      $('choice-' + (which === 'a' ? 'b' : 'a')).classList.remove('picked');
      target.append(el('div', { class: 'ok', role: 'status' }, `Saved pair #${r.id}: response ${which.toUpperCase()} preferred.`));
      $('reason').value = '';
      await loadPairs();
    } catch (e) {
      showError(target, e);
    }
  }

  async function loadPairs() {
    const target = $('pairs');
    try {
      const data = await api('/api/preferences?limit=20');
      $('count').textContent = `(${data.count} stored)`;
      clear(target);
      if (!data.pairs.length) { target.append(el('p', { class: 'muted' }, 'No pairs yet.')); return; }
      target.append(el('table', { id: 'pairs-table' },
        el('thead', {}, el('tr', {}, ['#', 'Prompt', 'Chosen', 'Rejected', 'Reason', 'Rater'].map(h => el('th', {}, h)))),
        el('tbody', {}, data.pairs.map(p => el('tr', {},
          el('td', {}, p.id), el('td', {}, clip(p.prompt)), el('td', {}, clip(p.chosen)), el('td', {}, clip(p.rejected)),
          el('td', {}, p.reason ?? ''), el('td', {}, p.rater))))));
    } catch (e) {
      showError(target, e);
    }
  }

  function clip(text) {
    return text.length > 140 ? text.slice(0, 139) + '…' : text;
  }

  async function exportJsonl() {
    const preview = $('export-preview');
    try {
      const response = await api('/api/preferences/export', { raw: true });
      const text = await response.text();
      const lines = text.split('\n').filter(l => l.length);
      preview.hidden = false;
      preview.textContent = lines.length ? lines.slice(-10).join('\n') + (lines.length > 10 ? `\n… (${lines.length} lines in all; the last 10 shown)` : '') : '(no pairs yet)';
      const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
      const link = el('a', { href: url, download: 'preferences.jsonl' });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      showError($('pairs'), e);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('generate').addEventListener('click', () => busy($('generate'), generate()));
    $('prefer-a').addEventListener('click', () => busy($('prefer-a'), prefer('a')));
    $('prefer-b').addEventListener('click', () => busy($('prefer-b'), prefer('b')));
    $('export').addEventListener('click', () => busy($('export'), exportJsonl()));
    $('response-a').addEventListener('input', edited);
    $('response-b').addEventListener('input', edited);
    AlignLab.onKey(() => {
      loadPairs();
      loadArms($('arm')).catch(e => showError($('save-result'), e));
    });
  });
})();
