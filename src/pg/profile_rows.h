/*
 * profile_rows.h — the per-row fast path of a text value into a categorical
 * profile, shared by the row inputs of profile(text) (profile.c) and of the
 * block aggregate _categorical_profiles (profile_block.c).
 */
#ifndef MLC_PROFILE_ROWS_H
#define MLC_PROFILE_ROWS_H
#include "postgres.h"

#include "mlc_profile.h"

/*
 * Counts the text datum d in c when it is a category c already holds and
 * the value needs no detoasting (a short inline header or a plain 4-byte
 * one, each read once); false, having done nothing, otherwise (the caller
 * then takes the value through mlc_catprof_add).
 */
static inline bool
mlc_pg_catprof_add_known_datum(mlc_catprof *c, Datum d)
{
	const char *t = DatumGetPointer(d);
	bool		plain = VARATT_IS_1B(t) ? !VARATT_IS_1B_E(t) : VARATT_IS_4B_U(t);
	size_t		hdr = VARATT_IS_1B(t) ? VARHDRSZ_SHORT : VARHDRSZ;
	size_t		size = VARATT_IS_1B(t) ? VARSIZE_1B(t) : VARSIZE_4B(t);

	return plain && mlc_catprof_add_known_fast(c, t + hdr, size - hdr);
}

#endif							/* MLC_PROFILE_ROWS_H */
