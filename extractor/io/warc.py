"""Stream the pages out of a WARC crawl (.warc, .warc.gz with one gzip member per record, or one
gzip stream over the whole file), such as Common Crawl's CC-NEWS.

Every WARC record comes out as exactly one `Record`, in file order, so a batch accounts for all
of them: a response (or resource) record with an HTML body becomes an article (id from
`WARC-Record-ID`, URL from `WARC-Target-URI`, date from `WARC-Date` unless the page states its
own); request, metadata, warcinfo and revisit records, non-HTML bodies and non-2xx responses
are skipped with their reason. A record whose body is shorter than its Content-Length, or whose
gzip member is cut, is failed as truncated — never extracted from its partial body — and a cut
or corrupt file ends with one failed record for the rest.

Reading streams: one record body (at most `extract.max_html_bytes`) is held at a time, so a
multi-GB crawl runs in flat memory. gzip is decompressed here with the standard library, not by
warcio, because warcio treats a cut gzip member as the end of the file and drops it silently.
"""
from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from email.message import Message
from typing import BinaryIO

from ..rules import load_rules
from .dumps import Inflated, Limits, Record, is_gzip
from .html import page_record

# why a WARC record was skipped (Record.skip)
WARC_RECORD, NOT_HTML, HTTP_STATUS = "warc-record", "not-html", "http-status"

_DRAIN_CHUNK = 1 << 16


def iter_warc(stream: BinaryIO, *, name: str, limits: Limits, id_prefix: str = "",
              compressed_size: int = 0) -> Iterator[Record]:
    """One Record per WARC record of a byte stream (a buffered file or stdin); never raises on bad content."""
    from warcio.archiveiterator import ArchiveIterator

    source = Inflated(stream, gz=is_gzip(stream),
                      limit=limits.max_decompressed_bytes(compressed_size), keep_errors=True)
    archive = ArchiveIterator(io.BufferedReader(source), check_digests=False)
    records = iter(archive)
    n = 0
    last: Record | None = None
    while True:
        try:
            rec = next(records)
        except StopIteration:
            # warcio ends quietly at a break between records or inside a record's headers: the bytes
            # it did not account for as whole records say so
            leftover = source.count - getattr(archive, "offset", source.count)
            if (source.error or leftover > 0) and not (last and last.reason == "unreadable"):
                why = source.error or f"{leftover} bytes after the last whole record"
                yield Record(id=f"{id_prefix}record-{n + 1}", origin=f"{name}:{n + 1}", reason="unreadable",
                             error=f"{name}: truncated or corrupt after record {n}: {why}")
            return
        except Exception as exc:  # noqa: BLE001 - ArchiveLoadFailed, a header parse error: the rest is lost
            yield Record(id=f"{id_prefix}record-{n + 1}", origin=f"{name}:{n + 1}", reason="unreadable",
                         error=f"{name}: truncated or corrupt after record {n}: {_first_line(exc)}")
            return
        n += 1
        last = _one(rec, n, name=name, limits=limits, id_prefix=id_prefix)
        yield last


def _one(rec, n: int, *, name: str, limits: Limits, id_prefix: str) -> Record:
    """The Record of WARC record number `n`."""
    headers = rec.rec_headers
    rid, origin, url = _record_id(rec, n, id_prefix), f"{name}:{n}", headers.get_header("WARC-Target-URI")
    if not (headers.get_header("Content-Length") or "").strip().isdigit():  # mandatory: its headers were cut
        return Record(id=rid, origin=origin, url=url, reason="unreadable",
                      error=f"{origin}: truncated or corrupt record: no Content-Length; not extracted")
    skip = _skip(rec)
    if skip is not None:
        _drain(rec.raw_stream)  # a cut file is found in a skipped record too
        return _truncated(rec, rid, origin, url) or Record(id=rid, origin=origin, url=url, skip=skip[0], note=skip[1])
    max_bytes = int(load_rules("web")["extract"]["max_html_bytes"])
    try:
        body = rec.content_stream().read(max_bytes + 1)
    except (OSError, zlib.error, ValueError) as exc:  # a bad Content-Encoding or chunked body
        return Record(id=rid, origin=origin, url=url, reason="unreadable", error=f"{origin}: cannot decode body: {exc}")
    if len(body) > max_bytes:
        return Record(id=rid, origin=origin, url=url, reason="too-large",
                      error=f"too large: over {max_bytes} bytes of HTML (limit {max_bytes})")
    truncated = _truncated(rec, rid, origin, url)
    if truncated:
        return truncated
    date = (headers.get_header("WARC-Date") or "")[:10] or None
    _, charset = _content_type(_http_content_type(rec))
    return page_record(body, rid=rid, origin=origin, limits=limits, http_charset=charset, url=url, published=date)


def _skip(rec) -> tuple[str, str] | None:
    """(reason, detail) for a record that is not an HTML page to read, else None."""
    settings = load_rules("web")["warc"]
    if rec.rec_type not in settings["read_types"]:
        return WARC_RECORD, f"{rec.rec_type} record"
    status = rec.http_headers.get_statuscode() if rec.http_headers is not None else None
    if status and not status.startswith("2"):
        return HTTP_STATUS, f"HTTP {status}"
    mime, _ = _content_type(_http_content_type(rec))
    if mime not in settings["html_types"]:
        return NOT_HTML, mime or "no Content-Type"
    return None


def _http_content_type(rec) -> str | None:
    http = rec.http_headers
    return (http.get_header("Content-Type") if http is not None else None) or rec.rec_headers.get_header("Content-Type")


def _drain(raw) -> None:
    while raw.read(_DRAIN_CHUNK):
        pass


def _truncated(rec, rid: str, origin: str, url: str | None) -> Record | None:
    """A failed Record when the record's block ended before its Content-Length, else None."""
    missing = getattr(rec.raw_stream, "limit", 0)  # no LimitReader: a record of no length
    if missing <= 0:
        return None
    length = rec.rec_headers.get_header("Content-Length")
    return Record(id=rid, origin=origin, url=url, reason="unreadable",
                  error=f"{origin}: truncated record: {missing} of its {length} bytes missing "
                        "(a cut file or gzip member); not extracted")


def _record_id(rec, n: int, id_prefix: str) -> str:
    """'urn:uuid:…' from the record's WARC-Record-ID ('<urn:uuid:…>'), else 'record-N'."""
    rid = (rec.rec_headers.get_header("WARC-Record-ID") or "").strip().strip("<>").strip()
    return f"{id_prefix}{rid or f'record-{n}'}"


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    """('text/html', 'utf-8') from 'text/html; charset=UTF-8'."""
    if not value:
        return None, None
    msg = Message()
    msg["content-type"] = value
    charset = msg.get_param("charset")
    return msg.get_content_type(), charset if isinstance(charset, str) else None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
