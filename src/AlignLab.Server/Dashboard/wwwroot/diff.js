// Word-level diff (longest common subsequence over words and the whitespace between them).
'use strict';

const AlignLabDiff = (() => {
  function tokens(text) {
    return (text || '').split(/(\s+)/).filter(t => t.length > 0);
  }

  /** The edit script from a to b: [{op: 'same'|'del'|'ins', text}], adjacent parts of one kind merged. */
  function words(a, b) {
    const x = tokens(a);
    const y = tokens(b);
    const n = x.length;
    const m = y.length;
    if (n * m > 4_000_000) {
      return [{ op: 'del', text: a }, { op: 'ins', text: b }]; // too large to diff in the page
    }
    const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    const parts = [];
    const push = (op, text) => {
      const last = parts[parts.length - 1];
      if (last && last.op === op) last.text += text; else parts.push({ op, text });
    };
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (x[i] === y[j]) { push('same', x[i]); i++; j++; }
      else if (lcs[i + 1][j] >= lcs[i][j + 1]) push('del', x[i++]);
      else push('ins', y[j++]);
    }
    while (i < n) push('del', x[i++]);
    while (j < m) push('ins', y[j++]);
    return parts;
  }

  /** The diff as a <div class="diff"> of text, <del> and <ins>. */
  function render(a, b) {
    const out = document.createElement('div');
    out.className = 'diff';
    for (const part of words(a, b)) {
      if (part.op === 'same') out.append(document.createTextNode(part.text));
      else {
        const node = document.createElement(part.op);
        node.textContent = part.text;
        out.append(node);
      }
    }
    return out;
  }

  return { words, render };
})();
