"""`extract review`: the article with its facts marked, as one self-contained, escaped HTML page."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from clirun import run_cli
from htmltree import parse

from extractor.models import Article, ArticleFacts, Cause, Check, Fact, Growth, Money, Partner, Period, Place, Share, Span

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_ee76471017dac53f.txt"
PAGE = ROOT / "fixtures" / "html" / "vn_exports_decoys.html"
SCRIPT = (ROOT / "extractor" / "review" / "templates" / "review.js").read_text(encoding="utf-8")

run = run_cli


def marked_texts(doc) -> dict[str, str]:
    """Each span's text as the page shows it: its marks' texts in document order."""
    out: dict[str, str] = {}
    for mark in doc.find_all("mark"):
        if "data-span" in mark.attrs:
            out[mark.attrs["data-span"]] = out.get(mark.attrs["data-span"], "") + mark.text
    return out


def evidence_keys(contract: dict) -> dict[str, tuple[str, dict]]:
    """{page span id: (owner, span)} for every evidence span of the contract, as the page names them."""
    keys = {}
    for f in contract["facts"]:
        keys |= {f"{f['id']}-e{i}": (f["id"], s) for i, s in enumerate(f["evidence"], 1)}
    for n, p in enumerate(contract["partners"], 1):
        keys |= {f"p{n}-e{i}": (f"p{n}", s) for i, s in enumerate(p["evidence"], 1)}
    for n, c in enumerate(contract["causes"], 1):
        keys |= {f"c{n}-e{i}": (f"c{n}", s) for i, s in enumerate(c["evidence"], 1)}
    return keys


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory):
    """The seed's review page, through the real pipeline (written with -o)."""
    from extractor.cli import main

    out = tmp_path_factory.mktemp("review") / "seed.html"
    try:
        main(["review", str(SEED), "-o", str(out)])
    except SystemExit as exc:
        assert not exc.code
    return out.read_text(encoding="utf-8")


def test_seed_page_keeps_the_text_whole_and_marks_every_span(seed_page, capsys):
    _, out, _ = run([str(SEED), "--format", "jsonl"], capsys)
    contract = json.loads(out)
    doc = parse(seed_page)
    assert doc.by_id("article").text == SEED.read_text(encoding="utf-8")
    keys = evidence_keys(contract)
    assert len(keys) >= 10 and contract["partners"] and contract["causes"]
    assert marked_texts(doc) == {k: span["text"] for k, (_, span) in keys.items()}
    for key, (owner, span) in keys.items():
        first = doc.by_id(f"m-{key}")
        kind = {"f": "fact", "p": "partner", "c": "cause"}[owner[0]]
        assert first.attrs["class"] == kind and first.attrs[f"data-{kind}"] == owner
        assert first.attrs["data-rule"] == (span["rule"] or "")


def test_each_fact_row_links_to_its_marks_and_each_mark_to_its_row(seed_page, capsys):
    _, out, _ = run([str(SEED), "--format", "jsonl"], capsys)
    contract = json.loads(out)
    doc = parse(seed_page)
    rows = doc.by_id("facts-table").find("tbody").find_all("tr")
    assert [r.attrs["id"] for r in rows] == [f"row-{f['id']}" for f in contract["facts"]]
    headers = [th.text for th in doc.by_id("facts-table").find("thead").find_all("th")]
    assert headers == ["fact", "metric", "region", "counterpart", "segment", "period", "value", "equivalents",
                       "growth", "share", "confidence", "rule", "evidence"]
    for fact, row in zip(contract["facts"], rows):
        links = [a.attrs["href"] for a in row.find_all("a")]
        assert links == [f"#m-{fact['id']}-e{i}" for i in range(1, len(fact["evidence"]) + 1)]
        card = doc.by_id(f"card-{fact['id']}")  # what hovering one of its marks shows
        assert card.tag == "template" and card.find("a").attrs["href"] == f"#row-{fact['id']}"
    f1 = {td.attrs.get("class"): td for td in rows[0].find_all("td")}
    assert f1["col-value"].children[0] == "285,320,000,000 CNY"
    assert f1["col-growth"].children[0] == "+30.9% (yoy)"
    rules = list(dict.fromkeys(e["rule"] for e in contract["facts"][0]["evidence"]))
    assert len(rules) == 4 and f1["col-rule"].text == ", ".join(rules)  # each rule once, in order of mention


def test_checks_link_to_the_facts_they_name(seed_page, capsys):
    _, out, _ = run([str(SEED), "--format", "jsonl"], capsys)
    checks = json.loads(out)["checks"]
    doc = parse(seed_page)
    rows = doc.by_id("checks-table").find("tbody").find_all("tr")
    assert checks and len(rows) == len(checks)
    for check, row in zip(checks, rows):
        assert [a.attrs["href"] for a in row.find_all("a")] == [f"#row-{f}" for f in check["facts"]]
        assert check["message"] in [td.text for td in row.find_all("td")]


def test_every_link_stays_on_the_page_and_nothing_is_fetched(seed_page):
    doc = parse(seed_page)
    ids = {e.attrs["id"] for e in doc.iter() if "id" in e.attrs}
    hrefs = [e.attrs["href"] for e in doc.iter() if "href" in e.attrs]
    assert hrefs and all(h.startswith("#") and h[1:] in ids for h in hrefs)
    assert not [e for e in doc.iter() if "src" in e.attrs or e.tag in ("link", "iframe", "object", "img")]
    csp = doc.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp
    assert [s.text for s in doc.find_all("script")] == [SCRIPT]


def test_stdout_is_the_page(seed_page, capsys):
    code, out, err = run(["review", str(SEED)], capsys)
    assert (code, err) == (0, "")
    assert out == seed_page


# -- safety: whatever the article says is text --------------------------------------------------

HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='alert(1)",
           "</mark></div><script>alert(2)</script>", "{{ 7*7 }}"]


def assert_inert(doc) -> None:
    """Nothing but the page's own script runs: one script element, ours; no handler attribute; no image."""
    assert [s.text for s in doc.find_all("script")] == [SCRIPT]
    assert not [(e.tag, a) for e in doc.iter() for a in e.attrs if a.startswith("on")]
    assert not doc.find_all("img")


def test_a_hostile_story_shows_as_text(capsys, tmp_path):
    text = ("Kenya's exports rose 5 percent to 3 billion dollars in May 2024. " + " ".join(HOSTILE)
            + "\nImports fell 2 percent to 1 billion dollars <script>alert(3)</script>, due to <b>weak</b> demand.\n")
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    title = '<script>alert("t")</script>"><img src=x onerror=alert(1)>'
    code, out, err = run(["review", str(path), "--input-format", "txt", "--title", title, "--source", HOSTILE[1],
                          "--id", HOSTILE[2], "--published", "2024-06-01"], capsys)
    assert code == 0, err
    doc = parse(out)
    assert_inert(doc)
    assert doc.by_id("article").text == text
    assert doc.find("title").text == f"Review: {title}" and doc.find("h1").text == title
    assert HOSTILE[1] in [dd.text for dd in doc.find_all("dd")]
    assert doc.find_all("mark", **{"data-fact": "f1"})  # the story's figures are still marked


def test_every_field_is_escaped(tmp_path):
    """Each string field of the contract, hostile, in a result built by hand (the renderer alone)."""
    from extractor.review import render_review

    bad = HOSTILE[1]
    text = f"{bad} trade rose 5% {HOSTILE[0]}"
    span = Span(start=0, end=len(bad) + 16, text=text[:len(bad) + 16], rule=HOSTILE[2])
    place = Place(name=bad, code=None, kind="country")
    money = Money(amount=Decimal(5), currency="USD", text=bad)
    fact = Fact(id="f1", metric="trade", region=place, counterpart=place, segment=bad,
                period=Period(start=date(2024, 1, 1), end=date(2024, 1, 31), text=bad, granularity="month"),
                value=money, equivalents=[money], growth=Growth(percent=Decimal(5), text=bad),
                share=Share(percent=Decimal(1), of=bad, text=bad), evidence=[span])
    result = ArticleFacts(
        article=Article(id=bad, sha256=bad, title=bad, source=bad, language="en",
                        reference_date=date(2024, 1, 31), reference_basis="today"),
        facts=[fact], partners=[Partner(name=bad, kind="country", role=bad, evidence=[span])],
        causes=[Cause(text=bad, cue=bad, facts=["f1", bad], evidence=[span])],
        checks=[Check(code=bad, severity="warning", message=bad, facts=["f1", bad])])
    doc = parse(render_review(result, text))
    assert_inert(doc)
    assert doc.by_id("article").text == text
    assert doc.by_id("m-f1-e1").attrs["data-rule"] == HOSTILE[2]
    assert marked_texts(doc) == {"f1-e1": span.text, "p1-e1": span.text, "c1-e1": span.text}


def test_a_span_that_misses_its_text_is_shown_as_a_problem():
    from extractor.review import render_review

    text = "Exports rose 5%."
    fact = Fact(id="f1", metric="exports", evidence=[Span(start=0, end=7, text="Imports")])
    result = ArticleFacts(article=Article(id="a", sha256="0", reference_date=date(2024, 1, 1),
                                          reference_basis="today"), facts=[fact])
    doc = parse(render_review(result, text))
    assert "data-ungrounded" in doc.by_id("m-f1-e1").attrs
    assert "f1-e1" in doc.by_id("ungrounded").text and doc.by_id("article").text == text


# -- inputs ---------------------------------------------------------------------------------------


def test_a_crlf_file_is_marked_on_the_text_as_read(capsys, tmp_path):
    lf = SEED.read_text(encoding="utf-8")
    path = tmp_path / "seed.txt"
    path.write_bytes(lf.replace("\n", "\r\n").encode("utf-8"))
    code, out, _ = run(["review", str(path)], capsys)
    assert code == 0
    doc = parse(out)
    assert doc.by_id("article").text == lf
    assert marked_texts(doc)["f1-e2"] == "a yearly rise of 30.9 percent"


def test_a_saved_page_is_marked_on_its_extracted_text(capsys):
    _, out, _ = run([str(PAGE), "--format", "jsonl"], capsys)
    contract = json.loads(out)
    code, page, err = run(["review", str(PAGE)], capsys)
    assert code == 0, err
    doc = parse(page)
    assert doc.by_id("article").text == contract["article"]["text"]
    assert marked_texts(doc) == {k: s["text"] for k, (_, s) in evidence_keys(contract).items()}
    assert_inert(doc)


def test_stdin(capsys, monkeypatch):
    story = "Exports rose 5.2 percent year on year to 1.2 trillion yuan in the first half."
    code, out, _ = run(["review", "-", "--published", "2024-07-15"], capsys, stdin=story, monkeypatch=monkeypatch)
    assert code == 0
    doc = parse(out)
    assert doc.by_id("article").text == story
    assert {m.attrs["data-fact"] for m in doc.by_id("article").find_all("mark")} == {"f1"}


def test_an_article_without_facts_still_shows_its_text(capsys, tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("The weather was fine all week.\n", encoding="utf-8")
    code, out, _ = run(["review", str(path)], capsys)
    assert code == 0
    doc = parse(out)
    assert doc.by_id("article").text == "The weather was fine all week.\n" and not doc.find_all("mark", class_="fact")
    assert "No facts were extracted." in [p.text for p in doc.by_id("facts").find_all("p")]


@pytest.mark.parametrize("args,code,message", [
    (["missing.txt"], 1, "no such file"),
    (["."], 1, "is a directory"),
    ([str(SEED), "-o", "."], 2, "--output is a directory"),
    ([str(SEED), "-o", "no/such/folder/page.html"], 1, "cannot write no/such/folder/page.html"),
    ([str(SEED), "--published", "2024-13-01"], 2, "ISO date"),
], ids=["missing-file", "directory", "output-directory", "output-unwritable", "bad-date"])
def test_bad_input_is_a_one_line_error(capsys, tmp_path, monkeypatch, args, code, message):
    monkeypatch.chdir(tmp_path)
    got, out, err = run(["review", *args], capsys)
    assert (got, out) == (code, "")
    assert message in err and (code == 2 or err.strip().count("\n") == 0)


def test_an_unreadable_file_is_a_one_line_error(capsys, tmp_path):
    import os

    path = tmp_path / "secret.txt"
    path.write_text("Exports rose 5%.", encoding="utf-8")
    path.chmod(0)
    if os.access(path, os.R_OK):
        pytest.skip("running as root: a file without permissions is still readable")
    code, out, err = run(["review", str(path)], capsys)
    assert (code, out) == (1, "") and "permission denied" in err and err.strip().count("\n") == 0


def test_a_binary_file_is_refused(capsys, tmp_path):
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    code, out, err = run(["review", str(png)], capsys)
    assert (code, out) == (1, "") and "not a text file" in err and err.strip().count("\n") == 0


def test_right_to_left_controls_are_kept_as_text(capsys, tmp_path):
    """An override (U+202E) or isolate in the story is the story's: kept, not acted on by the page."""
    text = "Exports rose 5 percent to 3 billion dollars in May 2024. \u202egnp.exe\u202c \u2067مرحبا\u2069\n"
    path = tmp_path / "rtl.txt"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(["review", str(path), "--title", "\u202eeltit", "--published", "2024-06-01"], capsys)
    assert code == 0
    doc = parse(out)
    assert doc.by_id("article").text == text and doc.find("h1").text == "\u202eeltit"
    assert_inert(doc)


def test_a_long_article_with_deeply_overlapping_spans_renders_whole_and_fast():
    """5,000 words, a fact whose 1,500 spans each hold the next (no template recursion), in well under a second."""
    import time

    from extractor.review import render_review

    text = " ".join(f"w{i % 10}" for i in range(5000))  # 5,000 words, 14,999 characters
    n = 1500
    spans = [Span(start=i, end=len(text) - i, text=text[i:len(text) - i]) for i in range(n)]
    result = ArticleFacts(article=Article(id="long", sha256="0", reference_date=date(2024, 1, 1),
                                          reference_basis="today"),
                          facts=[Fact(id="f1", metric="trade", evidence=spans)])
    started = time.perf_counter()
    page = render_review(result, text)
    took = time.perf_counter() - started
    doc = parse(page)
    assert doc.by_id("article").text == text
    assert len(doc.by_id("article").find_all("mark")) == n
    assert took < 2.0, f"{took:.2f} s"
