"""The MkDocs plugin over a core that knows nothing of MkDocs, and what essay writers get."""

from __future__ import annotations

import ast
from importlib.metadata import entry_points
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from conftest import ROOT
from test_site import broken_links


def test_the_core_imports_nothing_from_mkdocs():
    # Another builder (MkDocs 1.x is unmaintained) needs only a new adapter, not a new core.
    for path in sorted((ROOT / "scripts" / "anthology").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith(("mkdocs", "material")), f"{path.relative_to(ROOT)} imports {name}"


def test_mkdocs_finds_the_plugin_by_its_entry_point():
    from anthology_mkdocs.plugin import AnthologyPlugin

    found = {point.name: point for point in entry_points(group="mkdocs.plugins")}
    assert found["anthology"].load() is AnthologyPlugin
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nplugins:\n  - anthology:" in config and "\nhooks:" not in config


def test_nothing_inserts_into_sys_path():
    for path in list((ROOT / "scripts").rglob("*.py")) + list((ROOT / "tests").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "sys.path." + "insert" not in text, path


def test_search_feeds_printable_edition_and_ebooks_can_be_switched_off(project, tmp_path):
    config = project.config.read_text(encoding="utf-8")
    for option in ("search", "feeds", "printable_edition", "editions"):
        config = config.replace(f"      {option}: true", f"      {option}: false")
    project.config.write_text(config, encoding="utf-8")
    site = tmp_path / "site"
    result = project.build(site)
    assert result.returncode == 0, result.stderr
    assert (site / "anthology.json").is_file() and (site / "essays" / "this-is-my-jam" / "index.html").is_file()
    for gone in ("pagefind", "search", "print", "feed.xml", "feed.json", "prompts/what-keeps-you-going/feed.xml",
                 "challenges/spring-2017/feed.xml", "challenges/spring-2017/print", "editions"):
        assert not (site / gone).exists(), gone
    assert broken_links(site) == []
    for page in ("index.html", "challenges/spring-2017/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "feed.xml" not in html and 'role="search"' not in html and "print/" not in html
    assert ".epub" not in (site / "about" / "index.html").read_text(encoding="utf-8")


def test_pages_as_files_are_refused_in_words(project):
    # Feeds and editions live beside a page's folder: `use_directory_urls: false` cannot hold them.
    project.config.write_text(project.config.read_text(encoding="utf-8") + "use_directory_urls: false\n",
                              encoding="utf-8")
    result = project.build()
    assert result.returncode != 0
    assert "the anthology needs use_directory_urls: true" in result.stderr
    assert "Traceback" not in result.stderr


def test_writers_get_their_quotes_and_dashes_as_typed(project, tmp_path):
    project.write("essays/typography.md", "---\ntitle: Typography\nauthor: sarah-wetzel\n"
                  "prompt: what-keeps-you-going\n---\n\n"
                  "She said \"it's done\" -- twice --- and left...\n\n"
                  "He said “it’s done” – twice — and left…\n\n"
                  "~~old~~ ==new==\n\n"
                  "- one\n- two\n\n1. first\n2. second\n")
    site = tmp_path / "site"
    result = project.build(site)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((site / "essays" / "typography" / "index.html").read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("[data-pagefind-body]")
    # As GitHub's preview shows them: straight quotes and "--" stay so; curly ones typed stay curly.
    assert "She said \"it's done\" -- twice --- and left..." in body.get_text()
    assert "He said “it’s done” – twice — and left…" in body.get_text()
    # "==" marks nothing on GitHub, nor here.
    assert body.select_one("del").get_text() == "old" and body.select_one("mark") is None and "==new==" in body.get_text()
    # sane_lists: a bulleted and a numbered list side by side stay two lists of their own kinds.
    assert [li.get_text() for li in body.select("ul > li")] == ["one", "two"]
    assert [li.get_text() for li in body.select("ol > li")] == ["first", "second"]


def test_long_lists_are_shown_a_page_at_a_time(tmp_path):
    # 57 essays on 4 prompts and 5 authors, 5 to a page: every prompt and author has pages 2, 3 ...
    import json

    from anthology_dev.bench import make_sites
    from conftest import run_mkdocs_build

    config, _ = make_sites(ROOT, tmp_path, 57, "few-lists")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      printable_edition: true", "      printable_edition: true\n"
                                   "      essays_per_page: 5"), encoding="utf-8")
    site = tmp_path / "site"
    result = run_mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr
    catalog = json.loads((site / "anthology.json").read_text(encoding="utf-8"))
    for kind in ("prompts", "authors"):
        for owner in catalog[kind]:
            listed, url, number = [], owner["url"], 1
            while url:
                soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
                cards = [a["href"] for a in soup.select("article .swa-card__title a")]
                assert 0 < len(cards) <= 5, url
                listed += cards
                pages = -(-len(owner["essay_ids"]) // 5)
                if pages > 1:
                    assert f"page {number} of {pages}" in soup.h2.get_text()
                    assert soup.title.get_text().startswith(owner.get("title") or owner["display_name"])
                following = soup.select_one("nav.swa-pager a[rel=next]")
                url = urljoin("http://site/" + url, following["href"]).removeprefix("http://site/") if following else None
                number += 1
            assert len(listed) == len(owner["essay_ids"]), owner["url"]
            assert [href.rstrip("/").rsplit("/", 1)[-1] for href in listed] == owner["essay_ids"]
    assert broken_links(site) == []
