"""Date arithmetic for waiting periods.

A period of N years "after obtaining" a title or level ends on the same month and
day N years later; the person may apply from that day. A start on 29 February
ends on 28 February in a year without one: China's Civil Code (art. 203) takes
the last day of the month when the month has no corresponding day.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

# Average Gregorian year, used only to turn a fraction of a year of experience
# into days when projecting when an unanchored experience count will be reached.
DAYS_PER_YEAR = 365.2425


def add_years(start: date, years: int) -> date:
    """The anniversary ``years`` after ``start`` (29 Feb -> 28 Feb when needed)."""
    if years < 0:
        raise ValueError("years must not be negative")
    target_year = start.year + years
    try:
        return start.replace(year=target_year)
    except ValueError:
        # Only 29 February has no counterpart; the month's last day stands in.
        return date(target_year, 2, 28)


def project_years(as_of: date, years: float) -> date:
    """The day on which ``years`` more of experience, counted from ``as_of``, is complete.

    Whole years use calendar anniversaries; a remaining fraction is rounded up to
    whole days, so the projected day is never early.
    """
    if years <= 0:
        return as_of
    # Rounding guards against binary noise such as 5 - 4.9 = 0.0999999.
    remaining = round(years, 6)
    whole = math.floor(remaining)
    fraction = remaining - whole
    day = add_years(as_of, whole)
    if fraction > 0:
        day += timedelta(days=math.ceil(fraction * DAYS_PER_YEAR))
    return day
