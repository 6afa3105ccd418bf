"""Capital or place? The government reading of a country or capital, on hand-parsed Docs (no model)."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from newsgraph.nlp.metonymy import is_agent

NLP = spacy.blank("en")


def parsed(spec: str, name: str):
    """`word/dep/head-index[/lemma]` tokens; returns the span of `name` (one token)."""
    words, deps, heads, lemmas = [], [], [], []
    for item in spec.split():
        word, dep, head, *lemma = item.split("/")
        words.append(word)
        deps.append(dep)
        heads.append(int(head))
        lemmas.append(lemma[0] if lemma else word.lower())
    doc = Doc(NLP.vocab, words=words, deps=deps, heads=heads, lemmas=lemmas)
    i = words.index(name)
    return doc[i:i + 1]


@pytest.mark.parametrize("spec, name, acting", [
    ("Moscow/nsubj/2 has/aux/2 discussed/ROOT/2/discuss aid/dobj/2", "Moscow", True),
    ("Westerners/nsubj/1 suspect/ROOT/1 Moscow/dobj/1 of/prep/1 buying/pcomp/3/buy", "Moscow", True),
    ("images/ROOT/0/image released/acl/0/release by/agent/1 Moscow/pobj/2", "Moscow", True),
    ("Pyongyang/nsubjpass/2 was/auxpass/2 provided/ROOT/2/provide with/prep/2 oil/pobj/3", "Pyongyang", True),
    ("talks/ROOT/0/talk with/prep/0 Washington/pobj/1", "Washington", True),
    ("according/ROOT/0 to/prep/0 Seoul/pobj/1", "Seoul", True),
    ("Russia/nsubj/3 and/cc/0 China/conj/0 signed/ROOT/3/sign", "China", True),
    ("He/nsubj/1 arrived/ROOT/1/arrive in/prep/1 Moscow/pobj/2", "Moscow", False),
    ("invited/ROOT/0/invite him/dobj/0 to/aux/3 visit/xcomp/0/visit Pyongyang/dobj/3", "Pyongyang", False),
    ("He/nsubj/1 flew/ROOT/1/fly from/prep/1 Moscow/pobj/2", "Moscow", False),
    ("weapons/ROOT/0/weapon bought/acl/0/buy from/prep/1 Pyongyang/pobj/2", "Pyongyang", True),
    ("Russia/poss/2 's/case/0 border/ROOT/2", "Russia", False),
    ("Moscow/poss/2 's/case/0 decision/ROOT/2", "Moscow", True),
    ("Russia/nsubj/1 is/ROOT/1/be vast/acomp/1", "Russia", False),
    ("the/det/1 war/ROOT/1 in/prep/1 Ukraine/pobj/2", "Ukraine", False),
])
def test_reading_follows_the_role_in_the_sentence(spec, name, acting):
    assert is_agent(parsed(spec, name)) is acting
