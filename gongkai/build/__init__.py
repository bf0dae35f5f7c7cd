"""Build stage: one site build without MkDocs.

`site.py` (`SiteBuild`: validate, catalog, page specs, output files), `output.py` (the child
process that writes feeds, open data, the search index and attachments), `staging.py` (files
written aside and moved into the site on release), `folders.py` (each target folder created
once), `preview.py` (the editor's preview under `mkdocs serve`). Nothing is imported here: the output process's fresh interpreter starts from
`gongkai.build.output` and loads only what the search index needs.
"""
