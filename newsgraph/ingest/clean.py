"""Repair the damage news text carries before NLP sees it, and keep exact offsets back to the raw text.

Four stages run in order, each on the text the one before left: mojibake, homoglyphs, missing spaces,
stray spaces. A stage proposes edits; an edit that would touch a character an earlier stage changed is
dropped, so every repair covers one raw span and the OffsetMap stays exact. Everything else - newlines,
curly quotes, widths, ligatures, Unicode normal form - is left as it came. Headings and the dateline are
found, not changed.
"""
from __future__ import annotations

import dataclasses
import difflib
import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ftfy

from newsgraph.ingest.offsets import Edit, OffsetMap, compose
from newsgraph.records import Article, Repair, Span

__all__ = ["Cleaned", "OffsetMap", "clean", "clean_article"]


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str                      # the repaired text
    repairs: tuple[Repair, ...]    # every change, in order
    headings: tuple[Span, ...]     # sub-heading lines (spans into text, without the newline)
    dateline: str | None           # e.g. "Moscow" from a leading "(Moscow)"
    offsets: OffsetMap             # maps between raw and text


def clean(raw: str) -> Cleaned:
    """The repaired text, every repair with its raw and clean span, the sub-headings and the dateline."""
    text, repairs = raw, ()
    for stage in (_mojibake, _homoglyphs, _missing_spaces, _stray_spaces):
        edits = stage(text)
        if edits:
            text, repairs = compose(raw, text, repairs, edits)
    dateline = find_dateline(text)
    return Cleaned(text, repairs, find_headings(text, skip_first=dateline is not None), dateline,
                   OffsetMap(repairs, len(raw)))


def clean_article(article: Article) -> Article:
    """The article with text, repairs and headings from its raw text; a dateline it already has wins."""
    raw = article.raw or article.text
    c = clean(raw)
    return dataclasses.replace(article, raw=raw, text=c.text, repairs=c.repairs, headings=c.headings,
                               dateline=article.dateline or c.dateline)


# --- mojibake ------------------------------------------------------------------------------------

# Only the fixes for encoding damage: curly quotes, widths, ligatures, normal form, HTML entities and
# line breaks are how the article was written, and offsets into them must stay put.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_encoding=True, restore_byte_a0=True,
    replace_lossy_sequences=True, decode_inconsistent_utf8=True, fix_c1_controls=True,
    fix_latin_ligatures=False, fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
    fix_surrogates=False, remove_control_chars=False, normalization=None, explain=False)


# Mojibake always shows one of these: a UTF-8 lead byte read as Latin-1/cp1252 (Â-ô) or as cp1251 (Р/С
# then a non-letter), a C1 control, MacRoman/cp437 lead bytes, or U+FFFD. Lines without one skip ftfy.
_SUSPECT = re.compile("[\u0080-\u00ff\u221a\u251c\ufffd]|[РС][^\u0410-\u044f\\s]")


def _mojibake(text: str) -> list[Edit]:
    edits, pos = [], 0
    if text.isascii():
        return edits
    for line in text.split("\n"):             # not splitlines(): U+0085 is a byte of many mojibake runs
        if _SUSPECT.search(line):
            fixed = ftfy.fix_text(line, _FTFY)
            if fixed != line:                 # ftfy rewrites the line; keep only what changed
                ops = difflib.SequenceMatcher(None, line, fixed, autojunk=False).get_opcodes()
                edits += [(pos + i1, pos + i2, fixed[j1:j2], "mojibake")
                          for tag, i1, i2, j1, j2 in ops if tag != "equal"]
        pos += len(line) + 1
    return edits


# --- homoglyphs ----------------------------------------------------------------------------------

_NON_LATIN = re.compile(r"[\u0370-\u052f\u1f00-\u1fff]")
_COMPOUND = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*")
_NON_LATIN_RUN = re.compile(r"[\u0370-\u052f\u1f00-\u1fff]+")
_GREEK_AND_CYRILLIC = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff].*[\u0400-\u052f]|"
                                 r"[\u0400-\u052f].*[\u0370-\u03ff\u1f00-\u1fff]")


def _script(ch: str) -> str | None:
    o = ord(ch)
    if o < 0x250 or 0x1E00 <= o < 0x1F00:
        return "L" if ch.isalpha() else None
    if 0x370 <= o < 0x400 or 0x1F00 <= o < 0x2000:
        return "G"
    if 0x400 <= o < 0x530:
        return "C"
    return None


@lru_cache(maxsize=1)
def _twins() -> dict[str, dict[str, str]]:
    """For each target script, the letter of that script that each look-alike letter stands for."""
    to_latin: dict[str, str] = {}
    from_latin: dict[str, dict[str, str]] = {"C": {}, "G": {}}
    path = Path(__file__).resolve().parent.parent / "data" / "homoglyphs.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            other, latin, _cp, direction, *_ = line.split("\t")
            to_latin[other] = latin
            if direction == "both":
                from_latin[_script(other)].setdefault(latin, other)
    twins = {"L": to_latin}
    for target, table in from_latin.items():   # Greek <-> Cyrillic goes through the shared Latin twin
        twins[target] = dict(table)
        twins[target].update({o: table[l] for o, l in to_latin.items() if l in table and _script(o) != target})
    return twins


def _homoglyphs(text: str) -> list[Edit]:
    if not _NON_LATIN.search(text):
        return []
    edits: list[Edit] = []
    dominant, done = None, 0
    for run in _NON_LATIN_RUN.finditer(text):
        s, e = run.span()
        if s < done or not (text[s - 1:s].isalnum() or text[e:e + 1].isalnum()
                            or _GREEK_AND_CYRILLIC.search(run.group())):
            continue                          # a whole Cyrillic or Greek word: nothing to decide
        while s > 0 and (text[s - 1].isalnum()
                         or (text[s - 1] in "-\u2010\u2011" and text[s - 2:s - 1].isalnum())):
            s -= 1
        m = _COMPOUND.match(text, s)
        done = m.end()
        word = m.group()
        parts = [(p.start(), p.group()) for p in re.finditer(r"[^\W_]+", word)]
        counts = [Counter(sc for sc in map(_script, p) if sc) for _, p in parts]
        if not any(len(c) > 1 for c in counts) and not any(any(ch.isdigit() for ch in p) for _, p in parts):
            continue                          # single-script words stay as written
        targets: list[str | None] = []
        for count in counts:                  # a mixed word is in its majority script
            top = count.most_common()
            if len(top) > 1:
                dominant = dominant or _dominant_script(text)
            if len(top) < 2:
                targets.append(None)
            elif top[0][1] > top[1][1]:
                targets.append(top[0][0])
            else:
                targets.append(dominant if count[dominant] == top[0][1] else None)
        for k, (part, count) in enumerate(zip(parts, counts)):
            if len(count) == 1 and any(ch.isdigit() for ch in part[1]):
                # a designation such as 22М3 takes the script of the words it is joined to
                rest = Counter()
                for j, (c, t) in enumerate(zip(counts, targets)):
                    if j != k:
                        rest.update({t: c.total()} if t else c)
                top = rest.most_common()
                if not top:
                    dominant = dominant or _dominant_script(text)
                    targets[k] = dominant
                elif len(top) == 1 or top[0][1] > top[1][1]:
                    targets[k] = top[0][0]
                if targets[k] in count:
                    targets[k] = None
        for (off, part), target, count in zip(parts, targets, counts):
            if target is None:
                continue
            # the majority script first; then the document's, for a word made only of look-alikes (NАТО)
            for target in (target, dominant) if len(count) > 1 else (target,):
                table = _twins()[target] if target else {}
                swaps = [(i, table.get(ch)) for i, ch in enumerate(part) if _script(ch) not in (None, target)]
                if swaps and all(t for _, t in swaps):   # only when every stray letter has a twin
                    base = m.start() + off
                    edits += [(base + i, base + i + 1, t, "homoglyph") for i, t in swaps]
                    break
    return edits


_SCRIPT_LETTERS = {"L": re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+"), "C": re.compile("[\u0400-\u052f]+"),
                   "G": re.compile("[\u0370-\u03ff\u1f00-\u1fff]+")}


def _dominant_script(text: str) -> str:
    counts = {k: sum(map(len, rx.findall(text))) for k, rx in _SCRIPT_LETTERS.items()}
    return max(counts, key=counts.get)


# --- missing spaces ------------------------------------------------------------------------------

# Closed-class English words: a glued pair with one of these on either side is not a compound word.
_FUNCTION = frozenset("""a an the this that these those my your his her its our their some any no every each
either neither all both many much more most other another such what which whose i me you he him she it we us
they them who whom of in on at by for with from to into onto upon about above across after against along among
around as before behind below beside between beyond but despite during except inside like near off out over
since than through under until up via within without and or nor so yet if because although though while
whereas unless whether is are was were be been being am has have had do does did will would shall should can
could may might must not also very just only even still then there here where when why how now too again ever
never often already""".split())
# Right parts that end many English compounds and surnames (Teperman, Wirless): never split before them.
# Derived from wordfreq's English list by tests/test_repair_recall.py::test_productive_lists_are_derived:
# heads ending more than 40 listed words whose left part is a word too.
_PRODUCTIVE_HEADS = frozenset("""able age ally ate back bed board den der des don est field ford fully ham head
her hip house ian ion its ive king land led les less line man men out over per red ring ron sen ship side sing
son stone ted ten time tin ton tone town ward way well wood work""".split())
# Function words that begin more than 20 listed words (outdo, undertake): not trusted as a left part alone.
_PRODUCTIVE_PREFIXES = frozenset("a am an as at be by can do for he her i in is may me no nor off on or out over "
                                 "so to under up we".split())
# Endings of other languages that are English words too (Italian -are/-one, Spanish -ones): they made most
# of the false splits among the foreign words of the measure below.
_FOREIGN_ENDINGS = frozenset("are one ones anti nor ice".split())
_TWO_LETTER = frozenset("of to by it on".split())
_DETERMINERS = frozenset("the this that these those their his its".split())
_MODALS = frozenset("to will would should could must can might".split())
_AUXILIARIES = frozenset("is was are were do does did has have had".split())
_PARTICLES = frozenset("van von der den del des dos las los les mac san ben abu bin ibn ter ten".split())

# Thresholds (Zipf scale), measured on two sets: recall on 4,000 adjacent word pairs (second word lower
# case) of the 120 Wikinews articles glued by deleting the space, and false splits on 30,000 words of
# wordfreq's lists for 12 other languages that the English list lacks (a stand-in for foreign names). A
# right part of 4.5 split Bantom, Papermaster and Talavan in Wikinews; with 5.0 and the rest below: no
# split in Wikinews, 0.22% of the foreign words split, recall 0.58.
_RIGHT_MIN = 5.0       # a content word on the right
_RIGHT3_MIN = 5.5      # ... of three letters
_LEFT_MIN = 3.0        # the left part, four letters or more
_LEFT3_MIN = 4.0       # ... of three letters (two-letter left parts must be function words)
_NAME_LEFT_MIN = 1.0   # the left part before a function word of four letters or more
_AFTER_FUNCTION = 4.0  # the right part after a function word (the+banking)
_BEFORE_TWO_LETTER = 4.5  # a left part before of/to/by/it/on, in a lower-case token only
_GLUED_KNOWN_MAX = 3.5 # web text has "ofthe" (3.33): a pair of function words glued is split below this

_TOKEN = re.compile(r"(?<![\w@#/\\.'’\-])[A-Za-z]{4,}(?![\w@/\\'’\-])")
_CAMEL = re.compile(r"([a-z]{2,})([A-Z][a-z]{2,})")
_GLUED_PUNCT = re.compile(r"[.!?,](?=[A-Za-z])")
_AFTER_STOP = re.compile(r"[a-z]{2}[.!?][A-Z][a-z]")      # said.The, not U.S.A or e.g.The
_AFTER_COMMA = re.compile(r"[A-Za-z]{2},[A-Za-z]{2}")     # Moscow,Russia, not 1,000 or x,y
# What marks a URL, an e-mail address, a domain or a file name; the whole chunk between spaces around it
# is left alone.
_PROTECTED = re.compile(
    r"://|www\.|@|\.(?:com|org|net|gov|edu|int|mil|info|io|co|uk|ru|de|fr|jp|cn|eu|ua|kp|kr|"
    r"pdf|docx?|xlsx?|pptx?|txt|csv|json|xml|html?|php|aspx?|jpe?g|png|gif|zip|exe|mp[34])\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _freqs() -> dict[str, float]:
    import wordfreq
    return wordfreq.get_frequency_dict("en", wordlist="best")


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    """wordfreq.zipf_frequency(word, "en") for a plain alphabetic word, from the same table, without
    its per-call tokenizer (a dict look-up keeps clean() well under a millisecond per article)."""
    f = _freqs().get(word.lower())
    return round(math.log10(f) + 9, 2) if f else 0.0


@lru_cache(maxsize=50_000)
def _split_at(word: str) -> int | None:
    """Where a lost space belongs in `word`, or None."""
    glued = _zipf(word)
    camel = _CAMEL.fullmatch(word)
    if camel:
        left, right = camel.groups()
        ok = (not glued and left not in _PARTICLES and _zipf(right) >= 3.0
              and (left in _FUNCTION or (len(left) > 2 and _zipf(left) >= _LEFT3_MIN)))
        return len(left) if ok else None
    lower = word.islower()
    if not (lower or word[1:].islower()) or glued >= _GLUED_KNOWN_MAX:
        return None
    best, where = 0.0, None
    for i in range(1, len(word) - 1):
        left, right = word[:i].lower(), word[i:]
        if glued:   # a known token: only two function words glued, as web text often has them
            ok = left in _FUNCTION and i > 1 and (right in _DETERMINERS or (right == "be" and left in _MODALS)
                                                  or (right == "not" and left in _AUXILIARIES))
        elif i == 1:
            ok = (lower and left == "a" and len(right) > 3 and right not in _PRODUCTIVE_HEADS
                  and _zipf(right) >= _AFTER_FUNCTION)
        elif len(right) == 2:   # "in", "an", "at", "or" end too many German and Dutch words (-in, -an)
            ok = lower and right in _TWO_LETTER and i > 3 and _zipf(left) >= _BEFORE_TWO_LETTER
        else:
            zl, zr = _zipf(left), _zipf(right)
            if i == 2:
                left_ok = left in _FUNCTION
            elif i == 3:
                left_ok = zl >= _LEFT3_MIN
            else:   # a rare name is a fine left part before a long function word (Shaposhnikov|where)
                left_ok = zl >= (_NAME_LEFT_MIN if right in _FUNCTION and len(right) > 3 else _LEFT_MIN)
            right_ok = (right not in _PRODUCTIVE_HEADS and right not in _FOREIGN_ENDINGS
                        and (len(right) > 3 or right in _FUNCTION or zr >= _RIGHT3_MIN))
            ok = left_ok and right_ok and (
                zr >= _RIGHT_MIN or right in _FUNCTION
                or (left in _FUNCTION and left not in _PRODUCTIVE_PREFIXES and zr >= _AFTER_FUNCTION))
        if ok:
            score = _zipf(left) + _zipf(right)
            if score > best:
                best, where = score, i
    return where


def _missing_spaces(text: str) -> list[Edit]:
    protected = []
    for m in _PROTECTED.finditer(text):
        s, e = m.start(), m.end()
        while s > 0 and not text[s - 1].isspace():
            s -= 1
        while e < len(text) and not text[e].isspace():
            e += 1
        if protected and s <= protected[-1][1]:
            s = protected.pop()[0]
        protected.append((s, e))
    starts = [s for s, _ in protected]

    def free(i: int) -> bool:
        k = bisect_left(starts, i + 1) - 1
        return k < 0 or i >= protected[k][1]

    edits = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        if _zipf(word) >= _GLUED_KNOWN_MAX:
            continue                          # a known word: the common case, decided in one look-up
        i = _split_at(word)
        if i is not None and free(m.start()):
            edits.append((m.start() + i, m.start() + i, " ", "missing_space"))
    for m in _GLUED_PUNCT.finditer(text):
        i = m.start()
        rx = _AFTER_COMMA if m.group() == "," else _AFTER_STOP
        if i >= 2 and rx.match(text, i - 2) and free(i):
            edits.append((i + 1, i + 1, " ", "missing_space"))
    return edits


# --- stray spaces --------------------------------------------------------------------------------

# A space before closing punctuation that ends a word ("system ." / "space , according"), not one that
# begins a token (" .NET", " .5") and not the first dot of an ellipsis.
_STRAY = re.compile(r"(?<=[^\s(\[{“‘«\-–—])[ \t\u00a0]+([,.;:!?)])(?=$|[\s\"”’»)\],.;:!?])", re.M)
_SPACED_DOT = re.compile(r"[ \t\u00a0]+\.")
_DUPLICATE = re.compile(r"(?<=[^\s.]\.)[ \t\u00a0]+\.(?=$|[\s\"”’»)\]])", re.M)


def _stray_spaces(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _DUPLICATE.finditer(text):       # "television. ." but not a spaced ellipsis ". . ."
        if not _SPACED_DOT.match(text, m.end()):
            edits.append((m.start(), m.end(), "", "duplicate_punctuation"))
    for m in _STRAY.finditer(text):
        p, after = m.group(1), text[m.end():m.end() + 1]
        if p == "." and (after == "." or text[m.start() - 1] == "." or _SPACED_DOT.match(text, m.end())):
            continue                          # an ellipsis (also ". . ."), or the duplicate above
        if p in ":;" and after in ")(-":
            continue                          # emoticon
        if p == ")" and re.search(r"\([ \t][^()\n]*$", text[max(0, m.start() - 200):m.start()]):
            continue                          # "( a )" is spaced on purpose
        edits.append((m.start(), m.start(1), "", "stray_space"))
    return edits


# --- headings and dateline -----------------------------------------------------------------------

_FINAL = ".!?:;,…-–—\"”’»'"


def find_headings(text: str, skip_first: bool = False) -> tuple[Span, ...]:
    """Short lines standing alone between paragraphs, without closing punctuation: sub-headings."""
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    out = []
    for k, (pos, line) in enumerate(lines):
        s = line.strip()
        if not s or not s[0].isupper() or s[-1] in _FINAL or len(s.split()) >= 12 or (k == 0 and skip_first):
            continue
        if sum(ch.isalpha() for ch in s) < 2:
            continue
        nxt = next((l.strip() for _, l in lines[k + 1:] if l.strip()), "")
        if not any(ch.isalpha() for ch in nxt) or nxt[0].islower():
            continue                          # the last line, or a line broken mid-sentence
        prev = lines[k - 1][1].strip() if k else ""
        if prev and prev[-1] not in ".!?:\"”’»)":
            continue                          # inside a hard-wrapped paragraph
        start = pos + line.index(s[0])
        out.append(Span(start, start + len(s), s))
    return tuple(out)


_AGENCIES = ("AP|AFP|Reuters|REUTERS|UPI|CNN|Xinhua|XINHUA|TASS|Tass|dpa|DPA|ANSA|EFE|IANS|PTI|Bloomberg|"
             "Interfax|Yonhap|Kyodo|BBC|NPR|Sputnik|RIA Novosti|AAP|CP|PA")
_DASH = r"(?:[—–]|--?)"
_DL_PAREN = re.compile(r"\(([A-Z][^\W\d_]+(?:[ .'’-]{1,2}[^\W\d_]+){0,3})\)[ \t]+(?=\S)")
_DL_CAPS = re.compile(r"([A-Z][A-Z.'’-]*[A-Z.](?: [A-Z][A-Z.'’-]*[A-Z.]){0,3})(?:,[^\n()—–]{1,40}?)?"
                      r"[ \t]*(?:\([^()\n]{1,40}\))?[ \t]*" + _DASH + r"(?:[ \t]|$)")
_DL_TITLE = re.compile(r"([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})(?:,[^\n()]{1,40}?)?[ \t]*\((?:"
                       + _AGENCIES + r")\)[ \t]*(?:" + _DASH + r"|:)(?:[ \t]|$)")
_NOT_PLACES = frozenset("BREAKING UPDATE UPDATED EXCLUSIVE ANALYSIS OPINION WATCH LIVE CORRECTION EDITORS "
                        "NOTE URGENT FLASH ALERT REVIEW VIDEO PHOTOS NEWS EDITORIAL COMMENT".split())
_LOWER_PARTICLES = frozenset("de da do dos das del della di la le les of on upon am an der den van von y e el"
                             .split())


def find_dateline(text: str) -> str | None:
    """The place of a dateline at the very start: (Moscow) / MOSCOW (Reuters) - / PARIS — / Moscow (AP) -."""
    head = text.lstrip("\ufeff \t\r\n")[:160]
    m = _DL_PAREN.match(head)
    if m:
        place = m.group(1)
        agency = re.search(rf"\b(?:{_AGENCIES})\b", place)
        return None if agency or place.split()[0].upper() in _NOT_PLACES else place
    m = _DL_CAPS.match(head)
    if m:
        place = m.group(1)
        if (sum(ch.isalpha() for ch in place) >= 3 and place.split()[0].strip(".") not in _NOT_PLACES
                and not re.fullmatch(_AGENCIES, place)):
            return _title(place)
    m = _DL_TITLE.match(head)
    return m.group(1) if m else None


def _title(place: str) -> str:
    """MOSCOW -> Moscow, RIO DE JANEIRO -> Rio de Janeiro, ST. PETERSBURG -> St. Petersburg."""
    words = []
    for k, w in enumerate(place.split()):
        lw = w.lower()
        words.append(lw if k and lw in _LOWER_PARTICLES else
                     re.sub(r"(^|[-'’])(\w)", lambda m: m.group(1) + m.group(2).upper(), lw))
    return " ".join(words)
