"""Who said what, according to whom: attributions of unquoted reported speech, and the one entry point
for speech, `find_speech`, which makes quotes and attributions together.

One rule decides which record a piece of speech makes. Words in quotation marks make a quote (speaker,
cue, and `reported_by` when a second source reports the speech: `Yevmenov explained ... "...," TASS
reported`). Unquoted content under a cue (`X said (that) ...`, `..., X said.`, `according to X`,
`X reported`) makes an attribution; when that content is all inside quotation marks the quote alone
stands for it. `source_of(start, end, ...)` tells the events which quote or attribution holds a span.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span as SpacySpan, Token

from newsgraph.nlp import quotes as marks
from newsgraph.nlp.quotes import COMPONENT
from newsgraph.nlp.speakers import Speakers
from newsgraph.nlp.speech import Cue, find_cues, is_say
from newsgraph.records import Article, Attribution, Entity, Quote, Source, Span, record_id

# Share of a claim's letters inside quotation marks above which the quote alone records the speech.
QUOTED_SHARE = 0.95


# Words of a speaker's description that may stand between the comma and the speaker's name.
DESCRIPTION = 5


QUOTE_CLOSERS = "”’\"»"


def find_speech(doc: Doc, article: Article, entities: tuple[Entity, ...]
                ) -> tuple[list[Quote], list[Attribution]]:
    speakers = Speakers(doc, entities)
    quoted = [(m, words) for m in marks.marked_spans(article.text)
              if (words := marks.tokens_of(doc, m)) is not None and not marks.is_name(words, m, article.text)]
    cues = find_cues(doc, speakers)
    attributions = []
    for cue in cues.values():
        claim = cue.claim = _claim(cue)
        if claim is None or _quoted_share(claim, quoted) >= QUOTED_SHARE:
            continue
        cue.attribution = Attribution(
            id=record_id(article.id, "attribution", claim.start_char, claim.end_char),
            claim=Span(claim.start_char, claim.end_char, claim.text),
            source=cue.speaker.entity if cue.speaker else None,
            source_text=cue.speaker.text if cue.speaker else "",
            cue=cue.cue, component=COMPONENT)
        attributions.append(cue.attribution)
    quotes = marks.find_quotes(doc, article, quoted, cues)
    return quotes, sorted(attributions, key=lambda a: (a.claim.start, a.claim.end))


def _claim(cue: Cue) -> SpacySpan | None:
    """The reported clause of a cue: the complement of a verb of saying (`said (that) P`), the clause
    a trailing cue hangs from (`P, X said`), or the clause `according to X` qualifies."""
    token = cue.token
    if not cue.says or cue.speaker is None:
        return None
    doc = token.doc
    if token.lower_ == "according":
        clause = token.head
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
        left_out = set(t.i for t in token.subtree)
    else:
        complement = _complement(token)
        trailing = _trailing(cue)
        if complement is not None:
            clause = complement
            left_out = {token.i}
        elif trailing is not None:
            return trailing
        elif _parenthetical(token):
            clause = token.head          # `P, X said, Q` / `P, X said` parsed with the cue hanging from P
            left_out = set(t.i for t in token.subtree)
        else:
            return None
    kept = [t.i for t in clause.subtree if t.i not in left_out]
    if not kept:
        return None
    # The contiguous stretch around the clause's head, without the cue and its speaker.
    start = end = clause.i if clause.i not in left_out else kept[0]
    kept_set = set(kept)
    while start - 1 in kept_set:
        start -= 1
    while end + 1 in kept_set:
        end += 1
    while start <= end and (doc[start].is_punct and doc[start].text not in marks.QUOTE_MARKS
                            or doc[start].lower_ == "that" and doc[start].dep_ == "mark"
                            or doc[start].is_space or doc[start].dep_ == "cc"):
        start += 1
    while end >= start and (doc[end].is_punct and doc[end].text not in marks.QUOTE_MARKS or doc[end].is_space):
        end -= 1
    if end < start or not any(t.pos_ in ("VERB", "AUX") for t in doc[start:end + 1]):
        return None
    return doc[start:end + 1]


def _complement(verb: Token) -> Token | None:
    """The clause a verb of saying reports: its clausal complement after it (`said (that) P`), also
    when the parser hung it on the medium (`said in a statement that P`), or before it and cut off by
    a comma (`P, officials said, while ...`). A question (`would not say where ...`) reports nothing."""
    for child in verb.rights:
        if child.dep_ == "ccomp" and child.pos_ in ("VERB", "AUX"):
            return None if _question(child, verb) else child
        if child.dep_ == "prep":
            for pobj in child.children:
                for clause in pobj.rights:
                    if clause.dep_ in ("ccomp", "acl") and clause.pos_ in ("VERB", "AUX") and any(
                            m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
                        return clause
    doc = verb.doc
    for child in verb.lefts:
        if child.dep_ == "ccomp" and child.pos_ in ("VERB", "AUX") and not is_say(child) \
                and any(t.text == "," for t in doc[child.right_edge.i:verb.i]):
            return child
    return None


def _question(clause: Token, verb: Token) -> bool:
    first = clause.left_edge
    return first.i > verb.i and (first.tag_ in ("WRB", "WP", "WDT") or first.lower_ in ("whether", "if"))


def _parenthetical(verb: Token) -> bool:
    """`If ..., the communiqué said, the bloc will ...`: a cue with its own subject and nothing to
    report of its own, hanging from the clause it reports."""
    head = verb.head
    return (verb.dep_ in ("parataxis", "ccomp", "advcl") and head.i != verb.i and head.pos_ in ("VERB", "AUX")
            and not is_say(head) and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
            and not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children))


def _trailing(cue: Cue) -> SpacySpan | None:
    """`P, X said.` whatever the parse made of P: a cue closing its sentence after a comma and its
    speaker reports everything before the comma."""
    token, doc = cue.token, cue.token.doc
    sent = token.sent
    after = [t for t in doc[token.i + 1:sent.end] if not (t.is_punct or t.is_space)
             and not (cue.cue.start <= t.idx < cue.cue.end)
             and not (cue.speaker and cue.speaker.start <= t.idx < cue.speaker.end)]
    if any(t.pos_ in ("VERB", "AUX") or t.lower_ == "that" or not token.is_ancestor(t) for t in after):
        return None     # a clause after the cue: not a trailing one
    first = min([token.i] + [t.i for t in doc[sent.start:token.i] if cue.speaker and
                             cue.speaker.start <= t.idx < cue.speaker.end])
    end = first - 1
    # the speaker's description the parser left out of its phrase (`, state news agency Tass said`)
    while end >= sent.start and first - end <= DESCRIPTION and doc[end].pos_ in ("NOUN", "PROPN", "ADJ", "DET") \
            and doc[end].ent_type_ not in ("DATE", "TIME"):
        end -= 1
    while end >= sent.start and (doc[end].is_punct and doc[end].text not in ",”’\"" or doc[end].is_space):
        end -= 1
    if end < sent.start or doc[end].text not in ",”’\"":
        return None
    while end >= sent.start and (doc[end].is_punct and doc[end].text not in QUOTE_CLOSERS or doc[end].is_space):
        end -= 1
    start = sent.start
    while start < end and (doc[start].is_space or doc[start].is_punct and doc[start].text not in marks.QUOTE_MARKS):
        start += 1
    span = doc[start:end + 1]
    return span if any(t.pos_ in ("VERB", "AUX") for t in span) or len(span) > 3 else None


def _quoted_share(claim: SpacySpan, quoted) -> float:
    letters = [i for i, ch in enumerate(claim.text, claim.start_char) if ch.isalnum()]
    if not letters:
        return 0.0
    spans = [(m.start, m.end) for m, _ in quoted]
    inside = sum(1 for i in letters if any(s <= i < e for s, e in spans))
    return inside / len(letters)


def source_of(start: int, end: int, quotes: tuple[Quote, ...], attributions: tuple[Attribution, ...]
              ) -> Source | None:
    """The source of whatever the text reports at [start, end): the innermost quote or attribution
    holding the span, with its speaker or source (entity and words); None when the article states it
    itself. A quote's speaker wins over the one who reports it; with no speaker, the reporter."""
    holders = []
    for q in quotes:
        if q.start <= start and end <= q.end and (q.speaker or q.speaker_text or q.reported_by):
            if q.speaker or q.speaker_text:
                source = Source(entity=q.speaker, text=q.speaker_text or "", attribution=q.id)
            else:
                source = q.reported_by
            holders.append((q.end - q.start, source))
    for a in attributions:
        if a.claim.start <= start and end <= a.claim.end:
            holders.append((a.claim.end - a.claim.start, Source(entity=a.source, text=a.source_text,
                                                                attribution=a.id)))
    return min(holders, key=lambda h: h[0])[1] if holders else None
