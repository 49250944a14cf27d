"""Feeds, the printable edition, link-preview metadata, the sitemap and the About page."""

from __future__ import annotations

import json
from collections import Counter
from xml.etree import ElementTree as ET

import pytest

from seeds import DISTINCTIVE
from test_site import article_links, page, resolve

DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture(scope="module")
def catalog(site):
    return json.loads((site / "anthology.json").read_text(encoding="utf-8"))


def feed_paths(catalog):
    yield "", None
    for prompt in catalog["prompts"]:
        yield prompt["url"], prompt


def test_rss_feeds_are_valid_and_complete(site, catalog):
    for folder, prompt in feed_paths(catalog):
        root = ET.parse(site / folder / "feed.xml").getroot()
        assert root.tag == "rss" and root.get("version") == "2.0"
        channel = root.find("channel")
        for required in ("title", "link", "description"):
            assert channel.findtext(required), (folder, required)
        expected = [e for e in catalog["essays"] if prompt is None or e["prompt_id"] == prompt["id"]]
        items = channel.findall("item")
        assert sorted(i.findtext("title") for i in items) == sorted(e["title"] for e in expected)
        for item in items:
            essay = next(e for e in expected if e["title"] == item.findtext("title"))
            assert item.findtext("link").endswith(essay["url"])
            assert item.findtext(f"{DC}creator") == essay["author_name"]
            assert item.findtext("description") == essay["summary"]
            assert (item.find("pubDate") is None) == (essay["date"] is None)


def test_json_feeds_have_the_required_fields(site, catalog):
    for folder, prompt in feed_paths(catalog):
        feed = json.loads((site / folder / "feed.json").read_text(encoding="utf-8"))
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["title"] and isinstance(feed["items"], list)
        expected = {e["url"] for e in catalog["essays"] if prompt is None or e["prompt_id"] == prompt["id"]}
        assert {item["url"].lstrip("/") for item in feed["items"]} == expected
        for item in feed["items"]:
            assert item["id"] and (item.get("content_html") or item.get("content_text"))
            assert item["authors"][0]["name"]


def test_feeds_order_dated_newest_first_then_undated(project, tmp_path):
    for slug, date in (("older", "2017-05-05"), ("newer", "2017-06-02")):
        project.write(f"essays/{slug}.md", f"---\ntitle: The {slug} one\nauthor: sarah-wetzel\n"
                      f"prompt: what-keeps-you-going\ndate: {date}\n---\n\nSome words here.\n")
    result = project.build(tmp_path / "site", ANTHOLOGY_SITE_URL="https://anthology.example.org/")
    assert result.returncode == 0, result.stderr
    channel = ET.parse(tmp_path / "site" / "prompts" / "what-keeps-you-going" / "feed.xml").getroot().find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["The newer one", "The older one", "Six reasons we keep coming back", "This is my jam"]
    first = channel.find("item")
    assert first.findtext("link") == "https://anthology.example.org/essays/newer/"
    assert first.findtext("pubDate") == "Fri, 02 Jun 2017 12:00:00 +0000"
    feed = json.loads((tmp_path / "site" / "feed.json").read_text(encoding="utf-8"))
    assert feed["items"][0]["date_published"] == "2017-06-02T12:00:00+00:00"
    assert "date_published" not in feed["items"][-1]
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    for slug in ("older", "newer", "this-is-my-jam", "support-the-movie"):
        assert f"<loc>https://anthology.example.org/essays/{slug}/</loc>" in sitemap


def test_pages_link_their_feeds_in_the_head(site, catalog):
    for url in ("", "essays/this-is-my-jam/", "authors/"):
        hrefs = {resolve(url, link["href"]) for link in page(site, url).select('head link[rel="alternate"]')}
        assert {"feed.xml", "feed.json"} <= hrefs
        assert all((site / h).is_file() for h in hrefs)
    for prompt in catalog["prompts"]:
        # A prompt's own feeds are linked in its page (Material would fetch a missing
        # sitemap.xml beside a <link rel=alternate> in a prompt's folder).
        links = article_links(site, prompt["url"])
        assert {prompt["url"] + "feed.xml", prompt["url"] + "feed.json"} <= links


def meta(soup, key):
    tag = soup.select_one(f'meta[property="{key}"], meta[name="{key}"]')
    return tag["content"] if tag else None


def test_essays_carry_link_preview_metadata(site, catalog):
    for essay in catalog["essays"]:
        soup = page(site, essay["url"])
        assert meta(soup, "og:title") == essay["title"] == meta(soup, "twitter:title")
        assert meta(soup, "og:description") == essay["summary"] == meta(soup, "description")
        assert meta(soup, "og:type") == "article"
        assert meta(soup, "og:site_name") == "Support Writing Anthology"
        assert meta(soup, "article:author") == essay["author_name"] == meta(soup, "author")
        assert meta(soup, "twitter:card") == "summary"


def test_description_falls_back_to_the_opening_sentences(project, tmp_path):
    project.write("essays/no-summary.md", "---\ntitle: No summary\nauthor: sarah-wetzel\nprompt: careers-in-support\n"
                  "---\n\n## A heading first\n\nThe first sentence. The second one! " + "Word " * 80 + "end.\n")
    assert project.build(tmp_path / "site").returncode == 0
    soup = page(tmp_path / "site", "essays/no-summary/")
    assert meta(soup, "og:description") == "The first sentence. The second one!"


# Essays without a summary, as writers write them, and the description each page, preview and feed
# shows: the opening sentences as the reader reads them, with no mark of the Markdown left.
PLAIN = {
    "notes": (("Our team answers *every* ticket[^1] within a day — most within an __hour__.[^2] It wasn’t "
               "always so.\n\n[^1]: Well, almost.\n[^2]: On weekdays."),
              "Our team answers every ticket within a day — most within an hour. It wasn’t always so."),
    "links": (("> A quote first, which is not the essay’s opening.\n\nI found [Support Driven](https://example.com/sd) "
               "through a friend’s “tiny” tweet ([its thread][thread]). Then I stayed for **years**, not `weeks`."
               "\n\n[thread]: https://example.com/thread"),
              ("I found Support Driven through a friend’s “tiny” tweet (its thread). "
               "Then I stayed for years, not weeks.")),
    "marks": (("# \n\n- a list first\n\nTom &amp; Jerry <em>answer</em> ![a dog](../images/dog.png) tickets "
               "&lt;fast&gt; &#8212; and well."),
              "Tom & Jerry answer tickets <fast> — and well."),
    "kefu": (("客服工作让我学会了*耐心*。每天早上我打开工单，先读完[客户](https://example.com)的每一句话[^1]，再回答。"
              "\n\n[^1]: 几乎每一句。"),
             "客服工作让我学会了耐心。每天早上我打开工单，先读完客户的每一句话，再回答。"),
}


def test_descriptions_are_plain_sentences_in_pages_previews_and_feeds(project, tmp_path):
    from PIL import Image

    (project.docs / "images").mkdir(exist_ok=True)
    Image.new("RGB", (4, 4)).save(project.docs / "images" / "dog.png")
    for slug, (body, _) in PLAIN.items():
        body = body.replace("# \n\n", "## A heading\n\n")
        project.write(f"essays/{slug}.md", f"---\ntitle: {slug.title()}\nauthor: sarah-wetzel\n"
                      f"prompt: careers-in-support\n---\n\n{body}\n")
    result = project.build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    rss = ET.parse(site / "feed.xml").getroot().find("channel")
    items = {item.findtext("link").rstrip("/").rpartition("/")[2]: item for item in rss.findall("item")}
    json_items = {item["url"].rstrip("/").rpartition("/")[2]: item
                  for item in json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]}
    for slug, (_, expected) in PLAIN.items():
        soup = page(site, f"essays/{slug}/")
        shown = [meta(soup, key) for key in ("description", "og:description", "twitter:description")]
        assert shown == [expected] * 3, slug
        # RSS holds HTML: its description is the text, escaped (test_feeds.py checks the escaping).
        from bs4 import BeautifulSoup
        assert BeautifulSoup(items[slug].findtext("description"), "html.parser").get_text() == expected
        assert json_items[slug]["summary"] == expected == json_items[slug]["content_text"]


def test_a_first_sentence_too_long_for_a_description_is_cut_after_a_word():
    import markupever

    from anthology.catalog.essays import opening_sentences

    def described(html):
        return opening_sentences(markupever.parse(html, markupever.HtmlOptions(full_document=False)))

    assert described("<p>" + "answer " * 300 + "</p>") == ("answer " * 28).strip() + "…"
    assert described("<p>" + "耐心" * 300 + "</p>") == "耐心" * 100 + "…"
    assert described("<p>Short. " + "Long " * 30 + "enough.</p>") == "Short. " + "Long " * 30 + "enough."


def test_about_page_is_built_from_the_registry(site, catalog):
    about = page(site, "about/").select_one("article")
    text = about.get_text(" ", strip=True)
    assert "Support Driven Spring 2017 Writing Challenge" in text and "May 2017" in text
    challenge_links = [resolve("about/", a["href"]) for a in about.select(".swa-card__title > a")]
    assert challenge_links == [c["url"] for c in catalog["challenges"]] == ["challenges/spring-2017/"]
    assert "contribute/" in article_links(site, "about/")
    challenge = page(site, "challenges/spring-2017/").select_one("article")
    text = challenge.get_text(" ", strip=True)
    assert "every other Friday" in text and "Run by Support Driven" in text and "May 2017" in text
    prompt_links = [resolve("challenges/spring-2017/", a["href"]) for a in challenge.select(".swa-card__title > a")]
    assert prompt_links == [p["url"] for p in catalog["prompts"]]
    for prompt in catalog["prompts"]:
        assert prompt["question"] in text


def test_more_from_this_prompt(site, catalog):
    essay_urls = {e["url"] for e in catalog["essays"]}
    for essay in catalog["essays"]:
        others = {e["url"] for e in catalog["essays"] if e["prompt_id"] == essay["prompt_id"]} - {essay["url"]}
        soup = page(site, essay["url"])
        # The previous and next essays on the prompt are linked on their own, the rest in cards.
        pager = {resolve(essay["url"], a["href"]) for a in soup.select("nav.swa-prompt-pager a")}
        block = soup.select_one("aside.swa-more")
        cards = {resolve(essay["url"], a["href"]) for a in block.select(".swa-card__title a")} if block else set()
        assert pager | cards == others & essay_urls
        assert not pager & cards
        assert block is None or "min read" in block.get_text()


def test_more_from_this_prompt_stays_small(project, tmp_path):
    for i in range(9):
        project.write(f"essays/extra-{i}.md", f"---\ntitle: Extra {i}\nauthor: sarah-wetzel\n"
                      f"prompt: careers-in-support\n---\n\nWords.\n")
    assert project.build(tmp_path / "site").returncode == 0
    cards = page(tmp_path / "site", "essays/extra-0/").select("aside.swa-more .swa-card")
    assert len(cards) == 5
    # In the middle of the prompt: the previous and next are linked on their own, not again as
    # cards; the author's other essays, a few of their ten, never the essay itself.
    middle = page(tmp_path / "site", "essays/extra-4/")
    pager = {a["href"] for a in middle.select("nav.swa-prompt-pager a")}
    more = {a["href"] for a in middle.select("aside.swa-more .swa-card__title a")}
    assert len(pager) == 2 and len(more) == 5 and not pager & more
    by_author = [a["href"] for a in middle.select("aside.swa-by-author .swa-card__title a")]
    assert len(by_author) == 5 and "../extra-4/" not in by_author
    assert middle.select_one("aside.swa-by-author").find("a", string="All 10 essays by Sarah Wetzel")


def test_printable_edition_holds_every_essay_once(site, catalog):
    soup = page(site, "print/")
    ids = [a["id"] for a in soup.select("article.swa-print-essay")]
    assert ids == [f"essay-{e['id']}" for e in catalog["essays"]]
    text = soup.get_text()
    for sentence in DISTINCTIVE.values():
        assert text.count(sentence) == 1
    duplicated = [i for i, n in Counter(t["id"] for t in soup.select("[id]")).items() if n > 1]
    assert duplicated == []
    targets = [a["href"] for a in soup.select(".swa-print-contents a")]
    assert targets and all(href.startswith("#") and soup.find(id=href[1:]) for href in targets)
