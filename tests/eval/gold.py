"""What every scorer here shares: reading a gold folder, and the documents newsgraph makes for its articles."""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHARED = ROOT.parent / "shared"


class Counts:
    """A scorer's tally of counts (dataclass fields) and error lines, summed over documents."""

    def add(self, other) -> None:
        for name in self.__dataclass_fields__:
            if name != "errors":
                setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors


def ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def tally_split(folder: Path, split: str, score_document, total: Counts, pipeline=None) -> Counts:
    """`total` with every gold article of `split` scored by `score_document(gold, document)` added."""
    for gold, _path, document in documents(folder, split, pipeline):
        total.add(score_document(gold, document))
    return total


def gold_files(folder: Path, split: str | None = None) -> list[dict]:
    out = []
    for path in sorted(folder.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if split in (None, gold["split"]):
            out.append(gold)
    return out


def source_path(gold: dict) -> Path:
    """`examples/x.txt` is under the project; `shared:corpus/...` under ../shared.

    `shared:corpus/x.jsonl#<id>` is one article of a JSONL file: the path is the file's.
    """
    name = gold["file"].split("#", 1)[0]
    return SHARED / name.split(":", 1)[1] if name.startswith("shared:") else ROOT / name


def label(gold: dict) -> str:
    """A short name for error listings: the file's stem, or `wikinews#<id>` for one JSONL line."""
    name, _, line_id = gold["file"].partition("#")
    stem = Path(name.split(":", 1)[-1]).stem
    return f"{Path(name).parent.name}#{line_id}" if line_id else stem


def _jsonl_line(path: Path, line_id: str) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and str(json.loads(line)["id"]) == line_id:
            return line + "\n"
    raise LookupError(f"{path}: no article with id {line_id}")


def _read(gold: dict, path: Path) -> list:
    """The article(s) read as the gold's offsets were computed (tests/eval/quotes/annotate_helper.py `load`):
    a JSONL article alone in a temporary .jsonl, read with the gold's publication date."""
    from newsgraph.ingest import read_articles
    from newsgraph.settings import Settings

    settings = Settings(published=gold.get("published"))
    _, _, line_id = gold["file"].partition("#")
    if not line_id:
        return list(read_articles([str(path)], settings))
    fd, tmp = tempfile.mkstemp(suffix=".jsonl")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(_jsonl_line(path, line_id))
        return list(read_articles([tmp], settings))
    finally:
        os.unlink(tmp)


def documents(folder: Path, split: str, pipeline=None) -> Iterator[tuple[dict, Path, dict]]:
    """(gold, source path, newsgraph's document) for each gold article of `split` whose source is here."""
    from newsgraph.errors import Failure
    from newsgraph.pipeline import Pipeline
    from newsgraph.records import document

    pipeline = pipeline or Pipeline()
    for gold in gold_files(folder, split):
        path = source_path(gold)
        if not path.exists():
            continue
        (result,) = list(pipeline.run(_read(gold, path)))
        assert not isinstance(result, Failure), result
        assert result.article.id == gold["article_id"], f"{gold['file']}: text changed since the gold was written"
        yield gold, path, document(result)
