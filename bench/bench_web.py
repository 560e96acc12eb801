#!/usr/bin/env python3
"""The cost of web input: the Reuters texts wrapped as news pages, in a WARC, against the same
texts as JSONL; and the HTML extractors compared on those pages.

    python bench/bench_web.py throughput [--articles 3000] [--workers 2]
    python bench/bench_web.py compare    [--articles 500]

Each Reuters article becomes a page the way a news site serves it: <head> metadata (og:title,
og:site_name, article:published_time, canonical URL), a <script> and a <style>, a cookie banner,
navigation and "most read" links, a <noscript>, a <template>, an HTML comment and a footer — and
every one of those carries a *decoy*: a trade sentence with a number from another article
("... exports rose 912 percent ..."). The body paragraphs are the article's own.

throughput   writes the pages as one gzip-per-record WARC (response records, with a warcinfo and
             a request record per page, as crawlers write them) and the same texts as JSONL, then
             times reading alone (the dump reader: decompress, parse, extract main text, filter)
             and `extract crawl.warc.gz --db` against `extract texts.jsonl --db` (whole command,
             start-up included, after a small warm-up run), and prints articles/s and the overhead.
compare      runs each candidate extractor over the pages in this process and reports pages/s,
             the share of pages where a decoy leaked into the text, and the share of body
             sentences kept (recall).
"""
from __future__ import annotations

import argparse
import gzip
import html
import io
import itertools
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl.gz"
# Reuters wire copy marks paragraphs with an indented line.
_PARAGRAPH = re.compile(r"\n\s{2,}")
_SPACES = re.compile(r"\s+")


def read_articles(path: Path, n: int) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = (json.loads(line) for line in f if line.strip())
        return list(itertools.islice((r for r in rows if len(r.get("text", "").split()) >= 40), n))


def paragraphs(text: str) -> list[str]:
    return [_SPACES.sub(" ", p).strip() for p in _PARAGRAPH.split(text) if p.strip()]


def decoy(rng: random.Random, place: str) -> str:
    """A trade sentence whose number appears in no Reuters article: it must never reach the text."""
    return f"{place}'s exports rose {rng.randint(900, 999)}{rng.randint(100, 999)} percent in 1999 {rng.choice('QXZ')}DECOY"


def wrap_as_html(rec: dict, others: list[dict], rng: random.Random) -> tuple[str, list[str]]:
    """(the page, its decoy sentences) for one article."""
    esc = html.escape
    title = rec.get("title") or "Untitled"
    published = rec.get("published") or "1987-01-01"
    decoys = [decoy(rng, p) for p in ("Japan", "Brazil", "Kenya", "Chile", "Norway", "Peru", "Egypt", "Oman", "Fiji")]
    links = "".join(f'<li><a href="/n/{o["id"]}">{esc(o.get("title") or "")}</a></li>' for o in others)
    body = "".join(f"<p>{esc(p)}</p>\n" for p in paragraphs(rec["text"]))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{esc(title)} | Reuters Archive</title>
<meta property="og:title" content="{esc(title)}"><meta property="og:type" content="article">
<meta property="og:site_name" content="Reuters Archive">
<meta property="article:published_time" content="{published}T09:00:00Z">
<link rel="canonical" href="https://archive.example.com/{rec['id']}">
<style>.promo:after {{ content: "{esc(decoys[0])}"; }}</style>
<script>window.meta = {json.dumps({"teaser": decoys[1]})};</script>
</head><body>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies. {esc(decoys[2])}.</p><button>Accept</button></div>
<header><nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/m">{esc(decoys[3])}</a></li>{links}</ul></nav></header>
<noscript><p>{esc(decoys[4])}.</p></noscript><template><p>{esc(decoys[5])}.</p></template>
<!-- {esc(decoys[6])} -->
<main><article><h1>{esc(title)}</h1>
<p class="dateline">{esc(rec.get("dateline") or "")}</p>
{body}</article>
<aside class="most-read"><h2>Most read</h2><ul><li><a href="/x">{esc(decoys[7])}</a></li>{links}</ul></aside></main>
<footer><p>Copyright 1987 Reuters Archive. {esc(decoys[8])}. All rights reserved.</p></footer>
</body></html>
"""
    return page, decoys


def pages(articles: list[dict], seed: int = 7) -> list[tuple[dict, str, list[str]]]:
    rng = random.Random(seed)
    out = []
    for i, rec in enumerate(articles):
        others = [articles[(i + k) % len(articles)] for k in (1, 2, 3)]
        page, decoys = wrap_as_html(rec, others, rng)
        out.append((rec, page, decoys))
    return out


def write_warc(path: Path, items: list[tuple[dict, str, list[str]]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "bench_web.py"}))
        for rec, page, _ in items:
            url = f"https://archive.example.com/{rec['id']}"
            req = StatusAndHeaders(f"GET /{rec['id']} HTTP/1.1", [("Host", "archive.example.com")], is_http_request=True)
            w.write_record(w.create_warc_record(url, "request", http_headers=req))
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(page.encode("utf-8")),
                                                http_headers=http))


# -- compare -------------------------------------------------------------------------------


def _trafilatura(page: str) -> str:
    from trafilatura import bare_extraction

    doc = bare_extraction(page, with_metadata=True, include_comments=False, favor_precision=True,
                          date_extraction_params={"extensive_search": False, "original_date": True})
    return doc.text if doc else ""


def _trafilatura_fast(page: str) -> str:
    from trafilatura import bare_extraction

    doc = bare_extraction(page, fast=True, with_metadata=False, include_comments=False, favor_precision=True)
    return doc.text if doc else ""


def _resiliparse(page: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(page, main_content=True, preserve_formatting=True)


def _selectolax_text(page: str) -> str:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(page)
    tree.strip_tags(["script", "style", "noscript", "template", "nav", "header", "footer", "aside"])
    node = tree.css_first("article") or tree.body
    return node.text(separator="\n") if node else ""


def _tradefacts(page: str) -> str:
    from extractor.io.html import extract_page

    return extract_page(page).text


CANDIDATES = {"trafilatura (with metadata)": _trafilatura, "trafilatura fast, no metadata": _trafilatura_fast,
              "resiliparse main_content": _resiliparse, "selectolax <article> only": _selectolax_text,
              "tradefacts extract_page": _tradefacts}


def compare(articles: list[dict]) -> list[dict]:
    items = pages(articles)
    rows = []
    for name, fn in CANDIDATES.items():
        fn(items[0][1])  # warm up imports
        leaked = kept = total = 0
        start = time.perf_counter()
        texts = [fn(page) for _, page, _ in items]
        seconds = time.perf_counter() - start
        for (rec, _, decoys), text in zip(items, texts):
            flat = _SPACES.sub(" ", text)
            leaked += any(d.split(" percent")[0] in flat for d in decoys)
            for p in paragraphs(rec["text"]):
                total += 1
                kept += p in flat
        rows.append({"extractor": name, "pages_per_s": round(len(items) / seconds, 1),
                     "decoy_leak_pages": f"{leaked}/{len(items)}", "paragraph_recall": round(kept / total, 4)})
    return rows


# -- throughput ----------------------------------------------------------------------------


def throughput(articles: list[dict], workers: int) -> list[dict]:
    extract = str(Path(sys.executable).with_name("extract"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        from extractor.io.html import extract_page

        warc, jsonl = Path(tmp) / "crawl.warc.gz", Path(tmp) / "texts.jsonl"
        items = pages(articles)
        write_warc(warc, items)
        # the JSONL holds the very texts the pages yield (re-flowed paragraphs: the pipeline runs ~25%
        # faster on those than on Reuters' hard-wrapped lines), so that only reading differs
        jsonl.write_text("".join(json.dumps({**rec, "text": extract_page(page).text}) + "\n"
                                 for rec, page, _ in items), encoding="utf-8")
        # a small warm-up run first, so that neither timed run pays for building the disk cache
        warm = Path(tmp) / "warm.jsonl"
        warm.write_text("".join(json.dumps(a) + "\n" for a in articles[:20]), encoding="utf-8")
        subprocess.run([extract, str(warm), "--out", str(Path(tmp) / "warm.out"), "--workers", "1", "-q"],
                       check=False, capture_output=True)
        reads = [read_only(name, path) for name, path in (("jsonl", jsonl), ("warc.gz", warc))]
        for name, path in (("jsonl", jsonl), ("warc.gz", warc)):
            db = Path(tmp) / f"{name}.db"
            start = time.perf_counter()
            proc = subprocess.run([extract, str(path), "--db", str(db), "--workers", str(workers),
                                   "--log-format", "json"], check=False, capture_output=True, text=True)
            seconds = time.perf_counter() - start
            summary = next((json.loads(l) for l in proc.stderr.splitlines() if '"summary"' in l), {})
            rows.append({"input": name, "articles": summary.get("done"), "records": summary.get("input"),
                         "skipped": summary.get("skipped"), "failed": summary.get("failed"),
                         "facts": summary.get("facts"), "seconds": round(seconds, 1),
                         "articles_per_s": round((summary.get("done") or 0) / seconds, 1),
                         "input_mb": round(path.stat().st_size / 1e6, 2), "exit": proc.returncode})
    read_base, read_web = reads
    base, web = rows
    read_web["read_overhead_vs_jsonl"] = f"{read_web['seconds'] / read_base['seconds']:.1f}x time"
    web["overhead_vs_jsonl"] = f"{web['seconds'] / base['seconds']:.2f}x time"
    return reads + rows


def read_only(name: str, path: Path) -> dict:
    """Reading alone (decompress, parse, extract the main text, filter), no fact extraction."""
    from extractor.io.dumps import DumpReader, resolve_inputs

    start = time.perf_counter()
    n = texts = 0
    for rec in DumpReader(resolve_inputs([str(path)])):
        n += 1
        texts += rec.text is not None
    seconds = time.perf_counter() - start
    return {"input": f"{name} (read only)", "records": n, "articles": texts, "seconds": round(seconds, 2),
            "articles_per_s": round(texts / seconds, 1), "mb_per_s": round(path.stat().st_size / 1e6 / seconds, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=["throughput", "compare"])
    ap.add_argument("--articles", type=int, default=None, help="default: 3000 (throughput), 500 (compare)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    a = ap.parse_args()
    if not a.input.exists():
        raise SystemExit(f"bench_web: no such input: {a.input}")
    sys.path.insert(0, str(ROOT))
    if a.what == "compare":
        rows = compare(read_articles(a.input, a.articles or 500))
    else:
        rows = throughput(read_articles(a.input, a.articles or 3000), a.workers)
    for row in rows:
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
