"""The anthology checked as a whole.

In: `Sources` (where docs/ is: `files.tree`). Out: a `Catalog` of Challenge, Prompt, Essay, Author
and Tag (`model`), or every problem found at once (`assembly`): the registries read and checked
(`registries`), each essay read, validated and rendered once, and the links between essays'
parts checked (`essays`), pydantic's verdicts said at their line (`validation`); and how authors
and prompts are offered as choices in the forms (`choices`).
"""
