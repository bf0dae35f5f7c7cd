"""A problem found in a record: where, how bad, what to do about it."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "错误"
WARNING = "警告"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # file path as given to the user (relative to the working directory when possible)
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based
    severity: str  # ERROR or WARNING
    message: str  # Chinese, says what is wrong and how to fix it

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity} {self.message}"

    def format_github(self) -> str:
        level = "error" if self.is_error else "warning"
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{level} file={self.path},line={self.line},col={self.column}::{message}"
