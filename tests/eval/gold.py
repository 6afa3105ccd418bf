"""What every scorer here shares: reading a gold folder, and the documents newsgraph makes for its articles."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHARED = ROOT.parent / "shared"


def gold_files(folder: Path, split: str | None = None) -> list[dict]:
    out = []
    for path in sorted(folder.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if split in (None, gold["split"]):
            out.append(gold)
    return out


def source_path(gold: dict) -> Path:
    """`examples/x.txt` is under the project; `shared:corpus/...` under ../shared."""
    name = gold["file"]
    return SHARED / name.split(":", 1)[1] if name.startswith("shared:") else ROOT / name


def documents(folder: Path, split: str, pipeline=None) -> Iterator[tuple[dict, Path, dict]]:
    """(gold, source path, newsgraph's document) for each gold article of `split` whose source is here."""
    from newsgraph.errors import Failure
    from newsgraph.ingest import read_articles
    from newsgraph.pipeline import Pipeline
    from newsgraph.records import document
    from newsgraph.settings import Settings

    pipeline = pipeline or Pipeline()
    for gold in gold_files(folder, split):
        path = source_path(gold)
        if not path.exists():
            continue
        (result,) = list(pipeline.run(read_articles([str(path)], Settings(published=gold.get("published")))))
        assert not isinstance(result, Failure), result
        assert result.article.id == gold["article_id"], f"{path}: text changed since the gold was written"
        yield gold, path, document(result)
