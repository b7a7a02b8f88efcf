"""Notes and names shown through Markdown (issue 15): special characters are escaped so stored
text is shown literally, but a web address stays whole — an escape inside it was shown as
http://127\\.0\\.0\\.1… (Markdown's autolink keeps the backslashes)."""

from __future__ import annotations

import pytest

from ui.profile_detail import md_escape


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("见 http://127.0.0.1:8501/profile?agency=3", "见 http://127.0.0.1:8501/profile?agency=3"),
        (
            "纪要：https://x.example/a_b-c.pdf。*注意*",
            "纪要：https://x.example/a_b-c.pdf。\\*注意\\*",
        ),
        ("see https://x.example/doc.", "see https://x.example/doc\\."),
        ("[点此](javascript:alert(1))", "\\[点此\\]\\(javascript:alert\\(1\\)\\)"),
        ("1. 第一条 <b>粗</b>", "1\\. 第一条 \\<b\\>粗\\</b\\>"),
    ],
)
def test_markdown_escapes_all_but_web_addresses(text: str, shown: str) -> None:
    assert md_escape(text) == shown
