"""The exception tree. Messages say what happened and what to do.

    NewsgraphError
    ├── InputError          one input item cannot be used; the batch goes on (exit code 1)
    │   ├── ReadError       cannot read the file: missing, empty, binary, unknown encoding
    │   ├── ParseError      the item's format is broken: a JSONL line that is not JSON or has no text,
    │   │                   an HTML page with no article text, a feed with no entries
    │   ├── TooLargeError   longer than --max-chars
    │   └── LanguageError   not English (skipped unless --any-language)
    ├── UsageError          the command line or settings are wrong (exit code 2)
    ├── ModelError          the spaCy model is not installed or cannot load
    └── StoreError          the database cannot be opened or is newer than this code
"""
from __future__ import annotations

from dataclasses import dataclass


class NewsgraphError(Exception):
    """Base of every error newsgraph raises on purpose."""


class InputError(NewsgraphError):
    """One input item cannot be used. `item` names it (file, and line when there is one)."""

    def __init__(self, item: str, reason: str):
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason


class ReadError(InputError):
    pass


class ParseError(InputError):
    pass


class TooLargeError(InputError):
    pass


class LanguageError(InputError):
    pass


class UsageError(NewsgraphError):
    pass


class ModelError(NewsgraphError):
    pass


class StoreError(NewsgraphError):
    pass


@dataclass(frozen=True, slots=True)
class Failure:
    """A failed input item, passed down the stream in place of an article so the batch goes on."""
    item: str
    reason: str
    kind: str = "input"

    @classmethod
    def of(cls, error: InputError) -> "Failure":
        return cls(error.item, error.reason, type(error).__name__)

    def __str__(self) -> str:
        return f"{self.item}: {self.reason}"
