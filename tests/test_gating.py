"""The gate (statistical NER only on sentences that can yield a fact) loses nothing: every fixture,
the seed and the dev gold articles come out identical with the gate on and off."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import extract

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted(ROOT.glob("fixtures/*.txt")) + sorted(ROOT.glob("seeds/*.txt"))
CORPUS = ROOT.parent / "shared" / "corpus"


def _same_either_way(text: str, **meta) -> None:
    on = extract(text, gating=True, **meta).model_dump(mode="json")
    off = extract(text, gating=False, **meta).model_dump(mode="json")
    assert on == off


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_fixture_unchanged_by_gating(path):
    _same_either_way(path.read_text(encoding="utf-8"), id=path.stem)


def test_dev_gold_articles_unchanged_by_gating():
    gold, articles = CORPUS / "reuters-trade-dev-gold.jsonl", CORPUS / "reuters-trade.jsonl"
    if not (gold.exists() and articles.exists()):
        pytest.skip("../shared/corpus is not present")
    ids = {json.loads(line)["id"] for line in gold.open(encoding="utf-8")}
    for line in articles.open(encoding="utf-8"):
        a = json.loads(line)
        if a["id"] in ids:
            _same_either_way(a["text"], id=a["id"], published=a["published"])
