"""Waiting periods on the calendar: anniversaries, leap days, projections."""

from __future__ import annotations

from datetime import date

import pytest

from backend.pathways.dates import add_years, project_years


class TestAddYears:
    def test_two_years_after_the_last_day_of_february(self) -> None:
        assert add_years(date(2023, 2, 28), 2) == date(2025, 2, 28)

    def test_leap_day_falls_back_to_28_february(self) -> None:
        """Civil Code art. 203: with no corresponding day, the month's last day."""
        assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
        assert add_years(date(2024, 2, 29), 2) == date(2026, 2, 28)

    def test_leap_day_to_leap_year_keeps_29_february(self) -> None:
        assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)

    def test_ordinary_day(self) -> None:
        assert add_years(date(2019, 7, 1), 5) == date(2024, 7, 1)

    def test_negative_years_refused(self) -> None:
        with pytest.raises(ValueError, match="negative"):
            add_years(date(2020, 1, 1), -1)


class TestProjectYears:
    def test_whole_years_use_anniversaries(self) -> None:
        assert project_years(date(2025, 3, 1), 5) == date(2030, 3, 1)

    def test_fraction_rounds_up_to_whole_days(self) -> None:
        # 0.5 year = 182.6 days -> 183 days, never early.
        assert project_years(date(2025, 1, 1), 0.5) == date(2025, 7, 3)

    def test_binary_noise_does_not_add_a_day(self) -> None:
        # 5 - 4.9 is 0.0999...: 36.52 days -> 37, not a whole extra year.
        assert project_years(date(2025, 1, 1), 5 - 4.9) == date(2025, 2, 7)

    def test_nothing_left_means_today(self) -> None:
        assert project_years(date(2025, 1, 1), 0) == date(2025, 1, 1)
