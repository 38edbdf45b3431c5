// Shared by every dashboard page: the navigation, the API-key box, a fetch helper and small DOM helpers.
// No inline scripts anywhere (the pages are served with a strict CSP); text always goes in via textContent.
'use strict';

const AlignLab = (() => {
  const storageKey = 'alignlab.apiKey';
  const pages = [
    ['/', 'Overview'],
    ['/ui/classify.html', 'Classifier'],
    ['/ui/compare.html', 'Side by side'],
    ['/ui/critique.html', 'Critique → revision'],
    ['/ui/policy.html', 'Constitution'],
    ['/ui/review.html', 'Review queue'],
    ['/ui/preferences.html', 'Preferences'],
    ['/ui/rating.html', 'Blind rating'],
    ['/ui/reports.html', 'Eval reports'],
  ];

  /** Creates an element: el('div', {class: 'x', onclick: f}, 'text', child, ...). Strings become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
      else if (name === 'dataset') Object.assign(node.dataset, value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function getKey() {
    return localStorage.getItem(storageKey) || '';
  }

  /** Calls the gateway with the stored key. Throws an Error carrying the gateway's message (and .status, .body). */
  async function api(path, options = {}) {
    const headers = { Accept: 'application/json' };
    const key = getKey();
    if (key) headers.Authorization = 'Bearer ' + key;
    let body;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    } else if (options.text !== undefined) {
      headers['Content-Type'] = options.contentType || 'text/plain; charset=utf-8';
      body = options.text;
    }
    const response = await fetch(path, { method: options.method || (body ? 'POST' : 'GET'), headers, body });
    if (options.raw && response.ok) return response;
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (options.raw || (!response.ok && !(options.accept || []).includes(response.status))) {
      throw failure(response, json, text);
    }
    return options.withStatus ? { status: response.status, json } : json;
  }

  function failure(response, json, text) {
    let message = json && json.error && json.error.message ? json.error.message : (text || response.statusText);
    if (response.status === 401) message += ' — enter a valid API key at the top right.';
    const error = new Error(`${response.status}: ${message}`);
    error.status = response.status;
    error.body = json;
    return error;
  }

  function showError(target, error) {
    clear(target);
    target.append(el('div', { class: 'error', role: 'alert' }, error && error.message ? error.message : String(error)));
  }

  function busy(button, promise) {
    button.disabled = true;
    button.classList.add('busy');
    return Promise.resolve(promise).finally(() => {
      button.disabled = false;
      button.classList.remove('busy');
    });
  }

  function percent(x, digits = 1) {
    return (x * 100).toFixed(digits) + '%';
  }

  function actionBadge(action) {
    return el('span', { class: 'badge action-' + action }, action);
  }

  function renderChrome() {
    const header = el('header', { class: 'top' },
      el('a', { class: 'brand', href: '/' }, 'AlignLab', el('span', {}, ' research dashboard')),
      el('nav', { 'aria-label': 'Dashboard pages' },
        pages.map(([href, label]) => el('a', {
          href,
          'aria-current': location.pathname === href ? 'page' : null,
        }, label))),
      keyBox());
    document.body.prepend(header);
  }

  function keyBox() {
    const input = el('input', { id: 'api-key', type: 'password', placeholder: 'API key', autocomplete: 'off', 'aria-label': 'API key' });
    input.value = getKey();
    const state = el('span', { class: 'key-state', id: 'key-state' }, getKey() ? 'key saved' : 'no key');
    const save = () => {
      const value = input.value.trim();
      if (value) localStorage.setItem(storageKey, value); else localStorage.removeItem(storageKey);
      state.textContent = value ? 'key saved' : 'no key';
      document.dispatchEvent(new CustomEvent('alignlab:key'));
    };
    input.addEventListener('keydown', e => { if (e.key === 'Enter') save(); });
    return el('form', { class: 'key', onsubmit: e => { e.preventDefault(); save(); } },
      input, el('button', { type: 'submit', id: 'save-key' }, 'Save key'), state);
  }

  /** Fills a <select> with the policy arms (value = arm name). */
  async function loadArms(select) {
    const data = await api('/api/policies');
    const current = select.value;
    clear(select);
    for (const arm of data.arms) {
      select.append(el('option', { value: arm.arm }, `arm ${arm.arm}: ${arm.policy} (${arm.version})`));
    }
    if (current && data.arms.some(a => a.arm === current)) select.value = current;
    return data.arms;
  }

  /** Runs f now (if a key is stored) and whenever the key is saved. */
  function onKey(f) {
    document.addEventListener('alignlab:key', f);
    if (getKey()) f();
  }

  document.addEventListener('DOMContentLoaded', renderChrome);

  return { el, append, clear, api, getKey, showError, busy, percent, actionBadge, loadArms, onKey };
})();
