"""Text as it arrives (issue 15 item 1): the same article with its spaces written as any of the
Unicode spaces web pages and PDFs use, or its line breaks as U+2028/U+2029, gives the same facts,
and every span still indexes the text exactly. Run over every golden fixture and the seed, each
with one odd space (cycling through the list, so that all are used)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = [ROOT / "seeds" / "000_ee76471017dac53f.txt"] + sorted((ROOT / "fixtures").glob("*.txt"))
SPACES = ["\u00a0", "\u202f", "\u2009", "\u2007", "\u3000", "\u2002", "\u2003", "\u200a", "\t"]
LINE_BREAKS = ["\u2028", "\u2029"]


def _meta(path: Path) -> dict:
    expected = path.with_name(path.stem + ".expected.json")
    if not expected.is_file():
        return {}
    article = json.loads(expected.read_text(encoding="utf-8")).get("article") or {}
    return {k: article[k] for k in ("published", "title", "source") if article.get(k)}


def _facts(result) -> list[tuple]:
    return [(f.metric, f.region and f.region.code, f.counterpart and f.counterpart.name, f.segment,
             f.period and (f.period.start, f.period.end), f.value and (f.value.amount, f.value.currency),
             f.growth and f.growth.percent, f.share and f.share.percent) for f in result.facts]


@pytest.mark.parametrize("index", range(len(ARTICLES)), ids=[p.stem for p in ARTICLES])
def test_odd_spaces_give_the_same_facts(index):
    import extractor

    path = ARTICLES[index]
    text, meta = path.read_text(encoding="utf-8"), _meta(path)
    plain = extractor.extract(text, **meta)
    # every space of the body (not a line break) as one odd space; single line breaks as a separator
    odd = text.replace(" ", SPACES[index % len(SPACES)])
    odd = "\n\n".join(p.replace("\n", LINE_BREAKS[index % 2]) for p in odd.split("\n\n"))
    result = extractor.extract(odd, **meta)
    assert _facts(result) == _facts(plain)
    for fact in result.facts:
        for span in fact.evidence:
            assert odd[span.start:span.end] == span.text
