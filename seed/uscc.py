"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

18 characters: registration authority (1), organisation category (1), the
administrative division (6), the organisation code (9, GB 11714 with its own
check digit) and a check character. Generated codes are well-formed but
fictional; the importer uses ``is_valid`` to refuse mistyped ones.
"""

from __future__ import annotations

import random

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_check(body: str) -> str:
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    c9 = 11 - total % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


def _check(body17: str) -> str:
    total = sum(_ALPHABET.index(c) * w for c, w in zip(body17, _WEIGHTS, strict=True))
    return _ALPHABET[(31 - total % 31) % 31]


def make(rng: random.Random, division: str) -> str:
    """A company's code (registered by market regulation: "91") in ``division``."""
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org = body + _org_check(body)
    body17 = "91" + division + org
    return body17 + _check(body17)


def is_valid(code: str) -> bool:
    """Shape and both check characters."""
    if len(code) != 18 or any(c not in _ALPHABET for c in code):
        return False
    org = code[8:17]
    if any(c not in _ORG_ALPHABET for c in org[:8]) or _org_check(org[:8]) != org[8]:
        return False
    return _check(code[:17]) == code[17]
