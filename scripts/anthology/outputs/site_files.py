"""The files the build writes beside the pages: the feeds, the public catalog and the essay schema.

Each is a `SiteFile` (a path and its text); the builder writes them as it writes pages, so every
generated file leaves the build one way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from anthology.catalog.model import Catalog
from anthology.outputs.catalog_file import catalog_json
from anthology.outputs.feeds import feeds, json_feed, rss
from anthology.rules.schema import essay_json_schema


@dataclass(frozen=True)
class SiteFile:
    """A file of the site that is not a page."""

    path: str  # site-relative, '/' between folders
    content: str


def site_files(catalog: Catalog, base_url: str, site_name: str, with_feeds: bool = True) -> list[SiteFile]:
    """`anthology.json`, `essay.schema.json` (the front matter's rules, for the essay form and
    editors) and, `with_feeds`, every feed as RSS and JSON Feed; feeds link from `base_url`."""
    files = [SiteFile("anthology.json", catalog_json(catalog)),
             SiteFile("essay.schema.json", json.dumps(essay_json_schema(), indent=1))]
    if with_feeds:
        for feed in feeds(catalog, site_name):
            files += [SiteFile(feed.rss_path, rss(feed, base_url)), SiteFile(feed.json_path, json_feed(feed, base_url))]
    return files
