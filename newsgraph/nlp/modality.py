"""Modality of an event: asserted, negated, hypothetical or future, read off its clause and the clauses
above it up to the nearest verb of saying (reported speech keeps its own modality: `X said Y attacked`
is an asserted attack, reported by X).

negated       `no agreement has been signed`, `did not attack`, `refused to withdraw`, `without meeting`
hypothetical  `could be provided`, `if they attack`, `suspect X of wanting to buy`, `the possible purchase`
future        `will withdraw`, `would attend` (reported), `must also visit`, `plans to visit`, `invited X to visit`
A negation wins over the rest; a condition over a future.
"""
from __future__ import annotations

from spacy.tokens import Token

from newsgraph.nlp.speech import is_say

NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "should"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would", "must"})
# Verbs above an event that leave it unrealised.
NEGATING_VERBS = frozenset({"refuse", "fail", "decline", "deny", "reject", "avoid", "stop", "cancel", "halt",
                            "postpone", "abandon", "prevent", "block", "forbid", "rule"})
HYPOTHETICAL_VERBS = frozenset({"want", "wish", "seek", "try", "attempt", "hope", "consider", "suspect", "fear",
                                "accuse", "allege", "threaten", "risk", "weigh", "mull", "could", "propose",
                                "suggest", "demand", "urge", "ask", "call", "warn", "claim"})
FUTURE_VERBS = frozenset({"plan", "intend", "aim", "expect", "schedule", "set", "prepare", "agree", "promise",
                          "pledge", "vow", "offer", "invite", "decide", "go", "begin", "start", "resolve",
                          "commit", "undertake", "announce"})
HYPOTHETICAL_WORDS = frozenset({"possible", "potential", "alleged", "suspected", "hypothetical", "likely",
                                "prospective", "feared", "rumoured", "rumored"})
FUTURE_WORDS = frozenset({"planned", "upcoming", "future", "forthcoming", "proposed", "scheduled", "next",
                          "expected", "imminent", "coming"})
CONDITIONS = frozenset({"if", "unless", "whether", "lest"})


# Relations through which an event takes the modality of the clause above it.
EMBEDDING = frozenset({"xcomp", "ccomp", "advcl", "pcomp", "pobj", "prep", "acl", "conj", "dobj", "nsubjpass",
                       "nsubj", "attr", "acomp", "oprd", "relcl"})


def modality(trigger: Token, frame_verb: Token | None = None) -> str:
    """The modality of the event `trigger` names; `frame_verb` is the verb a noun trigger is the object
    or subject of (`signed no agreement`, `the meeting took place`)."""
    found = _own(trigger)
    token = trigger
    if frame_verb is not None:
        found |= _own(frame_verb)
        token = frame_verb
    while token.head.i != token.i and token.dep_ in EMBEDDING and "negated" not in found:
        head = token.head
        if is_say(head) and token.dep_ in ("ccomp", "parataxis", "advcl"):
            break                 # reported speech keeps its own modality
        if _complement(token):
            lemma = head.lemma_.lower()
            if lemma in NEGATING_VERBS:
                found.add("negated")
            elif lemma in HYPOTHETICAL_VERBS:
                found.add("hypothetical")
            elif lemma in FUTURE_VERBS and head.pos_ in ("VERB", "AUX"):
                found.add("future")
        if token.dep_ in ("relcl", "nsubj"):
            break                 # a relative clause or a subject does not inherit its head's modality
        found |= _own(head)
        token = head
    for kind in ("negated", "hypothetical", "future"):
        if kind in found:
            return kind
    return "asserted"


def _complement(token: Token) -> bool:
    """Whether the token completes its head (`wants to buy`, `suspect X of wanting`, `plans a visit`), as
    opposed to an adjunct (`during their meeting`, `arriving on Tuesday`)."""
    if token.dep_ in ("xcomp", "ccomp", "dobj", "nsubjpass", "pcomp", "oprd", "acomp"):
        return True
    return token.dep_ == "prep" and token.lower_ in ("of", "to", "for", "into", "from", "about", "against", "on")


def _own(token: Token) -> set[str]:
    """What the token's own dependents say: negation, a modal or future auxiliary, a condition, a
    modifier (`possible`, `planned`), a determiner `no` on its subject or object."""
    out = set()
    for child in token.children:
        word = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "det" and word == "no" and token.pos_ == "NOUN"):
            out.add("negated")
        elif child.dep_ in ("nsubjpass", "dobj", "nsubj") and token.pos_ in ("VERB", "AUX") and \
                any(g.dep_ == "det" and g.lower_ == "no" for g in child.children):
            out.add("negated")     # `no agreement has been signed`
        elif child.dep_ == "aux" and word in HYPOTHETICAL_AUX:
            out.add("hypothetical")
        elif child.dep_ == "aux" and word in FUTURE_AUX:
            out.add("future")
        elif child.dep_ == "aux" and word == "to" and token.dep_ == "xcomp" and token.head.lemma_ == "be":
            out.add("future")      # `is to visit`
        elif child.dep_ == "mark" and word in CONDITIONS:
            out.add("hypothetical")
        elif child.dep_ in ("amod", "advmod") and token.pos_ == "NOUN" and word in HYPOTHETICAL_WORDS:
            out.add("hypothetical")
        elif child.dep_ in ("amod", "compound") and token.pos_ == "NOUN" and word in FUTURE_WORDS:
            out.add("future")
    if token.dep_ == "pobj" and token.head.lower_ == "without":
        out.add("negated")
    return out
