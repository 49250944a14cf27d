"""The anthology's editions beyond its pages: the printable edition (`printing`: every essay on
one page of the site) and the ebooks (`ebook`: the whole anthology and each challenge as EPUB 3,
each essay a chapter made XHTML by `chapter`, the cover lettered by `cover` in the typeface of
`fonts/`, the book's pages from `templates/`). Both are built from the model, like the pages."""
