"""The event lexicon: trigger words and their frames -> PLOVER type and mode, CAMEO code, target role.

Data in `newsgraph/data/lexicon/events.tsv` (the rows) and `cameo.tsv` (CAMEO names, Goldstein scores,
QuadClass); a `--lexicon DIR` may hold files of the same names whose rows add to or replace the
built-in ones (by their first column), as for the actor lexicons.

    lex = EventLexicon.load()
    lex.match(token, is_actor)      # the first row whose trigger and condition fit the token, or None
    lex.code("042")                 # CameoCode('042', 'Make a visit', 1.9, 1)
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from spacy.tokens import Token

from newsgraph.nlp.lexicon import LexiconError, _merged

PLOVER_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
                          "INTENT"})
TARGET_ROLES = frozenset({"obj", "dative", "poss", "none", "with", "to", "against", "on", "at", "from", "for",
                          "into", "of", "between", "over", "about", "in", "around", "near"})
CONDITIONS = ("obj", "prep", "xcomp", "dative")


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int


@dataclass(frozen=True)
class Trigger:
    lemma: str
    noun: bool
    particle: str | None
    condition: tuple[str, frozenset[str]] | None
    cameo: str
    plover: str
    mode: str | None
    targets: tuple[str, ...]
    symmetric: bool
    where: str


class EventLexicon:
    def __init__(self, extra_dir: Path | None = None):
        self.codes: dict[str, CameoCode] = {}
        for row in _merged("cameo.tsv", extra_dir):
            code, name, goldstein, quad = row.cells
            try:
                self.codes[code] = CameoCode(code, name, float(goldstein), int(quad))
            except ValueError as exc:
                raise LexiconError(f"{row.where}: goldstein must be a number and quad_class 1-4 ({exc})") from exc
        self.rows: dict[tuple[str, bool], list[Trigger]] = {}
        for row in _merged("events.tsv", extra_dir):
            trigger = self._trigger(row.cells, row.where)
            self.rows.setdefault((trigger.lemma, trigger.noun), []).append(trigger)
        for rows in self.rows.values():   # conditioned rows first, each group in file order
            rows.sort(key=lambda t: (t.condition is None and t.particle is None))

    def _trigger(self, cells: list[str], where: str) -> Trigger:
        key, cameo, plover, mode, target, symmetric, _note = cells
        word, _, condition = key.partition(":")
        word, _, pos = word.partition("/")
        lemma, _, particle = word.strip().partition(" ")
        if pos not in ("", "noun"):
            raise LexiconError(f"{where}: {key!r}: write `lemma` for a verb or `lemma/noun` for a noun")
        if cameo not in self.codes:
            raise LexiconError(f"{where}: CAMEO code {cameo!r} is not in cameo.tsv")
        if plover not in PLOVER_TYPES:
            raise LexiconError(f"{where}: {plover!r} is not a PLOVER type ({', '.join(sorted(PLOVER_TYPES))})")
        targets = tuple(t.strip() for t in (target or "none").split("|"))
        if set(targets) - TARGET_ROLES:
            raise LexiconError(f"{where}: unknown target role(s) {sorted(set(targets) - TARGET_ROLES)}; "
                               f"use {', '.join(sorted(TARGET_ROLES))}")
        cond = None
        if condition:
            name, _, values = condition.partition("=")
            if name not in CONDITIONS:
                raise LexiconError(f"{where}: unknown condition {name!r}; use {', '.join(CONDITIONS)}")
            cond = (name, frozenset(v.strip().lower() for v in values.split("|") if v.strip()))
        return Trigger(lemma.lower(), pos == "noun", particle.lower() or None, cond, cameo, plover,
                       mode.lower() or None, targets, symmetric.lower() in ("y", "yes", "true"), where)

    @classmethod
    def load(cls, extra_dir: str | Path | None = None) -> "EventLexicon":
        key = None if extra_dir is None else str(Path(extra_dir).expanduser().resolve())
        return _load(key)

    def code(self, cameo: str) -> CameoCode:
        return self.codes[cameo]

    def match(self, token: Token, is_actor: Callable[[Token], bool]) -> Trigger | None:
        noun = token.pos_ in ("NOUN", "PROPN")
        if not noun and token.pos_ != "VERB":
            return None
        lemma = token.lemma_.lower()
        particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
        for trigger in self.rows.get((lemma, noun), ()):
            if trigger.particle and trigger.particle not in particles:
                continue
            if trigger.condition is None or _holds(token, trigger.condition, is_actor):
                return trigger
        return None


def objects(token: Token) -> list[Token]:
    """What a condition on `obj` looks at: a verb's direct object (its passive subject), with their
    conjuncts; a noun's modifiers and the object of its `of`."""
    if token.pos_ in ("NOUN", "PROPN"):
        out = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
        out += [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children if p.dep_ == "pobj"]
        return out
    out = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    return out + [cc for o in out for cc in o.conjuncts]


def _holds(token: Token, condition: tuple[str, frozenset[str]], is_actor: Callable[[Token], bool]) -> bool:
    name, values = condition
    if name == "obj":
        found = objects(token)
        return any(o.lemma_.lower() in values or o.lower_ in values or ("@actor" in values and is_actor(o))
                   for o in found)
    if name == "prep":
        return any(c.dep_ == "prep" and c.lower_ in values for c in token.children)
    if name == "xcomp":
        return any(c.dep_ == "xcomp" for c in token.children)
    if name == "dative":
        return any(c.dep_ == "dative" or (c.dep_ == "dobj" and c.lower_ == "each") for c in token.children)
    return False


@lru_cache(maxsize=8)
def _load(key: str | None) -> EventLexicon:
    return EventLexicon(None if key is None else Path(key))
