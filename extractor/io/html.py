"""Read a saved news page: decode its bytes, keep its main text, read its metadata, and decide
whether it is English news at all.

The main text comes from resiliparse's main-content extraction (lexbor, C++): it never reads
<script>, <style>, comments or <noscript>, drops navigation, headers, footers and asides, and
the selectors in rules/web.yaml (`extract.skip_selectors`: cookie and consent banners,
<template>, "most read" and newsletter boxes) are removed before it runs. Measured against
trafilatura on news pages full of decoys (bench/bench_web.py compare, README "HTML and WARC
input"), it was ~17x faster and leaked no decoy where trafilatura leaked <template> text on
short articles; speed matters because pages are extracted in the parent process, which must
keep every worker fed.

The text an article is extracted from is this main text, so a fact's spans point into it, and
it is kept with the article (`article.text` in the contract) so that they stay checkable.

>>> page = extract_page('<html lang="en"><head><meta property="og:site_name" content="Ledger">'
...                     '<script>var x = "exports rose 99 pct";</script></head><body>'
...                     '<nav>Home | Markets</nav><article><h1>Exports rise</h1>'
...                     '<p>Exports rose 5 percent in May, the ministry said.</p></article></body></html>')
>>> page.text, page.source, page.language
('Exports rise\\n\\nExports rose 5 percent in May, the ministry said.', 'Ledger', 'en')
"""
from __future__ import annotations

import codecs
import functools
import json
import logging
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from ..errors import InputError
from ..language import script_language
from ..rules import load_rules
from .dumps import Limits, Record, clean_text
from .read import decode_bytes, has_bom, refuse_binary

log = logging.getLogger(__name__)

# why a page was skipped (Record.skip): short codes, counted in the run summary
NOT_ENGLISH, NOT_NEWS, TOO_SHORT = "not-english", "not-news", "too-short"

_PUNCTUATION = ".,;:!?\"'()[]«»“”‘’„¿¡"


@dataclass(frozen=True)
class Page:
    """What a page says: its main text and the metadata it declares (any may be None)."""

    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    kind: str | None = None  # og:type / JSON-LD @type, lower case
    language: str | None = None  # declared: <html lang>, content-language


# -- bytes to text -------------------------------------------------------------------------


def decode_html(data: bytes, http_charset: str | None = None) -> str:
    """The page's text: BOM, else the HTTP charset, else the <meta> charset, else detection.

    A declared charset that cannot decode the bytes is a mislabelled page: detection decides.
    Raises InputError for bytes that are not text (an image saved as .html).

    >>> decode_html("<meta charset='iso-8859-1'><p>It\\x92s \\x80 5</p>".encode("latin-1"))
    "<meta charset='iso-8859-1'><p>It’s € 5</p>"
    """
    if has_bom(data):
        return decode_bytes(data)
    refuse_binary(data)
    for label, where in ((http_charset, "HTTP header"), (meta_charset(data), "<meta>")):
        encoding = _codec(label)
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            log.debug("the %s charset %s does not decode the page; detecting", where, label)
    return decode_bytes(data)


def meta_charset(data: bytes) -> str | None:
    """The charset a <meta> tag near the top declares, or None."""
    settings = load_rules("web")["charset"]
    match = _meta_pattern().search(data[: int(settings["prescan_bytes"])].decode("ascii", "replace"))
    return match.group("charset") if match else None


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label (WHATWG aliases applied), None if unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = load_rules("web")["charset"]["aliases"].get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


@functools.cache
def _meta_pattern() -> re.Pattern[str]:
    return re.compile(load_rules("web")["charset"]["meta_pattern"])


# -- text and metadata ---------------------------------------------------------------------


def extract_page(html: str) -> Page:
    """The main text and metadata of a decoded page."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    settings = load_rules("web")
    tree = HTMLTree.parse(html)
    text = extract_plain_text(tree, main_content=True, preserve_formatting=True, alt_texts=False, links=False,
                              form_fields=False, noscript=False, comments=False,
                              skip_elements=list(settings["extract"]["skip_selectors"]))
    meta = _meta_tags(tree)
    ld = _json_ld(tree, int(settings["metadata"]["max_jsonld_chars"]))
    md = settings["metadata"]
    title = _first(meta, md["title_meta"]) or _ld_value(ld, "headline") or _h1(tree) or _text(tree.title)
    published = _iso_date(_first(meta, md["published_meta"])) or _iso_date(_ld_value(ld, "datePublished")) \
        or _selected_date(tree, md["published_selectors"])
    source = _first(meta, md["outlet_meta"]) or _ld_publisher(ld)
    url = _absolute(_canonical(tree)) or _absolute(_first(meta, md["url_meta"]))
    kind = (_first(meta, md["type_meta"]) or _ld_type(ld) or "").lower() or None
    root = tree.document.query_selector("html")
    language = (root.getattr("lang") if root is not None else None) or _first(meta, md["language_meta"])
    return Page(text=_paragraphs(text), title=title, published=published, source=source, url=url, kind=kind,
                language=language.strip() if language else None)


def _paragraphs(text: str) -> str:
    """Blocks separated by one blank line, as in the plain-text articles the pipeline reads."""
    blocks = [" ".join(line.split()) for line in text.split("\n")]
    return "\n\n".join(b for b in blocks if b)


def _meta_tags(tree) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.document.query_selector_all("meta"):
        key = el.getattr("property") or el.getattr("name") or el.getattr("itemprop") or el.getattr("http-equiv")
        value = el.getattr("content")
        if key and value and value.strip():
            out.setdefault(key.strip().lower(), " ".join(value.split()))
    return out


def _first(meta: dict[str, str], keys: list[str]) -> str | None:
    return next((meta[k] for k in keys if meta.get(k)), None)


def _json_ld(tree, max_chars: int) -> list[dict]:
    """Every JSON-LD object of the page (@graph and lists flattened); broken blocks are ignored."""
    out: list[dict] = []
    for el in tree.document.query_selector_all('script[type="application/ld+json"]'):
        raw = el.text or ""
        if len(raw) > max_chars:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                out.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))
    return out


def _types(obj: dict) -> list[str]:
    t = obj.get("@type")
    return [x.lower() for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)]


def _ld_articles(ld: list[dict]) -> list[dict]:
    news = set(load_rules("web")["filter"]["news_types"])
    return [o for o in ld if news & set(_types(o))]


def _ld_value(ld: list[dict], key: str) -> str | None:
    for obj in _ld_articles(ld):
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _ld_publisher(ld: list[dict]) -> str | None:
    for obj in _ld_articles(ld):
        pub = obj.get("publisher")
        pub = pub[0] if isinstance(pub, list) and pub else pub
        if isinstance(pub, dict) and isinstance(pub.get("name"), str) and pub["name"].strip():
            return pub["name"].strip()
    return None


def _ld_type(ld: list[dict]) -> str | None:
    """The page's main type: a news type when one is declared, else the first declared type."""
    articles = _ld_articles(ld)
    for obj in articles or ld:
        types = _types(obj)
        if types and not {"website", "organization", "breadcrumblist", "webpage"} >= set(types):
            return types[0]
    return None


def _h1(tree) -> str | None:
    el = tree.body.query_selector("h1") if tree.body is not None else None
    return _text(el.text) if el is not None else None


def _text(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _canonical(tree) -> str | None:
    el = tree.document.query_selector('link[rel="canonical"]')
    return el.getattr("href") if el is not None else None


def _absolute(url: str | None) -> str | None:
    if not url:
        return None
    url = url.strip()
    return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc else None


def _iso_date(value: str | None) -> date | None:
    """The date of an ISO 8601 value ("2024-10-06T08:30:00+07:00"); None for anything else."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _selected_date(tree, selectors: list[str]) -> date | None:
    for selector in selectors:
        el = tree.document.query_selector(selector)
        found = _iso_date(el.getattr("datetime")) if el is not None else None
        if found:
            return found
    return None


# -- is it English news? -------------------------------------------------------------------


def skip_reason(page: Page, url: str | None = None) -> tuple[str, str] | None:
    """(reason, detail) when the page is not English news, else None."""
    f = load_rules("web")["filter"]
    kind = page.kind
    if kind in f["non_news_types"]:
        return NOT_NEWS, f"page type {kind}"
    path = urlsplit(url or page.url or "").path.lower().rstrip("/") + "/"
    part = next((p for p in f["non_news_url_parts"] if p in path), None)
    if part and kind not in f["news_types"]:
        return NOT_NEWS, f"URL path has {part}"
    # the script first: Chinese or Japanese text has no spaces to count words by
    script = script_language(page.text)
    declared = f" (declared {page.language})" if page.language else ""
    if script != "en":
        return NOT_ENGLISH, f"text in {script} script{declared}"
    words = page.text.split()
    if len(words) < int(f["min_words"]):
        return TOO_SHORT, f"{len(words)} words of main text (fewer than {f['min_words']})"
    shares = language_shares(words[: int(f["sample_words"])])
    other = max((lang for lang in shares if lang != "English"), key=shares.get, default=None)
    if other and shares[other] >= float(f["min_other_share"]) and shares[other] > shares["English"]:
        detail = (f"reads as {other}: {shares[other]:.0%} of its words are {other} function words, "
                  f"{shares['English']:.0%} English{declared}")
        return NOT_ENGLISH, detail
    return None


def language_shares(words: list[str]) -> dict[str, float]:
    """The share of `words` that are common function words of English and of each other language
    in rules/web.yaml (filter.english_words, filter.other_languages).

    >>> language_shares("Der Export ist im Mai gestiegen .".split())["German"]
    0.5
    """
    tokens = [w.strip(_PUNCTUATION).lower() for w in words]
    tokens = [t for t in tokens if t]
    if not tokens:
        return {lang: 0.0 for lang in _function_words()}
    return {lang: sum(t in common for t in tokens) / len(tokens) for lang, common in _function_words().items()}


@functools.cache
def _function_words() -> dict[str, frozenset[str]]:
    f = load_rules("web")["filter"]
    return {"English": frozenset(f["english_words"]),
            **{lang: frozenset(words) for lang, words in f["other_languages"].items()}}


# -- one page, one record ------------------------------------------------------------------


def page_record(data: bytes, *, rid: str, origin: str, limits: Limits, http_charset: str | None = None,
                url: str | None = None, published: str | None = None) -> Record:
    """The Record of one page's bytes: its main text and metadata, skipped (with its reason) when
    it is not English news, failed when it cannot be read.

    `url` and `published` (a WARC's target URI and capture date) are used when given: the URL as
    the page's address, the date only when the page states none of its own.
    """
    max_bytes = int(load_rules("web")["extract"]["max_html_bytes"])
    if len(data) > max_bytes:
        return Record(id=rid, origin=origin, reason="too-large",
                      error=f"too large: {len(data)} bytes of HTML (limit {max_bytes})")
    try:
        page = extract_page(decode_html(data, http_charset))
    except InputError as exc:
        return Record(id=rid, origin=origin, reason="unreadable", error=f"{origin}: {exc}")
    except Exception as exc:  # noqa: BLE001 - a parser failure on one page must not stop a crawl
        return Record(id=rid, origin=origin, reason="unreadable", error=f"{origin}: cannot parse HTML: {exc}")
    address = url or page.url
    meta = {"title": page.title, "source": page.source, "url": address,
            "published": page.published.isoformat() if page.published else published}
    meta = {k: clean_text(v)[: limits.max_meta_chars] if v else None for k, v in meta.items()}
    skip = skip_reason(page, address)
    if skip:
        return Record(id=rid, origin=origin, skip=skip[0], note=skip[1], **meta)
    if len(page.text) > limits.max_chars:
        return Record(id=rid, origin=origin, reason="too-large",
                      error=f"too large: {len(page.text)} characters (limit {limits.max_chars} characters)")
    return Record(id=rid, origin=origin, text=clean_text(page.text), keep_text=True, **meta)


def read_html_record(path, rid: str, origin: str, limits: Limits) -> Record:
    """The Record of one saved page file."""
    max_bytes = int(load_rules("web")["extract"]["max_html_bytes"])
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        return Record(id=rid, origin=origin, reason="unreadable", error=f"{origin}: cannot read: {exc.strerror or exc}")
    return page_record(data, rid=rid, origin=origin, limits=limits)
