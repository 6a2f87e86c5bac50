/*
 * mlc_state.h — the one glue layer between PostgreSQL and the core's value
 * types (src/core/mlc_types.h).
 *
 * Every mlcheck aggregate has a real transition type (never `internal`):
 * the summary type itself where the aggregate returns a summary, otherwise
 * a hidden state type (mlcheck._auc_state, _prob_state, _delong_state).
 * While an aggregate runs, its state is an expanded object (mlc_pg_state)
 * that owns a memory context, a child of the aggregate context: the core
 * value and everything it grows live there, so growth can never land in a
 * per-tuple context, and the transition functions update it in place
 * through the read-write pointer (no per-row copy).  Flattening writes the
 * core's versioned binary codec, which is also the on-disk value and the
 * binary send/recv form; parallel workers and other nodes hand states over
 * in that form.
 *
 * Each fmgr role (type input/output/receive/send, combine — also the
 * transition function of merge(summary) —, final, `+`, comparison and
 * hashing) is written once in mlc_state.c over an operations table;
 * MLC_PG_TYPE_FUNCTIONS gives each SQL type its C entry points.
 */
#ifndef MLC_STATE_H
#define MLC_STATE_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/expandeddatum.h"

#include "mlc_types.h"

typedef struct mlc_pg_state
{
	ExpandedObjectHeader hdr;	/* hdr.eoh_context: where the value lives */
	const mlc_type_ops *ops;
	void	   *value;			/* the core value */
	char	   *flat;			/* codec bytes between get_flat_size and flatten_into */
	size_t		flat_len;
} mlc_pg_state;

extern const ExpandedObjectMethods mlc_pg_state_methods;

/*
 * The state at argument argno when it is a read-write state of type ops,
 * else NULL.  DatumGetEOHP is inlined: the row inputs of the profiles call
 * this once per column and row.
 */
static inline mlc_pg_state *
mlc_pg_state_rw(FunctionCallInfo fcinfo, int argno, const mlc_type_ops *ops)
{
	Pointer		d;
	varatt_expanded ptr;
	mlc_pg_state *s;

	if (PG_ARGISNULL(argno))
		return NULL;
	d = DatumGetPointer(PG_GETARG_DATUM(argno));
	if (!VARATT_IS_EXTERNAL_EXPANDED_RW(d))
		return NULL;
	memcpy(&ptr, VARDATA_EXTERNAL(d), sizeof(ptr));
	s = (mlc_pg_state *) ptr.eohptr;
	return s->hdr.eoh_methods == &mlc_pg_state_methods && s->ops == ops ? s : NULL;
}

/*
 * The transition state of a transition (or combine) function at argument
 * 0, ready to be updated in place: the read-write state when it is one,
 * else a new state in a child context of the aggregate context — holding
 * init(fcinfo, arg) when argument 0 is NULL (called with the state's
 * context current; it may raise, or return NULL with st filled — an
 * untouched st means out of memory), or an expanded copy of a flat value.
 */
typedef void *(*mlc_pg_init_fn) (FunctionCallInfo fcinfo, const void *arg, mlc_status *st);
mlc_pg_state *mlc_pg_trans_state(FunctionCallInfo fcinfo, const mlc_type_ops *ops,
								 mlc_pg_init_fn init, const void *arg);

/*
 * The value a final function returns for the core value v (living in
 * work) of a state of type ops, as mlc_pg_final makes it: written as it is,
 * or, for a type with a finish step, a private copy read from the bytes a
 * flatten would hand over, finished, then written (v itself is unchanged).
 */
struct varlena *mlc_pg_final_value(const mlc_type_ops *ops, void *v, MemoryContext work);

/* MLC_PG_INIT_NEW(name, ctor): the mlc_pg_init_fn `name` that returns ctor() */
#define MLC_PG_INIT_NEW(name, ctor) \
static void * \
name(FunctionCallInfo fcinfo, const void *arg, mlc_status *st) \
{ \
	return ctor(); \
}

#define MLC_PG_RETURN_STATE(s) PG_RETURN_DATUM(EOHPGetRWDatum(&(s)->hdr))

/* Switch to the state's context around core calls that may allocate. */
#define mlc_pg_state_enter(s) MemoryContextSwitchTo((s)->hdr.eoh_context)

/*
 * The core value of a datum of type ops (flat, toasted or expanded),
 * read-only for the caller.  When the datum is one of our expanded states,
 * *owner is set to it (the value lives in its context: switch there before
 * calling core functions that reorganise it); otherwise the value is read
 * into CurrentMemoryContext and *owner is NULL.  A stored value that does
 * not decode raises XX001.
 */
void	   *mlc_pg_value(Datum d, const mlc_type_ops *ops, mlc_pg_state **owner);

/*
 * The same for a function that reorganises the value in place without
 * changing what it holds (a final function that sorts the rows): *work is
 * the context to call the core in (MLC_PG_CALL_IN), the owning state's when
 * there is one, so a window aggregate can go on adding rows.
 */
void	   *mlc_pg_value_work(Datum d, const mlc_type_ops *ops, MemoryContext *work);

/* A new flat value of type ops holding v (written in CurrentMemoryContext). */
Datum		mlc_pg_value_datum(const mlc_type_ops *ops, void *v);

/* the fmgr roles, once for every type */
Datum		mlc_pg_in(FunctionCallInfo fcinfo, const mlc_type_ops *ops);
Datum		mlc_pg_out(FunctionCallInfo fcinfo, const mlc_type_ops *ops);
Datum		mlc_pg_recv(FunctionCallInfo fcinfo, const mlc_type_ops *ops);
Datum		mlc_pg_combine(FunctionCallInfo fcinfo, const mlc_type_ops *ops);
Datum		mlc_pg_final(FunctionCallInfo fcinfo, const mlc_type_ops *ops);
Datum		mlc_pg_plus(FunctionCallInfo fcinfo, const mlc_type_ops *ops);
Datum		mlc_pg_eq(FunctionCallInfo fcinfo, const mlc_type_ops *ops);
Datum		mlc_pg_ne(FunctionCallInfo fcinfo, const mlc_type_ops *ops);
Datum		mlc_pg_lt(FunctionCallInfo fcinfo, const mlc_type_ops *ops);
Datum		mlc_pg_le(FunctionCallInfo fcinfo, const mlc_type_ops *ops);
Datum		mlc_pg_gt(FunctionCallInfo fcinfo, const mlc_type_ops *ops);
Datum		mlc_pg_ge(FunctionCallInfo fcinfo, const mlc_type_ops *ops);
Datum		mlc_pg_cmp(FunctionCallInfo fcinfo, const mlc_type_ops *ops);
Datum		mlc_pg_hash(FunctionCallInfo fcinfo, const mlc_type_ops *ops);
Datum		mlc_pg_hash_extended(FunctionCallInfo fcinfo, const mlc_type_ops *ops);

#define MLC_PG_FN(name, role, ops) \
	PG_FUNCTION_INFO_V1(mlcheck_##name##_##role); \
	Datum mlcheck_##name##_##role(PG_FUNCTION_ARGS); \
	Datum mlcheck_##name##_##role(PG_FUNCTION_ARGS) { return mlc_pg_##role(fcinfo, ops); }

/* The C entry points of one SQL type (send is shared by all). */
#define MLC_PG_TYPE_FUNCTIONS(name, ops) \
	MLC_PG_FN(name, in, ops) \
	MLC_PG_FN(name, out, ops) \
	MLC_PG_FN(name, recv, ops) \
	MLC_PG_FN(name, combine, ops)

/* The comparison operators and hashing of a type (on its canonical bytes). */
#define MLC_PG_COMPARE_FUNCTIONS(name, ops) \
	MLC_PG_FN(name, eq, ops) \
	MLC_PG_FN(name, ne, ops) \
	MLC_PG_FN(name, lt, ops) \
	MLC_PG_FN(name, le, ops) \
	MLC_PG_FN(name, gt, ops) \
	MLC_PG_FN(name, ge, ops) \
	MLC_PG_FN(name, cmp, ops) \
	MLC_PG_FN(name, hash, ops) \
	MLC_PG_FN(name, hash_extended, ops)

/* ... and of a summary type: final function, `+`, comparisons, hashing */
#define MLC_PG_SUMMARY_FUNCTIONS(name, ops) \
	MLC_PG_TYPE_FUNCTIONS(name, ops) \
	MLC_PG_FN(name, final, ops) \
	MLC_PG_FN(name, plus, ops) \
	MLC_PG_COMPARE_FUNCTIONS(name, ops)

#endif							/* MLC_STATE_H */
