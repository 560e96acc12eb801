"""The place gazetteer: countries, subdivisions, blocs, groups, cities and ports.

Countries and subdivisions come from pycountry; names news uses, historic countries,
blocs, groups, trade hubs and demonyms come from rules/places.yaml. Tables are built
once, on first use.

>>> lookup_place("the U.S.")
Place(name='United States', code='US', kind='country')
>>> demonym_place("Swiss").code
'CH'
"""
from __future__ import annotations

import functools
import logging
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..errors import RuleFileError
from ..models import Place
from ..rules import load_rules

log = logging.getLogger(__name__)

_KINDS = {"country", "subnational", "city", "bloc", "group", "port"}

# Precedence of a surface's sources: hand-made entries > pycountry countries > subdivisions.
_FROM_RULES, _FROM_COUNTRIES, _FROM_SUBDIVISIONS = 2, 1, 0


@dataclass
class Gazetteer:
    """Every place by key, and the surfaces that name it."""

    places: dict[str, Place] = field(default_factory=dict)
    historic: set[str] = field(default_factory=set)
    case_sensitive: set[str] = field(default_factory=set)
    surfaces: dict[str, str] = field(default_factory=dict)  # normalised surface -> key
    priority: dict[str, int] = field(default_factory=dict)  # normalised surface -> source rank
    written: dict[str, list[str]] = field(default_factory=dict)  # key -> surfaces as written
    demonyms: dict[str, str] = field(default_factory=dict)  # normalised adjective -> key
    written_demonyms: dict[str, list[str]] = field(default_factory=dict)


def place_key(place: Place) -> str:
    """The canonical key of a place: Place("West Germany", "DE", "country") -> 'place.country.west-germany'."""
    return f"place.{place.kind}.{_fold(place.name).replace(' ', '-')}"


def _ascii(text: str) -> str:
    """'Côte' -> 'Cote': drop accents and other combining marks."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _fold(text: str) -> str:
    """Lower-case, ASCII, alphanumeric words separated by single spaces."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in _ascii(text).lower()).split())


def _settings() -> dict[str, Any]:
    return _rules().get("normalise", {})


def normalise_surface(text: str, settings: dict[str, Any] | None = None) -> str:
    """The lookup form of a surface: "the U.S.'s" -> 'us', "Côte d'Ivoire" -> 'cote divoire'."""
    settings = _settings() if settings is None else settings
    text = text.strip()
    for suffix in settings.get("possessive_suffixes", []):
        if text.lower().endswith(suffix):
            text = text[: -len(suffix)]
            break
    for ch in settings.get("drop_chars", ""):
        text = text.replace(ch, "")
    words = _fold(text).split()
    leading = set(settings.get("leading_words", []))
    while len(words) > 1 and words[0] in leading:
        words = words[1:]
    return " ".join(words)


@functools.cache
def _rules() -> dict[str, Any]:
    data = load_rules("places")
    if not isinstance(data, dict):
        raise RuleFileError("rules/places.yaml must be a mapping")
    return data


def _add(gaz: Gazetteer, place: Place, surfaces: list[str], rank: int, settings: dict) -> str:
    """Register a place and its surfaces; a higher-ranked source wins a shared surface."""
    key = place_key(place)
    known = gaz.places.setdefault(key, place)
    if known != place:
        raise RuleFileError(f"places: {key} is both {known} and {place}")
    written = gaz.written.setdefault(key, [])
    for surface in surfaces:
        norm = normalise_surface(surface, settings)
        if not norm:
            raise RuleFileError(f"places: empty surface {surface!r} for {place.name}")
        holder = gaz.surfaces.get(norm)
        if holder is not None and holder != key:
            held_rank = gaz.priority[norm]
            if rank == _FROM_RULES and held_rank == _FROM_RULES:
                raise RuleFileError(
                    f"places: surface {surface!r} names both {holder} and {key}"
                )
            if rank <= held_rank:
                log.debug("places: %r stays %s, not %s", surface, holder, key)
                continue
            gaz.written[holder] = [s for s in gaz.written[holder] if normalise_surface(s, settings) != norm]
        gaz.surfaces[norm] = key
        gaz.priority[norm] = max(rank, gaz.priority.get(norm, rank)) if holder == key else rank
        if surface not in written:
            written.append(surface)
    return key


def _usable(name: str | None) -> bool:
    """pycountry's inverted names ("Korea, Republic of") are not surfaces."""
    return bool(name) and "," not in name and "(" not in name


def _add_countries(gaz: Gazetteer, rules: dict, settings: dict) -> None:
    import pycountry

    overrides = rules.get("countries") or {}
    for country in pycountry.countries:
        extra = overrides.get(country.alpha_2) or {}
        common = getattr(country, "common_name", None)
        name = extra.get("name") or common or country.name
        official = getattr(country, "official_name", None)
        place = Place(name=name, code=country.alpha_2, kind="country")
        _add(gaz, place, [s for s in (name, common, country.name, official) if _usable(s)],
             _FROM_COUNTRIES, settings)
        _add(gaz, place, list(extra.get("aliases") or []), _FROM_RULES, settings)
    unknown = set(overrides) - {c.alpha_2 for c in pycountry.countries}
    if unknown:
        raise RuleFileError(f"places: countries has unknown ISO codes {sorted(unknown)}")


def _subdivision_name(raw: str, suffixes: list[str]) -> str:
    """'Xinjiang Uygur Zizhiqu' -> 'Xinjiang Uygur', 'Gujarāt' -> 'Gujarat'."""
    words = _ascii(raw).split()
    while len(words) > 1 and words[-1] in suffixes:
        words = words[:-1]
    return " ".join(words)


def _add_subdivisions(gaz: Gazetteer, rules: dict, settings: dict) -> None:
    import pycountry

    conf = rules.get("subdivisions") or {}
    skip = set(conf.get("skip") or [])
    overrides = conf.get("overrides") or {}
    suffixes = list(conf.get("strip_suffixes") or [])
    templates = conf.get("type_aliases") or {}
    seen: set[str] = set()
    for country, types in (conf.get("include") or {}).items():
        for sub in pycountry.subdivisions.get(country_code=country) or []:
            if sub.code in skip or sub.type not in types:
                continue
            seen.add(sub.code)
            extra = overrides.get(sub.code) or {}
            short = _subdivision_name(sub.name, suffixes)
            name = extra.get("name") or short
            place = Place(name=name, code=sub.code, kind="subnational")
            generated = [t.format(name=short) for t in templates.get(sub.type, [])]
            own = [name, short] if extra.get("name_is_surface", True) else []
            _add(gaz, place, own + generated, _FROM_SUBDIVISIONS, settings)
            _add(gaz, place, list(extra.get("aliases") or []), _FROM_RULES, settings)
    unused = set(overrides) - seen
    if unused:
        raise RuleFileError(f"places: subdivision overrides for codes not included: {sorted(unused)}")


def _add_places(gaz: Gazetteer, rules: dict, settings: dict) -> None:
    for entry in rules.get("places") or []:
        kind = entry.get("kind")
        if kind not in _KINDS or not entry.get("name") or not entry.get("aliases"):
            raise RuleFileError(f"places: entry needs name, kind in {sorted(_KINDS)} and aliases: {entry}")
        place = Place(name=entry["name"], code=entry.get("code"), kind=kind)
        key = _add(gaz, place, list(entry["aliases"]), _FROM_RULES, settings)
        if entry.get("historic"):
            gaz.historic.add(key)
        if entry.get("case_sensitive"):
            gaz.case_sensitive.add(key)


def _add_demonyms(gaz: Gazetteer, rules: dict, settings: dict) -> None:
    for adjective, target in (rules.get("demonyms") or {}).items():
        key = gaz.surfaces.get(normalise_surface(target, settings))
        if key is None:
            raise RuleFileError(f"places: demonym {adjective!r} points at unknown place {target!r}")
        norm = normalise_surface(adjective, settings)
        holder = gaz.surfaces.get(norm) or gaz.demonyms.get(norm)
        if holder is not None and holder != key:
            raise RuleFileError(f"places: demonym {adjective!r} is {target!r} but also names {holder}")
        if norm in gaz.surfaces:
            continue  # the place pattern already covers it
        gaz.demonyms[norm] = key
        gaz.written_demonyms.setdefault(key, []).append(adjective)


def build_gazetteer(rules: dict[str, Any]) -> Gazetteer:
    """Build every table from parsed rules (the content of rules/places.yaml)."""
    settings = rules.get("normalise") or {}
    gaz = Gazetteer()
    # Hand-made places go in before pycountry so that, e.g., "Federal Republic of
    # Germany" (DE's official name) stays West Germany.
    _add_places(gaz, rules, settings)
    _add_countries(gaz, rules, settings)
    _add_subdivisions(gaz, rules, settings)
    _add_demonyms(gaz, rules, settings)
    return gaz


def gazetteer() -> Gazetteer:
    """The gazetteer built from rules/places.yaml, once per process."""
    return _tables()[0]


@functools.cache
def _tables() -> tuple[Gazetteer, tuple[tuple[str, dict], ...]]:
    """The gazetteer and its ruler patterns, taken from the disk cache while what they are built
    from (rules/places.yaml, this module, pycountry's and spaCy's versions) is unchanged."""
    from importlib.metadata import version

    from .. import models
    from ..cache import cached, source_of
    from ..rules import rules_dir

    def build() -> tuple[Gazetteer, tuple[tuple[str, dict], ...]]:
        gaz = build_gazetteer(_rules())
        return gaz, _build_patterns(gaz)

    inputs = [source_of(str(rules_dir() / "places.yaml")), source_of(__file__),
              source_of(models.__file__),
              version("pycountry"), version("spacy")]
    return cached("places", inputs, build)


def lookup_place(surface: str) -> Place | None:
    """The place a surface names, else None; demonyms are accepted too.

    >>> lookup_place("Britain").code
    'GB'
    >>> lookup_place("Bonn") is None
    True
    """
    gaz = gazetteer()
    norm = normalise_surface(surface)
    key = gaz.surfaces.get(norm) or gaz.demonyms.get(norm)
    return gaz.places[key] if key else None


def demonym_place(adjective: str) -> Place | None:
    """The place a demonym adjective refers to: "Soviet" -> Soviet Union (SU)."""
    gaz = gazetteer()
    norm = normalise_surface(adjective)
    key = gaz.demonyms.get(norm) or gaz.surfaces.get(norm)
    return gaz.places[key] if key else None


def all_surfaces() -> dict[str, Place]:
    """Normalised surface -> Place, for every place surface (not demonyms)."""
    gaz = gazetteer()
    return {norm: gaz.places[key] for norm, key in gaz.surfaces.items()}


@functools.cache
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


def _variants(surface: str) -> list[str]:
    """The written forms a pattern should cover: as written, ASCII-folded, curly apostrophe."""
    forms = [surface, _ascii(surface), surface.replace("'", "’"), _ascii(surface).replace("'", "’")]
    return list(dict.fromkeys(forms))


def _token_patterns(text: str, case_sensitive: bool) -> list[list[dict[str, str]]]:
    """Token patterns for one written form.

    Tokens with two or more capitals ("U.S.", "EC", "NICs") match exactly; in a
    case-sensitive entry every capitalised token does, plus an all-caps copy for headlines.
    """
    tokens = [t.text for t in _tokenizer()(text)]

    def exact(tok: str) -> bool:
        caps = sum(ch.isupper() for ch in tok)
        return caps >= 2 or (case_sensitive and caps >= 1)

    pattern = [{"ORTH": t} if exact(t) else {"LOWER": t.lower()} for t in tokens]
    out = [pattern]
    if case_sensitive:
        upper = [{"ORTH": t.upper()} if exact(t) else {"LOWER": t.lower()} for t in tokens]
        if upper != pattern:
            out.append(upper)
    return out


def _patterns_with_sources() -> tuple[tuple[str, dict], ...]:
    """(written form, pattern) pairs behind place_patterns(); built once."""
    return _tables()[1]


def _build_patterns(gaz: Gazetteer) -> tuple[tuple[str, dict], ...]:
    seen: dict[tuple, str] = {}
    out: list[tuple[str, dict]] = []

    def emit(label: str, key: str, surfaces: list[str], case_sensitive: bool) -> None:
        for surface in surfaces:
            for form in _variants(surface):
                for pattern in _token_patterns(form, case_sensitive):
                    sig = (label, tuple(tuple(sorted(t.items())) for t in pattern))
                    if sig in seen:
                        if seen[sig] != key:
                            raise RuleFileError(f"places: pattern {form!r} names {seen[sig]} and {key}")
                        continue
                    seen[sig] = key
                    out.append((form, {"label": label, "pattern": pattern, "id": key}))

    for key, surfaces in gaz.written.items():
        emit("PLACE", key, surfaces, key in gaz.case_sensitive)
    for key, adjectives in gaz.written_demonyms.items():
        emit("DEMONYM", key, adjectives, True)
    return tuple(out)


def place_patterns() -> list[dict]:
    """EntityRuler/SpanRuler patterns for every place surface (PLACE) and demonym (DEMONYM).

    Each is {"label", "pattern": [token dicts], "id": place key}.
    """
    return [dict(p) for _, p in _patterns_with_sources()]


def same_place(a: Place | None, b: Place | None) -> bool:
    """Both given and the same place: equal codes, else equal names (case-insensitive)."""
    if a is None or b is None:
        return False
    return (a.code is not None and a.code == b.code) or a.name.lower() == b.name.lower()
