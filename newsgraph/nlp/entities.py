"""Names -> clusters of mentions, inside one article: the first step of actor resolution (actors.py).

Groups the mentions of one name: a full name with its surname and `Mr. X` (`Kim Jong-un`, `Mr. Kim`,
`Kim`), and case variants of the same name (`Tass`, `TASS`). Titles, roles, metonymy and codes are
actors.py's.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan

from newsgraph.nlp.components import HONORIFICS


@dataclass
class Cluster:
    key: str
    mentions: list[SpacySpan] = field(default_factory=list)

    def labels(self) -> Counter:
        return Counter(m.label_ for m in self.mentions)


def name_parts(span: SpacySpan) -> list[str]:
    """The words of a name without an honorific: `Mr. Kim` -> [`Kim`]; hyphenated parts stay whole."""
    words = span.text.split()
    while words and words[0] in HONORIFICS:
        words = words[1:]
    if words and words[-1] in ("'s", "’s"):
        words = words[:-1]
    return [w.removesuffix("'s").removesuffix("’s") for w in words]


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def cluster_people(mentions: list[SpacySpan]) -> list[Cluster]:
    """Full names first; then each one-word mention joins the full name it is a part of.

    A surname is usually a full name's last word, but in Korean, Chinese and Hungarian names it is the
    first (`Mr. Kim` for Kim Jong-un), so the last word is tried first, then the first. A one-word name
    that fits several full names joins the one mentioned most recently before it."""
    full: dict[str, Cluster] = {}
    for m in mentions:
        parts = name_parts(m)
        if len(parts) >= 2:
            key = _normal(" ".join(parts))
            full.setdefault(key, Cluster(key)).mentions.append(m)
    single: dict[str, Cluster] = {}
    for m in mentions:
        parts = name_parts(m)
        if len(parts) != 1:
            continue
        word = parts[0].casefold()
        owner = (_owner(full.values(), m, lambda p: p[-1].casefold() == word)
                 or _owner(full.values(), m, lambda p: p[0].casefold() == word))
        if owner is None:
            owner = single.setdefault(word, Cluster(word))
        owner.mentions.append(m)
    return list(full.values()) + list(single.values())


def _owner(clusters, mention: SpacySpan, fits) -> Cluster | None:
    candidates = [c for c in clusters if fits(name_parts(c.mentions[0]))]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    before = [c for c in candidates if c.mentions[0].start_char < mention.start_char]
    if not before:
        return None
    return max(before, key=lambda c: max(m.start_char for m in c.mentions if m.start_char < mention.start_char))


def cluster_by_name(mentions: list[SpacySpan], same=None) -> list[Cluster]:
    """Case variants of one name are one thing (`Tass`, `TASS`); so are its different labels, which the
    entity repairs have already made consistent where most mentions agree. `same(mention)` may give a
    key that joins different names of one thing (`US`, `United States`)."""
    clusters: dict[str, Cluster] = defaultdict(lambda: Cluster(""))
    for m in mentions:
        key = (same(m) if same else None) or _normal(m.text)
        cluster = clusters[key]
        cluster.key = key
        cluster.mentions.append(m)
    return list(clusters.values())


def canonical_name(cluster: Cluster) -> str:
    """The longest form (a full name over a surname), then the most frequent; an all-capitals form of a
    short name wins a tie, since it is the acronym's usual spelling (`TASS` over `Tass`)."""
    forms = Counter(" ".join(name_parts(m)) for m in cluster.mentions)
    forms.pop("", None)
    if not forms:
        return cluster.mentions[0].text
    longest = max(len(f.split()) for f in forms)
    candidates = [(n, f) for f, n in forms.items() if len(f.split()) == longest]
    return max(candidates, key=lambda nf: (nf[0], nf[1].isupper() and len(nf[1]) <= 6))[1]
