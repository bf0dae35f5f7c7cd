"""The MkDocs plugin: the only package that imports MkDocs (`plugin.py`: `GongkaiPlugin`, the
hooks; `config.py`: its options, made from `gongkai.config.Settings`). Its entry point is
`gongkai.plugin.plugin:GongkaiPlugin`, as Material's plugins are `plugins/<name>/plugin.py`;
nothing is imported here, so the CLI reads `mkdocs.yml` through `config.py` without the hooks."""
