"""The plugin's options, as written under `plugins: - anthology:` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from anthology.outputs.pages import ESSAYS_PER_PAGE
from anthology.rules.addresses import ESSAYS_DIR, REGISTRY_DIR


class AnthologyConfig(base.Config):
    essays = c.Type(str, default=ESSAYS_DIR)  # folder under docs_dir: one essay per file
    registry = c.Type(str, default=REGISTRY_DIR)  # folder under docs_dir: authors.yml, prompts.yml
    search = c.Type(bool, default=True)  # the Pagefind index and the search page
    feeds = c.Type(bool, default=True)  # RSS and JSON Feed, for the site and each prompt
    printable_edition = c.Type(bool, default=True)  # every essay on one page, /print/
    editions = c.Type(bool, default=True)  # the ebooks (EPUB): by `mkdocs build`, not `serve`
    essays_per_page = c.Type(int, default=ESSAYS_PER_PAGE)  # on a prompt's, author's or tag's page
