"""The pages the site generates from the catalog: home, challenges, prompts, essays, authors,
tags, and the printable editions.

Each is a virtual page (it exists only in the build, never in `docs/`). Its Markdown holds
only front matter naming its template; what the page shows comes from the catalog objects
handed to that template through `context`. Pages compute nothing; templates display.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields

from anthology.catalog.choices import NEW_AUTHOR, author_choices, prompt_choices
from anthology.catalog.model import Author, Catalog, Challenge, Essay, Prompt, Tag
from anthology.outputs.editions.printing import Edition

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


@dataclass
class GeneratedPage:
    """A page that exists only in the build, never in docs/: its Markdown names its template, and
    its fields are what the template is given (`context`)."""

    src_uri: str
    title: str
    template: str

    def context(self) -> dict:
        return {item.name: getattr(self, item.name) for item in fields(self)
                if item.name not in ("src_uri", "title", "template", "body")}

    def markdown(self) -> str:
        """The page's file for MkDocs: front matter only. A guide's body is rendered by the site's
        one Markdown (rendering.markdown), as essays are, never by MkDocs."""
        # JSON is YAML, and much quicker to write than yaml.safe_dump for thousands of pages.
        meta = {"title": self.title, "template": self.template}
        return f"---\n{json.dumps(meta, ensure_ascii=False)}\n---\n"


@dataclass
class CatalogPage(GeneratedPage):
    """A page about the whole anthology: home, the lists of challenges, prompts, essays, authors
    and tags, about, search."""

    catalog: Catalog


@dataclass
class ChallengePage(GeneratedPage):
    challenge: Challenge


@dataclass
class EditionPage(GeneratedPage):
    """A printable edition: every essay of the anthology or of one challenge on one page."""

    catalog: Catalog
    edition: Edition


@dataclass
class PromptPage(GeneratedPage):
    """One page of a prompt's essays (a prompt with many has several)."""

    prompt: Prompt
    essays: list[Essay]
    paging: Paging


@dataclass
class AuthorPage(GeneratedPage):
    author: Author
    essays: list[Essay]
    paging: Paging


@dataclass
class TagPage(GeneratedPage):
    tag: Tag
    essays: list[Essay]
    paging: Paging


@dataclass
class ProblemPage(GeneratedPage):
    """What a preview shows at the address of an essay that cannot be built yet."""

    problems: list


@dataclass
class FormPage(GeneratedPage):
    """The site's "Add your essay" page: the essay form, which links to the guide's parts."""

    catalog: Catalog
    new_essay_url: str | None
    issue_form_url: str | None
    issue_choices: dict
    guide_url: str  # site-relative
    body: str = ""  # Markdown shown under the form: the guide's "Without git"


@dataclass
class GuidePage(GeneratedPage):
    """CONTRIBUTING.md as the site's writer's guide: the way with git and the reference."""

    form_url: str  # site-relative
    body: str = ""  # Markdown, rendered as the page's content


def virtual_pages(catalog: Catalog, search: bool = True, printable_edition: bool = True,
                  per_page: int = ESSAYS_PER_PAGE) -> list[GeneratedPage]:
    pages: list[GeneratedPage] = [
        CatalogPage("index.md", "Home", "home.html", catalog),
        CatalogPage("challenges/index.md", "Challenges", "challenges.html", catalog),
        CatalogPage("prompts/index.md", "Prompts", "prompts.html", catalog),
        CatalogPage("essays/index.md", "Essays", "essays.html", catalog),
        CatalogPage("authors/index.md", "Authors", "authors.html", catalog),
        CatalogPage("tags/index.md", "Tags", "tags.html", catalog),
        CatalogPage("about.md", "About the anthology", "about.html", catalog),
    ]
    if printable_edition:
        whole = Edition("Printable edition", tuple(catalog.challenges), True)
        pages.append(EditionPage(PRINTABLE_EDITION, whole.title, PRINT_TEMPLATE, catalog, whole))
    if search:
        pages.append(CatalogPage(SEARCH, "Search", "search.html", catalog))
    for challenge in catalog.challenges:
        pages.append(ChallengePage(challenge.src_uri, challenge.title, "challenge.html", challenge))
        if printable_edition:
            edition = Edition(f"{challenge.title}: printable edition", (challenge,), False)
            pages.append(EditionPage(f"{challenge.folder}print.md", edition.title, PRINT_TEMPLATE, catalog, edition))
    for kind, owners, title in ((PromptPage, catalog.prompts, "title"), (AuthorPage, catalog.authors, "display_name"),
                                (TagPage, catalog.tags, "name")):
        for owner in owners:
            pages += _paged(kind, owner, getattr(owner, title), per_page)
    return pages


def _paged(kind: type[PromptPage | AuthorPage | TagPage], owner, title: str, per_page: int) -> list[GeneratedPage]:
    """A prompt's, author's or tag's page, and as many more as its essays fill: every page
    stays light however many essays one prompt gathers."""
    chunks = [owner.essays[start:start + per_page] for start in range(0, len(owner.essays), per_page)] or [[]]
    stem = owner.src_uri.removesuffix(".md")
    src_uris = [owner.src_uri] + [f"{stem}/{number}.md" for number in range(2, len(chunks) + 1)]
    urls = tuple([owner.url] + [f"{owner.url}{number}/" for number in range(2, len(chunks) + 1)])
    template = f"{kind.__name__.removesuffix('Page').lower()}.html"
    return [
        kind(src_uri, title if number == 1 else f"{title} (page {number} of {len(chunks)})",
             template, owner, chunk, Paging(number, urls))
        for number, (src_uri, chunk) in enumerate(zip(src_uris, chunks), start=1)
    ]


def problem_page(src_uri: str, problems: list) -> ProblemPage:
    """What a preview shows at the address of an essay that cannot be built yet."""
    return ProblemPage(src_uri, "Problems to fix", "problems.html", problems)


FORM = "contribute.md"
GUIDE = "contribute/guide.md"
# The guide's part about the essay form, shown under it: to the next heading of its level.
WITHOUT_GIT = re.compile(r"^## Without git[ \t]*\r?\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)


def contributor_pages(markdown: str, catalog: Catalog, new_essay_url: str | None,
                      issue_form_url: str | None = None) -> list[GeneratedPage]:
    """CONTRIBUTING.md published in two pages, so that the site and the file never differ: the
    essay form ("Add your essay") with the guide's "Without git" under it, and the rest, the way
    with git and the reference, as the writer's guide. The form writes the essay file (and, where
    the repository is known, opens it on GitHub as a proposed new file, `new_essay_url`, or
    GitHub's essay issue form, `issue_form_url`, whose dropdown choices it names: `issue_choices`)."""
    choices = {"authors": {id_: text for text, id_ in author_choices(catalog.authors).items()},
               "prompts": {id_: text for text, id_ in prompt_choices(catalog.prompts).items()},
               "new_author": NEW_AUTHOR}
    found = WITHOUT_GIT.search(markdown)
    without_git = found.group() if found else ""
    guide = markdown[:found.start()] + markdown[found.end():] if found else markdown
    return [FormPage(FORM, "Add your essay", "contribute.html", catalog, new_essay_url, issue_form_url,
                     choices, guide_url=_address(GUIDE), body=without_git),
            GuidePage(GUIDE, "The writer’s guide", "guide.html", form_url=_address(FORM), body=guide)]


def _address(src_uri: str) -> str:
    """A generated page's site-relative address (MkDocs' directory URLs)."""
    return src_uri.removesuffix(".md") + "/"


def prompts_nav(catalog: Catalog) -> list:
    """The Prompts section of the navigation: its index, then a section for each challenge
    (its page, then its prompts)."""
    return ["prompts/index.md"] + [
        {challenge.title: [challenge.src_uri] + [{p.title: p.src_uri} for p in challenge.prompts]}
        for challenge in catalog.challenges
    ]
