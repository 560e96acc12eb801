"""Stream article records out of dumps: folders and globs of .txt files, single .txt files,
JSONL files (plain or gzip) and stdin.

Every input record comes out as exactly one `Record`, in input order. A record that cannot be
read (a broken JSON line, a missing `text`, an undecodable file, a truncated gzip) comes out
with `error` set instead of raising, so that a batch records it and goes on. Only a top-level
path that does not exist (or a glob matching nothing) raises InputError, before anything is read.

>>> import io
>>> lines = io.BytesIO(b'{"id": "a", "text": "Exports rose."}\\n\\nnot json\\n')
>>> [(r.id, r.error) for r in iter_jsonl(lines, name="d.jsonl", limits=Limits.from_rules())]
[('a', None), ('line-3', 'd.jsonl line 3: not JSON: Expecting value (column 1)')]
"""
from __future__ import annotations

import fnmatch
import glob
import gzip
import io
import json
import logging
import os
import stat
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, Literal

from ..errors import InputError
from ..rules import load_rules
from .read import decode_bytes
from .sniff import looks_like_html

log = logging.getLogger(__name__)

Format = Literal["auto", "txt", "jsonl", "html", "warc"]
Reason = Literal["unreadable", "too-large"]

_UTF8_BOM = b"\xef\xbb\xbf"
# A JSON string may spell every character as a 6-byte \uXXXX escape.
_JSON_BYTES_PER_CHAR = 6
# The largest UTF-32 character is 4 bytes, so a file of more bytes than 4 * max_chars is too
# large whatever its encoding, and need not be read to know it.
_MAX_BYTES_PER_CHAR = 4
_SKIP_CHUNK = 1 << 20
# Characters an id must not carry: controls, lone surrogates, line and paragraph separators.
_BAD_ID_CATEGORIES = {"Cc", "Cs", "Zl", "Zp"}


@dataclass(frozen=True)
class Fields:
    """Which JSONL keys hold the article's text and metadata (`--text-field` etc.)."""

    text: str = "text"
    id: str = "id"
    title: str = "title"
    published: str = "published"
    source: str = "source"
    url: str = "url"
    html: str = "html"  # a record with no text but this key holds a saved page: its main text is read


@dataclass(frozen=True)
class Limits:
    """Per-record bounds (rules/batch.yaml `limits`, max_chars overridable by --max-chars)."""

    max_chars: int
    max_id_chars: int
    max_meta_chars: int
    line_overhead_bytes: int
    gzip_max_ratio: int = 200
    gzip_ratio_after_bytes: int = 1 << 26

    @classmethod
    def from_rules(cls, max_chars: int | None = None) -> Limits:
        lim = load_rules("batch")["limits"]
        return cls(max_chars=int(max_chars if max_chars is not None else lim["max_chars"]),
                   max_id_chars=int(lim["max_id_chars"]), max_meta_chars=int(lim["max_meta_chars"]),
                   line_overhead_bytes=int(lim["line_overhead_bytes"]),
                   gzip_max_ratio=int(lim["gzip_max_ratio"]),
                   gzip_ratio_after_bytes=int(lim["gzip_ratio_after_bytes"]))

    def max_decompressed_bytes(self, compressed_bytes: int) -> int:
        """How far a gzip file of `compressed_bytes` may inflate before it is taken for a bomb."""
        return max(self.gzip_ratio_after_bytes, self.gzip_max_ratio * compressed_bytes)

    @property
    def max_line_bytes(self) -> int:
        return self.max_chars * _JSON_BYTES_PER_CHAR + self.line_overhead_bytes


@dataclass(frozen=True)
class Record:
    """One input article, or the reason it could not be read (`error`, `reason`)."""

    id: str
    origin: str  # where it came from, for messages: "dump.jsonl:12", "folder/a.txt"
    text: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    error: str | None = None
    reason: Reason | None = None
    # read but deliberately not extracted (a page that is not English news, a WARC request record):
    # counted as skipped with this reason ("not-english", "warc-record" ...) and `note` saying why
    skip: str | None = None
    note: str | None = None
    # the text was extracted from markup (HTML): kept with the article so that its spans stay checkable
    keep_text: bool = False

    @property
    def failed(self) -> bool:
        return self.error is not None


@dataclass(frozen=True)
class Source:
    """One top-level input: a text file, a JSONL file, a folder, a glob, or stdin."""

    kind: Literal["txt", "jsonl", "html", "warc", "dir", "glob", "stdin"]
    path: str
    stdin_format: Literal["txt", "jsonl", "html", "warc"] = "jsonl"


def resolve_inputs(paths: list[str], input_format: Format = "auto") -> list[Source]:
    """The sources named by `paths`; InputError for a path that does not exist or a glob matching nothing."""
    if not paths:
        raise InputError("no input given")
    out: list[Source] = []
    for p in paths:
        if p == "-":
            out.append(Source("stdin", "-", stdin_format="jsonl" if input_format == "auto" else input_format))
        elif os.path.isdir(p):
            out.append(Source("dir", p))
        elif os.path.lexists(p):
            out.append(Source(_file_format(p, input_format), p))
        elif glob.has_magic(p):
            if not _glob_files(p):
                raise InputError(f"no files match {p}")
            out.append(Source("glob", p))
        else:
            raise InputError(f"no such file or directory: {p}")
    return out


def is_jsonl_name(path: str) -> bool:
    """True for .jsonl, .ndjson and their .gz forms."""
    return path.lower().endswith(tuple(load_rules("batch")["inputs"]["jsonl_suffixes"]))


def web_format(path: str) -> Literal["html", "warc"] | None:
    """"html" for .html/.htm pages, "warc" for .warc/.warc.gz crawls (rules/web.yaml), else None."""
    inputs = load_rules("web")["inputs"]
    lowered = path.lower()
    if lowered.endswith(tuple(inputs["warc_suffixes"])):
        return "warc"
    return "html" if lowered.endswith(tuple(inputs["html_suffixes"])) else None


def _file_format(path: str, input_format: Format) -> Literal["txt", "jsonl", "html", "warc"]:
    if input_format != "auto":
        return input_format
    return "jsonl" if is_jsonl_name(path) else web_format(path) or "txt"


def text_sha256(text: str) -> str:
    """The idempotency key of an article: sha256 of its text as read (as in extract())."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def clean_text(text: str) -> str:
    r"""Text from JSON made storable: "\n" line ends, no NUL, lone surrogates as U+FFFD.

    >>> clean_text("a\r\nb\x00c\ud800") == "a\nbc\ufffd"
    True
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # via UTF-16 so that each lone surrogate becomes one U+FFFD (UTF-8 would give three)
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


@dataclass
class DumpReader:
    """Iterate the records of `sources` in order; `bytes_read`/`bytes_total` measure progress."""

    sources: list[Source]
    fields: Fields = field(default_factory=Fields)
    limits: Limits = field(default_factory=Limits.from_rules)
    stdin: BinaryIO | None = None
    # id and title for a lone text article (the CLI's --id/--title)
    single_id: str | None = None
    single_title: str | None = None
    # markup in a .txt file or a JSONL record's text sends it to the HTML reader (io/sniff.py);
    # off with --input-format txt
    sniff_html: bool = True
    ignored_files: int = 0  # files in folders and globs not read: not an article's file type (logged with -v)
    _done_bytes: int = 0
    _current: BinaryIO | None = None

    @property
    def bytes_total(self) -> int | None:
        """Total size of the input files when all are plain files (else None: unknown)."""
        if not all(s.kind in ("txt", "jsonl", "html", "warc") for s in self.sources):
            return None
        try:
            return sum(os.path.getsize(s.path) for s in self.sources)
        except OSError:
            return None

    @property
    def bytes_read(self) -> int:
        pos = 0
        if self._current is not None:
            try:
                pos = self._current.tell()
            except (OSError, ValueError):
                pos = 0
        return self._done_bytes + pos

    def __iter__(self) -> Iterator[Record]:
        several = len(self.sources) > 1
        for src in self.sources:
            prefix = f"{_stem(src.path)}:" if several else ""
            if src.kind == "stdin":
                stream = self.stdin if self.stdin is not None else _stdin_bytes()
                if src.stdin_format == "txt":
                    yield self._stdin_article(stream)
                elif src.stdin_format == "html":
                    yield self._stdin_page(stream)
                elif src.stdin_format == "warc":
                    from .warc import iter_warc

                    yield from iter_warc(stream, name="stdin", limits=self.limits, id_prefix=prefix)
                else:
                    yield from iter_jsonl(stream, name="stdin", fields=self.fields, limits=self.limits,
                                          id_prefix=prefix, sniff_html=self.sniff_html)
            elif src.kind == "jsonl":
                yield from self._jsonl_file(src.path, prefix)
            elif src.kind == "warc":
                yield from self._warc_file(src.path, prefix)
            elif src.kind in ("txt", "html"):
                rid = self.single_id if (self.single_id and not several) else _stem(src.path)
                yield self._titled(self._file(src.path, rid, src.kind))
            elif src.kind == "dir":
                base = f"{_stem(src.path)}/" if several else ""
                for path, error in walk_files(Path(src.path), _text_suffixes() + _web_suffixes(),
                                              on_ignored=self._ignored):
                    rel = path.relative_to(src.path).as_posix()
                    rid = base + _drop_suffix(rel)
                    if error:
                        yield Record(id=rid, origin=str(path), error=f"{path}: {error}", reason="unreadable")
                    else:
                        yield from self._path_records(str(path), rid)
            else:
                yield from self._glob(src.path)

    def _ignored(self, path: Path) -> None:
        self.ignored_files += 1
        log.debug("%s: not read: not an article file (%s)", path,
                  ", ".join(_text_suffixes() + _web_suffixes()))

    def _titled(self, rec: Record) -> Record:
        if self.single_title is None or len(self.sources) > 1:
            return rec
        return replace(rec, title=self.single_title)

    def _stdin_article(self, stream: BinaryIO) -> Record:
        rid = self.single_id or "stdin"
        data = stream.read(self.limits.max_chars * _MAX_BYTES_PER_CHAR + 1)
        if len(data) > self.limits.max_chars * _MAX_BYTES_PER_CHAR:
            return _too_large(rid, "stdin", f"over {self.limits.max_chars * _MAX_BYTES_PER_CHAR} bytes", self.limits)
        return self._titled(_decoded_record(data, rid, "stdin", self.limits))

    def _file(self, path: str, rid: str, kind: str) -> Record:
        """One article file: a text file, or a saved page."""
        if kind == "html":
            from .html import read_html_record

            return read_html_record(path, rid, path, self.limits)
        return read_text_record(Path(path), rid, path, self.limits, sniff_html=self.sniff_html)

    def _path_records(self, path: str, rid: str) -> Iterator[Record]:
        """The records of a file found in a folder or by a glob, read by its name."""
        kind = _file_format(path, "auto")
        if kind == "jsonl":
            yield from self._jsonl_file(path, f"{rid}:")
        elif kind == "warc":
            yield from self._warc_file(path, f"{rid}:")
        else:
            yield self._file(path, rid, kind)

    def _stdin_page(self, stream: BinaryIO) -> Record:
        from .html import page_record

        rid = self.single_id or "stdin"
        return self._titled(page_record(stream.read(self.limits.max_chars * _MAX_BYTES_PER_CHAR + 1), rid=rid,
                                        origin="stdin", limits=self.limits))

    def _warc_file(self, path: str, prefix: str) -> Iterator[Record]:
        from .warc import iter_warc

        yield from self._file_records(path, prefix, lambda raw: iter_warc(
            raw, name=path, limits=self.limits, id_prefix=prefix, compressed_size=_size(path)))

    def _jsonl_file(self, path: str, prefix: str) -> Iterator[Record]:
        def read(raw: io.BufferedReader) -> Iterator[Record]:
            stream: BinaryIO = raw
            if is_gzip(raw):
                limit = self.limits.max_decompressed_bytes(_size(path))
                stream = io.BufferedReader(Inflated(raw, gz=True, limit=limit))
            return iter_jsonl(stream, name=path, fields=self.fields, limits=self.limits, id_prefix=prefix,
                              sniff_html=self.sniff_html)

        yield from self._file_records(path, prefix, read)

    def _file_records(self, path: str, prefix: str,
                      read: Callable[[io.BufferedReader], Iterator[Record]]) -> Iterator[Record]:
        """The records `read` finds in the file at `path`, or one failed record when it cannot be
        opened; progress (bytes_read) follows the file while it is read."""
        try:
            raw = open(path, "rb")  # noqa: SIM115 - closed by the with below, after the open error is handled
        except OSError as exc:
            yield Record(id=f"{prefix}{_stem(path)}", origin=path, reason="unreadable",
                         error=f"cannot read {path}: {exc.strerror or exc}")
            return
        with raw:
            self._current = raw
            try:
                yield from read(raw)
            finally:
                self._current = None
                self._done_bytes += _size(path)

    def _glob(self, pattern: str) -> Iterator[Record]:
        base = _glob_base(pattern)
        for path in _glob_files(pattern):
            rel = os.path.relpath(path, base) if base else path
            yield from self._path_records(path, _drop_suffix(Path(rel).as_posix()))


def iter_jsonl(stream: BinaryIO, *, name: str, limits: Limits, fields: Fields = Fields(),
               id_prefix: str = "", sniff_html: bool = True) -> Iterator[Record]:
    """One Record per non-blank line of a JSONL byte stream; never raises on bad content."""
    max_line = limits.max_line_bytes
    lineno = 0
    while True:
        try:
            line = stream.readline(max_line + 1)
        except (EOFError, OSError, zlib.error) as exc:
            # A truncated, corrupt or bomb gzip: what was read stands, the rest is one failed record.
            yield _broken_rest(exc, name=name, lineno=lineno, id_prefix=id_prefix)
            return
        if not line:
            return
        lineno += 1
        origin = f"{name}:{lineno}"
        if len(line) > max_line and not line.endswith(b"\n"):
            skipped = _skip_line(stream)
            yield _too_large(f"{id_prefix}line-{lineno}", origin, f"line {lineno} is over {max_line} bytes", limits)
            if skipped is not None:
                yield _broken_rest(skipped, name=name, lineno=lineno, id_prefix=id_prefix)
                return
            continue
        if lineno == 1 and line.startswith(_UTF8_BOM):
            line = line[len(_UTF8_BOM):]
        if not line.strip():
            continue
        yield parse_line(line, lineno=lineno, name=name, fields=fields, limits=limits, id_prefix=id_prefix,
                         sniff_html=sniff_html)


def parse_line(line: bytes, *, lineno: int, name: str, fields: Fields, limits: Limits,
               id_prefix: str = "", sniff_html: bool = True) -> Record:
    """The Record of one JSONL line (failed, with its line number, when it is not a usable article)."""
    origin = f"{name}:{lineno}"
    fallback = f"{id_prefix}line-{lineno}"

    def fail(msg: str, rid: str = fallback) -> Record:
        return Record(id=rid, origin=origin, error=f"{name} line {lineno}: {msg}", reason="unreadable")

    try:
        s = line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            s = decode_bytes(line)
        except InputError as exc:
            return fail(str(exc))
    try:
        obj = json.loads(s)
    except RecursionError:
        return fail("not JSON: nested too deeply")
    except json.JSONDecodeError as exc:
        return fail(f"not JSON: {exc.msg} (column {exc.colno})")
    except ValueError as exc:
        return fail(f"not JSON: {exc}")
    if not isinstance(obj, dict):
        return fail(f"not a JSON object but {type(obj).__name__}")
    rid, id_error = _record_id(obj.get(fields.id), limits)
    if id_error:
        return fail(id_error)
    rid = rid if rid is not None else fallback
    text = obj.get(fields.text)
    if text is None and isinstance(obj.get(fields.html), str):
        return _html_line(obj, obj[fields.html], rid=rid, origin=origin, fields=fields, limits=limits)
    if text is None:
        return fail(f"no {fields.text!r} field", rid)
    if not isinstance(text, str):
        return fail(f"{fields.text!r} is not a string", rid)
    if len(text) > limits.max_chars:
        return _too_large(rid, origin, f"{len(text)} characters", limits)
    if sniff_html and looks_like_html(text):  # a page in the text field: read as if under `html`
        return _html_line(obj, text, rid=rid, origin=origin, fields=fields, limits=limits)
    return Record(id=rid, origin=origin, text=clean_text(text), **_meta(obj, fields, limits))


def _html_line(obj: dict, page: str, *, rid: str, origin: str, fields: Fields, limits: Limits) -> Record:
    """A JSONL record holding a page: its main text, the record's own metadata over the page's."""
    from .html import page_record

    if len(page) > limits.max_chars * _MAX_BYTES_PER_CHAR:
        return _too_large(rid, origin, f"{len(page)} characters of HTML", limits)
    rec = page_record(clean_text(page).encode("utf-8"), rid=rid, origin=origin, limits=limits, http_charset="utf-8")
    own = {k: v for k, v in _meta(obj, fields, limits).items() if v is not None}
    return replace(rec, **own)


def read_text_record(path: Path, rid: str, origin: str, limits: Limits, sniff_html: bool = False) -> Record:
    """The Record of one article file; failed for an unreadable, binary or oversize file. With
    `sniff_html`, a file holding a web page (io/sniff.py) is read as one."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return Record(id=rid, origin=origin, reason="unreadable",
                      error=f"{origin}: no such file" + (" (dangling link)" if path.is_symlink() else ""))
    except OSError as exc:
        return Record(id=rid, origin=origin, reason="unreadable", error=f"{origin}: {exc.strerror or exc}")
    if not stat.S_ISREG(st.st_mode):
        return Record(id=rid, origin=origin, reason="unreadable", error=f"{origin}: not a regular file")
    if st.st_size > limits.max_chars * _MAX_BYTES_PER_CHAR:
        return _too_large(rid, origin, f"{st.st_size} bytes", limits)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Record(id=rid, origin=origin, reason="unreadable",
                      error=f"{origin}: cannot read: {exc.strerror or exc}")
    if sniff_html and looks_like_html(data):
        from .html import page_record

        log.debug("%s holds HTML markup: reading it as a page", origin)
        return page_record(data, rid=rid, origin=origin, limits=limits)
    return _decoded_record(data, rid, origin, limits)


def _decoded_record(data: bytes, rid: str, origin: str, limits: Limits) -> Record:
    try:
        text = decode_bytes(data)
    except InputError as exc:
        return Record(id=rid, origin=origin, reason="unreadable", error=f"{origin}: {exc}")
    if len(text) > limits.max_chars:
        return _too_large(rid, origin, f"{len(text)} characters", limits)
    return Record(id=rid, origin=origin, text=text)


def walk_files(root: Path, suffixes: tuple[str, ...],
               on_ignored: Callable[[Path], None] | None = None) -> Iterator[tuple[Path, str | None]]:
    """(path, None) for every file under `root` ending in one of `suffixes`, in sorted order, and
    (path, error) for a directory that cannot be listed.

    Links to directories are followed, but a directory already visited (a link cycle, or two
    links to one place) is walked once only. A dangling link named like an article is yielded:
    reading it fails, so it is reported rather than silently dropped.
    """
    seen: set[tuple[int, int]] = set()

    def listing(d: Path) -> tuple[list[os.DirEntry], str | None]:
        try:
            st = d.stat()
        except OSError as exc:
            return [], exc.strerror or str(exc)
        key = (st.st_dev, st.st_ino)
        if key in seen:
            log.debug("not walking %s again: already visited (a link cycle?)", d)
            return [], None
        seen.add(key)
        try:
            with os.scandir(d) as it:
                return sorted(it, key=lambda e: e.name), None
        except OSError as exc:
            return [], f"cannot list directory: {exc.strerror or exc}"

    entries, error = listing(root)
    if error:
        yield root, error
    stack = [iter(entries)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            entries, error = listing(Path(entry.path))
            if error:
                yield Path(entry.path), error
            stack.append(iter(entries))
        elif entry.name.lower().endswith(suffixes):
            yield Path(entry.path), None
        elif on_ignored is not None:
            on_ignored(Path(entry.path))


def _record_id(value, limits: Limits) -> tuple[str | None, str | None]:
    """(id, None), (None, None) when absent, or (None, why the id is refused)."""
    if value is None:
        return None, None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None, f"id must be a string or an integer, not {type(value).__name__}"
    rid = str(value)
    if not rid.strip():
        return None, "id is empty"
    if len(rid) > limits.max_id_chars:
        return None, f"id is over {limits.max_id_chars} characters"
    if any(unicodedata.category(c) in _BAD_ID_CATEGORIES for c in rid):
        return None, "id holds control characters"
    return rid, None


def _meta(obj: dict, fields: Fields, limits: Limits) -> dict:
    out = {}
    for name in ("title", "published", "source", "url"):
        value = obj.get(getattr(fields, name))
        if name == "published" and value is not None and not isinstance(value, str):
            value = str(value)[:limits.max_meta_chars]  # a number is no date: the worker fails the record saying so
        out[name] = clean_text(value)[:limits.max_meta_chars] if isinstance(value, str) and value.strip() else None
    return out


def _too_large(rid: str, origin: str, size: str, limits: Limits) -> Record:
    return Record(id=rid, origin=origin, reason="too-large",
                  error=f"too large: {size} (limit {limits.max_chars} characters)")


def _broken_rest(exc: BaseException, *, name: str, lineno: int, id_prefix: str) -> Record:
    """The failed record standing for everything after line `lineno` of a stream that broke."""
    rid, origin = f"{id_prefix}line-{lineno + 1}", f"{name}:{lineno + 1}"
    if isinstance(exc, DecompressedSizeError):
        return Record(id=rid, origin=origin, reason="too-large", error=f"{name}: stopped after line {lineno}: {exc}")
    return Record(id=rid, origin=origin, reason="unreadable",
                  error=f"{name}: truncated or corrupt after line {lineno}: {exc}")


def _skip_line(stream: BinaryIO) -> Exception | None:
    """Read past the rest of an over-long line; the read error if the stream breaks."""
    try:
        while True:
            chunk = stream.readline(_SKIP_CHUNK)
            if not chunk or chunk.endswith(b"\n"):
                return None
    except (EOFError, OSError, zlib.error) as exc:
        return exc


def _glob_files(pattern: str) -> list[str]:
    """Files matching `pattern`, sorted. `**` is matched over a cycle-safe walk, never glob's own
    recursion (which follows link cycles)."""
    if "**" not in pattern:
        return sorted(p for p in glob.glob(pattern) if os.path.isfile(p) or os.path.islink(p))
    # fnmatch's "*" crosses "/", so "a/**/*.txt" read as "a/*.txt" matches at any depth
    flat = str(Path(pattern)).replace("**/", "*").replace("**", "*")
    suffixes = _text_suffixes() + tuple(load_rules("batch")["inputs"]["jsonl_suffixes"]) + _web_suffixes()
    return [str(path) for path, error in walk_files(Path(_glob_base(pattern) or "."), suffixes)
            if error is None and fnmatch.fnmatch(str(path), flat)]


def _glob_base(pattern: str) -> str:
    """The leading folders of a glob with no wildcard in them ("data/2024" for "data/2024/*.txt")."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return str(Path(*fixed)) if fixed else ""


def _text_suffixes() -> tuple[str, ...]:
    return tuple(load_rules("batch")["inputs"]["text_suffixes"])


def _web_suffixes() -> tuple[str, ...]:
    inputs = load_rules("web")["inputs"]
    return tuple(inputs["html_suffixes"]) + tuple(inputs["warc_suffixes"])


def _stem(path: str) -> str:
    return _drop_suffix(Path(path).name)


def _drop_suffix(name: str) -> str:
    """'a/b.jsonl.gz' -> 'a/b'; 'a/b.txt' -> 'a/b'."""
    lowered = name.lower()
    for suffix in sorted(tuple(load_rules("batch")["inputs"]["jsonl_suffixes"]) + _text_suffixes()
                         + _web_suffixes(), key=len, reverse=True):
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return name[: -len(Path(name).suffix)] if Path(name).suffix else name


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _stdin_bytes() -> BinaryIO:
    import sys

    return sys.stdin.buffer


def is_gzip(stream: io.BufferedReader) -> bool:
    """Does the buffered `stream` start with gzip's magic bytes? (Peeks; consumes nothing.)"""
    return stream.peek(2)[:2] == b"\x1f\x8b"


class DecompressedSizeError(OSError):
    """A gzip stream inflated past its limit (a decompression bomb, or a dump to split)."""


class Inflated(io.RawIOBase):
    """The bytes of `stream`, gunzipped when `gz`, counted in `count`; past `limit` decompressed
    bytes, DecompressedSizeError (a bomb). With `keep_errors` that and a cut or corrupt gzip end
    the stream instead, the reason left in `error`: a reader that buffers ahead (warcio) still
    gets every whole record before the break."""

    def __init__(self, stream: BinaryIO, *, gz: bool, limit: int, keep_errors: bool = False):
        self._read = gzip.GzipFile(fileobj=stream, mode="rb").read1 if gz else getattr(stream, "read1", stream.read)
        self._limit = limit if gz else None
        self._keep = keep_errors
        self.count = 0
        self.error: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.error:
            return 0
        try:
            data = self._read(len(buffer))
            self.count += len(data)
            if self._limit is not None and self.count > self._limit:
                raise DecompressedSizeError(f"decompressed size over {self._limit} bytes (limits: gzip_max_ratio, "
                                            "gzip_ratio_after_bytes)")
        except (EOFError, OSError, zlib.error) as exc:
            if not self._keep:
                raise
            self.error = str(exc) if isinstance(exc, DecompressedSizeError) else f"gzip stream cut or corrupt: {exc}"
            return 0
        buffer[:len(data)] = data
        return len(data)


class _Prefixed(io.RawIOBase):
    """Bytes already read (`head`) followed by the rest of `stream`."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self._head, self._stream = head, stream
        self._read = getattr(stream, "read1", stream.read)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n], self._head = self._head[:n], self._head[n:]
            return n
        data = self._read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def prefixed_stream(head: bytes, stream: BinaryIO) -> BinaryIO:
    """A buffered stream that yields `head` and then the rest of `stream` (after a peek at stdin)."""
    return io.BufferedReader(_Prefixed(head, stream))
