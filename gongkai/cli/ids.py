"""The id an editor types on the command line (`gongkai new --id`, `gongkai import-report --id`), made valid.

One place for the rule and its two messages: an id that is not a slug is changed to the nearest
valid one (`gongkai.slugs.suggest_slug`, Chinese to pinyin) with a notice, or refused when nothing
usable is left.
"""

from __future__ import annotations

from gongkai.slugs import is_slug, suggest_slug


def command_line_id(typed: str, example: str) -> tuple[str, str]:
    """(id, message): the id to use and the notice to print about the change, or ('', the refusal)
    when `typed` has nothing usable; `example` is a valid id shown in the refusal."""
    if is_slug(typed):
        return typed, ""
    slug = suggest_slug(typed)
    if not slug:
        return "", f"“{typed}”不能用作标识：标识只能用小写英文字母、数字和连字符“-”，例如 {example}。"
    return slug, f"标识只能用小写英文字母、数字和连字符“-”：“{typed}”已改为 {slug}。"
