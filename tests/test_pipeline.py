"""The spaCy pipeline: only the NER runs, and a long-running process keeps its memory bounded."""
from __future__ import annotations

from pathlib import Path

import spacy

from extractor import pipeline
from extractor.normalise.places import _patterns_with_sources, place_patterns
from extractor.place_ruler import PlaceRuler

ROOT = Path(__file__).resolve().parents[1]


def test_only_the_ner_and_the_place_ruler_run():
    # en_core_web_sm's NER embeds its own tok2vec: the shared one would only feed the parser and tagger
    assert pipeline.get_nlp().pipe_names == ["place_ruler", "ner"]


def test_place_ruler_marks_what_spacy_s_entity_ruler_marks():
    stock = spacy.blank("en")
    stock.add_pipe("entity_ruler", config={"overwrite_ents": True}).add_patterns(place_patterns())
    ours = spacy.blank("en")
    ruler = PlaceRuler(ours)
    ruler.add_patterns(place_patterns())
    assert len(ruler.tokens) < 50  # only patterns mixing exact and lower-case words are left to the Matcher
    surfaces = [surface for surface, _ in _patterns_with_sources()]
    texts = [f"Trade between {a} and {b}, the {c} said; {d.upper()} and {e.lower()} too."
             for a, b, c, d, e in zip(surfaces, surfaces[1:], surfaces[2:], surfaces[3:], surfaces[4:])]
    texts += [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("fixtures/*.txt"))]
    for text in texts:
        want = [(e.start, e.end, e.label_) for e in stock(text).ents]
        assert [(e.start, e.end, e.label_) for e in ruler(ours.make_doc(text)).ents] == want, text


def test_the_shared_tok2vec_goes_only_when_nothing_listens_to_it():
    import spacy

    full = spacy.load(pipeline.default_model())
    assert full.get_pipe("tok2vec").listening_components  # the tagger and parser listen: kept
    kept = spacy.load(pipeline.default_model(), exclude=pipeline.UNUSED_COMPONENTS)
    assert kept.get_pipe("tok2vec").listening_components == []  # nobody left: load_ner drops it
    assert "tok2vec" not in pipeline.load_ner(pipeline.default_model()).pipe_names


def test_default_and_named_model_share_one_pipeline():
    assert pipeline.get_nlp() is pipeline.get_nlp(None) is pipeline.get_nlp(pipeline.default_model())


def test_memory_is_released_every_n_articles_and_zones_start_after_warm_up(monkeypatch):
    released, zones = [], []
    nlp = pipeline.get_nlp()
    real_zone = nlp.memory_zone

    def zone():
        zones.append(1)
        return real_zone()

    monkeypatch.setattr(pipeline, "RELEASE_EVERY", 3)
    monkeypatch.setattr(pipeline, "WARM_ARTICLES", 4)
    monkeypatch.setattr(pipeline, "_calls", [0])
    monkeypatch.setattr(pipeline, "release_memory", lambda: released.append(1))
    monkeypatch.setattr(nlp, "memory_zone", zone)
    for _ in range(7):
        pipeline.places_in_many([[(0, "Exports to Japan rose.")]])
    assert len(released) == 2 and len(zones) == 3


def test_release_memory_trims_the_heap_on_glibc():
    import platform

    if platform.libc_ver()[0] == "glibc":
        assert pipeline._malloc_trim() is not None  # found, so freed heap really goes back
    pipeline.release_memory()  # elsewhere only gc: never an error
