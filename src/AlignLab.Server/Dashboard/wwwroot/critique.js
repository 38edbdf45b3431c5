'use strict';
(() => {
  const { el, api, clear, showError, busy, loadArms } = AlignLab;

  function render(r) {
    const target = clear(document.getElementById('result'));
    target.append(el('section', { class: 'panel', id: 'draft-view' }, el('h2', {}, 'Draft'), el('div', { class: 'answer' }, r.draft)));
    let previous = r.draft;
    for (const round of r.rounds) {
      const box = el('section', { class: 'panel round', dataset: { round: round.round } },
        el('h2', {}, `Round ${round.round} `, el('span', { class: 'badge ' + (round.violation ? 'action-block' : 'action-allow') }, round.violation ? 'violation' : 'no violation'),
          round.score === null ? null : el('span', { class: 'muted small' }, ` score ${round.score}/10`)),
        el('h3', {}, 'Principles'),
        el('ul', {}, round.principles.map(p => el('li', { class: 'principle' }, el('code', {}, p.id), p.description ? ': ' + p.description : ''))),
        el('h3', {}, 'Critique'),
        el('div', { class: 'answer critique' }, round.critique || '—'));
      if (round.revision !== null) {
        box.append(el('h3', {}, 'Revision (changes from the text it revised)'), AlignLabDiff.render(previous, round.revision));
        previous = round.revision;
      }
      target.append(box);
    }
    target.append(el('section', { class: 'panel', id: 'final-view' },
      el('h2', {}, 'Final answer ', el('span', { class: 'badge ' + (r.changed ? 'action-revise' : 'action-allow') }, r.changed ? 'revised' : 'kept')),
      el('p', { class: 'muted small' }, `${r.summary}; ${r.ms.toFixed(0)} ms`),
      el('div', { class: 'answer', id: 'final' }, r.final),
      el('h3', {}, 'Word diff: draft → final'),
      AlignLabDiff.render(r.draft, r.final)));
  }

  async function run() {
    const prompt = document.getElementById('prompt').value;
    const draft = document.getElementById('draft').value;
    const target = document.getElementById('result');
    if (!prompt.trim()) { showError(target, 'Type a prompt.'); return; }
    try {
      render(await api('/api/dashboard/critique', { body: { prompt, draft: draft.trim() ? draft : null, arm: document.getElementById('arm').value || null } }));
    } catch (e) {
      showError(target, e);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    const button = document.getElementById('run');
    button.addEventListener('click', () => busy(button, run()));
    AlignLab.onKey(() => loadArms(document.getElementById('arm')).catch(e => showError(document.getElementById('result'), e)));
  });
})();
