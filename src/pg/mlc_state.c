/*
 * mlc_state.c — the table-driven glue of every mlcheck value type (see
 * mlc_state.h): the expanded-object methods of aggregate states, and each
 * fmgr role written once over an mlc_type_ops table — type I/O, combine
 * (also the transition of merge(summary)), final, `+`, and the comparison
 * and hash functions of the operator classes, which work on the canonical
 * bytes of a value.  The per-type C entry points are listed at the end.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "mlc_pg.h"
#include "mlc_state.h"

#include "mlc_calibration.h"
#include "mlc_confusion.h"
#include "mlc_profile.h"
#include "mlc_regression.h"
#include "mlc_scores.h"

/* ---------------------------------------------------------------- helpers */

/* Write v's codec into a new varlena in CurrentMemoryContext; the writer
 * runs in `work` (the context v lives in, since it may reorganise v). */
static struct varlena *
write_varlena(const mlc_type_ops *ops, void *v, MemoryContext work)
{
	mlc_buf		b;
	struct varlena *out;

	mlc_buf_init(&b, 64);
	MLC_PG_CALL_IN(work, ops->write, v, &b);
	out = mlc_pg_buf_to_varlena(&b, ops->what);
	mlc_buf_free(&b);
	return out;
}

Datum
mlc_pg_value_datum(const mlc_type_ops *ops, void *v)
{
	return PointerGetDatum(write_varlena(ops, v, CurrentMemoryContext));
}

static void
check_labels(const mlc_type_ops *ops, const void *v)
{
	const char *s;
	size_t		len;
	int32_t		i;

	if (ops->text_label == NULL)
		return;
	for (i = 0; ops->text_label(v, i, &s, &len); i++)
		pg_verifymbstr(s, len, false);
}

/* A value read from its codec bytes in CurrentMemoryContext (bytes that do not decode: XX001). */
static void *
read_bytes(const char *data, size_t len, const mlc_type_ops *ops)
{
	/*
	 * The status is not on the stack: the value never points into it, but
	 * static analysis cannot see that through the ops->read pointer.
	 */
	mlc_status *st = palloc(sizeof(mlc_status));
	void	   *val;

	mlc_status_init(st);
	val = ops->read(data, len, st);
	if (val == NULL)
	{
		/* a stored value that does not decode is corruption, not syntax */
		if (st->code == MLC_ESYNTAX)
			st->code = MLC_ECORRUPT;
		mlc_pg_raise(st);
	}
	pfree(st);
	return val;
}

/* A private copy of the value of d, read in CurrentMemoryContext. */
static void *
read_value(Datum d, const mlc_type_ops *ops)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(d);
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
	void	   *val = read_bytes(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), ops);

	if (v != raw)
		pfree(v);
	return val;
}

static mlc_pg_state *
our_state(Datum d, const mlc_type_ops *ops)
{
	mlc_pg_state *s;

	if (!VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
		return NULL;
	s = (mlc_pg_state *) DatumGetEOHP(d);
	return s->hdr.eoh_methods == &mlc_pg_state_methods && s->ops == ops ? s : NULL;
}

void *
mlc_pg_value(Datum d, const mlc_type_ops *ops, mlc_pg_state **owner)
{
	if (owner)
	{
		*owner = our_state(d, ops);
		if (*owner)
			return (*owner)->value;
	}
	return read_value(d, ops);
}

void *
mlc_pg_value_work(Datum d, const mlc_type_ops *ops, MemoryContext *work)
{
	mlc_pg_state *owner;
	void	   *v = mlc_pg_value(d, ops, &owner);

	*work = owner ? owner->hdr.eoh_context : CurrentMemoryContext;
	return v;
}

/* -------------------------------------------------- expanded-object methods */

/*
 * v's codec bytes as a flatten writes them, into b, written in `work` (the
 * context v lives in).  In a parallel plan, a state is flattened to be
 * handed from a worker (and from the leader's own part) to the leader's
 * combine, inside this machine: the type's fast writer, when it has one.
 */
static void
flat_bytes(const mlc_type_ops *ops, void *v, MemoryContext work, mlc_buf *b)
{
	MemoryContext old = MemoryContextSwitchTo(work);
	mlc_status	st;
	mlc_code	rc;

	mlc_status_init(&st);
	mlc_buf_init(b, 64);
	if (IsInParallelMode() && ops->write_fast)
		rc = ops->write_fast(v, b, &st);
	else
		rc = ops->write(v, b, &st);
	MemoryContextSwitchTo(old);
	mlc_pg_check(rc, &st);
	mlc_pg_buf_check(b, ops->what, NULL);
	if (b->len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s value is too large", ops->what)));
}

static Size
state_get_flat_size(ExpandedObjectHeader *eohptr)
{
	mlc_pg_state *s = (mlc_pg_state *) eohptr;
	mlc_buf		b;

	if (s->flat)
		pfree(s->flat);
	s->flat = NULL;
	flat_bytes(s->ops, s->value, s->hdr.eoh_context, &b);
	s->flat = b.data;
	s->flat_len = b.len;
	return VARHDRSZ + b.len;
}

struct varlena *
mlc_pg_final_value(const mlc_type_ops *ops, void *v, MemoryContext work)
{
	mlc_buf		flat;
	void	   *copy;
	struct varlena *out;

	if (ops->finish == NULL)
		return write_varlena(ops, v, work);
	/* a private copy from the bytes a flatten would hand over, as mlc_pg_final */
	flat_bytes(ops, v, work, &flat);
	copy = read_bytes(flat.data, flat.len, ops);
	mlc_buf_free(&flat);
	MLC_PG_CALL(ops->finish, copy);
	out = write_varlena(ops, copy, CurrentMemoryContext);
	ops->free(copy);
	return out;
}

/*
 * The bytes written by get_flat_size are used once: the value may change
 * afterwards (a window aggregate goes on adding rows), so the next flatten
 * writes again.
 */
static void
state_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	mlc_pg_state *s = (mlc_pg_state *) eohptr;

	if (s->flat == NULL)
		state_get_flat_size(eohptr);
	Assert(allocated_size == VARHDRSZ + s->flat_len);
	SET_VARSIZE(result, VARHDRSZ + s->flat_len);
	memcpy(VARDATA(result), s->flat, s->flat_len);
	pfree(s->flat);
	s->flat = NULL;
}

const ExpandedObjectMethods mlc_pg_state_methods = {
	state_get_flat_size,
	state_flatten_into
};

static MemoryContext
agg_context(FunctionCallInfo fcinfo)
{
	MemoryContext ctx;

	if (!AggCheckCallContext(fcinfo, &ctx))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context",
						get_func_name(fcinfo->flinfo->fn_oid))));
	return ctx;
}

/*
 * An empty state (value NULL) in a new child context of the aggregate
 * context.  The aggregates of the 0.1 SQL objects declared their states
 * `internal`; handing them an expanded object would be wrong, so that
 * combination stops here, on the first row.
 */
static mlc_pg_state *
state_create(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	MemoryContext parent = agg_context(fcinfo);
	MemoryContext ctx;
	mlc_pg_state *s;

	if (get_fn_expr_argtype(fcinfo->flinfo, 0) == INTERNALOID)
		mlc_pg_legacy_call(get_func_name(fcinfo->flinfo->fn_oid));
	ctx = AllocSetContextCreate(parent, "mlcheck aggregate state", ALLOCSET_SMALL_SIZES);
	s = MemoryContextAllocZero(ctx, sizeof(mlc_pg_state));
	EOH_init_header(&s->hdr, &mlc_pg_state_methods, ctx);
	s->ops = ops;
	return s;
}

mlc_pg_state *
mlc_pg_trans_state(FunctionCallInfo fcinfo, const mlc_type_ops *ops, mlc_pg_init_fn init,
				   const void *arg)
{
	mlc_pg_state *s = mlc_pg_state_rw(fcinfo, 0, ops);
	MemoryContext old;

	if (s)
		return s;
	s = state_create(fcinfo, ops);
	old = mlc_pg_state_enter(s);
	if (PG_ARGISNULL(0))
	{
		mlc_status	st;

		mlc_status_init(&st);
		s->value = init(fcinfo, arg, &st);
		if (s->value == NULL)
		{
			if (st.code == MLC_OK)
				mlc_fail(&st, MLC_ENOMEM, "out of memory", NULL, NULL);
			mlc_pg_raise(&st);
		}
	}
	else
		s->value = read_value(PG_GETARG_DATUM(0), ops);
	MemoryContextSwitchTo(old);
	return s;
}

/* ------------------------------------------------------------ type I/O */

Datum
mlc_pg_in(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	char	   *text = PG_GETARG_CSTRING(0);
	mlc_status	st;
	mlc_buf		bytes;
	void	   *v;
	struct varlena *out;

	mlc_status_init(&st);
	memset(&bytes, 0, sizeof(bytes));
	v = mlc_type_from_text_bytes(ops, text, strlen(text), ops->json ? NULL : &bytes, &st);
	if (v == NULL)
		mlc_pg_raise(&st);
	check_labels(ops, v);
	if (ops->json)
		PG_RETURN_DATUM(mlc_pg_value_datum(ops, v));

	/*
	 * base64 of the codec (hidden states, which Citus ships from the shards
	 * this way): the bytes just read are a valid value, kept as they are
	 * instead of written again — the text round trip is then exact.
	 */
	ops->free(v);
	out = mlc_pg_buf_to_varlena(&bytes, ops->what);
	mlc_buf_free(&bytes);
	PG_RETURN_POINTER(out);
}

Datum
mlc_pg_out(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	mlc_buf		b;

	mlc_buf_init(&b, 256);
	if (ops->json)
		MLC_PG_CALL(ops->to_json, read_value(PG_GETARG_DATUM(0), ops), &b);
	else
	{
		/* the stored bytes are the codec: print them as they are */
		struct varlena *v = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));

		mlc_base64_encode(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &b);
	}
	PG_RETURN_CSTRING(mlc_pg_buf_to_cstring(&b, ops->what));
}

Datum
mlc_pg_recv(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	mlc_status	st;
	void	   *v;

	mlc_status_init(&st);
	v = ops->read(buf->data + buf->cursor, buf->len - buf->cursor, &st);
	if (v == NULL)
		mlc_pg_raise(&st);
	check_labels(ops, v);
	buf->cursor = buf->len;
	PG_RETURN_DATUM(mlc_pg_value_datum(ops, v));
}

/*
 * send of every mlcheck type: the stored bytes are already the versioned
 * big-endian binary format, so the wire form is a copy of them.
 */
PG_FUNCTION_INFO_V1(mlcheck_summary_send);
Datum
mlcheck_summary_send(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ----------------------------------------------------- aggregate support */

/*
 * combine(state, state), also the transition function of merge(summary).
 * Not strict: a NULL on either side is handled here.  The second argument
 * is never modified and never returned — its value is read into the
 * first's context (a new state when the first is NULL).
 */
Datum
mlc_pg_combine(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	mlc_pg_state *s;
	MemoryContext old;
	void	   *src;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	s = mlc_pg_state_rw(fcinfo, 0, ops);
	if (s == NULL)
	{
		s = state_create(fcinfo, ops);
		old = mlc_pg_state_enter(s);
		if (PG_ARGISNULL(0))
		{
			s->value = read_value(PG_GETARG_DATUM(1), ops);
			MemoryContextSwitchTo(old);
			MLC_PG_RETURN_STATE(s);
		}
		s->value = read_value(PG_GETARG_DATUM(0), ops);
	}
	else
		old = mlc_pg_state_enter(s);
	src = read_value(PG_GETARG_DATUM(1), ops);
	MemoryContextSwitchTo(old);
	MLC_PG_CALL_IN(s->hdr.eoh_context, ops->merge, s->value, src);
	ops->free(src);
	MLC_PG_RETURN_STATE(s);
}

/*
 * final function of the aggregates whose state is the summary they return:
 * the flat value.  Writing may reorganise the state (sort, flush buffered
 * rows) without changing what it holds, so a window aggregate can go on
 * adding rows and call this again.
 */
Datum
mlc_pg_final(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	MemoryContext work;
	void	   *v;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (ops->finish)
	{
		/*
		 * The final value is made from a private copy: a window aggregate
		 * goes on adding rows to the state after this call, so the state
		 * itself must not lose what finishing drops.
		 */
		v = read_value(PG_GETARG_DATUM(0), ops);
		MLC_PG_CALL(ops->finish, v);
		PG_RETURN_POINTER(write_varlena(ops, v, CurrentMemoryContext));
	}
	v = mlc_pg_value_work(PG_GETARG_DATUM(0), ops, &work);
	PG_RETURN_POINTER(write_varlena(ops, v, work));
}

/* a + b for summary types: merge of two stored values */
Datum
mlc_pg_plus(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	void	   *a = read_value(PG_GETARG_DATUM(0), ops);
	void	   *b = read_value(PG_GETARG_DATUM(1), ops);

	MLC_PG_CALL(ops->merge, a, b);
	PG_RETURN_DATUM(mlc_pg_value_datum(ops, a));
}

/* ------------------------------------------- comparison on canonical bytes */

/*
 * The canonical bytes of a summary: the binary form of the value as its
 * text form shows it.  The stored form can hold more than the text (the
 * compensation terms of compensated sums), so two values that print the
 * same — a value and its text round trip — can differ in their stored
 * bytes; printing and parsing again drops that difference.  `=`, the btree
 * order (bytewise, then shorter first) and the hash all work on these
 * bytes.  Comparators must not leak (sorts call them many times): every
 * intermediate is freed.
 */
static void
canonical_bytes(Datum d, const mlc_type_ops *ops, mlc_buf *out)
{
	void	   *v = read_value(d, ops),
			   *v2;
	mlc_buf		text;
	mlc_status	st;

	mlc_status_init(&st);
	mlc_buf_init(&text, 256);
	mlc_pg_check(ops->to_json(v, &text, &st), &st);
	mlc_pg_buf_check(&text, ops->what, NULL);
	ops->free(v);
	v2 = ops->from_json(text.data, text.len, &st);
	mlc_buf_free(&text);
	if (v2 == NULL)
		mlc_pg_raise(&st);
	mlc_buf_init(out, 256);
	mlc_pg_check(ops->write(v2, out, &st), &st);
	mlc_pg_buf_check(out, ops->what, NULL);
	ops->free(v2);
}

static int
bytes_cmp(const char *a, size_t la, const char *b, size_t lb)
{
	int			c = memcmp(a, b, Min(la, lb));

	if (c != 0)
		return c < 0 ? -1 : 1;
	return la == lb ? 0 : (la < lb ? -1 : 1);
}

static int
summary_cmp(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	struct varlena *a = PG_GETARG_VARLENA_PP(0);
	struct varlena *b = PG_GETARG_VARLENA_PP(1);
	mlc_buf		ka,
				kb;
	int			c;

	/* identical stored bytes are the same summary: no need to normalise */
	if (VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
		memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0)
		c = 0;
	else
	{
		canonical_bytes(PointerGetDatum(a), ops, &ka);
		canonical_bytes(PointerGetDatum(b), ops, &kb);
		c = bytes_cmp(ka.data, ka.len, kb.data, kb.len);
		mlc_buf_free(&ka);
		mlc_buf_free(&kb);
	}
	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	return c;
}

Datum
mlc_pg_eq(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	PG_RETURN_BOOL(summary_cmp(fcinfo, ops) == 0);
}

Datum
mlc_pg_ne(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	PG_RETURN_BOOL(summary_cmp(fcinfo, ops) != 0);
}

Datum
mlc_pg_lt(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	PG_RETURN_BOOL(summary_cmp(fcinfo, ops) < 0);
}

Datum
mlc_pg_le(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	PG_RETURN_BOOL(summary_cmp(fcinfo, ops) <= 0);
}

Datum
mlc_pg_gt(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	PG_RETURN_BOOL(summary_cmp(fcinfo, ops) > 0);
}

Datum
mlc_pg_ge(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	PG_RETURN_BOOL(summary_cmp(fcinfo, ops) >= 0);
}

Datum
mlc_pg_cmp(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	PG_RETURN_INT32(summary_cmp(fcinfo, ops));
}

static uint64
summary_hash(FunctionCallInfo fcinfo, const mlc_type_ops *ops, bool extended)
{
	mlc_buf		k;
	uint64		h;

	canonical_bytes(PG_GETARG_DATUM(0), ops, &k);
	if (extended)
		h = DatumGetUInt64(hash_any_extended((unsigned char *) k.data, k.len, PG_GETARG_INT64(1)));
	else
		h = DatumGetUInt32(hash_any((unsigned char *) k.data, k.len));
	mlc_buf_free(&k);
	return h;
}

Datum
mlc_pg_hash(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	PG_RETURN_UINT32((uint32) summary_hash(fcinfo, ops, false));
}

Datum
mlc_pg_hash_extended(FunctionCallInfo fcinfo, const mlc_type_ops *ops)
{
	PG_RETURN_UINT64(summary_hash(fcinfo, ops, true));
}

/* ---------------------------------------------------- per-type entry points */

/* a summary type: its entry points and the value helpers other glue files use */
#define DEFINE_SUMMARY(name, core) \
MLC_PG_SUMMARY_FUNCTIONS(name, &mlc_##core##_type) \
struct mlc_##core *mlc_pg_##name##_from_datum(Datum d) { return mlc_pg_value(d, &mlc_##core##_type, NULL); } \
Datum mlc_pg_##name##_datum(struct mlc_##core *v) { return mlc_pg_value_datum(&mlc_##core##_type, v); }

MLC_PG_SUMMARY_TYPES(DEFINE_SUMMARY)
MLC_PG_TYPE_FUNCTIONS(auc_state, &mlc_auc_type)
MLC_PG_TYPE_FUNCTIONS(prob_state, &mlc_prob_type)
MLC_PG_TYPE_FUNCTIONS(delong_state, &mlc_delong_type)
