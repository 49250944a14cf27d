"""The search index as the build makes it: what it is sent, and what a failure looks like."""

from __future__ import annotations

import markupever
from hypothesis import given
from hypothesis import strategies as st

from anthology.catalog.essays import language_of, written_in
from anthology.rendering.essay import Targets, render_essay
from anthology.outputs.search_index import GLUE, indexed_document, merged_languages
from test_site import page


def test_indexer_gets_a_document_in_the_page_language():
    assert indexed_document("<div data-pagefind-body>x</div>", "en") == \
        '<html lang="en"><body><div data-pagefind-body>x</div></body></html>'


def test_the_index_glues_spaced_dashes_and_leaves_the_pages_own_marks_to_pagefind():
    # Pagefind leaves the marks out itself (FURNITURE_SELECTORS; test_browser's excerpts hold none).
    part = ('<div data-pagefind-body><h2 id="a">Why<a class="headerlink" href="#a">¶</a></h2>'
            '<p>Customer support<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup> — it found me; '
            'a customer-support team -- of four.</p>'
            '<p>A note. <a class="footnote-backref" href="#fnref:1">↩</a></p></div>')
    document = indexed_document(part, "en")
    assert 'class="headerlink"' in document and 'class="footnote-backref"' in document
    assert f"support{GLUE}—" not in document  # the note's number stands between them
    assert f"</sup>{GLUE}— it found me" in document and f"customer-support team{GLUE}-- of four" in document


def test_a_dash_after_a_no_break_space_is_glued_too():
    # As the sanitiser writes the part: a no-break space is "&nbsp;" in it.
    document = indexed_document("<div data-pagefind-body><p>Le support&nbsp;— voilà.</p></div>", "fr")
    assert f"support{GLUE}— voilà" in document


def test_an_essay_is_in_chinese_or_japanese_when_most_of_its_letters_are():
    assert written_in("客服工作让我学会了耐心。每天早上我先读完客户的每一句话。") == "zh"
    assert written_in("サポートの仕事で、私はお客様の話を最後まで聞くことを学びました。") == "ja"
    assert written_in("漢字の多い文章でも、かなが入ります。") == "ja"
    # An English essay quoting Chinese stays in the site's language, as does one with no letters.
    assert written_in("Our customers in Shanghai taught us a word for it: 耐心, patience, every day.") is None
    assert written_in("1234 — 5678") is None


def test_the_search_page_merges_every_other_language_once():
    assert merged_languages([None, "zh", None, "ja", "zh"], "en") == ["ja", "zh"]
    assert merged_languages([None, None], "en") == []
    # No essay in the site's language: Pagefind opens the largest index, which is not merged again.
    assert merged_languages(["zh", "zh", "ja"], "en") == ["ja"]


def test_the_indexed_part_is_on_each_essay_page_once(site):
    # Rendered apart from the page (the plugin) and shown in it: one body, with the essay's text.
    for path in sorted((site / "essays").glob("*/index.html")):
        soup = page(site, path.parent.relative_to(site).as_posix() + "/")
        bodies = soup.select("[data-pagefind-body]")
        assert len(bodies) == 1, path
        assert bodies[0].select_one("h1[data-pagefind-meta=title]") is not None
        assert len(bodies[0].select("p")) > 3, path


def test_build_reports_a_failing_search_service_without_a_traceback(project):
    # An empty TOKIO_WORKER_THREADS makes the Pagefind binary panic at start: a real failure
    # of the service, reported with what it printed.
    result = project.build(TOKIO_WORKER_THREADS="")
    assert result.returncode != 0
    assert "search index, at essays/" in result.stderr
    assert "Pagefind service stopped before answering; it said:" in result.stderr
    assert "TOKIO_WORKER_THREADS" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_pagefind_binary_is_named_without_a_traceback(project):
    missing = project.root / "no-such-pagefind"
    result = project.build(PAGEFIND_BINARY_PATH=str(missing))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"cannot start the Pagefind binary {missing}: No such file or directory" in result.stderr


def test_every_essay_of_a_larger_anthology_is_cleaned_shown_printed_and_indexed(tmp_path):
    # Every essay page must show its text, and every essay be in the index and the print.
    from anthology_dev.bench import make_sites
    from conftest import ROOT, run_mkdocs_build

    count = 57
    config, _ = make_sites(ROOT, tmp_path, count)
    site = tmp_path / "site"
    result = run_mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr
    assert f"Search: indexed {count} essays" in result.stderr
    for path in (site / "essays").glob("*/index.html"):
        soup = page(site, path.parent.relative_to(site).as_posix() + "/")
        assert len(soup.select("[data-pagefind-body] p")) > 3, path
    assert len(list((site / "essays").glob("*/index.html"))) == count
    # The printable edition takes each essay's cleaned HTML from its page's content.
    printed = page(site, "print/").select("article.swa-print-essay")
    assert len(printed) == count
    for article in printed:
        assert len(article.select("p")) > 4, article.get("id")


CHINESE = ("---\ntitle: 耐心\nauthor: amy-breedonjay\nprompt: what-keeps-you-going\n---\n\n"
           "客服工作让我学会了耐心。每天早上我先读完客户的每一句话，然后再回答。\n")


def plain_pagefind() -> str:
    from pagefind_bin import get_executable

    return str(get_executable())


def test_a_build_with_the_plain_binary_stops_when_an_essay_is_in_chinese(project):
    # The preview's binary would publish a search that cannot find a word inside Chinese text.
    project.write("essays/nai-xin.md", CHINESE)
    result = project.build(PAGEFIND_BINARY_PATH=plain_pagefind())
    assert result.returncode != 0
    assert ("search: Pagefind's plain binary indexes each run of Chinese text as one word, so a word inside "
            "it is not found; `make build` installs the extended binary") in result.stderr
    assert "Traceback" not in result.stderr


def test_a_build_with_the_plain_binary_and_no_chinese_or_japanese_essay_is_whole(project):
    result = project.build(PAGEFIND_BINARY_PATH=plain_pagefind())
    assert result.returncode == 0, result.stderr
    assert "plain binary" not in result.stderr
    assert (project.root / "site" / "pagefind" / "pagefind.js").is_file()


def test_the_extended_binary_is_the_one_a_build_runs_when_it_is_installed():
    from anthology.outputs.search_index import pagefind_binary, splits_words

    assert splits_words(pagefind_binary())


# Markdown as writers write it, CJK given as characters or as references, in text, code, links and
# raw HTML's attributes.
CJK_MARKDOWN = st.lists(st.sampled_from(["客服", "耐心", "サポート", "かな", "Support", " ", "\n\n", "*", "`", "[", "](x.md)",
                                         "&#x4e2d;", "&#20013;", "&#x30a2;", "&amp;", '<abbr title="中文">', "</abbr>",
                                         "。", "—", "&nbsp;"]), max_size=30).map("".join)


@given(CJK_MARKDOWN)
def test_an_essays_language_is_its_texts_however_the_html_writes_it(body):
    """language_of reads the HTML only for Han or kana: the same answer as the text read from the tree."""
    html, _ = render_essay(body, 1, "docs/essays/x.md", Targets(frozenset(), frozenset()))
    if html is not None:
        text = markupever.parse(html.html, markupever.HtmlOptions(full_document=False)).root().text()
        assert language_of(html.html) == written_in(text)
