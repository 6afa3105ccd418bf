"""The input readers: every format, directories, stdin, metadata, dates, ids and language."""
from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from newsgraph.errors import Failure
from newsgraph.ingest import read_articles
from newsgraph.ingest.dates import normalise_date
from newsgraph.ingest.readers import html_to_text
from newsgraph.records import Article, content_id
from newsgraph.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# Written for these tests: a French paragraph (about 50 words) for the language check.
FRENCH = ("Le conseil municipal a voté mardi soir un nouveau plan pour les pistes cyclables de la ville. "
          "Les travaux commenceront au printemps et dureront environ deux ans, selon le maire, qui a promis "
          "de consulter les habitants avant chaque étape et de publier le calendrier complet sur le site de "
          "la mairie dès la semaine prochaine.")
ENGLISH = ("The town council voted on Tuesday evening for a new plan for the city's cycle lanes. Work will "
           "begin in the spring and last about two years, according to the mayor, who promised to consult "
           "residents before each stage and to publish the full timetable next week.")


def read(paths, **settings) -> list[Article | Failure]:
    return list(read_articles([str(p) for p in paths], Settings(**settings)))


def articles(paths, **settings) -> list[Article]:
    out = read(paths, **settings)
    failures = [o for o in out if isinstance(o, Failure)]
    assert not failures, failures
    return out


def write_jsonl(path: Path, *objects: dict) -> Path:
    path.write_text("".join(json.dumps(o) + "\n" for o in objects), encoding="utf-8")
    return path


# --- plain text and sidecars ----------------------------------------------------------------------------

def test_txt_with_sidecar_takes_its_metadata():
    (article,) = articles([FIXTURES / "harbour.txt"])
    text = (FIXTURES / "harbour.txt").read_text(encoding="utf-8")
    assert article.raw == text
    assert article.id == content_id(text)
    assert article.source_id == "harbour-001"
    assert article.title == "Harbour town opens a floating library"
    assert article.url == "https://courier.example.org/2023/09/floating-library"
    assert article.source == "The Coastline Courier"
    assert article.published == "2023-09-16"  # "16 September 2023" in the sidecar
    assert article.meta == {"section": "local"}
    assert article.origin == str(FIXTURES / "harbour.txt")


def test_every_article_goes_through_clean_article(monkeypatch):
    import newsgraph.ingest.clean as clean

    real, seen = clean.clean_article, []

    def spy(article):
        seen.append(article)
        return real(article)

    monkeypatch.setattr(clean, "clean_article", spy)
    out = articles([FIXTURES / "harbour.txt", FIXTURES / "articles.jsonl"])
    assert [a.raw for a in seen] == [a.raw for a in out]
    assert all(a.text == a.raw and not a.repairs for a in seen)  # handed over uncleaned, text = raw


def test_txt_without_sidecar_gets_the_default_date(tmp_path):
    path = tmp_path / "clock.txt"
    path.write_text("The town clock struck noon again on Monday.\r\nIt had been silent for ten years.\n")
    (article,) = articles([path], published="2023-09-18")
    assert article.raw == path.read_bytes().decode()  # unchanged, \r\n included
    assert article.published == "2023-09-18"
    assert article.title is None and article.source_id is None and article.meta == {}


def test_txt_utf8_bom_is_not_part_of_the_text(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfA short note about the weather.")
    (article,) = articles([path])
    assert article.raw == "A short note about the weather."


# --- JSONL ---------------------------------------------------------------------------------------------

def test_jsonl_reads_every_line_with_its_date_alias():
    out = articles([FIXTURES / "articles.jsonl"], published="2000-01-01")
    name = str(FIXTURES / "articles.jsonl")
    # line 2 is blank: skipped, and the line numbers after it stay true to the file
    assert [a.origin for a in out] == [f"{name}:{n}" for n in (1, 3, 4, 5, 6)]
    assert [a.published for a in out] == [
        "2023-09-14", "2023-09-16T10:00:00Z", "2023-09-16T22:45:00Z", "2023-09-15", "2000-01-01"]
    assert [a.source_id for a in out] == ["7001", "7002", "7003", None, "7005"]  # 7001 is a number there
    assert out[0].meta == {"section": "transport"}
    assert out[1].meta == {"tags": ["farming", "weather"]}
    assert out[1].url == "https://example.org/orchard"
    assert out[3].source == "Valley Radio"
    assert out[0].raw.startswith("The island ferry")
    assert all(a.id == content_id(a.raw) for a in out)


def test_jsonl_first_date_alias_present_wins_and_the_rest_go_to_meta(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", {"text": "Words.", "date": "2023-01-02", "dct": "2023-05-06"})
    (article,) = articles([path])
    assert article.published == "2023-01-02"
    assert article.meta == {"dct": "2023-05-06"}


def test_field_option_maps_record_fields_to_other_keys(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", {"body": "The pier reopened.", "headline": "Pier",
                                              "when": "2021-07-04", "date": "1999-01-01", "ref": 12})
    fields = (("text", "body"), ("title", "headline"), ("published", "when"), ("id", "ref"))
    (article,) = articles([path], fields=fields)
    assert article.raw == "The pier reopened."
    assert article.title == "Pier"
    assert article.published == "2021-07-04"
    assert article.source_id == "12"
    assert article.meta == {"date": "1999-01-01"}  # --field replaces the alias list: `date` is just meta


def test_field_option_for_another_name_renames_it_in_meta(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", {"text": "Words.", "byline": "A. Writer"})
    (article,) = articles([path], fields=(("author", "byline"),))
    assert article.meta == {"author": "A. Writer"}


def test_item_date_wins_over_the_default(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", {"text": "One.", "published": "2022-02-02"}, {"text": "Two."})
    out = articles([path], published="2020-01-01")
    assert [a.published for a in out] == ["2022-02-02", "2020-01-01"]


def test_unreadable_date_is_kept_in_meta_and_the_default_used(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", {"text": "One.", "pubDate": "the day after the storm"})
    (article,) = articles([path], published="2020-01-01")
    assert article.published == "2020-01-01"
    assert article.meta["pubDate"] == "the day after the storm"
    assert "the day after the storm" in article.meta["warnings"][0]


@pytest.mark.parametrize("value, expected", [
    ("Sat, 16 Sep 2023 10:00:00 GMT", "2023-09-16T10:00:00Z"),
    ("2023-09-16T10:00:00Z", "2023-09-16T10:00:00Z"),
    ("2023-09-16T10:00:00+02:00", "2023-09-16T10:00:00+02:00"),
    ("16 September 2023", "2023-09-16"),
    ("September 16, 2023", "2023-09-16"),
    ("2023-09-16", "2023-09-16"),
    ("September 2023", "2023-09"),
    ("2023-09-16 10:30", "2023-09-16T10:30:00"),
    ("09/16/2023", "2023-09-16"),  # slashes: month first
    ("03-02-2009", "2009-02-03"),  # dashes or dots: day first
    ("16.09.2023", "2023-09-16"),
    (1694858400, "2023-09-16T10:00:00Z"),
    ("next Tuesday", None),
    ("16 September", None),  # no year: cannot be placed
    ("2023-02-30", None),
    ("", None),
])
def test_dates_are_normalised_to_iso(value, expected):
    assert normalise_date(value) == expected


# --- HTML and feeds ------------------------------------------------------------------------------------

def test_html_page_gives_its_main_text_and_metadata():
    (article,) = articles([FIXTURES / "page.html"])
    assert "converted ferry" in article.raw
    assert "Privacy" not in article.raw and "Home" not in article.raw  # boilerplate left out
    assert article.title == "Harbour town opens a floating library"
    assert article.url == "https://courier.example.org/2023/09/floating-library"
    assert article.source == "The Coastline Courier"
    assert article.published == "2023-09-16"
    assert article.meta.get("author") == "Ada Marlowe"
    assert article.id == content_id(article.raw)


def test_rss_feed_entries_become_articles():
    out = read([FIXTURES / "feed.rss"], published="2000-01-01")
    name = str(FIXTURES / "feed.rss")
    assert [a.origin for a in out] == [f"{name}#1", f"{name}#2", f"{name}#3"]
    first, second, third = out
    assert first.source == "The Valley Ledger"
    assert first.title == "Rail bridge reopens after repairs"
    assert first.url == "https://ledger.example.net/2023/09/rail-bridge"
    assert first.source_id == "ledger-4411"
    assert first.published == "2023-09-16T10:00:00Z"
    # content:encoded wins over the description; paragraphs stay apart
    assert first.raw.startswith("The rail bridge over the River Ambel reopened on Saturday after eleven weeks")
    assert "stone piers.\nEngineers" in first.raw
    assert first.meta["tags"] == ["Transport"]
    assert second.raw == ("The choir of Hollin Street School won the regional singing prize on Friday evening.\n"
                          "Its conductor said the children had practised every lunchtime since Easter.")
    assert second.published == "2023-09-15T18:30:00+01:00"
    assert third.published == "2000-01-01" and third.meta["published"] == "sometime next week"


def test_atom_feed_entries_become_articles():
    out = articles([FIXTURES / "feed.atom"])
    assert [a.source for a in out] == ["Northfield Gazette"] * 2
    assert out[0].source_id == "urn:uuid:4c1e9c0e-6d1b-4a55-9d0e-2f7f0f5b0a02"
    assert out[0].published == "2023-09-16T09:15:00+02:00"  # published before updated
    assert out[0].url == "https://gazette.example.com/2023/09/library-hours"
    assert "from October.\nThe council" in out[0].raw
    assert out[1].published == "2023-09-15T08:00:00Z"  # only <updated>
    assert out[1].raw == "Residents have six weeks to comment on plans for two new cycle lanes."


def test_xml_extension_is_read_as_a_feed_when_it_is_one(tmp_path):
    shutil.copy(FIXTURES / "feed.atom", tmp_path / "gazette.xml")
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>')
    out = read([tmp_path])
    assert [type(o).__name__ for o in out] == ["Article", "Article", "Failure"]
    assert out[2].item == str(tmp_path / "sitemap.xml") and "not an RSS or Atom feed" in out[2].reason


def test_html_to_text_keeps_paragraphs_as_lines():
    markup = "<p>One  <b>bold</b>\n word.</p><p>Two.</p><ul><li>a</li><li>b</li></ul>tail<br>end<script>x()</script>"
    assert html_to_text(markup) == "One bold word.\nTwo.\na\nb\ntail\nend"
    assert html_to_text("plain &amp; simple") == "plain & simple"


# --- directories, paths, ids --------------------------------------------------------------------------------

def test_directory_is_read_recursively_in_sorted_order():
    tree = FIXTURES / "tree"
    out = articles([tree])
    # .hidden.txt, notes.md and the sidecar are left out; the sidecar's keys land in a-first's meta
    assert [a.origin for a in out] == [
        str(tree / "a-first.txt"), str(tree / "sub" / "b-second.jsonl") + ":1",
        str(tree / "sub" / "b-second.jsonl") + ":2", str(tree / "sub" / "c-third.txt"), str(tree / "z-last.txt")]
    assert out[0].meta == {"note": "sidecar for a-first"}


def test_ids_are_content_hashes_the_same_in_any_order(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", {"id": "x", "text": "Same words."}, {"text": "Other words."})
    b = tmp_path / "b.txt"
    b.write_text("Same words.")
    forward = articles([a, b])
    backward = articles([b, a])
    assert {x.origin: x.id for x in forward} == {x.origin: x.id for x in backward}
    assert forward[0].id == forward[2].id == content_id("Same words.")  # same text, same id
    assert forward[0].source_id == "x" and forward[2].source_id is None


def test_a_file_named_with_another_extension_is_sniffed(tmp_path):
    (tmp_path / "note").write_text("A note with no extension.")
    shutil.copy(FIXTURES / "feed.atom", tmp_path / "gazette.download")
    write_jsonl(tmp_path / "lines.json", {"text": "One."}, {"text": "Two."})
    out = articles([tmp_path / "note", tmp_path / "gazette.download", tmp_path / "lines.json"])
    assert [a.origin for a in out] == [str(tmp_path / "note"), f"{tmp_path / 'gazette.download'}#1",
                                       f"{tmp_path / 'gazette.download'}#2", f"{tmp_path / 'lines.json'}:1",
                                       f"{tmp_path / 'lines.json'}:2"]
    assert articles([tmp_path]) == []  # in a directory, only the known extensions are read


def test_shell_glob_passing_a_sidecar_does_not_read_it():
    out = articles([FIXTURES / "harbour.meta.json", FIXTURES / "harbour.txt"])
    assert [a.origin for a in out] == [str(FIXTURES / "harbour.txt")]


# --- stdin --------------------------------------------------------------------------------------------------

def test_stdin_plain_text(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("A note read from a pipe.\n\n{not json}\n"))
    (article,) = articles(["-"])
    assert article.raw == "A note read from a pipe.\n\n{not json}\n"
    assert article.origin == "<stdin>"


def test_stdin_jsonl(monkeypatch):
    lines = "\n" + json.dumps({"id": 1, "text": "First."}) + "\n" + json.dumps({"text": "Second."}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    out = articles(["-"])
    assert [(a.raw, a.source_id, a.origin) for a in out] == [
        ("First.", "1", "<stdin>:2"), ("Second.", None, "<stdin>:3")]


def test_stdin_feed_and_html(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO((FIXTURES / "feed.atom").read_text()))
    assert [a.origin for a in articles(["-"])] == ["<stdin>#1", "<stdin>#2"]
    monkeypatch.setattr(sys, "stdin", io.StringIO((FIXTURES / "page.html").read_text()))
    (article,) = articles(["-"])
    assert article.title == "Harbour town opens a floating library"


# --- language -------------------------------------------------------------------------------------------------

def test_english_item_is_marked_en():
    (article,) = articles([FIXTURES / "harbour.txt"])
    assert article.language == "en"


def test_french_item_is_refused_and_the_batch_goes_on(tmp_path):
    path = write_jsonl(tmp_path / "mixed.jsonl", {"text": FRENCH}, {"text": ENGLISH})
    failure, article = read([path])
    assert isinstance(failure, Failure) and failure.kind == "LanguageError"
    assert failure.item == f"{path}:1"
    assert "'fr'" in failure.reason and "--any-language" in failure.reason
    assert isinstance(article, Article) and article.language == "en"


def test_any_language_processes_it_with_a_warning(tmp_path):
    path = write_jsonl(tmp_path / "fr.jsonl", {"text": FRENCH})
    (article,) = articles([path], any_language=True)
    assert article.language == "fr"
    assert any("'fr'" in w and "--any-language" in w for w in article.meta["warnings"])


def test_declared_language_counts_and_short_texts_are_not_judged(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", {"text": "Kurz.", "language": "de-AT"}, {"text": "Bonjour à tous."},
                       {"text": FRENCH, "language": "en"})
    declared, short, trusted = read([path])
    assert isinstance(declared, Failure) and declared.kind == "LanguageError" and "'de'" in declared.reason
    assert isinstance(short, Article) and short.language is None
    assert isinstance(trusted, Article) and trusted.language == "en"  # the declaration is trusted


# --- the shared corpus ------------------------------------------------------------------------------------------

def test_wikinews_corpus_reads_as_120_articles():
    path = SHARED / "corpus" / "wikinews" / "articles.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is only beside the project in CI)")
    out = articles([path])
    assert len(out) == 120
    given = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [a.published for a in out] == [normalise_date(g["dct"]) for g in given]
    assert sum(a.published == g["dct"] for a, g in zip(out, given)) >= 119  # all ISO but one (03-02-2009)
    assert [a.source_id for a in out] == [str(g["id"]) for g in given]
    assert all(a.language == "en" for a in out)
    assert len({a.id for a in out}) == 120
