"""The Support Writing Anthology: essays, prompts and authors, validated and turned into pages.

Data flows one way: `source` reads files, `schema` says what is valid, `catalog` checks the
whole and builds the `model`, `pages` turns the model into virtual pages, `export` into
`anthology.json`. `scripts/hooks.py` wires these into MkDocs; `scripts/cli.py` into `make`.
"""
