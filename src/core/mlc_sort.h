/*
 * mlc_sort.h — radix sort of float8 values for the exact rank metrics.
 *
 * Scores are stored as 64-bit keys whose unsigned order is the numeric
 * order of the doubles (the usual sign-flip transform: -Inf < ... < -0 <
 * +0 < ... < +Inf; NaN never gets here).  mlc_sort_keys sorts such keys in
 * place, optionally carrying a float8 payload (the row weights) along:
 *   - keys above a cache-sized bucket are partitioned in place, most
 *     significant 11-bit digit first (American flag sort), so the sort needs
 *     no buffer as large as its input — the state stays at 8 bytes a row;
 *   - buckets of at most MLC_SORT_LSD_MAX keys are finished by an LSD radix
 *     sort on 11-bit digits in a fixed scratch buffer (~0.5 MB);
 *   - every level first ORs k ^ k[0] over its keys: digits all keys share
 *     are skipped without a pass, and an all-tied range costs one read.
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
