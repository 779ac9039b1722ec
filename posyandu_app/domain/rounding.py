"""Rounding helpers that the JavaScript twin (static/js/rules/rounding.js) reproduces bit for bit."""
import math
from decimal import ROUND_HALF_UP, Decimal


def round_half_away(x, decimals=2):
    """Round half away from zero on the shortest decimal form of x (repr), as the JS twin does on String(x).

    Source: project convention (docs/rules/growth.md "Rounding"). WHO anthro rounds z to 2 decimals; the tie rule
    is fixed here so that Python and JavaScript agree exactly: 1.005 -> 1.01, -2.345 -> -2.35, 0.125 -> 0.13.
    Returns None for None; never returns -0.0.
    """
    if x is None:
        return None
    ax = abs(x)
    scale = 10 ** decimals
    scaled = ax * scale
    whole = math.floor(scaled)
    frac = scaled - whole
    if abs(frac - 0.5) > 1e-6:  # far from a tie: the float product decides like the decimal would (fast path)
        n = whole + (1 if frac > 0.5 else 0)
    else:  # near a tie: decide on the exact shortest decimal, like the JS string rounding
        n = int(Decimal(repr(ax)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP).scaleb(decimals))
    value = n / scale  # integer / power of ten: correctly rounded, same double as in JS
    return -value if x < 0 and n else value


def snap6(x):
    """Snap to 6 decimals (floor(x*1e6 + 0.5) / 1e6) so that 65.7 - 0.7 is 65.0 and 70.3 * 10 is 703.

    Source: project convention; removes binary artefacts before table lookups (<= 1e-6 cm from WHO's raw float).
    """
    return math.floor(x * 1e6 + 0.5) / 1e6
