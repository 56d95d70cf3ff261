"""Questions about a list of character spans, answered by bisection instead of a scan of every span."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from itertools import accumulate


def overlap_test(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """`lambda a, b: any(s < b and a < e for s, e in spans)`: with the spans sorted by start, the largest
    end among those that start before `b` says whether one of them reaches past `a`."""
    ordered = sorted(spans)
    starts = [s for s, _e in ordered]
    reach = list(accumulate((e for _s, e in ordered), max))

    def overlaps(a: int, b: int) -> bool:
        k = bisect_left(starts, b)
        return k > 0 and reach[k - 1] > a

    return overlaps
