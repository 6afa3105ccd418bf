"""OffsetMap and compose(): the map between raw and cleaned text is exact both ways (property tests)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.ingest.clean import clean
from newsgraph.ingest.offsets import OffsetMap, apply_repairs, compose
from newsgraph.records import Repair

ALPHABET = st.sampled_from(list("ab .,\nxyzТМéÃ©“”"))


@st.composite
def raw_and_repairs(draw):
    """A raw string and random non-overlapping repairs (insertions, deletions, replacements) on it."""
    raw = draw(st.text(ALPHABET, max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(raw)), max_size=12)))
    repairs, delta = [], 0
    for a, b in zip(cuts[::2], cuts[1::2]):
        new = draw(st.text(ALPHABET, max_size=3))
        if a == b and not new:
            continue
        start = a + delta
        repairs.append(Repair("test", a, b, raw[a:b], start, start + len(new), new))
        delta += len(new) - (b - a)
    return raw, repairs


def inside(i: int, spans) -> bool:
    return any(s <= i < e for s, e in spans)


@settings(max_examples=400, deadline=None)
@given(raw_and_repairs())
def test_map_is_exact_both_ways(case):
    raw, repairs = case
    text = apply_repairs(raw, repairs)
    m = OffsetMap(repairs, len(raw))
    assert m.clean_len == len(text)
    raw_spans = [(r.raw_start, r.raw_end) for r in repairs]
    clean_spans = [(r.start, r.end) for r in repairs]
    for r in repairs:
        assert raw[r.raw_start:r.raw_end] == r.raw_text
        assert text[r.start:r.end] == r.text
        if r.raw_end > r.raw_start:
            assert m.clean_span(r.raw_start, r.raw_end) == (r.start, r.end)
        if r.end > r.start:
            assert m.raw_span(r.start, r.end) == (r.raw_start, r.raw_end)
    for i in range(len(raw)):
        if not inside(i, raw_spans):
            j = m.to_clean(i)
            assert raw[i] == text[j]
            assert m.to_raw(j) == i
    for j in range(len(text)):
        if not inside(j, clean_spans):
            i = m.to_raw(j)
            assert text[j] == raw[i]
            assert m.to_clean(i) == j
    assert [m.to_clean(i) for i in range(len(raw) + 1)] == sorted(m.to_clean(i) for i in range(len(raw) + 1))
    assert m.to_clean(len(raw)) == len(text) and m.to_raw(len(text)) == len(raw)
    assert OffsetMap.from_repairs(tuple(repairs), len(raw)) == m


@settings(max_examples=300, deadline=None)
@given(raw_and_repairs(), st.data())
def test_compose_keeps_the_map_exact(case, data):
    """A second round of edits on the cleaned text folds into repairs against the raw text."""
    raw, repairs = case
    current = apply_repairs(raw, repairs)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(current)), max_size=8)))
    edits = [(a, b, data.draw(st.text(ALPHABET, max_size=2)), "second") for a, b in zip(cuts[::2], cuts[1::2])]
    text, out = compose(raw, current, tuple(repairs), edits)
    assert apply_repairs(raw, out) == text
    for r in out:
        assert raw[r.raw_start:r.raw_end] == r.raw_text and text[r.start:r.end] == r.text
    OffsetMap(out, len(raw))             # validates order and placement
    key = lambda r: (r.raw_start, r.raw_end, r.raw_text, r.text)  # noqa: E731
    assert {key(r) for r in repairs} <= {key(r) for r in out}     # earlier repairs are never rewritten


def test_positions_inside_and_at_the_ends_of_a_repair():
    raw = "cafÃ© au lait"
    r = Repair("mojibake", 3, 5, "Ã©", 3, 4, "é")
    m = OffsetMap([r], len(raw))
    assert m.to_clean(4) == 3                     # inside: the repair's clean start
    assert m.to_clean(5) == 4 and m.to_raw(4) == 5  # at its end: the ends meet
    assert m.raw_span(0, 4) == (0, 5) and m.clean_span(0, 4) == (0, 4)


def test_an_insertion_is_not_swallowed_by_the_span_before_it():
    raw = "said.The end"
    r = Repair("missing_space", 5, 5, "", 5, 6, " ")
    m = OffsetMap([r], len(raw))
    assert m.clean_span(0, 5) == (0, 5)           # "said." stays "said.", without the new space
    assert m.to_clean(5) == 6                     # "T" -> "T"


WORDS = ["the", "Russian", "minister", "said", "Moscow", "according", "where", "reported", "Kim", "army"]
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.builds(lambda a, b: a + b, st.sampled_from(WORDS), st.sampled_from(WORDS)),   # glued pairs
    st.sampled_from(["Тu-160", "Tu-22М3", "Мoсква", "Москва", "NАТО", "rеported"]),  # homoglyphs
    st.sampled_from([" ,", " .", " . .", "...", " ;", "3.5", "1,000", "U.S.", "e.g.", "said.The", "Moscow,Russia"]),
    st.sampled_from(["cafÃ©", "â€œquoteâ€\x9d", "\n", "(Moscow)", "“", "”", "www.example.com", "a@b.org"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=25), st.lists(st.sampled_from([" ", "", "\n"]), min_size=25, max_size=25))
def test_clean_output_is_consistent(pieces, seps):
    raw = "".join(p + s for p, s in zip(pieces, seps))
    c = clean(raw)
    assert apply_repairs(raw, c.repairs) == c.text
    for r in c.repairs:
        assert raw[r.raw_start:r.raw_end] == r.raw_text
        assert c.text[r.start:r.end] == r.text
    assert c.offsets == OffsetMap.from_repairs(c.repairs, len(raw))
    for h in c.headings:
        assert c.text[h.start:h.end] == h.text and "\n" not in h.text
    assert clean(raw) == c                              # deterministic
