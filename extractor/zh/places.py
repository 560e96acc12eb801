"""Chinese place and group names to English Places, longest name first.

Countries and China's subdivisions come from pycountry's zh_CN locale data; rules/zh/places.yaml
adds short forms, cities, ports and groups.
"""
from __future__ import annotations

import functools
import gettext
import re
from dataclasses import dataclass

from ..models import Place
from ..rules import load_rules

_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")


@dataclass(frozen=True)
class PlaceHit:
    start: int
    end: int
    place: Place
    short: bool = False  # a one-character form ("对美出口"): only counts as a counterpart
    domestic: bool = False  # a group of China's own provinces ("京津冀"): an economy that reports


def _english_subdivision(name: str) -> str:
    """'Xinjiang Uygur Zizhiqu' -> 'Xinjiang', 'Hebei Sheng' -> 'Hebei'."""
    return re.sub(r"\s+(?:Uygur|Zhuangzu|Huizu)?\s*(?:Sheng|Shi|Zizhiqu|SAR)$", "", name).strip()


@functools.cache
def _table() -> tuple[dict[str, Place], dict[str, Place], re.Pattern, re.Pattern]:
    import pycountry

    data = load_rules("zh/places")
    names: dict[str, Place] = {}
    countries = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    for c in pycountry.countries:
        zh = countries.gettext(c.name)
        if zh != c.name:
            english = getattr(c, "common_name", None) or c.name
            names[zh] = Place(name=english, code=c.alpha_2, kind="country")
    subs = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    for s in pycountry.subdivisions.get(country_code="CN"):
        zh = subs.gettext(s.name)
        english = data["english"].get(s.code) or _english_subdivision(s.name)
        place = Place(name=english, code=s.code, kind="subnational")
        if zh != s.name:
            names[zh] = place
            for suffix in _SUFFIXES:
                if zh.endswith(suffix) and len(zh) - len(suffix) >= 2:
                    names.setdefault(zh[: -len(suffix)], place)
                    break
    for zh, (english, code) in data["provinces_short"].items():
        names[zh] = Place(name=english, code=code, kind="subnational" if code.startswith("CN-") else "city")
    for zh, (english, code) in data["cities"].items():
        names[zh] = names.get(zh) or Place(name=english, code=None, kind="city")
        names.setdefault(zh + "市", names[zh])
    # every other city of China (rules/zh/cities.yaml, generated); a province's name stays the province's
    for zh, (english, code, level) in load_rules("zh/cities")["cities"].items():
        city = Place(name=english, code=None, kind="city")
        if level == "prefecture" and zh not in data["bare_words"]:
            names.setdefault(zh, city)  # county-level cities only as "…市": their bare names are often words
        names.setdefault(zh + "市", city)
    for zh, (english, code) in data["ports"].items():
        names[zh] = Place(name=english, code=None, kind="port")
    for zh, (english, code, kind) in data["entries"].items():
        names[zh] = Place(name=english, code=code, kind=kind)
    short = {zh: Place(name=e, code=c, kind=k) for zh, (e, c, k) in data["short"].items()}
    # "…市" is no city in "…市场" (a market): "潍坊市场" is 潍坊 and 市场
    full = re.compile("|".join(re.escape(n) + ("(?!场)" if n.endswith("市") else "")
                               for n in sorted(names, key=len, reverse=True)))
    brief = re.compile("(?<=[对自与中])(?:" + "|".join(re.escape(n) for n in sorted(short, key=len, reverse=True))
                       + ")(?=[出进贸双经])")
    return names, short, full, brief


@functools.cache
def _domestic() -> frozenset[str]:
    return frozenset(load_rules("zh/places")["domestic_groups"])


def find_places(text: str) -> list[PlaceHit]:
    """Every place or group named in `text`, left to right, longest match.

    >>> [h.place.name for h in find_places("新疆对中亚五国进出口")]
    ['Xinjiang', 'Central Asia']
    """
    names, short, full, brief = _table()
    domestic = _domestic()
    hits = [PlaceHit(m.start(), m.end(), names[m.group()], domestic=m.group() in domestic) for m in full.finditer(text)]
    taken = [(h.start, h.end) for h in hits]
    for m in brief.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            hits.append(PlaceHit(m.start(), m.end(), short[m.group()], short=True))
    return sorted(hits, key=lambda h: h.start)
