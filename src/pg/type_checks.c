/*
 * type_checks.c — mlcheck._has_equality(regtype): whether values of a type
 * can be grouped (GROUP BY, GROUPING SETS), i.e. the type cache knows an
 * equality operator for it (json, xml and point have none; an array has one
 * when its element type has).  Used by slice_report to refuse such a slice
 * column up front with a clear error, without a subtransaction (the report
 * may run inside a parallel query, where none can start).
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/typcache.h"

PG_FUNCTION_INFO_V1(mlc_has_equality);
Datum
mlc_has_equality(PG_FUNCTION_ARGS)
{
	TypeCacheEntry *tce = lookup_type_cache(PG_GETARG_OID(0), TYPECACHE_EQ_OPR);

	PG_RETURN_BOOL(OidIsValid(tce->eq_opr));
}
