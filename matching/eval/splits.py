"""Seeded splits. Occupations are split, never queries, so nothing tuned on an
occupation's profiles can leak into the figures reported for the test part."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

DEFAULT_SEED = 20240817  # the alliance launch, Aug 2024; fixed before any tuning


def split_keys(
    keys: Iterable[str], test_fraction: float = 0.5, seed: int = DEFAULT_SEED
) -> tuple[list[str], list[str]]:
    """Deterministic tune/test split by hashing (seed, key).

    Hashing rather than shuffling makes a key's side independent of which other
    keys exist, so adding an occupation never moves another across the split.
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError("test_fraction must be between 0 and 1")
    tune: list[str] = []
    test: list[str] = []
    for key in sorted(set(keys)):
        digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
        u = int.from_bytes(digest[:8], "big") / 2**64
        (test if u < test_fraction else tune).append(key)
    return tune, test
