/*
 * mlc_profile_block.h — a block of profiles built in one transition call:
 * the hidden state mlcheck._profiles_state of the internal aggregates
 * mlcheck._numeric_profiles(k, x1, ..., xB) and
 * mlcheck._categorical_profiles(k, t1, ..., tB), which a report over many
 * columns uses to profile up to B columns per aggregate call instead of one.
 *
 * A block holds k profiles of one kind (numeric or categorical).  Each is
 * built by exactly the calls that mlcheck.profile() makes for its column,
 * and handed over (parallel workers, other nodes) and merged in exactly the
 * form profile()'s own state is, so element i of a block is byte for byte
 * the profile() of column i over the same rows in the same plan.
 *
 * Binary form (version 1, big-endian): u8 version, u8 kind (1 numeric,
 * 2 categorical), u8 k (1 .. MLC_PROFBLOCK_MAX), then for each profile a
 * u32 length and that many bytes of the profile's own binary form (as its
 * type's writer writes it: a numeric_profile, or a categorical profile
 * value or partial state).  The reader validates every part with the
 * profile's own reader.
 */
#ifndef MLC_PROFILE_BLOCK_H
#define MLC_PROFILE_BLOCK_H

#include "mlc_common.h"
#include "mlc_types.h"

#define MLC_PROFBLOCK_FORMAT_VERSION 1
/* the widest block the codec holds (the SQL aggregates take fewer columns) */
#define MLC_PROFBLOCK_MAX 64

typedef enum mlc_profblock_kind
{
	MLC_PROFBLOCK_NUMERIC = 1,	/* elements are mlc_numprof */
	MLC_PROFBLOCK_CATEGORICAL = 2	/* elements are mlc_catprof */
} mlc_profblock_kind;

typedef struct mlc_profblock
{
	int32_t		k;				/* profiles held, 1 .. MLC_PROFBLOCK_MAX */
	uint8_t		kind;			/* mlc_profblock_kind */
	void	   *p[MLC_PROFBLOCK_MAX];	/* p[0 .. k): struct mlc_numprof * or mlc_catprof * */
} mlc_profblock;

/* k empty profiles of kind; NULL on out of memory (or a bad kind or k) */
mlc_profblock *mlc_profblock_new(mlc_profblock_kind kind, int32_t k);
void		mlc_profblock_free(mlc_profblock *b);

/* the operations table of the elements' type (mlc_numprof_type, mlc_catprof_type) */
const mlc_type_ops *mlc_profblock_elem_type(mlc_profblock_kind kind);

/* the block's own operations table (hidden state mlcheck._profiles_state) */
extern const mlc_type_ops mlc_profblock_type;

#endif							/* MLC_PROFILE_BLOCK_H */
