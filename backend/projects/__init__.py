"""Cooperation projects members propose and sign (seed 004)."""
