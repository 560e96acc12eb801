"""Golden tests: the seed article and every fixtures/NAME.txt against NAME.expected.json.

Each case runs `extractor.extract` on the article and asserts that `golden.compare` finds no
difference. A fixture's expected JSON may carry:
- "xfail": "reason"  -> a known gap, marked strict xfail (it must keep failing until fixed);
- "given": [fields]  -> which article fields are passed to extract (default: published,
  title, source when the expected article has them); a fixture testing title detection
  gives ["published"] so that the title must be found in the text.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden import compare

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_ee76471017dac53f.txt"
FIXTURES = sorted((ROOT / "fixtures").glob("*.txt"))
DEFAULT_GIVEN = ("published", "title", "source")


def _expected_path(text_path: Path) -> Path:
    return text_path.with_name(text_path.stem + ".expected.json")


def _case(text_path: Path, seed: bool = False):
    expected = json.loads(_expected_path(text_path).read_text(encoding="utf-8"))
    marks = []
    if expected.get("xfail"):
        marks.append(pytest.mark.xfail(strict=True, reason=expected["xfail"]))
    return pytest.param(text_path, expected, seed, id=text_path.stem, marks=marks)


CASES = [_case(SEED, seed=True)] + [_case(path) for path in FIXTURES]


def test_every_fixture_has_expected_json():
    missing = [p.name for p in FIXTURES if not _expected_path(p).is_file()]
    assert missing == []
    assert len(FIXTURES) >= 28


@pytest.mark.parametrize(("text_path", "expected", "seed"), CASES)
def test_golden(text_path: Path, expected: dict, seed: bool):
    import extractor

    text = text_path.read_text(encoding="utf-8")
    article = expected.get("article") or {}
    if seed:  # the seed article is run as found: no metadata given, all of it detected
        kwargs = {}
    else:
        given = expected.get("given", DEFAULT_GIVEN)
        kwargs = {field: article[field] for field in given if field in article}
    result = extractor.extract(text, id=text_path.stem, **kwargs)
    actual = result.model_dump(mode="json")
    assert compare(expected, actual, text) == []
