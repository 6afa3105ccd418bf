"""Rank the example articles by how much political interaction they report (not statements).

The score is the number of matches of interaction cues: predicates and eventive nouns for meeting,
visiting, signing, agreeing, inviting, mediating, negotiating, aiding, releasing, expelling,
sanctioning, accusing, criticising, demanding, threatening, attacking, withdrawing, deploying,
arresting, protesting, blocking, rejecting.  Plain speech cues (said, announced, told) are not
counted.  It is a selection heuristic only, written before the gold, and is no part of any system.
The 20 highest scores are annotated (ties broken by file name); 5 of them are held out.

usage: python tests/eval/events/select_examples.py        (prints the ranking and the split)
"""
import random
import re
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

CUES = r"""
    met | meet(s|ing|ings)? | talks | visit(s|ed|ing)? | host(s|ed|ing)? | greet(ed)? | sign(s|ed|ing)? |
    agree(s|d)? | invit(e|ed|es|ation) | mediat\w* | broker(ed)? | negotiat\w* | aid | assistance |
    gifts? | gave | releas\w* | freed? | exchange | pardon\w* | clemency | expel\w* | expulsions? |
    recall(ed|ing)? | sanction\w* | ban(s|ned)? | impos\w* | suspend\w* | cancel\w* | summon\w* |
    accus\w* | condemn\w* | critici[sz]\w* | denounc\w* | deplor\w* | demand\w* | urg(e|ed|ing) |
    appeal(ed)? | call(ed)?\s+(for|on) | threat\w* | warn\w* | ultimatum | attack\w* | strikes? |
    struck | fir(e|ed|ing) | stormed | seiz\w* | kill(ed|ing)? | abduct\w* | withdr\w* | pull(ed|ing)?\s+out |
    deploy\w* | arrest\w* | detain\w* | protest\w* | rall(y|ied) | demonstrat\w* | block\w* | veto\w* |
    reject\w* | denied | resign\w* | ceasefire | truce | welcom\w* | congratulat\w* | prais\w*
"""
PATTERN = re.compile(r"\b(" + re.sub(r"\s+", "", CUES) + r")\b", re.I)


def score(text: str) -> int:
    return len(PATTERN.findall(text))


def main():
    names = sorted(p.name for p in EXAMPLES.glob("*.txt"))
    ranked = sorted(names, key=lambda n: (-score((EXAMPLES / n).read_text(encoding="utf-8")), n))
    chosen = sorted(ranked[:20])
    for i, n in enumerate(ranked, 1):
        print(f"{i:2d} {score((EXAMPLES / n).read_text(encoding='utf-8')):3d} {n}{'  *' if n in chosen else ''}")
    heldout = random.Random(8).sample(sorted(chosen), 5)
    print("chosen:", ", ".join(n[:-4] for n in chosen))
    print("heldout:", ", ".join(n[:-4] for n in heldout))


if __name__ == "__main__":
    main()
