#!/usr/bin/env python3
"""Assemble supplement.jsonl from the hand-written sources in pairs/.

Each pairs/<topic>.txt line is:  kind ||| benign text ||| harmful text
(blank lines and lines starting with # are ignored).
pairs/benign_general.txt has one benign text per line; long texts may use the two characters \\n for a newline.
Later batches live in pairs/more/<topic>.txt (second) and pairs/more2/<topic>.txt (third) and are read after all of pairs/ (keep each batch a multiple of 5
pairs so the benign_general rows keep their eval fold). Ids are assigned in a fixed topic order: for each pair, the benign row gets an odd id and the harmful row the next
even id (s00001 benign / s00002 harmful, ...). benign_general rows follow with pair "".
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
ORDER = ["sex_related_crimes", "child_sexual_exploitation", "defamation", "intellectual_property",
         "indiscriminate_weapons", "suicide_self_harm", "sexual_content", "elections", "code_interpreter_abuse",
         "specialized_advice", "violent_crimes", "non_violent_crimes", "privacy", "hate", "jailbreak",
         "prompt_injection"]


def main():
    rows, n = [], 0
    # pairs/<topic>.txt in ORDER, then the later batches pairs/more/<topic>.txt and pairs/more2/<topic>.txt in ORDER,
    # so that adding a batch keeps every earlier id (and so the eval fold) unchanged.
    for folder, topic in [("pairs", t) for t in ORDER] + [(os.path.join("pairs", "more"), t) for t in ORDER] + [(os.path.join("pairs", "more2"), t) for t in ORDER]:
        p = os.path.join(HERE, folder, topic + ".txt")
        if not os.path.exists(p):
            continue
        for ln, line in enumerate(open(p, encoding="utf-8"), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = [x.strip() for x in line.split("|||")]
            if len(parts) != 3:
                raise SystemExit(f"{p}:{ln}: expected 'kind ||| benign ||| harmful'")
            kind, ben, har = parts
            bid, hid = f"s{n + 1:05d}", f"s{n + 2:05d}"
            n += 2
            rows.append({"id": bid, "text": ben, "label": "benign", "category": "benign", "topic": topic,
                         "pair": hid, "kind": kind})
            rows.append({"id": hid, "text": har, "label": "harmful", "category": topic, "topic": topic,
                         "pair": bid, "kind": kind})
    p = os.path.join(HERE, "pairs", "benign_general.txt")
    if os.path.exists(p):
        for line in open(p, encoding="utf-8"):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            n += 1
            rows.append({"id": f"s{n:05d}", "text": line.replace("\\n", "\n"), "label": "benign",
                         "category": "benign", "topic": "benign_general", "pair": "", "kind": "request"})
    with open(os.path.join(HERE, "supplement.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} rows")


if __name__ == "__main__":
    main()
