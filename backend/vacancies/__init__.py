"""Vacancies, placements and apprenticeships posted by member firms."""
