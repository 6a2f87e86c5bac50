"""Reference model of a sketched numeric profile's grid (see src/core/mlc_qsketch.c),
shared by the cross-checks: the exact bucket counts of the values and the
documented rank-error bound that follows from them."""
import numpy as np

KLL_EPS = 0.02   # MLC_QS_KLL_EPS
HEAVY = 0.05     # MLC_QS_HEAVY
BOUND_MAX = HEAVY


def keys(x):
    """Order-preserving 64-bit keys of float64 values (-0 counted as +0)."""
    u = (np.asarray(x, dtype=np.float64) + 0.0).view(np.uint64)
    neg = (u >> np.uint64(63)) == 1
    return np.where(neg, ~u, u | np.uint64(1 << 63))


def grid(x, bits):
    """[(index, count, single value or None)] in grid order."""
    x = np.asarray(x, dtype=np.float64) + 0.0
    idx = keys(x) >> np.uint64(52 - bits)
    order = np.lexsort((x, idx))
    idx, xs = idx[order], x[order]
    starts = np.flatnonzero(np.r_[True, idx[1:] != idx[:-1]])
    ends = np.r_[starts[1:], len(idx)]
    return [(int(idx[s]), int(e - s), float(xs[s]) if xs[s] == xs[e - 1] else None)
            for s, e in zip(starts, ends)]


def bound(x, bits):
    """max over buckets of several distinct values of count / n, KLL_EPS above HEAVY."""
    n = len(x)
    return max([KLL_EPS if c / n > HEAVY else c / n for _, c, v in grid(x, bits) if v is None] + [0.0])
