#!/usr/bin/env python3
"""Generates the benchmark query set from the xwlb archive.

Usage: python3 scripts/make_queries.py [CORPUS] > benches/queries.tsv

Each line is `kind<TAB>query<TAB>expected id` (the id only for headlines).
Kinds: headline, tag, substring (2-6 characters of a body), char (one
character), two_terms, quoted. Deterministic (fixed seed). Only these short
strings are kept in the repository, never the corpus text.
"""

import io
import json
import random
import re
import shutil
import subprocess
import sys

CORPUS = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/xwlb-2012-2026.jsonl.zst"
CJK = re.compile(r"[\u4e00-\u9fff]")
BAD = re.compile(r"[\s\"\\]")


def lines():
    if CORPUS.endswith(".zst"):
        if shutil.which("zstd"):
            proc = subprocess.Popen(["zstd", "-dc", CORPUS], stdout=subprocess.PIPE)
            yield from io.TextIOWrapper(proc.stdout, encoding="utf-8")
            return
        import zstandard  # pip install zstandard

        with open(CORPUS, "rb") as f:
            yield from io.TextIOWrapper(zstandard.ZstdDecompressor().stream_reader(f), encoding="utf-8")
        return
    with open(CORPUS, encoding="utf-8") as f:
        yield from f


def main():
    rng = random.Random(20261128)
    docs = [json.loads(l) for l in lines() if l.strip()]
    out = []

    def substring(body, lo, hi):
        for _ in range(50):
            n = rng.randint(lo, hi)
            if len(body) <= n:
                return None
            i = rng.randrange(len(body) - n)
            s = body[i : i + n]
            if not BAD.search(s) and CJK.search(s) and not s.startswith("-"):
                return s
        return None

    for d in rng.sample(docs, 300):
        out.append(("headline", d["title"].strip(), d["id"]))
    tags = sorted({t for d in docs for t in d["tags"]})
    for t in tags:
        out.append(("tag", t, ""))
    while len(out) < 300 + len(tags) + 400:
        s = substring(rng.choice(docs)["body"], 2, 6)
        if s:
            out.append(("substring", s, ""))
    for _ in range(60):
        s = substring(rng.choice(docs)["body"], 1, 1)
        if s:
            out.append(("char", s, ""))
    added = 0
    while added < 150:
        body = rng.choice(docs)["body"]
        a, b = substring(body, 2, 4), substring(body, 2, 4)
        if a and b:
            out.append(("two_terms", f"{a} {b}", ""))
            added += 1
    added = 0
    while added < 80:
        s = substring(rng.choice(docs)["body"], 3, 8)
        if s:
            out.append(("quoted", f'"{s}"', ""))
            added += 1
    for kind, q, i in out:
        q = q.replace("\t", " ").replace("\n", " ")
        print(f"{kind}\t{q}\t{i}")


if __name__ == "__main__":
    main()
