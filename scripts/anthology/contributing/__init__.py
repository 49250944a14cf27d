"""The doors an essay comes in by, each deciding with the catalog's own rules.

In: a writer's title and ids, a saved blog post, or an issue made with the essay form. Out: a
new essay file (`scaffold`, behind `make new`), an imported essay (`importer`, `make import`),
GitHub's issue form (`issueform`) and the files and answer for an issue (`proposal`).
"""
