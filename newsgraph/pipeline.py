"""Pipeline.run(articles) -> ArticleResults: the spaCy pass and the extractors, one article at a time.

A failure inside one extractor is recorded in that article's `errors` and the rest of its result, and
the rest of the batch, go on.
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from newsgraph import __version__
from newsgraph.errors import Failure
from newsgraph.records import Article, ArticleResult
from newsgraph.settings import Settings

log = logging.getLogger(__name__)

# (name, component) -> extractor(doc, article, found) -> {result field: records}. `found` holds what
# the extractors before it returned, so a later one can build on an earlier one (places on entities).
Extractor = Callable[[object, Article, dict], dict]


def _extractors(settings: Settings) -> list[tuple[str, str, Extractor]]:
    from newsgraph.nlp import actors, attribution, events, places, times
    from newsgraph.nlp.event_lexicon import EventLexicon
    from newsgraph.nlp.lexicon import Lexicon

    lexicon = Lexicon.load(settings.lexicon)
    event_lexicon = EventLexicon.load(settings.lexicon)

    def find_places(doc, article, found):
        found_places, entities = places.find_places(doc, article, found.get("entities", ()), lexicon)
        return {"places": found_places, "entities": entities}

    def find_speech(doc, article, found):
        quotes, attributions = attribution.find_speech(doc, article, found.get("entities", ()))
        return {"quotes": quotes, "attributions": attributions}

    return [
        ("entities", actors.COMPONENT, lambda doc, article, found: {"entities": actors.find_actors(doc, article, lexicon)}),
        ("places", places.COMPONENT, find_places),
        ("times", times.COMPONENT, lambda doc, article, found: {"times": times.find_times(doc, article)}),
        ("quotes", attribution.COMPONENT, find_speech),
        ("events", events.COMPONENT,
         lambda doc, article, found: {"events": events.find_events(doc, article, found, event_lexicon, lexicon)}),
    ]


class Pipeline:
    """The model (loaded once) and the extractors. `run` streams; it never matches results by position."""

    def __init__(self, settings: Settings | None = None, nlp=None):
        from newsgraph.nlp.load import load_model, model_info

        self.settings = settings or Settings()
        self.nlp = nlp if nlp is not None else load_model(self.settings.model)
        self.extractors = _extractors(self.settings)
        self.provenance = {
            **model_info(self.nlp),
            "newsgraph_version": __version__,
            "components": {name: component for name, component, _ in self.extractors},
            "settings_hash": self.settings.digest(),
        }

    def run(self, items: Iterable[Article | Failure]) -> Iterator[ArticleResult | Failure]:
        """Each Article's result, and each Failure passed through near where it stood in the input."""
        failures: deque[Failure] = deque()

        def articles() -> Iterator[tuple[str, Article]]:
            for item in items:
                if isinstance(item, Failure):
                    failures.append(item)
                else:
                    yield item.text, item

        docs = self.nlp.pipe(articles(), as_tuples=True, batch_size=self.settings.batch_size)
        for doc, article in docs:
            while failures:
                yield failures.popleft()
            yield self.extract(doc, article)
        while failures:
            yield failures.popleft()

    def extract(self, doc, article: Article) -> ArticleResult:
        found: dict[str, tuple] = {}
        errors = []
        for _name, component, extractor in self.extractors:
            try:
                for field_name, records in extractor(doc, article, found).items():
                    found[field_name] = tuple(records)
            except Exception as exc:  # one extractor's bug must not lose the article or the batch
                log.exception("%s failed on %s", component, article.origin or article.id)
                errors.append(f"{component}: {type(exc).__name__}: {exc}")
        return ArticleResult(article=article, errors=tuple(errors), provenance=self.provenance, **found)
