"""Neither the gate (statistical NER only on sentences that can yield a fact) nor batching the NER
of many articles (extract_many) changes a result: every fixture, the seed and the dev gold articles
come out identical with the gate on and off, and one by one or together."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import extract, extract_many

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


def _dev_gold_articles() -> list[dict]:
    gold, articles = CORPUS / "reuters-trade-dev-gold.jsonl", CORPUS / "reuters-trade.jsonl"
    if not (gold.exists() and articles.exists()):
        pytest.skip("../shared/corpus is not present")
    ids = {json.loads(line)["id"] for line in gold.open(encoding="utf-8")}
    return [a for a in map(json.loads, articles.open(encoding="utf-8")) if a["id"] in ids]


def test_dev_gold_articles_unchanged_by_gating():
    for a in _dev_gold_articles():
        _same_either_way(a["text"], id=a["id"], published=a["published"])


def _dumped(results) -> list[dict]:
    return [r.model_dump(mode="json") for r in results]


def test_fixtures_and_dev_gold_unchanged_by_batching():
    articles = [{"text": p.read_text(encoding="utf-8"), "id": p.stem} for p in TEXTS]
    if (CORPUS / "reuters-trade.jsonl").exists():
        articles += [{k: a.get(k) for k in ("text", "id", "title", "published")} for a in _dev_gold_articles()]
    one_by_one = [extract(a["text"], **{k: v for k, v in a.items() if k != "text"}) for a in articles]
    assert _dumped(extract_many(articles)) == _dumped(one_by_one)


def test_extract_many_returns_or_raises_one_article_s_failure():
    articles = [{"text": "Exports rose 5 pct to 3 billion dlrs in 1986."}, {"text": None}, {"text": "Imports fell."}]
    results = extract_many(articles, errors="return")
    assert isinstance(results[1], Exception)
    assert _dumped([results[0], results[2]]) == _dumped([extract(articles[0]["text"]), extract(articles[2]["text"])])
    with pytest.raises(type(results[1])):
        extract_many(articles)
