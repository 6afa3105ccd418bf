"""Temporal expressions: the resolution rules as pure functions, the finder on texts without a parse, and
the real model on short texts and on the reference article."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import spacy

from conftest import EXAMPLES, SEED, need
from newsgraph.nlp import times
from newsgraph.nlp.times import (FUTURE, NEAREST, NO_PUBLISHED, PAST, PRESENT, find_times, iso_week,
                                 month_day_date, month_year, parse_published, shift, weekday_date)
from newsgraph.records import Article, content_id, record_id

SAT = dt.date(2023, 9, 16)          # the reference article's publication date, a Saturday
MON, TUE, WED, THU, FRI, SATURDAY, SUN = range(7)


def article(text: str, published: str | None = "2023-09-16") -> Article:
    return Article(id=content_id(text), raw=text, text=text, published=published)


def spans_hold(found, text: str) -> None:
    for t in found:
        assert text[t.start:t.end] == t.text


# --- resolution, pure -------------------------------------------------------------------------------

def test_a_past_weekday_is_the_latest_on_or_before_publication():
    assert weekday_date(SAT, SATURDAY, PAST) == SAT                      # the same day counts
    assert weekday_date(SAT, FRI, PAST) == dt.date(2023, 9, 15)
    assert weekday_date(SAT, WED, PAST) == dt.date(2023, 9, 13)
    assert weekday_date(SAT, SUN, PAST) == dt.date(2023, 9, 10)


def test_a_future_weekday_is_the_next_one_and_today_counts():
    assert weekday_date(SAT, FRI, FUTURE) == dt.date(2023, 9, 22)
    assert weekday_date(SAT, SUN, FUTURE) == dt.date(2023, 9, 17)
    assert weekday_date(SAT, SATURDAY, FUTURE) == SAT                    # later that day (AP style)
    assert weekday_date(SAT, MON, PRESENT) == dt.date(2023, 9, 18)       # `the summit opens on Monday`


def test_an_unclear_weekday_is_past_and_last_next_are_strict():
    assert weekday_date(SAT, TUE, None) == dt.date(2023, 9, 12)
    assert weekday_date(SAT, SATURDAY, None, rel="last") == dt.date(2023, 9, 9)
    assert weekday_date(SAT, FRI, None, rel="last") == dt.date(2023, 9, 15)
    assert weekday_date(SAT, SATURDAY, None, rel="next") == dt.date(2023, 9, 23)
    assert weekday_date(SAT, MON, None, rel="this coming") == dt.date(2023, 9, 18)


def test_a_weekday_qualifying_a_noun_is_the_nearest():
    assert weekday_date(SAT, WED, NEAREST) == dt.date(2023, 9, 13)      # 3 days back
    assert weekday_date(SAT, MON, NEAREST) == dt.date(2023, 9, 18)      # 2 days on, not 5 back


def test_month_and_day_without_a_year_follow_the_tense():
    assert month_day_date(SAT, 9, 13) == dt.date(2023, 9, 13)
    assert month_day_date(SAT, 9, 16) == SAT
    assert month_day_date(SAT, 9, 16, FUTURE) == SAT
    assert month_day_date(SAT, 9, 20, FUTURE) == dt.date(2023, 9, 20)
    assert month_day_date(SAT, 3, 3, PAST) == dt.date(2023, 3, 3)
    assert month_day_date(SAT, 3, 3, FUTURE) == dt.date(2024, 3, 3)
    assert month_day_date(SAT, 12, 25, PAST) == dt.date(2022, 12, 25)


def test_month_and_day_further_than_eight_months_give_way_to_the_nearer():
    # `the council voted on March 2`, published March 4: not the next October
    assert month_day_date(dt.date(2007, 10, 20), 10, 18, FUTURE) == dt.date(2007, 10, 18)
    assert month_day_date(SAT, 9, 20, PAST) == dt.date(2023, 9, 20)
    assert month_day_date(SAT, 12, 25, PAST) == dt.date(2022, 12, 25)                # 100 days is not near
    assert month_day_date(dt.date(2009, 5, 14), 6, 3, NEAREST) == dt.date(2009, 6, 3)


def test_month_and_day_with_a_weekday_take_the_year_that_fits():
    assert month_day_date(SAT, 9, 16, PAST, weekday=SATURDAY) == SAT
    assert month_day_date(SAT, 9, 16, PAST, weekday=FRI) == dt.date(2022, 9, 16)


def test_impossible_dates_are_none_and_leap_days_are_found():
    assert month_day_date(SAT, 2, 30) is None
    assert month_day_date(dt.date(2008, 7, 2), 2, 29) == dt.date(2008, 2, 29)
    assert month_day_date(SAT, 2, 29) == dt.date(2020, 2, 29)


def test_a_month_without_a_year():
    assert month_year(2023, 9, 3, PAST) == 2023
    assert month_year(2023, 9, 3, FUTURE) == 2024
    assert month_year(2023, 9, 9, PAST) == month_year(2023, 9, 9, FUTURE) == 2023
    assert month_year(2023, 9, 12) == 2022            # the default is the past ...
    assert month_year(2023, 9, 1, PAST) == 2023
    assert month_year(2023, 9, 11) == 2023            # ... unless that is 10 months back, 2 ahead
    assert month_year(2023, 4, 2, FUTURE) == 2023     # `as of February` read as present, in April
    assert month_year(2023, 9, 9, rel="last") == 2022
    assert month_year(2023, 9, 3, rel="last") == 2023
    assert month_year(2023, 9, 11, rel="next") == 2023
    assert month_year(2023, 9, 9, rel="next") == 2024
    assert month_year(2023, 9, 9, rel="this") == 2023


def test_weeks_months_and_years_relative_to_a_date():
    assert shift(SAT, -1, "week")[:2] == ("2023-W36", "week")
    assert shift(SAT, 0, "week")[0] == iso_week(SAT) == "2023-W37"
    assert shift(SAT, -1, "day")[0] == "2023-09-15"
    assert shift(SAT, 2, "day")[0] == "2023-09-18"
    assert shift(SAT, -9, "month")[0] == "2022-12"
    assert shift(SAT, -1, "year")[0] == "2022"
    assert shift(SAT, 0, "weekend")[0] == "2023-W37-WE"
    assert iso_week(dt.date(2021, 1, 3)) == "2020-W53"            # ISO years are not calendar years


def test_publication_dates():
    assert parse_published("2023-09-16").date == SAT
    assert parse_published("2023-09-16T23:30:00-04:00").date == SAT   # the publisher's own date
    assert parse_published("2023-09").date is None
    assert parse_published("2023-09").iso() == "2023-09"
    assert parse_published(None) is None
    assert parse_published("soon") is None
    assert parse_published("2023-02-30") is None


# --- the finder without a parse (hand-made docs, no model) ------------------------------------------

BLANK = spacy.blank("en")


def blank_times(text: str, published: str | None = "2023-09-16"):
    found = find_times(BLANK(text), article(text, published))
    spans_hold(found, text)
    return [(t.text, t.value) for t in found]


def test_relative_words_and_their_spans():
    text = ("Yesterday the talks began. Last week they failed, and earlier this month they stalled. "
            "Two days later they resumed. Three weeks ago there were none. Last year was calm.")
    assert blank_times(text) == [("Yesterday", "2023-09-15"), ("Last week", "2023-W36"),
                                 ("earlier this month", "2023-09"), ("Two days later", "2023-09-17"),
                                 ("Three weeks ago", "2023-W34"), ("Last year", "2022")]


def test_two_days_later_counts_from_the_date_in_scope():
    text = "The talks began on March 3, 2022. Two days later they collapsed. The next day they resumed."
    found = find_times(BLANK(text), article(text))
    assert [(t.text, t.value, t.anchor) for t in found] == [
        ("March 3, 2022", "2022-03-03", None),
        ("Two days later", "2022-03-05", "2022-03-03"),
        ("The next day", "2022-03-06", "2022-03-05")]


def test_leading_prepositions_are_trimmed_and_the_day_before_keeps_its_the():
    text = "Since 2014 they held it. On Sept. 13 it fell. The day before, police came. In the 1990s, too."
    assert blank_times(text) == [("2014", "2014"), ("Sept. 13", "2023-09-13"), ("The day before", "2023-09-12"),
                                 ("1990s", "199")]


def test_durations_ages_and_times_of_day_give_no_record():
    text = ("The truce will last for 48 hours, a seven-day pause after two years of war and a five-year plan. "
            "She is 78 years old, a 41-year-old. It began at 9:45 p.m. and cost $2,000. The past three years "
            "were hard, and over the last year it got worse.")
    assert blank_times(text) == []


def test_years_need_a_date_context():
    text = "In 2000 they met. The MiG-2021 flew. Flight 2012 landed. Between 2014 and 2016 it grew; in 1955-2011."
    assert [t for t, _ in blank_times(text)] == ["2000", "2014", "2016", "1955", "2011"]


def test_quarters_halves_seasons_and_holidays():
    text = ("In the third quarter of 2009 it lost money, and in Q4 2023 too. The second half of this year "
            "looks better; the plan is for fall 2024. Sales peaked on Christmas Eve.")
    assert blank_times(text) == [("third quarter of 2009", "2009-Q3"), ("Q4 2023", "2023-Q4"),
                                 ("second half of this year", "2023-H2"), ("fall 2024", "2024-FA"),
                                 ("Christmas Eve", "2022-12-24")]


def test_without_a_publication_date_relative_times_have_a_reason():
    text = "On Monday they met. On March 3, 2022 they signed. Two days later they left. Last year was calm."
    found = find_times(BLANK(text), article(text, None))
    spans_hold(found, text)
    assert [(t.text, t.value, t.reason) for t in found] == [
        ("Monday", None, NO_PUBLISHED), ("March 3, 2022", "2022-03-03", None),
        ("Two days later", "2022-03-05", None), ("Last year", None, NO_PUBLISHED)]


def test_a_coarse_publication_date_resolves_what_it_can():
    text = "Last year they met; yesterday they left."
    found = find_times(BLANK(text), article(text, "2023-09"))
    assert [(t.value, t.reason) for t in found] == [
        ("2022", None), (None, "the publication date 2023-09 is too coarse to resolve against")]


def test_records_name_the_component_and_have_ids_from_their_offsets():
    text = "They met on Friday."
    a = article(text)
    [t] = find_times(BLANK(text), a)
    assert t.component == times.COMPONENT == "newsgraph.times.v1"
    assert t.id == record_id(a.id, "time", t.start, t.end)
    assert (t.granularity, t.anchor) == ("day", "2023-09-16")


def test_a_doc_of_another_text_is_not_trusted():
    text = "They will meet on Friday."
    found = find_times(BLANK("Something else entirely."), article(text))
    assert [(t.text, t.value) for t in found] == [("Friday", "2023-09-15")]   # no parse: the past default


# --- the model --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.nlp


def model_times(nlp, text: str, published: str | None = "2023-09-16"):
    found = find_times(nlp(text), article(text, published))
    spans_hold(found, text)
    return [(t.text, t.value) for t in found]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("The ministers met on Saturday.", [("Saturday", "2023-09-16")]),
    ("He will visit on Friday.", [("Friday", "2023-09-22")]),
    ("On Wednesday, the president announced a new plan.", [("Wednesday", "2023-09-13")]),
    ("Arriving on Tuesday, he invited the president to visit.", [("Tuesday", "2023-09-12")]),
    ("The prime minister is visiting Paris on Friday.", [("Friday", "2023-09-22")]),
    ("The rebels attacked the town yesterday.", [("yesterday", "2023-09-15")]),
    ("Last week, the talks failed.", [("Last week", "2023-W36")]),
    ("Earlier this month, the ministry said it would act.", [("Earlier this month", "2023-09")]),
    ("The vote took place on Sept. 13.", [("Sept. 13", "2023-09-13")]),
    ("The deal was signed in March.", [("March", "2023-03")]),
    ("The summit will be held in March.", [("March", "2024-03")]),
    ("Another event is to be held on October 12.", [("October 12", "2023-10-12")]),
    ("The talks began on Monday. Two days later, they collapsed.",
     [("Monday", "2023-09-11"), ("Two days later", "2023-09-13")]),
    ("The truce began at 9:45 p.m. on Monday night and will last for 48 hours.", [("Monday", "2023-09-11")]),
    ("Theresa May said they may meet in May.", [("May", "2024-05")]),
])
def test_model_short_texts(nlp, text, expected):
    assert model_times(nlp, text) == expected


@pytest.mark.model
def test_model_without_a_publication_date(nlp):
    text = "The talks began on Monday, and the treaty of March 3, 2022 was cited."
    found = find_times(nlp(text), article(text, None))
    assert [(t.text, t.value, t.reason) for t in found] == [
        ("Monday", None, NO_PUBLISHED), ("March 3, 2022", "2022-03-03", None)]


@pytest.fixture(scope="module")
def seed(nlp):
    from newsgraph.ingest import read_articles
    from newsgraph.settings import Settings

    [a] = list(read_articles([str(need(SEED))], Settings(published="2023-09-16")))
    return a, nlp(a.text)


SEED_EXPECTED = [("Saturday", "2023-09-16"), ("Friday", "2023-09-15"), ("Saturday", "2023-09-16"),
                 ("Wednesday", "2023-09-13"), ("Wednesday", "2023-09-13"), ("Tuesday", "2023-09-12")]


@pytest.mark.model
def test_reference_article(seed):
    a, doc = seed
    assert a.published == "2023-09-16"
    found = find_times(doc, a)
    spans_hold(found, a.text)
    assert [(t.text, t.value) for t in found] == SEED_EXPECTED
    assert {t.anchor for t in found} == {"2023-09-16"}
    assert {t.granularity for t in found} == {"day"}


@pytest.mark.model
def test_reference_article_without_a_publication_date(seed):
    a, doc = seed
    found = find_times(doc, dataclasses.replace(a, published=None))
    spans_hold(found, a.text)
    assert [t.text for t in found] == [text for text, _ in SEED_EXPECTED]
    assert all(t.value is None and t.reason == NO_PUBLISHED and t.anchor is None for t in found)


@pytest.mark.model
def test_the_examples_meet_the_contract(nlp, check_document):
    from newsgraph.ingest import read_articles
    from newsgraph.records import ArticleResult, document
    from newsgraph.settings import Settings

    articles = [a for a in read_articles([str(need(EXAMPLES))], Settings()) if isinstance(a, Article)]
    assert articles
    for a, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        found = find_times(doc, a)
        spans_hold(found, a.text)
        assert len({t.id for t in found}) == len(found)
        assert all(t.value or t.reason for t in found)
        check_document(document(ArticleResult(article=a, times=tuple(found))))
