"""docs/ read as it is, without following a link or trusting a size.

In: the docs folder (`Sources`, in `tree`: where docs/ is, how paths are shown). Out: a `Tree`
(which essay, registry and image files are where, and what is dangerous about them: `tree`),
each file's text and YAML read with line numbers (`source`), and YAML's slips explained at their
line (`quoting`: what YAML stumbled over; `slips`: a field's missing space, an indented field, an
entry pasted at another indentation, found at the writer's line, above where YAML stumbled).
"""
