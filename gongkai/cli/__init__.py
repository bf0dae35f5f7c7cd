"""The `gongkai` command (`main.py`), `gongkai new` (`scaffold.py`) and which files a command
reports on (`selection.py`)."""

from gongkai.cli.main import EXIT_FAILED, EXIT_OK, EXIT_PROBLEMS, main

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_PROBLEMS", "main"]
