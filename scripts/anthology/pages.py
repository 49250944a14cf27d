"""The pages the site generates from the catalog: home, challenges, prompts, essays, authors,
tags, and the printable editions.

Each is a virtual page (it exists only in the build, never in `docs/`). Its Markdown holds
only front matter naming its template; what the page shows comes from the catalog objects
handed to that template through `context`. Pages compute nothing; templates display.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import issueform
from .model import Catalog, Challenge, Essay


@dataclass
class VirtualPage:
    src_uri: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    body: str = ""  # Markdown shown above the template's own content (the contributor's guide)

    def markdown(self) -> str:
        """The page's file for MkDocs: front matter only. The body is rendered by the site's one
        Markdown (anthology.markdown), as essays are, never by MkDocs."""
        # JSON is YAML, and much quicker to write than yaml.safe_dump for thousands of pages.
        meta = {"title": self.title, "template": self.template}
        return f"---\n{json.dumps(meta, ensure_ascii=False)}\n---\n"


PRINTABLE_EDITION = "print.md"
PRINT_TEMPLATE = "print.html"
SEARCH = "search.md"
ESSAYS_PER_PAGE = 100  # a list page of 100 essay cards is about 50 KB


@dataclass(frozen=True)
class Paging:
    """Where one page of a long list of essays stands among the pages of that list."""

    number: int  # from 1
    urls: tuple[str, ...]  # every page of the list, site-relative

    @property
    def count(self) -> int:
        return len(self.urls)

    @property
    def previous_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


@dataclass(frozen=True)
class Edition:
    """A printable edition: the whole anthology, or one challenge, as one page of its essays."""

    title: str
    challenges: tuple[Challenge, ...]
    whole: bool  # the whole anthology, not one challenge

    @property
    def essays(self) -> list[Essay]:
        return [essay for challenge in self.challenges for essay in challenge.essays]


def virtual_pages(catalog: Catalog, search: bool = True, printable_edition: bool = True,
                  per_page: int = ESSAYS_PER_PAGE) -> list[VirtualPage]:
    pages = [
        VirtualPage("index.md", "Home", "home.html", {"catalog": catalog}),
        VirtualPage("challenges/index.md", "Challenges", "challenges.html", {"catalog": catalog}),
        VirtualPage("prompts/index.md", "Prompts", "prompts.html", {"catalog": catalog}),
        VirtualPage("essays/index.md", "Essays", "essays.html", {"catalog": catalog}),
        VirtualPage("authors/index.md", "Authors", "authors.html", {"catalog": catalog}),
        VirtualPage("tags/index.md", "Tags", "tags.html", {"catalog": catalog}),
        VirtualPage("about.md", "About the anthology", "about.html", {"catalog": catalog}),
    ]
    if printable_edition:
        whole = Edition("Printable edition", tuple(catalog.challenges), True)
        pages.append(VirtualPage(PRINTABLE_EDITION, whole.title, PRINT_TEMPLATE, {"catalog": catalog, "edition": whole}))
    if search:
        pages.append(VirtualPage(SEARCH, "Search", "search.html", {"catalog": catalog}))
    for challenge in catalog.challenges:
        pages.append(VirtualPage(challenge.src_uri, challenge.title, "challenge.html", {"challenge": challenge}))
        if printable_edition:
            edition = Edition(f"{challenge.title}: printable edition", (challenge,), False)
            pages.append(VirtualPage(f"{challenge.folder}print.md", edition.title, PRINT_TEMPLATE,
                                     {"catalog": catalog, "edition": edition}))
    for kind, owners, title in (("prompt", catalog.prompts, "title"), ("author", catalog.authors, "display_name"),
                                ("tag", catalog.tags, "name")):
        for owner in owners:
            pages += _paged(kind, owner, getattr(owner, title), per_page)
    return pages


def _paged(kind: str, owner, title: str, per_page: int) -> list[VirtualPage]:
    """A prompt's, author's or tag's page, and as many more as its essays fill: every page
    stays light however many essays one prompt gathers."""
    chunks = [owner.essays[start:start + per_page] for start in range(0, len(owner.essays), per_page)] or [[]]
    stem = owner.src_uri.removesuffix(".md")
    src_uris = [owner.src_uri] + [f"{stem}/{number}.md" for number in range(2, len(chunks) + 1)]
    urls = tuple([owner.url] + [_numbered(owner.url, number) for number in range(2, len(chunks) + 1)])
    return [
        VirtualPage(src_uri, title if number == 1 else f"{title} (page {number} of {len(chunks)})",
                    f"{kind}.html", {kind: owner, "essays": chunk, "paging": Paging(number, urls)})
        for number, (src_uri, chunk) in enumerate(zip(src_uris, chunks), start=1)
    ]


def _numbered(url: str, number: int) -> str:
    # "prompts/x/" -> "prompts/x/2/"; "prompts/x.html" -> "prompts/x/2.html" (no directory URLs)
    return f"{url}{number}/" if url.endswith("/") else f"{url.removesuffix('.html')}/{number}.html"


def problem_page(src_uri: str, problems: list) -> VirtualPage:
    """What a preview shows at the address of an essay that cannot be built yet."""
    return VirtualPage(src_uri, "Problems to fix", "problems.html", {"problems": problems})


def contributor_guide(markdown: str, catalog: Catalog, new_essay_url: str | None,
                      issue_form_url: str | None = None) -> VirtualPage:
    """CONTRIBUTING.md, published as the site's "Add your essay" page, so they never differ;
    above it, a form that writes the essay file (and, where the repository is known, opens it
    on GitHub as a proposed new file, `new_essay_url`, or GitHub's essay issue form,
    `issue_form_url`, whose dropdown choices it names: `issue_choices`)."""
    choices = {"authors": {id_: text for text, id_ in issueform.author_choices(catalog.authors).items()},
               "prompts": {id_: text for text, id_ in issueform.prompt_choices(catalog.prompts).items()},
               "new_author": issueform.NEW_AUTHOR}
    return VirtualPage("contribute.md", "Add your essay", "contribute.html",
                       {"catalog": catalog, "new_essay_url": new_essay_url, "issue_form_url": issue_form_url,
                        "issue_choices": choices}, body=markdown)


def prompts_nav(catalog: Catalog) -> list:
    """The Prompts section of the navigation: its index, then a section for each challenge
    (its page, then its prompts)."""
    return ["prompts/index.md"] + [
        {challenge.title: [challenge.src_uri] + [{p.title: p.src_uri} for p in challenge.prompts]}
        for challenge in catalog.challenges
    ]
