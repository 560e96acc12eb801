"""Saved HTML pages: charset, main text without decoys, page metadata, the English-news filter,
and facts whose spans point into the kept text (fixtures/html/)."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from clirun import run_cli

from extractor.batch import extract_task
from extractor.errors import InputError
from extractor.io.dumps import DumpReader, Fields, Limits, parse_line, resolve_inputs
from extractor.io.html import (
    NOT_ENGLISH,
    NOT_NEWS,
    TOO_SHORT,
    Page,
    decode_html,
    extract_page,
    read_html_record,
    skip_reason,
)

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
DECOYS = PAGES / "vn_exports_decoys.html"
CP1252 = PAGES / "ci_cocoa_cp1252.html"
# Every number the decoy page puts in <script>, <style>, comments, <noscript>, <template>, the
# cookie banner, navigation, the "most read" box and the footer. None is in the article body.
DECOY_NUMBERS = ["911", "922", "933", "944", "955", "966", "977", "988", "999", "1,011", "1,022", "1,033", "1,044",
                 "1,055", "1,066", "1,077"]


def limits() -> Limits:
    return Limits.from_rules()


# -- charset ---------------------------------------------------------------------------------


def test_declared_meta_charset_is_honoured():
    text = decode_html(CP1252.read_bytes())
    assert "Côte d’Ivoire’s exports rose 8.3 percent" in text
    assert "“national statistics institute”" in text


def test_iso_8859_1_label_decodes_as_windows_1252():
    # browsers read a page labelled ISO-8859-1 as Windows-1252: 0x92 is a right quote, not a C1 control
    data = "<meta charset=ISO-8859-1><p>Brazil’s exports rose 5 percent</p>".encode("cp1252")
    assert "Brazil’s exports" in decode_html(data)


def test_http_charset_wins_over_meta():
    data = "<meta charset='windows-1252'><p>Exports to Türkiye rose</p>".encode()
    assert "Türkiye" in decode_html(data, http_charset="utf-8")
    assert "TÃ¼rkiye" in decode_html(data, http_charset=None)  # the meta label, trusted, is wrong here


def test_mislabelled_page_falls_back_to_detection():
    data = "<meta charset='utf-8'><p>Côte d’Ivoire’s exports rose</p>".encode("cp1252")
    assert "Côte d’Ivoire’s" in decode_html(data)


def test_unknown_label_falls_back_to_detection():
    assert "Exports rose" in decode_html(b"<meta charset='x-no-such'><p>Exports rose</p>")


def test_bom_wins():
    data = "\ufeff<meta charset='windows-1252'><p>Côte</p>".encode("utf-8")
    assert "Côte" in decode_html(data)


def test_binary_saved_as_html_is_refused():
    with pytest.raises(InputError, match="not a text file"):
        decode_html(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)


# -- main text and metadata ------------------------------------------------------------------


def test_decoy_page_keeps_the_article_and_nothing_else():
    page = extract_page(DECOYS.read_text(encoding="utf-8"))
    assert "Vietnam's exports rose 14.5 percent year on year to 35.6 billion U.S. dollars" in page.text
    assert "exports grew 15.4 percent to 299.6 billion dollars" in page.text
    for number in DECOY_NUMBERS:
        assert number not in page.text, number
    for word in ("cookies", "Accept all", "Most read", "Subscribe", "dataLayer", "Enable JavaScript"):
        assert word not in page.text, word


def test_decoy_page_metadata():
    page = extract_page(DECOYS.read_text(encoding="utf-8"))
    assert page.title == "Vietnam's exports rise 14.5 percent in September"
    assert page.published == date(2024, 10, 6)
    assert page.source == "Harbour Trade Daily"
    assert page.url == "https://news.example.org/markets/2024/10/06/vietnam-exports-september"
    assert page.kind == "article"
    assert page.language == "en"


def test_json_ld_metadata_when_there_are_no_meta_tags():
    page = extract_page("""<html><head><script type="application/ld+json">
        {"@graph": [{"@type": "WebSite", "name": "x"},
                    {"@type": ["NewsArticle"], "headline": "Chile copper exports rise",
                     "datePublished": "2023-05-02T10:00:00Z", "publisher": {"name": "Andes Wire"}}]}
        </script></head><body><article><p>Chile's copper exports rose 4 percent.</p></article></body></html>""")
    assert (page.title, page.published, page.source, page.kind) == \
        ("Chile copper exports rise", date(2023, 5, 2), "Andes Wire", "newsarticle")


def test_broken_json_ld_and_relative_urls_are_ignored():
    page = extract_page('<html><head><script type="application/ld+json">{"@type": "NewsArticle",</script>'
                        '<link rel="canonical" href="/a/1"></head><body><p>Exports rose.</p></body></html>')
    assert page.title is None and page.url is None


def test_paragraphs_are_separated_by_a_blank_line():
    page = extract_page("<html><body><article><h1>Exports rise</h1><p>One.\nStill one.</p><p>Two.</p>"
                        "</article></body></html>")
    assert page.text == "Exports rise\n\nOne. Still one.\n\nTwo."


# -- the English-news filter -----------------------------------------------------------------

ENGLISH_PROSE = ("Japan's exports rose for a third month in March as shipments of cars to the United States "
                 "picked up, the finance ministry said on Thursday, while imports fell on lower energy prices. ") * 3
EARNINGS_TABLE = ("Shr 34 cts vs 1.19 dlrs Net 807,000 vs 2,858,000 Assets 510.2 mln vs 479.7 mln Deposits 472.3 "
                  "mln vs 440.3 mln Loans 299.2 mln vs 327.4 mln Note: year-ago figures restated ") * 2
FOREIGN = {
    "French": "Les exportations de la France ont augmenté de 3 % en mars, selon les douanes, qui notent une "
              "hausse des ventes d'avions et une baisse des achats d'énergie. Le déficit commercial s'est réduit "
              "à 5,2 milliards d'euros, le plus bas depuis deux ans, et les importations sont en recul.",
    "Spanish": "Las exportaciones de España crecieron un 4 % en marzo, según el ministerio, por el aumento de las "
               "ventas de automóviles y de productos agrícolas. El déficit comercial se redujo a 2.100 millones de "
               "euros, y las importaciones de energía cayeron con fuerza en el mes.",
    "Indonesian": "Ekspor Indonesia pada bulan Maret naik 4 persen dibandingkan dengan tahun lalu, kata Badan Pusat "
                  "Statistik, karena harga batu bara yang lebih tinggi. Surplus perdagangan itu adalah yang "
                  "tertinggi dalam tiga bulan, dan impor juga naik untuk bahan baku industri dari luar negeri.",
    "Portuguese": "As exportações do Brasil cresceram 6 % em março, segundo o ministério, com a alta das vendas de "
                  "soja e de minério de ferro para a China. O superávit comercial foi o maior para o mês desde 2021, "
                  "e as importações caíram com a queda dos preços dos combustíveis.",
}


@pytest.mark.parametrize("text", [ENGLISH_PROSE, EARNINGS_TABLE], ids=["prose", "earnings table"])
def test_english_is_kept(text):
    assert skip_reason(Page(text=text)) is None


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_other_languages_are_skipped(language):
    reason, detail = skip_reason(Page(text=FOREIGN[language], language="en"))
    assert reason == NOT_ENGLISH and language in detail  # the text decides, not a template's lang="en"


def test_other_scripts_are_skipped():
    reason, detail = skip_reason(Page(text="中国海关总署周四公布的数据显示，今年前三季度中国货物贸易进出口总值同比增长5.3% " * 10))
    assert reason == NOT_ENGLISH and "zh" in detail


@pytest.mark.parametrize("page, url, reason", [
    (Page(text=ENGLISH_PROSE, kind="product"), None, NOT_NEWS),
    (Page(text=ENGLISH_PROSE), "https://news.example.org/tag/exports", NOT_NEWS),
    (Page(text="Markets Home World Business Exports Imports"), None, TOO_SHORT),
], ids=["og:type product", "tag index URL", "menu only"])
def test_non_news_is_skipped(page, url, reason):
    assert skip_reason(page, url)[0] == reason


def test_a_declared_article_under_a_listing_like_url_is_kept():
    assert skip_reason(Page(text=ENGLISH_PROSE, kind="newsarticle"), "https://x.org/topic/trade/story-1") is None


@pytest.mark.parametrize("name, reason", [("de_exports_german.html", NOT_ENGLISH),
                                          ("product_page_not_news.html", NOT_NEWS)])
def test_fixture_pages_skipped_with_their_reason(name, reason):
    rec = read_html_record(PAGES / name, name, name, limits())
    assert rec.skip == reason and rec.note and rec.text is None and not rec.failed


def test_oversize_page_is_failed_unread(tmp_path, monkeypatch):
    from extractor.io import html

    monkeypatch.setattr(html, "load_rules", lambda name: _with(name, ("extract", "max_html_bytes"), 100))
    rec = read_html_record(DECOYS, "big", "big.html", limits())
    assert rec.reason == "too-large" and "100" in rec.error


def _with(name, path, value):
    from copy import deepcopy

    from extractor.rules import load_rules

    data = deepcopy(load_rules(name))
    data[path[0]][path[1]] = value
    return data


# -- in dumps and folders --------------------------------------------------------------------


def test_folder_reads_pages_beside_text_files(tmp_path):
    (tmp_path / "a.txt").write_text("Exports rose 5 percent.", encoding="utf-8")
    (tmp_path / "b.html").write_bytes(DECOYS.read_bytes())
    (tmp_path / "c.htm").write_bytes((PAGES / "de_exports_german.html").read_bytes())
    recs = list(DumpReader(resolve_inputs([str(tmp_path)])))
    assert [(r.id, r.skip, r.keep_text) for r in recs] == [("a", None, False), ("b", None, True),
                                                           ("c", NOT_ENGLISH, False)]
    assert recs[1].title == "Vietnam's exports rise 14.5 percent in September"


def test_jsonl_record_holding_a_page():
    line = json.dumps({"id": "p1", "html": DECOYS.read_text(encoding="utf-8"), "published": "2024-10-07"}).encode()
    rec = parse_line(line, lineno=1, name="d.jsonl", fields=Fields(), limits=limits())
    assert rec.id == "p1" and rec.keep_text and "14.5 percent" in rec.text
    assert rec.published == "2024-10-07"  # the record's own metadata over the page's
    assert rec.source == "Harbour Trade Daily"


# -- facts from a page -----------------------------------------------------------------------


def _facts_of(path: Path) -> dict:
    rec = read_html_record(path, path.stem, str(path), limits())
    return extract_task({"id": rec.id, "text": rec.text, "title": rec.title, "published": rec.published,
                         "source": rec.source, "keep_text": rec.keep_text})


def _spans(contract: dict) -> list[dict]:
    out = [e for f in contract["facts"] for e in f["evidence"]]
    out += [e for p in contract["partners"] for e in p["evidence"]]
    return out + [e for c in contract["causes"] for e in c["evidence"]]


@pytest.mark.parametrize("path", [DECOYS, CP1252], ids=["decoys", "windows-1252"])
def test_spans_point_into_the_kept_text_and_never_at_a_decoy(path):
    contract = _facts_of(path)
    text = contract["article"]["text"]
    assert contract["facts"] and _spans(contract)
    for span in _spans(contract):
        assert text[span["start"]:span["end"]] == span["text"]
        assert not any(re.search(rf"\b{re.escape(n)}\b", span["text"]) for n in DECOY_NUMBERS), span


def test_facts_of_the_decoy_page():
    contract = _facts_of(DECOYS)
    art = contract["article"]
    assert (art["published"], art["source"]) == ("2024-10-06", "Harbour Trade Daily")
    by = {(f["metric"], f["period"]["start"] if f["period"] else None): f for f in contract["facts"]}
    sept = by[("exports", "2024-09-01")]
    assert sept["value"]["amount"] == 35_600_000_000 and sept["value"]["currency"] == "USD"
    assert sept["growth"]["percent"] == 14.5
    assert sept["region"]["code"] == "VN"
    ytd = by[("exports", "2024-01-01")]
    assert ytd["value"]["amount"] == 299_600_000_000 and ytd["growth"]["percent"] == 15.4


def test_single_page_on_the_command_line(capsys):
    code, out, err = run_cli([str(CP1252), "--format", "jsonl"], capsys)
    assert code == 0, err
    contract = json.loads(out)
    assert contract["article"]["id"] == "ci_cocoa_cp1252"
    assert contract["article"]["text"].startswith("Côte d’Ivoire’s cocoa exports climb")
    assert any(f["metric"] == "exports" and f["growth"] and f["growth"]["percent"] == 8.3 for f in contract["facts"])


def test_single_page_keeps_the_article_bounds(capsys, monkeypatch):
    code, _, err = run_cli([str(CP1252), "--max-chars", "50"], capsys)
    assert code == 1 and "too large" in err and "limit 50 characters" in err

    import extractor.batch

    def slow(task):
        import time

        time.sleep(5)

    monkeypatch.setattr(extractor.batch, "extract_task", slow)
    code, _, err = run_cli([str(CP1252), "--timeout", "0.2"], capsys)
    assert code == 1 and "timeout after 0.2 s" in err


def test_single_page_that_is_not_news_says_why(capsys):
    code, _, err = run_cli([str(PAGES / "product_page_not_news.html")], capsys)
    assert code == 1 and "not-news" in err and "product" in err


# -- markup sniffed wherever it comes from (issue 20, point 3) -----------------------------------


def _no_decoys(contract: dict) -> None:
    found = " ".join(s["text"] for s in _spans(contract)) + " " + " ".join(c["text"] for c in contract["causes"])
    assert not any(re.search(rf"\b{re.escape(n)}\b", found) for n in DECOY_NUMBERS), found
    assert "<" not in found and ">" not in found
    assert contract["article"]["text"] and all(
        contract["article"]["text"][s["start"]:s["end"]] == s["text"] for s in _spans(contract))


def test_a_page_saved_as_txt_is_read_as_a_page(capsys, tmp_path):
    page = tmp_path / "saved.txt"
    page.write_bytes(DECOYS.read_bytes())
    code, out, err = run_cli([str(page), "--format", "jsonl"], capsys)
    assert code == 0, err
    contract = json.loads(out)
    assert contract["article"]["id"] == "saved" and contract["article"]["source"] == "Harbour Trade Daily"
    _no_decoys(contract)


def test_a_page_on_stdin_is_read_as_a_page(capsys, monkeypatch):
    code, out, err = run_cli(["-", "--format", "jsonl"], capsys, stdin=DECOYS.read_bytes(), monkeypatch=monkeypatch)
    assert code == 0, err
    _no_decoys(json.loads(out))


def test_input_format_txt_reads_markup_as_text(capsys, tmp_path):
    page = tmp_path / "saved.txt"
    page.write_bytes(DECOYS.read_bytes())
    code, out, _ = run_cli([str(page), "--format", "jsonl", "--input-format", "txt"], capsys)
    assert code == 0 and "text" not in json.loads(out)["article"]


def test_pages_in_a_folder_of_txt_files_and_in_jsonl_text(capsys, tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "saved.txt").write_bytes(DECOYS.read_bytes())
    code, out, err = run_cli([str(tmp_path / "news"), "--workers", "1", "-q"], capsys)
    assert code == 0, err
    (contract,) = [json.loads(line) for line in out.splitlines()]
    _no_decoys(contract)
    dump = tmp_path / "d.jsonl"
    dump.write_text(json.dumps({"id": "p1", "text": DECOYS.read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    code, out, err = run_cli([str(dump), "--workers", "1", "-q"], capsys)
    assert code == 0, err
    (contract,) = [json.loads(line) for line in out.splitlines()]
    assert contract["article"]["id"] == "p1"
    _no_decoys(contract)


def test_sniffing_leaves_wire_copy_with_angle_brackets_alone():
    from extractor.io.sniff import looks_like_html

    wire = ("NEW YORK, March 2 - <American Express Co> and <Shearson Lehman Brothers Inc> said exports of "
            "<Ford Motor Co> rose 5 pct to 1.2 billion dlrs <F.N> in the year.\n") * 20
    assert not looks_like_html(wire) and not looks_like_html(wire.encode())
    assert looks_like_html("  \n<!doctype html><title>x</title>") and looks_like_html(DECOYS.read_bytes()[2000:])
