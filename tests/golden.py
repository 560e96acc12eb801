"""Compare an extractor result with a hand-written expected result, field by field.

`compare(expected, actual, text)` returns human-readable differences; an empty list is a
match. Both sides are contract JSON (`ArticleFacts.model_dump(mode="json")`); the expected
side may leave fields out, and a field absent from it is not compared. The rules:

- facts: every expected fact is paired with exactly one actual fact by best agreement (a
  minimum-cost assignment over the number of differing fields, never by id or order); an
  expected fact with no close actual fact is "missing", an actual fact left over is "extra"
  (precision counts);
- numbers (amounts, growth and share percents) equal within 1e-9; metric, currency, place
  code and kind, period start/end/granularity, growth basis/points exactly; names (place
  names, segment, share `of`, roles, cause text, surface texts) by normalised containment:
  lowercase, punctuation and "the" dropped, either side's words all found in the other.
  A place whose expected code is given and equals the actual code is not compared by name;
- partners: each expected partner matched by code or name, then kind/role; extras are
  differences;
- causes: same cue, containment of text, and fact ids that map to the paired facts;
  extras are differences;
- checks: each expected code + severity present with facts mapping to the paired facts;
  extra actual checks are not differences (checks are findings, many are informational);
- spans: every actual span (fact, partner and cause evidence) satisfies
  text[start:end] == span.text;
- article: title, source, published, reference_basis, language equal when expected.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

ARTICLE_FIELDS = ("title", "source", "published", "reference_basis", "language")
TOLERANCE = Decimal("1e-9")
# Cost of leaving one side of a pair unmatched: a pair differing in at most four fields is
# reported field by field, a worse one as one missing plus one extra fact.
UNMATCHED_COST = 2.5

_DROP = re.compile(r"['\u2019.]")
_NON_WORD = re.compile(r"[\W_]+")


def words(text: str) -> frozenset[str]:
    """Normalised words of a name: "The Province's total." -> {"province", "total"}.

    Lowercase, dots and apostrophes dropped, other punctuation splits words, "the" dropped,
    a plural "s" on words longer than three letters removed.
    """
    out = set()
    for word in _NON_WORD.sub(" ", _DROP.sub("", text.lower())).split():
        if word == "the":
            continue
        out.add(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return frozenset(out)


def names_match(expected: str | None, actual: str | None) -> bool:
    """Both null, or the words of one contain the words of the other."""
    if expected is None or actual is None:
        return expected is None and actual is None
    a, b = words(expected), words(actual)
    if not a or not b:
        return a == b
    return a <= b or b <= a


def numbers_equal(expected: Any, actual: Any) -> bool:
    """Numbers equal within 1e-9 (compared as Decimal); both null is equal too."""
    if expected is None or actual is None:
        return expected is None and actual is None
    try:
        return abs(Decimal(str(expected)) - Decimal(str(actual))) <= TOLERANCE
    except (InvalidOperation, ValueError):
        return False


def _exact(path: str, expected: Any, actual: Any) -> list[str]:
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


def _number(path: str, expected: Any, actual: Any) -> list[str]:
    return [] if numbers_equal(expected, actual) else [f"{path}: expected {expected}, got {actual}"]


def _name(path: str, expected: Any, actual: Any) -> list[str]:
    return [] if names_match(expected, actual) else [f"{path}: expected {expected!r}, got {actual!r}"]


# How each sub-object's fields are compared: field -> comparator.
_FIELD_RULES = {
    "place": {"name": _name, "code": _exact, "kind": _exact},
    "period": {"start": _exact, "end": _exact, "granularity": _exact, "text": _name},
    "money": {"amount": _number, "currency": _exact, "approximate": _exact, "text": _name},
    "growth": {"percent": _number, "basis": _exact, "points": _exact, "text": _name},
    "share": {"percent": _number, "of": _name, "text": _name},
}


def _object(path: str, kind: str, expected: dict | None, actual: dict | None) -> list[str]:
    """Compare one optional sub-object on the fields the expected side gives."""
    if expected is None or actual is None:
        return [] if expected is actual else [f"{path}: expected {expected!r}, got {actual!r}"]
    rules = _FIELD_RULES[kind]
    if kind == "place" and expected.get("code") and expected.get("code") == actual.get("code"):
        rules = {k: v for k, v in rules.items() if k != "name"}
    diffs = []
    for field, value in expected.items():
        rule = rules.get(field)
        if rule is not None:
            diffs += rule(f"{path}.{field}", value, actual.get(field))
    return diffs


def _equivalents(path: str, expected: list[dict], actual: list[dict]) -> list[str]:
    """Each expected equivalent matched by amount and currency; leftovers are differences."""
    diffs, left = [], list(actual)
    for exp in expected:
        hit = next(
            (a for a in left
             if numbers_equal(exp.get("amount"), a.get("amount"))
             and exp.get("currency", a.get("currency")) == a.get("currency")),
            None,
        )
        if hit is None:
            diffs.append(f"{path}: missing {exp.get('amount')} {exp.get('currency')}")
            continue
        left.remove(hit)
        diffs += _object(path, "money", exp, hit)
    diffs += [f"{path}: extra {a.get('amount')} {a.get('currency')}" for a in left]
    return diffs


def _evidence(path: str, expected: list[dict], actual: list[dict]) -> list[str]:
    """Each expected evidence item found among the actual spans (text, and offsets if given)."""
    diffs = []
    for exp in expected:
        if not any(all(a.get(k) == v for k, v in exp.items() if k in ("start", "end", "text"))
                   for a in actual):
            diffs.append(f"{path}: no span {exp!r}")
    return diffs


def fact_differences(expected: dict, actual: dict) -> list[str]:
    """Differences between one expected and one actual fact (fields absent from expected skipped)."""
    diffs: list[str] = []
    for field, value in expected.items():
        got = actual.get(field)
        if field in ("id", "confidence"):
            continue
        if field == "metric":
            diffs += _exact(field, value, got)
        elif field in ("region", "counterpart"):
            diffs += _object(field, "place", value, got)
        elif field == "segment":
            diffs += _name(field, value, got)
        elif field == "period":
            diffs += _object(field, "period", value, got)
        elif field == "value":
            diffs += _object(field, "money", value, got)
        elif field in ("growth", "share"):
            diffs += _object(field, field, value, got)
        elif field == "equivalents":
            diffs += _equivalents(field, value or [], got or [])
        elif field == "evidence":
            diffs += _evidence(field, value or [], got or [])
        else:
            diffs += _exact(field, value, got)
    return diffs


def assign(cost: list[list[float]]) -> list[int]:
    """Minimum-cost assignment of rows to columns of a square matrix (Hungarian method).

    >>> assign([[4, 1], [2, 3]])
    [1, 0]
    """
    n = len(cost)
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (n + 1)
    match, way = [0] * (n + 1), [0] * (n + 1)  # match[col] = row, 1-based; 0 = free
    for row in range(1, n + 1):
        match[0], col0 = row, 0
        minv, used = [inf] * (n + 1), [False] * (n + 1)
        while True:
            used[col0] = True
            r0, delta, col1 = match[col0], inf, 0
            for col in range(1, n + 1):
                if not used[col]:
                    cur = cost[r0 - 1][col - 1] - u[r0] - v[col]
                    if cur < minv[col]:
                        minv[col], way[col] = cur, col0
                    if minv[col] < delta:
                        delta, col1 = minv[col], col
            for col in range(n + 1):
                if used[col]:
                    u[match[col]] += delta
                    v[col] -= delta
                else:
                    minv[col] -= delta
            col0 = col1
            if match[col0] == 0:
                break
        while col0:
            col1 = way[col0]
            match[col0] = match[col1]
            col0 = col1
    result = [0] * n
    for col in range(1, n + 1):
        result[match[col] - 1] = col - 1
    return result


def pair_facts(expected: list[dict], actual: list[dict]) -> list[tuple[int | None, int | None]]:
    """Pairs (expected index, actual index) by best agreement; None marks an unmatched side."""
    n, m = len(expected), len(actual)
    size = n + m
    if size == 0:
        return []
    cost = [[0.0] * size for _ in range(size)]
    for i in range(size):
        for j in range(size):
            if i < n and j < m:
                cost[i][j] = len(fact_differences(expected[i], actual[j]))
            elif i < n or j < m:
                cost[i][j] = UNMATCHED_COST
    pairs = []
    for i, j in enumerate(assign(cost)):
        if i < n or j < m:
            pairs.append((i if i < n else None, j if j < m else None))
    return pairs


def _describe(fact: dict) -> str:
    """A one-line summary of a fact for messages."""
    region = (fact.get("region") or {}).get("name")
    counterpart = (fact.get("counterpart") or {}).get("name")
    period = fact.get("period") or {}
    parts = [str(fact.get("id")), str(fact.get("metric")), str(region)]
    if counterpart:
        parts.append(f"with {counterpart}")
    if fact.get("segment"):
        parts.append(f"[{fact['segment']}]")
    if period:
        parts.append(f"{period.get('start')}..{period.get('end')}")
    for key, sub in (("value", "amount"), ("growth", "percent"), ("share", "percent")):
        if fact.get(key):
            parts.append(f"{key}={fact[key].get(sub)}")
    return " ".join(parts)


def _spans(actual: dict, text: str) -> list[str]:
    diffs = []
    for section in ("facts", "partners", "causes"):
        for item in actual.get(section) or []:
            for span in item.get("evidence") or []:
                start, end = span.get("start"), span.get("end")
                if not (isinstance(start, int) and isinstance(end, int)
                        and 0 <= start <= end <= len(text)) or text[start:end] != span.get("text"):
                    got = text[start:end] if isinstance(start, int) and isinstance(end, int) else None
                    diffs.append(f"{section} {item.get('id') or item.get('name') or item.get('cue')}: span {start}:{end} "
                                 f"says {span.get('text')!r} but the text there is {got!r}")
    return diffs


def _partners(expected: list[dict], actual: list[dict]) -> list[str]:
    diffs, left = [], list(actual)
    for exp in expected:
        hit = next((a for a in left if exp.get("code") and exp.get("code") == a.get("code")), None)
        hit = hit or next((a for a in left if names_match(exp.get("name"), a.get("name"))), None)
        if hit is None:
            diffs.append(f"missing partner {exp.get('name')} ({exp.get('code')})")
            continue
        left.remove(hit)
        label = f"partner {exp.get('name')}"
        if "kind" in exp:
            diffs += _exact(f"{label}.kind", exp["kind"], hit.get("kind"))
        if "role" in exp:
            diffs += _name(f"{label}.role", exp["role"], hit.get("role"))
    diffs += [f"extra partner {a.get('name')} ({a.get('code')}, role {a.get('role')!r})" for a in left]
    return diffs


def _cue(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _causes(expected: list[dict], actual: list[dict], id_map: dict[str, str | None]) -> list[str]:
    diffs, left = [], list(actual)
    for exp in expected:
        wanted = {id_map.get(f) for f in exp.get("facts", [])}
        alike = [a for a in left
                 if _cue(a.get("cue")) == _cue(exp.get("cue")) and names_match(exp.get("text"), a.get("text"))]
        hit = next((a for a in alike if "facts" not in exp or set(a.get("facts") or []) == wanted), None)
        if hit is not None:
            left.remove(hit)
        elif alike:
            left.remove(alike[0])
            diffs.append(f"cause {exp.get('cue')} {exp.get('text')!r}: facts expected {exp.get('facts')} "
                         f"(actual ids {sorted(map(str, wanted))}), got {alike[0].get('facts')}")
        else:
            diffs.append(f"missing cause {exp.get('cue')} {exp.get('text')!r} for {exp.get('facts')}")
    diffs += [f"extra cause {a.get('cue')} {a.get('text')!r} for {a.get('facts')}" for a in left]
    return diffs


def _checks(expected: list[dict], actual: list[dict], id_map: dict[str, str | None]) -> list[str]:
    diffs = []
    for exp in expected:
        wanted = {id_map.get(f) for f in exp.get("facts", [])}
        if not any(a.get("code") == exp.get("code") and a.get("severity") == exp.get("severity")
                   and ("facts" not in exp or set(a.get("facts") or []) == wanted) for a in actual):
            got = [(a.get("code"), a.get("severity"), a.get("facts")) for a in actual]
            diffs.append(f"missing check {exp.get('code')}/{exp.get('severity')} on {exp.get('facts')} "
                         f"(actual ids {sorted(map(str, wanted))}); actual checks: {got}")
    return diffs


def compare(expected: dict, actual: dict, text: str) -> list[str]:
    """Differences between an expected and an actual contract result for `text`; [] = match."""
    diffs = _spans(actual, text)
    exp_article, act_article = expected.get("article") or {}, actual.get("article") or {}
    for field in ARTICLE_FIELDS:
        if field in exp_article:
            diffs += _exact(f"article.{field}", exp_article[field], act_article.get(field))

    exp_facts, act_facts = expected.get("facts"), actual.get("facts") or []
    id_map: dict[str, str | None] = {}
    if exp_facts is not None:
        for i, j in pair_facts(exp_facts, act_facts):
            if i is None:
                diffs.append(f"extra fact: {_describe(act_facts[j])}")
            elif j is None:
                diffs.append(f"missing fact: {_describe(exp_facts[i])}")
            else:
                id_map[exp_facts[i].get("id")] = act_facts[j].get("id")
                label = f"fact {exp_facts[i].get('id')} (actual {act_facts[j].get('id')})"
                diffs += [f"{label}: {d}" for d in fact_differences(exp_facts[i], act_facts[j])]

    if "partners" in expected:
        diffs += _partners(expected["partners"], actual.get("partners") or [])
    if "causes" in expected:
        diffs += _causes(expected["causes"], actual.get("causes") or [], id_map)
    if "checks" in expected:
        diffs += _checks(expected["checks"], actual.get("checks") or [], id_map)
    return diffs
