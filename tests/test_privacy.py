"""Personal details quoted from data are scrubbed before a report shows them."""

import pytest

from evalkit.privacy import scrub_personal


@pytest.mark.parametrize(
    ("quoted", "shown"),
    [
        ("jane.doe@example.com", "[email]"),
        ("R0015 | first.last+tag@uni.example.ac.uk | exit", "R0015 | [email] | exit"),
        ("+1 (555) 010-2929", "[phone]"),
        ("555-010-2929", "[phone]"),
        ("07700 900123", "[phone]"),
        ("5550102929", "[phone]"),
        # Kept: ids, dates, short or plain numbers, scores.
        ("P0241 | M0246 | 2026-04-06 | true", "P0241 | M0246 | 2026-04-06 | true"),
        ("2026-04-06 | 2026-05-01", "2026-04-06 | 2026-05-01"),
        ("007", "007"),
        ("1234567", "1234567"),
        ("score 87.5 of 100", "score 87.5 of 100"),
    ],
)
def test_scrub_personal(quoted, shown):
    assert scrub_personal(quoted) == shown


def test_values_that_are_not_text_pass_through():
    assert scrub_personal(None) is None
    assert scrub_personal(45901) == 45901
