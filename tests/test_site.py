"""The built site, read as a reader would: pages, links, text, search index, catalog."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SEEDS
from seeds import DISTINCTIVE, NOISE, NOISE_LINES, SEED_ESSAYS


def page(site: Path, url: str) -> BeautifulSoup:
    path = site / url / "index.html" if url.endswith("/") or not url else site / url
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def links(soup: BeautifulSoup, within: str = "article") -> set[str]:
    """Where the links inside the page's article point, resolved to site-relative URLs."""
    return {a["href"] for a in soup.select(f"{within} a[href]")}


def resolve(from_url: str, href: str) -> str:
    from posixpath import normpath, join
    base = from_url if from_url.endswith("/") or not from_url else from_url.rsplit("/", 1)[0] + "/"
    joined = normpath(join(base, href.split("#")[0]))
    return "" if joined == "." else joined + ("/" if href.split("#")[0].endswith("/") else "")


@pytest.fixture(scope="module")
def catalog(site):
    return json.loads((site / "anthology.json").read_text(encoding="utf-8"))


def article_links(site, url):
    return {resolve(url, h) for h in links(page(site, url))}


def test_build_leaves_docs_untouched(site):
    # The `site` fixture compares docs/ before and after the build; git agrees when clean.
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "docs/"],
                            cwd=ROOT, capture_output=True, text=True)
    generated = [line for line in status.stdout.splitlines() if line.startswith("??")]
    assert generated == []


def test_every_seed_became_one_essay_page(site, catalog):
    assert sorted(e["id"] for e in catalog["essays"]) == sorted(SEED_ESSAYS.values())
    for essay in catalog["essays"]:
        soup = page(site, essay["url"])
        assert soup.find("h1").get_text(strip=True) == essay["title"]


@pytest.mark.parametrize("slug", sorted(SEED_ESSAYS.values()))
def test_essay_links_to_author_and_prompt_and_back(site, catalog, slug):
    essay = next(e for e in catalog["essays"] if e["id"] == slug)
    author = next(a for a in catalog["authors"] if a["id"] == essay["author_id"])
    prompt = next(p for p in catalog["prompts"] if p["id"] == essay["prompt_id"])
    byline = page(site, essay["url"]).select_one(".swa-byline")
    targets = {resolve(essay["url"], a["href"]) for a in byline.select("a[href]")}
    assert {author["url"], prompt["url"]} <= targets
    assert author["display_name"] in byline.get_text()
    # The prompt's question, with whose wording it is, closes the essay.
    footer = page(site, essay["url"]).select_one(".swa-essay-footer")
    assert prompt["question"] in footer.select_one(".swa-question").get_text()
    assert essay["url"] in article_links(site, author["url"])
    assert essay["url"] in article_links(site, prompt["url"])


def essay_links(site, url, essay_urls):
    return {u for u in article_links(site, url) if u in essay_urls}


def test_prompt_and_author_pages_list_exactly_their_essays(site, catalog):
    essay_urls = {e["url"] for e in catalog["essays"]}
    for prompt in catalog["prompts"]:
        expected = {e["url"] for e in catalog["essays"] if e["prompt_id"] == prompt["id"]}
        assert essay_links(site, prompt["url"], essay_urls) == expected, prompt["id"]
    for author in catalog["authors"]:
        expected = {e["url"] for e in catalog["essays"] if e["author_id"] == author["id"]}
        assert essay_links(site, author["url"], essay_urls) == expected, author["id"]


def test_home_lists_prompts_with_essay_counts(site, catalog):
    home = page(site, "")
    text = home.select_one("article").get_text(" ", strip=True)
    for prompt in catalog["prompts"]:
        count = len(prompt["essay_ids"])
        assert prompt["url"] in {resolve("", h) for h in links(home)}
        assert re.search(rf"{re.escape(prompt['title'])}.*?{count} essays?\b", text), prompt["title"]


def test_the_essays_folder_has_a_page_of_ways_to_the_essays(site, catalog):
    # A reader who trims an essay's address to /essays/ finds the way on, not a 404.
    essays = page(site, "essays/")
    assert essays.select_one("article h1").get_text(strip=True) == "Essays"
    text = " ".join(essays.select_one("article").get_text(" ", strip=True).split())
    assert f"{len(catalog['essays'])} essays by {len(catalog['authors'])} authors" in text
    reached = article_links(site, "essays/")
    assert {"authors/", "tags/", "search/", "print/"} <= reached
    assert {prompt["url"] for prompt in catalog["prompts"]} <= reached


def test_previous_and_next_stay_within_a_prompt(site, catalog):
    first_prompt = next(p for p in catalog["prompts"] if len(p["essay_ids"]) >= 2)
    first, second = [next(e for e in catalog["essays"] if e["id"] == i) for i in first_prompt["essay_ids"][:2]]
    pager = page(site, first["url"]).select_one("nav.swa-prompt-pager")
    nexts = pager.select("a[rel=next]")
    assert [resolve(first["url"], a["href"]) for a in nexts] == [second["url"]]
    assert not pager.select("a[rel=prev]")
    back = page(site, second["url"]).select_one("nav.swa-prompt-pager a[rel=prev]")
    assert resolve(second["url"], back["href"]) == first["url"]
    # Said once: Material's footer does not link the same essays again (it did, hidden by CSS).
    for essay in (first, second):
        assert not page(site, essay["url"]).select(".md-footer__link"), essay["url"]
        assert page(site, essay["url"]).select_one(".md-footer .md-copyright") is not None


def test_navigation_lists_prompts_not_essays(site, catalog):
    nav = page(site, "").select_one("nav.md-nav--primary")
    nav_text = nav.get_text(" ", strip=True)
    for prompt in catalog["prompts"]:
        assert prompt["title"] in nav_text
    for label in ("Home", "Authors", "Tags", "About"):
        assert label in nav_text
    for essay in catalog["essays"]:
        assert essay["title"] not in nav_text


def all_html(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_every_link_within_the_site_leads_to_a_page(site):
    # Parts of pages are rendered once and reused on other pages (the nav, essay cards):
    # a relative link that is right on one page may be wrong on another.
    broken = broken_links(site)
    assert not broken, f"{len(broken)} broken links, e.g. {broken[:5]}"


def broken_links(site: Path) -> list[str]:
    broken = []
    for path in sorted(site.rglob("*.html")):
        url = path.relative_to(site).as_posix().removesuffix("index.html")
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in soup.select("a[href], link[href], script[src], img[src], form[action]"):
            target = element.get("href") or element.get("src") or element.get("action")
            if re.match(r"[a-z]+:|//|#", target):
                continue
            # 404.html links from the site's root: it is served at any address.
            resolved = target.split("#")[0].lstrip("/") if target.startswith("/") else resolve(url, target)
            if not ((site / resolved).is_file() or (site / resolved / "index.html").is_file()):
                broken.append(f"{url}: {target}")
    return broken


def test_no_blog_noise_anywhere(site):
    html = all_html(site)
    for noise in NOISE:
        assert noise not in html, noise


def words(text: str) -> list[str]:
    return re.findall(r"\w[\w’'%-]*", text.replace("\u00a0", " "))


@pytest.mark.parametrize("seed, slug", sorted(SEED_ESSAYS.items()))
def test_every_sentence_of_the_seed_is_kept_in_order(site, seed, slug, catalog):
    essay = next(e for e in catalog["essays"] if e["id"] == slug)
    body = page(site, essay["url"]).select_one("article")
    for junk in body.select(".swa-essay-header, .swa-essay-footer, .md-tags, a.headerlink"):
        junk.decompose()
    shown = " ".join(words(body.get_text(" ")))
    # "Share on X" is glued to a sentence in one seed: the sentence stays, the noise goes.
    lines = (SEEDS / seed).read_text(encoding="utf-8").replace("Share on XThe", "\nThe").replace("\u00a0", " ").splitlines()
    # An ordered list shows its numbers as list markers, not as text.
    lines = [re.sub(r"^\d+\. ", "", line) for line in lines]
    noise = set(NOISE_LINES[seed])
    kept = [line for line in lines if line.strip() and line.strip() not in noise and not any(n in line for n in NOISE)]
    text = " ".join(" ".join(words(line)) for line in kept)
    for n in NOISE:
        assert n not in shown
    assert text in shown or _first_difference(text, shown) is None, _first_difference(text, shown)


def _first_difference(expected: str, shown: str):
    exp, got = expected.split(), shown.split()
    for i, (a, b) in enumerate(zip(exp, got)):
        if a != b:
            return f"word {i}: expected {' '.join(exp[i:i+8])!r}, page has {' '.join(got[i:i+8])!r}"
    return None if len(exp) <= len(got) else "page text ends early"


def indexed_text(soup: BeautifulSoup) -> str:
    """What Pagefind indexes of a page: the [data-pagefind-body] parts, less ignored ones."""
    parts = soup.select("[data-pagefind-body]")
    for part in parts:
        for ignored in part.select("[data-pagefind-ignore]"):
            ignored.decompose()
    return " ".join(part.get_text(" ") for part in parts)


def test_distinctive_sentence_is_in_search_index_and_in_one_page(site, catalog):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(catalog["essays"])
    pages = {p: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in site.rglob("*.html")}
    for slug, sentence in DISTINCTIVE.items():
        indexed = [p for p, soup in pages.items() if sentence in indexed_text(soup)]
        assert indexed == [site / "essays" / slug / "index.html"], (slug, indexed)
        # The printable edition holds every essay by design (tests/test_reader_extras.py).
        holders = [p for p, soup in pages.items() if sentence in soup.get_text() and p.parent.name != "print"]
        assert holders == [site / "essays" / slug / "index.html"], (slug, holders)


def test_search_indexes_author_and_prompt_of_each_essay(site, catalog):
    for essay in catalog["essays"]:
        soup = page(site, essay["url"])
        assert essay["author_name"] in indexed_text(soup)
        filters = {f["data-pagefind-filter"].split("[")[0]: f["data-value"] for f in soup.select("[data-pagefind-filter]")}
        prompt = next(p for p in catalog["prompts"] if p["id"] == essay["prompt_id"])
        challenge = next(c for c in catalog["challenges"] if c["id"] == essay["challenge_id"])
        assert filters == {"prompt": prompt["title"], "challenge": challenge["title"], "author": essay["author_name"]}


def test_anthology_json_agrees_with_pages(site, catalog):
    assert catalog["version"] == 2
    built = {str(p.parent.relative_to(site)) + "/" for p in (site / "essays").glob("*/index.html")}
    assert {e["url"] for e in catalog["essays"]} == built
    for kind in ("challenges", "prompts", "authors"):
        for entry in catalog[kind]:
            assert (site / entry["url"] / "index.html").is_file()
    for essay in catalog["essays"]:
        assert essay["words"] > 100 and essay["reading_minutes"] >= 1
        assert essay["author_name"] in page(site, essay["url"]).select_one(".swa-byline").get_text()
        for field in ("id", "title", "url", "author_id", "author_name", "prompt_id", "challenge_id", "date",
                      "words", "reading_minutes", "original_url", "tags"):
            assert field in essay


def test_canonical_points_at_the_original(site, catalog):
    for essay in catalog["essays"]:
        canonical = page(site, essay["url"]).select_one('link[rel="canonical"]')
        if essay["original_url"]:
            assert canonical["href"] == essay["original_url"]
            original = page(site, essay["url"]).select_one(".swa-essay-footer a")
            assert original["href"] == essay["original_url"]
        else:
            assert canonical is None or "medium.com" not in canonical["href"]


# What is not known, or was chosen by the editors, as the "About this essay" note after the text
# says it, once; never in the byline, nor on the cards that list the essay.
UNKNOWN_DATE = ("the date is not known", "Where and when this essay was first published is not known.")
NAME_NOT_GIVEN = "The author’s name is not given"
TITLE_BY_EDITORS = "The author gave this essay no title; the editors chose this one."
EDITORS_WORDING = "the challenge’s original wording of this prompt is not known"
PROVENANCE = ("date unknown", "not known", "name not given", "not given", "editors chose", "editors’ wording")


def test_unknown_facts_are_said_not_invented(site, catalog):
    for essay in catalog["essays"]:
        soup = page(site, essay["url"])
        about = " ".join(soup.select_one(".swa-essay-footer").get_text(" ", strip=True).split())
        text = " ".join(soup.select_one("article").get_text(" ", strip=True).split())
        prompt = next(p for p in catalog["prompts"] if p["id"] == essay["prompt_id"])
        said = {
            UNKNOWN_DATE: essay["date"] is None, (NAME_NOT_GIVEN,): not essay["author_name_known"],
            (TITLE_BY_EDITORS,): essay["title_by_editors"], (EDITORS_WORDING,): prompt["wording"] == "editors",
        }
        for phrases, unknown in said.items():
            assert any(phrase in about for phrase in phrases) == unknown, (essay["id"], phrases)
            assert sum(text.count(phrase) for phrase in phrases) == int(unknown), (essay["id"], phrases)
        byline = soup.select_one(".swa-byline").get_text(" ", strip=True)
        assert not any(word in byline for word in PROVENANCE), byline


@pytest.mark.parametrize("url", ["", "prompts/", "challenges/spring-2017/", "essays/", "authors/",
                                 "prompts/how-you-came-to-support/", "tags/motivation/", "authors/amy-breedonjay/"])
def test_cards_carry_no_provenance_notes(site, url):
    # An editors' title may be marked briefly on a card; nothing else of what is not known.
    for card in page(site, url).select(".swa-card"):
        text = card.get_text(" ", strip=True).replace("· title by the editors", "")
        assert not any(word in text for word in PROVENANCE), (url, text)


def test_prompt_page_says_whose_wording_the_question_is(site, catalog):
    for prompt in catalog["prompts"]:
        text = page(site, prompt["url"]).select_one(".swa-question").get_text(" ", strip=True)
        assert prompt["question"] in text
        if prompt["wording"] == "editors":
            assert "editors’ wording" in text
        else:
            assert "as posed" in text


def test_tag_pages_list_exactly_their_essays(site, catalog):
    index_links = article_links(site, "tags/")
    essay_urls = {e["url"] for e in catalog["essays"]}
    names = {tag for essay in catalog["essays"] for tag in essay["tags"]}
    tag_pages = {u for u in index_links if u.startswith("tags/") and u != "tags/"}
    assert len(tag_pages) == len(names)
    for url in tag_pages:
        name = page(site, url).select_one("h1").get_text().split("“")[1].rstrip("”")
        expected = {e["url"] for e in catalog["essays"] if name in e["tags"]}
        assert essay_links(site, url, essay_urls) == expected, url
    for essay in catalog["essays"]:
        chips = page(site, essay["url"]).select(".md-tags a.md-tag")
        assert [c.get_text() for c in chips] == essay["tags"]
        assert all(resolve(essay["url"], c["href"]) in tag_pages for c in chips)


def test_essay_pages_stay_small(site):
    # The nav lists prompts, not essays: an essay page must not grow with the anthology.
    for path in (site / "essays").rglob("index.html"):
        assert path.stat().st_size < 60_000, path


def test_footer_leads_contributors_to_the_guide(site):
    for url in ("", "essays/this-is-my-jam/", "prompts/"):
        footer = page(site, url).select_one("footer .md-copyright")
        link = footer.find("a", string="Add your essay")
        assert resolve(url, link["href"]) == "contribute/"
    # The guide is a page of its own beside the form (#29): the footer's form links to it.
    assert "contribute/guide/" in [resolve("contribute/", a["href"]) for a in page(site, "contribute/").select("article a[href]")]
    guide = page(site, "contribute/guide/").select_one("article").get_text()
    assert "Front matter reference" in guide and "make import" in guide


def test_essays_have_an_edit_link_when_the_repository_is_known(project, tmp_path):
    result = project.build(tmp_path / "site", ANTHOLOGY_REPO_URL="https://github.com/example/anthology")
    assert result.returncode == 0, result.stderr
    edit = page(tmp_path / "site", "essays/this-is-my-jam/").select_one('a[rel="edit"]')
    assert edit["href"] == "https://github.com/example/anthology/edit/main/docs/essays/this-is-my-jam.md"
    # Without it (a local build) there is no edit link to an invented address.
    local = project.build(tmp_path / "local")
    assert local.returncode == 0, local.stderr
    assert page(tmp_path / "local", "essays/this-is-my-jam/").select_one('a[rel="edit"]') is None


def test_a_dirty_rebuild_after_an_edit_is_the_whole_site(project, tmp_path):
    # `--dirty` (mkdocs build or serve) renders only the pages whose source changed; every page
    # here depends on the essays — lists, the printable edition, the search index — so a dirty
    # rebuild must still give the whole site, not an error or a printable edition with holes.
    from conftest import ENV, builder

    site = tmp_path / "site"
    assert project.build(site).returncode == 0
    essay = project.essay("this-is-my-jam")
    essay.write_text(essay.read_text(encoding="utf-8").replace("title: This is my jam", "title: Still my jam"),
                     encoding="utf-8")
    dirty = subprocess.run(builder("build", "--dirty", "-f", str(project.config), "-d", str(site)),
                           capture_output=True, text=True, cwd=project.root, env=ENV)
    assert dirty.returncode == 0, dirty.stderr
    assert "Traceback" not in dirty.stderr
    essays = sorted(path.stem for path in (project.docs / "essays").glob("*.md"))
    assert f"Search: indexed {len(essays)} essays" in dirty.stderr
    assert "Still my jam" in page(site, "essays/this-is-my-jam/").select_one("h1").get_text()
    printed = page(site, "print/").select("article.swa-print-essay")
    assert len(printed) == len(essays)
    assert all(len(article.select("p")) > 2 for article in printed)
    assert "Still my jam" in page(site, "prompts/what-keeps-you-going/").get_text()
