"""Cues of speech in the parse: which words report speech, and which phrase is their speaker.

Shared by quotes.py (words in quotation marks) and attribution.py (reported content without marks).
A cue is a verb of saying (`said`, `told reporters`, `said in a statement`) or `according to`; its
speaker is the verb's subject, the name after an inverted verb (`..., said Mr. Putin`), the agent of a
passive, or the object of `according to`. speakers.py says which entity that phrase is.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span as SpacySpan, Token

from newsgraph.nlp.components import QUOTE_MARKS
from newsgraph.records import Attribution, Span

if TYPE_CHECKING:
    from newsgraph.nlp.speakers import Speaker, Speakers

# Verbs whose clausal complement is reported speech (`X said that ...`, `..., X reported`). Cognition
# verbs (`believe`, `suspect`) are left out: they report a belief, not words.
SAY_VERBS = frozenset({
    "say", "tell", "announce", "state", "add", "warn", "caution", "insist", "report", "explain", "note",
    "argue", "claim", "confirm", "assure", "declare", "stress", "emphasise", "emphasize", "reply", "respond",
    "write", "tweet", "post", "detail", "reiterate", "acknowledge", "admit", "predict", "promise", "pledge",
    "vow", "threaten", "urge", "allege", "maintain", "remark", "observe", "comment", "suggest", "indicate",
    "recall", "point", "mention", "concede", "contend", "assert", "affirm", "repeat", "testify", "signal",
    "complain", "boast", "quip", "joke", "shout", "whisper", "ask", "inform", "brief", "answer",
})


# Verbs that take quoted words as their object or description (`praised the "strengthening"`,
# `described it as "reckless"`): a cue for a partial quotation, not for an attribution.
QUOTING_VERBS = SAY_VERBS | frozenset({
    "praise", "call", "describe", "term", "label", "welcome", "condemn", "denounce", "criticise", "criticize",
    "deplore", "hail", "express", "voice", "dismiss", "reject", "deny", "accuse", "blame", "thank",
    "characterise", "characterize", "refer", "brand", "decry", "lament", "applaud", "commend", "slam",
    "question", "demand", "appeal", "agree", "disagree", "speak", "talk", "discuss", "propose", "offer",
    "continue",
})


# `assure that` rendered by machine translation as `ensure that` (French `assurer que`): speech only
# with a person or organisation as subject and a that-clause.
CALQUES = frozenset({"ensure"})


# `told reporters`, `said in a statement`: the words that belong to the cue.
AUDIENCES = frozenset({"reporters", "journalists", "press", "media", "parliament", "lawmakers", "delegates",
                       "parliamentarians", "supporters", "crowd", "audience", "listeners", "viewers"})


MEDIA_NOUNS = frozenset({"statement", "interview", "post", "tweet", "communique", "communiqué", "message",
                         "letter", "briefing", "conference", "speech", "address", "release", "broadcast",
                         "video", "email", "e-mail", "note", "report", "declaration", "remarks"})


@dataclass
class Cue:
    token: Token                 # the verb, or `according`
    cue: Span
    speaker: "Speaker | None"
    says: bool                   # can carry a reported clause (not only quoted words)
    claim: SpacySpan | None = None
    attribution: Attribution | None = None


def find_cues(doc: Doc, speakers: "Speakers") -> dict[int, Cue]:
    """Every cue of the text by token index, speakers resolved in reading order (so that `the same
    source` finds the source named last)."""
    cues = {}
    for token in doc:
        source = according_to(token)
        if source is not None:
            cues[token.i] = Cue(token, cue_span(token), speakers.resolve(source, remember=True), says=True)
        elif is_cue(token):
            head = speaker_token(token)
            says = is_say(token)
            speaker = speakers.resolve(head, remember=says) if head is not None else None
            cues[token.i] = Cue(token, cue_span(token), speaker, says=says)
    return cues


def is_cue(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in QUOTING_VERBS or _calque(token)


def is_say(token: Token) -> bool:
    """A verb of saying that can carry a reported clause."""
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SAY_VERBS or _calque(token)


def _calque(token: Token) -> bool:
    if token.lemma_.lower() not in CALQUES or token.pos_ != "VERB":
        return False
    complement = any(c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                     for c in token.children)
    subject = speaker_token(token)
    return complement and subject is not None and subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")


def according_to(token: Token) -> Token | None:
    """For the `according` of `according to X`, the head of X."""
    if token.lower_ != "according":
        return None
    for to in token.children:
        if to.lower_ == "to":
            return next((c for c in to.children if c.dep_ == "pobj"), None)
    if token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":   # parsed flat
        return next((c for c in token.nbor().children if c.dep_ == "pobj"), None)
    return None


def speaker_token(verb: Token) -> Token | None:
    """The subject of a verb of saying; after an inverted verb (`..., said Mr. Putin`) the name that
    follows it; for a verb with no subject of its own (`..., adding that`, `and warned`), the subject of
    the verb it hangs from. In the passive (`was announced by X`) the speaker is the agent."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:     # two subjects side by side (`the state news agency Petra`): the name nearest the verb
        return max(subjects, key=lambda c: c.i) if subjects[-1].i < verb.i else subjects[0]
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            agent = next((a for a in verb.children if a.dep_ == "agent"), None)
            return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if verb.dep_ == "ROOT" or verb.dep_ in ("ccomp", "parataxis"):
        after = [c for c in verb.rights if c.dep_ in ("dobj", "attr", "npadvmod", "nsubj", "appos")
                 and c.pos_ in ("PROPN", "NOUN", "PRON")]
        if after and any(t.text in QUOTE_MARKS or t.dep_ == "ccomp" for t in verb.lefts):
            return after[0]
        if after and after[0].pos_ == "PROPN" and not _object_of_tell(verb, after[0]):
            left_marks = any(t.text in QUOTE_MARKS for t in verb.doc[verb.sent.start:verb.i])
            if left_marks:
                return after[0]
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.i != verb.i:
        return speaker_token(verb.head) if verb.head.pos_ in ("VERB", "AUX") else None
    return None


def _object_of_tell(verb: Token, obj: Token) -> bool:
    return verb.lemma_.lower() in ("tell", "inform", "brief", "ask") and obj.dep_ == "dobj"


def cue_span(verb: Token) -> Span:
    """The verb with what belongs to the cue when it follows it directly: `told reporters`,
    `said in a statement`, `according to`."""
    doc = verb.doc
    end = verb.i + 1
    for child in verb.rights:
        if child.i != end:
            continue
        if child.dep_ == "prt" or (child.dep_ in ("dobj", "dative") and child.lower_ in AUDIENCES):
            end = child.i + 1
        elif child.dep_ == "prep" and child.lower_ in ("in", "on", "during", "at", "via", "to"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and (pobj.lemma_.lower() in MEDIA_NOUNS or pobj.lower_ in AUDIENCES):
                end = pobj.i + 1
    if verb.lower_ == "according" and end < len(doc) and doc[end].lower_ == "to":
        end += 1
    span = doc[verb.i:end]
    return Span(span.start_char, span.end_char, span.text)
