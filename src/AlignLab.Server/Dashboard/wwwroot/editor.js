// The constitution editor's text box: a plain <textarea> (typing, undo, selection and input methods work as usual)
// laid exactly over a <pre> that shows the same text with line numbers, YAML colours, and the lines and columns of the
// validation diagnostics marked. Both wrap long lines the same way (same font, width and padding), and the <pre>
// follows the textarea's scrolling. No inline script or style: the look is in style.css (classes only).
'use strict';

const YamlEditor = (() => {
  const actions = 'allow|log_only|add_disclaimer|add_warning|redact|redirect_positive|refuse_politely|escalate|block';
  // Strings, flow-mapping keys, literals, action names, flow punctuation; block keys are found first, separately.
  const token = new RegExp([
    `("(?:[^"\\\\]|\\\\.)*"?|'(?:[^']|'')*'?)`, // 1 string
    `([A-Za-z_][\\w.-]*)(?=\\s*:(?:\\s|$))`, // 2 key in a flow mapping
    `\\b(true|false|null|yes|no|~)\\b`, // 3 literal
    `(-?\\b\\d+(?:\\.\\d+)?\\b)`, // 4 number
    `\\b(${actions})\\b`, // 5 action
    `([{}\\[\\],|>])`, // 6 punctuation
  ].join('|'), 'g');
  const blockKey = /^(\s*(?:-\s+)?)([A-Za-z0-9_.-]+|"[^"]*"|'[^']*')\s*:(?=\s|$)/;

  /** Index of a comment's '#' (outside quotes, at the start or after a space), or the line's length. */
  function commentStart(line) {
    let single = false;
    let double = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (double && c === '\\') { i++; continue; }
      if (c === "'" && !double) single = !single;
      else if (c === '"' && !single) double = !double;
      else if (c === '#' && !single && !double && (i === 0 || /\s/.test(line[i - 1]))) return i;
    }
    return line.length;
  }

  /** One class letter per character: k key, s string, l literal, n number, a action, p punctuation, c comment. */
  function classify(line) {
    const cls = new Array(line.length).fill('');
    const end = commentStart(line);
    cls.fill('c', end);
    const code = line.slice(0, end);
    const dash = /^(\s*)-(?=\s|$)/.exec(code);
    if (dash) cls[dash[1].length] = 'p';
    let from = 0;
    const key = blockKey.exec(code);
    if (key) {
      cls.fill('k', key[1].length, key[1].length + key[2].length);
      from = key[0].length;
    }
    token.lastIndex = from;
    for (let m = token.exec(code); m; m = token.exec(code)) {
      const kind = m[1] ? 's' : m[2] ? 'k' : m[3] ? 'l' : m[4] ? 'n' : m[5] ? 'a' : 'p';
      cls.fill(kind, m.index, m.index + m[0].length);
      if (m[0].length === 0) token.lastIndex++;
    }
    return cls;
  }

  /** The span a diagnostic at 1-based column points at: from that column to the end of its word. */
  function markRange(line, column) {
    const start = Math.max(0, Math.min(line.length, column - 1));
    let end = start;
    while (end < line.length && !/[\s,{}[\]]/.test(line[end])) end++;
    return [start, Math.max(end, start + 1)];
  }

  function renderLine(text, n, diagnostics) {
    const div = document.createElement('div');
    const worst = diagnostics.some(d => d.severity === 'error') ? 'error' : diagnostics.length ? 'warning' : '';
    div.className = 'line' + (worst ? ' has-' + worst : '');
    div.dataset.n = String(n);
    const cls = classify(text);
    const mark = new Array(text.length + 1).fill('');
    for (const d of diagnostics) {
      const [start, end] = markRange(text, d.column || 1);
      mark.fill(d.severity === 'error' ? 'error' : mark[start] || 'warning', start, end);
    }
    const padded = mark[text.length] ? text + ' ' : text; // a mark past the end of the line marks a space
    let run = '';
    let runKey = null;
    const flush = () => {
      if (!run) return;
      const [c, m] = runKey.split('|');
      if (!c && !m) div.append(run);
      else {
        const span = document.createElement('span');
        span.className = [c ? 't-' + c : '', m ? 'mark-' + m : ''].filter(Boolean).join(' ');
        span.textContent = run;
        div.append(span);
      }
      run = '';
    };
    for (let i = 0; i < padded.length; i++) {
      const k = `${cls[i] || ''}|${mark[i] || ''}`;
      if (k !== runKey) { flush(); runKey = k; }
      run += padded[i];
    }
    flush();
    if (!padded.length) div.append(' '); // an empty line keeps its height
    return div;
  }

  /**
   * Wires a textarea and the pre behind it. onCaret(line, column, diagnosticsOnThatLine) is called as the caret moves.
   * Returns { render, setDiagnostics, jumpTo }.
   */
  function create(area, view, onCaret) {
    let diagnostics = [];
    let pending = 0;

    function render() {
      pending = 0;
      const byLine = new Map();
      for (const d of diagnostics) {
        if (!d.line) continue;
        if (!byLine.has(d.line)) byLine.set(d.line, []);
        byLine.get(d.line).push(d);
      }
      const lines = area.value.split('\n');
      const fragment = document.createDocumentFragment();
      lines.forEach((text, i) => fragment.append(renderLine(text, i + 1, byLine.get(i + 1) || [])));
      view.replaceChildren(fragment);
      view.classList.toggle('wide-gutter', lines.length >= 1000);
      sync();
    }

    function schedule() {
      if (!pending) pending = requestAnimationFrame(render);
    }

    function sync() {
      view.scrollTop = area.scrollTop;
      view.scrollLeft = area.scrollLeft;
    }

    function caret() {
      const before = area.value.slice(0, area.selectionStart);
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      onCaret(line, column, diagnostics.filter(d => d.line === line));
    }

    /** Offset in the text of a 1-based line and column. */
    function offsetOf(line, column) {
      const text = area.value;
      let offset = 0;
      for (let l = 1; l < line; l++) {
        const next = text.indexOf('\n', offset);
        if (next < 0) return text.length;
        offset = next + 1;
      }
      const eol = text.indexOf('\n', offset);
      return Math.min(eol < 0 ? text.length : eol, offset + Math.max(0, column - 1));
    }

    function jumpTo(line, column) {
      if (pending) { cancelAnimationFrame(pending); render(); }
      const at = offsetOf(line, column);
      area.focus({ preventScroll: true });
      area.setSelectionRange(at, at);
      const target = view.children[line - 1];
      if (target) {
        area.scrollTop = Math.max(0, target.offsetTop - area.clientHeight / 3);
        target.classList.add('flash');
        setTimeout(() => target.classList.remove('flash'), 1500);
      }
      sync();
      caret();
    }

    area.addEventListener('input', schedule);
    area.addEventListener('scroll', sync);
    for (const type of ['keyup', 'click', 'select', 'focus']) area.addEventListener(type, caret);
    new ResizeObserver(schedule).observe(area);
    area.addEventListener('keydown', e => {
      if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey) {
        e.preventDefault();
        area.setRangeText('  ', area.selectionStart, area.selectionEnd, 'end');
        area.dispatchEvent(new Event('input'));
      }
    });

    return {
      render,
      setDiagnostics(list) { diagnostics = list || []; render(); caret(); },
      jumpTo,
    };
  }

  return { create, classify };
})();
