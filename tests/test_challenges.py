"""An anthology of several challenges: each page a reader uses groups prompts under their own
challenge, in the order the challenges ran, and names an essay's challenge wherever the essay
is met. Built from tests/fixtures/two-challenges (two challenges, three prompts each)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from anthology import __main__ as cli
from conftest import ROOT, Project

FIXTURE = ROOT / "tests" / "fixtures" / "two-challenges"
FALL, SPRING = "fall-2016", "spring-2017"
FALL_TITLE = "Support Driven Fall 2016 Writing Challenge"
SPRING_TITLE = "Support Driven Spring 2017 Writing Challenge"
# The prompts of each challenge in their `order` (the fixture lists them out of order).
PROMPTS = {
    FALL: ["first-support-job", "a-hard-ticket", "tools-you-love"],
    SPRING: ["what-keeps-you-going", "how-you-came-to-support", "careers-in-support"],
}
CHALLENGE_OF = {prompt: challenge for challenge, prompts in PROMPTS.items() for prompt in prompts}
NEW_ESSAYS = {
    "a-ticket-i-remember": ("A ticket I remember", "sarah-wetzel", "a-hard-ticket", "2016-10-20"),
    "my-favourite-macro": ("My favourite macro", "david-jaffe", "tools-you-love", None),
}


def two_challenges(project: Project) -> Project:
    shutil.copy(FIXTURE / "prompts.yml", project.docs / "registry" / "prompts.yml")
    movie = project.essay("support-the-movie")
    movie.write_text(movie.read_text(encoding="utf-8").replace("prompt: why-support-matters",
                                                               "prompt: first-support-job"), encoding="utf-8")
    for slug, (title, author, prompt, date) in NEW_ESSAYS.items():
        front = f"title: {title}\nauthor: {author}\nprompt: {prompt}\n" + (f"date: {date}\n" if date else "")
        project.write(f"essays/{slug}.md", f"---\n{front}---\n\nWords of {title.lower()}, for a test.\n")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = two_challenges(Project(tmp_path_factory.mktemp("challenges") / "anthology"))
    site = project.root / "site"
    result = project.build(site, ANTHOLOGY_SITE_URL="https://example.org/")
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def catalog(built) -> dict:
    return json.loads((built / "anthology.json").read_text(encoding="utf-8"))


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def site_path(page_url: str, href: str) -> str:
    """A link on a page as a site-relative address ("prompts/x/")."""
    return urljoin("https://x/" + page_url, href).removeprefix("https://x/")


def grouped(site: Path, url: str) -> dict[str, list[str]]:
    """Each challenge section of a page: the challenge's address -> its prompts' addresses."""
    groups = {}
    for section in soup(site, url).select("article .swa-challenge"):
        heading = section.select_one("h2 a")
        groups[site_path(url, heading["href"])] = [site_path(url, a["href"]) for a in section.select(".swa-card__title a")]
    return groups


EXPECTED_GROUPS = {f"challenges/{c}/": [f"prompts/{p}/" for p in prompts] for c, prompts in PROMPTS.items()}


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["", "prompts/"])
def test_home_and_prompts_list_each_challenge_over_its_own_prompts_in_the_order_they_ran(built, url):
    groups = grouped(built, url)
    assert groups == EXPECTED_GROUPS
    assert list(groups) == ["challenges/fall-2016/", "challenges/spring-2017/"]  # Fall 2016 ran first


def test_home_count_line_adds_up(built, catalog):
    text = " ".join(soup(built, "").select_one("article").get_text(" ").split())
    essays, authors = len(catalog["essays"]), len({e["author_id"] for e in catalog["essays"]})
    assert f"{essays} essays by" in text and "answering 6 prompts of 2 writing challenges" in text
    counts = [int(meta.get_text().split()[0]) for meta in soup(built, "").select("article .swa-card .swa-card__meta")]
    assert sum(counts) == essays == 7 and authors == 5


def test_navigation_groups_prompts_under_their_challenge(built):
    nav = soup(built, "about/").select_one("nav.md-nav--primary")
    prompts_section = next(item for item in nav.select(":scope > ul > li")
                           if item.select_one(":scope > label, :scope > a, :scope > div")
                           and "Prompts" in item.get_text(" ", strip=True).split("  ")[0][:20])
    sections = {}
    for challenge in prompts_section.select(":scope > nav > ul > li.md-nav__item--nested"):
        links = [site_path("about/", a["href"]) for a in challenge.select("a.md-nav__link")]
        sections[links[0]] = links[1:]
    assert sections == EXPECTED_GROUPS


def test_challenge_page_shows_the_challenge_then_its_prompts(built, catalog):
    page = soup(built, "challenges/fall-2016/")
    article = page.select_one("article")
    text = article.get_text(" ", strip=True)
    assert page.select_one("h1").get_text(strip=True) == FALL_TITLE
    assert "The first writing challenge of the community." in text
    assert "Run by Support Driven" in text and "One piece a week, for six weeks." in text
    assert article.select_one("time[datetime='2016-10']").get_text() == "October 2016"
    cards = article.select(".swa-card")
    assert [site_path("challenges/fall-2016/", c.select_one("h3 a")["href"]) for c in cards] == EXPECTED_GROUPS["challenges/fall-2016/"]
    counts = {p["id"]: len(p["essay_ids"]) for p in catalog["prompts"]}
    for card, prompt in zip(cards, PROMPTS[FALL]):
        question = next(p["question"] for p in catalog["prompts"] if p["id"] == prompt)
        assert question in card.get_text(" ", strip=True)
        assert card.select_one(".swa-card__meta").get_text(strip=True).startswith(f"{counts[prompt]} essay")
    links = {site_path("challenges/fall-2016/", a["href"]) for a in article.select("a")}
    assert {"challenges/fall-2016/feed.xml", "challenges/fall-2016/feed.json", "challenges/fall-2016/print/"} <= links
    assert SPRING_TITLE not in text


@pytest.mark.parametrize("url", ["challenges/", "about/"])
def test_the_challenges_list_links_each_challenge_in_the_order_they_ran(built, url):
    links = [site_path(url, a["href"]) for a in soup(built, url).select("article .swa-card__title a")]
    assert links == ["challenges/fall-2016/", "challenges/spring-2017/"]


def test_prompt_page_names_and_links_its_challenge_and_number(built):
    for prompt, challenge, number in (("a-hard-ticket", FALL, "Prompt 2 of the challenge."),
                                      ("tools-you-love", FALL, "Its number in the challenge is not known."),
                                      ("careers-in-support", SPRING, "Prompt 3 of the challenge.")):
        article = soup(built, f"prompts/{prompt}/").select_one("article")
        links = {site_path(f"prompts/{prompt}/", a["href"]) for a in article.select("a")}
        assert f"challenges/{challenge}/" in links
        assert number in article.get_text(" ", strip=True)


def test_essay_byline_reads_written_for_prompt_and_challenge_each_linked(built, catalog):
    for essay in catalog["essays"]:
        byline = soup(built, essay["url"]).select_one(".swa-byline")
        prompt = next(p for p in catalog["prompts"] if p["id"] == essay["prompt_id"])
        challenge = CHALLENGE_OF[essay["prompt_id"]]
        assert essay["challenge_id"] == challenge
        title = FALL_TITLE if challenge == FALL else SPRING_TITLE
        assert f"Written for {prompt['title']} · {title}" in " ".join(byline.get_text(" ", strip=True).split())
        links = [site_path(essay["url"], a["href"]) for a in byline.select("a")]
        assert links[-2:] == [prompt["url"], f"challenges/{challenge}/"]


def test_cards_outside_a_prompt_name_the_challenge(built):
    card = soup(built, "authors/sarah-wetzel/").select_one(".swa-card:has(a[href$='a-ticket-i-remember/'])")
    meta = card.select_one(".swa-card__meta")
    assert FALL_TITLE in meta.get_text(" ", strip=True)
    assert "challenges/fall-2016/" in {site_path("authors/sarah-wetzel/", a["href"]) for a in meta.select("a")}


# --- feeds, editions, catalog -------------------------------------------------------------------


def feed_links(path: Path) -> list[str]:
    return [item.findtext("link") for item in ET.parse(path).getroot().iter("item")]


def test_each_challenge_has_feeds_of_its_own_essays(built, catalog):
    for challenge in (FALL, SPRING):
        expected = {"https://example.org/" + e["url"] for e in catalog["essays"] if e["challenge_id"] == challenge}
        assert set(feed_links(built / "challenges" / challenge / "feed.xml")) == expected
        items = json.loads((built / "challenges" / challenge / "feed.json").read_text(encoding="utf-8"))["items"]
        assert {item["url"] for item in items} == expected
    everything = ET.parse(built / "feed.xml").getroot()
    for item in everything.iter("item"):
        categories = [c.text for c in item.findall("category")]
        assert FALL_TITLE in categories or SPRING_TITLE in categories


def test_printable_editions_whole_and_per_challenge(built, catalog):
    whole = soup(built, "print/").select_one("article")
    sections = [s["id"] for s in whole.select(".swa-print-challenge, .swa-print-prompt")]
    assert sections == ["challenge-fall-2016"] + [f"prompt-{p}" for p in PROMPTS[FALL]] + \
        ["challenge-spring-2017"] + [f"prompt-{p}" for p in PROMPTS[SPRING]]
    assert len(whole.select(".swa-print-essay")) == len(catalog["essays"])
    fall = soup(built, "challenges/fall-2016/print/").select_one("article")
    assert fall.select_one("h1").get_text(strip=True) == FALL_TITLE
    essays = {a["id"].removeprefix("essay-") for a in fall.select(".swa-print-essay")}
    assert essays == {e["id"] for e in catalog["essays"] if e["challenge_id"] == FALL}
    assert [s["id"] for s in fall.select(".swa-print-prompt")] == [f"prompt-{p}" for p in PROMPTS[FALL]]
    assert SPRING_TITLE not in fall.get_text()
    assert fall.select_one(".swa-print-essay p:not(.swa-byline)") is not None  # the essay's own text


def test_catalog_lists_challenges_with_their_prompts(catalog):
    assert catalog["version"] == 2
    assert [(c["id"], c["started"], c["url"], c["prompt_ids"]) for c in catalog["challenges"]] == [
        (FALL, "2016-10", "challenges/fall-2016/", PROMPTS[FALL]),
        (SPRING, "2017-05", "challenges/spring-2017/", PROMPTS[SPRING]),
    ]
    assert [p["id"] for p in catalog["prompts"]] == PROMPTS[FALL] + PROMPTS[SPRING]
    numbers = {(p["challenge_id"], p["number"]) for p in catalog["prompts"] if p["number"]}
    assert (FALL, 1) in numbers and (SPRING, 1) in numbers  # "prompt 1" of each challenge
    order = [e["prompt_id"] for e in catalog["essays"]]
    assert order == sorted(order, key=(PROMPTS[FALL] + PROMPTS[SPRING]).index)


# --- the registry's rules -----------------------------------------------------------------------


@pytest.fixture
def check(monkeypatch, capsys):
    """`check` run in a project's folder: its exit code and what it printed."""
    def run(project: Project) -> tuple[int, str]:
        monkeypatch.chdir(project.root)
        code = cli.main(["check"])
        return code, capsys.readouterr().out
    return run


def edit_prompts(project: Project, old: str, new: str) -> None:
    path = project.docs / "registry" / "prompts.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_fixture_checks_clean(project, check):
    assert check(two_challenges(project))[0] == 0


@pytest.mark.parametrize("old, new, expected", [
    ("challenge: fall-2016, order: 2, number: 2", "challenge: fall-2017, order: 2, number: 2",
     "docs/registry/prompts.yml:22: challenge: unknown challenge id 'fall-2017'"),
    ("challenge: fall-2016, order: 2, number: 2", "challenge: fall-2016, order: 2, number: 1",
     "docs/registry/prompts.yml:22: number: prompt 1 of 'fall-2016' is 'first-support-job' already"),
    ("started: October 2016", "started: Autumn 2016",
     "docs/registry/prompts.yml:13: challenges.1.started: 'Autumn 2016' is not a month written YYYY-MM"),
    ("started: 2017-05", "started: 2017-13",
     "docs/registry/prompts.yml:7: challenges.0.started: '2017-13' is not a month written YYYY-MM"),
])
def test_registry_mistakes_are_named_at_their_line(project, check, old, new, expected):
    edit_prompts(two_challenges(project), old, new)
    code, out = check(project)
    assert code == 1 and expected in out, out


@pytest.mark.parametrize("old, new, expected", [
    ("title: Support Driven Fall 2016 Writing Challenge", "title: support driven spring 2017 writing challenge",
     "docs/registry/prompts.yml:11: title: 'spring-2017' has this title already"),
    ("title: Support Driven Fall 2016 Writing Challenge", "title: \"Fall \\u202e2016\"",
     "docs/registry/prompts.yml:11: challenges.1.title: holds U+202E, an invisible control that reorders"),
    ("    started: 2017-05\n", "    started:\n", "docs/registry/prompts.yml:7: challenges.0.started: is required"),
    ("    started: 2017-05\n", "    started: ２０１７-０５\n", "challenges.0.started: '２０１７-０５' is not a month"),
    ("    started: 2017-05\n", "    started: 0000-05\n", "challenges.0.started: '0000-05' is not a month"),
])
def test_challenge_entries_are_checked(project, check, old, new, expected):
    edit_prompts(two_challenges(project), old, new)
    code, out = check(project)
    assert code == 1 and expected in out, out


def test_challenges_are_bounded(project, check):
    many = "".join(f"  - {{id: c{n}, title: C{n}, organiser: SD, started: 2001-01}}\n" for n in range(31))
    edit_prompts(two_challenges(project), "challenges:\n", "challenges:\n" + many)
    code, out = check(project)
    assert code == 1 and "docs/registry/prompts.yml:3: challenges: more than 30 challenges" in out, out


def test_a_prompt_title_two_challenges_share_is_told_apart_where_all_prompts_meet(tmp_path):
    project = two_challenges(Project(tmp_path / "anthology"))
    edit_prompts(project, "title: Your first support job", "title: What keeps you going")
    site = tmp_path / "site"
    assert project.build(site).returncode == 0
    essay = soup(site, "essays/support-the-movie/")
    prompt = essay.select_one("[data-pagefind-filter^='prompt']")["data-value"]
    assert prompt == f"What keeps you going ({FALL_TITLE})"
    jam = soup(site, "essays/this-is-my-jam/").select_one("[data-pagefind-filter^='prompt']")["data-value"]
    assert jam == f"What keeps you going ({SPRING_TITLE})"
    categories = {c.text for c in ET.parse(site / "feed.xml").getroot().iter("category")}
    assert {f"What keeps you going ({FALL_TITLE})", f"What keeps you going ({SPRING_TITLE})"} <= categories


def test_a_challenge_with_no_prompts_is_a_problem(project, check):
    two_challenges(project)
    edit_prompts(project, "challenges:\n", "challenges:\n  - {id: winter-2018, title: Winter, organiser: SD, "
                 "started: 2018-01}\n")
    code, out = check(project)
    assert code == 1
    assert "docs/registry/prompts.yml:4: id: challenge 'winter-2018' has no prompts" in out, out


def test_a_missing_start_is_required(project, check):
    edit_prompts(two_challenges(project), "    started: 2017-05\n", "")
    code, out = check(project)
    assert code == 1 and "challenges.0.started: is required" in out


def test_the_spring_2017_registry_as_first_written_still_reads_the_same(project, check, site):
    # prompts.yml as it was before challenges were more than one: `started: May 2017`, one
    # challenge, prompts numbered across the file. It checks clean and builds the same catalog.
    shutil.copy(ROOT / "tests" / "fixtures" / "registry" / "prompts-spring-2017.yml",
                project.docs / "registry" / "prompts.yml")
    assert check(project)[0] == 0
    assert project.build().returncode == 0
    old = json.loads((project.root / "site" / "anthology.json").read_text(encoding="utf-8"))
    assert old["challenges"][0]["started"] == "2017-05"
    assert [(p["id"], p["order"], p["number"]) for p in old["prompts"]] == [
        ("what-keeps-you-going", 1, 1), ("how-you-came-to-support", 2, None),
        ("why-support-matters", 3, None), ("careers-in-support", 4, None)]
    # The same catalog as today's registry, which writes the month as 2017-05.
    assert old == json.loads((site / "anthology.json").read_text(encoding="utf-8"))


def test_the_essay_forms_prompts_are_grouped_by_challenge(built):
    select = soup(built, "contribute/").select_one("select#swa-prompt")
    groups = {group["label"]: [o["value"] for o in group.select("option")] for group in select.select("optgroup")}
    assert groups == {FALL_TITLE: PROMPTS[FALL], SPRING_TITLE: PROMPTS[SPRING]}
    assert list(groups) == [FALL_TITLE, SPRING_TITLE]
