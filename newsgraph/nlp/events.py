"""Events: who did what to whom, where and when, in PLOVER and CAMEO, with modality and evidence.

Every verb and eventive noun the event lexicon knows (event_lexicon.py) opens a frame; frames.py finds
its agent and target as entities, modality.py its modality, attribution.source_of who reports it. The
date is a time expression attached to the clause (`date_source` "text"), else the sentence's date in
force ("sentence" or "published"); the place likewise (locative phrase "text", else "sentence" or
"dateline"). Statements of intent are events of their own: `X said it will withdraw` is X AGREE (a
promise) besides the future RETREAT; a promise, offer or threat takes its code from what it announces.
An event needs at least one actor: a verb with no known party (`prices rose`) makes none.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsgraph.nlp import scope
from newsgraph.nlp.attribution import source_of
from newsgraph.nlp.event_lexicon import EventLexicon, Trigger
from newsgraph.nlp.frames import Participants, agent_heads, target_heads
from newsgraph.nlp.modality import modality
from newsgraph.nlp.speakers import Speakers
from newsgraph.nlp.speech import is_say
from newsgraph.records import Article, Event, Span, record_id

COMPONENT = "newsgraph.events.v1"
# A promise of ... (CAMEO root or code of what is promised) -> the CAMEO code of the promise (03x).
PROMISE = {"04": "036", "05": "032", "06": "031", "061": "0311", "062": "0312", "063": "0313", "064": "0314",
           "07": "033", "071": "0331", "072": "0332", "073": "0333", "074": "0334", "08": "035", "081": "0351",
           "082": "0352", "0841": "0353", "0842": "0353", "085": "0354", "086": "0355", "087": "0356",
           "0871": "0356", "0873": "0356", "0874": "0356", "0831": "0341", "083": "034"}
# Verbal events (QuadClass 1 and 3): they need someone who speaks.
VERBAL = frozenset({"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
# Saying one will not do ... (cooperation) -> the CAMEO code of the refusal (12x) and its PLOVER mode.
COOPERATION = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
REFUSAL = {"06": "121", "07": "122", "04": "125", "03": "125", "05": "120", "08": "124"}
REFUSAL_MODES = {"06": "assist", "07": "assist", "04": "meet", "08": "yield"}
# A threat of ... -> the CAMEO code of the threat (13x).
THREAT = {"16": "131", "162": "1311", "163": "1312", "161": "1313", "164": "134", "166": "136", "17": "137",
          "172": "132", "1723": "1323", "1724": "1324", "173": "137", "191": "1381", "192": "1382", "15": "138",
          "18": "138", "19": "1384", "20": "1385", "14": "133", "12": "130", "10": "130", "11": "130"}
# The PLOVER mode of a threat, by its CAMEO code.
THREAT_MODES = {"1312": "restrict", "1313": "relations", "1311": "relations", "134": "relations",
                "136": "expel", "1381": "restrict", "1382": "territory", "138": "violence", "1384": "violence",
                "1385": "violence", "137": "violence", "132": "ban", "1323": "restrict", "1324": "restrict"}


@dataclass
class Frame:
    trigger: Token
    row: Trigger
    frame_verb: Token | None       # the verb a noun trigger hangs from
    actors: list[str]
    targets: list[str]
    modality: str
    cameo: str
    plover: str
    mode: str | None


def find_events(doc: Doc, article: Article, found: dict, lexicon: EventLexicon, actors=None) -> list[Event]:
    """The events of one article; `actors` (the actor Lexicon) tells countries from towns."""
    entities = found.get("entities", ())
    is_country = (lambda name: actors.country_by_name(name) is not None) if actors else (lambda name: True)
    participants = Participants(Speakers(doc, entities), is_country)
    frames = {}
    verbs_first = sorted(doc, key=lambda t: (t.pos_ in ("NOUN", "PROPN"), t.i))
    for token in verbs_first:
        row = lexicon.match(token, participants.is_actor)
        if row is None or _consumed(token, frames):
            continue
        frames[token.i] = _frame(token, row, participants)
    for frame in frames.values():
        _code_intent(frame, frames, lexicon)
        _code_warning(frame, frames, lexicon)
    frames.update(_promises(doc, frames, participants, lexicon))
    return _events(doc, article, found, [f for f in frames.values() if _stands(f)], lexicon)


def _stands(frame: Frame) -> bool:
    """An event needs a party, or a clause of its own: a verb (`two soldiers were killed`), or a noun
    that is the subject of one (`the truce took effect`). A noun alone (`sanctions`) is a topic."""
    if frame.actors or frame.targets:
        return True
    if frame.row.plover == "INTENT":
        return False        # words need a speaker: `agreed` with no one named says nothing
    token = frame.trigger
    return token.pos_ == "VERB" and token.dep_ not in ("amod", "compound") or \
        token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ == "VERB"


def _consumed(token: Token, frames: dict[int, Frame]) -> bool:
    """`signed an agreement`, `imposed sanctions`: a noun the verb's own row already covers."""
    head = token.head
    return token.pos_ in ("NOUN", "PROPN") and head.i in frames and token.dep_ in ("dobj", "nsubjpass") \
        and frames[head.i].row.condition is not None


def _frame(token: Token, row: Trigger, participants: Participants) -> Frame:
    frame_verb = None
    if row.noun and token.dep_ in ("dobj", "nsubjpass", "nsubj", "pobj", "attr") and \
            token.head.pos_ in ("VERB", "AUX"):
        frame_verb = token.head
    elif row.noun and token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ == "VERB":
        frame_verb = token.head.head       # `drew the patrol into a firefight`, `during their meeting`
    actors = [a for h in agent_heads(token, frame_verb) for a in participants.entities(h)]
    targets = next((named for heads in target_heads(token, row.targets, frame_verb)
                    if (named := [t for h in heads for t in participants.entities(h, place=True)])), [])
    if not row.noun and token.dep_ == "acl" and token.tag_ == "VBN" and not targets:
        targets = participants.entities(token.head)      # `10 Russian soldiers killed`
    actors = list(dict.fromkeys(actors))
    targets = [t for t in dict.fromkeys(targets) if t not in actors]
    mutual = _mutual(token)
    if (row.symmetric or mutual) and len(actors) > 1 and not targets:
        actors, targets = actors[:1], actors[1:]      # `Kim and Putin met`: one event, either way
    elif row.symmetric and not actors and len(targets) > 1:
        actors, targets = targets[:1], targets[1:]    # `an agreement between the two countries`
    return Frame(token, row, frame_verb, actors, targets, modality(token, frame_verb), row.cameo, row.plover,
                 row.mode)


def _trigger_words(frame: Frame):
    """The trigger's words: the verb, and its object when the row depends on it and follows closely
    (`imposed sweeping sanctions`, `expressed its concern`)."""
    token, doc = frame.trigger, frame.trigger.doc
    if frame.row.condition and frame.row.condition[0] == "obj" and not frame.row.noun:
        values = frame.row.condition[1]
        for child in token.rights:
            if child.dep_ == "dobj" and (child.lemma_.lower() in values or child.lower_ in values) \
                    and child.i - token.i <= 4:
                return doc[token.i:child.i + 1]
    return doc[token.i:token.i + 1]


def _mutual(token: Token) -> bool:
    """`offered each other a rifle`, `met one another`: a reciprocal use of any verb."""
    words = [c.lower_ for c in token.subtree][:40]
    return any(a == "each" and b == "other" or a == "one" and b == "another" for a, b in zip(words, words[1:]))


def _embedded(frame: Frame, frames: dict[int, Frame]) -> Frame | None:
    """The event a promise, offer or threat announces: its infinitive, gerund or object."""
    for child in frame.trigger.children:
        if child.i in frames and child.dep_ in ("xcomp", "dobj", "ccomp", "pcomp"):
            return frames[child.i]
        if child.dep_ == "prep":
            for grand in child.children:
                if grand.i in frames:
                    return frames[grand.i]
    return None


def _code_intent(frame: Frame, frames: dict[int, Frame], lexicon: EventLexicon) -> None:
    if frame.plover != "INTENT":
        return
    threat = frame.trigger.lemma_.lower() in ("threaten", "warn")
    inner = _embedded(frame, frames)
    frame.cameo, frame.plover, frame.mode = _announce(inner.cameo if inner else None, threat, lexicon)
    if inner is not None and not frame.targets:
        frame.targets = [t for t in (inner.targets or inner.actors) if t not in frame.actors]


def _code_warning(frame: Frame, frames: dict[int, Frame], lexicon: EventLexicon) -> None:
    """`warned that ...` is THREATEN when what follows is a coercive response still to come (`would
    respond with force`, `could use force`), else ACCUSE: a warning that names no response disapproves
    (`warned that sending weapons would be a mistake`)."""
    if frame.trigger.lemma_.lower() != "warn" or frame.row.condition is not None:
        return
    inside = [f for i, f in frames.items() if i != frame.trigger.i and frame.trigger.is_ancestor(f.trigger)]
    response = next((f for f in inside if f.modality in ("future", "hypothetical")
                     and lexicon.code(f.cameo).quad_class == 4), None)
    if response is not None:
        frame.cameo, frame.plover, frame.mode = _announce(response.cameo, True, lexicon)
    else:
        frame.cameo, frame.plover, frame.mode = "111", "ACCUSE", "disapprove"


def _announce(cameo: str | None, threat: bool, lexicon: EventLexicon) -> tuple[str, str, str | None]:
    """The code of a statement announcing an event coded `cameo`: a promise (AGREE 03x) of cooperation,
    a threat (THREATEN 13x) of conflict."""
    quad = lexicon.code(cameo).quad_class if cameo else (3 if threat else 1)
    if quad >= 3 or threat:
        code = next((THREAT[k] for k in (cameo, cameo[:3], cameo[:2]) if k in THREAT), "130") if cameo else "130"
        return code, "THREATEN", THREAT_MODES.get(code)
    code = next((PROMISE[k] for k in (cameo, cameo[:3], cameo[:2]) if k in PROMISE), "030") if cameo else "030"
    return code, "AGREE", None


def _promises(doc: Doc, frames: dict[int, Frame], participants: Participants,
              lexicon: EventLexicon) -> dict[int, Frame]:
    """`X said it will withdraw its troops`: X's statement of intent is an event (AGREE, or THREATEN
    for conflict), besides the future event itself. Only when X is the one who will act."""
    out = {}
    for frame in list(frames.values()):
        refusal = frame.modality == "negated" and frame.plover in COOPERATION
        if frame.modality != "future" and not refusal or frame.plover in ("AGREE", "THREATEN", "REJECT"):
            continue
        say = frame.trigger if frame.frame_verb is None else frame.frame_verb
        while say.dep_ in ("xcomp", "conj") and say.head.i != say.i:
            say = say.head
        if say.dep_ != "ccomp" or not is_say(say.head) or say.head.i in frames:
            continue
        speakers = [e for h in agent_heads(say.head, None) for e in participants.entities(h)]
        if not speakers or not set(speakers) & set(frame.actors):
            continue
        warning = say.head.lemma_.lower() in ("warn", "threaten")
        if refusal:      # `the minister said her country would not send troops`: a refusal
            cameo, plover, mode = REFUSAL.get(frame.cameo[:2], "120"), "REJECT", REFUSAL_MODES.get(frame.cameo[:2])
        else:
            cameo, plover, mode = _announce(frame.cameo, warning, lexicon)
        row = Trigger(say.head.lemma_.lower(), False, None, None, cameo, plover, mode, ("none",), False, "statement")
        out[say.head.i] = Frame(say.head, row, None, speakers[:1], frame.targets, modality(say.head), cameo,
                                plover, mode)
    return out


def _events(doc: Doc, article: Article, found: dict, frames: list[Frame], lexicon: EventLexicon) -> list[Event]:
    times, places = found.get("times", ()), found.get("places", ())
    entities = found.get("entities", ())
    quotes, attributions = found.get("quotes", ()), found.get("attributions", ())
    sentence_dates = list(scope.sentence_dates(doc, times, article))
    sentence_places = list(scope.sentence_places(doc, list(places), entities, article.dateline))
    place_of = {p.entity: p.id for p in places if p.entity}
    mention_at = {(m.start, m.end): e.id for e in entities for m in e.mentions}
    out = []
    for frame in sorted(frames, key=lambda f: f.trigger.i):
        trigger = frame.trigger
        words = _trigger_words(frame)
        trigger_span = Span(words.start_char, words.end_char, words.text)
        clause = _clause(frame)
        date, date_source = _date(frame, times, sentence_dates)
        place, place_source = _place(frame, mention_at, place_of, sentence_places)
        code = lexicon.code(frame.cameo)
        reported = _reported(trigger_span, quotes, attributions)
        pairs = [(a, t) for a in frame.actors or [None] for t in frame.targets or [None]]
        for actor, target in pairs:
            out.append(Event(
                id=record_id(article.id, "event", trigger_span.start, trigger_span.end, actor or "", target or "",
                             frame.cameo),
                type=frame.plover, mode=frame.mode, cameo=frame.cameo, quad_class=code.quad_class,
                goldstein=code.goldstein, actor=actor, target=target,
                symmetric=(frame.row.symmetric or _mutual(trigger)) and actor is not None and target is not None,
                place=place, place_source=place_source, date=date, date_source=date_source,
                modality=frame.modality, reported_by=reported, trigger=trigger_span,
                evidence=Span(clause.start_char, clause.end_char, clause.text),
                confidence=_confidence(frame, actor, target), component=COMPONENT))
    return out


def _confidence(frame: Frame, actor: str | None, target: str | None) -> float:
    """How fully the text fills the frame (not a probability): an actor, a target, a verb rather than a
    noun, a row whose condition the text met (`impose` + `sanctions`) each add to it."""
    score = 0.4 + 0.25 * (actor is not None) + 0.15 * (target is not None) + 0.1 * (not frame.row.noun) \
        + 0.1 * (frame.row.condition is not None)
    return round(min(score, 1.0), 2)


def _reported(trigger: Span, quotes, attributions):
    """Who reports the event, unless the quoted words are the event's own verb (`Seoul had "firmly
    warned"`: the writer reports that Seoul warned; the quote marks only show the wording)."""
    source = source_of(trigger.start, trigger.end, quotes, attributions)
    if source is not None:
        quote = next((q for q in quotes if q.id == source.attribution), None)
        if quote is not None and quote.cue is None and quote.kind == "partial":
            return None
    return source


def _clause(frame: Frame):
    """The clause of the event: the trigger's verb (or the verb a noun trigger hangs from) with its
    dependents, within the sentence."""
    verb = frame.frame_verb or frame.trigger
    sent = verb.sent
    start, end = max(verb.left_edge.i, sent.start), min(verb.right_edge.i + 1, sent.end)
    span = verb.doc[start:end]
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    return span


def _date(frame: Frame, times, sentence_dates) -> tuple[str | None, str | None]:
    """A day-level date attached to the event's clause, else the sentence's date in force."""
    anchors = {frame.trigger.i} | ({frame.frame_verb.i} if frame.frame_verb is not None else set())
    doc = frame.trigger.doc
    for time in times:
        if not time.value or time.granularity != "day":
            continue
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is not None and _attached(span.root, anchors):
            return time.value[:10], "text"
    at = frame.trigger.idx
    for start, end, value, source in sentence_dates:
        if start <= at < end:
            return value, source
    return None, None


def _attached(token: Token, anchors: set[int]) -> bool:
    """Whether a phrase hangs from one of the anchor tokens without crossing another verb."""
    while token.head.i != token.i:
        token = token.head
        if token.i in anchors:
            return True
        if token.pos_ in ("VERB", "AUX"):
            return False
    return False


def _place(frame: Frame, mention_at, place_of, sentence_places) -> tuple[str | None, str | None]:
    """A place named in a locative phrase of the event's clause, else the sentence's place in force."""
    for host in (frame.trigger, frame.frame_verb):
        if host is None:
            continue
        for prep in host.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "at", "near", "outside", "inside", "on"):
                continue
            for pobj in prep.children:
                for token in [pobj, *pobj.conjuncts, *[c for c in pobj.children if c.dep_ in ("compound", "prep")]]:
                    for (start, end), eid in mention_at.items():
                        if start <= token.idx < end and eid in place_of:
                            return place_of[eid], "text"
    at = frame.trigger.idx
    for start, end, value, source in sentence_places:
        if start <= at < end:
            return value, source
    return None, None
