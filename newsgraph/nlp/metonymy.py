"""The same word, two readings: `Moscow has discussed` is Russia's government acting; `in Moscow` is the
place. Decided by the mention's role in its sentence (the dependency parse), for countries and capitals.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

# Verbs whose object or from/to-phrase is somewhere one goes, not someone one deals with.
MOTION_VERBS = frozenset({
    "visit", "enter", "leave", "tour", "reach", "cross", "travel", "fly", "arrive", "return", "flee", "depart",
    "exit", "land", "come", "go", "move", "head", "drive", "sail", "walk", "march", "relocate", "evacuate",
    "escape", "deport", "send", "ship", "export", "import", "transfer", "bring", "take", "carry", "transport",
    "smuggle", "extend", "stretch", "lie", "live", "stay", "remain", "base", "locate", "hold", "host",
    # what happens to ground, not to a government: `the storm hit Paris`, `shells struck Kharkiv`
    "hit", "strike", "bomb", "shell", "invade", "occupy", "flood", "rock", "shake", "lash", "batter",
    "devastate", "damage", "pound", "raid", "besiege", "capture", "seize", "annex", "liberate", "cover",
})
# Prepositions whose object is a location.
PLACE_PREPOSITIONS = frozenset({
    "in", "at", "near", "across", "inside", "throughout", "into", "outside", "around", "within", "on",
    "over", "beyond", "along", "via", "through", "off", "onto", "behind", "under", "above", "below", "beside", "opposite", "past",
})
# Prepositions whose object is a party one deals with.
PARTY_PREPOSITIONS = frozenset({"with", "against", "by", "for", "versus", "vs.", "including"})
# Heads that make a possessor a place: `Russia's Far East`, `Ukraine's border`.
GEOGRAPHIC_NOUNS = frozenset({
    "border", "borders", "territory", "territories", "region", "regions", "coast", "capital", "city", "cities",
    "east", "west", "north", "south", "northeast", "northwest", "southeast", "southwest", "soil", "airspace",
    "waters", "province", "provinces", "countryside", "frontier", "interior", "mainland", "island", "islands",
    "people", "population", "citizens", "residents", "economy", "history", "climate", "weather", "streets",
})


def is_agent(span: Span) -> bool:
    """True when a country or capital name in `span` acts (government reading), False for the place."""
    return _acts(span.root, depth=0)


def _acts(token: Token, depth: int) -> bool:
    dep = token.dep_
    head = token.head
    if dep in ("conj", "appos") and head is not token and depth < 4:
        return _acts(head, depth + 1)       # `Russia and China signed`: as the first conjunct goes
    if dep in ("nsubj", "nsubjpass", "csubj"):
        return not _is_copula_description(head)
    if dep in ("dobj", "dative", "obj", "iobj"):
        return head.lemma_.lower() not in MOTION_VERBS
    if dep == "pobj":
        return _object_of_preposition(head)
    if dep == "poss":
        return head.lower_ not in GEOGRAPHIC_NOUNS and head.ent_type_ not in ("GPE", "LOC", "FAC")
    if dep == "ROOT" and token.i + 1 < len(token.doc) and token.nbor().lemma_ in ("say", "tell"):
        return True
    return False


def _object_of_preposition(prep: Token) -> bool:
    word = prep.lower_
    if prep.dep_ == "agent" or word == "by":
        return True
    if word == "to" and prep.head.lower_ == "according":
        return True                          # `according to Moscow`
    if word in PARTY_PREPOSITIONS:
        return True
    if word in ("between", "among"):
        return prep.head.lower_ not in GEOGRAPHIC_NOUNS     # `talks between Russia and China`
    if word in ("from", "to", "toward", "towards"):
        governor = prep.head
        return governor.lemma_.lower() not in MOTION_VERBS and governor.lower_ not in ("way", "road", "route", "flight", "trip", "journey", "visit")
    return False                             # in, at, of, near, ...: the place, or a description


def _is_copula_description(verb: Token) -> bool:
    """`Russia is the largest country`, `Paris has 25,000 residents`: a subject described, not acting."""
    if verb.lemma_ == "have":   # possession, not an auxiliary the parser left as the root
        deps = {c.dep_ for c in verb.children}
        return "dobj" in deps and not deps & {"xcomp", "ccomp", "advcl"}
    return verb.lemma_ == "be" and any(c.dep_ in ("attr", "acomp") for c in verb.children)
