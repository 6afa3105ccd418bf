"""Actors: the entities of one article with who they are — role, country, sector, CAMEO code — and every
mention of them: names, `Mr. X`, titles used as names (`the North Korean leader`), and capitals or
countries acting for their government (`Moscow has discussed` is Russia's government; `in Moscow` is
the place).

The codes follow the CAMEO actor conventions: a country code (ISO alpha-3) then a sector (`RUSGOV`,
`USAMIL`), an IGO code (`IGOUNO`), or a region (`WST`). Everything known about names, titles and
organisations comes from the lexicon (data files a user can extend); this module holds the rules.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as SpacySpan, Token

from newsgraph.nlp.components import HONORIFICS, NAME_LABELS
from newsgraph.nlp.gazetteer import city_country
from newsgraph.nlp.entities import Cluster, canonical_name, cluster_by_name, cluster_people
from newsgraph.nlp.lexicon import Lexicon
from newsgraph.nlp.metonymy import is_agent
from newsgraph.records import Article, Entity, Span, record_id

COMPONENT = "newsgraph.actors.v1"

# Sectors of state institutions: `the Defense Ministry` with no country named belongs to the story's country.
STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})
# Titles that a generic `leader` or `head of state` can stand for.
HEAD_ROLES = frozenset({"president", "leader", "head of state", "head of government", "king", "queen", "emir",
                        "prime minister", "premier", "chancellor", "supreme leader", "sultan", "monarch"})
# Nouns after a name that make it a facility: `the Vostochny cosmodrome`.
FACILITY_NOUNS = frozenset({"cosmodrome", "spaceport", "airport", "airbase", "airfield", "port", "harbour",
                            "harbor", "shipyard", "dam", "bridge", "base", "camp", "prison", "plant", "refinery",
                            "mine", "stadium", "square", "palace"})
# Last words that make a name read as a person's a place named after one (`Kim Il Sung Square`).
PLACE_NAME_HEADS = frozenset({"street", "avenue", "boulevard", "road", "park", "hall", "tower", "station",
                              "university", "hospital", "school", "mosque", "church", "cathedral", "temple",
                              "museum", "memorial", "center", "centre", "building", "house"})
# `the government` and its kin stand for the government of the country in question.
GOVERNMENT_NOUNS = frozenset({"government", "administration", "cabinet", "regime", "junta"})
GENERIC_HEADS = frozenset({"leader", "head of state", "head of government"})
# Words that may stand between a title and the name it qualifies: `Russian Defense Minister Sergei Shoigu`.
TITLE_POS = frozenset({"NOUN", "PROPN", "ADJ"})


@dataclass
class Title:
    role: str
    sector: str | None
    country: str | None
    cameo: str | None = None      # an organisation's own code, for its officials (`UN Secretary-General` -> IGOUNO)


@dataclass
class Actor:
    cluster: Cluster
    nominals: list[SpacySpan] = field(default_factory=list)
    titles: list[Title] = field(default_factory=list)
    government_of: str | None = None  # country code, for `Russia (government)`
    sector: str | None = None         # for a government actor: GOV, or MIL for `the Pentagon`

    @property
    def mentions(self) -> list[SpacySpan]:
        return sorted(self.cluster.mentions + self.nominals, key=lambda s: (s.start_char, s.end_char))

    def last_before(self, char: int) -> int:
        return max((m.start_char for m in self.mentions if m.start_char < char), default=-1)


def find_actors(doc: Doc, article: Article, lexicon: Lexicon) -> list[Entity]:
    names = [e for e in doc.ents if e.label_ in NAME_LABELS and not _portfolio(e, lexicon)]
    names = sorted([_relabelled(n, lexicon) for n in names] + _missed_demonyms(doc, lexicon), key=lambda s: s.start)
    names = _towns_in_context(names, article, lexicon)
    governments: dict[tuple[str, str], list[SpacySpan]] = {}
    others = []
    for span in names:
        acting = _government_reading(span, lexicon)
        if acting:
            governments.setdefault(acting, []).append(span)
        else:
            others.append(span)
    context = story_country(doc, article, lexicon)
    people = [Actor(c) for c in cluster_people([m for m in others if m.label_ == "PERSON"])]
    things = [Actor(c) for c in cluster_by_name([m for m in others if m.label_ != "PERSON"],
                                                 same=lambda m: _country_key(m, lexicon))]
    states = [Actor(Cluster(f"{code} {sector}", spans), government_of=code, sector=sector)
              for (code, sector), spans in governments.items()]
    for person in people:
        person.titles = [t for m in person.cluster.mentions if (t := person_title(m, lexicon, context))]
    taken = {(m.start_char, m.end_char) for m in names}
    people += _attach_nominals(doc, people, things, states, lexicon, taken, context)
    entities = [_entity(a, article.id, lexicon, context) for a in people + things + states]
    return sorted(entities, key=lambda e: (e.mentions[0].start, e.mentions[0].end))


def _relabelled(span: SpacySpan, lexicon: Lexicon) -> SpacySpan:
    """A `person` the lexicon knows better: a capital (`Kyiv`) is a place, `X Wire` an organisation.
    Country names that are also first names (Chad, Georgia, Jordan) are left as the model read them."""
    doc = span.doc
    if span.label_ in ("ORG", "PERSON") and span.end < len(doc) and doc[span.end].lower_ in FACILITY_NOUNS:
        return SpacySpan(doc, span.start, span.end, label="FAC")   # `Vostochny cosmodrome`, `Knievichi air base`
    if span.label_ == "PERSON" and len(span) > 1 and span[-1].lower_ in FACILITY_NOUNS | PLACE_NAME_HEADS:
        return SpacySpan(doc, span.start, span.end, label="FAC")   # `Kim Il Sung Square` is no person
    if span.label_ != "PERSON" or span[0].text in HONORIFICS:
        return span
    if lexicon.country_by_capital(span.text):
        return SpacySpan(span.doc, span.start, span.end, label="GPE")
    if lexicon.org_sector(span.text) and span[-1].pos_ in ("PROPN", "NOUN"):
        return SpacySpan(span.doc, span.start, span.end, label="ORG")
    return span


# Words before a name that make it a place: `in Taiz`, `the port of Hodeidah`, `left Vilnius`.
LOCATIVE_WORDS = frozenset({"in", "at", "near", "around", "outside", "from", "into", "across", "toward", "towards"})
PLACE_HEADS = frozenset({"port", "city", "town", "village", "capital", "region", "province", "district"})


def _towns_in_context(names: list[SpacySpan], article: Article, lexicon: Lexicon) -> list[SpacySpan]:
    """The small model tags some towns as ORG or PERSON (`in Taiz`, `(Vilnius)`). A name the gazetteer
    knows as a town, seen once where only a place fits (after `in`, as the dateline), is a place in
    every mention."""
    towns = set()
    for span in names:
        if span.label_ not in ("ORG", "PERSON") or lexicon.organisation(span.text) or span[0].text in HONORIFICS:
            continue
        prev = span.doc[span.start - 1] if span.start > 0 else None
        locative = prev is not None and (prev.lower_ in LOCATIVE_WORDS
                                         or prev.lower_ == "of" and prev.head.lower_ in PLACE_HEADS)
        if (locative or span.text == article.dateline) and city_country(span.text, mentioned_countries(
                span.doc, lexicon)):
            towns.add(span.text)
    if not towns:
        return names
    return [SpacySpan(s.doc, s.start, s.end, label="GPE") if s.text in towns and s.label_ in ("ORG", "PERSON") else s
            for s in names]


def _country_key(span: SpacySpan, lexicon: Lexicon) -> str | None:
    """`US`, `U.S.` and `the United States` are one country."""
    if span.label_ == "GPE" and (country := lexicon.country_by_name(span.text)):
        return f"country {country.code}"
    return None


def _missed_demonyms(doc: Doc, lexicon: Lexicon) -> list[SpacySpan]:
    """Capitalised demonyms the model left untagged (`Western` in `Western fears`)."""
    out = []
    for token in doc:
        if token.ent_type_ or not token.is_title or token.pos_ not in ("ADJ", "PROPN") or token.is_sent_start:
            continue
        if lexicon.country_by_demonym(token.text) or lexicon.region(token.text):
            out.append(SpacySpan(doc, token.i, token.i + 1, label="NORP"))
    return out


def _portfolio(span: SpacySpan, lexicon: Lexicon) -> bool:
    """`Defense` in `Russian Defense Minister`: the small model tags the portfolio of a title as an ORG."""
    doc = span.doc
    if span.label_ != "ORG" or span.end >= len(doc) or lexicon.organisation(span.text):
        return False
    title = lexicon.title(f"{span.text} {doc[span.end].text}")
    return title is not None and lexicon.title(span.text) is None and doc[span.end].is_title


# --- metonymy ------------------------------------------------------------------------------------

def _government_reading(span: SpacySpan, lexicon: Lexicon) -> tuple[str, str] | None:
    """(country, sector) when the mention stands for a government acting, else None."""
    if span.label_ in ("ORG", "FAC", "GPE"):
        metonym = lexicon.government_metonym(span.text)
        if metonym:                       # `the Kremlin`, `the Pentagon`: a government whatever the syntax
            country, sector = metonym
            return country.code, sector
    if span.label_ != "GPE":
        return None
    country = lexicon.country_by_name(span.text) or lexicon.country_by_capital(span.text)
    if country and is_agent(span):
        return country.code, "GOV"
    return None


# --- titles --------------------------------------------------------------------------------------

def person_title(name: SpacySpan, lexicon: Lexicon, context: str | None = None) -> Title | None:
    """The title the text gives a person: before the name (`Russian Defense Minister Sergei Shoigu`), in
    an apposition after it (`Dmitri Peskov, the Kremlin spokesman`) or before it (`the commander of the
    navy, Admiral X`)."""
    doc = name.doc
    start = name.start
    while start > name.sent.start and (doc[start - 1].pos_ in TITLE_POS or doc[start - 1].text in ("-", "'s", "’s")) \
            and doc[start - 1].ent_type_ != "PERSON" and doc[start - 1].ent_type_ not in ("DATE", "TIME", "CARDINAL"):
        start -= 1
    found = _title_in(doc[start:name.start], lexicon, context) if start < name.start else None
    if found:
        return found
    root = name.root
    for child in root.children:
        if child.dep_ == "appos":
            found = _title_in(doc[child.left_edge.i:child.right_edge.i + 1], lexicon, context)
            if found:
                return found
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        head = root.head
        words = [t for t in head.subtree if not (name.start <= t.i < name.end) and t.i < name.start]
        if words:
            return _title_in(doc[words[0].i:words[-1].i + 1], lexicon, context)
    return None


def _title_in(words: SpacySpan, lexicon: Lexicon, context: str | None = None) -> Title | None:
    entry = lexicon.title(words.text)
    if entry is None:
        return None
    country, sector, cameo, other_org = _affiliation(words, lexicon)
    if other_org:
        return Title(entry.title, sector, country, cameo)
    if sector is None or sector == "GOV" and entry.sector not in (None, "GOV"):
        sector = entry.sector
    if country is None and cameo is None and sector and sector[:3] in STATE_SECTORS:
        country = context   # `Prime Minister Abiy Ahmed` in a story about Ethiopia
    return Title(entry.title, sector, country, cameo)


def _affiliation(words: SpacySpan, lexicon: Lexicon) -> tuple[str | None, str | None, str | None, bool]:
    """Country, sector and code from the names inside a title: a demonym or country (`Russian`), a
    known organisation (`UN`, `Hamas`), a government metonym (`Kremlin`); and whether an organisation
    of another kind is named there (`Airbus spokesman`, `the company's president`), whose officials are
    not a government's."""
    country = sector = cameo = None
    other_org = False
    for ent in words.ents or [words]:
        text = ent.text
        metonym = lexicon.government_metonym(text)
        org = lexicon.organisation(text)
        place = lexicon.country_by_demonym(text) or lexicon.country_by_name(text)
        if metonym:
            country, sector = metonym[0].code, metonym[1]
        elif org:
            country = country or org.country
            sector, cameo = org.sector, org.cameo_code
        elif place and ent is not words:
            country = country or place.code
        elif ent is not words and ent.label_ in ("ORG", "FAC", "PRODUCT") and not _portfolio(ent, lexicon):
            other_org = True
            sector = sector or lexicon.org_sector(text)
    for token in words:
        if token.ent_type_:
            continue
        if country is None and (place := lexicon.country_by_demonym(token.text)):
            country = place.code
        if token.dep_ in ("poss", "compound") and token.pos_ == "NOUN" and lexicon.org_sector(token.text):
            # `the firm's president`, `the company president`
            other_org = True
            sector = sector or lexicon.org_sector(token.text)
    return country, sector, cameo, other_org


# --- nominal mentions ------------------------------------------------------------------------------

def _attach_nominals(doc: Doc, people: list[Actor], things: list[Actor], states: list[Actor], lexicon: Lexicon,
                     taken: set[tuple[int, int]], context: str | None) -> list[Actor]:
    """`the North Korean leader` joins Kim Jong-un when the text earlier called him so; a title naming
    nobody known becomes an actor of its own (`the Russian regional governor`); `the ministry` joins the
    ministry named before."""
    unnamed: list[Actor] = []
    for span, title in _title_phrases(doc, lexicon, context):
        if (span.start_char, span.end_char) in taken:
            continue
        owner = _person_for(span, title, people)
        if owner:
            owner.nominals.append(span)
            continue
        same = [a for a in unnamed if a.titles[0].role == title.role and a.titles[0].country == title.country]
        if same:
            same[0].nominals.append(span)
        else:
            unnamed.append(Actor(Cluster(span.text.casefold(), []), nominals=[span], titles=[title]))
    # the head word of each organisation's name, once (`the ministry` -> `... Ministry`)
    org_heads = [(a, canonical_name(a.cluster).split()[-1].casefold()) for a in things
                 if a.cluster.mentions[0].label_ == "ORG"]
    for span in _definite_heads(doc):
        if span.root.lower_ in GOVERNMENT_NOUNS:
            _attach_government(span, states, context)
            continue
        owner = max((a for a, head in org_heads if head == span.root.lower_
                     and a.last_before(span.start_char) >= 0),
                    key=lambda a: a.last_before(span.start_char), default=None)
        if owner and (span.start_char, span.end_char) not in taken:
            owner.nominals.append(span)
    return unnamed


def _attach_government(span: SpacySpan, states: list[Actor], context: str | None) -> None:
    """`the government` is the government mentioned last, else the story's country's."""
    governments = [a for a in states if a.sector == "GOV"]
    owner = max(governments, key=lambda a: a.last_before(span.start_char), default=None)
    if owner is None or owner.last_before(span.start_char) < 0:
        owner = next((a for a in governments if a.government_of == context), None)
        if owner is None and context:
            owner = Actor(Cluster(f"{context} GOV", []), government_of=context, sector="GOV")
            states.append(owner)
    if owner is not None:
        owner.nominals.append(SpacySpan(span.doc, span.start, span.end, label="ORG"))


def _title_phrases(doc: Doc, lexicon: Lexicon, context: str | None):
    """Definite singular noun phrases headed by a title: `the North Korean leader`, `The Russian head of
    state`, `Russia's defense minister`; yielded without the article, with the title they carry."""
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.pos_ != "NOUN" or root.tag_ in ("NNS", "NNPS") or any(t.ent_type_ == "PERSON" for t in chunk):
            continue
        first = chunk[0]
        if any(t.dep_ == "poss" and t.pos_ == "PRON" for t in chunk):
            continue                          # `its sales leader`: whose, the pronoun does not say
        if first.lower_ not in ("the",) and first.dep_ != "poss" and not (first.ent_type_ == "GPE"):
            continue
        start = chunk.start + 1 if first.lower_ == "the" else chunk.start
        end = _extend_title(doc, root.i + 1)
        span = SpacySpan(doc, start, end, label="PERSON")
        if not len(span) or root.head.ent_type_ == "PERSON" and root.dep_ == "compound":
            continue
        title = _title_in(_with_of_phrase(span, root), lexicon, context)
        if title and lexicon.title(span[-1].text if end == root.i + 1 else span.text) is not None:
            yield span, title


def _with_of_phrase(span: SpacySpan, root: Token) -> SpacySpan:
    """The words that say whose title it is: `the vice president of Dacia`."""
    for child in root.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i >= span.end:
            return span.doc[span.start:child.right_edge.i + 1]
    return span


def _extend_title(doc: Doc, end: int) -> int:
    """Take in `-in-chief` and `of state` / `of government` that complete a title."""
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_:
        end += 2
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ in ("state", "government"):
        end += 2
    return min(end, len(doc))


def _definite_heads(doc: Doc):
    """`the ministry`, `the council`: a bare definite noun that may name an organisation met before."""
    for token in doc:
        if token.pos_ == "NOUN" and token.tag_ == "NN" and token.i > 0 and doc[token.i - 1].lower_ == "the" \
                and not any(c.dep_ in ("amod", "compound") for c in token.children):
            yield SpacySpan(doc, token.i, token.i + 1, label="ORG")


def _person_for(span: SpacySpan, title: Title, people: list[Actor]) -> Actor | None:
    def fits(actor: Actor) -> bool:
        for known in actor.titles:
            same_role = known.role == title.role or (title.role in GENERIC_HEADS and known.role in HEAD_ROLES)
            if same_role and (title.country is None or known.country in (None, title.country)):
                return True
        return False

    candidates = [a for a in people if fits(a)]
    before = [a for a in candidates if a.last_before(span.start_char) >= 0]
    if before:
        return max(before, key=lambda a: a.last_before(span.start_char))
    same_sentence = [a for a in candidates if any(m.sent.start == span.sent.start for m in a.cluster.mentions)]
    return same_sentence[0] if len(same_sentence) == 1 else None


# --- codes -----------------------------------------------------------------------------------------

def mentioned_countries(doc: Doc, lexicon: Lexicon, besides: str | None = None) -> set[str]:
    """The countries an article names (by name, capital or demonym); with `besides`, those it names by
    other words than that one (so `Paris` is not its own evidence for France)."""
    cache = doc.user_data.setdefault("newsgraph_countries", {})
    if besides not in cache:
        codes = set()
        for ent in doc.ents:
            if ent.label_ in ("GPE", "NORP") and ent.text != besides:
                place = (lexicon.country_by_name(ent.text) or lexicon.country_by_capital(ent.text)
                         or lexicon.country_by_demonym(ent.text))
                if place:
                    codes.add(place.code)
        cache[besides] = codes
    return cache[besides]


def story_country(doc: Doc, article: Article, lexicon: Lexicon) -> str | None:
    """The country a story is about, for institutions it names without one: the dateline's country,
    else the country most mentioned (by name, capital or demonym)."""
    if article.dateline:
        place = lexicon.country_by_capital(article.dateline) or lexicon.country_by_name(article.dateline)
        if place:
            return place.code
    counts = Counter()
    for ent in doc.ents:
        if ent.label_ in ("GPE", "NORP"):
            place = (lexicon.country_by_name(ent.text) or lexicon.country_by_capital(ent.text)
                     or lexicon.country_by_demonym(ent.text))
            if place:
                counts[place.code] += 1
    if not counts:
        return None
    (code, n), = counts.most_common(1)
    # Only a country the story is clearly about: in an article that names many, guessing is worse
    # than leaving the code empty (checked by hand on Wikinews business stories).
    return code if n >= 2 and n * 2 >= sum(counts.values()) else None


def _entity(actor: Actor, article_id: str, lexicon: Lexicon, context: str | None) -> Entity:
    mentions = actor.mentions
    first = mentions[0]
    names = actor.cluster.mentions
    label = Counter(m.label_ for m in (names or mentions)).most_common(1)[0][0]
    country = sector = cameo = role = None
    if actor.government_of:
        entry = lexicon.country(actor.government_of)
        label, country, sector = "ORG", actor.government_of, actor.sector
        name = f"{entry.name if entry else country} ({'military' if sector == 'MIL' else 'government'})"
    else:
        name = canonical_name(actor.cluster) if names else _nominal_name(actor.nominals)
        if label == "PERSON":
            role, country, sector, cameo = _person_codes(actor.titles)
        elif label == "ORG":
            country, sector, cameo = _org_codes(names, lexicon, context)
        elif label in ("GPE", "LOC", "FAC"):
            if label == "GPE" and (named := lexicon.country_by_name(name)):
                name = named.name        # one name per country, so the store keeps one actor for it
            place = lexicon.country_by_name(name) or lexicon.country_by_capital(name)
            country = place.code if place else city_country(name, mentioned_countries(names[0].doc, lexicon, name))
        elif label == "NORP":
            region = lexicon.region(name)
            place = lexicon.country_by_demonym(name) or lexicon.country_by_name(name)
            if region:
                cameo = region.code
            elif place:
                country = place.code
    if cameo is None and (country or sector):
        cameo = lexicon.cameo(country, sector)
    aliases = sorted({m.text for m in mentions} - {name})
    return Entity(
        id=record_id(article_id, "entity", first.start_char, first.end_char),
        # The sector is the primary agent code (GOV); a specialty stays in the full code (RUSGOVMIL).
        name=name, type=label, country=country, sector=sector[:3] if sector else None, cameo_code=cameo, role=role,
        aliases=tuple(aliases), mentions=tuple(Span(m.start_char, m.end_char, m.text) for m in mentions),
        component=COMPONENT,
    )


def _nominal_name(nominals: list[SpacySpan]) -> str:
    text = nominals[0].text
    return text[:1].upper() + text[1:]


def _person_codes(titles: list[Title]) -> tuple[str | None, str | None, str | None, str | None]:
    """Role, country, sector, code from every title the article gives the person; the first title
    with a country wins (`Russian Defense Minister` over a later `the minister`)."""
    if not titles:
        return None, None, None, None
    best = next((t for t in titles if t.country), titles[0])
    country = best.country or next((t.country for t in titles if t.country), None)
    sector = best.sector or next((t.sector for t in titles if t.sector), None)
    cameo = best.cameo or next((t.cameo for t in titles if t.cameo), None)
    return best.role, country, sector, cameo


def _org_codes(names: list[SpacySpan], lexicon: Lexicon, context: str | None):
    for m in names:
        entry = lexicon.organisation(m.text)
        if entry:
            return entry.country, entry.sector, entry.cameo_code
    sector = next((s for m in names if (s := lexicon.org_sector(m.text))), None)
    country = None
    for m in names:
        for token in list(m) + _modifiers_before(m):
            place = lexicon.country_by_demonym(token.text) or lexicon.country_by_name(token.text)
            if place:
                country = place.code
                break
        if country:
            break
    if country is None and sector and sector[:3] in STATE_SECTORS:
        country = context
    return country, sector, None


def _modifiers_before(span: SpacySpan) -> list[Token]:
    """`Russian` in `the Russian Defense Ministry` when the model left it out of the name."""
    doc, i, out = span.doc, span.start - 1, []
    while i >= span.sent.start and doc[i].pos_ in ("ADJ", "PROPN", "NOUN") and len(out) < 3:
        out.append(doc[i])
        i -= 1
    return out
