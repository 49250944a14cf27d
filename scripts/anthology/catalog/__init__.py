"""The anthology checked as a whole.

In: `Sources` (where docs/ is). Out: a `Catalog` of Challenge, Prompt, Essay, Author and Tag
(`model`), every essay rendered once, or every problem found at once (`assembly`), links
between essays' parts among them (`essays.missing_parts`); and how
authors and prompts are offered as choices in the forms (`choices`).
"""
