'use strict';
(() => {
  const { el, api, clear, showError, percent } = AlignLab;
  async function load() {
    const target = document.getElementById('arms');
    try {
      const data = await api('/api/policies');
      clear(target).classList.remove('muted');
      target.append(el('table', {},
        el('thead', {}, el('tr', {}, ['Arm', 'Policy', 'Version', 'Rules', 'Source', 'Requests', 'Blocked', 'Upstream'].map(h => el('th', {}, h)))),
        el('tbody', {}, data.arms.map(a => el('tr', {},
          el('td', {}, a.arm), el('td', {}, a.policy), el('td', {}, el('code', {}, a.version)), el('td', {}, a.rules),
          el('td', { class: 'small' }, a.source), el('td', {}, a.stats.requests),
          el('td', {}, a.stats.requests ? percent(a.stats.blocked / a.stats.requests) : '—'),
          el('td', {}, a.upstream ? 'yes' : 'none'))))));
      if (data.arms.length > 1) target.append(el('p', { class: 'muted small' }, `A/B split: ${percent(data.split_fraction_b, 0)} of subjects go to arm b.`));
    } catch (e) {
      showError(target, e);
    }
  }
  document.addEventListener('DOMContentLoaded', () => AlignLab.onKey(load));
})();
