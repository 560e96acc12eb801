"""The place ruler: the surfaces of rules/places.yaml marked as entities, before the statistical NER.

It does what spaCy's EntityRuler (overwrite_ents=True) does with these patterns, faster. The
EntityRuler matches phrase patterns on one attribute only (LOWER here: case-insensitive), so each
case-sensitive pattern ("EC", "US", "Swiss", "JAPANESE") goes to its token Matcher, whose cost
grows with the number of patterns at every token: with ~350 of them it took as long as a third
of the NER itself (bench/stages.py). Here a pattern of exact words goes to a PhraseMatcher on
ORTH, whose cost does not grow with the patterns; only patterns that mix LOWER and ORTH tokens
("EC member states") stay in a token Matcher. Overlapping matches are chosen as the EntityRuler
chooses them: the longest first, then the earliest (tests/test_pipeline.py compares the two).
"""
from __future__ import annotations

from collections import defaultdict

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

PHRASE_ATTRS = ("LOWER", "ORTH")


@Language.factory("place_ruler")
def make_place_ruler(nlp: Language, name: str) -> PlaceRuler:
    return PlaceRuler(nlp)


class PlaceRuler:
    """Patterns as the EntityRuler takes them ({"label", "pattern": [token dicts] or a string});
    a string pattern is matched on LOWER."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.phrases = {attr: PhraseMatcher(nlp.vocab, attr=attr) for attr in PHRASE_ATTRS}
        self.tokens = Matcher(nlp.vocab)

    def add_patterns(self, patterns: list[dict]) -> None:
        phrases: dict[str, dict[str, list[Doc]]] = {attr: defaultdict(list) for attr in PHRASE_ATTRS}
        for p in patterns:
            attr, doc = self._as_phrase(p["pattern"])
            if attr is None:
                self.tokens.add(p["label"], [p["pattern"]])
            else:
                phrases[attr][p["label"]].append(doc)
        for attr, by_label in phrases.items():
            for label, docs in by_label.items():
                self.phrases[attr].add(label, docs)

    def _as_phrase(self, pattern: str | list[dict]) -> tuple[str | None, Doc | None]:
        """(attribute, the phrase's Doc) when `pattern` is a phrase on one attribute, else (None, None)."""
        if isinstance(pattern, str):
            return "LOWER", self.nlp.make_doc(pattern)
        attrs = {k for token in pattern for k in token}
        if len(attrs) != 1 or not attrs <= set(PHRASE_ATTRS) or any(len(t) != 1 for t in pattern):
            return None, None
        attr = attrs.pop()
        words = [t[attr] for t in pattern]
        doc = self.nlp.make_doc(" ".join(words))
        # the same tokens, so the same matches: "U.S.-Japan" tokenised otherwise stays a token pattern
        return (attr, doc) if [t.text for t in doc] == words else (None, None)

    def __call__(self, doc: Doc) -> Doc:
        matches = list(self.tokens(doc))
        for matcher in self.phrases.values():
            matches += matcher(doc)
        strings = self.nlp.vocab.strings
        spans = sorted({Span(doc, start, end, label=strings[key]) for key, start, end in matches if start != end})
        doc.ents = filter_spans(spans)  # longest first, then earliest (the ruler runs first: no entity yet)
        return doc
