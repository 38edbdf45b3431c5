'use strict';
(() => {
  const { el, api, clear, showError, busy, percent } = AlignLab;

  /** The text with each explanation span wrapped in <mark>; overlapping spans after the first are skipped. */
  function highlight(text, phrases) {
    const spans = phrases
      .filter(p => Number.isInteger(p.start) && Number.isInteger(p.end) && p.start >= 0 && p.end <= text.length && p.end > p.start)
      .sort((x, y) => x.start - y.start);
    const out = el('div', { class: 'highlighted answer', id: 'highlighted' });
    let at = 0;
    for (const p of spans) {
      if (p.start < at) continue;
      out.append(document.createTextNode(text.slice(at, p.start)));
      out.append(el('mark', { title: `contribution ${p.contribution.toFixed(3)}` }, text.slice(p.start, p.end)));
      at = p.end;
    }
    out.append(document.createTextNode(text.slice(at)));
    return out;
  }

  function render(text, r) {
    const target = clear(document.getElementById('result'));
    const flagged = r.unsafe >= r.threshold;
    const scores = Object.entries(r.scores).sort((a, b) => b[1] - a[1]);
    target.append(
      el('section', { class: 'panel' },
        el('div', { class: 'kv' },
          el('div', {}, el('b', {}, 'Label'), el('span', { class: 'badge ' + (flagged ? 'action-block' : 'action-allow'), id: 'label' }, r.label)),
          el('div', {}, el('b', {}, 'Unsafe'), `${percent(r.unsafe)} (threshold ${percent(r.threshold)})`),
          el('div', {}, el('b', {}, 'Confidence'), el('span', { id: 'confidence' }, percent(r.confidence))),
          el('div', {}, el('b', {}, 'Top category'), `${r.top_category.name} (${percent(r.top_category.score)})`)),
        el('h2', {}, 'Highlighted phrases'),
        r.phrases.length ? highlight(text, r.phrases) : el('p', { class: 'muted' }, 'No phrase raised the unsafe score.'),
        r.phrases.length ? el('ol', { class: 'small' }, r.phrases.map(p => el('li', {}, el('code', {}, p.text), ` +${p.contribution.toFixed(3)}`))) : null,
        el('h2', {}, 'Scores by category'),
        el('div', { class: 'bars', id: 'bars' }, scores.flatMap(([name, score]) => [
          el('span', {}, name),
          el('div', { class: 'bar' + (name !== 'safe' && score >= r.threshold ? ' hot' : ''), role: 'img', 'aria-label': `${name} ${percent(score)}` },
            (() => { const s = el('span'); s.style.width = Math.max(0, Math.min(100, score * 100)) + '%'; return s; })()),
          el('span', { class: 'num' }, percent(score)),
        ]))));
  }

  async function classify() {
    const text = document.getElementById('text').value;
    const target = document.getElementById('result');
    if (!text.trim()) { showError(target, 'Type a text to classify.'); return; }
    try {
      render(text, await api('/api/classify', { body: { text, max_phrases: 8 } }));
    } catch (e) {
      showError(target, e);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    const button = document.getElementById('classify');
    button.addEventListener('click', () => busy(button, classify()));
    document.getElementById('text').addEventListener('keydown', e => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) busy(button, classify());
    });
  });
})();
