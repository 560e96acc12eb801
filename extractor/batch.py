"""The batch runner: records from a dump in, extracted articles out to JSONL and/or the database.

Extraction runs in worker processes (`WorkerPool`), the spaCy model loaded once per worker; each
worker is sent a chunk of articles at a time, whose NER runs batched. `BatchRun` takes any
`Pool` (extractor.dask runs the same batch on a Dask cluster, each Dask worker extracting
through its own `WorkerPool`). A worker whose chunk overruns the time limit is killed and
replaced and the chunk's articles are run again one at a time; an article that overruns alone
is recorded as failed ("timeout after N s"): `re` and spaCy cannot be stopped inside a thread,
but a process can. Every input
record ends as exactly one outcome — done, failed (with its reason) or skipped (already stored)
— emitted in input order, so that done + failed + skipped == the input count. Outcomes are
written in batches, one database transaction per batch: a run killed at any moment loses at
most the batch in flight, which the next run redoes (records already stored are skipped by
sha256, or by id in a JSONL output).
"""
from __future__ import annotations

import importlib
import itertools
import json
import logging
import multiprocessing
import os
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple, Protocol

from .errors import TradefactsError
from .io.dumps import Record, text_sha256
from .rules import load_rules
from .statistics import revision_marks
from .store import Done, Duplicate, Failed, Store

log = logging.getLogger(__name__)

Status = Literal["done", "failed", "skipped"]
# skip reasons of records that are not extracted again: the same text is stored (under another
# record, or earlier in this run), the id is already in the JSONL output, the text is blank
DUPLICATE, IN_OUTPUT, EMPTY = "duplicate", "in-output", "empty"
DEFAULT_TARGET = "extractor.batch:extract_tasks"


class BatchError(TradefactsError):
    """The batch cannot go on: no worker could start, or an output cannot be written."""


# -- what one record becomes ---------------------------------------------------------------


@dataclass
class Outcome:
    """The end state of one input record."""

    seq: int
    id: str
    status: Status
    sha256: str | None = None
    origin: str | None = None
    url: str | None = None
    line: str | None = None  # the contract JSON, when done
    facts: int = 0
    reason: str | None = None  # failed: unreadable | too-large | timeout | error | worker-died
    error: str | None = None
    needs: tuple[int, ...] = ()  # the outputs (indexes into the sinks) that still lack this record
    stored: bool | None = None  # done and written to the database by the worker: True if it inserted it
    text: str | None = None  # in flight, for a database: read for revision marks when the result comes
    revisions: dict[str, str] = field(default_factory=dict)  # statistics.revision_marks of the result


@dataclass
class Summary:
    """Counts of one run; done + failed + skipped == input."""

    input: int = 0
    done: int = 0
    failed: int = 0
    skipped: int = 0
    facts: int = 0
    seconds: float = 0.0
    run_id: int | None = None
    interrupted: bool = False
    failure_reasons: Counter = field(default_factory=Counter)
    skip_reasons: Counter = field(default_factory=Counter)  # records read but not extracted (not-english ...)
    failures: list[tuple[str, str]] = field(default_factory=list)  # the first few (id, error)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # the first few (id, why: "same text as ...")

    def as_dict(self) -> dict[str, Any]:
        return {"input": self.input, "done": self.done, "failed": self.failed, "skipped": self.skipped,
                "facts": self.facts, "seconds": round(self.seconds, 3), "run_id": self.run_id,
                "interrupted": self.interrupted, "failure_reasons": dict(self.failure_reasons),
                "skip_reasons": dict(self.skip_reasons),
                "failures": [{"id": i, "error": e} for i, e in self.failures],
                "duplicates": [{"id": i, "note": n} for i, n in self.duplicates]}


@dataclass(frozen=True)
class Options:
    """How a batch runs. `target` names the function a worker applies to each task (tests swap it)."""

    workers: int = 0  # 0: os.cpu_count()
    timeout: float | None = None  # None: rules/batch.yaml
    model: str | None = None
    published: str | None = None  # used for records that have none
    source: str | None = None
    target: str = DEFAULT_TARGET

    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)

    def timeout_seconds(self) -> float:
        return float(self.timeout if self.timeout is not None else load_rules("batch")["limits"]["timeout_seconds"])


def time_budget(timeout: float, chars: int) -> float:
    """Seconds allowed for `chars` characters of text: `timeout` for up to rules/batch.yaml
    `timeout_chars` characters (100,000), as much again for every further as many, so that the time
    limit and --max-chars agree (5,000,000 characters get 50 times the timeout).

    >>> time_budget(10, 3_000), time_budget(10, 150_000), time_budget(1, 5)
    (10.0, 15.0, 1.0)
    """
    per = int(load_rules("batch")["limits"]["timeout_chars"])
    return round(float(timeout) * max(1.0, chars / per), 1)


# -- the worker side -----------------------------------------------------------------------


def task_of(rec: Record, options: Options) -> dict:
    """What a worker is sent for one record: its text and metadata, with the run's defaults."""
    return {"id": rec.id, "text": rec.text, "title": rec.title, "published": rec.published or options.published,
            "source": rec.source or options.source, "url": rec.url, "model": options.model,
            "keep_text": rec.keep_text}


def extract_tasks(tasks: list[dict]) -> list[dict | Exception]:
    """The default worker target: extract a chunk of articles (their NER batched), returning each
    one's contract JSON, or the exception it raised."""
    from .api import extract_many
    from .validate import as_published

    out: list = [None] * len(tasks)
    for i, t in enumerate(tasks):  # a record's own date that is no date fails that record alone
        try:
            as_published(t.get("published"))
        except (TypeError, ValueError) as exc:
            out[i] = exc
    for model in dict.fromkeys(t.get("model") for t in tasks):  # one in practice: the run's
        mine = [i for i, t in enumerate(tasks) if t.get("model") == model and out[i] is None]
        for i, result in zip(mine, extract_many([tasks[i] for i in mine], model=model, errors="return")):
            out[i] = result if isinstance(result, Exception) else _contract(result, tasks[i])
    return out


def extract_task(task: dict) -> dict:
    """One article's contract JSON (`extract_tasks` of one task); raises what the extraction raises."""
    [result] = extract_tasks([task])
    if isinstance(result, Exception):
        raise result
    return result


def _contract(result, task: dict) -> dict:
    if task.get("keep_text"):  # text extracted from a page exists nowhere else: keep it with its spans
        result = result.model_copy(update={"article": result.article.model_copy(update={"text": task["text"]})})
    return result.model_dump(mode="json")


def _resolve(target: str) -> Callable[[list[dict]], list]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _worker_main(conn: Connection, target: str, model: str | None, warmup: str, max_error: int) -> None:
    """A worker process: load the target (and its model) once, then extract the chunks it is sent.
    The target maps a list of tasks to a list of contract dicts or exceptions, one per task."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
    os.dup2(2, 1)  # stdout may be the batch's JSONL output: nothing a library prints may land there
    try:
        fn = _resolve(target)
        [first] = fn([{"id": "warmup", "text": warmup, "model": model}])
        if isinstance(first, Exception):
            raise first
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which stops the run
        _send(conn, ("fatal", str(exc)[:max_error] or type(exc).__name__))
        return
    if not _send(conn, ("ready",)):
        return
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if chunk is None:
            # asked to stop: nothing is left to clean up, and tearing down a loaded model's
            # objects one by one takes a quarter of a second
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
        try:
            results = fn([task for _, task in chunk])
        except Exception:  # noqa: BLE001 - the target failed as a whole: each task alone tells which
            results = [_extract_alone(fn, task) for _, task in chunk]
        if not _send(conn, [_reply(seq, r, max_error) for (seq, _), r in zip(chunk, results)]):
            return


def _extract_alone(fn: Callable[[list[dict]], list], task: dict):
    try:
        return fn([task])[0]
    except Exception as exc:  # noqa: BLE001
        return exc


def _reply(seq: int, result, max_error: int) -> tuple[int, bool, str, int]:
    if isinstance(result, Exception):  # one article's failure is recorded, the batch goes on
        return seq, False, f"{type(result).__name__}: {result}"[:max_error], 0
    try:
        return seq, True, json.dumps(result, ensure_ascii=False, allow_nan=False), len(result.get("facts", []))
    except (TypeError, ValueError) as exc:
        return seq, False, f"{type(exc).__name__}: {exc}"[:max_error], 0


def _send(conn: Connection, msg) -> bool:
    try:
        conn.send(msg)
        return True
    except (BrokenPipeError, OSError):
        return False


# -- the pool ------------------------------------------------------------------------------


Task = tuple[int, dict]  # (seq, task)


@dataclass
class _Worker:
    proc: multiprocessing.process.BaseProcess
    conn: Connection
    state: Literal["starting", "idle", "busy"] = "starting"
    since: float = field(default_factory=time.monotonic)
    chunk: list[Task] = field(default_factory=list)
    budget: float = 0.0  # seconds the chunk may take (time_budget of its characters)


class Result(NamedTuple):
    """What a pool hands back for one task."""

    seq: int
    ok: bool
    payload: str  # the contract JSON when ok (may be "" when `stored` is set), else the error
    facts: int
    reason: str | None  # failed: timeout | error | worker-died
    stored: bool | None = None  # the worker wrote the article to the database: True if it inserted it


class Pool(Protocol):
    """Where a BatchRun sends articles to be extracted: `WorkerPool` here, `DaskPool` on a cluster."""

    def start(self) -> None:
        """Get ready (load models, connect); BatchError if that is impossible."""

    @property
    def idle(self) -> int:
        """How many more tasks `submit` takes now."""

    def submit(self, seq: int, task: dict) -> None: ...

    def wait(self, timeout: float | None) -> list[Result]:
        """Results that arrive within `timeout` seconds; tasks held back for batching are sent first."""

    def close(self) -> None: ...


class WorkerPool:
    """`size` worker processes, each sent a chunk of articles at a time (rules/batch.yaml `worker`:
    so many articles or characters; the chunk's NER runs batched). A worker whose chunk runs past
    its time budget (`timeout` seconds per 100,000 characters, see time_budget), or dies, is replaced and the chunk's articles are sent again one at a time,
    so that only an article that overruns (or kills its worker) alone comes back failed."""

    def __init__(self, size: int, *, target: str = DEFAULT_TARGET, model: str | None = None, timeout: float,
                 chunk_articles: int | None = None):
        settings = load_rules("batch")
        self.size, self.target, self.model, self.timeout = size, target, model, timeout
        self._start_timeout = float(settings["worker"]["start_timeout_seconds"])
        self._warmup = settings["worker"]["warmup_text"]
        self._chunk_articles = int(chunk_articles or settings["worker"]["chunk_articles"])
        self._chunk_chars = int(settings["worker"]["chunk_chars"])
        self._max_error = int(settings["limits"]["max_error_chars"])
        self._ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: no inherited DB sockets
        self._workers: list[_Worker] = []
        self._held: list[Task] = []  # submitted, gathering into the next chunk
        self._held_chars = 0
        self._alone: deque[Task] = deque()  # from a chunk that overran or died: sent one at a time

    def start(self) -> None:
        """Start the workers and wait until all have loaded their model (BatchError if one cannot)."""
        self._workers = [self._spawn() for _ in range(self.size)]
        while any(w.state == "starting" for w in self._workers):
            self.wait(None)

    @property
    def idle(self) -> int:
        """How many more tasks `submit` takes now: room in a chunk for each idle worker."""
        free = sum(w.state == "idle" for w in self._workers)
        return max(0, free * self._chunk_articles - len(self._held) - len(self._alone))

    @property
    def outstanding(self) -> int:
        """Tasks submitted whose results have not come back yet."""
        return len(self._held) + len(self._alone) + sum(len(w.chunk) for w in self._workers)

    def submit(self, seq: int, task: dict) -> None:
        self._held.append((seq, task))
        self._held_chars += len(task.get("text") or "")
        if len(self._held) >= self._chunk_articles or self._held_chars >= self._chunk_chars:
            self._dispatch()

    def wait(self, timeout: float | None) -> list[Result]:
        """Results that arrive within `timeout` seconds (None: until something happens); the tasks
        held for a chunk are sent first."""
        self._dispatch(flush=True)
        now = time.monotonic()
        limit = [w.since + (w.budget if w.state == "busy" else self._start_timeout)
                 for w in self._workers if w.state != "idle"]
        if limit:
            until_limit = max(0.0, min(limit) - now)
            timeout = until_limit if timeout is None else min(timeout, until_limit)
        handles = [w.conn for w in self._workers if w.state != "idle"] + \
                  [w.proc.sentinel for w in self._workers if w.state != "idle"]
        ready = set(wait(handles, timeout)) if handles else set()
        results: list[Result] = []
        for i, w in enumerate(self._workers):
            if w.conn in ready or w.proc.sentinel in ready:
                results += self._receive(i, w)
        now = time.monotonic()
        for i, w in enumerate(self._workers):
            if w.state == "busy" and now - w.since > w.budget:
                log.debug("worker %s overran; killing it", w.proc.pid)
                results += self._lost(w.chunk, f"timeout after {w.budget:g} s", "timeout")
                self._replace(i)
            elif w.state == "starting" and now - w.since > self._start_timeout:
                raise BatchError(f"a worker did not start within {self._start_timeout:g} s")
        self._dispatch()
        return results

    def _dispatch(self, flush: bool = False) -> None:
        """Send work to idle workers: articles to re-run alone first, then full chunks (any chunk
        when `flush`)."""
        for w in self._workers:
            if w.state != "idle":
                continue
            if self._alone:
                chunk = [self._alone.popleft()]
            elif self._held and (flush or len(self._held) >= self._chunk_articles
                                 or self._held_chars >= self._chunk_chars):
                chunk = self._take_chunk()
            else:
                return
            w.state, w.chunk, w.since = "busy", chunk, time.monotonic()
            w.budget = time_budget(self.timeout, sum(len(task.get("text") or "") for _, task in chunk))
            try:
                w.conn.send(chunk)
            except (BrokenPipeError, OSError):
                pass  # the worker died: wait() sees its sentinel and handles the chunk

    def _take_chunk(self) -> list[Task]:
        n, chars = 0, 0
        while n < len(self._held) and n < self._chunk_articles and (n == 0 or chars < self._chunk_chars):
            chars += len(self._held[n][1].get("text") or "")
            n += 1
        chunk, self._held = self._held[:n], self._held[n:]
        self._held_chars -= chars
        return chunk

    def _lost(self, chunk: list[Task], error: str, reason: str) -> list[Result]:
        """A chunk whose worker overran or died: one article is failed, several are run again alone."""
        if len(chunk) == 1:
            return [Result(chunk[0][0], False, error, 0, reason)]
        log.info("a chunk of %d articles failed (%s); running its articles one at a time", len(chunk), error)
        self._alone.extend(chunk)
        return []

    def _receive(self, i: int, w: _Worker) -> list[Result]:
        try:
            msg = w.conn.recv() if w.conn.poll() else None
        except Exception:  # noqa: BLE001 - EOF, or a message cut short by the worker's death
            msg = None
        if msg is None:
            w.proc.join(1)
            code = w.proc.exitcode
            if w.state == "starting":
                raise BatchError(f"a worker exited while starting (exit code {code})")
            out = self._lost(w.chunk, f"worker died (exit code {code})", "worker-died") if w.state == "busy" else []
            self._replace(i)
            return out
        if isinstance(msg, tuple) and msg[0] == "fatal":
            raise BatchError(msg[1])
        if isinstance(msg, tuple) and msg[0] == "ready":
            w.state = "idle"
            return []
        chunk, w.state, w.chunk = w.chunk, "idle", []
        results = [Result(seq, ok, payload, n_facts, None if ok else "error") for seq, ok, payload, n_facts in msg]
        answered = {r.seq for r in results}
        # a target that returns fewer results than tasks loses nothing: the rest are failed
        return results + [Result(seq, False, "the extraction returned no result for this article", 0, "error")
                          for seq, _ in chunk if seq not in answered]

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker_main, args=(child, self.target, self.model, self._warmup, self._max_error),
                                 daemon=True, name="tradefacts-worker")
        proc.start()
        child.close()  # so that the parent sees EOF when the worker dies
        return _Worker(proc, parent)

    def _replace(self, i: int) -> None:
        self._kill(self._workers[i])
        self._workers[i] = self._spawn()

    @staticmethod
    def _kill(w: _Worker) -> None:
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join(5)
        w.conn.close()

    def close(self) -> None:
        """Stop every worker: idle ones are asked to exit, the others killed."""
        for w in self._workers:
            if w.state == "idle":
                _send(w.conn, None)
        deadline = time.monotonic() + 5
        for w in self._workers:
            if w.state == "idle":
                w.proc.join(max(0.0, deadline - time.monotonic()))
            self._kill(w)
        self._workers = []
        self._held, self._held_chars, self._alone = [], 0, deque()


# -- outputs -------------------------------------------------------------------------------


class Sink(Protocol):
    def known(self, records: list[tuple[Record, str]]) -> set[int]:
        """Positions in `records` ((record, sha256) pairs) that this output already holds."""

    def write(self, outcomes: list[Outcome], index: int) -> set[int]:
        """Write a batch; return the seqs newly stored (those with `index` in their needs)."""


class JsonlSink:
    """A JSONL output, one contract object per done article. An existing file is resumed: ids
    already in it are skipped, and a last line cut short by a crash is dropped first."""

    def __init__(self, path: str | None, stdout: IO[str] | None = None):
        self.path = path
        self._ids: set[str] = set()
        if path is None or path == "-":
            import sys

            self._out = stdout or sys.stdout
            self._own = False
            return
        self._ids = _resume_jsonl(Path(path))
        self._out = open(path, "a", encoding="utf-8")  # noqa: SIM115 - open for the run; close() closes it
        self._own = True

    def known(self, records: list[tuple[Record, str]]) -> set[int]:
        return {i for i, (rec, _) in enumerate(records) if rec.id in self._ids}

    def write(self, outcomes: list[Outcome], index: int) -> set[int]:
        written = set()
        for o in outcomes:
            if o.status == "done" and index in o.needs:
                self._out.write(o.line + "\n")
                written.add(o.seq)
        self._out.flush()
        return written

    def close(self) -> None:
        if self._own:
            self._out.close()


class StoreSink:
    """The facts database: articles keyed by sha256, failures and counts in the run log."""

    def __init__(self, store: Store, run_id: int):
        self.store, self.run_id = store, run_id
        self.stored_as: dict[str, str] = {}  # sha256 -> record id, of the last lookup's known records

    def known(self, records: list[tuple[Record, str]]) -> set[int]:
        self.stored_as = self.store.stored_ids(sha for _, sha in records if sha)
        return {i for i, (_, sha) in enumerate(records) if sha in self.stored_as}

    def write(self, outcomes: list[Outcome], index: int) -> set[int]:
        todo = [o for o in outcomes if o.status == "done" and index in o.needs]
        failed = [Failed(record_id=o.id, reason=o.reason or "error", error=o.error or "", sha256=o.sha256,
                         origin=o.origin) for o in outcomes if o.status == "failed"]
        # articles a (Dask) worker already offered to the database are only counted here
        here = [o for o in todo if o.stored is None]
        there = [o for o in todo if o.stored]
        done = [Done(record_id=o.id, sha256=o.sha256, contract=json.loads(o.line), url=o.url, revisions=o.revisions)
                for o in here]
        skipped = len(outcomes) - len(here) - len(there) - len(failed)
        dupes = [Duplicate(record_id=o.id, sha256=o.sha256, origin=o.origin) for o in outcomes
                 if o.status == "skipped" and o.reason == DUPLICATE and o.sha256]
        inserted = self.store.write(self.run_id, done, failed, skipped=skipped, duplicates=dupes,
                                    done_elsewhere=len(there), facts_elsewhere=sum(o.facts for o in there))
        return {here[i].seq for i in inserted} | {o.seq for o in there}


def _resume_jsonl(path: Path) -> set[str]:
    """Ids already in a JSONL output; a trailing partial line (a killed writer) is cut off."""
    if not path.exists() or path.stat().st_size == 0:
        return set()
    ids: set[str] = set()
    good = 0
    with open(path, "rb") as f:
        for line in f:
            if not line.endswith(b"\n"):
                break
            try:
                ids.add(str(json.loads(line)["article"]["id"]))
            except (ValueError, KeyError, TypeError):
                pass  # not a contract line: kept, but names no article
            good += len(line)
    if good < path.stat().st_size:
        log.info("dropping a partial last line of %s", path)
        with open(path, "r+b") as f:
            f.truncate(good)
    return ids


# -- the run -------------------------------------------------------------------------------


class BatchRun:
    """One pass over `records` into `sinks`. `on_outcome(outcome, summary)` is called as each record
    finishes, in input order (for progress display)."""

    def __init__(self, records: Iterable[Record], sinks: list[Sink], options: Options = Options(),
                 on_outcome: Callable[[Outcome, Summary], None] | None = None, pool: Pool | None = None):
        settings = load_rules("batch")
        self.records, self.sinks, self.options = records, sinks, options
        self.on_outcome = on_outcome or (lambda o, s: None)
        self.summary = Summary()
        self._commit_every = int(settings["store"]["commit_every"])
        self._commit_seconds = float(settings["store"]["commit_seconds"])
        self._lookup = int(settings["store"]["lookup_chunk"])
        self._max_listed = int(settings["summary"]["max_failures_listed"])
        self._max_held = int(settings["limits"]["max_held_outcomes"])
        self._pool: Pool = pool or WorkerPool(options.worker_count(), target=options.target, model=options.model,
                                              timeout=options.timeout_seconds())
        self._seq = 0
        self._next_emit = 0
        self._inflight: dict[int, Outcome] = {}
        self._finished: dict[int, Outcome] = {}  # finished but waiting for an earlier record
        self._pending: list[Outcome] = []  # emitted, not yet written
        self._recent: dict[str, str] = {}  # sha256 -> id, in flight or pending: duplicates within this run
        # the database keys articles by text, a JSONL output by id: only the former drops repeated texts
        self._dedupe = any(isinstance(s, StoreSink) for s in sinks)
        self._last_write = time.monotonic()
        self._started = False

    def run(self) -> Summary:
        start = time.monotonic()
        try:
            for chunk in _chunks(self.records, self._lookup):
                self._admit_chunk(chunk)
            while self._inflight:
                self._take(self._pool.wait(self._commit_seconds))
            self._write()
        except BaseException:
            # Ctrl-C, SIGTERM or a failing output: keep what is finished, the next run redoes the rest.
            self.summary.interrupted = True
            self._safe_write()
            raise
        finally:
            self._pool.close()
            self.summary.seconds = time.monotonic() - start
        return self.summary

    def _admit_chunk(self, chunk: list[Record]) -> None:
        pairs = [(rec, text_sha256(rec.text) if rec.text is not None else "") for rec in chunk]
        known = [sink.known(pairs) for sink in self.sinks]
        for i, (rec, sha) in enumerate(pairs):
            needs = tuple(k for k in range(len(self.sinks)) if i not in known[k])
            self._admit(rec, sha, needs)

    def _admit(self, rec: Record, sha: str, needs: tuple[int, ...]) -> None:
        seq, self._seq = self._seq, self._seq + 1
        o = Outcome(seq=seq, id=rec.id, status="done", sha256=sha or None, origin=rec.origin, url=rec.url,
                    needs=needs)
        if rec.failed:
            o.status, o.reason, o.error = "failed", rec.reason, rec.error
            return self._finish(o)
        if rec.skip is not None:  # read, but not an article to extract (a page that is not English news ...)
            o.status, o.reason, o.error = "skipped", rec.skip, rec.note
            return self._finish(o)
        if rec.text is not None and not rec.text.strip():
            o.status, o.reason, o.error = "skipped", EMPTY, "the text is empty or blank"
            return self._finish(o)
        if self._dedupe and sha in self._recent:
            # the same text is in flight: the database keeps one copy, a JSONL output (keyed by id)
            # still gets this record, whatever the timing
            needs = o.needs = tuple(k for k in needs if not isinstance(self.sinks[k], StoreSink))
        if not needs:
            o.status = "skipped"
            o.reason, o.error = self._why_known(rec, sha)
            return self._finish(o)
        if not self._started:
            # started on the first article to extract: a rerun that skips everything loads no model
            self._started = True
            self._pool.start()
        # wait for room in the pool, and for the earliest records when too many later ones are held
        # back behind them (the output keeps the input order): memory stays bounded either way
        while not self._pool.idle or len(self._finished) >= self._max_held:
            self._take(self._pool.wait(self._commit_seconds))
        if self._dedupe:
            o.text = rec.text
        self._inflight[seq] = o
        self._recent.setdefault(sha, rec.id)
        self._pool.submit(seq, task_of(rec, self.options))

    def _why_known(self, rec: Record, sha: str) -> tuple[str, str]:
        """(reason, note) of a record every output already holds."""
        stored = next((s.stored_as[sha] for s in self.sinks if isinstance(s, StoreSink) and sha in s.stored_as), None)
        if stored is not None:
            return DUPLICATE, f"same text as stored article {stored!r}" if stored != rec.id else \
                "already stored (same id, same text)"
        if self._dedupe and sha in self._recent:
            return DUPLICATE, f"same text as {self._recent[sha]!r} earlier in this run"
        out = next((s.path for s in self.sinks if isinstance(s, JsonlSink)), None)
        return IN_OUTPUT, f"id already in {out}"

    def _take(self, results: list[Result]) -> None:
        for r in results:
            o = self._inflight.pop(r.seq)
            if r.ok:
                o.line, o.facts, o.stored = r.payload, r.facts, r.stored
                if o.text is not None and o.stored is None and o.line:
                    o.revisions = revision_marks(o.text, o.line)
            else:
                o.status, o.reason, o.error = "failed", r.reason, r.payload
            o.text = None
            self._finish(o)
        if self._pending and time.monotonic() - self._last_write >= self._commit_seconds:
            self._write()

    def _finish(self, o: Outcome) -> None:
        self._finished[o.seq] = o
        while self._next_emit in self._finished:
            done = self._finished.pop(self._next_emit)
            self._next_emit += 1
            self._pending.append(done)
            self._count(done, +1)
            if done.status == "failed":
                log.warning("%s: failed: %s", done.id, done.error,
                            extra={"event": "failed", "id": done.id, "origin": done.origin, "reason": done.reason,
                                   "error": done.error})
            elif done.status == "skipped" and done.reason == EMPTY:
                log.warning("%s: skipped: %s", done.id, done.error,
                            extra={"event": "skipped", "id": done.id, "origin": done.origin, "reason": done.reason,
                                   "note": done.error})
            elif done.status == "skipped" and done.reason:
                log.debug("%s: skipped (%s): %s", done.id, done.reason, done.error,
                          extra={"event": "skipped", "id": done.id, "origin": done.origin, "reason": done.reason,
                                 "note": done.error})
            self.on_outcome(done, self.summary)
        if len(self._pending) >= self._commit_every:
            self._write()

    def _count(self, o: Outcome, sign: int) -> None:
        s = self.summary
        s.input += sign
        if o.status == "done":
            s.done += sign
            s.facts += sign * o.facts
        elif o.status == "failed":
            s.failed += sign
            s.failure_reasons[o.reason] += sign
            if sign > 0 and len(s.failures) < self._max_listed:
                s.failures.append((o.id, o.error or ""))
        else:
            s.skipped += sign
            if o.reason:
                s.skip_reasons[o.reason] += sign
            if o.reason == DUPLICATE and sign > 0 and len(s.duplicates) < self._max_listed:
                s.duplicates.append((o.id, o.error or ""))

    def _write(self) -> None:
        batch, self._pending = self._pending, []
        if batch:
            stored: set[int] = set()
            for k, sink in enumerate(self.sinks):
                stored |= sink.write(batch, k)
            for o in batch:
                if o.status == "done" and o.seq not in stored:
                    # stored meanwhile by another writer (or twice in this dump): skipped, not done
                    self._count(o, -1)
                    o.status, o.reason = "skipped", DUPLICATE
                    o.error = "same text stored meanwhile (another run, or earlier in this one)"
                    self._count(o, +1)
                self._recent.pop(o.sha256 or "", None)
        self._last_write = time.monotonic()

    def _safe_write(self) -> None:
        try:
            self._write()
        except Exception as exc:  # noqa: BLE001 - already stopping; the next run redoes this batch
            log.error("could not write the last batch: %s", exc)


def _chunks(items: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk
