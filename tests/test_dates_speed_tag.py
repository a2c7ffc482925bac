"""The tagger's sentence ends found with str.find where a mark is rare are
those of the plain scan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import dates

# Many question and exclamation marks among the quotes, spaces and capitals a
# sentence stop is made of, and marks that do not end a sentence ("U.S.?").
FRAGMENTS = [
    "?", "!", ".", "?!", "!?", "??", "\n", " ", "\t", '"', "'", ")", "]", "”", "’", "(", "“", "‘",
    "`", "A", "a", "é", "U.S.?", "p.m.!", "X?", " b? ", "\n\n", " \n \n", "\xa0", "\u2003", "\r",
]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_segment_ends_with_rare_marks_match_the_plain_scan(parts: list[str]) -> None:
    text = "".join(parts)
    assert dates._segment_ends(text) == [m.end() for m in dates._SEGMENT.finditer(text)]


def test_segment_ends_find_every_question_and_exclamation() -> None:
    text = 'Why? Now! "Really?" He asked! Is it? yes? No!\nOK?\n\nEnd? X! U.S.? Q?'
    ends = dates._segment_ends(text)
    assert ends == [m.end() for m in dates._SEGMENT.finditer(text)]
    assert len(ends) >= 8
