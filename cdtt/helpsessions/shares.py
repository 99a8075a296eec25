"""Sharing a session's result among the members who gave it, in whole numbers that add up.

The largest remainder method (Hamilton): each member gets the whole part of her quota, and
the units left go to the largest fractions, ties to the first member in the given order. A
part of a count (women among the people helped) is shared in proportion to each member's
share of the count and never exceeds it.
"""

from collections.abc import Sequence


def split(total: int, weights: Sequence[int], caps: Sequence[int] | None = None) -> list[int]:
    """`total` in whole parts proportional to `weights` (equal when they are all zero), each
    at most its cap when `caps` is given (the caps must add up to at least `total`)."""
    count = len(weights)
    if count == 0:
        return []
    if sum(weights) == 0:
        weights = [1] * count
    whole = sum(weights)
    numerators = [total * weight for weight in weights]
    parts = [numerator // whole for numerator in numerators]
    order = sorted(range(count), key=lambda i: (-(numerators[i] % whole), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    if caps is None:
        return parts
    excess = sum(max(0, part - cap) for part, cap in zip(parts, caps, strict=True))
    parts = [min(part, cap) for part, cap in zip(parts, caps, strict=True)]
    while excess:
        moved = False
        for i in order:
            if excess and parts[i] < caps[i]:
                parts[i] += 1
                excess -= 1
                moved = True
        if not moved:
            raise ValueError("the caps add up to less than the total")
    return parts


def share_result(
    counts: dict[str, int], givers: int, breakdown: Sequence[str]
) -> list[dict[str, int]]:
    """One dict of counts per giver, adding up to `counts`: `people_helped` shared equally,
    the `breakdown` fields within each giver's count, the other fields like the count."""
    people = split(counts["people_helped"], [1] * givers)
    rows = [{"people_helped": n} for n in people]
    for name, value in counts.items():
        if name == "people_helped":
            continue
        caps = people if name in breakdown else None
        for row, part in zip(rows, split(value, people, caps), strict=True):
            row[name] = part
    return rows
