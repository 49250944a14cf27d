"""The catalog as what readers and tools receive.

In: a `Catalog`. Out: the generated pages as data (`pages`), the feeds (`feeds`), the public
catalog `anthology.json` (`catalog_file`), the Pagefind search index (`search_index`), and the
printable edition and the ebooks (`editions`). Templates only display what these give them.
"""
