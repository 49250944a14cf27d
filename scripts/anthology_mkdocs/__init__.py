"""The anthology's one adapter to a site builder: MkDocs (with the Material theme).

The core (`anthology`) knows nothing of MkDocs; moving to another builder means writing
another package like this one.
"""
