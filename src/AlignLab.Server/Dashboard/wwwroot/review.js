'use strict';
(() => {
  const { el, api, clear, showError, busy, actionBadge } = AlignLab;
  const $ = id => document.getElementById(id);

  function prettyTrace(json) {
    try { return JSON.stringify(JSON.parse(json), null, 2); } catch { return json; }
  }

  /**
   * What escalated the exchange and whether anything scored it, read from the decision trace: a rule (with its
   * severity) or a category, and whether a classifier or judge produced the unsafe score. A rule can escalate a text
   * the classifier scores low, so the score alone says little.
   */
  function origin(item) {
    let trace = null;
    try { trace = JSON.parse(item.trace_json); } catch { /* shown raw below */ }
    const events = (trace && Array.isArray(trace.events)) ? trace.events : [];
    const decisions = events.map(e => e.decision).filter(d => d && (d.deciding_rule || d.deciding_category));
    const decision = decisions.find(d => d.action === (trace && trace.final_action)) || decisions[0];
    let by = null;
    if (decision && decision.deciding_rule) {
      const match = (decision.matches || []).find(m => m.rule_id === decision.deciding_rule);
      by = `rule ${decision.deciding_rule}${match && match.severity ? ` (${match.severity})` : ''}`;
    } else if (decision) {
      by = `category ${decision.deciding_category}`;
    } else {
      const judge = events.find(e => Array.isArray(e.detectors) && e.detectors.some(d => d.flagged));
      if (judge) by = judge.kind;
    }
    const scored = events.some(e => (e.decision && e.decision.scores) || (Array.isArray(e.detectors) && e.detectors.length));
    return { by, scored };
  }

  function card(item) {
    const note = el('textarea', { rows: 2, class: 'note', placeholder: 'Note for the record (optional)', 'aria-label': 'Reviewer note' });
    const result = el('div', { class: 'decision-result' });
    const decide = async (verdict, button) => {
      try {
        const decided = await api(`/api/review/${encodeURIComponent(item.id)}/decision`, { body: { verdict, note: note.value || null } });
        const replacement = card(decided);
        box.replaceWith(replacement);
        replacement.querySelector('.decision-result').append(el('div', { class: 'ok', role: 'status' }, `Recorded: ${decided.status} by ${decided.reviewer}.`));
        refreshCounts();
      } catch (e) {
        showError(result, e);
      }
      return button;
    };
    const approve = el('button', { type: 'button', class: 'good approve' }, 'Approve');
    const reject = el('button', { type: 'button', class: 'bad reject' }, 'Reject');
    approve.addEventListener('click', () => busy(approve, decide('approve', approve)));
    reject.addEventListener('click', () => busy(reject, decide('reject', reject)));
    const { by, scored } = origin(item);
    const score = scored
      ? el('span', { class: 'score', title: 'The highest unsafe probability the classifier or a judge gave this exchange (0–1)' },
        `unsafe score ${item.score.toFixed(2)}`)
      : el('span', { class: 'score', title: 'No classifier or judge scored this exchange' }, 'no unsafe score');
    const box = el('article', { class: 'card review-item', dataset: { id: item.id, status: item.status } },
      el('header', {}, actionBadge(item.status), el('b', {}, item.reason),
        by ? el('span', { class: 'decided-by' }, `by ${by}`) : null,
        el('span', { class: 'muted small' }, item.policy, ' · ', score, ' · ', new Date(item.created_at).toLocaleString()),
        item.categories.map(c => el('span', { class: 'badge' }, c))),
      el('h3', {}, 'Prompt'), el('div', { class: 'answer prompt' }, item.prompt),
      item.response !== null ? [el('h3', {}, 'Response'), el('div', { class: 'answer' }, item.response)] : null,
      el('details', {}, el('summary', {}, 'Decision trace'), el('pre', {}, prettyTrace(item.trace_json))),
      item.status === 'pending'
        ? el('div', {}, note, el('div', { class: 'row' }, approve, reject))
        : el('p', { class: 'small decided' }, `${item.status} by ${item.reviewer} at ${new Date(item.decided_at).toLocaleString()}`, item.note ? el('span', {}, ` — “${item.note}”`) : null),
      result);
    return box;
  }

  async function refreshCounts() {
    try {
      const data = await api('/api/review?status=pending&limit=1');
      $('counts').textContent = `${data.pending} pending`;
    } catch { /* the list shows the error */ }
  }

  async function load() {
    const target = $('items');
    try {
      const data = await api('/api/review?status=' + encodeURIComponent($('status-filter').value));
      clear(target);
      $('counts').textContent = `${data.pending} pending`;
      if (!data.items.length) target.append(el('p', { class: 'muted', id: 'empty' }, 'Nothing here.'));
      for (const item of data.items) target.append(card(item));
    } catch (e) {
      showError(target, e);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('status-filter').addEventListener('change', load);
    $('refresh').addEventListener('click', () => busy($('refresh'), load()));
    AlignLab.onKey(load);
  });
})();
