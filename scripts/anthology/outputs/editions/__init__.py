"""The anthology's editions beyond its pages: the printable edition (`printing`: every essay on
one page of the site) and the ebooks (`ebook`: the whole anthology and each challenge as EPUB 3).
Both are built from the model, like the pages and the feeds."""
