"""The pages the site generates from the catalog: home, prompts, essays, authors, tags.

Each is a virtual page (it exists only in the build, never in `docs/`). Its Markdown holds
only front matter naming its template; what the page shows comes from the catalog objects
handed to that template through `context`. Pages compute nothing; templates display.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .model import Catalog


@dataclass
class VirtualPage:
    src_uri: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    body: str = ""

    def markdown(self) -> str:
        # JSON is YAML, and much quicker to write than yaml.safe_dump for thousands of pages.
        meta = {"title": self.title, "template": self.template}
        return f"---\n{json.dumps(meta, ensure_ascii=False)}\n---\n{self.body}"


PRINTABLE_EDITION = "print.md"
SEARCH = "search.md"


def virtual_pages(catalog: Catalog, search: bool = True, printable_edition: bool = True) -> list[VirtualPage]:
    pages = [
        VirtualPage("index.md", "Home", "home.html", {"catalog": catalog}),
        VirtualPage("prompts/index.md", "Prompts", "prompts.html", {"catalog": catalog}),
        VirtualPage("essays/index.md", "Essays", "essays.html", {"catalog": catalog}),
        VirtualPage("authors/index.md", "Authors", "authors.html", {"catalog": catalog}),
        VirtualPage("tags/index.md", "Tags", "tags.html", {"catalog": catalog}),
        VirtualPage("about.md", "About the anthology", "about.html", {"catalog": catalog}),
    ]
    if printable_edition:
        pages.append(VirtualPage(PRINTABLE_EDITION, "Printable edition", "print.html", {"catalog": catalog}))
    if search:
        pages.append(VirtualPage(SEARCH, "Search", "search.html", {"catalog": catalog}))
    pages += [VirtualPage(p.src_uri, p.title, "prompt.html", {"prompt": p}) for p in catalog.prompts]
    pages += [VirtualPage(a.src_uri, a.display_name, "author.html", {"author": a}) for a in catalog.authors]
    pages += [VirtualPage(t.src_uri, t.name, "tag.html", {"tag": t}) for t in catalog.tags]
    return pages


def problem_page(src_uri: str, problems: list) -> VirtualPage:
    """What a preview shows at the address of an essay that cannot be built yet."""
    return VirtualPage(src_uri, "Problems to fix", "problems.html", {"problems": problems})


def contributor_guide(markdown: str, catalog: Catalog, new_essay_url: str | None) -> VirtualPage:
    """CONTRIBUTING.md, published as the site's "Add your essay" page, so they never differ;
    above it, a form that writes the essay file (and, where the repository is known, opens it
    on GitHub as a proposed new file: `new_essay_url`)."""
    return VirtualPage("contribute.md", "Add your essay", "contribute.html",
                       {"catalog": catalog, "new_essay_url": new_essay_url}, body=markdown)


def prompts_nav(catalog: Catalog) -> list:
    """The Prompts section of the navigation: its index, then one entry per prompt."""
    return ["prompts/index.md"] + [{p.title: p.src_uri} for p in catalog.prompts]
