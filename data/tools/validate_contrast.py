#!/usr/bin/env python3
"""Validate data/contrast/contrast_set.jsonl and print counts.

Checks: valid JSON per line, required fields and types, unique ids, unique texts,
label/category consistency, every `pair` resolves both ways and joins a benign item to a
harmful one with the same `topic` and `kind`, taxonomy ids are known.
Optional: --against DIR  also reports exact (normalised) overlaps with texts in a folder of
source datasets (json/jsonl/csv/txt), to show the set is not copied from public data.
Exit status 1 on any error.
"""
import argparse, collections, csv, gzip, json, os, re, sys

TAXONOMY = {"violent_crimes", "non_violent_crimes", "sex_related_crimes", "child_sexual_exploitation",
            "defamation", "specialized_advice", "privacy", "intellectual_property", "indiscriminate_weapons",
            "hate", "suicide_self_harm", "sexual_content", "elections", "code_interpreter_abuse",
            "jailbreak", "prompt_injection"}
REQUIRED = {"id": str, "text": str, "label": str, "category": str, "pair": str, "kind": str}
ID_RE = re.compile(r"^c\d{4}$")


def norm(t):
    return re.sub(r"[^a-z0-9]+", " ", t.lower()).strip()


def strings_in(obj, acc):
    if isinstance(obj, str):
        acc.add(norm(obj))
    elif isinstance(obj, dict):
        for v in obj.values():
            strings_in(v, acc)
    elif isinstance(obj, list):
        for v in obj:
            strings_in(v, acc)


def corpus_texts(root):
    acc = set()
    csv.field_size_limit(10 ** 9)
    for dp, _, fns in os.walk(root):
        for fn in fns:
            p = os.path.join(dp, fn)
            try:
                if fn.endswith(".jsonl.gz"):
                    for l in gzip.open(p, "rt", encoding="utf-8"):
                        strings_in(json.loads(l), acc)
                elif fn.endswith(".jsonl"):
                    for l in open(p, encoding="utf-8"):
                        if l.strip():
                            strings_in(json.loads(l), acc)
                elif fn.endswith(".json"):
                    strings_in(json.load(open(p, encoding="utf-8")), acc)
                elif fn.endswith(".csv"):
                    for row in csv.reader(open(p, encoding="utf-8", newline="")):
                        for cell in row:
                            acc.add(norm(cell))
            except Exception as e:  # report, keep going
                print(f"  (skipped {p}: {e})", file=sys.stderr)
    return acc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default=os.path.join(os.path.dirname(__file__), "..", "contrast",
                                                             "contrast_set.jsonl"))
    ap.add_argument("--against", help="folder of public datasets to check for copied text")
    a = ap.parse_args()
    errs = []
    rows = []
    with open(a.path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                errs.append(f"line {n}: blank line")
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                errs.append(f"line {n}: invalid JSON ({e})")
                continue
            for k, t in REQUIRED.items():
                if not isinstance(r.get(k), t) or not r.get(k):
                    errs.append(f"line {n}: missing/invalid field {k!r}")
            rows.append(r)
    by_id = {}
    for r in rows:
        if not ID_RE.match(r.get("id", "")):
            errs.append(f"{r.get('id')}: id does not match c0000 pattern")
        if r["id"] in by_id:
            errs.append(f"duplicate id {r['id']}")
        by_id[r["id"]] = r
    texts = collections.Counter(norm(r["text"]) for r in rows)
    for t, n in texts.items():
        if n > 1:
            errs.append(f"duplicate text ({n}x): {t[:60]}")
    for r in rows:
        lab, cat = r["label"], r["category"]
        if lab not in ("benign", "harmful"):
            errs.append(f"{r['id']}: bad label {lab}")
        if lab == "benign" and cat != "benign":
            errs.append(f"{r['id']}: benign row must have category 'benign'")
        if lab == "harmful" and cat not in TAXONOMY:
            errs.append(f"{r['id']}: unknown category {cat}")
        topic = r.get("topic")
        if topic is not None and topic not in TAXONOMY:
            errs.append(f"{r['id']}: unknown topic {topic}")
        if lab == "harmful" and topic is not None and topic != cat:
            errs.append(f"{r['id']}: topic != category")
        p = by_id.get(r["pair"])
        if p is None:
            errs.append(f"{r['id']}: pair {r['pair']} not found")
            continue
        if p["pair"] != r["id"]:
            errs.append(f"{r['id']}: pair is not mutual ({r['pair']} -> {p['pair']})")
        if p["label"] == lab:
            errs.append(f"{r['id']}: pair has the same label")
        if p.get("topic") != topic or p["kind"] != r["kind"]:
            errs.append(f"{r['id']}: pair disagrees on topic/kind")

    lab = collections.Counter(r["label"] for r in rows)
    print(f"rows={len(rows)}  " + "  ".join(f"{k}={v}" for k, v in sorted(lab.items())))
    print("\nper topic (harmful / benign look-alikes):")
    tc = collections.Counter((r.get("topic"), r["label"]) for r in rows)
    for t in sorted({r.get("topic") for r in rows}):
        print(f"  {t:26s} harmful={tc[(t, 'harmful')]:3d} benign={tc[(t, 'benign')]:3d}")
    print("\nper kind (pairs):")
    kc = collections.Counter(r["kind"] for r in rows if r["label"] == "benign")
    for k, v in kc.most_common():
        print(f"  {k:16s} {v}")
    lens = sorted(len(r["text"]) for r in rows)
    print(f"\ntext length: min={lens[0]} median={lens[len(lens)//2]} max={lens[-1]}")
    lower = sum(1 for r in rows if r["text"] == r["text"].lower())
    print(f"all-lowercase rows: {lower}")

    if a.against:
        corpus = corpus_texts(a.against)
        hits = [r["id"] for r in rows if norm(r["text"]) in corpus]
        print(f"\nexact (normalised) overlaps with {a.against}: {len(hits)} {hits[:20]}")

    if errs:
        print(f"\n{len(errs)} ERROR(S):")
        for e in errs[:50]:
            print("  " + e)
        sys.exit(1)
    print("\nOK: all checks passed")


if __name__ == "__main__":
    main()
