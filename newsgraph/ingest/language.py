"""Is this item in English? py3langid on a prefix of the text, or the language the item declares.

The extractors are English rules over an English model: a French article would come out as noise, so it
is refused (LanguageError) unless the user asks for --any-language, in which case it goes through with
a warning in its meta.
"""
from __future__ import annotations

import functools
import re

from newsgraph.errors import LanguageError

# The first characters decide: on the Wikinews corpus, 500 characters already give every article 'en'
# with p > 0.999; 2,000 leave room for an English header above a foreign text and take ~0.8 ms.
PREFIX_CHARS = 2000

# Below this many words py3langid guesses ("Kim Jong-un meets Shoigu in Vladivostok" comes out as
# Nigerian Pidgin, p=0.05), so short items are not judged.
MIN_WORDS = 20

# A non-English answer must be at least this sure before an item is refused. Measured with py3langid
# 0.4.0 (normalised, length-calibrated probabilities): all 120 Wikinews articles and the seed article
# come out 'en' with p > 0.999; French and German paragraphs of ~40 words come out at p > 0.9999.
MIN_CONFIDENCE = 0.9

_NAMES = {"english": "en", "eng": "en", "french": "fr", "fra": "fr", "fre": "fr", "german": "de",
          "deu": "de", "ger": "de", "spanish": "es", "spa": "es", "italian": "it", "ita": "it",
          "portuguese": "pt", "por": "pt", "russian": "ru", "rus": "ru", "chinese": "zh", "zho": "zh",
          "arabic": "ar", "ara": "ar", "dutch": "nl", "nld": "nl"}


@functools.lru_cache(maxsize=1)
def _identifier():
    # Loading the model takes ~0.8 s: once per process, and only when an item is long enough to judge.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def normalise_code(declared: object) -> str | None:
    """'en-GB', 'EN', 'English', 'eng' -> 'en'; None for nothing usable."""
    if not isinstance(declared, str) or not declared.strip():
        return None
    code = re.split(r"[-_\s]", declared.strip().lower(), maxsplit=1)[0]
    return _NAMES.get(code, code)


def detect(text: str) -> tuple[str, float] | None:
    """(language code, probability) for `text`, or None when it is too short to judge."""
    prefix = text[:PREFIX_CHARS]
    if len(prefix.split()) < MIN_WORDS:
        return None
    code, probability = _identifier().classify(prefix)
    return code, float(probability)


def check_language(text: str, declared: object, item: str, any_language: bool) -> tuple[str | None, str | None]:
    """(language code, warning or None) for an item; raises LanguageError for a non-English one.

    A declared language is trusted over detection (the user knows the source); without one, the
    detected language counts only when the text is long enough and the model sure enough.
    """
    code = normalise_code(declared)
    if code is not None:
        if code == "en":
            return "en", None
        why = f"declared language is {code!r}, not English"
    else:
        found = detect(text)
        if found is None:
            return None, None
        code, probability = found
        if code == "en" or probability < MIN_CONFIDENCE:
            # not sure it is anything else: treat it as English, since that is what the user gave us
            return ("en" if code == "en" else None), None
        why = f"language looks like {code!r} (p={probability:.2f}), not English"
    if not any_language:
        raise LanguageError(item, f"{why}; pass --any-language to process it anyway")
    return code, f"{why}; processed anyway because of --any-language"
