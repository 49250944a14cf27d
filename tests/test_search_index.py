"""The search index as the build makes it: what it is sent, and what a failure looks like."""

from __future__ import annotations

import pytest

from anthology.search import PART_END, PART_START, SearchIndexError, indexed_part


def test_indexer_is_sent_only_the_marked_part_with_the_page_language():
    page = f"<html><head><title>x</title></head><body><nav>menu</nav>{PART_START}<div data-pagefind-body>" \
           f"<h1>Essay</h1></div>{PART_END}<footer>more</footer></body></html>"
    part = indexed_part(page, "en")
    assert part == '<html lang="en"><body><div data-pagefind-body><h1>Essay</h1></div></body></html>'


def test_a_page_without_the_marked_part_is_an_error_naming_the_template():
    with pytest.raises(SearchIndexError, match="overrides/essay.html"):
        indexed_part("<html><body><div data-pagefind-body>x</div></body></html>", "en")


def test_build_reports_a_failing_search_service_without_a_traceback(project):
    # An empty TOKIO_WORKER_THREADS makes the Pagefind binary panic at start: a real failure
    # of the service, reported with what it printed.
    result = project.build(TOKIO_WORKER_THREADS="")
    assert result.returncode != 0
    assert "search index, at essays/" in result.stderr
    assert "Pagefind service stopped before answering; it said:" in result.stderr
    assert "TOKIO_WORKER_THREADS" in result.stderr
    assert "Traceback" not in result.stderr
