"""`anthology.json`: the public catalog at the site root, for other tools.

Its shape is documented in ARCHITECTURE.md ("Outputs"); bump `VERSION` on any change that
would break a reader of the file.
"""

from __future__ import annotations

import json

from anthology.catalog.model import Author, Catalog, Challenge, Essay, Prompt

VERSION = 2  # 2: `challenges`; essays name their challenge; `order` and `number` are per challenge


def catalog_json(catalog: Catalog) -> str:
    data = {
        "version": VERSION,
        "essays": [_essay(e) for e in catalog.essays],
        "challenges": [_challenge(c) for c in catalog.challenges],
        "prompts": [_prompt(p) for p in catalog.prompts],
        "authors": [_author(a) for a in catalog.authors],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _essay(e: Essay) -> dict:
    return {
        "id": e.id,
        "title": e.title,
        "title_by_editors": e.title_by_editors,
        "url": e.url,
        "author_id": e.author.id,
        "author_name": e.author.display_name,
        "author_name_known": e.author.name_known,
        "prompt_id": e.prompt.id,
        "challenge_id": e.prompt.challenge.id,
        "date": e.date.isoformat() if e.date else None,
        "words": e.words,
        "reading_minutes": e.reading_minutes,
        "original_url": e.original_url,
        "tags": [tag.name for tag in e.tags],
        "summary": e.summary,
    }


def _challenge(c: Challenge) -> dict:
    return {
        "id": c.id,
        "title": c.title,
        "organiser": c.organiser,
        "started": c.started_iso,
        "cadence": c.cadence,
        "description": c.description,
        "url": c.url,
        "prompt_ids": [p.id for p in c.prompts],
    }


def _prompt(p: Prompt) -> dict:
    return {
        "id": p.id,
        "title": p.title,
        "question": p.question,
        "wording": p.wording,
        "challenge": p.challenge.title,
        "challenge_id": p.challenge.id,
        "order": p.order,
        "number": p.number,
        "url": p.url,
        "essay_ids": [e.id for e in p.essays],
    }


def _author(a: Author) -> dict:
    return {
        "id": a.id,
        "display_name": a.display_name,
        "name_known": a.name_known,
        "bio": a.bio,
        "links": [{"title": link.title, "url": link.url} for link in a.links],
        "url": a.url,
        "essay_ids": [e.id for e in a.essays],
    }
