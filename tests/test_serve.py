"""`extract serve`: the routes through Starlette's TestClient over a real database — two articles written for
these tests stored by the batch (`extract DIR --db`), the Japanese stories of test_store_statistics by the
store API — asserting on parsed pages and on their JSON."""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import test_store
from clirun import run_cli
from htmltree import parse
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError
from test_store_statistics import JP_FEB, stories

from extractor import store as st
from extractor.series_query import query_checks
from extractor.store import Store, StoreError

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = (ROOT / "extractor" / "review" / "templates" / "review.js").read_text(encoding="utf-8")
pg_url = test_store.pg_url

XJ = """Xinjiang's foreign trade reaches record high

URUMQI, Sept. 12 (Xinhua) -- The foreign trade of northwest China's Xinjiang Uygur Autonomous Region reached \
285.32 billion yuan in the first eight months of 2024, up 30.9 percent year on year, local customs said Thursday.
"""
HOSTILE_TITLE = "<script>alert(1)</script> Vietnam exports rise"
PAGE = """<!doctype html><html><head><title><script>alert(1)</script> Vietnam exports rise</title>
<meta name="date" content="2024-07-01"></head><body><article>
<h1>&lt;script&gt;alert(1)&lt;/script&gt; Vietnam exports rise</h1>
<p>HANOI, July 1 -- Vietnam's exports rose 14.5 percent year on year to 190.1 billion US dollars in the first half
of 2024, the General Statistics Office said on Monday.</p>
<p>Imports in the period grew 18.2 percent to 178.0 billion US dollars, leaving a trade surplus of 12.1 billion US
dollars, the office said. &lt;img src=x onerror=alert(2)&gt; "&gt;&lt;b&gt;bold?&lt;/b&gt; Electronics, textiles
and footwear led the shipments abroad.</p>
<p>The United States remained the largest buyer of Vietnamese goods, while China was its largest supplier,
according to the statistics office.</p>
</article></body></html>
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    from extractor.cli import main

    folder = tmp_path_factory.mktemp("serve")
    (folder / "in").mkdir()
    (folder / "in" / "xj.txt").write_text(XJ, encoding="utf-8")
    (folder / "in" / "vn.html").write_text(PAGE, encoding="utf-8")
    path = str(folder / "facts.db")
    try:
        main([str(folder / "in"), "--db", path])
    except SystemExit as exc:
        assert not exc.code
    s = Store.open(path)
    s.write(s.start_run("x", {}, "test"), stories(), [])
    s.close()
    return path


@pytest.fixture(scope="module")
def client(db):
    from starlette.testclient import TestClient

    from extractor.serve import create_app

    store = Store.open(db, read_only=True)
    with TestClient(create_app(store)) as c:
        yield c
    store.close()


def pk(db: str, record_id: str) -> int:
    with Store.open(db, read_only=True).engine.connect() as conn:
        return conn.execute(select(st.articles.c.id).where(st.articles.c.record_id == record_id)).scalar_one()


def contract(db: str, record_id: str) -> dict:
    with Store.open(db, read_only=True).engine.connect() as conn:
        return conn.execute(select(st.articles.c.contract).where(st.articles.c.record_id == record_id)).scalar_one()


def get_page(client, url: str, status: int = 200):
    r = client.get(url)
    assert r.status_code == status, r.text[-500:]
    assert r.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    return parse(r.text)


def get_json(client, url: str, status: int = 200):
    r = client.get(url)
    assert r.status_code == status, r.text[-500:]
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def listed(doc) -> list[str]:
    return [tr.find("a").text for tr in doc.by_id("articles").find("tbody").find_all("tr")]


# -- the article list ----------------------------------------------------------------------

def test_the_list_shows_every_article_linking_to_its_page(client, db):
    doc = get_page(client, "/")
    names = listed(doc)
    assert sorted(names) == sorted(["xj", "vn"] + [f"jp-{i}" for i in range(1, 9)])
    for tr in doc.by_id("articles").find("tbody").find_all("tr"):
        a = tr.find("a")
        assert a.attrs["href"] == f"/articles/{pk(db, a.text)}"
    assert doc.by_id("count").text.startswith("10 articles")


def test_search_finds_a_title_or_the_stored_text_ignoring_case(client):
    assert listed(get_page(client, "/?q=VIETNAM+exports")) == ["vn"]
    assert listed(get_page(client, "/?q=general+statistics+office")) == ["vn"]  # in the text only
    assert listed(get_page(client, "/?q=record+high")) == ["xj"]
    assert "articles" not in {e.attrs.get("id") for e in get_page(client, "/?q=nowhere%25").iter()}


def test_filters_by_region_metric_period_and_checks(client, db):
    assert sorted(listed(get_page(client, "/?region=CN"))) == ["xj"]  # CN takes CN-XJ
    assert sorted(listed(get_page(client, "/?region=Vietnam&metric=balance"))) == ["vn"]
    assert sorted(listed(get_page(client, "/?region=JP&from=1987-01-01&to=1987-12-31"))) == ["jp-6", "jp-7", "jp-8"]
    with Store.open(db, read_only=True).engine.connect() as conn:
        flagged = set(conn.execute(select(st.articles.c.record_id).where(
            st.articles.c.id.in_(select(st.checks.c.article_id)) |
            st.articles.c.id.in_(select(st.statistic_check_facts.c.article_id)))).scalars())
    assert {"jp-4", "jp-5"} <= flagged
    assert set(listed(get_page(client, "/?has_checks=1"))) == flagged


def test_pages_hold_every_article_once_and_keep_the_filters(client):
    seen, url = [], "/?region=JP&size=3"
    while url:
        doc = get_page(client, url)
        seen += listed(doc)
        nxt = [a for a in doc.find_all("a") if a.attrs.get("rel") == "next"]
        url = nxt[0].attrs["href"] if nxt else None
        if url:
            assert parse_qs(urlsplit(url).query)["region"] == ["JP"]
    assert sorted(seen) == [f"jp-{i}" for i in range(1, 9)]


def test_the_list_as_json_is_the_same_rows(client):
    for url in ("/.json?region=JP", "/?region=JP&format=json"):
        got = get_json(client, url)
        assert got["total"] == 8 and got["filters"]["region"] == "JP"
        assert sorted(a["record_id"] for a in got["articles"]) == sorted(listed(get_page(client, "/?region=JP")))
        assert {"id", "title", "published", "facts", "checks", "findings"} <= set(got["articles"][0])


# -- the article page ----------------------------------------------------------------------

def test_an_article_whose_text_is_stored_is_its_review_page(client, db):
    stored = contract(db, "vn")
    doc = get_page(client, f"/articles/{pk(db, 'vn')}")
    assert doc.by_id("article").text == stored["article"]["text"]
    spans = {f"{f['id']}-e{i}": e["text"] for f in stored["facts"] for i, e in enumerate(f["evidence"], 1)}
    marked: dict[str, str] = {}
    for mark in doc.by_id("article").find_all("mark"):
        if mark.attrs.get("data-fact"):
            marked[mark.attrs["data-span"]] = marked.get(mark.attrs["data-span"], "") + mark.text
    assert marked == spans and len(spans) >= 3
    rows = doc.by_id("facts-table").find("tbody").find_all("tr")
    assert [r.attrs["id"] for r in rows] == [f"row-{f['id']}" for f in stored["facts"]]


def test_stored_titles_and_text_show_as_text_never_as_markup(client, db):
    doc = get_page(client, f"/articles/{pk(db, 'vn')}")
    assert doc.find("h1").text == HOSTILE_TITLE
    assert doc.find("title").text == f"Review: {HOSTILE_TITLE}"
    assert [s.text for s in doc.find_all("script")] == [SCRIPT]  # the page's own, nothing from the story
    assert doc.find_all("img") == [] and doc.find_all("b") == []
    assert "<img src=x onerror=alert(2)>" in doc.by_id("article").text
    listing = get_page(client, "/?q=vietnam")
    assert listing.find_all("script") == []
    assert listing.by_id("articles").find("tbody").find_all("td")[1].text == HOSTILE_TITLE


def test_an_article_whose_text_is_not_stored_shows_its_facts_and_evidence_words(client, db):
    stored = contract(db, "xj")
    assert "text" not in stored["article"]
    doc = get_page(client, f"/articles/{pk(db, 'xj')}")
    assert "not in the database" in doc.by_id("no-text").text
    assert doc.find_all(id="article") == [] and [m for m in doc.find_all("mark") if "data-span" in m.attrs] == []
    rows = doc.by_id("facts-table").find("tbody").find_all("tr")
    assert [r.attrs["id"] for r in rows] == [f"row-{f['id']}" for f in stored["facts"]]
    shown = [e.text for e in doc.by_id("facts-table").find_all("span", **{"class": "evidence"})]
    assert shown == [f"“{e['text']}”" for f in stored["facts"] for e in f["evidence"]]


def test_an_article_page_lists_the_findings_that_cite_it_with_links(client, db):
    doc = get_page(client, f"/articles/{pk(db, 'jp-4')}")
    rows = doc.by_id("findings-table").find("tbody").find_all("tr")
    assert {"conflict", "revision"} <= {r.find_all("td")[1].text for r in rows}
    hrefs = {a.attrs["href"] for r in rows for a in r.find_all("a")}
    assert f"/articles/{pk(db, 'jp-5')}#row-f1" in hrefs and "#row-f1" in hrefs
    assert any(h.startswith("/series?region=JP&metric=balance") for h in hrefs)


def test_the_article_as_json_is_the_stored_contract(client, db):
    for url in (f"/articles/{pk(db, 'vn')}.json", f"/articles/{pk(db, 'vn')}?format=json"):
        got = get_json(client, url)
        assert got["record_id"] == "vn" and got["text_stored"] is True
        assert got["contract"] == contract(db, "vn")
    assert get_json(client, f"/articles/{pk(db, 'jp-5')}.json")["findings"][0]["code"] == "conflict"


# -- series --------------------------------------------------------------------------------

def test_a_series_page_charts_each_series_and_lists_every_points_sources(client, db):
    doc = get_page(client, "/series?region=Japan&metric=balance")
    sections = doc.find_all("section", **{"class": "series"})
    assert sections
    for section in sections:
        points = section.find("tbody").find_all("tr")
        circles = section.find("svg").find_all("circle")
        assert len(circles) == len(points)
        assert all(re.match(r"\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d: ", c.find("title").text) for c in circles)
    feb = doc.find("tr", data_key=JP_FEB)
    sources = feb.find_all("a")
    assert sorted(a.text for a in sources) == [f"jp-{i}:f1" for i in range(1, 6)]
    assert sources[0].text == "jp-4:f1" and sources[0].attrs["class"] == "source chosen"
    assert sources[0].attrs["href"] == f"/articles/{pk(db, 'jp-4')}#row-f1"
    assert feb.find_all("td")[2].text == "4,710,000,000" and feb.find_all("td")[3].text == "conflict revision"


def test_the_series_as_json_has_the_same_points(client):
    got = get_json(client, "/series.json?region=JP&metric=balance")
    points = {p["key"]: p for line in got["series"] for p in line["points"]}
    assert points[JP_FEB]["value"] == 4710000000 and points[JP_FEB]["flags"] == ["conflict", "revision"]
    assert points[JP_FEB]["sources"][0]["record_id"] == "jp-4"
    doc = get_page(client, "/series?region=JP&metric=balance")
    assert sorted(tr.attrs["data-key"] for tr in doc.find_all("tr") if "data-key" in tr.attrs) == sorted(points)


def test_the_series_index_links_to_each_region_and_metric(client):
    doc = get_page(client, "/series")
    links = [a.attrs["href"] for a in doc.by_id("series-index").find_all("a")]
    assert "/series?region=JP&metric=balance" in links and "/series?region=CN-XJ&metric=trade&counterpart=" \
        not in links
    for href in links:
        assert get_page(client, href).find_all("section", **{"class": "series"})


# -- conflicts -----------------------------------------------------------------------------

def test_conflicts_lists_every_finding_with_links_to_its_articles(client, db):
    store = Store.open(db, read_only=True)
    _, expected = query_checks(store)
    doc = get_page(client, "/conflicts")
    rows = doc.by_id("findings").find("tbody").find_all("tr")
    assert sorted((r.find_all("td")[0].text, r.find_all("td")[2].text) for r in rows) == \
        sorted((e[0], e[2]) for e in expected)
    ids = {pk(db, f"jp-{i}"): f"jp-{i}" for i in range(1, 9)}
    for r, e in zip(sorted(rows, key=lambda r: (r.find_all("td")[0].text, r.find_all("td")[2].text)),
                    sorted(expected, key=lambda e: (e[0], e[2]))):
        cited = r.find_all("a", **{"class": "cited"})
        assert [a.text for a in cited] == e[5].split()
        assert all(ids[int(a.attrs["href"].split("/")[2].split("#")[0])] == a.text.split(":")[0] for a in cited)
    only = get_page(client, "/conflicts?code=conflict").by_id("findings").find("tbody").find_all("tr")
    assert {r.attrs["data-code"] for r in only} == {"conflict"}


def test_conflicts_as_json(client):
    got = get_json(client, "/conflicts.json?code=revision")
    assert got["findings"] and {f["code"] for f in got["findings"]} == {"revision"}
    assert got["findings"][0]["cited"][0]["record_id"] == "jp-4"


# -- errors and safety ---------------------------------------------------------------------

@pytest.mark.parametrize("url, status, words", [
    ("/?region=Atlantis", 400, "Atlantis"), ("/?metric=gdp", 400, "gdp"), ("/?from=1987-13-01", 400, "not a date"),
    ("/series?region=Atlantis", 400, "Atlantis"), ("/conflicts?code=typo", 400, "typo"),
    ("/articles/99999", 404, "no article 99999"), ("/nowhere", 404, "Not Found"),
])
def test_bad_requests_are_error_pages_and_json_errors(client, url, status, words):
    doc = get_page(client, url, status)
    assert words in doc.by_id("error").text
    path, _, query = url.partition("?")
    got = get_json(client, f"{path}?{query}&format=json" if query else f"{path}?format=json", status)
    assert words in got["error"] and got["status"] == status


def test_a_database_that_breaks_while_served_is_an_error_page(db, tmp_path):
    from starlette.testclient import TestClient

    from extractor.serve import create_app

    copy = tmp_path / "broken.db"
    shutil.copy(db, copy)
    store = Store.open(str(copy), read_only=True)
    client = TestClient(create_app(store))
    assert client.get("/").status_code == 200
    engine = create_engine(f"sqlite:///{copy}")
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE statistic_check_facts"))
    engine.dispose()
    doc = get_page(client, "/conflicts", 500)
    assert doc.by_id("error").text.startswith("The database cannot be read: no such table")
    assert get_json(client, "/conflicts.json", 500)["error"].startswith("The database cannot be read")
    store.close()


def test_serving_never_writes_the_database(db, client):
    before = hashlib.sha256(Path(db).read_bytes()).hexdigest()
    for url in ("/", "/?q=x&has_checks=1", f"/articles/{pk(db, 'vn')}", "/series?region=JP", "/conflicts"):
        client.get(url)
    assert hashlib.sha256(Path(db).read_bytes()).hexdigest() == before
    store = Store.open(db, read_only=True)
    with pytest.raises(StoreError, match="readonly"):
        store.write(1, [], [])
    store.close()


# -- the command ---------------------------------------------------------------------------

def _one_line_error(code, out, err, want, *words):
    assert code == want and out == ""
    assert err.strip().count("\n") == 0 and err.startswith("extract: error:")
    for w in words:
        assert w in err


def test_serve_refuses_a_missing_or_corrupt_database_in_one_line(capsys, tmp_path):
    _one_line_error(*run_cli(["serve", "--db", str(tmp_path / "none.db")], capsys), 2, "no such database")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    _one_line_error(*run_cli(["serve", "--db", str(junk)], capsys), 1, "not a")


def test_serve_binds_localhost_unless_told(capsys, monkeypatch, db):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    code, _, err = run_cli(["serve", "--db", db], capsys)
    assert code == 0 and (calls[-1]["host"], calls[-1]["port"]) == ("127.0.0.1", 8765)
    assert "http://127.0.0.1:8765/" in err
    code, _, _ = run_cli(["serve", "--db", db, "--host", "0.0.0.0", "--port", "9000", "--read-only"], capsys)
    assert code == 0 and (calls[-1]["host"], calls[-1]["port"]) == ("0.0.0.0", 9000)


def test_serve_exits_1_when_the_server_cannot_start(capsys, monkeypatch, db):
    import uvicorn

    def taken(app, **kw):
        raise SystemExit(3)  # what uvicorn does when it cannot bind, after logging why

    monkeypatch.setattr(uvicorn, "run", taken)
    assert run_cli(["serve", "--db", db], capsys)[0] == 1


# -- PostgreSQL ----------------------------------------------------------------------------

def test_serve_on_postgresql_reads_and_never_writes(pg_url):
    from starlette.testclient import TestClient

    from extractor.serve import create_app

    s = Store.open(pg_url)
    s.write(s.start_run("x", {}, "test"), stories(), [])
    s.close()
    store = Store.open(pg_url, read_only=True)
    client = TestClient(create_app(store))
    assert len(listed(get_page(client, "/?region=JP&has_checks=1"))) >= 2
    got = get_json(client, "/series.json?region=JP&metric=balance")
    assert {p["key"]: p["value"] for line in got["series"] for p in line["points"]}[JP_FEB] == 4710000000
    assert {f["code"] for f in get_json(client, "/conflicts.json")["findings"]} >= {"conflict", "revision"}
    with pytest.raises(DBAPIError, match="read-only transaction"):
        store.start_run("x", {}, "test")
    store.close()


def test_the_chart_joins_consecutive_periods_of_one_length_only():
    from datetime import date
    from decimal import Decimal

    from extractor.serve.chart import chart

    def month(m: int, value: int):
        end = date(2024, m + 1, 1).toordinal() - 1
        return (date(2024, m, 1), date.fromordinal(end), Decimal(value), f"2024-{m:02}", False)

    c = chart([month(1, 10), month(2, 12), month(4, 9), month(5, 11),
               (date(2024, 1, 1), date(2024, 3, 31), Decimal(40), "Q1", True)])
    assert len(c.dots) == 5 and len(c.lines) == 2  # Jan-Feb and Apr-May; March missing; the quarter alone
    assert [len(line.split()) for line in c.lines] == [2, 2]
    assert chart([]) is None and chart([(date(2024, 1, 1), date(2024, 1, 31), None, "x", False)]) is None
