"""The theme's files in a built site that no visitor's browser reads.

Material copies its source maps (`assets/javascripts/*.map`, `assets/stylesheets/*.map`, about
1 MB) into every site: only a developer's browser tools fetch them, through the
`sourceMappingURL` comment at the end of each bundle. A site counted against its host's size limit
(issue 28: 1 GB on GitHub and GitLab Pages) has no use for them: they go, with the comments that
name them, so that the tools do not ask for a missing file.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["drop_source_maps"]


def drop_source_maps(site_dir: Path) -> int:
    """Delete the theme's source maps under `site_dir/assets/` and the comments naming them;
    returns the bytes freed."""
    freed = 0
    for folder in ("javascripts", "stylesheets"):
        for source_map in sorted((site_dir / "assets" / folder).glob("*.map")):
            freed += source_map.stat().st_size
            source_map.unlink()
            bundle = source_map.with_suffix("")  # bundle.<hash>.min.js
            if bundle.is_file():
                text = bundle.read_text(encoding="utf-8")
                kept = [line for line in text.split("\n") if f"sourceMappingURL={source_map.name}" not in line]
                bundle.write_text("\n".join(kept), encoding="utf-8")
    return freed
