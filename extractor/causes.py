"""Reasons an article gives for a change: a cue from rules/causes.yaml and the phrase after it."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import regexes
from .prefilter import could_match, literals_of, lowered
from .rules import load_rules


@dataclass(frozen=True)
class CauseMention:
    cue_start: int      # offsets into the sentence text given to find_causes
    start: int
    end: int
    text: str
    cue: str
    rule: str


@functools.cache
def _compiled():
    data = load_rules("causes")
    compiled = [regexes.compile(rf"(?<![\w-]){c['pattern']}(?![\w-])", re.IGNORECASE) for c in data["cues"]]
    cues = list(zip(compiled, literals_of(compiled), data["cues"]))
    return (cues, regexes.compile(data["split_regex"], re.IGNORECASE), regexes.compile(data["stop_regex"]),
            regexes.compile(data["reject_regex"], re.IGNORECASE), regexes.compile(data["forecast_regex"]))


def find_causes(sentence: str) -> list[CauseMention]:
    """Each reason in a sentence, coordinated reasons ("A, as well as B") split apart.

    Reasons given for a forecast ("exports are expected to top $680 billion, helped by ...")
    are not causes of a change that happened, and are left out.

    >>> [c.text for c in find_causes("Growth was partly attributed to new zones, as well as wider markets.")]
    ['new zones', 'wider markets']
    """
    cues, split, stop, _, forecast = _compiled()
    low = lowered(sentence)
    hits = sorted(((m, c) for regex, literals, c in cues if could_match(literals, low) for m in regex.finditer(sentence)),
                  key=lambda h: (h[0].start(), -(h[0].end() - h[0].start())))
    out: list[CauseMention] = []
    covered = -1

    for m, c in hits:
        if m.start() < covered or forecast.search(sentence[:m.start()]):
            continue
        body_start = m.end()
        s = stop.search(sentence, body_start)
        body_end = s.start() if s else len(sentence)
        if not sentence[:m.start()].strip(" \"'(") and "," in sentence[body_start:body_end]:
            # "Thanks to improved land links, road transport carried ...": a fronted reason ends
            # at its comma, where the main clause begins
            body_end = sentence.index(",", body_start)
        covered = body_end
        pos = body_start
        for part in [*split.finditer(sentence, body_start, body_end), None]:
            part_end = part.start() if part else body_end
            _add(out, sentence, pos, part_end, m.start(), c)
            if part:
                pos = part.end()
        # "A, which ..., as well as B": a relative clause ends A, but B still belongs to the cue
        more = split.search(sentence, body_end)
        if s and more and not re.search(r"[;]|\bsaid\b", sentence[body_end:more.start()]):
            tail = stop.search(sentence, more.end())
            _add(out, sentence, more.end(), tail.start() if tail else len(sentence), m.start(), c)
            covered = tail.start() if tail else len(sentence)
    return out


def _add(out, sentence, start, end, cue_start, c) -> None:
    while start < end and sentence[start] in " ,;:":
        start += 1
    while end > start and sentence[end - 1] in " ,;:.":
        end -= 1
    if end - start >= 3 and not _compiled()[3].match(sentence[start:end]):
        out.append(CauseMention(cue_start, start, end, sentence[start:end], c["cue"], c["id"]))
