"""The Support Writing Anthology: essays, prompts and authors, validated and turned into pages.

The core knows nothing of MkDocs. Data flows one way through its stages, each a sub-package:

    rules         what is valid: limits, the characters that are not text, addresses and ids,
                  the schema of front matter and registries, problems and their messages
    files         docs/ read as it is: what is where, text, YAML front matter with line numbers
    rendering     an essay's Markdown made into safe HTML once, with check's verdict on it
    catalog       registries and essays checked as a whole into a Catalog (the model)
    outputs       the catalog as pages, feeds, the public catalog file, the search index, editions
    contributing  the doors in: `make new`, `make import`, the issue form and its converter

A stage imports only the stages above it. `anthology_mkdocs` hands the outputs to MkDocs;
`python -m anthology` is the command line behind `make check`, `make new` and the rest.
"""
