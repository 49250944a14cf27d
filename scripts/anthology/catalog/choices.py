"""Authors and prompts as a writer chooses among them, in the site's essay form and GitHub's issue form.

Both forms offer the same options, worded alike; the converter reads the id at an option's end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from anthology.catalog.model import Author, Prompt
from anthology.catalog.registries import challenges_in_order

NEW_AUTHOR = "I’m new: add me"  # as the site's essay form says it

# GitHub reads `@name` as a mention wherever the `@` follows no letter, digit or underscore;
# the chosen option is written into the issue, so an option never holds such an `@`.
MENTION = re.compile(r"(?<![A-Za-z0-9_])@+")


def unmentioned(text: str) -> str:
    """`text` with every `@` that would mention someone on GitHub left out
    ("@amy_breedonjay on Medium" -> "amy_breedonjay on Medium"); `a@b.example` stays."""
    return MENTION.sub("", text)


def author_choice(author: Author) -> str:
    """The author's option in the form: the name a writer looks for, then the id it stands for
    (the converter reads the id at the end)."""
    return f"{unmentioned(author.display_name)} ({author.id})"


def prompt_choice(prompt: Prompt) -> str:
    """The prompt's option: its challenge, its title, then its id."""
    return unmentioned(f"{prompt.challenge.title}: {prompt.title} ({prompt.id})")


def author_choices(authors: Iterable[Author]) -> dict[str, str]:
    """Option text -> author id, by name as the site lists authors."""
    ordered = sorted(authors, key=lambda a: (a.display_name.casefold(), a.id))
    return {author_choice(author): author.id for author in ordered}


def prompt_choices(prompts: Iterable[Prompt]) -> dict[str, str]:
    """Option text -> prompt id, grouped by challenge as the site lists them: challenges in the
    order they ran, each one's prompts by `order`."""
    prompts = list(prompts)
    offered = {prompt.id for prompt in prompts}
    challenges = challenges_in_order({prompt.challenge.id: prompt.challenge for prompt in prompts}.values())
    return {prompt_choice(prompt): prompt.id for challenge in challenges for prompt in challenge.prompts
            if prompt.id in offered}
