"""The nesting check of JSON read on the command line: fast, and the same verdict as a character-by-character scan."""

from hypothesis import given, settings
from hypothesis import strategies as st

from qvct.jsonfile import MAX_DEPTH, _depth_exceeded


def _scanned(text: str, limit: int) -> bool:
    """The reference: every character visited, strings (with their escapes) skipped."""
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet='[]{}"\\ a\n', max_size=120), st.integers(min_value=0, max_value=6))
def test_the_nesting_check_agrees_with_a_character_by_character_scan(text, limit):
    assert _depth_exceeded(text, limit) == _scanned(text, limit)


def test_brackets_inside_strings_and_after_escaped_quotes_do_not_count():
    deep = "[" * (MAX_DEPTH + 1)
    assert not _depth_exceeded(f'{{"a": "{deep}", "b": "\\"{deep}"}}', MAX_DEPTH)
    assert _depth_exceeded(f'{{"a": "\\\\"{deep}', MAX_DEPTH)  # the quote after an escaped backslash ends it
    assert _depth_exceeded(deep + "]" * (MAX_DEPTH + 1), MAX_DEPTH)
    assert not _depth_exceeded("[" * MAX_DEPTH + "]" * MAX_DEPTH + "[]" * 40, MAX_DEPTH)
