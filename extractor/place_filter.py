"""What `extract query facts --region/--counterpart VALUE` means: a place by name or by code.

A value is read as an ISO code (3166-1 "CN", which also takes its subdivisions "CN-XJ"; 3166-2
"CN-XJ") and as a place name the gazetteer knows ("China", "Xinjiang", "EU", "ASEAN", "BRI").
Blocs and groups have no ISO code, so they match by their name. A value that is both, meaning
two places ("EC": Ecuador's code, and the European Community), is refused as ambiguous; a value
that is neither is refused as unknown (InputError, the CLI's exit 2).

>>> resolve_place("Xinjiang")
PlaceFilter(label='Xinjiang Uygur Autonomous Region (CN-XJ)', code='CN-XJ', name=None)
>>> resolve_place("asean")
PlaceFilter(label='ASEAN (bloc)', code=None, name='ASEAN')
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError


@dataclass(frozen=True)
class PlaceFilter:
    """Facts whose place has this ISO code (or is a subdivision of it), or, without a code, this name."""

    label: str
    code: str | None = None
    name: str | None = None


def resolve_place(value: str, option: str = "--region") -> PlaceFilter:
    """The place `value` names (see the module docstring); InputError when unknown or ambiguous."""
    from .normalise.places import lookup_place

    value = value.strip()
    by_code = _iso_code(value)
    place = lookup_place(value)
    by_name = None
    if place is not None:
        by_name = PlaceFilter(f"{place.name} ({place.code})", code=place.code) if place.code else \
            PlaceFilter(f"{place.name} ({place.kind})", name=place.name)
    if by_code and by_name and by_code.code != by_name.code:
        raise InputError(f"{option} {value!r} is ambiguous: the ISO code of {by_code.label}, or {by_name.label}; "
                         "give the place's name instead")
    found = by_code or by_name
    if found is None:
        raise InputError(f"{option} {value!r}: not a place name or ISO 3166 code tradefacts knows "
                         "(countries, subdivisions, blocs such as EU or ASEAN, groups such as BRI)")
    return found


def _iso_code(value: str) -> PlaceFilter | None:
    import pycountry

    code = value.upper()
    if len(code) == 2 and code.isalpha():
        country = pycountry.countries.get(alpha_2=code)
        return PlaceFilter(f"{country.name} ({code})", code=code) if country else None
    if "-" in code:
        sub = pycountry.subdivisions.get(code=code)
        return PlaceFilter(f"{sub.name} ({code})", code=code) if sub else None
    return None
