"""gongkai: compile government-disclosure records into a public static site."""

__version__ = "0.1.0"
