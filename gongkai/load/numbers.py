"""Numbers as written: a YAML float keeps its source text (`12.50`, `0.00`).

The loader (`files.py`) makes every float scalar a `WrittenFloat`: the number for the schema, the
sums and the open data, and its text where a figure is shown as published (a disclosure report's
fees, `render/structured.py`). Loaded data written back with `yaml.safe_dump` keeps the text.
"""

from __future__ import annotations

import yaml


class WrittenFloat(float):
    """A YAML float that remembers how it was written: `fees: 12.50` is the number 12.5 everywhere,
    and shown as 12.50 where a figure is shown as published (`render/structured.py`)."""

    __slots__ = ("text",)
    text: str

    def __new__(cls, value: float, text: str) -> WrittenFloat:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __reduce__(self) -> tuple[type[WrittenFloat], tuple[float, str]]:
        return WrittenFloat, (float(self), self.text)


def _represent_written(representer: yaml.representer.SafeRepresenter, number: WrittenFloat) -> yaml.ScalarNode:
    return representer.represent_scalar("tag:yaml.org,2002:float", number.text)


# Loaded data written back with yaml.safe_dump (tools, tests) keeps the number as it was written.
yaml.representer.SafeRepresenter.add_representer(WrittenFloat, _represent_written)
