"""The hostile inputs of issue #7 as CLI cases: one source for bench/hostile.py (which runs each
through the real `extract` command in its own process, and the raw libraries "before") and
tests/hostile/test_cli_cases.py (which runs them in-process and asserts the same verdicts).

Every input is generated into a fresh folder at run time; nothing large is committed. A case's
`build(folder, small)` writes its input and returns the `Run` (the arguments after `extract`);
`small=True` shrinks inputs whose size is not the point (tests). `problems(case, result)` is the
verdict: an empty list when the run did what the case expects.

>>> [c.name for c in CASES][:2]
['normal article (start-up)', '20,000 open brackets']
"""
from __future__ import annotations

import codecs
import gzip
import json
import math
import random
import re
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

PUBLISHED = "2024-01-15"
SINGLE_BOUND_S = 40.0  # one article, start-up (model load) included; its own limit is --timeout (10 s)
BATCH_BOUND_S = 90.0  # a batch: workers' start-up plus each article's --timeout
TRACEBACK = "Traceback (most recent call last)"
NORMAL = "Exports rose 5.2 pct to 1.2 billion dlrs in January 1987, the ministry said."


@dataclass
class Run:
    """One `extract` invocation: its arguments and what the checks need to know about its input."""

    args: list[str]
    stdin: bytes | None = None
    records: int | None = None  # a batch: how many input records (done + failed + skipped must equal it)
    text: str | None = None  # the article's text (evidence spans are checked against it when `exact`)
    article: Path | None = None  # the article file, which a naive pipeline reads too (the "before")
    exact: bool = False  # the file decodes to exactly `text`: evidence spans are checked against it
    out: Path | None = None  # a batch's --out file
    db: Path | None = None  # a batch's --db file
    unprivileged: bool = False  # run as an unprivileged user (the permission cases, when root)

    @property
    def batch(self) -> bool:
        return self.records is not None


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str
    seconds: float
    run: Run


@dataclass(frozen=True)
class Case:
    name: str
    expectation: str  # in words, for the table
    build: Callable[[Path, bool], Run]
    exit: tuple[int, ...]
    message: str | None = None  # a regex stderr must match
    facts: int | None = None  # a single article: exactly this many facts
    counts: tuple[int, int, int] | None = None  # a batch: (done, failed, skipped)
    bound_s: float = SINGLE_BOUND_S
    model: bool = True  # a batch whose point is extraction (else a stand-in extractor tests it as well)
    check: Callable[[Result], list[str]] | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)


# -- verdicts ------------------------------------------------------------------------------


def problems(case: Case, r: Result) -> list[str]:
    """What went wrong in run `r` of `case` (empty: as expected)."""
    out = []
    if TRACEBACK in r.stderr:
        out.append("traceback on stderr")
    if r.code not in case.exit:
        out.append(f"exit {r.code}, expected {'/'.join(map(str, case.exit))}: {_last_line(r.stderr)}")
    if case.message and not re.search(case.message, r.stderr):
        out.append(f"stderr lacks /{case.message}/: {_last_line(r.stderr)!r}")
    if r.code in (1, 2) and len([x for x in r.stderr.splitlines() if x.strip()]) != 1:
        out.append(f"error is not one line: {r.stderr[:300]!r}")
    if r.code == 0 and not r.run.batch:
        out += _single_problems(case, r)
    if r.run.batch and r.code in (0, 3):
        out += _batch_problems(case, r)
    if case.check and not out:
        out += case.check(r)
    return out


def _single_problems(case: Case, r: Result) -> list[str]:
    try:
        contract = json.loads(r.stdout)
    except ValueError as exc:
        return [f"stdout is not one contract JSON: {exc}"]
    out = contract_problems(contract, r.run.text if r.run.exact else None)
    if case.facts is not None and len(contract["facts"]) != case.facts:
        out.append(f"{len(contract['facts'])} facts, expected {case.facts}")
    return out


def contract_problems(contract: dict, text: str | None = None) -> list[str]:
    """Amounts finite and below 1e16, ISO currencies, and (given the text) spans that match it."""
    out = []
    for f in contract.get("facts", []):
        for m in [f.get("value"), *f.get("equivalents", [])]:
            if m is not None:
                amount = Decimal(str(m["amount"]))
                if not amount.is_finite() or abs(amount) > Decimal("1e16"):
                    out.append(f"amount {m['amount']} out of range")
                if not re.fullmatch(r"[A-Z]{3}", m["currency"]):
                    out.append(f"currency {m['currency']!r}")
    if text is not None:
        spans = [s for key in ("facts", "partners", "causes") for x in contract.get(key, [])
                 for s in x.get("evidence", [])]
        out += [f"span {s['start']}:{s['end']} is not {s['text']!r}" for s in spans
                if text[s["start"]:s["end"]] != s["text"]]
    return out


def summary(stderr: str) -> dict | None:
    """The batch's `--log-format json` summary event."""
    for line in stderr.splitlines():
        if '"event": "summary"' in line:
            return json.loads(line)
    return None


def _batch_problems(case: Case, r: Result) -> list[str]:
    s = summary(r.stderr)
    if s is None:
        return ["no summary on stderr"]
    out = []
    total = s["done"] + s["failed"] + s["skipped"]
    if total != s["input"] or total != r.run.records:
        out.append(f"lost or extra records: {s['done']} done + {s['failed']} failed + {s['skipped']} skipped "
                   f"of {r.run.records} input")
    if case.counts is not None and (s["done"], s["failed"], s["skipped"]) != case.counts:
        out.append(f"(done, failed, skipped) = {(s['done'], s['failed'], s['skipped'])}, expected {case.counts}")
    lines = r.stdout if r.run.out is None and r.run.db is None else \
        (r.run.out.read_text(encoding="utf-8") if r.run.out and r.run.out.exists() else "")
    if r.run.db is None or r.run.out is not None:
        contracts = [json.loads(x) for x in lines.splitlines() if x.strip()]
        ids = [c["article"]["id"] for c in contracts]
        out += _ids_problems(ids, s["done"], "output")
        for c in contracts:
            out += contract_problems(c)
    if r.run.db is not None:
        with sqlite3.connect(r.run.db) as conn:
            ids = [row[0] for row in conn.execute("SELECT record_id FROM articles")]
            failures = conn.execute("SELECT count(*) FROM failures").fetchone()[0]
        out += _ids_problems(ids, s["done"], "database")
        if failures != s["failed"]:
            out.append(f"{failures} failures stored, {s['failed']} reported")
    return out


def _ids_problems(ids: list[str], done: int, where: str) -> list[str]:
    out = []
    if len(ids) != len(set(ids)):
        out.append(f"duplicate ids in the {where}")
    if len(ids) != done:
        out.append(f"{len(ids)} articles in the {where}, {done} done")
    return out


def _last_line(text: str) -> str:
    lines = [x for x in text.splitlines() if x.strip()]
    return lines[-1][:200] if lines else ""


# -- input builders ------------------------------------------------------------------------


def _single(text: Callable[[bool], str], *, encode: Callable[[str], bytes] = lambda t: t.encode("utf-8"),
            exact: bool = True, extra: tuple[str, ...] = ()) -> Callable[[Path, bool], Run]:
    """An article file written from text(small) and read by `extract FILE` (one article)."""
    def build(d: Path, small: bool) -> Run:
        t = text(small)
        path = d / "article.txt"
        path.write_bytes(encode(t))
        return Run([str(path), "--format", "jsonl", "--published", PUBLISHED, *extra], text=t, exact=exact,
                   article=path)
    return build


def _raw_single(data: Callable[[bool], bytes], name: str = "article.txt") -> Callable[[Path, bool], Run]:
    def build(d: Path, small: bool) -> Run:
        path = d / name
        path.write_bytes(data(small))
        return Run([str(path), "--format", "jsonl"])
    return build


def _batch_args(d: Path, inputs: list[str], records: int, *, sink: str = "db", workers: int = 1,
                extra: tuple[str, ...] = (), unprivileged: bool = False) -> Run:
    out = d / "out.jsonl" if sink == "out" else None
    db = d / "facts.db" if sink == "db" else None
    args = [*inputs, "--workers", str(workers), "--log-format", "json", "--published", PUBLISHED, *extra]
    args += ["--out", str(out)] if out else ["--db", str(db)] if db else []
    return Run(args, records=records, out=out, db=db, unprivileged=unprivileged)


def _jsonl(d: Path, lines: list[str | dict], name: str = "dump.jsonl") -> Path:
    path = d / name
    data = "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines).encode("utf-8", "surrogatepass")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


def _prose(n: int, seed: int, words: str) -> str:
    """`n` characters of machine-made sentences over `words`, with a paragraph break now and then."""
    rng, vocab, parts, k = random.Random(seed), words.split(), [], 0
    while k < n:
        s = " ".join(rng.choice(vocab) for _ in range(rng.randint(8, 24))).capitalize() + ". "
        s += "\n\n" if rng.random() < 0.1 else ""
        parts.append(s)
        k += len(s)
    return "".join(parts)[:n]


PLAIN_WORDS = ("the city council said a new park would open in spring after long debate about its design and "
               "residents welcomed plan while critics asked for more trees near river")
TRADE_WORDS = ("the ministry said exports of machinery and textiles to partners in Asia grew while imports of oil "
               "fell in the quarter according to customs data")


def _number_soup(n: int) -> str:
    """Machine-made tables flattened to text: figures, percents, currencies, dates and scale words."""
    rng, parts, k = random.Random(7), [], 0
    forms = [lambda: f"{rng.randint(0, 10**6):,}", lambda: f"{rng.random() * 100:.2f}%",
             lambda: f"${rng.random() * 900:.1f}bn", lambda: f"{rng.randint(1, 999)} billion dlrs",
             lambda: f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(1900, 2100)}",
             lambda: f"-{rng.random():.3f} pct", lambda: f"{rng.randint(1, 9)}e{rng.randint(1, 400)}",
             lambda: rng.choice(["up", "down", "exports", "imports", "yoy", "Q3", "H1", "FY2024", "mln", "NaN"])]
    while k < n:
        p = rng.choice(forms)()
        parts.append(p)
        k += len(p) + 1
    return " ".join(parts)


def _gzip_bomb(d: Path, inflated: int) -> Path:
    """Two valid lines, then `inflated` bytes of one endless line, compressed ~1000:1."""
    path = d / "bomb.jsonl.gz"
    chunk = b"A" * (1 << 20)
    with gzip.open(path, "wb", compresslevel=9) as f:
        f.write(json.dumps({"id": "ok-1", "text": NORMAL}).encode() + b"\n")
        f.write(json.dumps({"id": "ok-2", "text": NORMAL.replace("5.2", "6.1")}).encode() + b"\n")
        f.write(b'{"id": "bomb", "text": "')
        for _ in range(inflated >> 20):
            f.write(chunk)
    return path


def _truncated_gzip(d: Path) -> tuple[Path, int]:
    """A 40-line gzip dump cut in the middle; and how many whole lines its surviving bytes hold."""
    data = "".join(json.dumps({"id": f"t{i}", "text": NORMAL.replace("5.2", f"{i}.5")}) + "\n"
                   for i in range(40)).encode()
    packed = gzip.compress(data)
    cut = packed[: len(packed) // 2]
    path = d / "cut.jsonl.gz"
    path.write_bytes(cut)
    readable = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(cut)
    return path, readable.count(b"\n")


def _tree(d: Path, files: dict[str, bytes | str]) -> Path:
    root = d / "news"
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


PNG = b"\x89PNG\r\n\x1a\n" + random.Random(3).randbytes(4000)


def _junk(n: int, seed: int = 5) -> bytes:
    return random.Random(seed).randbytes(n)


# -- builders with more to them ------------------------------------------------------------


def _big_page(d: Path, small: bool) -> Run:
    """A 20 MiB page (small: 2 MiB against --max-chars 100000): refused before it is read."""
    path = d / "page.txt"
    size = (2 if small else 20) << 20
    path.write_text(_prose(size, 11, TRADE_WORDS), encoding="utf-8")
    extra = ["--max-chars", "100000"] if small else []
    return Run([str(path), "--format", "jsonl", *extra], article=path)


def _huge_prose(d: Path, small: bool) -> Run:
    """Just under --max-chars of plain prose (small: 200,000 characters against --timeout 1)."""
    path = d / "prose.txt"
    text = _prose(200_000 if small else 4_900_000, 12, PLAIN_WORDS)
    path.write_text(text, encoding="utf-8")
    extra = ["--timeout", "1"] if small else []
    return Run([str(path), "--format", "jsonl", "--published", PUBLISHED, *extra], text=text, exact=True,
               article=path)


def _slow_single(d: Path, small: bool) -> Run:
    """Trade-dense prose that takes far longer than its limit (small: 300,000 characters against --timeout 1)."""
    path = d / "slow.txt"
    text = _prose(300_000 if small else 4_900_000, 13, TRADE_WORDS)
    path.write_text(text, encoding="utf-8")
    extra = ["--timeout", "1"] if small else []
    return Run([str(path), "--format", "jsonl", "--published", PUBLISHED, *extra], text=text, article=path)


def _stdin_binary(d: Path, small: bool) -> Run:
    return Run(["-", "--format", "jsonl"], stdin=_junk(50_000))


def _stdin_endless(d: Path, small: bool) -> Run:
    """An article on stdin bigger than --max-chars allows: refused after reading just past the limit."""
    return Run(["-", "--format", "jsonl", "--max-chars", "1000" if small else "1000000"],
               stdin=b"Exports rose. " * (100_000 if small else 400_000))


def _missing_single(d: Path, small: bool) -> Run:
    return Run([str(d / "no-such-article.txt")])


def _unreadable_single(d: Path, small: bool) -> Run:
    path = d / "locked.txt"
    path.write_text(NORMAL)
    path.chmod(0)
    return Run([str(path)], unprivileged=True)


def _missing_batch(d: Path, small: bool) -> Run:
    return Run([str(d / "no-such-dump.jsonl"), "--out", str(d / "o.jsonl")], records=None)


def _empty_glob(d: Path, small: bool) -> Run:
    return Run([str(d / "nowhere" / "*.txt"), "--out", str(d / "o.jsonl")])


def _out_is_dir(d: Path, small: bool) -> Run:
    _jsonl(d, [{"id": "a", "text": NORMAL}])
    (d / "outdir").mkdir()
    return Run([str(d / "dump.jsonl"), "--out", str(d / "outdir"), "--workers", "1"])


def _db_is_dir(d: Path, small: bool) -> Run:
    _jsonl(d, [{"id": "a", "text": NORMAL}])
    (d / "dbdir").mkdir()
    return Run([str(d / "dump.jsonl"), "--db", str(d / "dbdir"), "--workers", "1"])


def _dir_as_article(d: Path, small: bool) -> Run:
    """A folder given to --check-only, which expects one contract JSON file."""
    (d / "facts").mkdir()
    return Run(["--check-only", str(d / "facts")])


BROKEN_LINES = [
    {"id": "good-1", "text": NORMAL},
    "not json at all",
    '{"id": "cut", "text": "Exports ro',
    "[1, 2, 3]",
    {"id": "no-text", "title": "x"},
    {"id": "number-text", "text": 12},
    '{"id": "nan", "text": NaN}',
    "",
    "\x00\x01\x02\x03\x04\x05\x06\x07\x08 binary junk \x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19",
    {"id": "good-2", "text": NORMAL.replace("5.2", "7.7")},
]


def _broken_jsonl(d: Path, small: bool) -> Run:
    dump = _jsonl(d, BROKEN_LINES)
    return _batch_args(d, [str(dump)], records=sum(1 for x in BROKEN_LINES if x != ""), sink="out")


def _deep_jsonl(d: Path, small: bool) -> Run:
    depth = 100_000
    dump = _jsonl(d, [{"id": "before", "text": NORMAL},
                      '{"id": "deep", "text": "x", "meta": ' + "[" * depth + "]" * depth + "}",
                      '{"id": "deep-object", "text": ' + '{"a": ' * depth + "1" + "}" * depth + "}",
                      {"id": "after", "text": NORMAL.replace("5.2", "8.8")}])
    return _batch_args(d, [str(dump)], records=4, sink="db")


HOSTILE_IDS = [
    ("../../../../etc/passwd", True), ("'; DROP TABLE articles; --", True), ("<script>alert(1)</script>", True),
    ("{{7*7}} ${7*7} %s %n", True), (12345, True), ("x" * 100_000, False), ("a\u0000b", False),
    ("line\nbreak", False), ("", False), ("   ", False), (["a", "list"], False), ({"an": "object"}, False),
    (True, False), (1.5, False), ("esc\u001b[31m", False), ("lone\udc80surrogate", False),
]


def _hostile_ids(d: Path, small: bool) -> Run:
    rows = [json.dumps({"id": rid, "text": f"{NORMAL} Item {i}."}) for i, (rid, _) in enumerate(HOSTILE_IDS)]
    rows.append('{"id": 1' + "0" * 5000 + ', "text": "an id of 5,001 digits"}')
    dump = _jsonl(d, rows)
    return _batch_args(d, [str(dump)], records=len(rows), sink="db")


def _stored_ids(r: Result) -> list[str]:
    with sqlite3.connect(r.run.db) as conn:
        stored = {row[0] for row in conn.execute("SELECT record_id FROM articles")}
    wanted = {str(rid) for rid, ok in HOSTILE_IDS if ok}
    out = [f"id {x!r} not stored verbatim" for x in sorted(wanted - stored)]
    if any(p.name == "passwd" for p in r.run.db.parent.rglob("*")):
        out.append("an id became a file name")
    return out


def _odd_text_jsonl(d: Path, small: bool) -> Run:
    """Texts JSON can carry but files rarely do: lone surrogates, NUL, CR line ends, odd spaces."""
    dump = _jsonl(d, [
        '{"id": "surrogate", "text": "Exports rose 5 pct \\ud800 to 3 billion dlrs in 2023."}',
        '{"id": "nul", "text": "Exports rose 5 pct\\u0000 to 3 billion dlrs in 2023."}',
        '{"id": "cr", "text": "Exports rose 5 pct\\r\\nto 3 billion dlrs\\rin 2023."}',
        '{"id": "spaces", "text": "Exports rose\\u00a05 pct to\\u20093\\u202fbillion dlrs in\\u30002023."}',
        '{"id": "bad-date", "text": "Exports rose 5 pct in 2023.", "published": "1987-02-30"}',
        '{"id": "nan-date", "text": "Exports rose 6 pct in 2023.", "published": NaN, "title": Infinity}',
    ])
    return _batch_args(d, [str(dump)], records=6, sink="db")


def _truncated(d: Path, small: bool) -> Run:
    path, whole = _truncated_gzip(d)
    return _batch_args(d, [str(path)], records=whole + 1, sink="db")


def _bomb(d: Path, small: bool) -> Run:
    path = _gzip_bomb(d, (100 if small else 1024) << 20)
    # the endless line is failed as too large, and what follows it as a second record: the rest of the stream
    return _batch_args(d, [str(path)], records=4, sink="out")


def _link_cycle(d: Path, small: bool) -> Run:
    root = _tree(d, {"a.txt": NORMAL, "sub/b.txt": NORMAL.replace("5.2", "3.3")})
    (root / "sub" / "up").symlink_to("..", target_is_directory=True)
    (root / "self").symlink_to(".", target_is_directory=True)
    (root / "sub" / "twin").symlink_to(root / "sub", target_is_directory=True)
    return _batch_args(d, [str(root)], records=2, sink="out")


def _dangling(d: Path, small: bool) -> Run:
    root = _tree(d, {"a.txt": NORMAL})
    (root / "gone.txt").symlink_to(root / "never-there.txt")
    return _batch_args(d, [str(root)], records=2, sink="db")


def _binaries_in_folder(d: Path, small: bool) -> Run:
    junk = {f"junk-{seed:02d}.txt": _junk(4000, seed) for seed in range(16)}  # about half passed the raw test
    root = _tree(d, {"a.txt": NORMAL, "photo.txt": PNG, "doc.txt": b"%PDF-1.7\n" + _junk(5000, 99),
                     "archive.txt": gzip.compress(NORMAL.encode()), **junk})
    return _batch_args(d, [str(root)], records=4 + len(junk), sink="db")


def _unreadable_in_folder(d: Path, small: bool) -> Run:
    """Nothing in it can be read, so no worker starts (workers cannot be started as `nobody` everywhere)."""
    root = _tree(d, {"locked.txt": NORMAL, "closed/c.txt": NORMAL})
    (root / "locked.txt").chmod(0)
    (root / "closed").chmod(0)
    return _batch_args(d, [str(root)], records=2, sink="stdout", unprivileged=True)


def _big_in_batch(d: Path, small: bool) -> Run:
    root = _tree(d, {"a.txt": NORMAL})
    (root / "page.txt").write_text(_prose((2 if small else 20) << 20, 11, TRADE_WORDS), encoding="utf-8")
    extra = ("--max-chars", "100000") if small else ()
    return _batch_args(d, [str(root)], records=2, sink="db", extra=extra)


def _slow_in_batch(d: Path, small: bool) -> Run:
    """A trade-dense article that cannot finish in time between two normal ones: killed, replaced, the batch goes on."""
    dump = _jsonl(d, [{"id": "before", "text": NORMAL},
                      {"id": "slow", "text": _prose(300_000 if small else 4_900_000, 13, TRADE_WORDS)},
                      {"id": "after", "text": NORMAL.replace("5.2", "4.4")}])
    return _batch_args(d, [str(dump)], records=3, sink="db", extra=("--timeout", "1" if small else "10"))


def _long_line(d: Path, small: bool) -> Run:
    """A JSONL line over the byte limit for --max-chars 1000: skipped unparsed, the next line read."""
    dump = _jsonl(d, [{"id": "big", "text": "x" * 20_000}, {"id": "fine", "text": NORMAL}])
    return _batch_args(d, [str(dump)], records=2, sink="out", extra=("--max-chars", "1000"))


def _all_texts_dump(d: Path, small: bool) -> Run:
    """Every pathological text of the single-article cases as one JSONL dump, into SQLite, 2 workers."""
    texts = [c for c in CASES if "text" in c.tags and c.exit == _OK]  # not those that hit a limit on purpose
    rows = [{"id": c.name, "text": c.build(_scratch(d, i), small).text} for i, c in enumerate(texts)]
    dump = _jsonl(d, [r for r in rows if r["text"] is not None])
    return _batch_args(d, [str(dump)], records=sum(r["text"] is not None for r in rows), sink="db", workers=2)


def _scratch(d: Path, i: int) -> Path:
    p = d / f"scratch-{i}"
    p.mkdir(exist_ok=True)
    return p


def _sql_html_title(d: Path, small: bool) -> Run:
    dump = _jsonl(d, [{"id": "sql", "title": TITLE, "text": SQL_TEXT}])
    return _batch_args(d, [str(dump)], records=1, sink="db")


TITLE = "Robert'); DROP TABLE facts;-- <b>{{ title }}</b>"
SQL_TEXT = ("Exports rose 5 pct to 3 billion dlrs in 2023, the ministry said'; DROP TABLE articles; -- "
            "<script>alert(1)</script> {{7*7}} ${7*7} {% raw %} %s %(x)s \\x00 ?; SELECT * FROM facts")


def _stored_verbatim(r: Result) -> list[str]:
    with sqlite3.connect(r.run.db) as conn:
        titles = [row[0] for row in conn.execute("SELECT title FROM articles")]
        evidence = [json.loads(row[0]) for row in conn.execute("SELECT contract FROM articles")]
    out = [] if titles == [TITLE] else [f"title stored as {titles!r}"]
    spans = [s["text"] for c in evidence for f in c["facts"] for s in f["evidence"]]
    out += [f"span {s!r} not in the text" for s in spans if s not in SQL_TEXT]
    return out + ([] if spans else ["no fact from the text"])


def _huge_numbers_db(d: Path, small: bool) -> Run:
    """Figures at and past SQLite's integer range (2^63), NaN, Infinity and -0, into the database."""
    dump = _jsonl(d, [
        {"id": "2^63", "text": "Exports rose 9,223,372,036,854,775,808 percent to 9223372036854775808 dlrs in 2023."},
        {"id": "2^64", "text": "Imports grew 18446744073709551616 pct to 18,446,744,073,709,551,616 billion yuan."},
        {"id": "30 digits", "text": "Exports rose 123456789012345678901234567890 percent to 5 billion dlrs in 2023."},
        {"id": "1e308", "text": "Exports rose 1e308 pct to 1e308 billion dlrs in 2023, a share of 1e20 pct."},
        {"id": "nan", "text": "Exports were NaN billion dlrs in 2023, up Infinity pct, imports -inf pct."},
        {"id": "-0", "text": "Exports fell -0.0 pct to -0 billion dlrs in 2023."},
    ])
    return _batch_args(d, [str(dump)], records=6, sink="db")


def _no_nan_stored(r: Result) -> list[str]:
    with sqlite3.connect(r.run.db) as conn:
        rows = conn.execute("SELECT amount, growth_percent, share_percent FROM facts").fetchall()
    return [f"non-finite or out-of-range figure stored: {row}" for row in rows
            for v in row if v is not None and not (math.isfinite(float(v)) and abs(float(v)) <= 1e16)]


def _facts_amounts(expected: list[tuple[str, str]]) -> Callable[[Result], list[str]]:
    """The single article's facts have exactly these (amount, currency) values."""
    def check(r: Result) -> list[str]:
        got = [(str(Decimal(str(f["value"]["amount"]))), f["value"]["currency"])
               for f in json.loads(r.stdout)["facts"] if f.get("value")]
        return [] if got == expected else [f"values {got}, expected {expected}"]
    return check


def _info(code: str) -> Callable[[Result], list[str]]:
    def check(r: Result) -> list[str]:
        codes = [c["code"] for c in json.loads(r.stdout)["checks"]]
        return [] if code in codes else [f"no {code} check (got {codes})"]
    return check


# -- the cases -----------------------------------------------------------------------------

_T = ("text",)  # a single article whose text is measured "before" through the raw libraries
_OK = (0,)
_ERR = (1,)
_USAGE = (2,)
_FAILED = (3,)
_utf16 = codecs.BOM_UTF16_LE.__add__
_DONE_OR_TIMEOUT = r"^$|timeout after \d+ s"

CASES: list[Case] = [
    Case("normal article (start-up)", "1 fact; the start-up every single-article run pays",
         _single(lambda s: NORMAL), _OK, facts=1, check=_facts_amounts([("1200000000", "USD")]), tags=_T),
    Case("20,000 open brackets", "no facts (spaCy's tokenizer is quadratic on them)",
         _single(lambda s: "(" * 20000), _OK, facts=0, tags=_T),
    Case("'1' + ' 1' * 50,000", "no facts (dateparser: 33 s)", _single(lambda s: "1" + " 1" * 50000),
         _OK, facts=0, tags=_T),
    Case("100,000-digit amount", "no facts (price-parser: 65 s)",
         _single(lambda s: "Exports rose to " + "9" * 100000 + " billion dlrs in 2023."), _OK, facts=0, tags=_T),
    Case("100,000-digit percent", "no facts, no Decimal error (the sentence is cut into pieces)",
         _single(lambda s: "Exports rose " + "9" * 100000 + " pct to 5 billion dlrs in 2023."), _OK, facts=0,
         tags=_T),
    Case("30-digit percent", "the amount only; no Decimal error",
         _single(lambda s: "Exports rose 123456789012345678901234567890 percent to 5 billion dlrs in 2023."),
         _OK, facts=1, check=_facts_amounts([("5000000000", "USD")]), tags=_T),
    Case("1e308 billion", "no amount (price-parser reads it as 1)",
         _single(lambda s: "Exports rose to 1e308 billion dlrs in 2023."), _OK, facts=0, tags=_T),
    Case("amounts over 1e16", "no amount above 1e16",
         _single(lambda s: "Exports rose to 20,000 trillion dlrs and imports to 9,999,999,999,999,999,999 "
                           "dlrs in 2023."), _OK, facts=0, tags=_T),
    Case("NaN, Infinity, -0", "no NaN or Infinity in the output",
         _single(lambda s: "Exports were NaN billion dlrs in 2023, up Infinity pct, and imports fell -0.0 pct "
                           "to -0 billion dlrs, inf percent."), _OK, tags=_T),
    Case("malformed 1,2,3,4,5,6 billion", "no amount",
         _single(lambda s: "Exports rose to 1,2,3,4,5,6 billion dlrs in 2023."), _OK, facts=0, tags=_T),
    Case("20,000 percents", "no facts, bounded",
         _single(lambda s: " ".join(f"{i} pct" for i in range(2000 if s else 20000))), _OK, facts=0, tags=_T),
    Case("10,000 money near-misses", "no facts (dateparser: > 120 s)",
         _single(lambda s: " ".join(f"{i}.5 billion dlrs from" for i in range(1000 if s else 10000))), _OK,
         facts=0, tags=_T),
    Case("10,000 period near-misses", "no facts, bounded",
         _single(lambda s: " ".join("January to March 1987 and" for _ in range(1000 if s else 10000))), _OK,
         facts=0, tags=_T),
    Case("money/percent near-miss soup", "finished, or failed at --timeout (10 s)",
         _single(lambda s: " ".join(f"{i}% {i}.{i} pct up {i}bn dlrs {i} per cent of {i}"
                                    for i in range(500 if s else 5000))), (0, 1), message=_DONE_OR_TIMEOUT, tags=_T),
    Case("machine-made number soup (1 MB)", "finished, or failed at --timeout (10 s)",
         _single(lambda s: _number_soup(20_000 if s else 1_000_000)), (0, 1), message=_DONE_OR_TIMEOUT, tags=_T),
    Case("deep brackets [ x5000 ] x5000", "no facts",
         _single(lambda s: "[" * 5000 + "]" * 5000), _OK, facts=0, tags=_T),
    Case("one 1.2-million-character line", "no facts, bounded",
         _single(lambda s: "trade " * (20_000 if s else 200_000)), _OK, facts=0, tags=_T),
    Case("4.9 M characters of prose", "finished, or failed at --timeout (10 s)", _huge_prose, (0, 1),
         message=_DONE_OR_TIMEOUT, tags=_T),
    Case("article past --timeout", "exit 1: timeout after N s", _slow_single, _ERR, message=r"timeout after \d+ s",
         tags=_T),
    Case("20 MiB page", "refused as too large before reading", _big_page, _ERR, message="too large", tags=_T),
    Case("NUL and control characters", "1 fact",
         _single(lambda s: "Exports rose 5 pct\x00 to 3 billion dlrs in 2023.\x07\x1b[31m red\x1b[0m\x0c",
                 exact=False), _OK, facts=1, tags=_T),
    Case("odd Unicode spaces", "1 fact: 1.2 billion USD",
         _single(lambda s: "Exports rose\u00a05.2\u2009pct to\u202f1.2\u3000billion dlrs in 2023."), _OK, facts=1,
         check=_facts_amounts([("1200000000", "USD")]), tags=_T),
    Case("UTF-16 with BOM", "decoded: 1 fact",
         _single(lambda s: NORMAL.replace("5.2", "5.4"), encode=lambda t: _utf16(t.encode("utf-16-le"))),
         _OK, facts=1, tags=_T),
    Case("Windows-1252", "decoded: 1 fact",
         _single(lambda s: "\u201cExports\u201d of caf\u00e9 rose 5.2 pct to 1.2 billion dlrs in 2023 \u2013 "
                           "the ministry said.", encode=lambda t: t.encode("cp1252")), _OK, facts=1, tags=_T),
    Case("invalid UTF-8 bytes", "decoded with U+FFFD: 1 fact",
         _single(lambda s: "Caf\u00e9 exports rose 5.2 pct to 1.2 billion dlrs in 2023.",
                 encode=lambda t: t.encode("utf-8").replace(b"Caf\xc3\xa9", b"Caf\xff\xfe"), exact=False),
         _OK, facts=1, tags=_T),
    Case("Chinese with \u4e07\u4ebf", "1 fact at the scale of \u4e07\u4ebf (the Chinese pipeline)",
         _single(lambda s: "\u4eca\u5e74\u524d8\u4e2a\u6708\uff0c\u4e2d\u56fd\u5916\u8d38\u8fdb\u51fa\u53e3\u603b"
                           "\u503c6.61\u4e07\u4ebf\u5143\uff0c\u540c\u6bd4\u589e\u957f5.2%\u3002"), _OK, facts=1,
         check=_facts_amounts([("6610000000000", "CNY")]), tags=_T),
    Case("decimal commas", "no facts from French",
         _single(lambda s: "Les exportations ont atteint 6,61 milliards d'euros en 2023, +5,2 %."), _OK, facts=0,
         tags=_T),
    Case("SQL/HTML/template text", "1 fact; text kept verbatim",
         _single(lambda s: SQL_TEXT), _OK, facts=1, tags=_T),
    Case("empty file", "no facts", _single(lambda s: ""), _OK, facts=0),
    Case("binary junk named .txt", "exit 1: not a text file", _raw_single(lambda s: _junk(4000, 3)), _ERR,
         message="not a text file"),
    Case("PNG named .txt", "exit 1: looks like a PNG image", _raw_single(lambda s: PNG), _ERR,
         message="not a text file: looks like a PNG image"),
    Case("binary junk on stdin", "exit 1: not a text file", _stdin_binary, _ERR, message="not a text file"),
    Case("endless stdin", "exit 1: too large, read no further", _stdin_endless, _ERR, message="too large"),
    Case("missing file", "exit 1: no such file", _missing_single, _ERR, message="no such file"),
    Case("unreadable file", "exit 1: permission denied", _unreadable_single, _ERR, message="permission denied"),
    Case("missing dump (batch)", "exit 2: no such file", _missing_batch, _USAGE,
         message="^extract: error: no such file or directory"),
    Case("glob matching nothing", "exit 2: no files match", _empty_glob, _USAGE, message="^extract: error: no files match"),
    Case("--out is a directory", "exit 2", _out_is_dir, _USAGE, message="^extract: error: --out is a directory"),
    Case("--db is a directory", "exit 1: cannot open database", _db_is_dir, _ERR, message="^extract: error: cannot open database"),
    Case("folder given to --check-only", "exit 2: cannot read", _dir_as_article, _USAGE, message="cannot read"),
    Case("broken JSONL lines", "2 done, 7 failed with line numbers", _broken_jsonl, _FAILED,
         message=r"line 2: not JSON", counts=(2, 7, 0), bound_s=BATCH_BOUND_S, model=False),
    Case("deeply nested JSONL lines", "2 done, 2 failed: nested too deeply", _deep_jsonl, _FAILED,
         message="nested too deeply", counts=(2, 2, 0), bound_s=BATCH_BOUND_S, model=False),
    Case("hostile ids", "5 stored verbatim, 12 failed", _hostile_ids, _FAILED, message="id holds control",
         counts=(5, 12, 0), bound_s=BATCH_BOUND_S, model=False, check=_stored_ids),
    Case("lone surrogates, NUL, CR, odd dates in JSONL", "4 done; 2 failed: published is no date (1987-02-30, NaN)",
         _odd_text_jsonl, _FAILED, message="published: not a date", counts=(4, 2, 0), bound_s=BATCH_BOUND_S),
    Case("2^63, 1e308, NaN, -0 into SQLite", "6 done; nothing non-finite stored", _huge_numbers_db, _OK,
         counts=(6, 0, 0), bound_s=BATCH_BOUND_S, check=_no_nan_stored),
    Case("SQL/HTML title into SQLite", "stored verbatim", _sql_html_title, _OK, counts=(1, 0, 0),
         bound_s=BATCH_BOUND_S, check=_stored_verbatim),
    Case("truncated gzip", "the whole lines done, the rest 1 failed", _truncated, _FAILED,
         message="truncated or corrupt", bound_s=BATCH_BOUND_S, model=False),
    Case("gzip bomb (1 GiB, 1 line)", "2 done; the line and the rest failed: too large", _bomb, _FAILED,
         message="decompressed size over", counts=(2, 2, 0), bound_s=BATCH_BOUND_S, model=False),
    Case("JSONL line over the byte limit", "1 done, 1 failed: too large", _long_line, _FAILED, message="too large",
         counts=(1, 1, 0), bound_s=BATCH_BOUND_S, model=False),
    Case("symlink cycles", "each file once", _link_cycle, _OK, counts=(2, 0, 0), bound_s=BATCH_BOUND_S,
         model=False),
    Case("dangling link", "1 done, 1 failed: dangling link", _dangling, _FAILED, message="dangling link",
         counts=(1, 1, 0), bound_s=BATCH_BOUND_S, model=False),
    Case("images, PDFs, 16 junk files named .txt (batch)", "1 done, 19 failed: not a text file",
         _binaries_in_folder, _FAILED, message="not a text file", counts=(1, 19, 0), bound_s=BATCH_BOUND_S,
         model=False),
    Case("unreadable file and folder (batch)", "2 failed: permission denied", _unreadable_in_folder,
         _FAILED, message="(?i)permission denied", counts=(0, 2, 0), bound_s=BATCH_BOUND_S, model=False),
    Case("20 MiB page (batch)", "1 done, 1 failed: too large", _big_in_batch, _FAILED, message="too large",
         counts=(1, 1, 0), bound_s=BATCH_BOUND_S, model=False),
    Case("article past --timeout (batch)", "2 done, 1 failed: timeout; worker replaced", _slow_in_batch,
         _FAILED, message="timeout after", counts=(2, 1, 0), bound_s=BATCH_BOUND_S),
    Case("all pathological texts as one dump (batch)", "every text done, none lost", _all_texts_dump, _OK,
         bound_s=240.0, check=lambda r: [] if summary(r.stderr)["skipped"] == 0 else ["a text was skipped"]),
]
