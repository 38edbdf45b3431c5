# Reference ids for WordPieceTokenizerTests: the uncased BERT algorithm (transformers BasicTokenizer with do_lower_case,
# tokenize_chinese_chars and accent stripping, then WordpieceTokenizer with max 100 chars a word) over Python unicodedata.
# Usage: python3 reference_wordpiece.py vocab.txt < texts.jsonl   (one JSON string a line)
import unicodedata, sys, json
vocab = {}
for i, l in enumerate(open(sys.argv[1], encoding='utf-8')):
    vocab[l.rstrip('\n')] = i
def is_ws(c): return c in ' \t\n\r' or unicodedata.category(c) == 'Zs'
def is_ctrl(c):
    if c in '\t\n\r': return False
    return unicodedata.category(c).startswith('C')
def is_punc(c):
    cp = ord(c)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126: return True
    return unicodedata.category(c).startswith('P')
def is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)
def basic(text):
    out = []
    for c in text:
        cp = ord(c)
        if cp == 0 or cp == 0xFFFD or is_ctrl(c): continue
        out.append(' ' if is_ws(c) else c)
    text = ''.join(out)
    out = []
    for c in text:
        if is_cjk(ord(c)): out += [' ', c, ' ']
        else: out.append(c)
    toks = ''.join(out).split()
    res = []
    for t in toks:
        t = t.lower()
        t = ''.join(c for c in unicodedata.normalize('NFD', t) if unicodedata.category(c) != 'Mn')
        cur = []
        for c in t:
            if is_punc(c):
                if cur: res.append(''.join(cur)); cur = []
                res.append(c)
            else: cur.append(c)
        if cur: res.append(''.join(cur))
    return res
def wordpiece(tok):
    if len(tok) > 100: return [vocab['[UNK]']]
    ids = []; start = 0
    while start < len(tok):
        end = len(tok); cur = None
        while start < end:
            s = tok[start:end]
            if start > 0: s = '##' + s
            if s in vocab: cur = vocab[s]; break
            end -= 1
        if cur is None: return [vocab['[UNK]']]
        ids.append(cur); start = end
    return ids
for line in sys.stdin:
    text = json.loads(line)
    ids = [i for t in basic(text) for i in wordpiece(t)]
    print(json.dumps(text, ensure_ascii=True), ids)
