"""The words and patterns of temporal expressions, for `newsgraph.nlp.times` (which holds the rules).

Each entry of `PATTERNS` is one kind of expression, compiled once at import: a core that starts with a
word of `TRIGGERS` (a month, a weekday, a digit, `yesterday`, `ago`'s unit ...) and a prefix matched
backwards from it (`early`, `last`, `two`). `times.find_times` tries the cores only where their first word
stands, keeps the longest non-overlapping matches that make sense in context, and resolves each with the
rule of its kind. Month and weekday names must be capitalised (`march` and `may` are verbs); the small
words around them (`last`, `earlier this`, `ago`) match in any case.
"""
from __future__ import annotations

import re

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
          "september": 9, "october": 10, "november": 11, "december": 12,
          "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
          "nov": 11, "dec": 12}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
           "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
           "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "a hundred": 100}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
# Holidays with a fixed date: (month, day).
HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
            "new year's day": (1, 1), "new year’s day": (1, 1), "new year's eve": (12, 31),
            "new year’s eve": (12, 31)}
# `the end of March` and `early 2021` keep the value of the month or year they qualify.
PERIOD_EDGES = r"(?:the\s+)?(?:end|beginning|start|middle|turn|close)\s+of|early|late|mid-?"

# Words before a bare year or a bare month name that make it a date: `in 2014`, `since March`.
DATE_CONTEXT = frozenset({"in", "on", "since", "by", "until", "till", "til", "from", "to", "through", "during",
                          "before", "after", "of", "early", "late", "mid", "mid-", "between", "and", "around",
                          "circa", "last", "next", "this", "throughout", "as", "into", "or", "for",
                          "end", "start", "beginning", "middle", "spring", "summer", "autumn", "fall", "winter",
                          "-", "–", "(", "’s", "'s"})
# Capitalised words that make a weekday part of a name: `Good Friday`, `Super Tuesday`.
WEEKDAY_NAMES = frozenset({"good", "black", "super", "ash", "easter", "palm", "bloody", "holy", "cyber",
                           "maundy", "shrove", "giving", "manic", "blue"})
# Words that, before `last year` / `next week`, make it a duration or a part of something else:
# `over the last year`, `his last year in office`, `the next week or so`.
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that",
                         "these", "those", "every", "each", "whose", "'s", "’s", "past", "first"})
# Entity labels inside which a date word is part of a name (`Theresa May`, `USA Today`, `Good Friday Agreement`).
NAME_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "LAW", "PRODUCT", "FAC", "GPE", "NORP", "LOC", "LANGUAGE"})

# --- pattern pieces --------------------------------------------------------------------------------

_WEEKDAY = r"(?P<wd>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY)"
MONTH_FULL = r"January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
_MONTH = rf"(?P<mon>(?:{MONTH_FULL})\b|{_MONTH_ABBR})"
_MONTH_NAME = rf"(?P<mon>(?:{MONTH_FULL})\b)"
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:.,]\d)(?!\s*(?:%|percent|per\s+cent|p\.?m\b|a\.?m\b))"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?![\d,.]\d)"
_NUM = (r"(?P<num>\d{1,3}|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
        r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|a\s+hundred))")
_REL = r"(?P<rel>(?i:this|last|next))"
# `, 2023` / ` 2023` / ` of 2023` / ` of last year` / ` next year`
_YEAR_SPEC = rf"(?:(?:,\s*|\s+(?i:of\s+)?){_YEAR}|\s+(?i:of\s+)?(?P<yrel>(?i:this|last|next|that))\s+(?i:year)\b)"
_EDGE = rf"(?P<edge>(?i:{PERIOD_EDGES}))"

# Each kind: (name, core, prefix). The core is searched for in the text; it starts with a distinctive word
# (a month, a weekday, a digit, `ago`) so that the search is fast. The prefix (`early`, `last`, `the`,
# `two`) is then matched backwards from the start of the core: None for no prefix, a pattern that may
# match nothing for an optional one, one that must match something for a required one.
PATTERNS_SOURCE: list[tuple[str, str, str | None]] = [
    ("iso", rf"\b{_YEAR}-(?P<mnum>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b", None),
    ("slashed", r"\b(?P<a>0?[1-9]|[12]\d|3[01])/(?P<b>0?[1-9]|[12]\d|3[01])/(?P<year>(?:19|20)\d\d)\b", None),
    ("weekday_month_day", rf"\b{_WEEKDAY},?\s+{_MONTH}\s*{_DAY}\b(?:{_YEAR_SPEC})?", None),
    ("weekday_day_month", rf"\b{_WEEKDAY},?\s+(?:(?i:the)\s+)?{_DAY}\s+(?i:of\s+)?{_MONTH}(?:{_YEAR_SPEC})?", None),
    ("month_day", rf"\b{_MONTH}\s*{_DAY}\b(?:{_YEAR_SPEC})?", None),
    ("day_month", rf"(?<![\d.,$£€])\b{_DAY}\s+(?i:of\s+)?{_MONTH}(?:{_YEAR_SPEC})?", r"(?:\b(?i:the)\s+)?"),
    ("month", rf"\b{_MONTH_NAME}(?:{_YEAR_SPEC})?",
     rf"(?:\b{_EDGE}\s*)?(?:\b{_REL}\s+)?(?:\b(?i:the\s+month\s+of)\s+)?"),
    ("month_abbr_year", rf"\b{_MONTH}\s+{_YEAR}", None),
    ("quarter", rf"\b(?P<ord>(?i:first|second|third|fourth|final|1st|2nd|3rd|4th))"
                rf"(?:\s+(?i:fiscal|financial))?[\s-](?i:quarter)\b(?:{_YEAR_SPEC})?", r"(?:\b(?i:the)\s+)?"),
    ("quarter_rel", r"\b(?P<rel>(?i:this|last|next|current|previous))\s+(?:(?i:fiscal|financial)\s+)?(?i:quarter)\b",
     None),
    ("q_year", rf"\bQ(?P<q>[1-4])\s+{_YEAR}", None),
    ("half", rf"\b(?P<ord>(?i:first|second))\s+(?i:half)(?:{_YEAR_SPEC}|\s+(?i:of\s+the\s+year)\b)",
     r"(?:\b(?i:the)\s+)?"),
    ("season", rf"\b(?P<season>(?i:spring|summer|autumn|fall|winter))\b(?:{_YEAR_SPEC})?",
     rf"(?:\b{_EDGE}\s*)?(?:(?:\b{_REL}|\b(?i:the))\s+)?"),
    ("decade", r"\b(?P<decade>(?:19|20)\d0)['’]?s\b", r"(?:\b(?i:the)\s+)?(?:\b(?P<edge>(?i:early|mid-?|late))\s*)?"),
    ("decade_short", r"(?<![\w])(?P<decade>[2-9]0)['’]?s\b",
     r"\b(?i:the)\s+(?:(?P<edge>(?i:early|mid-?|late))\s*)?['‘’]?"),
    ("year", rf"(?<![\d$£€#.,/])\b{_YEAR}\b", rf"(?:\b{_EDGE}\s*)?"),
    ("day_before_yesterday", r"\b(?i:the\s+day\s+(?P<which>before\s+yesterday|after\s+tomorrow))\b", None),
    ("deictic_day", r"\b(?P<word>(?i:yesterday|today|tomorrow))\b", None),
    ("edge_of_unit", r"\b(?i:the)\s+(?P<unit>(?i:week|month|year))\b",
     r"\b(?i:the\s+)?(?P<edge>(?i:end|beginning|start|middle|turn|close))\s+(?i:of)\s+"),
    ("rel_unit", r"\b(?P<rel>(?i:this|last|next|current))\s+(?P<unit>(?i:week|month|year|weekend))\b",
     rf"(?:\b(?P<side>(?i:earlier|later|early|late))\s+(?:(?i:in|on)\s+)?|\b{_EDGE}\s*)?"),
    ("weekend", r"\b(?i:the\s+)(?i:weekend)\b", None),
    ("offset", r"\b(?P<unit>(?i:day|week|month|year|decade))s?\s+"
               r"(?P<dir>(?i:ago|later|earlier|before|after|on|from\s+now|hence))\b", rf"\b{_NUM}[\s-]+"),
    ("scope_unit", r"\b(?i:the\s+)(?P<dir>(?i:next|following|previous|preceding|same|prior))\s+"
                   r"(?P<unit>(?i:day|week|month|year|weekend))\b", None),
    ("unit_before", r"\b(?i:the\s+)(?P<unit>(?i:day|week|month|year))\s+"
                    r"(?P<dir>(?i:before|after|earlier|later|prior))\b", None),
    ("scope_that", r"\b(?P<det>(?i:that|the\s+same|the))\s+(?P<unit>(?i:day|week|month|year))\b",
     r"(?:\b(?P<side>(?i:earlier|later))\s+(?:(?i:in|on)\s+)?)?"),
    ("holiday", r"\b(?P<holiday>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s\s+(?:Day|Eve))\b", None),
    ("weekday", rf"\b{_WEEKDAY}\b", r"(?:\b(?P<rel>(?i:last|next|this\s+coming|this|coming|this\s+past|past))\s+)?"),
    ("present", r"\b(?P<word>(?i:now|currently|nowadays|presently|at\s+present|at\s+the\s+moment))\b(?!-)", None),
]
PATTERNS = [(name, re.compile(core), re.compile(f"(?:{prefix})\\Z") if prefix is not None else None)
            for name, core, prefix in PATTERNS_SOURCE]
PRIORITY = {name: i for i, (name, _, _) in enumerate(PATTERNS_SOURCE)}

# The words a core can start with, so that each core is tried only where one of them stands (one pass
# over the words instead of one regex pass per kind: 0.2 ms instead of 1.6 ms on a Wikinews article).
# DIGIT stands for any word that starts with a digit.
DIGIT = "#digit"
_UNITS = ("day", "week", "month", "year", "decade")
_FIRST_WORDS: dict[str, tuple[str, ...]] = {
    "iso": (DIGIT,), "slashed": (DIGIT,), "day_month": (DIGIT,), "year": (DIGIT,), "decade": (DIGIT,),
    "decade_short": (DIGIT,),
    "weekday_month_day": tuple(WEEKDAYS), "weekday_day_month": tuple(WEEKDAYS), "weekday": tuple(WEEKDAYS),
    "month_day": tuple(MONTHS), "month_abbr_year": tuple(MONTHS), "month": tuple(MONTH_FULL.lower().split("|")),
    "quarter": ("first", "second", "third", "fourth", "final", DIGIT), "half": ("first", "second"),
    "quarter_rel": ("this", "last", "next", "current", "previous"), "rel_unit": ("this", "last", "next", "current"),
    "edge_of_unit": ("the",),
    "q_year": ("q1", "q2", "q3", "q4"), "season": tuple(SEASONS),
    "day_before_yesterday": ("the",), "weekend": ("the",), "scope_unit": ("the",), "unit_before": ("the",),
    "scope_that": ("the", "that"), "deictic_day": ("yesterday", "today", "tomorrow"),
    "offset": _UNITS + tuple(u + "s" for u in _UNITS), "holiday": ("christmas", "new"),
    "present": ("now", "currently", "nowadays", "presently", "at"),
}
TRIGGERS: dict[str, list] = {}
for _name, _core, _prefix in PATTERNS:
    for _word in _FIRST_WORDS[_name]:
        TRIGGERS.setdefault(_word, []).append((_name, _core, _prefix))
WORD = re.compile(r"\w+")
