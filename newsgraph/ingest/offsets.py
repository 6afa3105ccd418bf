"""OffsetMap: exact character offsets between an article's raw text and its cleaned text.

The map is nothing but the list of repairs: between two repairs both texts hold the same characters, so
a position there moves by the summed length change of the repairs before it. A position strictly inside
a repair has no exact twin; it goes to the repair's start (or, for the end of a span, to its end) so that
a span mapped across always covers the whole repair it touches and never a neighbour it only abuts.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from newsgraph.records import Repair

Edit = tuple[int, int, str, str]   # start, end (in the current text), replacement, kind


class OffsetMap:
    __slots__ = ("repairs", "raw_len", "clean_len", "_rs", "_re", "_cs", "_ce", "_delta")

    def __init__(self, repairs: Sequence[Repair], raw_len: int):
        self.repairs = tuple(repairs)
        self.raw_len = raw_len
        self._rs = [r.raw_start for r in self.repairs]
        self._re = [r.raw_end for r in self.repairs]
        self._cs = [r.start for r in self.repairs]
        self._ce = [r.end for r in self.repairs]
        # _delta[k] = clean length minus raw length of the first k repairs
        self._delta = [0]
        for r in self.repairs:
            self._delta.append(self._delta[-1] + (r.end - r.start) - (r.raw_end - r.raw_start))
        self.clean_len = raw_len + self._delta[-1]
        prev = 0
        for k, r in enumerate(self.repairs):
            if not (prev <= r.raw_start <= r.raw_end and r.start == r.raw_start + self._delta[k]
                    and r.end - r.start == len(r.text)):
                raise ValueError(f"repairs out of order, overlapping or misplaced at {r!r}")
            prev = r.raw_end
        if prev > raw_len:
            raise ValueError(f"a repair ends at {prev}, past the raw text ({raw_len} characters)")

    @classmethod
    def from_repairs(cls, repairs: Iterable[Repair], raw_len: int) -> "OffsetMap":
        """Rebuild the map from stored repairs (they are the whole of it)."""
        return cls(tuple(repairs), raw_len)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, OffsetMap) and self.raw_len == other.raw_len
                and self.repairs == other.repairs)

    def __hash__(self) -> int:
        return hash((self.raw_len, self.repairs))

    def __repr__(self) -> str:
        return f"OffsetMap({len(self.repairs)} repairs, raw_len={self.raw_len}, clean_len={self.clean_len})"

    @staticmethod
    def _map(i: int, a_s: list, a_e: list, b_s: list, b_e: list, delta: list, sign: int, end: bool) -> int:
        k = bisect_left(a_s, i) - 1          # the last repair starting before i
        if k >= 0 and i < a_e[k]:            # strictly inside it: no exact twin
            return b_e[k] if end else b_s[k]
        if end:
            # a span ending at i must not take in an insertion (or deletion) that sits exactly at i
            m = bisect_left(a_e, i)
            if m < len(a_e) and a_e[m] == i and a_s[m] < i:
                m += 1
        else:
            m = bisect_right(a_e, i)
        return i + sign * delta[m]

    def to_clean(self, i: int) -> int:
        """Raw offset -> clean offset (inside a repair: the repair's clean start)."""
        return self._map(i, self._rs, self._re, self._cs, self._ce, self._delta, 1, False)

    def to_raw(self, i: int) -> int:
        """Clean offset -> raw offset (inside a repair: the repair's raw start; at its end: raw end)."""
        return self._map(i, self._cs, self._ce, self._rs, self._re, self._delta, -1, False)

    def to_clean_end(self, i: int) -> int:
        """Raw offset used as the end of a span -> clean offset (inside a repair: its clean end)."""
        return self._map(i, self._rs, self._re, self._cs, self._ce, self._delta, 1, True)

    def to_raw_end(self, i: int) -> int:
        """Clean offset used as the end of a span -> raw offset (inside a repair: its raw end)."""
        return self._map(i, self._cs, self._ce, self._rs, self._re, self._delta, -1, True)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the clean text -> the span of the raw text that it came from."""
        s = self.to_raw(start)
        return s, max(s, self.to_raw_end(end))

    def clean_span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the raw text -> the span of the clean text it became."""
        s = self.to_clean(start)
        return s, max(s, self.to_clean_end(end))


def apply_repairs(raw: str, repairs: Iterable[Repair]) -> str:
    """The clean text: the raw text with every repair applied (repairs in order, not overlapping)."""
    out, pos = [], 0
    for r in repairs:
        out.append(raw[pos:r.raw_start])
        out.append(r.text)
        pos = r.raw_end
    out.append(raw[pos:])
    return "".join(out)


def compose(raw: str, current: str, repairs: tuple[Repair, ...], edits: list[Edit]):
    """Apply `edits` to `current` (raw with `repairs` applied): the new text and the repairs, all against raw.

    Edits are (start, end, replacement, kind) in `current`. One that would change or split a span an
    earlier repair produced is dropped, so each repair still covers one raw span and the map stays exact.
    """
    omap = OffsetMap(repairs, len(raw))
    cs, ce = [r.start for r in repairs], [r.end for r in repairs]
    rows, kept, last = [], [], -1
    for s, t, new, kind in sorted(edits):
        if s < last or (s == t and kept and kept[-1][:2] == (s, s)) or _touches(s, t, cs, ce):
            continue
        rs = omap.to_raw(s)
        rt = omap.to_raw_end(t) if t > s else rs
        if raw[rs:rt] != current[s:t]:     # cannot happen outside earlier repairs; refuse rather than corrupt
            continue
        kept.append((s, t, new))
        last = t
        rows.append((rs, rt, s, 0, kind, raw[rs:rt], new))
    rows += [(r.raw_start, r.raw_end, r.start, 1, r.kind, r.raw_text, r.text) for r in repairs]
    # raw order; an insertion at the same raw point goes where it stood in the current text
    rows.sort(key=lambda x: x[:4])
    out, delta = [], 0
    for rs, rt, _, _, kind, rtext, ctext in rows:
        out.append(Repair(kind, rs, rt, rtext, rs + delta, rs + delta + len(ctext), ctext))
        delta += len(ctext) - (rt - rs)
    parts, pos = [], 0
    for s, t, new in kept:
        parts += [current[pos:s], new]
        pos = t
    parts.append(current[pos:])
    return "".join(parts), tuple(out)


def _touches(s: int, t: int, cs: list[int], ce: list[int]) -> bool:
    """Would an edit of [s, t) change or split a span an earlier stage produced?"""
    for j in range(bisect_left(ce, s), len(cs)):
        a, b = cs[j], ce[j]
        if a > t:
            break
        if max(s, a) < min(t, b) or s < a < t or a < s < b:
            return True
    return False
