"""Who speaks: the entity a speaker's words name, a pronoun's antecedent, or the source named last.

`Speakers.resolve(head)` turns the head token of a speaker or source phrase into a `Speaker`: the
entity (id) when there is one — the mention holding the head, a name the title phrase ends with
(`the vice president of Chrysler LLC Jim Press`), a name inside a medium (`images released by Moscow`),
a pronoun's antecedent, a definite role (`the bank chief`), an anaphoric source (`the same source`) —
and always the words as written.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span as SpacySpan, Token

from newsgraph.nlp.components import HONORIFICS
from newsgraph.nlp.speech import MEDIA_NOUNS
from newsgraph.records import Entity

# `images released by Moscow`, `a post on the ministry's website`: a medium whose source is named in it.
MEDIUM_NOUNS = MEDIA_NOUNS | frozenset({"image", "photo", "picture", "footage", "document", "data", "figure",
                                        "result", "website", "channel", "account", "page", "feed", "record",
                                        "estimate", "count", "tally", "poll", "survey", "study", "filing"})


# Heads of a phrase naming an organisation by a name before them: `the Reuters news agency`.
ORGANISATION_NOUNS = frozenset({"agency", "newspaper", "broadcaster", "outlet", "daily", "network", "station",
                                "wire", "service", "ministry", "office", "company", "firm", "group", "party",
                                "bank", "website", "paper", "magazine", "channel", "television", "radio"})


# `the same source`, `the agency`: a source that stands for the last named one.
ANAPHORIC_SOURCES = frozenset({"source", "agency", "outlet", "newspaper", "broadcaster", "report", "channel",
                               "ministry", "office", "spokesperson", "spokesman", "spokeswoman", "official",
                               "statement", "firm", "company", "group", "organisation", "organization"})


# Role words that stand for whoever holds the top post named last (`the bank chief`).
GENERIC_ROLES = frozenset({"chief", "head", "leader", "boss"})


PRONOUNS = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON", "his": "PERSON", "it": "ORG",
            "its": "ORG", "they": None, "their": "none",
            "we": None, "i": None}


@dataclass(frozen=True)
class Speaker:
    """Who speaks: the entity (id) when there is one, the words as written, and their span."""
    entity: str | None
    text: str
    start: int
    end: int


class Mentions:
    """Entity mentions by offset, to say which entity a span of the text names."""

    def __init__(self, entities: tuple[Entity, ...]):
        self.by_id = {e.id: e for e in entities}
        self.spans = sorted((m.start, m.end, e.id) for e in entities for m in e.mentions)
        self.starts = [s[0] for s in self.spans]

    def inside(self, start: int, end: int) -> list[tuple[int, int, str]]:
        i = bisect_left(self.starts, start)
        while i > 0 and self.spans[i - 1][1] > start:
            i -= 1
        return [s for s in self.spans[i:] if s[0] < end and s[1] > start and s[0] < end]

    def at_token(self, token: Token) -> str | None:
        """The entity whose mention holds this token (the head of a noun phrase)."""
        for start, end, eid in self.inside(token.idx, token.idx + len(token)):
            if start <= token.idx and token.idx + len(token) <= end:
                return eid
        return None

    def last_before(self, char: int, types: frozenset[str] | None) -> tuple[int, int, str] | None:
        i = bisect_left(self.starts, char)
        for start, end, eid in reversed(self.spans[:i]):
            entity = self.by_id[eid]
            if end <= char and (types is None or entity.type in types) and entity.type not in ("NORP", "LOC"):
                if types is None and entity.type in ("GPE", "FAC"):
                    continue
                return start, end, eid
        return None


def noun_phrase(head: Token) -> SpacySpan:
    """The words of the noun phrase `head` heads, without a relative clause or an apposition tail
    beyond the name (`the commander-in-chief of the fleet, Nikolai Yevmenov` stays whole)."""
    doc = head.doc
    left = head.left_edge.i
    for k in range(left, head.i):
        if doc[k].text == ")" and (doc[left].text == "(" or not any(t.text == "(" for t in doc[left:k])):
            left = k + 1            # a dateline's closing bracket: `(Abuja) West African leaders`
    while left < head.i and (doc[left].is_punct or doc[left].text in HONORIFICS):
        left += 1
    right = head.i
    for child in head.rights:
        if child.dep_ in ("relcl", "acl") and child.tag_ not in ("VBN",):
            break
        if child.dep_ == "punct" and child.text != "-":
            continue
        if child.dep_ == "appos" and child.pos_ != "PROPN":
            break   # a name in apposition belongs to the phrase (`the commander, Nikolai Yevmenov`);
            #         a description does not (`officials, a gift that analysts said ...`)
        right = max(right, child.right_edge.i)
    while right > head.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return doc[left:right + 1]


class Speakers:
    """Resolves a speaker token to an entity: the mention holding the phrase's head, a name inside the
    phrase (`images released by Moscow`), a pronoun's antecedent, or the last named source for an
    anaphoric one (`the same source`)."""

    def __init__(self, doc: Doc, entities: tuple[Entity, ...]):
        self.doc = doc
        self.mentions = Mentions(entities)
        self.last_source: Speaker | None = None
        self.last_person: Speaker | None = None

    def resolve(self, head: Token, remember: bool = False) -> Speaker:
        phrase = noun_phrase(head)
        text = phrase.text
        entity = self._named_person(phrase) or self.mentions.at_token(head)
        if entity is None and head.pos_ == "PRON":
            entity = self._antecedent(head)
            if entity:
                text = self.mentions.by_id[entity].name
            elif self.last_person and PRONOUNS.get(head.lower_) == "PERSON":
                return self.last_person
        if entity is None and head.lemma_.lower() in MEDIUM_NOUNS:
            entity = self._named_inside(phrase)
        if entity is None and head.lemma_.lower() in ORGANISATION_NOUNS:
            entity = self._named_inside(head.doc[phrase.start:head.i])   # `the Reuters news agency`
        if entity is None and head.pos_ == "NOUN" and self._definite(head):
            entity = self._titled_person(head)
            if entity is None and self.last_source and head.lemma_.lower() in ANAPHORIC_SOURCES:
                entity = self.last_source.entity
        speaker = Speaker(entity, text, phrase.start_char, phrase.end_char)
        if remember:
            kind = self.mentions.by_id[entity].type if entity else None
            if kind in ("ORG", "PERSON"):
                self.last_source = speaker
            if kind == "PERSON" or (kind is None and head.pos_ == "NOUN" and head.tag_ == "NN"):
                self.last_person = speaker    # `A Ukrainian official said ... "...," he said`
        return speaker

    def _antecedent(self, pronoun: Token) -> str | None:
        """The entity a pronoun stands for: the last person (`he`, `she`) or organisation (`it`) named
        before it, unless a speaker with no name (`a volunteer`) was the last person."""
        kind = PRONOUNS.get(pronoun.lower_, "none")
        if kind == "none":
            return None
        found = self.mentions.last_before(pronoun.idx, frozenset({kind}) if kind else None)
        if found is None:
            return None
        if kind == "PERSON" and self.last_person and self.last_person.entity is None \
                and self.last_person.start > found[0]:
            return None
        return found[2]

    def _named_person(self, phrase: SpacySpan) -> str | None:
        """The name a title phrase ends with (`the vice president of Chrysler LLC Jim Press`,
        `chief investment officer at Solaris, Tim Ghriskey`), not the object of a preposition (`the
        spokesman for Vladimir Putin`)."""
        for start, end, eid in reversed(self.mentions.inside(phrase.start_char, phrase.end_char)):
            if self.mentions.by_id[eid].type != "PERSON" or end < phrase.end_char:
                continue
            first = self.doc.char_span(start, end, alignment_mode="expand")
            if first is not None and first.start > phrase.start and self.doc[first.start - 1].pos_ == "ADP":
                continue
            return eid
        return None

    def _named_inside(self, phrase: SpacySpan) -> str | None:
        """`images released by Moscow`, `a post on the ministry's website`: the entity the phrase names,
        when its head is not a name itself. A demonym (`Russian news agencies`) names no speaker."""
        for start, end, eid in self.mentions.inside(phrase.start_char, phrase.end_char):
            entity = self.mentions.by_id[eid]
            if entity.type in ("NORP",):
                continue
            if entity.type in ("GPE", "LOC") and not entity.name.endswith(")"):
                continue   # `officials in Kyiv` are not Kyiv
            return eid
        return None

    def _definite(self, head: Token) -> bool:
        return any(t.dep_ in ("det", "amod") and t.lower_ in ("the", "same", "this", "that") for t in head.lefts)

    def _titled_person(self, head: Token) -> str | None:
        """`the bank chief`, `the minister`: the last person named before with that word in their role."""
        word = head.lower_
        for start, end, eid in reversed(self.mentions.spans[:bisect_left(self.mentions.starts, head.idx)]):
            entity = self.mentions.by_id[eid]
            if entity.type == "PERSON" and entity.role and (word in entity.role.split() or
                                                            word in GENERIC_ROLES and end <= head.idx):
                return eid
        return None
