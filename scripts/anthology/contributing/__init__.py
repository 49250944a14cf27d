"""The doors an essay comes in by, each deciding with the catalog's own rules.

In: a writer's title and ids, a blog post (saved, or its web address), or an issue made with the
essay form. Out: a new essay file (`scaffold`, behind `make new`), an imported essay and every
change made to the post (`importer`, `make import`, from a page `fetch` reads or fetches),
GitHub's issue form (`issueform`) and the files and answer for an issue (`proposal`).
"""
