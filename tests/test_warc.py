"""WARC crawls: every record accounted for (article, skipped with its reason, or failed), truncated
records reported and never extracted, and `extract crawl.warc.gz --db` end to end: counts add up
and a rerun adds nothing. The WARCs are written here with warcio from fixtures/html/."""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from clirun import run_cli
from sqlalchemy import select

from extractor.io.dumps import DumpReader, Limits, resolve_inputs
from extractor.io.warc import iter_warc
from extractor.store import Store, articles

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
VN_URL = "https://news.example.org/markets/2024/10/06/vietnam-exports-september"


def _response(w: WARCWriter, url: str, body: bytes, content_type: str, status: str = "200 OK"):
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    return w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                warc_headers_dict={"WARC-Date": "2024-11-02T03:04:05Z"})


def crawl(gz: bool) -> tuple[bytes, list[str]]:
    """A small crawl as CC-NEWS writes them, and the WARC-Type of each record in order."""
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    recs = [w.create_warcinfo_record("crawl.warc", {"software": "tests"})]
    req = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example.org")], is_http_request=True)
    recs.append(w.create_warc_record(VN_URL, "request", http_headers=req))
    recs.append(_response(w, VN_URL, (PAGES / "vn_exports_decoys.html").read_bytes(), "text/html; charset=utf-8"))
    # a Windows-1252 page served as ISO-8859-1 by the HTTP header (as many servers do)
    recs.append(_response(w, "https://ledger.example.com/cocoa", (PAGES / "ci_cocoa_cp1252.html").read_bytes(),
                          "text/html; charset=ISO-8859-1"))
    recs.append(_response(w, "https://de.example.com/a", (PAGES / "de_exports_german.html").read_bytes(), "text/html"))
    recs.append(_response(w, "https://x.example.com/r.pdf", b"%PDF-1.4 exports rose 12 percent", "application/pdf"))
    recs.append(_response(w, "https://x.example.com/gone", b"<html>Not found</html>", "text/html", "404 Not Found"))
    recs.append(w.create_revisit_record(VN_URL, digest="sha1:AAAA", refers_to_uri=VN_URL,
                                        refers_to_date="2024-11-01T00:00:00Z"))
    for r in recs:
        w.write_record(r)
    return buf.getvalue(), [r.rec_type for r in recs]


def read(data: bytes, name: str = "crawl.warc") -> list:
    stream = io.BufferedReader(io.BytesIO(data))
    return list(iter_warc(stream, name=name, limits=Limits.from_rules(), compressed_size=len(data)))


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_every_record_is_accounted_for(gz):
    data, types = crawl(gz)
    recs = read(data)
    assert len(recs) == len(types)
    outcome = [("text" if r.text else r.skip or r.reason) for r in recs]
    assert outcome == ["warc-record", "warc-record", "text", "text", "not-english", "not-html", "http-status",
                       "warc-record"]
    vn, ci, de = recs[2], recs[3], recs[4]
    assert vn.id.startswith("urn:uuid:") and vn.url == VN_URL and vn.keep_text
    assert (vn.published, ci.published) == ("2024-10-06", "2024-07-19")  # the pages' own dates, not the crawl's
    assert de.published == "2024-11-02"  # this page states none: WARC-Date
    assert "Côte d’Ivoire’s exports rose 8.3 percent" in ci.text  # 0x92 read as ’ under an ISO-8859-1 label
    assert "911" not in vn.text and "1,044" not in vn.text


def test_truncated_record_is_failed_not_extracted():
    data, _ = crawl(False)
    cut = data[: data.index(b"Imports fell 2.4")]  # inside the body of the Windows-1252 page (record 4)
    recs = read(cut)
    assert len(recs) == 4
    assert recs[2].text and recs[3].failed
    assert recs[3].reason == "unreadable" and "truncated record" in recs[3].error and recs[3].text is None
    assert recs[3].id.startswith("urn:uuid:")


def test_cut_gzip_member_is_failed_not_dropped():
    data, _ = crawl(True)
    members = _member_offsets(data)
    cut = data[: members[3] + (members[4] - members[3]) // 2]  # half of the fourth record's gzip member
    recs = read(cut, "crawl.warc.gz")
    assert [r.text is not None for r in recs[:3]] == [False, False, True]
    assert len(recs) == 4 and recs[3].failed and recs[3].text is None
    assert "truncated" in recs[3].error


def test_garbage_after_good_records_ends_with_one_failure():
    data, types = crawl(False)
    recs = read(data + b"this is not a WARC record\r\n\r\n" * 3)
    assert len(recs) == len(types) + 1 and recs[-1].failed and "after record 8" in recs[-1].error


def _member_offsets(data: bytes) -> list[int]:
    """Where each gzip member starts."""
    offsets, pos = [], 0
    while pos < len(data):
        offsets.append(pos)
        d = __import__("zlib").decompressobj(31)
        d.decompress(data[pos:])
        pos = len(data) - len(d.unused_data)
    return offsets


def test_whole_file_gzip_is_read_too(tmp_path):
    data, types = crawl(False)
    p = tmp_path / "crawl.warc.gz"
    p.write_bytes(gzip.compress(data))
    recs = list(DumpReader(resolve_inputs([str(p)])))
    assert len(recs) == len(types) and sum(r.text is not None for r in recs) == 2


def _summary(err: str) -> dict:
    return next(json.loads(line) for line in err.splitlines() if '"summary"' in line)


def test_extract_warc_into_the_database_and_rerun_adds_nothing(tmp_path, capsys):
    data, types = crawl(True)
    p = tmp_path / "crawl.warc.gz"
    p.write_bytes(data)
    db = str(tmp_path / "facts.db")
    code, _, err = run_cli([str(p), "--db", db, "--workers", "1", "--log-format", "json"], capsys)
    s = _summary(err)
    assert code == 0, err
    assert (s["input"], s["done"], s["failed"], s["skipped"]) == (len(types), 2, 0, len(types) - 2)
    assert s["skip_reasons"] == {"warc-record": 3, "not-english": 1, "not-html": 1, "http-status": 1}
    store = Store.open(db)
    with store.engine.connect() as conn:
        rows = conn.execute(select(articles.c.record_id, articles.c.url, articles.c.contract)).all()
    store.close()
    assert {r.url for r in rows} == {VN_URL, "https://ledger.example.com/cocoa"}
    for row in rows:
        text = row.contract["article"]["text"]  # kept with the article: its spans can be checked
        spans = [e for f in row.contract["facts"] for e in f["evidence"]]
        assert spans and all(text[e["start"]:e["end"]] == e["text"] for e in spans)

    code, _, err = run_cli([str(p), "--db", db, "--workers", "1", "--log-format", "json"], capsys)
    again = _summary(err)
    assert code == 0 and (again["input"], again["done"], again["skipped"]) == (len(types), 0, len(types))
    store = Store.open(db)
    with store.engine.connect() as conn:
        assert len(conn.execute(select(articles.c.id)).all()) == 2
    store.close()


def test_truncated_warc_in_a_batch_exits_3_and_keeps_the_rest(tmp_path, capsys):
    data, _ = crawl(False)
    p = tmp_path / "cut.warc"
    p.write_bytes(data[: data.index(b"Imports fell 2.4")])
    code, out, err = run_cli([str(p), "--workers", "1", "--log-format", "json"], capsys)
    s = _summary(err)
    assert code == 3 and (s["input"], s["done"], s["failed"], s["skipped"]) == (4, 1, 1, 2)
    assert json.loads(out)["article"]["text"].startswith("Vietnam's exports rise")


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_a_file_cut_anywhere_reports_one_failure_and_extracts_nothing_partial(gz):
    data, _ = crawl(gz)
    whole = read(data)
    for cut in range(100, len(data), 41):
        recs = read(data[:cut])
        fails = [r for r in recs if r.failed]
        good = [r for r in recs if not r.failed]
        assert good == whole[:len(good)], cut  # whatever was read is exactly what the whole file gives
        # one failure, unless the cut fell where nothing but whole records precede it
        assert len(fails) == 1 or (not fails and recs == whole[:len(recs)]), cut
