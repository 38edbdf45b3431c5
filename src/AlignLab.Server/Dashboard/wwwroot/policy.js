'use strict';
(() => {
  const { el, api, clear, showError, busy, loadArms } = AlignLab;
  const svgNs = 'http://www.w3.org/2000/svg';
  let servingYaml = '';
  let timer = 0;
  let sequence = 0;

  const $ = id => document.getElementById(id);

  function svg(tag, attrs, text) {
    const node = document.createElementNS(svgNs, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  let editor = null;

  function jumpTo(line, column) {
    editor.jumpTo(line, column);
  }

  function showCaret(line, column, here) {
    $('cursor').textContent = `line ${line}, column ${column}`;
    const target = clear($('line-diagnostic'));
    for (const d of here) {
      target.append(el('div', { class: 'sev-' + d.severity }, `${d.line}:${d.column} ${d.severity} ${d.code}: ${d.message}`,
        d.hint ? el('span', { class: 'muted' }, ` — ${d.hint}`) : null));
    }
  }

  function renderDiagnostics(diagnostics, valid, summary) {
    const status = $('status');
    status.textContent = valid ? `✓ valid${summary ? ' — ' + summary : ''}` : `✗ ${diagnostics.filter(d => d.severity === 'error').length} error(s)`;
    status.className = 'status ' + (valid ? 'valid' : 'invalid');
    editor.setDiagnostics(diagnostics);
    const list = clear($('diagnostics'));
    for (const d of diagnostics) {
      list.append(el('li', {}, el('button', {
        type: 'button', class: 'sev-' + d.severity, title: d.hint || '', onclick: () => jumpTo(d.line, d.column),
      }, `${d.line}:${d.column} ${d.severity} ${d.code}: ${d.message}`, d.hint ? el('span', { class: 'muted' }, ` — ${d.hint}`) : null)));
    }
  }

  async function validate() {
    const mine = ++sequence;
    const yaml = $('yaml').value;
    try {
      const r = await api('/api/policies/validate', { body: { yaml } });
      if (mine !== sequence) return; // a newer edit is being validated
      renderDiagnostics(r.diagnostics, r.valid, r.valid ? `${r.name}, ${r.rules} rules` : '');
    } catch (e) {
      if (mine === sequence) showError($('diagnostics'), e);
    }
  }

  function scheduleValidation() {
    clearTimeout(timer);
    $('status').textContent = 'checking…';
    $('status').className = 'status';
    timer = setTimeout(validate, 400);
  }

  function drawGraph(policy) {
    const target = clear($('graph'));
    const rules = [...policy.rules].sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
    if (!rules.length) { target.append(el('p', { class: 'muted' }, 'This policy has no rules.')); return; }
    const rowHeight = 26;
    const boxWidth = 230;
    const top = 12;
    const index = new Map(rules.map((r, i) => [r.id, i]));
    const maxSpan = Math.max(1, ...policy.overlaps.map(o => Math.abs(index.get(o.first) - index.get(o.second))));
    const width = boxWidth + 40 + Math.min(260, 30 + maxSpan * 14);
    const height = top * 2 + rules.length * rowHeight;
    const graph = svg('svg', { class: 'graph', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Rule graph' });
    const defs = svg('defs', {});
    for (const [name, colour] of [['arrow', '#5d6778'], ['arrow-conflict', '#b42318']]) {
      const marker = svg('marker', { id: name, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
      marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: colour }));
      defs.append(marker);
    }
    graph.append(defs);
    const y = i => top + i * rowHeight + rowHeight / 2;
    for (const o of policy.overlaps) {
      const a = index.get(o.first);
      const b = index.get(o.second);
      if (a === undefined || b === undefined) continue;
      const winner = index.get(o.winner);
      const [from, to] = winner === a ? [b, a] : [a, b];
      const bulge = 30 + Math.abs(a - b) * 14;
      const x = boxWidth + 8;
      const path = svg('path', {
        d: `M ${x} ${y(from)} C ${x + bulge} ${y(from)}, ${x + bulge} ${y(to)}, ${x + 2} ${y(to)}`,
        fill: 'none', stroke: o.conflict ? '#b42318' : '#8a94a6', 'stroke-width': o.conflict ? 2 : 1.3,
        'stroke-dasharray': o.conflict ? '' : '4 3', 'marker-end': `url(#${o.conflict ? 'arrow-conflict' : 'arrow'})`,
      });
      path.append(svg('title', {}, `${o.first} ∩ ${o.second}: ${o.winner} wins (${o.reason})${o.shared.length ? ' — shared: ' + o.shared.join(', ') : ''}`));
      graph.append(path);
    }
    const colours = { allow: '#1c7c4a', log_only: '#5d6778', block: '#b42318', refuse_politely: '#b42318', escalate: '#9a6700', add_warning: '#9a6700', add_disclaimer: '#9a6700', redact: '#7a3fb8', redirect_positive: '#2f5bd3' };
    rules.forEach((r, i) => {
      const g = svg('g', { class: 'rule', 'data-rule': r.id });
      g.append(svg('rect', { x: 4, y: y(i) - 10, width: boxWidth, height: 20, rx: 5, fill: r.enabled ? '#fff' : '#f0f1f4', stroke: colours[r.action] || '#2f5bd3' }));
      g.append(svg('rect', { x: 4, y: y(i) - 10, width: 5, height: 20, rx: 2, fill: colours[r.action] || '#2f5bd3' }));
      const label = `${r.id} · ${r.action}${r.enabled ? '' : ' (off)'}`;
      g.append(svg('text', { x: 14, y: y(i) + 4 }, label.length > 34 ? label.slice(0, 33) + '…' : label));
      g.append(svg('title', {}, `${r.id}: ${r.action}, priority ${r.priority}${r.category ? ', category ' + r.category : ''}, line ${r.line}`));
      g.addEventListener('click', () => jumpTo(r.line, 1));
      g.style.cursor = 'pointer';
      graph.append(g);
    });
    target.append(graph, el('p', { class: 'muted small' }, `${rules.length} rules, ${policy.overlaps.length} overlaps (${policy.overlaps.filter(o => o.conflict).length} conflicting). Click a rule to jump to it.`));
  }

  async function loadPolicy() {
    const arm = $('arm').value;
    const policy = await api('/api/policies/' + encodeURIComponent(arm));
    servingYaml = policy.yaml || '';
    $('yaml').value = servingYaml;
    editor.setDiagnostics([]);
    $('serving').textContent = `serving ${policy.policy} (${policy.version}) from ${policy.source}`;
    drawGraph(policy);
    scheduleValidation();
  }

  async function save() {
    const target = clear($('save-result'));
    const r = await api(`/api/policies/${encodeURIComponent($('arm').value)}/reload`, { body: { yaml: $('yaml').value, persist: true }, withStatus: true, accept: [422] });
    if (r.status === 200) {
      target.append(el('div', { class: 'ok', role: 'status' }, `Reloaded: now serving ${r.json.serving_policy} (${r.json.serving_version}).`));
      await loadArms($('arm'));
      await loadPolicy();
    } else {
      target.append(el('div', { class: 'error', role: 'alert' }, `Not reloaded: ${r.json.error}. Still serving ${r.json.serving_policy} (${r.json.serving_version}).`));
      renderDiagnostics(r.json.diagnostics, false, '');
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    const area = $('yaml');
    editor = YamlEditor.create(area, $('yaml-view'), showCaret);
    area.addEventListener('input', scheduleValidation);
    $('arm').addEventListener('change', () => loadPolicy().catch(e => showError($('save-result'), e)));
    $('save').addEventListener('click', () => busy($('save'), save().catch(e => showError($('save-result'), e))));
    $('revert').addEventListener('click', () => { area.value = servingYaml; editor.render(); scheduleValidation(); });
    AlignLab.onKey(() => loadArms($('arm')).then(loadPolicy).catch(e => showError($('save-result'), e)));
  });
})();
