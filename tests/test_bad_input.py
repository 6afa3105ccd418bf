"""Bad input: each case becomes one Failure naming the file (and line), and the rest of the batch comes through."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from newsgraph.errors import Failure
from newsgraph.ingest import read_articles
from newsgraph.records import Article
from newsgraph.settings import Settings

GOOD_TEXT = "The harbour master said the new pontoon would be ready before the regatta in June."


@pytest.fixture
def good(tmp_path) -> Path:
    """A good item to put in every batch: it must come through whatever fails beside it."""
    path = tmp_path / "good.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return path


def run(*paths, **settings) -> tuple[list[Article], list[Failure]]:
    out = list(read_articles([str(p) for p in paths], Settings(**settings)))
    assert all(isinstance(o, (Article, Failure)) for o in out)
    return [o for o in out if isinstance(o, Article)], [o for o in out if isinstance(o, Failure)]


def one_failure(*paths, **settings) -> Failure:
    articles, failures = run(*paths, **settings)
    assert [a.raw for a in articles] == [GOOD_TEXT], "the good item must still come through"
    assert len(failures) == 1, failures
    return failures[0]


def test_empty_file(tmp_path, good):
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-blank.txt").write_text("  \n\t\n")
    articles, failures = run(tmp_path)
    assert [a.raw for a in articles] == [GOOD_TEXT]
    assert [(f.item, f.reason, f.kind) for f in failures] == [
        (str(tmp_path / "a-empty.txt"), "empty", "ReadError"), (str(tmp_path / "b-blank.txt"), "empty", "ReadError")]


def test_empty_jsonl_and_html(tmp_path, good):
    (tmp_path / "a.jsonl").write_text("\n\n")
    (tmp_path / "b.html").write_text("")
    articles, failures = run(tmp_path)
    assert len(articles) == 1
    assert [(f.item, f.reason) for f in failures] == [(str(tmp_path / "a.jsonl"), "empty"),
                                                      (str(tmp_path / "b.html"), "empty")]


def test_binary_file(tmp_path, good):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    failure = one_failure(path, good)
    assert failure.item == str(path) and "binary file" in failure.reason and failure.kind == "ReadError"


def test_latin1_text_is_detected_and_read_correctly(good):
    path = Path(__file__).resolve().parent / "fixtures" / "ingest" / "latin1.txt"
    articles, failures = run(path, good)
    assert not failures
    assert "crème brûlée" in articles[0].raw and "piña colada" in articles[0].raw and "façade" in articles[0].raw


def test_encoding_option_is_used_when_utf8_fails(tmp_path, good):
    path = tmp_path / "menu.txt"
    path.write_bytes("Zürich café".encode("latin-1"))
    articles, failures = run(path, good, encoding="latin-1")
    assert not failures and articles[0].raw == "Zürich café"


def test_html_in_another_encoding_is_read_by_its_charset_or_detected(tmp_path, good):
    page = (Path(__file__).resolve().parent / "fixtures" / "ingest" / "page.html").read_text(encoding="utf-8")
    page = page.replace("residents", "résidents")
    (tmp_path / "declared.html").write_bytes(page.replace("utf-8", "windows-1252").encode("cp1252"))
    (tmp_path / "false.html").write_bytes(page.encode("cp1252"))  # says utf-8, is not
    articles, failures = run(tmp_path)
    assert not failures
    assert [("résidents" in a.raw) for a in articles] == [True, True, False]  # good.txt last


def test_undetectable_bytes_ask_for_the_encoding(tmp_path, good):
    soup = random.Random(7)
    path = tmp_path / "soup.txt"
    path.write_bytes(bytes(soup.randrange(0x80, 0x100) for _ in range(600)))
    failure = one_failure(path, good)
    assert failure.item == str(path)
    assert failure.reason == "not UTF-8 and the encoding could not be detected; pass --encoding"


def test_jsonl_line_that_is_not_json(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"text": GOOD_TEXT}) + "\n" + '{"text": "half" "open"\n' + "[1, 2]\n")
    articles, failures = run(path)
    assert [a.raw for a in articles] == [GOOD_TEXT]
    assert failures[0].item == f"{path}:2" and failures[0].kind == "ParseError"
    assert failures[0].reason == "not valid JSON (Expecting ',' delimiter at column 17)"
    assert failures[1].item == f"{path}:3" and failures[1].reason.startswith("not a JSON object but an array")


def test_jsonl_line_with_no_text(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"title": "T", "body": "The story itself."}) + "\n"
                    + json.dumps({"text": GOOD_TEXT}) + "\n" + json.dumps({"text": ""}) + "\n"
                    + json.dumps({"text": ["not", "a", "string"]}) + "\n")
    articles, failures = run(path)
    assert [a.raw for a in articles] == [GOOD_TEXT]
    assert [(f.item, f.reason) for f in failures] == [
        (f"{path}:1", 'no "text" field (keys: title, body); pass --field text=body'),
        (f"{path}:3", '"text" is empty'),
        (f"{path}:4", '"text" must be a string, not an array')]


def test_html_page_with_no_article_text(good):
    path = Path(__file__).resolve().parent / "fixtures" / "ingest" / "no_article.html"
    failure = one_failure(path, good)
    assert (failure.item, failure.reason, failure.kind) == (str(path), "no article text found in the HTML", "ParseError")


def test_article_longer_than_max_chars(tmp_path, good):
    path = tmp_path / "long.txt"
    path.write_text("word " * 300)
    failure = one_failure(path, good, max_chars=1000)
    assert failure.item == str(path) and failure.kind == "TooLargeError"
    assert failure.reason == "1,500 characters, more than --max-chars 1,000"


def test_file_far_too_big_is_refused_from_its_size(tmp_path, good):
    path = tmp_path / "book.txt"
    path.write_text("word " * 1000)  # 5,000 bytes > 4 bytes a character * 1,000
    failure = one_failure(path, good, max_chars=1000)
    assert failure.kind == "TooLargeError" and "5,000 bytes" in failure.reason and "--max-chars" in failure.reason


def test_jsonl_line_too_long_is_skipped_without_holding_it(tmp_path):
    path = tmp_path / "x.jsonl"
    huge = json.dumps({"text": "word " * 200_000})  # a million bytes on one line, limit 12 * 10 + 1 MiB
    path.write_text(huge + huge + "\n" + json.dumps({"text": "Tiny."}) + "\n" + json.dumps({"text": "x" * 11}) + "\n")
    articles, failures = run(path, max_chars=10)
    assert [a.raw for a in articles] == ["Tiny."]
    assert [f.item for f in failures] == [f"{path}:1", f"{path}:3"]
    assert failures[0].reason == "a line of 2,000,025 bytes, too long for --max-chars 10"
    assert failures[1].reason == "11 characters, more than --max-chars 10"
    assert failures[0].kind == failures[1].kind == "TooLargeError"


def test_missing_path(tmp_path, good):
    failure = one_failure(tmp_path / "nowhere.jsonl", good)
    assert (failure.item, failure.reason, failure.kind) == (
        str(tmp_path / "nowhere.jsonl"), "no such file or directory", "ReadError")


def test_feed_with_no_entries_and_broken_feed(tmp_path, good):
    (tmp_path / "a.rss").write_text('<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    (tmp_path / "b.atom").write_text('<feed xmlns="http://www.w3.org/2005/Atom"><title>Cut short</ti')
    articles, failures = run(tmp_path)
    assert len(articles) == 1
    assert failures[0].item == str(tmp_path / "a.rss") and failures[0].reason == "the feed has no entries"
    assert failures[1].item == str(tmp_path / "b.atom")
    assert failures[1].reason.startswith("not a readable RSS or Atom feed (")


def test_sidecar_that_is_not_json(tmp_path, good):
    (tmp_path / "story.txt").write_text("A story with a broken sidecar.")
    (tmp_path / "story.meta.json").write_text("{title: nope}")
    articles, failures = run(tmp_path)
    assert [a.raw for a in articles] == [GOOD_TEXT]
    assert failures[0].item == str(tmp_path / "story.txt")
    assert failures[0].reason.startswith("its sidecar story.meta.json is not valid JSON (")


def test_unreadable_date_does_not_fail_the_item(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"text": GOOD_TEXT, "date": {"day": 3}}) + "\n")
    articles, failures = run(path)
    assert not failures and articles[0].published is None and articles[0].meta["date"] == {"day": 3}


def test_a_mixed_batch_goes_on_to_the_end(tmp_path, good):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.jsonl").write_text("not json\n" + json.dumps({"text": GOOD_TEXT}) + "\n")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    articles, failures = run(tmp_path / "missing.txt", tmp_path, good)
    assert [a.origin for a in articles] == [f"{tmp_path / 'b.jsonl'}:2", str(tmp_path / "good.txt"), str(good)]
    assert [f.item for f in failures] == [str(tmp_path / "missing.txt"), str(tmp_path / "a.txt"),
                                          f"{tmp_path / 'b.jsonl'}:1", str(tmp_path / "c.txt")]
