#!/usr/bin/env python3
"""Validate data/supplement/supplement.jsonl and print counts.

Errors (exit status 1): invalid JSON, missing/ill-typed fields, malformed or duplicate ids, duplicate texts
(exact, case-insensitive or punctuation/space-normalised), label/category mismatch, unknown topic or kind,
a pair that does not resolve both ways to a row with the opposite label and the same topic and kind, a paired
topic below its minimum count, and any exact, case-insensitive or normalised overlap with the texts of
data/contrast/contrast_set.jsonl.
Warnings: paired rows outside 5-60 words, near-duplicates of contrast-set rows, and near-duplicates inside the
supplement (Jaccard >= 0.6 on content tokens, stopwords removed), so they can be reviewed by hand.
Optional --against DIR: exact (normalised) overlaps with the public datasets are errors too.
Usage: python3 data/supplement/validate.py [--contrast PATH] [--against ../shared/data] [--quiet]
"""
import argparse, collections, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
TAXONOMY = {"violent_crimes", "non_violent_crimes", "sex_related_crimes", "child_sexual_exploitation",
            "defamation", "specialized_advice", "privacy", "intellectual_property", "indiscriminate_weapons",
            "hate", "suicide_self_harm", "sexual_content", "elections", "code_interpreter_abuse",
            "jailbreak", "prompt_injection"}
THIN = ["sex_related_crimes", "child_sexual_exploitation", "defamation", "intellectual_property",
        "indiscriminate_weapons", "suicide_self_harm", "sexual_content", "elections", "code_interpreter_abuse",
        "specialized_advice"]
WIDE = ["violent_crimes", "non_violent_crimes", "privacy", "hate", "jailbreak", "prompt_injection"]
MIN_PER_LABEL = {**{t: 100 for t in THIN}, **{t: 40 for t in WIDE}}
KINDS = {"homonym", "figurative", "safe_target", "fiction", "history", "definition", "prevention", "education",
         "safety_seeking", "news_policy", "public_figure", "medical_info", "legal_info", "document", "roleplay",
         "request"}
FIELDS = {"id": str, "text": str, "label": str, "category": str, "topic": str, "pair": str, "kind": str}
ID_RE = re.compile(r"^s\d{5}$")


def norm(t):
    return re.sub(r"[^a-z0-9]+", " ", t.lower()).strip()


STOP = set("""a an the and or but if of to in on at by for with from as is are was were be been being it its this that
these those i me my we our you your he him his she her they them their what which who whom how why when where do does
did can could should would will shall may might must so than then there here not no yes just about into over under
up down out off too very also any some all more most other such own same only""".split())


def toks(t):
    """Content tokens (stopwords dropped) for the near-duplicate checks."""
    return set(norm(t).split()) - STOP


def eval_fold(row):
    """Fixed 20% hold-out by pair: pair number p = ceil(n/2) of the benign id; eval when p % 5 == 0.
    Unpaired benign_general rows use their own id number n: eval when n % 5 == 0."""
    if row["pair"]:
        b = row["id"] if row["label"] == "benign" else row["pair"]
        return ((int(b[1:]) + 1) // 2) % 5 == 0
    return int(row["id"][1:]) % 5 == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default=os.path.join(HERE, "supplement.jsonl"))
    ap.add_argument("--contrast", default=os.path.join(HERE, "..", "contrast", "contrast_set.jsonl"))
    ap.add_argument("--quiet", action="store_true", help="do not list warnings one by one")
    ap.add_argument("--against", help="folder of public datasets: also report exact (normalised) overlaps with them")
    a = ap.parse_args()
    errs, warns, rows = [], [], []
    for n, line in enumerate(open(a.path, encoding="utf-8"), 1):
        if not line.strip():
            errs.append(f"line {n}: blank line")
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            errs.append(f"line {n}: invalid JSON ({e})")
            continue
        bad = [k for k, t in FIELDS.items() if not isinstance(r.get(k), t)]
        bad += [k for k in FIELDS if k != "pair" and isinstance(r.get(k), str) and not r[k].strip()]
        if bad or set(r) - set(FIELDS):
            errs.append(f"line {n}: bad or missing fields {sorted(set(bad))}, extra {sorted(set(r) - set(FIELDS))}")
            continue
        rows.append(r)

    by_id, seen_exact, seen_lower, seen_norm = {}, {}, {}, {}
    for r in rows:
        i = r["id"]
        if not ID_RE.match(i):
            errs.append(f"{i}: malformed id")
        if i in by_id:
            errs.append(f"{i}: duplicate id")
        by_id[i] = r
        for seen, key, what in ((seen_exact, r["text"], "exact"), (seen_lower, r["text"].lower(), "case-insensitive"),
                                (seen_norm, norm(r["text"]), "normalised")):
            if key in seen:
                errs.append(f"{i}: duplicate text ({what}) of {seen[key]}")
            seen.setdefault(key, i)
        if r["label"] not in ("benign", "harmful"):
            errs.append(f"{i}: bad label {r['label']!r}")
        if r["label"] == "benign" and r["category"] != "benign":
            errs.append(f"{i}: benign row must have category 'benign'")
        if r["label"] == "harmful" and r["category"] not in TAXONOMY:
            errs.append(f"{i}: harmful row has unknown category {r['category']!r}")
        if r["topic"] not in TAXONOMY and r["topic"] != "benign_general":
            errs.append(f"{i}: unknown topic {r['topic']!r}")
        if r["label"] == "harmful" and r["category"] != r["topic"]:
            errs.append(f"{i}: harmful row's category and topic differ")
        if r["kind"] not in KINDS:
            errs.append(f"{i}: unknown kind {r['kind']!r}")
        if r["topic"] == "benign_general":
            if r["pair"] or r["label"] != "benign":
                errs.append(f"{i}: benign_general rows must be benign with pair ''")
        else:
            words = len(r["text"].split())
            if not 5 <= words <= 60:
                warns.append(f"{i}: {words} words (paired rows aim for 5-60): {r['text'][:70]!r}")

    for r in rows:
        if not r["pair"]:
            if r["topic"] != "benign_general":
                errs.append(f"{r['id']}: paired topic without a pair")
            continue
        o = by_id.get(r["pair"])
        if o is None:
            errs.append(f"{r['id']}: pair {r['pair']} does not exist")
        elif o["pair"] != r["id"]:
            errs.append(f"{r['id']}: pair {r['pair']} points back to {o['pair']}")
        elif o["label"] == r["label"] or o["topic"] != r["topic"] or o["kind"] != r["kind"]:
            errs.append(f"{r['id']}: pair {o['id']} must have the opposite label and the same topic and kind")

    # overlap with the contrast set (an evaluation set: nothing may be copied from it)
    if os.path.exists(a.contrast):
        ctexts = [json.loads(l) for l in open(a.contrast, encoding="utf-8") if l.strip()]
        cex = {c["text"]: c["id"] for c in ctexts}
        clo = {c["text"].lower(): c["id"] for c in ctexts}
        cno = {norm(c["text"]): c["id"] for c in ctexts}
        ctok = [(c["id"], toks(c["text"]), c["text"]) for c in ctexts]
        for r in rows:
            t = r["text"]
            hit = cex.get(t) or clo.get(t.lower()) or cno.get(norm(t))
            if hit:
                errs.append(f"{r['id']}: text overlaps contrast-set row {hit}")
                continue
            rt = toks(t)
            best = max(((len(rt & ct) / len(rt | ct), cid, ctext) for cid, ct, ctext in ctok if rt | ct),
                       default=(0, "", ""))
            if best[0] >= 0.6:
                warns.append(f"{r['id']}: near-duplicate of contrast {best[1]} (Jaccard {best[0]:.2f}): "
                             f"{t[:60]!r} ~ {best[2][:60]!r}")
    else:
        warns.append(f"contrast set not found at {a.contrast}; overlap check skipped")

    # optional: exact (normalised) overlap with the public datasets, reusing the contrast-set tool's reader
    if a.against:
        sys.path.insert(0, os.path.join(HERE, "..", "tools"))
        from validate_contrast import corpus_texts
        public = corpus_texts(a.against)
        hits = [r["id"] for r in rows if norm(r["text"]) in public]
        print(f"overlap with {a.against}: {len(hits)} row(s) {hits[:20]}")
        for h in hits:
            errs.append(f"{h}: text also occurs in the public data under {a.against}")

    # near-duplicates inside the supplement (candidate pairs share at least one content token)
    index = collections.defaultdict(set)
    tok = {r["id"]: toks(r["text"]) for r in rows}
    for i, t in tok.items():
        for w in t:
            index[w].add(i)
    seen_pairs = set()
    for i, t in tok.items():
        cands = set()
        for w in t:
            if len(index[w]) < 200:
                cands |= index[w]
        for j in cands:
            if j <= i or (i, j) in seen_pairs or not (t | tok[j]):
                continue
            seen_pairs.add((i, j))
            jac = len(t & tok[j]) / len(t | tok[j])
            if jac >= 0.6 and by_id[i]["pair"] != j:
                warns.append(f"{i} ~ {j}: near-duplicate inside the supplement (Jaccard {jac:.2f})")

    # counts
    per = collections.defaultdict(collections.Counter)
    kinds, held = collections.Counter(), collections.Counter()
    for r in rows:
        per[r["topic"]][r["label"]] += 1
        if r["pair"] and r["label"] == "benign":
            kinds[r["kind"]] += 1
        if eval_fold(r):
            held[r["topic"]] += 1
    for t, m in MIN_PER_LABEL.items():
        for lab in ("harmful", "benign"):
            if per[t][lab] < m:
                errs.append(f"{t}: only {per[t][lab]} {lab} rows (minimum {m})")

    print(f"{'topic':28s} {'harmful':>8s} {'benign':>8s} {'eval20%':>8s}")
    for t in THIN + WIDE + ["benign_general"]:
        print(f"{t:28s} {per[t]['harmful']:8d} {per[t]['benign']:8d} {held[t]:8d}")
    th = sum(c["harmful"] for c in per.values())
    tb = sum(c["benign"] for c in per.values())
    print(f"{'total':28s} {th:8d} {tb:8d} {sum(held.values()):8d}   rows={len(rows)}")
    print("pairs per kind: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    wl = [len(r["text"].split()) for r in rows]
    if wl:
        wl.sort()
        print(f"words per row: min {wl[0]}, median {wl[len(wl) // 2]}, max {wl[-1]}; "
              f"all-lowercase rows {sum(1 for r in rows if r['text'] == r['text'].lower())}")
    if warns:
        print(f"\n{len(warns)} warning(s)")
        if not a.quiet:
            for w in warns:
                print("  WARN " + w)
    if errs:
        print(f"\n{len(errs)} error(s)")
        for e in errs[:200]:
            print("  ERROR " + e)
        sys.exit(1)
    print("\nOK")


if __name__ == "__main__":
    main()
