"""Writing a new essay file: front matter in the schema's field order, never overwriting."""

from __future__ import annotations

from pathlib import Path

import yaml

from anthology.rules import schema
from anthology.rules.addresses import ESSAYS_DIR


def essay_text(front: dict, body: str) -> str:
    # Keep the schema's order (title, author, prompt, ...) so files read alike.
    order = list(schema.EssayFrontMatter.model_fields)
    ordered = {key: front[key] for key in sorted(front, key=order.index) if front[key] not in (None, [], False)}
    dumped = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{dumped}---\n\n{body.strip()}\n"


class _Indented(yaml.SafeDumper):
    """Lists indented under their key, as authors.yml writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def author_entry(entry: dict) -> str:
    """`entry` as an item of authors.yml's `authors:` list, indented as the file writes it."""
    dumped = yaml.dump([entry], Dumper=_Indented, allow_unicode=True, sort_keys=False, width=100)
    return "".join(f"  {line}\n" for line in dumped.splitlines())


def essay_path(docs_dir: Path, slug: str) -> Path:
    return docs_dir / ESSAYS_DIR / f"{slug}.md"


def write_new(path: Path, text: str) -> None:
    """Create `path`; an existing essay is never overwritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
