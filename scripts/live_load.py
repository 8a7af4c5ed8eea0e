#!/usr/bin/env python3
"""Live load against a running dangjian-search server: searches from several
threads while batches of new articles are POSTed, each checked for
visibility after its acknowledgement; the server's RSS is sampled.

Run by scripts/live_load.sh, which builds, indexes and starts the server.
Only talks to 127.0.0.1. Exits 1 when an assertion fails:

- no failed search (non-2xx answer or socket error);
- every posted article searchable within --max-visibility seconds of its ack;
- RSS growth between the 10th second and the end below --rss-bound-mb.
"""

import argparse
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse


def percentile(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    k = min(len(v) - 1, max(0, int(round(p / 100.0 * (len(v) - 1)))))
    return v[k]


def rss_kb(pid):
    """(VmRSS, RssAnon, RssFile) in kB, or None."""
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "RssAnon", "RssFile"):
                    fields[key] = int(rest.split()[0])
    except OSError:
        return None
    if "VmRSS" not in fields:
        return None
    return fields["VmRSS"], fields.get("RssAnon", 0), fields.get("RssFile", 0)


class Conn:
    """One keep-alive connection that reconnects after an error."""

    def __init__(self, port, timeout=10):
        self.port = port
        self.timeout = timeout
        self.c = None

    def request(self, method, path, body=None, headers=None):
        if self.c is None:
            self.c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            self.c.request(method, path, body=body, headers=headers or {})
            r = self.c.getresponse()
            data = r.read()
            return r.status, data
        except Exception:
            self.c.close()
            self.c = None
            raise


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--queries", default="benches/queries.tsv")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--interval", type=float, default=0.5)
    ap.add_argument("--max-visibility", type=float, default=2.0)
    ap.add_argument("--rss-bound-mb", type=float, default=150)
    args = ap.parse_args()

    queries = []
    with open(args.queries, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2 and cols[1].strip():
                queries.append(cols[1])
    if not queries:
        sys.exit("no queries in " + args.queries)

    start = time.monotonic()
    deadline = start + args.seconds
    lock = threading.Lock()
    stats = {"searches": 0, "failed": 0, "failures": {}, "latencies": []}

    def searcher(seed):
        rnd = random.Random(seed)
        conn = Conn(args.port)
        lat = []
        n = failed = 0
        failures = {}
        while time.monotonic() < deadline:
            q = rnd.choice(queries)
            path = "/api/search?q=" + urllib.parse.quote(q, safe="")
            t0 = time.monotonic()
            try:
                status, data = conn.request("GET", path)
                ok = 200 <= status < 300
                what = None if ok else f"{status} {data[:120]!r}"
            except Exception as e:  # socket errors count as failures
                ok, what = False, f"{type(e).__name__}: {e}"
            lat.append(time.monotonic() - t0)
            n += 1
            if not ok:
                failed += 1
                failures[what] = failures.get(what, 0) + 1
        with lock:
            stats["searches"] += n
            stats["failed"] += failed
            stats["latencies"].extend(lat)
            for k, v in failures.items():
                stats["failures"][k] = stats["failures"].get(k, 0) + v

    writes = {"posts": 0, "articles": 0, "post_failures": [], "delays": [], "not_visible": []}
    nonce = "%06x" % random.randrange(1 << 24)

    def writer():
        conn = Conn(args.port, timeout=30)
        poll = Conn(args.port)
        k = 0
        next_at = time.monotonic()
        while True:
            now = time.monotonic()
            if now < next_at:
                time.sleep(next_at - now)
            if time.monotonic() >= deadline:
                break
            next_at += args.interval
            marker = f"〔live-{nonce}-{k}〕"
            batch = [
                {
                    "id": f"live-{nonce}-{k}-{i}",
                    "title": f"实时写入的第{k}批第{i}篇：基层党建新闻",
                    "body": f"这是压力测试写入的文章，批次标记{marker}。\n集体经济和乡村振兴的第{i}段正文。",
                    "date": "2024-05-01",
                    "tags": ["压力测试"],
                }
                for i in range(args.batch)
            ]
            body = json.dumps(batch, ensure_ascii=False).encode()
            headers = {
                "Authorization": "Bearer " + args.token,
                "Content-Type": "application/json",
            }
            try:
                status, data = conn.request("POST", "/api/articles", body, headers)
            except Exception as e:
                writes["post_failures"].append(f"batch {k}: {type(e).__name__}: {e}")
                k += 1
                continue
            acked = time.monotonic()
            counts = json.loads(data) if status == 200 else {}
            if sum(counts.get(k, 0) for k in ("added", "updated", "unchanged")) != args.batch:
                writes["post_failures"].append(f"batch {k}: {status} {data[:200]!r}")
                k += 1
                continue
            writes["posts"] += 1
            writes["articles"] += args.batch
            q = "/api/search?limit=1&fragments=0&facets=false&q=" + urllib.parse.quote(f'"{marker}"', safe="")
            visible = None
            while time.monotonic() - acked < 10:
                try:
                    st, d = poll.request("GET", q)
                    if st == 200 and json.loads(d)["total"] == args.batch:
                        visible = time.monotonic() - acked
                        break
                except Exception:
                    pass
                time.sleep(0.005)
            if visible is None:
                writes["not_visible"].append(k)
            else:
                writes["delays"].append(visible)
            k += 1

    rss = []  # (t, kB)

    def sampler():
        while time.monotonic() < deadline + 0.5:
            kb = rss_kb(args.pid)
            if kb is not None:
                rss.append((time.monotonic() - start, kb))
            time.sleep(0.5)

    threads = [threading.Thread(target=searcher, args=(i,)) for i in range(args.threads)]
    threads.append(threading.Thread(target=writer))
    threads.append(threading.Thread(target=sampler))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start

    lat = stats["latencies"]
    delays = writes["delays"]
    at10 = next((kb for t, kb in rss if t >= 10), rss[0][1] if rss else (0, 0, 0))
    end = rss[-1][1] if rss else (0, 0, 0)
    rss10, rss_end = at10[0], end[0]
    rss_max = max((kb[0] for _, kb in rss), default=0)
    growth_mb = (rss_end - rss10) / 1024.0
    qps = stats["searches"] / elapsed

    print(
        f"live_load: {elapsed:.1f} s, {args.threads} search threads: {stats['searches']} searches "
        f"({qps:.0f} QPS), failed {stats['failed']}, latency p50 {percentile(lat, 50) * 1e3:.1f} ms "
        f"p99 {percentile(lat, 99) * 1e3:.1f} ms max {max(lat, default=0) * 1e3:.1f} ms; "
        f"{writes['posts']} POSTs of {args.batch} ({writes['articles']} articles), "
        f"{len(writes['post_failures'])} failed, {len(writes['not_visible'])} batches not visible; "
        f"visibility after ack max {max(delays, default=0) * 1e3:.1f} ms p99 {percentile(delays, 99) * 1e3:.1f} ms "
        f"median {percentile(delays, 50) * 1e3:.1f} ms; "
        f"RSS at 10 s {rss10 / 1024:.0f} MB, end {rss_end / 1024:.0f} MB, max {rss_max / 1024:.0f} MB, "
        f"growth {growth_mb:+.0f} MB (bound {args.rss_bound_mb:.0f} MB; anonymous {at10[1] / 1024:.0f} -> "
        f"{end[1] / 1024:.0f} MB, file-backed {at10[2] / 1024:.0f} -> {end[2] / 1024:.0f} MB)"
    )
    marks, timeline = 10, []
    for t, kb in rss:
        if t >= marks:
            timeline.append(f"{marks}s {kb[0] / 1024:.0f}/{kb[1] / 1024:.0f}")
            marks += 10
    print("RSS timeline (total/anonymous MB): " + ", ".join(timeline))
    problems = []
    if stats["failed"]:
        problems.append(f"{stats['failed']} failed searches: {stats['failures']}")
    if writes["post_failures"]:
        problems.append(f"failed POSTs: {writes['post_failures'][:5]}")
    if writes["not_visible"]:
        problems.append(f"batches never visible: {writes['not_visible'][:10]}")
    late = [d for d in delays if d > args.max_visibility]
    if late:
        problems.append(f"{len(late)} batches visible later than {args.max_visibility} s: max {max(late):.2f} s")
    if writes["posts"] == 0:
        problems.append("no POST succeeded")
    if growth_mb > args.rss_bound_mb:
        problems.append(f"RSS grew {growth_mb:.0f} MB > {args.rss_bound_mb:.0f} MB")
    for p in problems:
        print("FAIL: " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
