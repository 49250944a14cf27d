"""The catalog as what readers and tools receive.

In: a `Catalog`. Out: the generated pages as data (`pages`), the files beside them (`site_files`:
the feeds of `feeds`, the public catalog `anthology.json` of `catalog_file`, the essay schema),
the Pagefind search index (`search_index`), the printable edition and the ebooks
(`editions`), and the theme's stylesheets cut to the rules the built pages use (`stylesheets`).
Templates only display what these give them.
"""
