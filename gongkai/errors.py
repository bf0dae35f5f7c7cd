"""The base of gongkai's own exceptions: `except GongkaiError` catches every failure gongkai
raises on purpose, and nothing else (a bug in gongkai or a library stays what it is).

Each exception lives beside the code that raises it: `gongkai.config.SettingError` (a setting
that is unknown or has a wrong value), `gongkai.build.output.OutputProcessError` (the output
process failed), `gongkai.cli.main.UserError` (a mistake in the command line or environment).
"""


class GongkaiError(Exception):
    """A failure gongkai reports on purpose, with a message that says what to do (in Chinese for
    editors, where an editor can fix it)."""
