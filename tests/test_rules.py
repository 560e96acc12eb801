"""Every rule file loads, its ids are unique and its regexes compile; broken files fail clearly."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor import rule_schemas, rules
from extractor.errors import RuleFileError

RULES = Path(__file__).resolve().parents[1] / "rules"
FILES = sorted(p.stem for p in RULES.glob("*.yaml"))


def _walk(node, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v, key)
    else:
        yield key, node


def test_every_rule_file_is_documented_in_the_readme():
    readme = (RULES / "README.md").read_text(encoding="utf-8")
    assert [f for f in FILES if f"`{f}.yaml`" not in readme] == []


@pytest.mark.parametrize("name", FILES)
def test_rule_file_loads_and_opens_with_a_format_comment(name):
    assert rules.load_rules(name)
    assert (RULES / f"{name}.yaml").read_text(encoding="utf-8").lstrip().startswith("#")


def test_rule_ids_are_unique_across_files():
    seen: dict[str, str] = {}
    for name in FILES:
        for key, value in _walk(rules.load_rules(name)):
            if key == "id" and isinstance(value, str):
                assert value not in seen, f"{value} in {name} and {seen[value]}"
                seen[value] = name
    assert len(seen) > 100


@pytest.mark.parametrize("name", ["metrics", "causes", "partners", "linking", "segments"])
def test_regexes_compile(name):
    for key, value in _walk(rules.load_rules(name)):
        if isinstance(value, str) and (key in ("pattern",) or str(key).endswith("regex")):
            re.compile(value.replace("{trade_modifies}", "x"))


@pytest.fixture
def scratch_rules(tmp_path, monkeypatch):
    monkeypatch.setattr(rules, "rules_dir", lambda: tmp_path)
    rules.load_rules.cache_clear()
    yield tmp_path
    rules.load_rules.cache_clear()


def test_malformed_yaml_is_a_rule_file_error(scratch_rules):
    (scratch_rules / "metrics.yaml").write_text("metrics: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="not valid YAML"):
        rules.load_rules("metrics")


def test_missing_rule_file_is_a_rule_file_error(scratch_rules):
    with pytest.raises(RuleFileError, match="cannot read"):
        rules.load_rules("nonexistent")


def test_empty_rule_file_is_a_rule_file_error(scratch_rules):
    (scratch_rules / "checks.yaml").write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="empty"):
        rules.load_rules("checks")



def _copy_with(scratch, name, edit):
    text = (RULES / f"{name}.yaml").read_text(encoding="utf-8")
    (scratch / f"{name}.yaml").write_text(edit(text), encoding="utf-8")


def test_an_unknown_key_is_a_rule_file_error(scratch_rules):
    # a misspelt key would leave the linker on nothing without a word
    _copy_with(scratch_rules, "linking", lambda t: t.replace("clause_breaks_regex:", "clause_break_regex:"))
    with pytest.raises(RuleFileError, match="clause_break_regex"):
        rules.load_rules("linking")


def test_a_misspelt_check_setting_is_a_rule_file_error(scratch_rules):
    # the checks read their thresholds by key: a misspelt one would raise a KeyError mid-article
    _copy_with(scratch_rules, "checks", lambda t: t.replace("  amount_max_relative:", "  amount_max_relativ:"))
    with pytest.raises(RuleFileError, match="amount_max_relativ"):
        rules.load_rules("checks")


def test_a_pattern_that_does_not_compile_is_a_rule_file_error(scratch_rules):
    _copy_with(scratch_rules, "metrics", lambda t: t.replace('pattern: "deficits?|shortfalls?"',
                                                            'pattern: "deficits?|(shortfalls?"'))
    with pytest.raises(RuleFileError, match=r"metrics\.\d+\.pattern.*does not compile"):
        rules.load_rules("metrics")


def test_a_word_yaml_reads_as_a_boolean_is_a_rule_file_error(scratch_rules):
    # an unquoted "on" in a word list is YAML's True, and the word silently drops out
    _copy_with(scratch_rules, "segments", lambda t: t.replace('during, "on", over', "during, on, over"))
    with pytest.raises(RuleFileError, match="phrase_stops"):
        rules.load_rules("segments")


@pytest.mark.parametrize("name", sorted(rule_schemas.SCHEMAS))
def test_the_shipped_files_fit_their_schemas(name):
    assert rule_schemas.validate(name, rules.load_rules(name)) is None


def test_a_misspelt_key_of_a_chinese_rule_file_is_a_rule_file_error(scratch_rules):
    (scratch_rules / "zh").mkdir()
    _copy_with(scratch_rules, "zh/cues", lambda t: t.replace("\nchange_words:", "\nchange_word:"))
    with pytest.raises(RuleFileError, match="change_word"):
        rules.load_rules("zh/cues")
