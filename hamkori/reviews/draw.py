"""The draw of experts, in a form anyone can repeat (DOMAIN.md §3 item 6: experts are drawn by a
random number generator, in public).

Given the published seed and the published pool of eligible expert ids, the order is the pool
sorted by the SHA-256 of "<seed>:<id>" (hex, ascending). The seed is drawn from the operating
system's generator at the moment of the draw, so nobody can choose the outcome; once published,
nobody can dispute it."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

ALGORITHM = "sha256-v1"


def new_seed() -> str:
    return secrets.token_hex(32)


def draw_order(seed: str, pool: Iterable[int]) -> list[int]:
    """All of the pool, in draw order."""

    def key(expert_id: int) -> tuple[str, int]:
        return hashlib.sha256(f"{seed}:{expert_id}".encode()).hexdigest(), expert_id

    return sorted(set(pool), key=key)


def draw(seed: str, pool: Iterable[int], *, panel: int, reserves: int) -> list[int]:
    """The panel followed by the reserves (fewer when the pool is small)."""
    return draw_order(seed, pool)[: panel + reserves]
