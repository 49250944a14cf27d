"""Links that land, in any script: headings get the ids GitHub gives them, and every link to a
heading, in the same essay or another one, lands on it on the site, in the printable edition and
in the ebook. A link to a heading that is not there is a check problem at its line.

GitHub's ids: github-slugger (the algorithm GitHub's heading anchors are matched by; its tests
are ids GitHub's own pages carry, taken from a gist GitHub rendered) lowercases the heading's
text, drops other numbers, punctuation but "_" and "-", symbols, controls, format characters,
unassigned code points and spaces but " " (keeping what is alphabetic), and makes each space a
hyphen; a repeat gets "-1", "-2". The first rows of GITHUB_IDS are from those tests; the
others follow from the same rules, each with the rule it shows.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from anthology.rendering.essay import Targets, render_essay
from anthology.rules.text import NOT_TEXT
from anthology_dev.static_server import SiteServer
from conftest import Project
from test_editions import epubcheck, open_book
from test_untrusted import check, essay

BODY_LINE = 7  # essay(): the body starts on the file's seventh line

GITHUB_IDS = [
    # From GitHub's own pages (github-slugger's test fixtures).
    ("Привет non-latin 你好", "привет-non-latin-你好"),
    ("😄 unicode emoji", "-unicode-emoji"),
    ("😄 - an emoji", "---an-emoji"),
    ("apostrophe’s should be trimmed", "apostrophes-should-be-trimmed"),
    ("I ♥ unicode", "i--unicode"),
    ("en–dash", "endash"),
    ("heading with a - dash", "heading-with-a---dash"),
    ("heading with an _ underscore", "heading-with-an-_-underscore"),
    ("exchange.bind_headers(exchange, routing [, bindCallback])", "exchangebind_headersexchange-routing--bindcallback"),
    # By the same rules.
    ("Почему я остаюсь", "почему-я-остаюсь"),  # Cyrillic letters, lowercased
    ("なぜサポートを続けるのか", "なぜサポートを続けるのか"),  # Japanese, no spaces: every letter kept
    ("はじめに　全角スペース", "はじめに全角スペース"),  # the ideographic space is not " ": dropped
    ("我为什么留下来：客服的一天", "我为什么留下来客服的一天"),  # the full-width colon is punctuation
    ("“Bread” and ‘butter’", "bread-and-butter"),  # curly quotes, as writers paste them
    ("🚀 Launch day 🎉", "-launch-day-"),  # emoji are symbols: dropped, their spaces kept
    ("मैं क्यों रुकती हूँ", "मैं-क्यों-रुकती-हूँ"),  # vowel signs are marks: kept
    ("لماذا أبقى؟", "لماذا-أبقى"),  # Arabic letters kept, its question mark dropped
    ("Café au lait, ½ price", "café-au-lait--price"),  # "½" is an other number
    ("Don't -- stop", "dont----stop"),  # as written: the page shows "–", the id keeps "--"
    ("**Bold** and `code_x` and [a link](https://example.com)", "bold-and-code_x-and-a-link"),  # the text read
]
# Repeats numbered as GitHub numbers them (github-slugger's fixtures again).
REPEATS = [(["echo", "echo", "echo 1", "echo-1", "echo"], ["echo", "echo-1", "echo-1-1", "echo-1-2", "echo-2"]),
           (["foxtrot-1", "foxtrot", "foxtrot"], ["foxtrot-1", "foxtrot", "foxtrot-2"]),
           (["Why I stay", "Why I stay?", "Why I stay!"], ["why-i-stay", "why-i-stay-1", "why-i-stay-2"])]


def rendered(body: str, essays=frozenset({"other"}), parts: list | None = None):
    return render_essay(body, BODY_LINE, "docs/essays/e.md", Targets(frozenset(essays), frozenset()), parts)


def heading_ids(html: str) -> list[str]:
    return [h["id"] for h in BeautifulSoup(html, "html.parser").select("h2, h3")]


@pytest.mark.parametrize("text, github", GITHUB_IDS)
def test_a_heading_gets_the_id_github_gives_it(text, github):
    html, problems = rendered(f"An opening.\n\n## {text}\n\nWords.")
    assert problems == [] and heading_ids(html.html) == [f"user-content-{github}"]


@pytest.mark.parametrize("texts, github", REPEATS)
def test_repeated_headings_are_numbered_as_github_numbers_them(texts, github):
    html, problems = rendered("\n\n".join(f"## {text}\n\nWords." for text in texts))
    assert problems == [] and heading_ids(html.html) == [f"user-content-{id_}" for id_ in github]


def test_a_heading_of_emoji_alone_gets_githubs_empty_id_and_its_permalink_lands():
    html, problems = rendered("## 🎉\n\n## 🎉\n\nWords.")
    page = BeautifulSoup(html.html, "html.parser")
    assert problems == [] and heading_ids(html.html) == ["user-content-", "user-content--1"]
    assert [a["href"] for a in page.select("a.headerlink")] == ["#user-content-", "#user-content--1"]


@pytest.mark.parametrize("link", ["#почему-я-остаюсь", "#" + quote("почему-я-остаюсь"), "#user-content-почему-я-остаюсь"])
def test_a_link_to_a_heading_as_github_writes_it_or_as_copied_percent_encoded_leads_to_its_id(link):
    html, problems = rendered(f"See [why]({link}).\n\n## Почему я остаюсь\n\nWords.")
    page = BeautifulSoup(html.html, "html.parser")
    assert problems == [] and page.find("a", string="why")["href"] == "#user-content-почему-я-остаюсь"


def test_a_link_to_a_heading_of_another_essay_leads_to_its_id_from_the_page():
    parts = []
    html, problems = rendered("See [bread](other.md#bread-and-butter) and [why](other.md#%D0%BF%D0%BE).", parts=parts)
    page = BeautifulSoup(html.html, "html.parser")
    assert problems == []  # the catalog, which has the other essay's ids, checks these
    assert page.find("a", string="bread")["href"] == "../other/#user-content-bread-and-butter"
    assert page.find("a", string="why")["href"] == "../other/#user-content-по"
    assert [(link.essay, link.id) for link in parts[0].links] == [("other", "bread-and-butter"), ("other", "по")]


# --- the property: the link GitHub would write lands -------------------------------------------------

DROPPED = {"No", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Cc", "Cf", "Co", "Cn", "Zs", "Zl", "Zp"}


def github_id(text: str) -> str:
    """github-slugger's slug, written again from its rules with the standard library's Unicode
    table (the strategy leaves out the few alphabetic symbols, such as "Ⓐ", which it cannot tell)."""
    return "".join("-" if char == " " else char for char in text.lower()
                   if char in " -" or unicodedata.category(char) not in DROPPED)


def github_ids(texts: list[str]) -> list[str]:
    """Each heading's id in order, a repeat numbered as github-slugger numbers it."""
    taken: dict[str, int] = {}
    ids = []
    for text in texts:
        base = slug = github_id(text)
        while slug in taken:
            taken[base] += 1
            slug = f"{base}-{taken[base]}"
        taken[slug] = 0
        ids.append(slug)
    return ids


def escaped(text: str) -> str:
    """`text` as Markdown whose text it is: every ASCII punctuation character escaped."""
    return re.sub(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""", r"\\\1", text)


CHARACTERS = st.characters(categories=["L", "M", "N", "P", "S", "Zs", "Cf"]).filter(
    lambda char: not NOT_TEXT.search(char) and not (unicodedata.category(char) == "So" and char.lower() != char.upper())
    and not 0x24B6 <= ord(char) <= 0x24E9 and not 0x1F130 <= ord(char) <= 0x1F189)  # the alphabetic symbols
WORDS = st.sampled_from(["Почему я остаюсь", "なぜ続けるのか", "我为什么留下来", "“Bread” and ‘butter’", "Why I stay",
                         "🚀 Launch", "हिन्दी", "échec"])
HEADINGS = st.one_of(WORDS, st.text(CHARACTERS, min_size=1, max_size=20)).map(lambda text: text.strip()).filter(
    lambda text: text and not any(char.isspace() for char in (text[0], text[-1])))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(HEADINGS, min_size=1, max_size=4).flatmap(lambda texts: st.permutations(texts + texts[:1])),
       encode=st.booleans())
def test_for_any_heading_the_link_github_would_write_lands_on_it(texts, encode):
    ids = github_ids(texts)
    assume(all(ids))  # a heading with no letter: GitHub's link to it is "#", the page's top
    links = " ".join(f"[to {number}](#{quote(id_) if encode else id_})" for number, id_ in enumerate(ids))
    body = "An opening: " + links + "\n\n" + "\n\n".join(f"## {escaped(text)}\n\nWords." for text in texts)
    html, problems = rendered(body)
    assert problems == [], (texts, ids)
    page = BeautifulSoup(html.html, "html.parser")
    on_page = [heading["id"] for heading in page.select("h2")]
    assert on_page == [f"user-content-{id_}" for id_ in ids]
    for number in range(len(ids)):
        assert unquote(page.find("a", string=f"to {number}")["href"]) == f"#{on_page[number]}"


# --- check: a link to a heading that is not there ----------------------------------------------------

OTHER = essay(title="The other", body="Opening.\n\n## “Bread” and butter\n\nWords.\n\n## Why I stay\n\nMore.")


def test_a_link_to_a_heading_that_is_not_there_is_a_problem_at_its_line_with_the_headings_that_are(
        project, monkeypatch, capsys, tmp_path):
    project.write("essays/other.md", OTHER)
    project.write("essays/links.md", essay(body=(
        "Opening.\n\n## Почему я остаюсь\n\nSee [a part](#почему-я-остаюс).\n\n"
        "And [the other](other.md#bread-and-buter), [fine](other.md#why-i-stay), [here](#почему-я-остаюсь).\n\n"
        "[Nowhere](#%D0%BD%D0%B5%D1%82)")))
    project.write("essays/bare.md", essay(body="No headings here. [Up](#top) and [there](other.md#why)."))
    code, out = check(project, monkeypatch, capsys)
    said = [
        "docs/essays/links.md:11: the link '#почему-я-остаюс' leads to no heading of this essay; its headings: "
        "#почему-я-остаюсь",
        "docs/essays/links.md:13: the link 'other.md#bread-and-buter' leads to no heading of other.md; its headings: "
        "#bread-and-butter, #why-i-stay",
        "docs/essays/links.md:15: the link '#%D0%BD%D0%B5%D1%82' leads to no heading of this essay; its headings: "
        "#почему-я-остаюсь",
        "docs/essays/bare.md:7: the link '#top' leads to no heading of this essay; it has no headings",
        "docs/essays/bare.md:7: the link 'other.md#why' leads to no heading of other.md; its headings: "
        "#bread-and-butter, #why-i-stay",
    ]
    assert code == 1, out
    for line in said:
        assert line in out, out
    assert "fine" not in out and "#почему-я-остаюсь'" not in out
    # The build refuses them in the same words.
    result = project.build(tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    for line in said:
        assert line in result.stderr, result.stderr[-3000:]


def test_the_essay_form_says_it_in_the_same_words_at_its_line_of_the_essay(project, monkeypatch, capsys):
    from test_issue import LABELS, Run, answers, event, issue_body

    body = "Every day.\r\n\r\n## Почему я остаюсь\r\n\r\nSee [why](#почему-я-остаюс), or [here](#почему-я-остаюсь)."
    result = Run(project, event(issue_body(answers(essay=body))), monkeypatch, capsys)
    assert not result.clean and result.files() == {}
    assert result.problems() == [(f"{LABELS['essay']}, line 5", "the link '#почему-я-остаюс' leads to no heading of this essay; "
                                                   "its headings: #почему-я-остаюсь")], result.comment


def test_footnotes_and_a_writers_own_ids_are_parts_a_link_may_name(project, monkeypatch, capsys):
    project.write("essays/notes.md", essay(body=(
        'Said.[^1] Back [to the note](#fn:1), [to a heading of mine](#here).\n\n<h3 id="here">Here</h3>\n\n'
        '[^1]: A note.\n[^never]: A note nobody refers to, which Markdown links back to nowhere.')))
    code, out = check(project, monkeypatch, capsys)
    assert code == 0, out


# --- in the browser: on the site, in the printable edition, in the ebook ------------------------------

FILLER = "\n\n".join(["A paragraph of words that a reader scrolls past, long enough to fill a line or two."] * 30)
STAY = f"""Opening, with links: [to my reasons](#почему-я-остаюсь), [as GitHub copies it]\
(#{quote('почему-я-остаюсь')}), [to Japanese](#なぜ続けるのか), [to the bread](bread.md#bread-and-butter),
[to the second queue](bread.md#the-queue-1) and [to Chinese](bread.md#{quote('为什么留下来客服')}).

{FILLER}

## Почему я остаюсь

{FILLER}

## なぜ続けるのか

{FILLER}
"""
BREAD = f"""Opening: [back to the reasons](stay.md#почему-я-остаюсь) and [to the launch](#-launch-day).

{FILLER}

## “Bread” and butter

{FILLER}

## The queue

{FILLER}

## The queue

{FILLER}

## 为什么留下来：客服

{FILLER}

## 🚀 Launch day

{FILLER}
"""
# Each link, the essay it is in, and where it lands: the essay and the heading's id.
LINKS = [
    ("stay", "to my reasons", "stay", "почему-я-остаюсь"),
    ("stay", "as GitHub copies it", "stay", "почему-я-остаюсь"),
    ("stay", "to Japanese", "stay", "なぜ続けるのか"),
    ("stay", "to the bread", "bread", "bread-and-butter"),
    ("stay", "to the second queue", "bread", "the-queue-1"),
    ("stay", "to Chinese", "bread", "为什么留下来客服"),
    ("bread", "back to the reasons", "stay", "почему-я-остаюсь"),
    ("bread", "to the launch", "bread", "-launch-day"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("headings") / "anthology")
    project.write("essays/stay.md", essay(title="Why I stay", body=STAY))
    project.write("essays/bread.md", essay(title="Bread and butter", body=BREAD))
    site = project.root / "site"
    result = project.build(site)
    assert result.returncode == 0, result.stderr
    served = SiteServer(site)
    yield site, served
    served.stop()


LANDED = """id => { const target = document.getElementById(id);
  return target && {top: target.getBoundingClientRect().top, height: innerHeight,
                    hash: decodeURIComponent(location.hash)}; }"""


def assert_landed(tab, element_id: str) -> None:
    landed = tab.wait_for_function(f"({LANDED})({element_id!r})").json_value()
    assert landed["hash"] == f"#{element_id}" and -2 <= landed["top"] < landed["height"] / 3, (element_id, landed)


@pytest.mark.parametrize("source, text, essay_id, heading", LINKS)
def test_a_link_lands_on_its_heading_on_the_site(browser, built, source, text, essay_id, heading):
    _, served = built
    tab = browser.new_page(viewport={"width": 1000, "height": 700})
    tab.goto(f"{served.url}essays/{source}/")
    tab.locator("article").get_by_role("link", name=text, exact=True).click()
    tab.wait_for_url(f"**/essays/{essay_id}/#*")
    assert_landed(tab, f"user-content-{heading}")
    tab.close()


@pytest.mark.parametrize("source, text, essay_id, heading", LINKS)
def test_a_link_lands_on_its_heading_in_the_printable_edition(browser, built, source, text, essay_id, heading):
    _, served = built
    tab = browser.new_page(viewport={"width": 1000, "height": 700})
    tab.goto(f"{served.url}print/")
    tab.locator(f"#essay-{source}").get_by_role("link", name=text, exact=True).click()
    assert_landed(tab, f"{essay_id}--user-content-{heading}")
    tab.close()


@pytest.fixture(scope="module")
def book(built, tmp_path_factory) -> Path:
    site, _ = built
    folder = tmp_path_factory.mktemp("book")
    open_book(site / "editions" / "anthology.epub").zip.extractall(folder)
    return folder / "EPUB"


@pytest.mark.parametrize("source, text, essay_id, heading", LINKS)
def test_a_link_lands_on_its_heading_in_the_ebook(browser, book, source, text, essay_id, heading):
    tab = browser.new_page(viewport={"width": 600, "height": 700})
    tab.goto((book / "essays" / f"{source}.xhtml").as_uri())
    tab.get_by_role("link", name=text, exact=True).click()
    tab.wait_for_url(f"**/essays/{essay_id}.xhtml#*")
    assert_landed(tab, f"user-content-{heading}")
    tab.close()


def test_the_book_with_links_to_headings_in_every_script_passes_epubcheck(built):
    site, _ = built
    (path, report), = epubcheck([site / "editions" / "anthology.epub"]).items()
    found = [f"{m['severity']} {m['ID']}: {m['message']} {m['locations'][:1]}" for m in report["messages"]]
    assert found == [], found


def test_a_problem_lists_twenty_headings_at_most():
    body = "\n\n".join(f"## Part {number}\n\nWords." for number in range(25)) + "\n\n[Lost](#part-25)"
    _, problems = rendered(body)
    listed = ", ".join(f"#part-{number}" for number in range(20))
    assert [problem.message for problem in problems] == [
        f"the link '#part-25' leads to no heading of this essay; its headings: {listed}, and 5 more"]
