"""Event frames: who acts and on whom, from the dependency parse, as entity ids.

The agent is the subject (the `by` phrase of a passive; for an infinitive, the subject or the object of
the verb that controls it: `agreed to withdraw`, `invited Putin to visit`); for an eventive noun, its
possessor, a name or demonym before it (`Russian strikes`), a `by` phrase, or the subject of the verb it
is the object of (`held talks`). Targets are found where the lexicon row says (object, `with`, `to` ...).
Coordinated phrases give every conjunct (`Kim and Putin met`); `the two leaders`, `both countries` stand
for the last two named. Work is on entity mentions, not tokens, so `Kim Jong-un` is one actor.
"""
from __future__ import annotations

from spacy.tokens import Token

from newsgraph.nlp.speakers import Speakers

# Verbs whose object, not subject, does what their infinitive says (`invited Putin to visit`).
OBJECT_CONTROL = frozenset({"invite", "urge", "ask", "call", "press", "persuade", "order", "tell", "allow",
                            "force", "encourage", "permit", "authorize", "help", "enable", "compel"})
# Verbs whose subject is the agent of the eventive noun they take (`held talks`, `launched strikes`);
# other verbs have their own event or none (`welcomed the truce`: the truce is not the welcomer's).
LIGHT_VERBS = frozenset({"hold", "have", "conduct", "carry", "launch", "stage", "make", "pay", "begin", "start",
                         "resume", "continue", "reach", "sign", "impose", "declare", "announce", "mount", "wage",
                         "order", "deploy", "send", "give", "offer", "express", "voice", "issue", "attend", "host",
                         "join", "enter", "conclude", "seal", "strike", "agree", "extend", "renew", "end", "lead",
                         "organize", "organise", "plan", "prepare", "propose", "accept", "break", "violate"})
# Heads of plural phrases that stand for the last named actors of a kind.
PAIR_NOUNS = {"country": "state", "nation": "state", "state": "state", "government": "state", "side": None,
              "leader": "PERSON", "man": "PERSON", "president": "PERSON", "minister": "PERSON",
              "party": None, "neighbour": "state", "neighbor": "state", "ally": None, "rival": None}
# `the two leaders` are heads of state or government, not the last two people named.
LEADER_NOUNS = frozenset({"leader", "president"})
LEADER_ROLES = frozenset({"president", "leader", "prime minister", "premier", "chancellor", "king", "queen",
                          "emir", "head of state", "head of government", "supreme leader", "sultan", "monarch"})
ACTOR_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


class Participants:
    """Maps phrase heads to entity ids with the article's mentions (see speakers.Speakers)."""

    def __init__(self, speakers: Speakers, is_country=lambda name: True):
        self.speakers = speakers
        self.mentions = speakers.mentions
        self.is_country = is_country     # a place acts only as a country (`Russia`), never as a town

    def entities(self, head: Token | None, place: bool = False) -> list[str]:
        """The entities a phrase and its conjuncts name, in order, without repeats. With `place`, a
        target phrase with no actor of its own stands for the country it names (`the northern
        suburbs of Kharkiv` -> Kharkiv, whose record holds its country), as CAMEO codes targets."""
        if head is None:
            return []
        out = []
        for token in [head, *head.conjuncts]:
            for eid in self._one(token) or (self._place_in(token) if place else []):
                if eid not in out:
                    out.append(eid)
        return out

    def _place_in(self, token: Token) -> list[str]:
        for start, _end, eid in self.mentions.inside(token.left_edge.idx, token.right_edge.idx + len(token.right_edge)):
            entity = self.mentions.by_id[eid]
            if entity.type == "GPE" and entity.country or entity.name.endswith(")"):
                return [eid]     # a town attacked is a target (its country is in its record)
        return []

    def _one(self, token: Token) -> list[str]:
        if token.lower_ in ("each", "other") or token.lemma_.lower() in ("other",):
            return []
        pair = self._pair(token)
        if pair:
            return pair
        # the mention holding the head first: a phrase with conjuncts ends with another name
        eid = self.mentions.at_token(token) or self._modifier(token) or self.speakers.resolve(token).entity
        if eid is None:
            return []
        entity = self.mentions.by_id[eid]
        if entity.type not in ACTOR_TYPES and not entity.name.endswith(")") or \
                entity.type == "GPE" and not self.is_country(entity.name):
            return []
        return [eid]

    def _modifier(self, token: Token) -> str | None:
        """A name inside the phrase that stands for it: `Bashar Assad` in `Assad Tuesday` (a compound the
        parser made), or the country or organisation an unnamed official belongs to (`Iraq's national
        security advisor`, `Russian officials`, `Hamas fighters`), as CAMEO codes them."""
        for child in token.children:
            if child.dep_ == "compound" and (eid := self.mentions.at_token(child)) and \
                    self.mentions.by_id[eid].type == "PERSON":
                return eid
        if token.pos_ != "NOUN":
            return None
        for child in token.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod") and (eid := self.mentions.at_token(child)):
                entity = self.mentions.by_id[eid]
                if entity.type in ("ORG", "NORP") or entity.type == "GPE" and self.is_country(entity.name):
                    return eid
        return None

    def is_actor(self, token: Token) -> bool:
        """Whether the phrase itself names an actor (`called Mr. Kim`), not only a modifier of it
        (`what it calls Russia's aggression`): for the conditions of the lexicon."""
        eid = self.mentions.at_token(token) or self._pair(token) or (
            self.speakers.resolve(token).entity if token.pos_ == "PRON" else None)
        if isinstance(eid, list):
            return bool(eid)
        return eid is not None and self.mentions.by_id[eid].type in ACTOR_TYPES | {"ORG"}

    def _pair(self, token: Token) -> list[str]:
        """`the two leaders`, `both countries`: the last two distinct actors of that kind named before."""
        lemma = token.lemma_.lower()
        if lemma not in PAIR_NOUNS or token.tag_ not in ("NNS", "NNPS"):
            return []
        if not any(c.lower_ in ("two", "both") for c in token.children):
            return []
        kind = PAIR_NOUNS[lemma]
        found: list[str] = []
        for start, _end, eid in reversed(self.mentions.spans):
            if start >= token.idx:
                continue
            entity = self.mentions.by_id[eid]
            fits = entity.type == "PERSON" and (lemma not in LEADER_NOUNS or entity.role in LEADER_ROLES) \
                if kind == "PERSON" else (
                entity.country is not None and entity.type in ("GPE", "ORG") and
                (entity.type == "GPE" or entity.name.endswith(")"))) if kind == "state" else \
                entity.type in ACTOR_TYPES
            if fits and eid not in found and (kind != "state" or not any(
                    self.mentions.by_id[f].country == entity.country for f in found)):
                found.append(eid)
            if len(found) == 2:
                return found[::-1]
        return []


def passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def agent_heads(trigger: Token, frame_verb: Token | None) -> list[Token]:
    """Heads of the phrases that name the agent of a trigger."""
    if trigger.pos_ in ("NOUN", "PROPN"):
        out = [c for c in trigger.children if c.dep_ == "poss"]
        out += [c for c in trigger.children if c.dep_ in ("compound", "amod", "nmod") and
                (c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") or c.pos_ == "PROPN")]
        out += [p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "by"
                for p in c.children if p.dep_ == "pobj"]
        if not out and frame_verb is not None and (frame_verb.lemma_.lower() in LIGHT_VERBS or trigger.dep_ == "pobj"):
            out = agent_heads(frame_verb, None)     # `held talks`, `imposed sanctions`, `during their meeting`
        return out
    return _verb_agents(trigger)


def _verb_agents(verb: Token) -> list[Token]:
    found = _parsed_agents(verb)
    return found or _left_neighbour(verb)


def _left_neighbour(verb: Token) -> list[Token]:
    """When the parse gives no subject (`after the UN's chief, Martin Griffiths, met Mr. Assad` parsed as
    a conjunct), the name right before the verb, past commas and adverbs, if nothing else governs it."""
    if passive(verb) or verb.dep_ not in ("conj", "advcl", "ccomp", "ROOT"):
        return []
    i = verb.i - 1
    while i >= verb.sent.start and (verb.doc[i].is_punct or verb.doc[i].pos_ in ("ADV", "AUX", "PART")):
        i -= 1
    if i < verb.sent.start:
        return []
    token = verb.doc[i]
    if token.pos_ == "PROPN" and token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and \
            token.dep_ in ("appos", "pobj", "conj", "nsubj", "compound"):
        return [token]
    return []


def _parsed_agents(verb: Token) -> list[Token]:
    if passive(verb):
        return [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        return subjects[-1:]
    head = verb.head
    if head.i == verb.i:
        return []
    if verb.dep_ == "xcomp" or (verb.dep_ in ("pcomp", "pobj") and head.dep_ == "prep"):
        controller = head if verb.dep_ == "xcomp" else head.head
        if controller.lemma_.lower() in OBJECT_CONTROL:
            objects = [c for c in controller.children if c.dep_ in ("dobj", "nsubjpass")]
            if objects:
                return objects
        if controller.pos_ in ("VERB", "AUX") and passive(controller) and verb.dep_ == "xcomp":
            return [c for c in controller.children if c.dep_ == "nsubjpass"]   # `Obama is scheduled to attend`
        if controller.pos_ in ("VERB", "AUX"):
            objects = [c for c in controller.children if c.dep_ == "dobj"]
            if verb.dep_ == "pcomp" and objects:
                return objects    # `suspect Moscow of wanting`
            return _parsed_agents(controller)
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return _parsed_agents(head)
    if (verb.dep_ == "advcl" or verb.dep_ == "acl" and verb.tag_ == "VBG") and head.pos_ in ("VERB", "AUX"):
        return _parsed_agents(head)     # `Arriving in Russia, Mr. Kim invited ...`
    if verb.dep_ == "relcl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return [head]
    return []


def target_heads(trigger: Token, roles: tuple[str, ...], frame_verb: Token | None):
    """For each role of the row in order, the heads of the phrases in that role (the caller keeps the
    first role that names an actor: `supply arms to Israel` is `to`, not the object)."""
    places = [trigger] + ([frame_verb] if frame_verb is not None else [])
    if trigger.pos_ == "VERB":    # `signed agreements with Turkey`: the object's own `with`
        places += [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN"]
    for role in roles:
        found: list[Token] = []
        if role == "none":
            return
        if role == "obj":
            host = trigger
            if trigger.pos_ in ("NOUN", "PROPN"):
                if frame_verb is None or trigger.dep_ in ("dobj", "nsubjpass"):
                    continue
                host = frame_verb       # `drew the patrol into a firefight`
            found = [c for c in host.children if c.dep_ == ("nsubjpass" if passive(host) else "dobj")]
        elif role == "dative":
            found = [c for c in trigger.children if c.dep_ == "dative" and c.pos_ != "ADP"]
            found += [p for c in trigger.children if c.dep_ == "dative" and c.pos_ == "ADP"
                      for p in c.children if p.dep_ == "pobj"]
        elif role == "poss":
            found = [c for c in trigger.children if c.dep_ == "poss"]
        else:
            found = [p for host in places for c in host.children if c.dep_ in ("prep", "agent") and c.lower_ == role
                     for p in c.children if p.dep_ == "pobj"]
        if found:
            yield found
