'use strict';
// The blinded rating page: answers arrive as "a" and "b" in this rater's order and go in via textContent only;
// nothing on the page (text or attributes) says which model wrote an answer or where it stood in the file.
(() => {
  const { el, api, clear, showError, busy } = AlignLab;
  const $ = id => document.getElementById(id);
  let batch = null;
  let position = 0;
  let current = null;
  let scale = null;
  let choice = null;

  const choiceOf = s => (s < 4 ? 'a' : s > 4 ? 'b' : 'tie');
  const defaultScale = { a: 2, tie: 4, b: 6 };

  function renderScale() {
    const box = $('scale');
    for (let s = 1; s <= 7; s++) {
      const input = el('input', { type: 'radio', name: 'scale', id: 'scale-' + s, value: String(s) });
      input.addEventListener('change', () => setScale(s));
      box.append(el('label', { for: 'scale-' + s }, input, String(s)));
    }
  }

  function setScale(s) {
    scale = s;
    choice = choiceOf(s);
    show();
  }

  function setChoice(c) {
    choice = c;
    if (scale === null || choiceOf(scale) !== c) scale = defaultScale[c];
    show();
  }

  function show() {
    for (let s = 1; s <= 7; s++) $('scale-' + s).checked = scale === s;
    for (const c of ['a', 'tie', 'b']) $('pick-' + c).setAttribute('aria-pressed', String(choice === c));
    $('choice-a').classList.toggle('picked', choice === 'a');
    $('choice-b').classList.toggle('picked', choice === 'b');
  }

  async function loadBatches(select) {
    const data = await api('/api/ratings/batches');
    const target = $('batch');
    const keep = select ?? target.value;
    clear(target);
    for (const b of data.batches) {
      target.append(el('option', { value: String(b.id) }, `#${b.id} ${b.name} (${b.items} items, you rated ${b.rated_by_you})`));
    }
    if (!data.batches.length) {
      $('agreement').textContent = 'No queue yet: import a file.';
      $('item').hidden = true;
      return;
    }
    target.value = keep && data.batches.some(b => String(b.id) === String(keep)) ? String(keep) : String(data.batches[0].id);
    await openBatch(Number(target.value));
  }

  async function openBatch(id) {
    batch = id;
    position = 0;
    await loadItem();
    await loadAgreement();
  }

  async function loadItem() {
    clear($('item-error'));
    try {
      current = await api(`/api/ratings/batches/${batch}/items/${position}`);
    } catch (e) {
      showError($('item-error'), e);
      return;
    }
    $('prompt').textContent = current.prompt;
    $('answer-a').textContent = current.a;
    $('answer-b').textContent = current.b;
    $('reason').value = current.rating && current.rating.reason ? current.rating.reason : '';
    scale = current.rating ? current.rating.scale : null;
    choice = current.rating ? current.rating.choice : null;
    $('saved').textContent = current.rating ? 'You rated this item; saving replaces your rating.' : '';
    $('progress').textContent = `Item ${current.position + 1} of ${current.total} · you rated ${current.rated_by_you}`;
    $('item').hidden = false;
    show();
  }

  async function move(delta) {
    if (!current) return;
    const next = position + delta;
    if (next < 0 || next >= current.total) return;
    position = next;
    await loadItem();
  }

  async function submit() {
    if (!current) return;
    if (choice === null || scale === null) {
      showError($('item-error'), 'Pick a scale value (1–7) or a choice (a, b, t) first.');
      return;
    }
    try {
      const r = await api(`/api/ratings/items/${current.item}`, { body: { choice, scale, reason: $('reason').value || null } });
      $('saved').textContent = `Saved · you rated ${r.rated_by_you}`;
      await loadAgreement();
      if (position + 1 < current.total) await move(1); else await loadItem();
    } catch (e) {
      showError($('item-error'), e);
    }
  }

  async function loadAgreement() {
    const target = $('agreement');
    try {
      const a = await api(`/api/ratings/batches/${batch}/agreement`);
      const name = a.method === 'cohen' ? "Cohen's κ" : a.method === 'fleiss' ? "Fleiss' κ" : null;
      target.textContent = name === null
        ? `Agreement needs two raters (${a.raters} so far, ${a.ratings} ratings).`
        : `${name} = ${a.kappa === null ? 'undefined (every rating in one category)' : a.kappa.toFixed(3)} over ${a.items} items (${a.raters} raters, ${a.ratings} ratings; ` +
          `observed agreement ${a.observed_agreement === null ? '–' : (a.observed_agreement * 100).toFixed(1) + '%'})`;
    } catch (e) {
      showError(target, e);
    }
  }

  async function importFile() {
    const target = clear($('import-result'));
    const file = $('import-file').files[0];
    if (!file) { showError(target, 'Choose a file first.'); return; }
    try {
      const r = await api('/api/ratings/import?name=' + encodeURIComponent($('import-name').value.trim()),
        { text: await file.text(), contentType: 'application/x-ndjson', accept: [400] });
      if (r.error) target.append(el('div', { class: 'error', role: 'alert' }, r.error.message));
      else target.append(el('div', { class: 'ok', role: 'status' }, `Imported ${r.items} items as queue #${r.batch}.`));
      if (r.malformed) {
        target.append(el('p', {}, `${r.malformed} line(s) skipped:`),
          el('ul', { id: 'import-errors' }, r.errors.map(x => el('li', {}, x.line ? `line ${x.line}: ${x.message}` : x.message))));
      }
      if (!r.error) await loadBatches(r.batch);
    } catch (e) {
      showError(target, e);
    }
  }

  async function exportPairs() {
    const summary = $('export-summary');
    try {
      const response = await api(`/api/ratings/batches/${batch}/export`, { raw: true });
      const text = await response.text();
      const h = n => response.headers.get('X-AlignLab-' + n) || '0';
      summary.textContent = `${h('Pairs')} pairs exported; left out: ${h('Ties')} ties, ${h('Disagreements')} disagreements, ${h('Unrated')} unrated.`;
      const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
      const link = el('a', { href: url, download: `ratings-${batch}-pairs.jsonl` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      showError(summary, e);
    }
  }

  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey || !current || $('item').hidden) return;
    const typing = e.target instanceof HTMLInputElement && e.target.type === 'text';
    const inItem = e.target === document.body || $('item').contains(e.target);
    if (e.key === 'Enter' && inItem) { e.preventDefault(); busy($('submit'), submit()); return; }
    if (typing || e.target.id === 'api-key') { if (e.key === 'Escape') e.target.blur(); return; }
    if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement) return;
    if (/^[1-7]$/.test(e.key)) setScale(Number(e.key));
    else if (e.key === 'a' || e.key === 'b') setChoice(e.key);
    else if (e.key === 't') setChoice('tie');
    else if (e.key === 'n') move(1);
    else if (e.key === 'p') move(-1);
    else return;
    e.preventDefault();
  }

  document.addEventListener('DOMContentLoaded', () => {
    renderScale();
    $('pick-a').addEventListener('click', () => setChoice('a'));
    $('pick-b').addEventListener('click', () => setChoice('b'));
    $('pick-tie').addEventListener('click', () => setChoice('tie'));
    $('submit').addEventListener('click', () => busy($('submit'), submit()));
    $('prev').addEventListener('click', () => move(-1));
    $('next').addEventListener('click', () => move(1));
    $('import').addEventListener('click', () => busy($('import'), importFile()));
    $('export').addEventListener('click', () => busy($('export'), exportPairs()));
    $('batch').addEventListener('change', () => openBatch(Number($('batch').value)));
    document.addEventListener('keydown', onKey);
    AlignLab.onKey(() => loadBatches().catch(e => showError($('item-error'), e)));
  });
})();
