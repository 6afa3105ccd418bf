"""Latency of the web API (`newsgraph serve`) over a 10,000-article store, from a local load generator.

    python bench/web_latency.py [--db /tmp/newsgraph-bench-10k.db] [--articles 10000] [--build-only]
                                [--requests 500] [--concurrency 8] [--rounds 3] [--seed 7]

The store: the 36 sample articles (examples/) and the 120 Wikinews articles
(../shared/corpus/wikinews/articles.jsonl) repeated until there are --articles of them, each copy made
distinct by a numbered first line so the content ids differ, ingested with `newsgraph ingest` (one
process, 10-13 articles/s: building 10,000 took 16 minutes on a 2-core machine). The store is kept at
--db and reused by later runs; an interrupted build resumes where it stopped (ingest skips what is
stored).

The server: `newsgraph serve` (uvicorn, one process) on a free local port. The load: asyncio and
httpx.AsyncClient, --concurrency requests in flight, --requests per endpoint and round, against
`/api/search?q=WORD` (words drawn from a fixed list) and `/api/articles/{id}` (stored ids drawn at
random), with a fixed --seed. Every answer must be a 200. Printed per endpoint: the median and the
99th percentile latency (ms) and the requests per second, each the median of --rounds rounds.
The client and the server share the machine's CPUs: the figures are for both on one machine.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
WIKINEWS = ROOT.parent / "shared" / "corpus" / "wikinews" / "articles.jsonl"
DEFAULT_DB = "/tmp/newsgraph-bench-10k.db"

# Words of both corpora, common and rare; the same list and seed give the same requests.
WORDS = ["ceasefire", "president", "minister", "election", "grain", "troops", "talks", "sanctions", "oil",
         "Boeing", "court", "police", "vote", "nuclear", "government", "protest", "missile", "embassy",
         "Ukraine", "Russia", "China", "Yemen", "NATO", "summit", "agreement", "attack", "killed", "said",
         "military", "parliament", "refugees", "border", "treaty", "prime", "army", "economy", "Iran",
         "United Nations", "diplomats", "aid"]


def sources() -> list[dict]:
    """The articles of one copy: the examples (text + sidecar) and the Wikinews JSONL rows."""
    rows = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        meta_path = path.with_suffix(".meta.json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        rows.append({"id": meta.get("id", path.stem), "title": meta.get("title"), "published": meta.get("published"),
                     "source": meta.get("source"), "text": path.read_text(encoding="utf-8")})
    if not WIKINEWS.exists():
        sys.exit(f"{WIKINEWS} is not here: the bench needs ../shared beside the project")
    for line in WIKINEWS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows.append({"id": row["id"], "title": row.get("title"), "published": row.get("dct"),
                         "url": row.get("url"), "source": "Wikinews", "text": row["text"]})
    return rows


def write_corpus(dest: Path, n: int) -> None:
    rows = sources()
    with dest.open("w", encoding="utf-8") as out:
        for i in range(n):
            copy, row = divmod(i, len(rows))
            row = rows[row]
            out.write(json.dumps({**row, "id": f"{row['id']}-copy{copy + 1}",
                                  "text": f"Copy {copy + 1}.\n{row['text']}"}) + "\n")


def stored(db: Path) -> int:
    if not db.exists():
        return 0
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


def build(db: Path, n: int) -> None:
    have = stored(db)
    if have >= n:
        print(f"store: {db} has {have} articles (reused)", flush=True)
        return
    corpus = db.with_name(db.name + ".corpus.jsonl")
    write_corpus(corpus, n)
    print(f"store: ingesting {n} articles into {db} ({have} already there); ~{(n - have) / 10.5 / 60:.0f} min",
          flush=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsgraph", "ingest", str(corpus), "--db", str(db)], check=True)
    print(f"store: built in {time.perf_counter() - t0:.0f} s, {stored(db)} articles", flush=True)
    corpus.unlink()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "newsgraph", "serve", "--db", str(db), "--port", str(port)],
                            start_new_session=True)
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/overview", timeout=5).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    stop(proc)
    sys.exit("the server did not answer within 60 s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


async def load(base: str, urls: list[str], concurrency: int) -> tuple[list[float], float]:
    """Get every url with `concurrency` in flight; return each request's latency (s) and the wall time."""
    import httpx

    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        async def worker() -> None:
            while True:
                try:
                    url = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t0 = time.perf_counter()
                r = await client.get(url)
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    raise RuntimeError(f"GET {url}: {r.status_code} {r.text[:200]}")

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return latencies, time.perf_counter() - t0


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(DEFAULT_DB))
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=500, help="per endpoint and round")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--build-only", action="store_true", help="build the store and stop")
    args = parser.parse_args()

    build(args.db, args.articles)
    if args.build_only:
        return
    con = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    ids = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id")]
    con.close()
    rng = random.Random(args.seed)
    port = free_port()
    server = start_server(args.db, port)
    base = f"http://127.0.0.1:{port}"
    endpoints = {
        "search": lambda: f"/api/search?q={rng.choice(WORDS).replace(' ', '%20')}",
        "article": lambda: f"/api/articles/{rng.choice(ids)}",
    }
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in endpoints}
    try:
        for make in endpoints.values():  # warm up: page cache, imports, connections
            asyncio.run(load(base, [make() for _ in range(4 * args.concurrency)], args.concurrency))
        for r in range(args.rounds):
            for name, make in endpoints.items():
                urls = [make() for _ in range(args.requests)]
                latencies, wall = asyncio.run(load(base, urls, args.concurrency))
                row = (statistics.median(latencies) * 1000, p99(latencies) * 1000, len(latencies) / wall)
                results[name].append(row)
                print(f"round {r + 1} {name:8} median {row[0]:7.1f} ms  p99 {row[1]:7.1f} ms  {row[2]:7.1f} req/s",
                      flush=True)
    finally:
        stop(server)
    print(f"\n{len(ids)} articles, {args.requests} requests per endpoint and round, concurrency "
          f"{args.concurrency}, medians of {args.rounds} rounds:")
    for name, rows in results.items():
        median, high, rate = (statistics.median(col) for col in zip(*rows))
        print(f"endpoint={name} median_ms={median:.1f} p99_ms={high:.1f} requests_per_s={rate:.1f}")


if __name__ == "__main__":
    main()
