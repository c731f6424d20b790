"""Keeping personal details out of reports.

Reports quote values from a program's data (a row a validation warning is
about, later the quotes of the feedback stage).  Programs sometimes use an
email address or a phone number as a person's id, so any quoted text passes
through :func:`scrub_personal` first.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_CANDIDATE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _phone_or_kept(match: re.Match) -> str:
    text = match.group(0)
    digits = sum(character.isdigit() for character in text)
    plain_number = text.isdigit()
    if ISO_DATE.match(text.strip()) or digits < 7 or (plain_number and digits < 10):
        return text
    return "[phone]"


def scrub_personal(value):
    """``value`` with email addresses and phone numbers replaced by placeholders.

    An email becomes ``[email]``; a run of at least 7 digits written with
    phone punctuation (``+``, spaces, dots, dashes, brackets), or a bare
    number of 10 digits or more, becomes ``[phone]``.  ISO dates, ids such as
    ``M0246`` and shorter numbers are kept.  Values that are not text are
    returned as they are.

    Examples
    --------
    >>> scrub_personal("jane.doe@example.com | 2026-04-06 | true")
    '[email] | 2026-04-06 | true'
    >>> scrub_personal("call +1 (555) 010-2929 or 555.010.2929")
    'call [phone] or [phone]'
    >>> scrub_personal("P0241 | M0246 | 5,344 rows")
    'P0241 | M0246 | 5,344 rows'
    """
    if not isinstance(value, str):
        return value
    value = EMAIL.sub("[email]", value)
    return PHONE_CANDIDATE.sub(_phone_or_kept, value)
