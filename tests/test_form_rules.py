"""One rule, one verdict: the essay form takes its rules from what the core publishes
(essay.schema.json), and says its fields "pass every check this page can make" exactly when
`make check` accepts the file's front matter (the essay's Markdown is checked when it is proposed).

The first tests hold the published data to the Python constants it is made from; the browser
tests type values into the site's form (a table of hostile and ordinary ones, then Hypothesis),
write what the form makes into a throwaway anthology and run `make check` on it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
from typing import Annotated

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import StringConstraints, TypeAdapter
from slugify import slugify

from anthology import __main__ as cli
from anthology.rules import addresses, schema
from anthology.rules.text import NOT_TEXT, WHITESPACE, holds_not_text
from conftest import Project
from test_form import built  # noqa: F401 -- the site, built as the deploy workflow builds it

PUBLISHED = schema.essay_json_schema()
EVERY_CHARACTER = [chr(code) for code in range(0x110000)]


def matched(pattern: str) -> set[int]:
    compiled = re.compile(pattern)
    return {ord(char) for char in EVERY_CHARACTER if compiled.search(char)}


# --- the published data is made from the Python rules ------------------------------------------


def test_the_published_text_rules_are_the_checkers_constants():
    rules = PUBLISHED["properties"]["title"]["allOf"]
    assert [rule["x-messages"]["not"] for rule in rules] == [schema.MESSAGES[key] for key in ("character", "bidi", "plain")]
    # Escaped for JavaScript, each finds exactly the characters the Python constant finds.
    assert matched(rules[0]["not"]["pattern"]) == matched(NOT_TEXT.pattern)
    assert matched(rules[1]["not"]["pattern"]) == matched(schema.BIDI_CONTROLS.pattern)
    assert rules[2]["not"]["pattern"] == schema.MARKUP.pattern
    # No raw control character: printable ASCII, and past the BMP whole characters (an escape would
    # be two halves to Python), the non-characters U+1FFFE ... U+10FFFF.
    assert all(" " <= char <= "~" or ord(char) > 0xFFFF for rule in rules for char in rule["not"]["pattern"])
    for name in ("summary", "original_site"):
        assert PUBLISHED["properties"][name]["anyOf"][0]["allOf"] == rules
    assert PUBLISHED["properties"]["tags"]["items"]["allOf"] == rules
    assert PUBLISHED["x-new-author"]["display_name"]["maxLength"] == schema.MAX_TEXT


def test_the_published_whitespace_is_what_pydantic_strips():
    strip = TypeAdapter(Annotated[str, StringConstraints(strip_whitespace=True)])
    stripped = {code for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF
                and strip.validate_python("a" + chr(code)) == "a"}
    assert matched(PUBLISHED["x-whitespace"]) == stripped


def test_the_published_address_rules_are_check_web_urls():
    rules = PUBLISHED["properties"]["original_url"]["anyOf"][0]["allOf"]
    assert [(kind, pattern.pattern, key) for kind, pattern, key in schema.WEB_URL_RULES] == [
        ("not", NOT_TEXT.pattern, "character"), ("pattern", schema.WEB_URL_RULES[1][1].pattern, "url"),
        ("not", schema.WEB_URL_RULES[2][1].pattern, "url_space"), ("pattern", schema.WEB_URL.pattern, "url_broken")]
    for rule, (kind, pattern, key) in zip(rules, schema.WEB_URL_RULES):
        published = rule["not"]["pattern"] if kind == "not" else rule["pattern"]
        assert re.compile(published).pattern == schema.ecma_pattern(pattern.pattern)
        assert rule["x-messages"] == {kind: schema.MESSAGES[key]}


def table_spelling(table: list[list]) -> dict[int, str]:
    return {first + index: spelled for first, run in table for index, spelled in enumerate(run.split("|"))}


SPELLINGS = table_spelling(PUBLISHED["x-tag-address"]["spellings"])


def test_the_published_tag_table_spells_every_character_as_tag_spelling_does():
    for code, char in enumerate(EVERY_CHARACTER):
        if 0xD800 <= code <= 0xDFFF:
            continue
        # Cut to what slugify keeps (lowercase letters, digits, ',', "'", a hyphen for any other run).
        kept = [re.sub(r"[^-a-z0-9,']+", "-", text.lower())
                for text in (SPELLINGS.get(code, char if code < 0x80 else ""), addresses.tag_spelling(char))]
        assert kept[0] == kept[1], hex(code)


def form_tag_address(name: str) -> str:
    """What essay-form.js does with the published data, step by step (its browser test is below)."""
    rule = PUBLISHED["x-tag-address"]
    spelled = "".join(SPELLINGS.get(ord(char), char if ord(char) < 0x80 else "") for char in name)
    for pattern, replacement in rule["steps"]:
        spelled = spelled.lower() if pattern == "lower" else re.sub(pattern, replacement, spelled)
    slug = spelled or rule["empty"]
    return slug + rule["suffix"] if slug in rule["not-ids"] else slug


TAG_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12) | st.text("aZ09 ,'+#&-_.é中🚀\u0301", max_size=12)


@settings(max_examples=300, deadline=None)
@given(TAG_TEXT)
@example("C++")
@example("c plus plus")
@example("Don't, 1,000")
@example("中文")
@example("🚀 launch")
@example("CON")
def test_the_published_tag_address_is_tag_slug(name):
    assert form_tag_address(name) == addresses.tag_slug(name)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=0x7F), max_size=20))
def test_the_published_slug_steps_are_slugifys_own_on_ascii(text):
    assert addresses.slug_steps(text) == slugify(text, entities=False, decimal=False, hexadecimal=False)


def test_every_tag_of_the_real_anthology_keeps_its_address():
    # The founding essays' tags, as the address they had before the rule was made per character.
    from anthology.files.tree import Sources
    from anthology.catalog.assembly import load_catalog
    from conftest import ROOT

    catalog = load_catalog(Sources(ROOT / "docs", ROOT))
    assert {tag.name: tag.slug for tag in catalog.tags} == {
        name: slugify(name) for name in ("career path", "customer care", "customer experience", "learning",
                                         "motivation", "problem solving", "respect")}


# --- the form's verdict is check's ---------------------------------------------------------------

BODY = "Every day brings a new puzzle.\n"
YAML_ESCAPED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def quoted(text: str) -> str:
    """A YAML double-quoted string that reads back as `text`, whatever it holds."""
    return YAML_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False)[1:-1]).join('""')


def trimmed(text: str) -> str:
    return re.sub(f"^{WHITESPACE}+|{WHITESPACE}+$", "", text)


def file_of(title: str, tags: str, url: str, date: str = "", summary: str = "", body: str = BODY) -> str:
    """The file the form would write for what its fields hold (for an essay it refuses)."""
    lines = ["---", f"title: {quoted(trimmed(title))}" if trimmed(title) else "", "author: sarah-wetzel",
             "prompt: what-keeps-you-going"]
    for name, text in (("date", date), ("original_url", url), ("summary", summary)):
        if trimmed(text):
            lines.append(f"{name}: {quoted(trimmed(text))}")
    names = [trimmed(tag) for tag in trimmed(tags).split(",") if trimmed(tag)]
    if names:
        lines.append("tags: [" + ", ".join(map(quoted, names)) + "]")
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    return "\n".join(line for line in lines if line) + "\n---\n\n" + body + "\n"


@pytest.fixture(scope="module")
def tab(browser, built):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(built[1].url + "contribute/")
    page.get_by_role("button", name="Check and make the file").wait_for()
    page.get_by_text("Optional: date, original address, tags, summary").click()
    page.get_by_label("Who wrote it").select_option("sarah-wetzel")
    page.get_by_label("Prompt it answers").select_option("what-keeps-you-going")
    page.get_by_label("The essay, in Markdown").fill(BODY)
    page.wait_for_function("document.getElementById('swa-essay-form').dataset.schema && window.fetch")
    yield page, errors
    context.close()


@pytest.fixture(scope="module")
def anthology(tmp_path_factory):
    return Project(tmp_path_factory.mktemp("verdict") / "anthology")


def verdicts(tab, anthology, title: str, tags: str = "", url: str = "", date: str = "",
             summary: str = "", body: str = BODY) -> tuple[bool, bool, str]:
    """(the form's verdict, check's verdict on the file, what each said) for these fields."""
    page, errors = tab
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Tags, separated by commas").fill(tags)
    page.get_by_label("Where it was first published").fill(url)
    page.get_by_label("Date first published").fill(date)
    page.get_by_label("Summary").fill(summary)
    page.get_by_label("The essay, in Markdown").fill(body)
    page.evaluate("document.getElementById('swa-result').hidden = true")
    page.get_by_role("button", name="Check and make the file").click()
    accepted = page.locator("#swa-result").is_visible()
    if accepted:
        assert "pass every check this page can make" in page.locator("#swa-result-status").inner_text()
        text = page.locator("#swa-file").input_value()
        said = ""
    else:
        held = {name: page.locator(f"#swa-{name}").input_value()
                for name in ("title", "tags", "original_url", "date", "summary", "body")}
        text = file_of(held["title"], held["tags"], held["original_url"], held["date"], held["summary"], held["body"])
        said = " | ".join(filter(None, (page.locator(f"#swa-{name}-error").inner_text() for name in held)))
        said = said[:500]
    assert errors == []
    path = anthology.essay("form-made")
    path.write_text(text, encoding="utf-8", newline="")
    try:
        code, out = run_check(anthology)
    finally:
        path.unlink()
    return accepted, code == 0, f"form: {said or 'accepted'}\nfile:\n{text[:2000]}\ncheck:\n{out}"


def run_check(anthology) -> tuple[int, str]:
    """`make check` in the throwaway anthology: its exit code and what it printed."""
    out = io.StringIO()
    here = os.getcwd()
    os.chdir(anthology.root)
    try:
        with contextlib.redirect_stdout(out):
            code = cli.main(["check"])
    finally:
        os.chdir(here)
    return code, out.getvalue()


EMOJI = "🚀"
TABLE = [
    # (title, tags, original_url, the verdict both give)
    ("Why I stay", "motivation, team", "https://example.com/why", True),
    ("Right-to-left \u202egnikrow\u202c", "", "", False),
    ("An isolate \u2067here\u2069", "", "", False),
    ("Two\u2028lines", "", "", False),
    ("Next\u0085line", "", "", False),
    ("Paragraph\u2029two", "", "", False),
    ("Ends in a line break\u2028", "", "", True),  # taken off the end, as by check
    ("\u00a0Non-breaking spaces round it\u3000", "", "", True),
    ("A zero-width\u200bspace", "", "", True),
    ("Bracketed host", "", "https://[myblog].com/post", False),
    ("IPv6 host", "", "https://[2001:db8::1]:8443/post", True),
    ("Space in host", "", "https://my blog.com/post", False),
    ("Port past the limit", "", "https://example.com:65536/", False),
    ("Upper-case scheme", "", "HTTPS://Example.com/Post", True),
    ("Unicode host", "", "https://bücher.example/ä", True),
    ("No scheme", "", "example.com/post", False),
    ("An IPv4 part past 255", "", "https://999.1.1.1/post", False),  # found by a reviewer: the page's canonical link
    ("Five numbers", "", "https://1.2.3.4.5/", False),
    ("An IPv4 host", "", "https://1.2.3.4/post", True),
    ("A name with digits", "", "https://web2.0example.com/123", True),
    ("A long host quoted short", "", "https://" + "ä" * 30 + "<" * 30 + "/post", False),
    ("An essay the anthology has", "", "https://medium.com/@amy_breedonjay/this-is-my-jam-ff083713e9ee/", False),
    ("Colliding tags", "C++, c plus plus", "", False),
    ("Same tag twice", "C++, C++", "", True),
    ("A tag the anthology spells otherwise", "Motivation", "", False),
    ("A tag the anthology spells the same", "motivation, career path", "", True),
    ("Symbols by name", "🚀 launch, rocket launch", "", False),
    ("Chinese tags", "中文, zhong wen", "", False),
    ("A tag of markup", "<b>bold</b>", "", False),
    ("Tags named as a script's own words", "constructor, toString, __proto__, hasOwnProperty", "", True),
    ("Tags that spell nothing", "\u200b, \u200c", "", False),  # both at tags/tag/
    ("A title with $& and $' in it", "$&, $'", "", True),
    (EMOJI * 200, "", "", True),  # 200 characters as Python counts them, 400 UTF-16 units
    (EMOJI * 201, "", "", False),
    ("👍🏽" * 100, "", "", True),
    ("x" * 199 + EMOJI, "", "", True),
    ("Thirteen tags", ", ".join(f"tag {n}" for n in range(13)), "", False),
    ("A long tag", "字" * 40, "", True),  # tags/zi-zi-…/: 119 characters
    ("A longer tag", "字" * 51, "", False),
    ("A tag whose address is too long", "字" * 41, "", False),
    ("Twenty emoji", EMOJI * 20, "", False),  # rocket-rocket-…: the address is the limit
    ("Six emoji", EMOJI * 6, "", True),
]


@pytest.mark.parametrize("title, tags, url, expected", TABLE, ids=[str(n) for n in range(len(TABLE))])
def test_the_form_and_check_give_one_verdict_on_the_table(tab, anthology, title, tags, url, expected):
    form, check, said = verdicts(tab, anthology, title, tags, url)
    assert (form, check) == (expected, expected), said


@pytest.mark.parametrize("body, expected", [
    ("Two lines\u2028in one", False), ("A next line\u0085here", False), ("An escape \x1b[31m", False),
    ("Carriage returns\r\nand a lone\rone", True), ("word " * 20_000, True), ("word " * 27_000, False),
    ("字" * 43_600, True), ("字" * 43_700, False),  # 3 bytes each in UTF-8: 131,072 bytes is the limit
])
def test_the_form_and_check_give_one_verdict_on_the_essays_text_and_size(tab, anthology, body, expected):
    form, check, said = verdicts(tab, anthology, "Why I stay", body=body)
    assert (form, check) == (expected, expected), said


# Characters that make text interesting to a checker: controls, line breaks YAML reads, bidi,
# invisible, combining, wide, emoji, markup, and what separates tags.
SPICE = st.sampled_from(list("aZ9 -'.&;<>#+%中字é\t") + ["\u0301", "\u202e", "\u2066", "\u2028", "\u2029", "\u0085",
                                                          "\x1b", "\x7f", "\u00a0", "\u3000", "\u200b", "\ufeff", "🚀",
                                                          "👍🏽", "\U0001d400", "&amp;", "<b>", " plus "])
TEXT = st.lists(SPICE, max_size=12).map("".join)
TITLE = TEXT | st.builds(lambda char, count: char * count, st.sampled_from(["🚀", "字", "a", "é"]),
                         st.integers(195, 205))
TAGS = st.lists(st.sampled_from(["C++", "c plus plus", "C#", "Motivation", "motivation", "中文", "zhong wen", "🚀",
                                 "rocket", "Q&A", "q and a", "career path", "Career-Path"]) | TEXT,
                max_size=4).map(", ".join)
HOST = st.sampled_from(["example.com", "[myblog].com", "my blog.com", "[::1]", "[2001:db8::1]", "bücher.de",
                        "1.2.3.4", "", "exa\u2028mple.com", "x.com:8080", "x.com:99999", "user@x.com", "[::1"])
URL = st.builds("{}{}{}{}".format, st.sampled_from(["https://", "http://", "HTTP://", "ftp://", " https://", ""]),
                HOST, st.sampled_from(["", "/", "/post", "/a b", "/ä?q=1#top", "/\u0085"]),
                st.sampled_from(["", " ", "\u3000"])) | TEXT


NEXT_YEAR = dt.date.today().year + 1
DATE = st.sampled_from(["", "2017-05-02", "2016-02-29", "2017-02-29", "1899-12-31", "1900-01-01", f"{NEXT_YEAR}-12-31",
                        f"{NEXT_YEAR + 1}-01-01", "2017-5-2", "２０１７-05-02", "٢٠١٧-05-02", "2017-05-02 #x",
                        "0000-00-00"]) | TEXT


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TITLE, tags=TAGS, url=URL, date=DATE, summary=TEXT)
def test_the_form_and_check_give_one_verdict_on_any_title_tags_and_address(tab, anthology, title, tags, url, date,
                                                                            summary):
    form, check, said = verdicts(tab, anthology, title, tags, url, date, summary)
    assert form == check, said


@pytest.mark.parametrize("field, value", [
    ("title", "Right-to-left \u202egnikrow"), ("title", "Next\u0085line"), ("title", "Two\u2028lines"),
    ("title", "<i>Why</i> I stay"), ("title", "🚀" * 201), ("original_url", "https://[myblog].com/post"),
    ("original_url", "https://my blog.com/post"), ("original_url", "https://example.com:65536/"),
    ("original_url", "https://" + "ä" * 30 + "<" * 30 + "/post"), ("original_url", "mailto:me@example.com"),
    ("original_url", "https://exa\u0085mple.com"),
    # Found by a reviewer: an empty label, a password, a year 0, a tag whose address is too long
    ("original_url", "http://a..b/"), ("original_url", "https://me:secret@example.com/"), ("date", "0000-01-01"),
    ("tags", "😀" * 20),
])
def test_the_form_says_what_check_says(tab, anthology, field, value):
    values = {"title": "Why I stay", "original_url": "", "date": "", "tags": ""}
    values[field] = value
    form, check, said = verdicts(tab, anthology, values["title"], url=values["original_url"], date=values["date"],
                                 tags=values["tags"])
    assert not form and not check
    shown = tab[0].locator(f"#swa-{field}-error").inner_text()
    out = said.split("\ncheck:\n", 1)[1]
    where = "tags.0" if field == "tags" else field  # check names the tag by its place in the list
    assert f": {where}: {shown}" in out, (shown, out)


@settings(max_examples=300)
@given(st.text(st.characters(codec=None, categories=None, exclude_categories=())), st.sampled_from(
    ["", "\x00", "\ufdd0", "\ufffe", "\U0001fffe", "\U0010ffff", "\ud800", "😀", "中文", "“quoted”"]))
@example("Plain words, and an emoji 😀, and nothing wrong", "")
def test_the_quick_search_for_what_is_not_text_is_not_texts_verdict(text, added):
    # read_text searches a whole file the quick way; fields are searched with NOT_TEXT itself.
    assert holds_not_text(text + added) == (NOT_TEXT.search(text + added) is not None)
