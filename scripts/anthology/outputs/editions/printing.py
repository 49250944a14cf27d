"""The printable edition: every essay on one page, so ids inside essays must not collide, and
links written for an essay's own page must lead from the edition's."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urljoin

import markupever

from anthology.catalog.model import Challenge, Essay
from anthology.rendering.safelist import URL_ATTRIBUTES, is_remote

_FRAGMENT = markupever.HtmlOptions(full_document=False)
_REWRITTEN = ", ".join(f"[{name}]" for name in sorted({"id"} | URL_ATTRIBUTES))  # the elements it changes


@dataclass(frozen=True)
class Edition:
    """A printable edition: the whole anthology, or one challenge, as one page of its essays."""

    title: str
    challenges: tuple[Challenge, ...]
    whole: bool  # the whole anthology, not one challenge

    @property
    def essays(self) -> list[Essay]:
        return [essay for challenge in self.challenges for essay in challenge.essays]


def edition_html(essays: list[Essay], page_url: str) -> dict[str, str]:
    """Each essay's HTML for the edition at `page_url` that holds `essays`, by id (`namespaced`)."""
    held = {essay.url: essay for essay in essays}
    return {essay.id: namespaced(essay, page_url, held) for essay in essays}


def namespaced(essay: Essay, page_url: str, held: dict[str, Essay]) -> str:
    """The essay's HTML for the edition at `page_url`: its ids and in-page links prefixed with
    its slug and "--", which no slug holds (essay "a" and essay "a-b" never make the same id); a
    link to an essay the edition holds (`held`, by address) leads to it on the same page; any
    other relative address leads from the edition's page where it led from the essay's.
    Rewritten in the parsed tree, so that code showing `<a href="#top">` is printed as written."""
    tree = markupever.parse(essay.html, _FRAGMENT)
    for node in tree.root().select(_REWRITTEN):
        attributes = {key.local: value for key, value in node.attrs.items()}
        if "id" in attributes:
            node.attrs["id"] = f"{essay.id}--{attributes['id']}"
        for key in URL_ATTRIBUTES & attributes.keys():
            node.attrs[key] = _address(attributes[key], essay, page_url, held)
    return tree.serialize()


def _address(value: str, essay: Essay, page_url: str, held: dict[str, Essay]) -> str:
    if value.startswith("#"):
        return f"#{essay.id}--{value[1:]}"
    if is_remote(value) or value.startswith("/"):
        return value
    target = urljoin("/" + essay.url, value).lstrip("/")  # from the site's root
    path, hash_, fragment = target.partition("#")
    other = held.get(path)
    if other is not None:
        return f"#{other.id}--{fragment}" if fragment else f"#essay-{other.id}"
    path, query, search = path.partition("?")
    relative = posixpath.relpath(path or ".", page_url or ".")
    if path.endswith("/") or not path:
        relative = "./" if relative == "." else relative + "/"
    return relative + query + search + hash_ + fragment
