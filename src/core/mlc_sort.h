/*
 * mlc_sort.h — radix sort of float8 values for the exact rank metrics.
 *
 * Scores are stored as 64-bit keys whose unsigned order is the numeric
 * order of the doubles (the usual sign-flip transform: -Inf < ... < -0 <
 * +0 < ... < +Inf; NaN never gets here).  mlc_sort_keys sorts such keys in
 * place, optionally carrying a float8 payload (the row weights) along:
 *   - a large input (>= 256k keys) is first split in place (American flag
 *     permutation) into at most 1024 key ranges of about equal size, at
 *     least 16k keys each, grouped from a histogram of the 16 bits below
 *     the highest differing bit: one pass over memory leaves cache-sized
 *     buckets even when the values crowd into a few exponents (e.g.
 *     probabilities in [0, 1]); the histogram (~450 kB) is allocated only
 *     then;
 *   - other ranges above a cache-sized bucket are partitioned in place, most
 *     significant 8-bit digit first (American flag sort), so the sort needs
 *     no buffer as large as its input — the state stays at 8 bytes a row;
 *   - buckets of at most MLC_SORT_LSD_MAX keys (in cache) are split by one
 *     counting pass and one scatter through a fixed scratch buffer (~0.5
 *     MB) on up to 11 bits below their highest differing bit, sized to
 *     leave ~8 keys a bucket, then insertion sorted (or split again): ties
 *     and spread-out keys are both done after about one split, where an LSD
 *     sort would pay a pass per digit of the key width (the LSD sort stays
 *     as the fallback past 8 nested splits);
 *   - the bits in which a range's keys differ (OR ^ AND of its keys) are
 *     gathered per bucket by the parent's counting pass (one extra read at
 *     the top only): digits all keys share are skipped without a pass, and
 *     an all-tied bucket costs nothing.
 * O(n) for a fixed key width; calls mlc_check_interrupts every 64k keys.
 */
#ifndef MLC_SORT_H
#define MLC_SORT_H

#include "mlc_common.h"

#include <string.h>

#define MLC_SORT_LSD_MAX 32768

static inline uint64_t
mlc_f64_key(double v)
{
	uint64_t	b;

	memcpy(&b, &v, sizeof(b));
	return (b & UINT64_C(0x8000000000000000)) ? ~b : (b | UINT64_C(0x8000000000000000));
}

static inline double
mlc_key_f64(uint64_t k)
{
	uint64_t	b = (k & UINT64_C(0x8000000000000000)) ? (k & ~UINT64_C(0x8000000000000000)) : ~k;
	double		v;

	memcpy(&v, &b, sizeof(v));
	return v;
}

/* Sort keys[0..n) ascending; payload (may be NULL) is permuted alongside. */
mlc_code	mlc_sort_keys(uint64_t *keys, double *payload, size_t n, mlc_status *st);

#endif							/* MLC_SORT_H */
