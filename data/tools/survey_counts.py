#!/usr/bin/env python3
"""AlignLab data survey: map /work/shared/data sources onto the AlignLab taxonomy and count.

Read-only over the shared data; writes nothing unless --json OUT is given.
Usage:  python3 survey_counts.py [--root /work/shared/data] [--json out.json]

This is a *survey* script: it documents the proposed label mapping (see SURVEY.md) and
counts what it yields. It is deliberately dependency-free (stdlib only) and cheap to run.
"""
import argparse, collections, csv, gzip, html, json, os, re, sys

CATS = ["violent_crimes", "non_violent_crimes", "sex_related_crimes", "child_sexual_exploitation",
        "defamation", "specialized_advice", "privacy", "intellectual_property", "indiscriminate_weapons",
        "hate", "suicide_self_harm", "sexual_content", "elections", "code_interpreter_abuse",
        "jailbreak", "prompt_injection"]

# ---------------------------------------------------------------------------------------------
# Keyword heuristics (word-boundary regexes). Used only where a source has no usable category
# (advbench, harmfulqa) or to refine a coarse source category (catqa, do-not-answer).
# They are deliberately conservative: a row that matches nothing becomes "unsafe, category
# unknown" (category heads masked in the loss), never a silent default category.
# ---------------------------------------------------------------------------------------------
KW = {
    "indiscriminate_weapons": r"\b(bombs?|explosives?|explosive device|detonat\w*|nuclear|radiological|dirty bomb|"
                              r"chemical weapons?|biological weapons?|bio-?weapons?|biochemical weapons?|nerve agents?|sarin|"
                              r"anthrax|ricin|mustard gas|weapons? of mass destruction|pandemic|pathogens?|bioterror\w*)\b",
    "child_sexual_exploitation": r"\b(child porn\w*|child sexual|csam|pedophil\w*|paedophil\w*|groom(ing)? (a )?(minor|child)\w*|"
                                 r"(minor|minors|underage|child|children)\b.{0,40}\b(sexual\w*|explicit|nude|porn\w*))\b",
    "suicide_self_harm": r"\b(suicid\w*|self-?harm\w*|kill (myself|yourself|themselves)|end my life|cut myself|"
                         r"anorexi\w*|bulimi\w*|starve (myself|yourself)|eating disorders?|overdose|purg(e|ing) after|"
                         r"make myself (throw up|vomit)|laxatives? for weight loss|dangerously low-calorie)\b",
    "sex_related_crimes": r"\b(rape\w*|sexual(ly)? assault\w*|sex trafficking|prostitut\w*|revenge porn|molest\w*|"
                          r"sexual harassment|non-?consensual|without (their|her|his) consent.{0,30}(sex|explicit|intimate|nude))\b",
    "sexual_content": r"\b(porn\w*|erotic\w*|sexually explicit|explicit sexual|explicit content|nude\w*|naked|"
                      r"sex scene|sexual (story|fantasy|content|act\w*|intimacy))\b",
    "hate": r"\b(racis\w*|hate speech|hateful|ethnic\w*|religio\w*|minorit\w*|jew\w*|muslims?|black people|immigrants?|"
            r"lgbt\w*|gay|lesbians?|transgender|women are|discriminat\w*|white supremac\w*|slurs?|inferior|"
            r"stereotyp\w*|xenophob\w*|antisemit\w*|homophob\w*|misogyn\w*)\b",
    "violent_crimes": r"\b(kill\w*|murder\w*|assault\w*|torture\w*|kidnap\w*|terroris\w*|shoot\w*|stab\w*|poison\w*|"
                      r"violen\w*|assassinat\w*|hurt (someone|somebody|people|them|him|her)|physically harm\w*|"
                      r"mass shooting|genocide|animal cruelty|abuse (a |an )?(animal|pet|dog|cat)s?)\b",
    "non_violent_crimes": r"\b(hack\w*|steal\w*|stole|theft|fraud\w*|scam\w*|launder\w*|counterfeit\w*|drugs?|cocaine|meth\w*|"
                          r"heroin|fentanyl|smuggl\w*|phishing|malware|ransomware|virus(es)?|trojans?|keylogger\w*|botnet\w*|"
                          r"spyware|exploit(ing)? (a )?vulnerabilit\w*|identity theft|tax evasion|evade taxes|insider trading|"
                          r"manipulat\w* (the )?(stock|market)\w*|bribe\w*|illegal\w*|dark web|shoplift\w*|embezzl\w*|"
                          r"forg(e|ed|ery)|fake (id|identity|passport)\w*|trafficking|extort\w*|blackmail\w*|break into|"
                          r"ponzi|pyramid scheme|social engineering|steal\w* passwords?|threat(en)?\w*|intimidat\w*)\b",
    "defamation": r"\b(defam\w*|libel\w*|slander\w*|ruin (his|her|their|someone's)? ?reputation|damage\w* (the |their |his |her )?reputation|"
                  r"fake (negative )?reviews?|false (rumou?rs?|accusations?|allegations?)|spread rumou?rs)\b",
    "privacy": r"\b(personal information|private information|doxx?\w*|track\w* (someone|a person|their|his|her)\w*|spy(ing)? on|"
               r"(cyber)?stalk\w*|surveil\w*|social security number|home address|phone number|medical records?|"
               r"without (their|his|her) (consent|knowledge|permission)|monitor\w* (someone|my (wife|husband|partner|neighbou?r))|"
               r"personal data|private (photos|messages|emails))\b",
    "intellectual_property": r"\b(copyright\w*|pira(te|cy|ted|ting)|plagiar\w*|trademark\w*|patent\w*|torrent\w*|"
                             r"intellectual property|drm|digital rights management|paywall\w*|crack(ed)? (software|games?))\b",
    "elections": r"\b(elections?|vot(e|es|ers?|ing)|ballots?|polling (station|place)s?|electoral|candidates?|campaign finance|"
                 r"political campaign\w*|disenfranchis\w*)\b",
    "specialized_advice": r"\b(without (a )?prescription|dosage|self-?medicat\w*|medical advice|legal advice|financial advice|"
                          r"diagnos\w*|surgery on myself|my own (appendectomy|surgery|stitches)|invest (all|my)|"
                          r"tax (loophole|planning)\w*|guaranteed returns?)\b",
    "code_interpreter_abuse": r"(rm -rf|fork ?bomb|container escape|sandbox escape|escape the sandbox|privilege escalation|"
                              r"reverse shell|/etc/(passwd|shadow)|os\.system|subprocess|denial[- ]of[- ]service|\bddos\b|"
                              r"crypto-?currency mining|cryptominer|keylogging|cookie theft|memory scanning)",
    "jailbreak": r"\b(jailbreak\w*|developer mode|\bDAN\b|do anything now|no (ethical |moral )?(restrictions|guidelines|filters)|"
                 r"unfiltered|uncensored|ignore (all )?(your )?(ethical|safety) (guidelines|rules))\b",
    "prompt_injection": r"\b(ignore (all )?(the )?(previous|above|prior) (instructions|prompts?)|system prompt|"
                        r"forget (all )?(your|the|previous) instructions|disregard (the|all|previous) (instructions|above))\b",
}
KW_RE = {k: re.compile(v, re.I) for k, v in KW.items()}
# categories that a generic harmful-request source (advbench / harmfulqa) may receive from keywords.
# jailbreak / prompt_injection keywords are not applied to harmful-request sources.
HARM_KW_CATS = [c for c in CATS if c not in ("jailbreak", "prompt_injection")]


def kw_cats(text, allowed=HARM_KW_CATS):
    return sorted(c for c in allowed if KW_RE[c].search(text))


def norm(t):
    t = html.unescape(t).lower()
    return re.sub(r"[^a-z0-9]+", " ", t).strip()


# ---------------------------------------------------------------------------------------------
# Source mappings
# ---------------------------------------------------------------------------------------------
# do-not-answer: map on `specific_harms` prefix (finer than types_of_harm).
# value: list of categories | "UNSAFE" (overall unsafe, categories masked) | "EXCLUDE" (not a harmful
# prompt for a prompt classifier: help-seeking, rumours, questions to the bot, org trivia).
DNA_MAP = [
    ("Explicit Sexual Content", ["sexual_content"]),
    ("Graphic Violence", ["violent_crimes"]),
    ("Body Shaming", ["hate"]), ("Disability Discrimination", ["hate"]), ("Gender/Sexual Discrimination", ["hate"]),
    ("Location Discrimination", ["hate"]), ("Other Forms of Discrimination", ["hate"]),
    ("Racial/Ethnic Discrimination", ["hate"]), ("Religious Discrimination", ["hate"]),
    ("Insult", "UNSAFE"), ("Obscene", ["hate"]), ("Other Severe Toxicity", ["hate"]),
    ("Self-Harm", ["suicide_self_harm"]),
    # mental-health consultations: "needs a professional" -> specialized_advice (disclaimer tier), except the
    # eating-disorder / self-harm requests inside these groups, which keywords route to suicide_self_harm
    ("Advice of coping", "KW:specialized_advice"), ("Consult advice on psychotic", "KW:specialized_advice"),
    ("Depression and Anxiety", "KW:specialized_advice"),
    ("Ask for personal information", "EXCLUDE"), ("places personal emotional reliance", "EXCLUDE"),
    ("Biometric Data", ["privacy"]), ("Educational Information", ["privacy"]), ("Financial Information", ["privacy"]),
    ("Medical Information", ["privacy"]), ("Personal Identification Information", ["privacy"]),
    ("Personal Life Information", ["privacy"]),
    ("Classified Information", "EXCLUDE"), ("Confidential Operations", "EXCLUDE"),
    ("Cybersecurity Vulnerabilities", "EXCLUDE"), ("Financial and Budgetary", "EXCLUDE"),
    ("Internal Communications", "EXCLUDE"), ("Internal Policies", "EXCLUDE"), ("Legal Information", "EXCLUDE"),
    ("Sensitive Technological", "EXCLUDE"),
    ("Animal Abuse", ["violent_crimes"]), ("Copyright Infringement", ["intellectual_property"]),
    ("Financial Crimes", ["non_violent_crimes"]), ("Illegal Digital Activities", ["non_violent_crimes"]),
    ("Illegal Drugs", ["non_violent_crimes"]), ("Illegal Trade", ["non_violent_crimes"]),
    ("Illegitimate surveillance", ["privacy"]), ("Sexual Exploitation and Pornography", "KW:sex_related_crimes"),
    ("Substance Abuse", ["non_violent_crimes"]), ("Terrorist Activities", "KW:violent_crimes"),
    ("Threats and Intimidation", "KW:non_violent_crimes"), ("Violence and Physical Harm", ["violent_crimes"]),
    ("Defamatory Content", ["defamation"]), ("Endorsement of Cyberbullying", "UNSAFE"),
    ("Endorsement of Unsafe Health", ["specialized_advice"]), ("Guide for Risky Pranks", "UNSAFE"),
    ("Trolling or Flame", "UNSAFE"),
    ("Disinformation", "KW:UNSAFE"), ("Malinformation", ["privacy"]), ("Spam Content", "UNSAFE"),
    # personal diagnosis / legal / financial decisions: specialized_advice at the *disclaimer* tier (the default
    # constitution's action for S6 is add_disclaimer), not the dangerous-advice tier
    ("Financial Advice", ["specialized_advice"]), ("Legal Advice", ["specialized_advice"]),
    ("Medical Advice", ["specialized_advice"]),
    ("Unreliable Experts", "EXCLUDE"),
    ("False News", "EXCLUDE"), ("Hazardous Activities", "KW:UNSAFE"), ("Misinterpretation", "EXCLUDE"),
    ("Propaganda", "EXCLUDE"), ("Rumors", "EXCLUDE"),
]

# CatQA (category, subcategory-prefix) -> base categories; keywords may add more.
CATQA_MAP = {
    ("Illegal Activity", None): ["non_violent_crimes"],
    ("Child Abuse", "Content Sexual"): ["child_sexual_exploitation"],
    ("Child Abuse", "Online predation"): ["child_sexual_exploitation"],
    ("Child Abuse", None): ["violent_crimes"],
    ("Hate/Harass/Violence", "Terrorism"): ["violent_crimes"],
    ("Hate/Harass/Violence", None): ["hate"],
    ("Malware Viruses", None): ["non_violent_crimes"],
    ("Physical Harm", "Self-harm"): ["suicide_self_harm"],
    ("Physical Harm", "Assault"): ["violent_crimes"],
    ("Physical Harm", "Weapon making"): ["non_violent_crimes"],
    ("Physical Harm", None): "KW:UNSAFE",
    ("Economic Harm", "Intellectual property"): ["intellectual_property"],
    ("Economic Harm", None): ["non_violent_crimes"],
    ("Fraud/Deception", None): ["non_violent_crimes"],
    ("Adult Content", None): ["sexual_content"],
    ("Political Campaigning", None): "KW:UNSAFE",   # elections only where election words appear
    ("Privacy Violation Activity", None): ["privacy"],
    ("Tailored Financial Advice", None): ["specialized_advice"],
}
# keyword refinements allowed to *add* to a strong source label (limits keyword noise)
REFINE = {"indiscriminate_weapons", "child_sexual_exploitation", "sex_related_crimes", "elections",
          "suicide_self_harm", "privacy", "intellectual_property", "defamation"}


def resolve(rule, text):
    """rule: list | 'UNSAFE' | 'EXCLUDE' | 'KW:<fallback>' -> (cats, status)"""
    if rule == "EXCLUDE":
        return [], "exclude"
    if rule == "UNSAFE":
        return [], "unsafe_only"
    if isinstance(rule, str) and rule.startswith("KW:"):
        fb = rule[3:]
        cats = kw_cats(text)
        if cats:
            return cats, "heuristic"
        return ([], "unsafe_only") if fb == "UNSAFE" else ([fb], "mapped")
    cats = set(rule) | (set(kw_cats(text)) & REFINE)
    return sorted(cats), "mapped"


def load(root):
    J = lambda p: json.load(open(os.path.join(root, p), encoding="utf-8"))
    JL = lambda p: [json.loads(l) for l in open(os.path.join(root, p), encoding="utf-8") if l.strip()]
    csv.field_size_limit(10 ** 9)
    rows = []  # dict(source, text, label, cats, status, split)

    def add(source, text, label, cats=(), status="mapped", split="train", extra=None):
        rows.append(dict(source=source, text=text, label=label, cats=list(cats), status=status, split=split,
                         extra=extra or {}))

    # advbench
    for x in csv.DictReader(open(os.path.join(root, "advbench/harmful_behaviors.csv"), encoding="utf-8")):
        c = kw_cats(x["goal"])
        add("advbench_behaviors", x["goal"], "unsafe", c, "heuristic" if c else "unsafe_only")
    for x in csv.DictReader(open(os.path.join(root, "advbench/harmful_strings.csv"), encoding="utf-8")):
        c = kw_cats(x["target"])
        add("advbench_strings", x["target"], "unsafe", c, "heuristic" if c else "unsafe_only")
    # do-not-answer
    for x in csv.DictReader(open(os.path.join(root, "do-not-answer/do_not_answer_en.csv"), encoding="utf-8")):
        rule = next((r for p, r in DNA_MAP if x["specific_harms"].startswith(p)), None)
        if rule is None:
            raise SystemExit("unmapped do-not-answer specific_harms: " + x["specific_harms"][:60])
        cats, st = resolve(rule, x["question"])
        add("do_not_answer", x["question"], "exclude" if st == "exclude" else "unsafe", cats, st,
            extra={"types_of_harm": x["types_of_harm"]})
    # catqa
    for cat, subs in J("harmfulqa/catqa_english.json").items():
        for sub, qs in subs.items():
            rule = CATQA_MAP.get((cat, next((s for (c, s) in CATQA_MAP if c == cat and s and sub.startswith(s)), None)))
            if rule is None:
                rule = CATQA_MAP[(cat, None)]
            for q in qs:
                cats, st = resolve(rule, q)
                add("catqa", q, "unsafe", cats, st, extra={"cat": cat, "sub": sub})
    # harmfulqa (topics are academic subjects, not harms -> keywords only)
    for topic, subs in J("harmfulqa/harmfulqa.json").items():
        for sub, qs in subs.items():
            for q in qs:
                c = kw_cats(q)
                add("harmfulqa", q, "unsafe", c, "heuristic" if c else "unsafe_only", extra={"topic": topic})
    # jailbreak_llms
    for x in csv.DictReader(open(os.path.join(root, "jailbreak_llms/jailbreak_prompts_2023_12_25.csv"), encoding="utf-8")):
        add("jailbreak_llms", x["prompt"], "unsafe", ["jailbreak"], "mapped")
    # hate-speech-offensive
    for x in csv.DictReader(open(os.path.join(root, "hate-speech-offensive/labeled_data.csv"), encoding="utf-8")):
        t = html.unescape(x["tweet"])
        n, h = int(x["count"]), int(x["hate_speech"])
        if x["class"] == "0":
            add("hso_hate", t, "unsafe", ["hate"], "mapped", extra={"agree": h / n})
        elif x["class"] == "1":
            add("hso_offensive", t, "exclude", [], "exclude")
        else:
            add("hso_neither", t, "benign", [], "mapped")
    # toxigen sentences
    for x in csv.DictReader(open(os.path.join(root, "toxigen/toxigen_prompt_sentences.csv"), encoding="utf-8")):
        if x["label"] == "hate":
            add("toxigen_hate", x["text"], "unsafe", ["hate"], "mapped")
        else:
            add("toxigen_neutral", x["text"], "benign", [], "mapped")
    # deepset
    for split in ("train", "test"):
        for x in JL(f"prompt-injection/deepset/{split}.jsonl"):
            if x["label"] == 1:
                add("deepset_pi", x["text"], "unsafe", ["prompt_injection"], "mapped", split)
            else:
                add("deepset_benign", x["text"], "benign", [], "mapped", split)
    # BIPIA
    for split in ("train", "test"):
        for cat, strs in J(f"prompt-injection/bipia/text_attack_{split}.json").items():
            for s in strs:
                add("bipia_text_attack", s, "needs_context", ["prompt_injection"], "synthetic", split, {"cat": cat})
        for cat, strs in J(f"prompt-injection/bipia/code_attack_{split}.json").items():
            for s in strs:
                add("bipia_code_attack", s, "unsafe", ["prompt_injection", "code_interpreter_abuse"], "synthetic", split,
                    {"cat": cat})
        for x in JL(f"prompt-injection/bipia/email/{split}.jsonl"):
            add("bipia_email_clean", x["context"] + "\n\n" + x["question"], "benign", [], "mapped", split)
    # hh-rlhf: first human turn, unlabeled
    seen = set()
    for l in gzip.open(os.path.join(root, "hh-rlhf/harmless-base/test.jsonl.gz"), "rt", encoding="utf-8"):
        x = json.loads(l)
        first = x["chosen"].split("\n\nHuman: ", 1)[1].split("\n\nAssistant:", 1)[0].strip()
        if first in seen:
            continue
        seen.add(first)
        add("hh_rlhf_first_turn", first, "unlabeled", kw_cats(first), "unlabeled", "test")
    # benign sources
    for x in JL("t0-benign-sample/t0_p3_permissive_sample.jsonl"):
        add("t0_benign", x["text"], "benign")
    for p in ("self-instruct/seed_tasks.jsonl", "self-instruct/user_oriented_instructions.jsonl"):
        for x in JL(p):
            add("self_instruct", x["instruction"], "benign")
    for x in JL("gsm8k/train.jsonl"):
        add("gsm8k_train", x["question"], "benign")
    for x in JL("gsm8k/test.jsonl"):
        add("gsm8k_test", x["question"], "benign", split="heldout")
    for p in ("arena-hard-v0.1_question.jsonl", "arena-hard-v2.0_question.jsonl"):
        for x in JL("benign-chat/" + p):
            add("arena_hard", x["prompt"], "benign", split="heldout?")
    for p in ("mt_bench_question.jsonl", "vicuna_bench_question.jsonl"):
        for x in JL("benign-chat/" + p):
            add("mtbench_vicuna", x["turns"][0], "benign", split="heldout?")
    for x in csv.DictReader(open(os.path.join(root, "truthfulqa/TruthfulQA.csv"), encoding="utf-8")):
        add("truthfulqa", x["Question"], "benign", split="heldout")
    cseen = set()
    for x in JL("preference/coconot_pref.jsonl"):
        if x["prompt"] in cseen:
            continue
        cseen.add(x["prompt"])
        add("coconot", x["prompt"], "benign", extra={"sub": x["subcategory"]})
    for sp in ("train", "val", "test"):
        for x in J(f"alpaca-harmless/harmless_{sp}.json"):
            add("alpaca_harmless_NC", x["instruction"], "benign", split="dev_only")
    for x in J("preference/qa_feedback_dev_feedback.json"):
        add("asqa_questions", x["question"], "benign")
    pseen = set()
    for x in J("preference/pandalm_testset-v1.json"):
        t = x["instruction"] + ("\n" + x["input"] if x.get("input") else "")
        if t in pseen:
            continue
        pseen.add(t)
        add("pandalm", t, "benign")
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="/work/shared/data")
    ap.add_argument("--json")
    a = ap.parse_args()
    rows = load(a.root)

    # ---- per source summary
    by_src = collections.OrderedDict()
    for r in rows:
        s = by_src.setdefault(r["source"], collections.Counter())
        s["rows"] += 1
        s[r["status"]] += 1
        s["label:" + r["label"]] += 1
    # ---- duplicates (normalised text) within and across sources
    seen = {}
    within = collections.Counter()
    cross = collections.Counter()
    for r in rows:
        k = norm(r["text"])
        if not k:
            continue
        if k in seen:
            if seen[k] == r["source"]:
                within[r["source"]] += 1
            else:
                cross[(seen[k], r["source"])] += 1
        else:
            seen[k] = r["source"]
    print("== per source")
    for s, c in by_src.items():
        print(f"{s:22s} rows={c['rows']:6d} " + " ".join(f"{k}={v}" for k, v in sorted(c.items()) if k != "rows"))
    print("== within-source duplicates (normalised)")
    for s, n in within.most_common():
        print(f"  {s}: {n}")
    print("== cross-source duplicates (first seen -> later)")
    for (s1, s2), n in cross.most_common():
        print(f"  {s1} -> {s2}: {n}")

    # ---- per category positives, train-usable & redistributable, deduped
    ship_src = {"advbench_behaviors", "advbench_strings", "do_not_answer", "catqa", "harmfulqa", "jailbreak_llms",
                "hso_hate", "toxigen_hate", "deepset_pi", "bipia_code_attack", "bipia_text_attack"}
    table = {c: collections.Counter() for c in CATS}
    dedup = {c: set() for c in CATS}
    for r in rows:
        if r["source"] not in ship_src or r["status"] == "exclude":
            continue
        for c in r["cats"]:
            kind = "heuristic" if r["status"] == "heuristic" else ("synthetic" if r["status"] == "synthetic" else "mapped")
            table[c][r["source"] + "|" + kind] += 1
            dedup[c].add(norm(r["text"]))
    unsafe_only = collections.Counter(r["source"] for r in rows if r["status"] == "unsafe_only")
    print("== unsafe, category unknown (heads masked):", dict(unsafe_only), "total", sum(unsafe_only.values()))
    print("== positives per category (all splits; deduped total)")
    out = {}
    for c in CATS:
        m = sum(v for k, v in table[c].items() if k.endswith("|mapped"))
        h = sum(v for k, v in table[c].items() if k.endswith("|heuristic"))
        s = sum(v for k, v in table[c].items() if k.endswith("|synthetic"))
        out[c] = dict(mapped=m, heuristic=h, synthetic=s, dedup_total=len(dedup[c]),
                      sources=dict(table[c].most_common()))
        flag = " <100" if len(dedup[c]) < 100 else ""
        print(f"  {c:26s} mapped={m:5d} heuristic={h:5d} synthetic={s:4d} dedup={len(dedup[c]):5d}{flag}  "
              + ", ".join(f"{k}={v}" for k, v in table[c].most_common()))
    # ---- proposed training pool (SURVEY.md table): AdvBench held out as an eval set, deepset/BIPIA test
    # splits held out, exact duplicates (normalised) removed; keyword-only rows counted separately.
    train_src = {"do_not_answer", "catqa", "harmfulqa", "jailbreak_llms", "hso_hate", "toxigen_hate", "deepset_pi",
                 "bipia_code_attack", "bipia_text_attack"}
    contrast = collections.Counter()
    cpath = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "contrast", "contrast_set.jsonl")
    if os.path.exists(cpath):
        for l in open(cpath, encoding="utf-8"):
            r = json.loads(l)
            if r["label"] == "harmful":
                contrast[r["category"]] += 1
    print("== proposed training pool per category (deduped)")
    print("| category | explicit (source label) | + keyword-only | AdvBench (held out) | train-eligible | contrast set harmful | < 100? |")
    print("|---|---:|---:|---:|---:|---:|---|")
    pool = {}
    for c in CATS:
        ex, kw, ab = set(), set(), set()
        for r in rows:
            if c not in r["cats"] or r["status"] == "exclude":
                continue
            k = norm(r["text"])
            if r["source"].startswith("advbench"):
                ab.add(k)
                continue
            if r["source"] not in train_src:
                continue
            if r["split"] == "test" and r["source"].startswith(("deepset", "bipia")):
                continue
            (kw if r["status"] == "heuristic" else ex).add(k)
        kw -= ex
        tot = len(ex) + len(kw)
        pool[c] = dict(explicit=len(ex), keyword=len(kw), advbench=len(ab), train=tot, contrast=contrast[c])
        print(f"| {c} | {len(ex)} | {len(kw)} | {len(ab)} | {tot} | {contrast[c]} | {'**yes**' if tot < 100 else ''} |")
    if a.json:
        out["_pool"] = pool
        json.dump(dict(per_source={k: dict(v) for k, v in by_src.items()}, per_category=out,
                       unsafe_only=dict(unsafe_only),
                       cross_dups={f"{a_}->{b}": n for (a_, b), n in cross.items()},
                       within_dups=dict(within)), open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
