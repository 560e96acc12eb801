"""Metadata read from an article's own text: title, source outlet, publication date, latest date."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from extractor.io.boilerplate import boilerplate_spans
from extractor.io.metadata import Metadata, find_metadata, full_dates, latest_date

ROOT = Path(__file__).parents[1]
SEED = ROOT / "seeds" / "000_ee76471017dac53f.txt"
CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"


def test_seed_metadata() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert find_metadata(text) == Metadata(
        title="Ancient Silk Road hub Xinjiang sees 31% foreign trade growth",
        source="CGTN",
        published=None,
        latest_date=date(2024, 3, 7),
    )
    assert find_metadata(text, boilerplate_spans(text)) == find_metadata(text)


# (text, expected title)
TITLES = [
    ("Xinjiang sees 31% foreign trade growth\n\nCGTN\n\nExports rose.", "Xinjiang sees 31% foreign trade growth"),
    ("\n\n  India's exports rise 5% in August  \n\nBody text here.", "India's exports rise 5% in August"),
    ("Will tariffs bite?\n\nExports rose.", "Will tariffs bite?"),
    ("I agree\n\nASEAN trade hits record high\n\nBody.", "ASEAN trade hits record high"),
    ("BRAZIL ANTI-INFLATION PLAN LIMPS ON\n\nThe plan froze prices.", "BRAZIL ANTI-INFLATION PLAN LIMPS ON"),
    # Reuters bodies start mid-sentence and are hard-wrapped: no title.
    ("inflation\nplan, initially hailed at home and abroad as the saviour of the\neconomy, is limping.", None),
    ("Taiwan plans another round of deep tariff\ncuts this year.\n    Wang said so.", None),
    # A one-line paragraph that is a sentence, not a title.
    ("Exports rose 5 percent in August, the ministry said.\n\nImports fell.", None),
    # Too short, too long.
    ("Trade\n\nExports rose.", None),
    (" ".join(["word"] * 26) + "\n\nExports rose.", None),
    # The first body paragraph comes before any title-like line.
    ("Exports rose 5 percent in August\nand imports fell, the ministry said.\n\nA Subtitle Here\n\nMore.", None),
    ("", None),
    ("Photo: VCG\n\nSource: CGTN", None),
]


TITLE_GAPS = [
    # Pasted pages sometimes separate paragraphs with single newlines; a title is only
    # recognised with a blank line after it, to keep hard-wrapped Reuters first lines out.
    ("Xinjiang sees 31% foreign trade growth\nExports rose 30.9 percent, customs said.",
     "Xinjiang sees 31% foreign trade growth"),
]


@pytest.mark.parametrize(
    "text, expected",
    TITLES + [pytest.param(t, e, marks=pytest.mark.xfail(strict=True, reason="title needs a blank line after it"))
              for t, e in TITLE_GAPS],
    ids=[t for t, _ in TITLES + TITLE_GAPS],
)
def test_title(text: str, expected: str | None) -> None:
    assert find_metadata(text).title == expected


# (text, expected source)
SOURCES = [
    ("Title of the story here\n\nCGTN\n\nBody.", "CGTN"),
    ("Title of the story here\n\nXinhua News Agency\n\nBody.", "Xinhua"),
    ("Title of the story here\n\nglobal times\n\nBody.", "Global Times"),
    ("India's exports rise\n\nBy Priya Sharma | The Hindu\n\nBody.", "The Hindu"),
    ("India's exports rise\n\nBy Jane Doe and John Roe | China Daily | Updated: 2024-09-12 10:30\n\nBody.",
     "China Daily"),
    ("Trade story\n\nBy Jane Doe, Reuters\n\nBody.", "Reuters"),
    ("BEIJING, Sept. 12 (Xinhua) -- China's exports rose 8.7 percent.", "Xinhua"),
    ("Title of the story here\n\nThe Associated Press\n\nBody.", "AP"),
    # Not an outlet on a line of its own.
    ("CGTN reported that exports rose.", None),
    ("Trade story\n\nBy Jane Doe\n\nBody.", None),
    ("inflation\nplan, initially hailed at home and abroad as the saviour of the\neconomy.", None),
    # Too far down to be the article's own outlet.
    ("Title\n\n" + "Body line.\n" * 20 + "\nReuters\n", None),
    ("BEIJING, Sept. 12 (Unknown Wire) -- Exports rose.", None),
]


@pytest.mark.parametrize("text, expected", SOURCES, ids=[t for t, _ in SOURCES])
def test_source(text: str, expected: str | None) -> None:
    assert find_metadata(text).source == expected


# (text, expected published)
PUBLISHED = [
    ("Title here\n\nPublished: 2024-09-12\n\nExports rose.", date(2024, 9, 12)),
    ("Title here\n\nPublished on 12 September 2024, 10:30 GMT\n\nExports rose.", date(2024, 9, 12)),
    ("Title here\n\nUpdated 12:30, 12-Sep-2024\n\nExports rose.", date(2024, 9, 12)),
    ("Title here\n\nUpdated: Sept. 12, 2024 10:00 BJT\n\nExports rose.", date(2024, 9, 12)),
    ("Title\n\nPublished: 2024-09-10\nUpdated: 2024-09-12\n\nBody.", date(2024, 9, 10)),
    ("Title\n\nUpdated: 2024-09-12\nPublished: 2024-09-10\n\nBody.", date(2024, 9, 10)),
    ("Title\n\nBy Jane Doe | China Daily | Updated: 2024-09-12 10:30\n\nBody.", date(2024, 9, 12)),
    ("Title\n\nPublished: 2024-09-12T08:15:00Z\n\nBody.", date(2024, 9, 12)),
    ("BEIJING, Sept. 12, 2024 (Xinhua) -- Exports rose.", date(2024, 9, 12)),
    # Dateline without a year: resolved from the latest full date when that keeps it on or after it.
    ("BEIJING, Sept. 12 (Xinhua) -- Exports rose, after a port opened on Aug. 30, 2024.", date(2024, 9, 12)),
    ("BEIJING, Jan. 3 (Xinhua) -- Exports rose after a port opened on Dec. 30, 2023.", None),
    ("BEIJING, Sept. 12 (Xinhua) -- Exports rose 8.7 percent.", None),
    # Dates that are not publication dates.
    ("Exports rose on March 7, 2024.", None),
    ("Published reports said exports rose.", None),
    ("Title\n\nPublished: 2024-02-30\n\nBody.", None),
]


@pytest.mark.parametrize("text, expected", PUBLISHED, ids=[t for t, _ in PUBLISHED])
def test_published(text: str, expected: date | None) -> None:
    assert find_metadata(text).published == expected


# (text, expected latest full date)
LATEST = [
    ("Urumqi, March 7, 2024. /CFP", date(2024, 3, 7)),
    ("on Sept. 5, 2024 and on 12 September 2024", date(2024, 9, 12)),
    ("from 2023-12-31 to 2024/01/02", date(2024, 1, 2)),
    ("Updated 12:30, 12-Sep-2024", date(2024, 9, 12)),
    ("on the 3rd of March, 2024", date(2024, 3, 3)),
    ("on December 1st, 2023", date(2023, 12, 1)),
    ("on Feb 26 1987", date(1987, 2, 26)),
    # Not full dates.
    ("in March 2024", None),
    ("on March 7", None),
    ("the first eight months of 2024", None),
    ("version 2024.03.07.1", None),
    ("ratio 2024-13-45", None),
    ("May 2024 figures, and 12/03/2024", None),
]


@pytest.mark.parametrize("text, expected", LATEST, ids=[t for t, _ in LATEST])
def test_latest_date(text: str, expected: date | None) -> None:
    assert latest_date(text) == expected
    assert find_metadata(text).latest_date == expected


def test_full_dates_keeps_every_valid_date() -> None:
    assert sorted(full_dates("March 7, 2024; Feb. 30, 2024; 2024-03-01")) == [date(2024, 3, 1), date(2024, 3, 7)]


def test_reuters_bodies_have_no_title_source_or_published() -> None:
    path = CORPUS / "reuters-trade.jsonl"
    if not path.exists():
        pytest.skip(f"corpus not available: {path}")
    with open(path, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    found = [m for m in map(find_metadata, texts) if m.title or m.source or m.published]
    assert found == []
