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


BUDGET = 8192        # MLC_QS_PROFILE_BUDGET, varlena header included
EXACT_MAX = 4096     # MLC_PROFILE_EXACT_MAX


def _vlen(v):
    n = 1
    while v >= 0x80:
        v >>= 7
        n += 1
    return n


def exact_size(x):
    """Bytes of the compact exact encoding (format 3, see src/core/mlc_profile.c)
    of the finite values x, without the varlena header."""
    x = np.asarray(x, dtype=np.float64) + 0.0
    u = x.view(np.uint64)
    neg = (u >> np.uint64(63)) == 1
    k = np.unique(np.where(neg, np.uint64(0) - u, u | np.uint64(1 << 63)))
    _, cnt = np.unique(x, return_counts=True)
    t = 3 + 5 * 8 + _vlen(len(k))
    if len(k) == 0:
        return t
    d = [int(a) - int(b) for a, b in zip(k[1:], k[:-1])]
    orr = 0
    for v in d:
        orr |= v
    tz = (orr & -orr).bit_length() - 1 if orr else 0
    t += 8 + 1 + (len(k) + 7) // 8 + sum(_vlen(v >> tz) for v in d)
    return t + sum(_vlen(int(c) - 2) for c in cnt if c > 1)


def stays_exact(x):
    """An exact profile of x: at most 4096 values whose compact form fits 8 kB."""
    return len(x) <= EXACT_MAX and 4 + exact_size(x) <= BUDGET
