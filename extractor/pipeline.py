"""The spaCy pipeline: the statistical English NER after a place ruler fed from rules/places.yaml.

Built once per process and model name, lazily (never at import time). Only the components
tradefacts uses run: the model's NER (with its own embedded tok2vec) and the ruler; the tagger,
parser and lemmatizer are excluded, which roughly doubles throughput, and so is the shared
`tok2vec` component when nothing listens to it (in en_core_web_sm only the tagger and parser
do: the NER embeds its own), which saves a third of what is left.
"""
from __future__ import annotations

import bisect
import contextlib
import ctypes
import functools
import re
import gc
import logging
from dataclasses import dataclass

from .errors import ModelError, RuleFileError
from .models import Place
from .normalise.places import demonym_place, lookup_place, place_patterns
from .spacy_model import default_model, resolve_model

__all__ = ["PlaceMention", "PlacesByOffset", "default_model", "find_places", "get_nlp", "load_ner", "places_in_many"]

log = logging.getLogger(__name__)

_NER_PLACE_LABELS = {"GPE", "LOC", "NORP"}
UNUSED_COMPONENTS = ["tagger", "parser", "lemmatizer", "attribute_ruler", "senter"]


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place
    demonym: bool  # "Swiss", "Soviet": an adjective naming the country


class PlacesByOffset:
    """Place mentions sorted by offset, so that a sentence's are found in log time (a page can
    hold thousands of sentences and places: scanning them all per sentence is quadratic)."""

    def __init__(self, places: list[PlaceMention]) -> None:
        self.items = sorted(places, key=lambda p: p.start)
        self._starts = [p.start for p in self.items]

    def within(self, start: int, end: int) -> list[PlaceMention]:
        """The mentions that start in [start, end)."""
        return self.items[bisect.bisect_left(self._starts, start):bisect.bisect_left(self._starts, end)]


def load_ner(name: str):
    """spaCy model `name` with only its NER and what the NER needs (no tagger, parser, ...)."""
    import spacy

    try:
        nlp = spacy.load(name, exclude=UNUSED_COMPONENTS)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {name!r}: {exc}") from exc
    if "tok2vec" in nlp.pipe_names and not getattr(nlp.get_pipe("tok2vec"), "listening_components", True):
        nlp.remove_pipe("tok2vec")
    return nlp


def get_nlp(model: str | None = None):
    """The Language object for `model` (default: default_model(); an alias such as en_core_web_sm
    loads the installed copy of its weights, see spacy_model.resolve_model), built on first use."""
    return _pipeline(resolve_model(model))


@functools.cache
def _pipeline(name: str):
    from . import place_ruler  # noqa: F401 - registers the "place_ruler" component

    nlp = load_ner(name)
    ruler = nlp.add_pipe("place_ruler", before="ner" if "ner" in nlp.pipe_names else None)
    ruler.add_patterns(place_patterns())
    log.debug("loaded spaCy model %s with components %s", name, nlp.pipe_names)
    return nlp


# Inside a memory zone spaCy's tokenizer adds nothing to its cache: the first articles run
# outside one, so that the cache holds the common words (spaCy's own advice), then every article
# runs in its own zone.
WARM_ARTICLES = 2000
# Every so many articles, freed memory is handed back to the system: without it a process's RSS
# steps up by ~25 MB somewhere in the Reuters dump and stays there (freed heap that glibc keeps),
# +19% over 19k articles; with it, +3% (bench/memory.py).
RELEASE_EVERY = 1000
_calls = [0]


def places_in_many(requests: list[list[tuple[int, str]]], model: str | None = None) -> list[list[PlaceMention]]:
    """Places in the pieces of several articles, each article's given as (offset, text) pairs, all
    through one nlp.pipe; the offsets of an article's mentions are offsets into that article."""
    nlp = get_nlp(model)
    # spaCy's vocab and StringStore keep every new string they see; over millions of articles
    # that grows without bound. A memory zone evicts what these articles added when it ends
    # (the mentions we keep are plain Python strings, not spaCy objects).
    before = _calls[0]
    _calls[0] += len(requests)
    if _calls[0] // RELEASE_EVERY > before // RELEASE_EVERY:
        release_memory()
    pieces = [(k, offset, text) for k, texts in enumerate(requests) for offset, text in texts]
    out: list[list[PlaceMention]] = [[] for _ in requests]
    with nlp.memory_zone() if before >= WARM_ARTICLES else contextlib.nullcontext():
        for (k, offset, _), doc in zip(pieces, nlp.pipe(text for _, _, text in pieces)):
            out[k] += [PlaceMention(p.start + offset, p.end + offset, p.text, p.place, p.demonym)
                       for p in find_places(doc)]
    return out


def release_memory() -> None:
    """Collect reference cycles, then ask glibc to return free heap pages (a no-op elsewhere)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (macOS, musl, Windows): nothing to trim
        return None


def find_places(doc) -> list[PlaceMention]:
    """Places named in a processed Doc: ruler hits first, then model GPE/LOC/NORP we can resolve."""
    out = []
    for ent in doc.ents:
        if ent.label_ == "PLACE":
            place, demonym = lookup_place(ent.text), False
        elif ent.label_ == "DEMONYM":
            place, demonym = demonym_place(ent.text), True
        elif ent.label_ in _NER_PLACE_LABELS:
            place = lookup_place(ent.text) or demonym_place(ent.text)
            demonym = place is not None and lookup_place(ent.text) is None

        else:
            continue
        if place is not None:
            out.append(PlaceMention(ent.start_char, ent.end_char, ent.text, place, demonym))
    return _with_capitals(doc.text, out)


def _with_capitals(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Add the capitals that stand for their country ("Washington's deficit", "trade with Taipei",
    rules/places.yaml `capitals`) where no other mention covers them."""
    pattern, countries = _capitals()
    extra = [PlaceMention(m.start(), m.end(), m.group(), countries[m.group()], False)
             for m in pattern.finditer(text)
             if not any(p.start < m.end() and m.start() < p.end for p in mentions)]
    return sorted(mentions + extra, key=lambda p: p.start) if extra else mentions


@functools.cache
def _capitals():
    from .rules import load_rules

    table = load_rules("places").get("capitals") or {}
    names = "|".join(re.escape(c) for c in sorted(table, key=len, reverse=True))
    pattern = re.compile(rf"(?:(?<=\bwith )|(?<=\bto )|(?<=\bfrom ))(?:{names})\b|\b(?:{names})(?=['’]s\b)")
    countries = {surface: lookup_place(name) for surface, name in table.items()}
    missing = [s for s, p in countries.items() if p is None]
    if missing:
        raise RuleFileError(f"rules/places.yaml capitals: no place named {', '.join(missing)}")
    return pattern, countries
