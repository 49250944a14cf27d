"""The printable edition: every essay on one page, so ids inside essays must not collide."""

from __future__ import annotations

import re

ID = re.compile(r'\b(id|href)="(#?)([^"]*)"')


def namespaced(html: str, prefix: str) -> str:
    """Prefix the essay's own ids and in-page links (headings, footnotes) with `prefix` and
    "--", which no essay's slug holds: essay "a" and essay "a-b" can never make the same id."""

    def rename(match: re.Match) -> str:
        attribute, hash_, value = match.groups()
        if attribute == "id":
            return f'id="{prefix}--{value}"'
        if hash_:  # a link to somewhere in the same essay
            return f'href="#{prefix}--{value}"'
        return match.group(0)

    return ID.sub(rename, html)
