"""`extract query series|statistic|conflicts`, `extract db rebuild-statistics` and `extract export`, run
in-process on databases holding the stories of test_store_statistics (written for the tests)."""
from __future__ import annotations

import csv
import io
import json

import pytest
from clirun import run_cli as run
from sqlalchemy import select, update
from test_store_statistics import JP_FEB, _schema_2, article, fact, stories

from extractor import store as st
from extractor.store import Store


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "facts.db")
    s = Store.open(path)
    s.write(s.start_run("x", {}, "test"), stories(), [])
    s.close()
    return path


def _one_line_error(code, out, err, want_code, *words):
    assert code == want_code and out == ""
    assert err.strip().count("\n") == 0 and err.startswith("extract: error:")
    for w in words:
        assert w in err


def test_series_lists_one_row_per_statistic_with_value_sources_and_flags(capsys, db):
    code, out, _ = run(["query", "series", "--db", db, "--region", "Japan", "--metric", "balance", "--format",
                        "jsonl"], capsys)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    with Store.open(db, create=False).engine.connect() as conn:
        keys = conn.execute(select(st.statistics.c.key).where(st.statistics.c.metric == "balance")).scalars().all()
    assert sorted(r["key"] for r in rows) == sorted(keys)
    jp = next(r for r in rows if r["key"] == JP_FEB)
    assert (jp["amount"], jp["currency"], jp["sources"], jp["reports"], jp["published"], jp["flags"]) == \
        (4710000000, "USD", 5, 5, "1987-04-02", "conflict revision")
    assert [r["period_start"] for r in rows] == sorted(r["period_start"] for r in rows)


def test_series_by_code_and_period_as_csv(capsys, db):
    code, out, _ = run(["query", "series", "--db", db, "--region", "JP", "--from", "1987-01-01", "--to",
                        "1987-12-31", "--format", "csv"], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["period_start"][:4] for r in rows} == {"1987"}
    assert {r["key"]: r["flags"] for r in rows}["JP|balance|||1987-01-01|1987-03-31|USD"] == "series-sum"


def test_series_refuses_an_unknown_place_or_metric(capsys, db):
    _one_line_error(*run(["query", "series", "--db", db, "--region", "Atlantis"], capsys), 2, "Atlantis")
    _one_line_error(*run(["query", "series", "--db", db, "--region", "JP", "--metric", "gdp"], capsys), 2, "gdp")


def test_statistic_shows_every_report_chosen_first_with_titles_dates_and_evidence(capsys, db):
    code, out, _ = run(["query", "statistic", "--db", db, JP_FEB, "--format", "jsonl"], capsys)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["chosen"], r["article"]) for r in rows][:2] == [(True, "jp-4"), (False, "jp-5")]
    assert sorted(r["article"] for r in rows) == ["jp-1", "jp-2", "jp-3", "jp-4", "jp-5"]
    first = rows[0]
    assert (first["title"], first["published"], first["evidence"], first["revision"]) == \
        ("Story jp-4", "1987-04-02", "4.71 billion dlrs", "revised")
    # by its id too
    with Store.open(db, create=False).engine.connect() as conn:
        sid = conn.execute(select(st.statistics.c.id).where(st.statistics.c.key == JP_FEB)).scalar_one()
    assert run(["query", "statistic", "--db", db, str(sid), "--format", "jsonl"], capsys)[1] == out


def test_statistic_unknown_key_is_a_usage_error(capsys, db):
    _one_line_error(*run(["query", "statistic", "--db", db, "JP|balance|||1999-01-01|1999-01-31|USD"], capsys), 2,
                    "no statistic")


def test_conflicts_lists_findings_with_their_articles_and_facts(capsys, db):
    code, out, _ = run(["query", "conflicts", "--db", db, "--format", "jsonl"], capsys)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    with Store.open(db, create=False).engine.connect() as conn:
        stored = conn.execute(select(st.statistic_checks.c.code)).scalars().all()
    assert sorted(r["code"] for r in rows) == sorted(stored) == ["conflict", "revision", "series-growth", "series-sum"]
    conflict = next(r for r in rows if r["code"] == "conflict")
    assert (conflict["statistic"], conflict["severity"], conflict["articles"], conflict["facts"]) == \
        (JP_FEB, "error", "jp-4 jp-5", "jp-4:f1 jp-5:f1")
    assert "4.71 bn USD" in conflict["message"] and "47.7 bn USD" in conflict["message"]
    code, out, _ = run(["query", "conflicts", "--db", db, "--code", "series-sum", "--format", "csv"], capsys)
    assert code == 0 and [r["code"] for r in csv.DictReader(io.StringIO(out))] == ["series-sum"]
    _one_line_error(*run(["query", "conflicts", "--db", db, "--code", "clash"], capsys), 2, "clash")


def test_rebuild_statistics_after_the_rules_change(capsys, db, monkeypatch):
    with Store.open(db, create=False).engine.begin() as conn:  # as if stale: wrong counts, no findings
        conn.execute(update(st.statistics).values(sources=99, flags=None))
        conn.execute(st.statistic_check_facts.delete())
        conn.execute(st.statistic_checks.delete())
    code, _, err = run(["db", "rebuild-statistics", "--db", db], capsys)
    assert code == 0 and "statistics rebuilt" in err
    with Store.open(db, create=False).engine.connect() as conn:
        assert conn.execute(select(st.statistics.c.sources).where(st.statistics.c.key == JP_FEB)).scalar_one() == 5
        assert len(conn.execute(select(st.statistic_checks.c.id)).all()) == 4


def test_a_schema_2_database_is_refused_by_the_statistics_queries_and_migrated_by_rebuild(capsys, tmp_path):
    path = tmp_path / "old.db"
    _schema_2(path)
    _one_line_error(*run(["query", "series", "--db", str(path), "--region", "JP"], capsys), 1,
                    "schema version 2", "extract db rebuild-statistics")
    assert run(["query", "facts", "--db", str(path), "--region", "JP"], capsys)[0] == 0  # facts still read
    assert run(["db", "rebuild-statistics", "--db", str(path)], capsys)[0] == 0
    code, out, _ = run(["query", "series", "--db", str(path), "--region", "JP", "--format", "jsonl"], capsys)
    assert code == 0 and JP_FEB in out


def test_database_commands_refuse_a_missing_or_foreign_database(capsys, tmp_path):
    missing = str(tmp_path / "none.db")
    for args in (["query", "series", "--region", "JP"], ["query", "conflicts"], ["db", "rebuild-statistics"],
                 ["export", "--format", "csv"]):
        _one_line_error(*run([*args, "--db", missing], capsys), 2, "no such database")
    import sqlite3

    foreign = tmp_path / "other.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    _one_line_error(*run(["db", "rebuild-statistics", "--db", str(foreign)], capsys), 1, "not a tradefacts database")
    assert [r[0] for r in sqlite3.connect(foreign).execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["t"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_writes_statistics_facts_and_findings(capsys, db, tmp_path, fmt):
    out_dir = tmp_path / "out"
    code, out, _ = run(["export", "--db", db, "--format", fmt, "--out", str(out_dir)], capsys)
    assert code == 0
    with Store.open(db, create=False).engine.connect() as conn:
        n = {t.name: len(conn.execute(select(t.c.id)).all()) for t in (st.statistics, st.facts, st.statistic_checks)}
    assert out.splitlines() == [f"{out_dir / f'{t}.{fmt}'}\t{n[t]}" for t in ("statistics", "facts",
                                                                               "statistic_checks")]
    stats = _read(out_dir / f"statistics.{fmt}", fmt)
    facts = _read(out_dir / f"facts.{fmt}", fmt)
    assert len(stats) == n["statistics"] and len(facts) == n["facts"]
    jp = next(r for r in stats if r["key"] == JP_FEB)
    assert (str(jp["amount"]).split(".")[0], str(jp["sources"])) == ("4710000000", "5")
    chosen = [r for r in facts if r["statistic_key"] == JP_FEB and str(r["chosen"]) in ("True", "true", "1")]
    assert [r["article"] for r in chosen] == ["jp-4"]


def _read(path, fmt) -> list[dict]:
    if fmt == "csv":
        return list(csv.DictReader(path.open(encoding="utf-8")))
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def test_export_parquet_keeps_amounts_exact(capsys, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from decimal import Decimal

    path = str(tmp_path / "f.db")
    t = "Japan's February 1986 surplus was 123456789012345.67 dlrs."
    s = Store.open(path)
    s.write(s.start_run("x", {}, "test"), [article("big", "1987-03-01", t, [
        fact("f1", t, "123456789012345.67 dlrs", "123456789012345.67")])], [])
    s.close()
    assert run(["export", "--db", path, "--format", "parquet", "--out", str(tmp_path)], capsys)[0] == 0
    [row] = pq.read_table(tmp_path / "statistics.parquet").to_pylist()
    assert row["amount"] == Decimal("123456789012345.6700")


def test_export_refuses_a_file_for_a_folder(capsys, db, tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    _one_line_error(*run(["export", "--db", db, "--format", "csv", "--out", str(target)], capsys), 2, "not a folder")
    code, _, err = run(["export", "--db", db, "--format", "xlsx"], capsys)
    assert code == 2 and "xlsx" in err
