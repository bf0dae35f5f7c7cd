"""Portal stage: a province site joined from the agencies' published outputs (`gongkai portal`).

`config.py` (portal.yml: the site and its agencies), `sources.py` (an agency's output, read and
checked, and the last good copy of it), `feeds.py` (the agencies' feeds merged), `pages.py` (the
cross-agency listings), `site.py` (`build_portal`). Nothing is imported here.
"""
