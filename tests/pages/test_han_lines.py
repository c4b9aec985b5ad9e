"""sitegen/han.py: a wrapped Chinese sentence is joined; code and English keep their line breaks."""

from __future__ import annotations

from sitegen.han import join_wrapped_lines

FENCED = "```text\n代码里的第一行，\n第二行\n```\n"


def test_wrapped_chinese_lines_are_joined_and_code_and_english_are_not() -> None:
    source = "页面总是最新的，\n  因此重新发布后\nService Worker\n取用。\n\n" + FENCED + "下一段，\n接着。"
    joined = "页面总是最新的，因此重新发布后\nService Worker\n取用。\n\n" + FENCED + "下一段，接着。"
    assert join_wrapped_lines(source) == joined
