"""Vietnamese numerals as written in official documents: '16.000' is 16000, '6,5' is 6.5.

Vietnamese writes '.' between thousands and ',' before decimals. Sloppy typing also gives
English-style decimals ('4.0', '1.5'): a dot followed by exactly three digits is a thousands
separator, any other dot is a decimal point. Where both signs appear, the last one is the
decimal sign ('1.234,5', '1,234.5').
"""

from __future__ import annotations

import re

# One numeral, for building larger patterns (no anchors, no look-arounds).
NUM = r"""(?:
        \d{1,3}(?:\.\d{3})+(?:,\d+)?     # 16.000, 1.000.000, 1.234,5 (thousands with dots)
      | \d{1,3}(?:,\d{3})+\.\d+          # 1,234.5 (English thousands with a decimal point)
      | \d+(?:[.,]\d+)?                  # 540, 6,5, 4.0, 01
    )"""

NUMBER_RE = re.compile(
    rf"""
    (?<![\w.,/-])
    {NUM}
    (?![\w/]|[.,]\d)
    """,
    re.VERBOSE,
)


def parse_number(text: str) -> float | None:
    """The value of a numeral written the Vietnamese way, or None when `text` is not one numeral."""
    t = text.strip()
    if not t or not NUMBER_RE.fullmatch(t):
        return None
    if "." in t and "," in t:
        dec = "," if t.rfind(",") > t.rfind(".") else "."
        thou = "." if dec == "," else ","
        return float(t.replace(thou, "").replace(dec, "."))
    if "," in t:
        return float(t.replace(",", "."))
    if "." in t:
        groups = t.split(".")
        if len(groups) > 2 or len(groups[1]) == 3:
            return float(t.replace(".", ""))
        return float(t)
    return float(t)


def as_int_if_whole(value: float) -> float | int:
    """16000.0 -> 16000, 6.5 stays 6.5 (for messages and table cells)."""
    return int(value) if value == int(value) else value
