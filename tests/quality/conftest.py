"""The quality group's fixtures: `fixture_base`, the deliberately broken mini-site each check must fault."""

from tests.support.quality_tools import fixture_base

__all__ = ["fixture_base"]
