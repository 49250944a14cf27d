"""Developer tools around the anthology, not part of it: the benchmark, the Lighthouse audit,
the static server the browser tests and the audit use, the sandbox that copies a project, and
compare (two built sites, byte for byte).

They import the core (`anthology`) and MkDocs; the core never imports them.
"""
