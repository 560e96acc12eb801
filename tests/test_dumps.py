"""Streaming dump readers: every input record comes out once, in order; bad records come out failed."""
from __future__ import annotations

import gzip
import io
import json
import os
import tracemalloc

import pytest

from extractor.errors import InputError
from extractor.io.dumps import (
    DumpReader,
    Fields,
    Limits,
    iter_jsonl,
    prefixed_stream,
    resolve_inputs,
    text_sha256,
)

LIMITS = Limits(max_chars=1000, max_id_chars=40, max_meta_chars=50, line_overhead_bytes=100)


def read(*paths, input_format="auto", limits=LIMITS, **kw):
    return list(DumpReader(resolve_inputs([str(p) for p in paths], input_format), limits=limits, **kw))


def jsonl(lines) -> io.BytesIO:
    return io.BytesIO(b"".join((ln if isinstance(ln, bytes) else ln.encode()) + b"\n" for ln in lines))


def records_of(stream, **kw):
    return list(iter_jsonl(stream, name="dump.jsonl", limits=kw.pop("limits", LIMITS), **kw))


# -- folders and globs --------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "news"
    (root / "2024" / "march").mkdir(parents=True)
    (root / "b.txt").write_text("Second.", encoding="utf-8")
    (root / "a.txt").write_text("First.", encoding="utf-8")
    (root / "2024" / "march" / "c.txt").write_text("Third.", encoding="utf-8")
    (root / "notes.md").write_text("not an article", encoding="utf-8")
    return root


def test_folder_is_walked_recursively_in_sorted_order_with_relative_ids(folder):
    recs = read(folder)
    assert [(r.id, r.text) for r in recs] == [("2024/march/c", "Third."), ("a", "First."), ("b", "Second.")]
    assert not any(r.failed for r in recs)


def test_link_cycles_are_walked_once(folder):
    os.symlink(folder, folder / "2024" / "loop")  # 2024/loop -> news: a cycle
    os.symlink(folder / "2024" / "march", folder / "again")  # a second way into a folder already seen
    recs = read(folder)
    assert sorted(r.text for r in recs) == ["First.", "Second.", "Third."]


def test_dangling_link_is_a_failed_record_not_a_crash(folder):
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    recs = read(folder)
    (bad,) = [r for r in recs if r.failed]
    assert bad.id == "dangling" and "dangling link" in bad.error and bad.reason == "unreadable"
    assert len(recs) == 4


def test_binary_file_named_txt_is_a_failed_record(folder):
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (bad,) = [r for r in read(folder) if r.failed]
    assert bad.id == "image" and "not a text file" in bad.error


def test_legacy_encoding_is_decoded(tmp_path):
    p = tmp_path / "old.txt"
    p.write_bytes("Exports to Curaçao rose 5 pct – the ministry said.".encode("cp1252"))
    (rec,) = read(p)
    assert rec.text == "Exports to Curaçao rose 5 pct – the ministry said."


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_a_failed_record(folder):
    (folder / "a.txt").chmod(0)
    try:
        bad = [r for r in read(folder) if r.failed]
    finally:
        (folder / "a.txt").chmod(0o644)
    assert [r.id for r in bad] == ["a"] and "ermission" in bad[0].error


def test_single_text_file_id_is_its_stem(tmp_path):
    p = tmp_path / "r-17.txt"
    p.write_text("Exports rose.", encoding="utf-8")
    assert [(r.id, r.text) for r in read(p)] == [("r-17", "Exports rose.")]


def test_oversize_text_file_is_too_large_without_reading_it(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("x" * (LIMITS.max_chars * 4 + 10), encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text("x" * (LIMITS.max_chars + 1), encoding="utf-8")
    recs = read(p, small)
    assert [(r.id, r.reason) for r in recs] == [("big", "too-large"), ("small", "too-large")]
    assert all("too large" in r.error for r in recs)


def test_glob_picks_matching_files_only(folder, monkeypatch):
    monkeypatch.chdir(folder)
    assert [r.id for r in read("*.txt")] == ["a", "b"]
    assert [r.id for r in read("**/*.txt")] == ["2024/march/c", "a", "b"]


def test_recursive_glob_survives_a_link_cycle(folder, monkeypatch):
    os.symlink(folder, folder / "2024" / "loop")
    monkeypatch.chdir(folder)
    assert sorted(r.text for r in read("**/*.txt")) == ["First.", "Second.", "Third."]


def test_missing_path_and_empty_glob_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        resolve_inputs([str(tmp_path / "nope.jsonl")])
    with pytest.raises(InputError, match="no files match"):
        resolve_inputs([str(tmp_path / "*.txt")])


def test_several_inputs_keep_ids_apart(tmp_path, folder):
    dump = tmp_path / "wire.jsonl"
    dump.write_text('{"text": "One."}\n', encoding="utf-8")
    assert [r.id for r in read(folder / "a.txt", dump)] == ["a", "wire:line-1"]


# -- JSONL --------------------------------------------------------------------------------------


def test_jsonl_ids_metadata_and_blank_lines():
    recs = records_of(jsonl([
        '{"id": "r-1", "text": "One.", "title": "T", "published": "1987-03-02", "source": "Reuters", "url": "u"}',
        "",
        '{"text": "Two.", "id": 42}',
        '{"text": "Three."}',
    ]))
    assert [(r.id, r.text) for r in recs] == [("r-1", "One."), ("42", "Two."), ("line-4", "Three.")]
    assert (recs[0].title, recs[0].published, recs[0].source, recs[0].url) == ("T", "1987-03-02", "Reuters", "u")


def test_other_field_names_are_mapped():
    recs = records_of(jsonl(['{"key": "k1", "body": "Exports rose.", "headline": "H"}']),
                      fields=Fields(text="body", id="key", title="headline"))
    assert [(r.id, r.text, r.title) for r in recs] == [("k1", "Exports rose.", "H")]


@pytest.mark.parametrize("line, message", [
    ("not json at all", "line 2: not JSON"),
    ('{"id": "x"', "line 2: not JSON"),
    ("[1, 2]", "line 2: not a JSON object but list"),
    ('{"id": "r-9"}', "line 2: no 'text' field"),
    ('{"id": "r-9", "text": 5}', "line 2: 'text' is not a string"),
    ('{"id": {"a": 1}, "text": "x"}', "line 2: id must be a string or an integer"),
    ('{"id": true, "text": "x"}', "line 2: id must be a string or an integer"),
    ('{"id": "a\\u0000b", "text": "x"}', "line 2: id holds control characters"),
    ('{"id": "' + "i" * 41 + '", "text": "x"}', "line 2: id is over 40 characters"),
    ('{"id": "   ", "text": "x"}', "line 2: id is empty"),
    ("[" * 2500 + "]" * 2500, "line 2: not JSON: nested too deeply"),
    ('{"n": ' + "9" * 5000 + ', "text": "x"}', "line 2: not JSON"),
], ids=["garbage", "cut-short", "array", "no-text", "text-not-string", "id-object", "id-bool", "id-control",
        "id-too-long", "id-blank", "deeply-nested", "huge-integer"])
def test_bad_line_is_a_failed_record_with_its_line_number_and_the_next_line_is_read(line, message):
    recs = records_of(jsonl(['{"id": "ok1", "text": "A."}', line, '{"id": "ok3", "text": "C."}']))
    assert [r.id for r in recs][::2] == ["ok1", "ok3"]
    bad = recs[1]
    assert bad.failed and message in bad.error and bad.error.startswith("dump.jsonl line 2")
    assert bad.origin == "dump.jsonl:2"


def test_failed_record_keeps_its_own_id_when_it_has_one():
    (rec,) = records_of(jsonl(['{"id": "r-9"}']))
    assert rec.id == "r-9" and rec.failed


def test_text_over_the_limit_is_too_large():
    (rec,) = records_of(jsonl([json.dumps({"id": "big", "text": "x" * (LIMITS.max_chars + 1)})]))
    assert (rec.id, rec.reason) == ("big", "too-large") and "too large" in rec.error


def test_line_over_the_byte_limit_is_skipped_unparsed_and_reading_goes_on():
    huge = b'{"id": "h", "text": "' + b"y" * (LIMITS.max_line_bytes + 10) + b'"}'
    recs = records_of(jsonl([huge, '{"id": "after", "text": "A."}']))
    assert [(r.id, r.reason) for r in recs] == [("line-1", "too-large"), ("after", None)]


def test_text_is_cleaned_for_storage():
    line = json.dumps({"id": "c", "text": "a\r\nb\x00c\ud800", "title": "T\x00"})
    (rec,) = records_of(jsonl([line]))
    assert rec.text == "a\nbc\ufffd" and rec.title == "T"
    rec.text.encode("utf-8")  # storable: no lone surrogate left


def test_metadata_is_cut_and_non_strings_dropped():
    (rec,) = records_of(jsonl([json.dumps({"text": "x", "title": "t" * 80, "source": 3, "url": ""})]))
    assert rec.title == "t" * LIMITS.max_meta_chars and rec.source is None and rec.url is None


def test_a_published_that_is_not_a_string_is_kept_for_the_worker_to_judge():
    """Not dropped: dropped, the article would be read against another date without a word."""
    (rec,) = records_of(jsonl([json.dumps({"text": "x", "published": 19870302})]))
    assert rec.published == "19870302"  # ISO 8601's basic form: a date


def test_utf8_bom_and_legacy_encoded_line():
    recs = records_of(jsonl([b'\xef\xbb\xbf{"id": "a", "text": "A."}',
                             '{"id": "b", "text": "Cura\u00e7ao"}'.encode("cp1252")]))
    assert [(r.id, r.text) for r in recs] == [("a", "A."), ("b", "Curaçao")]


def test_gzip_dump_is_read_whatever_its_name(tmp_path):
    body = b'{"id": "g1", "text": "One."}\n{"id": "g2", "text": "Two."}\n'
    (tmp_path / "d.jsonl.gz").write_bytes(gzip.compress(body))
    (tmp_path / "plain-name.jsonl").write_bytes(gzip.compress(body))
    assert [r.id for r in read(tmp_path / "d.jsonl.gz")] == ["g1", "g2"]
    assert [r.id for r in read(tmp_path / "plain-name.jsonl")] == ["g1", "g2"]


def test_truncated_gzip_keeps_what_was_read_and_reports_the_rest(tmp_path):
    body = "".join(json.dumps({"id": f"t{i}", "text": f"Article {i} " * 20}) + "\n" for i in range(200))
    data = gzip.compress(body.encode())
    p = tmp_path / "cut.jsonl.gz"
    p.write_bytes(data[: len(data) // 2])
    recs = read(p)
    good, bad = [r for r in recs if not r.failed], [r for r in recs if r.failed]
    assert len(good) > 10 and [r.id for r in good] == [f"t{i}" for i in range(len(good))]
    (bad,) = bad
    assert "truncated or corrupt" in bad.error and f"after line {len(good)}" in bad.error


def test_gzip_bomb_of_valid_lines_stops_at_the_inflation_limit(tmp_path):
    line = json.dumps({"id": "same", "text": "Exports rose. " * 20}) + "\n"
    p = tmp_path / "bomb.jsonl.gz"
    p.write_bytes(gzip.compress(line.encode() * 2000))  # ~660 kB of lines from ~2 kB
    limits = Limits(max_chars=1000, max_id_chars=40, max_meta_chars=50, line_overhead_bytes=100,
                    gzip_max_ratio=10, gzip_ratio_after_bytes=20_000)
    recs = read(p, limits=limits)
    good, bad = [r for r in recs if not r.failed], [r for r in recs if r.failed]
    assert 0 < len(good) < 200
    (bad,) = bad
    assert bad.reason == "too-large" and "decompressed size over" in bad.error
    assert f"after line {len(good)}" in bad.error


def test_gzip_bomb_of_one_endless_line_stops_at_the_default_limit(tmp_path):
    """256 MiB of zeros gzip to ~250 kB: reading stops at the 64 MiB floor, not at the end."""
    p = tmp_path / "zeros.jsonl.gz"
    with gzip.open(p, "wb", compresslevel=9) as f:
        for _ in range(256):
            f.write(bytes(1 << 20))
    long_line, rest = read(p, limits=Limits.from_rules())
    assert long_line.reason == "too-large" and "line 1 is over" in long_line.error
    assert rest.reason == "too-large" and f"decompressed size over {1 << 26} bytes" in rest.error


def test_stdin_dump_and_single_stdin_article():
    reader = DumpReader(resolve_inputs(["-"]), limits=LIMITS, stdin=jsonl(['{"text": "A."}', '{"text": "B."}']))
    assert [(r.id, r.text) for r in reader] == [("line-1", "A."), ("line-2", "B.")]
    reader = DumpReader(resolve_inputs(["-"], "txt"), limits=LIMITS, stdin=io.BytesIO(b"Exports rose.\r\n"),
                        single_id="s1")
    assert [(r.id, r.text) for r in reader] == [("s1", "Exports rose.\n")]


def test_prefixed_stream_gives_back_the_peeked_bytes():
    stream = prefixed_stream(b'{"te', io.BytesIO(b'xt": "A."}\n{"text": "B."}\n'))
    assert [r.text for r in iter_jsonl(stream, name="stdin", limits=LIMITS)] == ["A.", "B."]


def test_reading_streams_in_flat_memory(tmp_path):
    p = tmp_path / "big.jsonl.gz"
    with gzip.open(p, "wt", encoding="utf-8") as f:
        for i in range(20_000):
            f.write(json.dumps({"id": f"a{i}", "text": f"Article {i}. " + "Exports rose. " * 70}) + "\n")
    reader = DumpReader(resolve_inputs([str(p)]), limits=Limits.from_rules())
    tracemalloc.start()
    n = sum(1 for _ in reader)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert n == 20_000
    assert peak < 5_000_000  # the dump holds ~20 MB of text


def test_progress_counts_bytes_of_plain_inputs(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text('{"text": "A."}\n' * 3, encoding="utf-8")
    reader = DumpReader(resolve_inputs([str(p)]), limits=LIMITS)
    assert reader.bytes_total == p.stat().st_size
    list(reader)
    assert reader.bytes_read == p.stat().st_size


def test_sha256_is_of_the_utf8_text():
    import hashlib

    assert text_sha256("Curaçao") == hashlib.sha256("Curaçao".encode()).hexdigest()
