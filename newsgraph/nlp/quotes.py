"""Quotations: words inside quotation marks, their kind (direct, partial) and who said them.

Marks are paired in the text itself (curly, straight, guillemets, single curly), one paragraph at a
time; a quotation left open at the end of a paragraph that the next one reopens runs to the end of
its paragraph, as wire copy writes quotations of several paragraphs. Quoted names (`the BM-21 "Grad"`,
`a plane called "Dreamliner"`) are not quotations. Quoted words with no speech around them (scare
quotes) are kept as partial quotations with no speaker: the text gives none, so none is invented.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span as SpacySpan, Token

from newsgraph.nlp.speech import QUOTE_MARKS, Cue, is_cue
from newsgraph.records import Article, Quote, Source, record_id

COMPONENT = "newsgraph.quotes.v1"
OPENERS = {"“": "”\"", "«": "»", "„": "“”", "‘": "’", '"': '"”', "‟": "”", "”": "”\""}
# Words before a quoted name that make it a name: `a ship called "Moskva"`, `the so-called "Grad"`.
NAMING_WORDS = frozenset({"called", "named", "dubbed", "nicknamed", "codenamed", "code-named", "titled",
                          "entitled", "so-called", "known", "brand", "model", "operation"})
# Punctuation at the end of a quotation that is not part of the words (`"...," he said`).
TRAILING = ",.;:"
# A quotation runs over at most this many line breaks (Wikinews puts one sentence on a line).
MAX_LINES = 6


@dataclass(frozen=True)
class Marked:
    """Words inside one pair of marks: the content span (marks and trailing punctuation left out) and
    where the marks are."""
    start: int
    end: int
    open: int
    close: int   # the closing mark's offset, or the paragraph end when the quotation runs on


def marked_spans(text: str) -> list[Marked]:
    out = []
    i, n = 0, len(text)
    while i < n:
        if not _opens(text, i):
            i += 1
            continue
        opener = text[i]
        close, end = _close(text, i)
        if close is not None:
            content = _trimmed(text, i + 1, close)
            if content:
                out.append(Marked(*content, open=i, close=close))
            i = close + 1
        elif opener == "‘":
            i += 1              # an apostrophe or a stray mark
        else:
            content = _trimmed(text, i + 1, end)
            if content and end - i > 3:
                out.append(Marked(*content, open=i, close=end))
            i = max(end, i + 1)
    return out


def _opens(text: str, i: int) -> bool:
    ch = text[i]
    if ch in "“«„‟":
        return True
    if ch == '"':          # also spaced, as some copy writes them: `" We love ... , " said`
        return _opening(text, i) and i + 1 < len(text)
    if ch in "”‘":         # a single mark, or a closing mark typed as an opening one
        return _opening(text, i) and i + 1 < len(text) and not text[i + 1].isspace()
    return False


def _inches(text: str, i: int) -> bool:
    """`a 15" screen`: a straight mark after a digit is a unit."""
    return text[i] == '"' and i > 0 and text[i - 1].isdigit()


def _opening(text: str, i: int) -> bool:
    """A straight or single mark opens when it follows a space, a bracket or the paragraph start."""
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-/“‘"


def _closing(text: str, i: int) -> bool:
    return i + 1 >= len(text) or not text[i + 1].isalnum()


def _close(text: str, i: int) -> tuple[int | None, int]:
    """(the closing mark's offset or None, where an unclosed quotation ends: the end of its line when
    the next line opens a new one, as quotations of several paragraphs are written)."""
    opener, n = text[i], len(text)
    closers = OPENERS.get(opener, '”"')
    breaks = []
    j = i + 1
    while j < n:
        ch = text[j]
        if ch == "\n":
            breaks.append(j)
            k = j + 1
            while k < n and text[k] in " \t":
                k += 1
            if len(breaks) > MAX_LINES or (k < n and opener != "‘" and _opens(text, k)):
                break
        elif ch in closers and (opener in "“«„‟" and ch != '"' or _closing(text, j)) and not _inches(text, j) \
                and not (opener == "‘" and j + 1 < n and text[j + 1].isalpha()):
            return j, j
        elif opener != "‘" and ch in "“«" and ch not in closers:
            break           # a new quotation opens before this one closed: this one ran on
        j += 1
    return None, breaks[0] if breaks else j


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRAILING):
        end -= 1
    return (start, end) if end > start else None


def tokens_of(doc: Doc, mark: Marked) -> SpacySpan | None:
    return doc.char_span(mark.start, mark.end, alignment_mode="expand")


def is_name(words: SpacySpan, mark: Marked, text: str) -> bool:
    """A quoted name: a few capitalised words that a noun or a naming word stands right before
    (`BM-21 "Grad"`, `dubbed "Iron Dome"`), or that head nothing a verb of saying governs."""
    content = [t for t in words if not t.is_punct]
    if not content or len(content) > 4 or any(is_cue(t) for t in content):
        return False
    if not all(t.is_title or t.is_upper or t.like_num or t.is_stop and i > 0 for i, t in enumerate(content)):
        return False
    before = words.doc[words.start - 2] if words.start >= 2 else None   # the word before the mark
    if before is not None and before.text in QUOTE_MARKS:
        before = words.doc[words.start - 3] if words.start >= 3 else None
    if before is not None and before.lower_ in NAMING_WORDS:
        return True
    if before is not None and before.is_alpha or before is not None and before.like_num:
        # `the BM-21 "Grad"`, `the frigate "Almirante"`: a capitalised name right after a content word
        return before.pos_ not in ("VERB", "AUX", "DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART")
    root = words.root
    return root.dep_ in ("compound", "appos", "nmod") and root.head.pos_ in ("NOUN", "PROPN") \
        and root.head.i >= words.end


def is_clause(words: SpacySpan) -> bool:
    """Direct speech holds a clause of its own: its head is a verb with its subject inside the marks
    (`"visit the university ..."` after `Mr. Kim must also` is part of the writer's sentence)."""
    for token in words:
        if words.start <= token.head.i < words.end and token.head.i != token.i:
            continue
        if token.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")
                                                  and words.start <= c.i < words.end for c in token.children):
            return True
    return any(t.is_sent_start for t in words[1:])   # several sentences


def inside(token: Token, words: SpacySpan) -> bool:
    return words.start <= token.i < words.end


# How far (in sentences) a quotation with no cue of its own continues the previous speaker's words.
CONTINUATION = 2


def find_quotes(doc: Doc, article: Article, quoted, cues: dict[int, Cue]) -> list[Quote]:
    out = []
    previous: tuple[Quote, int, Cue | None] | None = None   # the last quote, its last sentence, its cue
    sentence_index = {s.start: n for n, s in enumerate(doc.sents)}
    for mark, words in quoted:
        clause = is_clause(words)
        cue = (None if clause else _contained(words, cues)) or _governing(words, cues) or _attached(words, cues)
        if cue is None and clause:
            cue = _nearby(doc, words, cues, mark)
        if cue is None:
            cue = _reporting(mark, cues)
        first = sentence_index[words[0].sent.start]
        inherited = None
        if cue is None and clause and previous and first - previous[1] <= CONTINUATION:
            inherited = previous[2]      # the speaker's words go on in a new pair of marks
        used = cue or inherited
        speaker = used.speaker if used else None
        reported = _reported_by(used, mark, cues) if cue else (previous[0].reported_by if inherited else None)
        quote = Quote(
            id=record_id(article.id, "quote", mark.start, mark.end),
            start=mark.start, end=mark.end, text=article.text[mark.start:mark.end],
            kind="direct" if clause else "partial",
            speaker=speaker.entity if speaker else None,
            speaker_text=speaker.text if speaker else None,
            cue=used.cue if used and used.token.i not in range(words.start, words.end) else None,
            reported_by=reported, component=COMPONENT)
        out.append(quote)
        last = sentence_index[words[-1].sent.start]
        if used:
            previous = (quote, last, used)
        elif previous:
            previous = (previous[0], last, previous[2]) if clause else previous
    return out


def _contained(words: SpacySpan, cues: dict[int, Cue]) -> Cue | None:
    """`Seoul had "firmly warned"`: the quoted words hold the verb; its subject outside is the speaker."""
    for i in range(words.start, words.end):
        cue = cues.get(i)
        if cue and cue.speaker and not (words.start_char <= cue.speaker.start < words.end_char):
            return cue
    return None


def _heads(words: SpacySpan) -> list[Token]:
    return [t for t in words if not (words.start <= t.head.i < words.end) or t.head.i == t.i]


def _governing(words: SpacySpan, cues: dict[int, Cue]) -> Cue | None:
    """The nearest verb of saying above the quoted words in the parse (`said: "..."`, `praised the
    "strengthening"`) that has a speaker."""
    best = None
    for head in _heads(words):
        token, steps = head, 0
        while token.head.i != token.i:
            token, steps = token.head, steps + 1
            cue = cues.get(token.i)
            if cue and cue.speaker and not (words.start <= token.i < words.end):
                if best is None or steps < best[0]:
                    best = (steps, cue)
                break
    return best[1] if best else None


def _attached(words: SpacySpan, cues: dict[int, Cue]) -> Cue | None:
    """`"...," he said` parsed with the cue hanging from the quoted clause."""
    for head in _heads(words):
        for child in head.children:
            cue = cues.get(child.i)
            if cue and cue.speaker and not (words.start <= child.i < words.end) and \
                    child.dep_ in ("parataxis", "ccomp", "advcl", "conj"):
                return cue
    return None


def _nearby(doc: Doc, words: SpacySpan, cues: dict[int, Cue], mark) -> Cue | None:
    """Direct speech the parser cut from its cue: a verb of saying with a speaker in the same sentence
    or the sentence before ending with a colon (`He said:` / new paragraph `"..."`), none of whose own
    complement is elsewhere."""
    first, last = words[0].sent, words[-1].sent
    sents = {first.start: first, last.start: last}
    if last.end < len(doc):
        after = doc[last.end].sent
        sents[after.start] = after       # `"..."` / `he said.` cut in two: only when it starts with the cue
    before = doc[first.start - 1].sent if first.start > 0 else None
    if before is not None and before.text.rstrip().endswith(":"):
        sents[before.start] = before
    best = None
    for start, sent in sents.items():
        is_before = before is not None and start == before.start
        is_after = start >= last.end
        for token in sent:
            cue = cues.get(token.i)
            if cue is None or not cue.says or cue.speaker is None or words.start <= token.i < words.end:
                continue
            if not is_before and any(c.dep_ == "ccomp" and not words.start <= c.i < words.end
                                     for c in token.children):
                continue   # the cue reports a clause of its own
            if is_after and token.i - sent.start > 4:
                continue
            distance = min(abs(token.idx - mark.open), abs(token.idx - mark.close))
            if best is None or distance < best[0]:
                best = (distance, cue)
    return best[1] if best else None


def _reporting(mark, cues: dict[int, Cue]) -> Cue | None:
    """Quoted words inside reported content (`..., the communiqué said, the bloc will take measures
    that "may include the use of force"`) are the reporter's, when nothing closer speaks them."""
    holders = [c for c in cues.values() if c.claim is not None and c.speaker is not None
               and c.claim.start_char <= mark.start and mark.end <= c.claim.end_char]
    return min(holders, key=lambda c: len(c.claim)) if holders else None


def _reported_by(cue: Cue | None, mark, cues: dict[int, Cue]) -> Source | None:
    """Someone else reporting the speaker's words: a second cue whose reported content holds the quote
    (`Yevmenov explained ... "...," TASS reported`; `..., according to TASS`)."""
    if cue is None or cue.speaker is None:
        return None
    best = None
    for outer in cues.values():
        claim = outer.claim
        if outer is cue or claim is None or outer.speaker is None or not (
                claim.start_char <= mark.start and mark.end <= claim.end_char):
            continue
        same = outer.speaker.entity == cue.speaker.entity if cue.speaker.entity else \
            outer.speaker.text == cue.speaker.text
        if not same and (best is None or len(claim) < len(best.claim)):
            best = outer
    if best is None:
        return None
    return Source(entity=best.speaker.entity, text=best.speaker.text,
                  attribution=best.attribution.id if best.attribution else None)
