"""Zero-width characters and soft hyphens read as nothing (issue 15 item 1), spans stay exact.

Text copied from web pages and PDFs carries U+200B/U+200C/U+200D/U+2060/U+FEFF between and
inside words and U+00AD where a word may break; the same article without them must give the
same facts, each span indexing the text as read.
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from extractor import extract
from extractor.text import strip_invisible

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures").glob("*.txt"))
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


def _sprinkle(text: str) -> str:
    """TEXT with an invisible character after every space and inside every longer word, in turn."""
    out, n = [], 0
    for piece in re.split(r"(\s+)", text):
        if len(piece) >= 6 and not piece.isspace():
            piece = piece[:3] + INVISIBLE[n % len(INVISIBLE)] + piece[3:]
            n += 1
        out.append(piece)
        if piece.isspace():
            out.append(INVISIBLE[n % len(INVISIBLE)])
            n += 1
    return "\ufeff" + "".join(out)


def _spans(result) -> list:
    return [e for group in (result.facts, result.partners, result.causes) for item in group for e in item.evidence]


def _without_offsets(result) -> dict:
    """The result as JSON with span offsets and the article's identity dropped."""
    data = result.model_dump(mode="json")
    data["article"] = {k: v for k, v in data["article"].items() if k not in ("id", "sha256")}
    for group in ("facts", "partners", "causes"):
        for item in data[group]:
            item["evidence"] = [{**e, "start": None, "end": None, "text": strip_invisible(e["text"])[0]}
                                for e in item["evidence"]]
    return data


def test_strip_invisible_maps_back():
    text = "ex\u00adports rose\u200b 5 pct"
    clean, origin = strip_invisible(text)
    assert clean == "exports rose 5 pct"
    assert [text[i] for i in origin[:-1]] == list(clean) and origin[-1] == len(text)
    assert strip_invisible("plain text") == ("plain text", None)


def test_sentence_with_zero_width_characters():
    plain = "China's exports rose 5.2 pct to 1.2 billion dlrs in March 2023, the customs office said."
    odd = ("\ufeffChina's ex\u00adports rose 5.2\u200b pct to 1.\u20602 bil\u200dlion dlrs in March\u200c 2023, "
           "the customs office said.")
    got = extract(odd, published="2023-04-10")
    assert [(f.metric, f.value.amount if f.value else None, f.growth.percent if f.growth else None)
            for f in got.facts] == [("exports", Decimal("1200000000"), Decimal("5.2"))]
    assert [e.text for e in got.facts[0].evidence] == ["rose 5.2\u200b pct", "1.\u20602 bil\u200dlion dlrs"]
    assert all(odd[e.start:e.end] == e.text for e in _spans(got))
    assert _without_offsets(got) == _without_offsets(extract(plain, published="2023-04-10"))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_with_invisible_characters_gives_the_same_facts(path):
    plain = path.read_text(encoding="utf-8")
    odd = _sprinkle(plain)
    want = extract(plain, published="2024-01-01")
    got = extract(odd, published="2024-01-01")
    assert all(odd[e.start:e.end] == e.text for e in _spans(got))
    assert _without_offsets(got) == _without_offsets(want)
