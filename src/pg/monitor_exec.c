/*
 * monitor_exec.c — mlcheck._run_as_owner(owner, query, VARIADIC params):
 * the one way every monitor kind runs its evaluation query.
 *
 * A monitor is evaluated with the privileges of its owner, whoever calls
 * run_monitors (a superuser, the pg_cron job, a team member).  This does
 * what REFRESH MATERIALIZED VIEW does with a view's owner: for the duration
 * of the query the current user becomes the owner, inside a
 * security-restricted operation (no SET ROLE, no temporary objects, no
 * commands that outlive the operation), in a new GUC nest level with
 * search_path = pg_catalog, pg_temp, so any setting changed by the owner's
 * functions is rolled back on exit.  The previous user, security context
 * and settings are restored on exit, on success and on error alike.
 *
 * Rules:
 *   - the caller must be the owner, a member of the owner (a role that could
 *     SET ROLE to it) or a superuser: switching then grants nothing the
 *     caller does not already have.  Otherwise 42501.
 *   - the query is exactly one SELECT, run read-only; the parameters are
 *     bound as $1, $2, ... with their own types (never spliced into text).
 *   - the result rows are returned as SETOF record; the caller's column
 *     definition list must have the query's column types (42804 otherwise).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/plancache.h"

#include "mlc_pg.h"

#define RUN_AS_OWNER_MAX_PARAMS 100

/* Room for n parameters (at most RUN_AS_OWNER_MAX_PARAMS). */
static void
alloc_params(int n, Datum **values, Oid **types, char **nulls)
{
	if (n > RUN_AS_OWNER_MAX_PARAMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("mlcheck._run_as_owner takes at most %d parameters, got %d",
						RUN_AS_OWNER_MAX_PARAMS, n)));
	*values = palloc(sizeof(Datum) * Max(n, 1));
	*types = palloc(sizeof(Oid) * Max(n, 1));
	*nulls = palloc(sizeof(char) * Max(n, 1));
}

/* Parameters after the first two arguments: values, types, nulls. */
static pg_noinline int
collect_params(FunctionCallInfo fcinfo, Datum **values, Oid **types, char **nulls)
{
	int			nargs = PG_NARGS() - 2;
	int			i;

	if (nargs <= 0)
	{
		*values = NULL;
		*types = NULL;
		*nulls = NULL;
		return 0;
	}
	if (get_fn_expr_variadic(fcinfo->flinfo))
	{
		/* called as f(owner, query, VARIADIC array): one array argument */
		Oid			arrtype = get_fn_expr_argtype(fcinfo->flinfo, 2);
		Oid			elemtype;
		int16		typlen;
		bool		typbyval;
		char		typalign;
		ArrayType  *arr;
		Datum	   *elems;
		bool	   *isnull;
		int			n;

		if (PG_ARGISNULL(2))
			return 0;
		elemtype = get_element_type(arrtype);
		if (!OidIsValid(elemtype))
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("VARIADIC argument of mlcheck._run_as_owner must be an array")));
		arr = PG_GETARG_ARRAYTYPE_P(2);
		get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
		deconstruct_array(arr, elemtype, typlen, typbyval, typalign, &elems, &isnull, &n);
		alloc_params(n, values, types, nulls);
		for (i = 0; i < n; i++)
		{
			(*values)[i] = elems[i];
			(*types)[i] = elemtype;
			(*nulls)[i] = isnull[i] ? 'n' : ' ';
		}
		return n;
	}
	alloc_params(nargs, values, types, nulls);
	for (i = 0; i < nargs; i++)
	{
		Oid			t = get_fn_expr_argtype(fcinfo->flinfo, i + 2);

		if (!OidIsValid(t))
			ereport(ERROR,
					(errcode(ERRCODE_INDETERMINATE_DATATYPE),
					 errmsg("could not determine the type of parameter $%d of mlcheck._run_as_owner", i + 1)));
		/* an untyped literal ('...') arrives as unknown, a cstring: pass text */
		if (t == UNKNOWNOID)
		{
			(*values)[i] = PG_ARGISNULL(i + 2) ? (Datum) 0
				: CStringGetTextDatum(DatumGetCString(PG_GETARG_DATUM(i + 2)));
			t = TEXTOID;
		}
		else
			(*values)[i] = PG_ARGISNULL(i + 2) ? (Datum) 0 : PG_GETARG_DATUM(i + 2);
		(*types)[i] = t;
		(*nulls)[i] = PG_ARGISNULL(i + 2) ? 'n' : ' ';
	}
	return nargs;
}

/* Parse, check and run the query; rows go into the tuplestore of rsinfo. */
static pg_noinline void
run_query(const char *query, int nparams, Oid *types, Datum *values, char *nulls,
		  ReturnSetInfo *rsinfo)
{
	SPIPlanPtr	plan;
	List	   *sources;
	CachedPlanSource *src;
	Query	   *q;
	TupleDesc	got;
	TupleDesc	want = rsinfo->setDesc;
	int			ret;
	uint64		r;
	int			i;
	Datum	   *vals;
	bool	   *isnull;

	/* a monitor's window scan may use a parallel plan, as the same query would */
	plan = SPI_prepare_cursor(query, nparams, types, CURSOR_OPT_PARALLEL_OK);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	sources = SPI_plan_get_plan_sources(plan);
	if (list_length(sources) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("the query of mlcheck._run_as_owner must be exactly one statement, got %d",
						list_length(sources))));
	src = (CachedPlanSource *) linitial(sources);
	if (src->commandTag != CMDTAG_SELECT || list_length(src->query_list) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("the query of mlcheck._run_as_owner must be a SELECT")));
	q = linitial_node(Query, src->query_list);
	if (q->commandType != CMD_SELECT || q->utilityStmt != NULL ||
		q->hasModifyingCTE || q->rowMarks != NIL)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("the query of mlcheck._run_as_owner must be a SELECT that reads only"),
				 errdetail("SELECT INTO, FOR UPDATE/SHARE and data-modifying WITH are refused.")));

	/* read-only: anything the checks above missed is refused by SPI too */
	ret = SPI_execute_plan(plan, values, nulls, true, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan returned %s", SPI_result_code_string(ret));

	got = SPI_tuptable->tupdesc;
	if (got->natts != want->natts)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("the query of mlcheck._run_as_owner returns %d columns, the caller expects %d",
						got->natts, want->natts)));
	for (i = 0; i < got->natts; i++)
	{
		Oid			g = TupleDescAttr(got, i)->atttypid;
		Oid			w = TupleDescAttr(want, i)->atttypid;

		if (g != w)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column %d of the query of mlcheck._run_as_owner has type %s, the caller expects %s",
							i + 1, format_type_be(g), format_type_be(w))));
	}

	vals = palloc(sizeof(Datum) * Max(got->natts, 1));
	isnull = palloc(sizeof(bool) * Max(got->natts, 1));
	for (r = 0; r < SPI_processed; r++)
	{
		CHECK_FOR_INTERRUPTS();
		heap_deform_tuple(SPI_tuptable->vals[r], got, vals, isnull);
		/* copied into the tuplestore's own (per-query) memory */
		tuplestore_putvalues(rsinfo->setResult, want, vals, isnull);
	}
}

/*
 * Every error raised while the owner's query runs carries this context
 * line, so that a monitor run can tell errors of the data (whose hint or
 * detail may quote a value) from errors of mlcheck's own checks.
 */
static void
owner_query_context(void *arg)
{
	errcontext("query run as monitor owner \"%s\"", (const char *) arg);
}

PG_FUNCTION_INFO_V1(mlc_run_as_owner);
Datum
mlc_run_as_owner(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const char *owner_name;
	char	   *query;
	Oid			owner;
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;
	int			nparams;
	ErrorContextCallback errcb;
	Datum	   *values;
	Oid		   *types;
	char	   *nulls;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("owner and query of mlcheck._run_as_owner must not be NULL")));
	owner_name = NameStr(*PG_GETARG_NAME(0));
	query = text_to_cstring(PG_GETARG_TEXT_PP(1));

	owner = get_role_oid(owner_name, true);
	if (!OidIsValid(owner))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("owner role \"%s\" does not exist", owner_name),
				 errhint("Give the monitor an existing owner: UPDATE mlcheck.monitors SET owner = ...")));

	/*
	 * The caller may act as the owner only if it could become the owner
	 * anyway (SET ROLE): then running as the owner gives it nothing new.
	 * is_member_of_role() is true for superusers.
	 */
	if (!is_member_of_role(GetUserId(), owner))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("role \"%s\" may not run queries as role \"%s\"",
						GetUserNameFromId(GetUserId(), false), owner_name),
				 errhint("Run it as role \"%s\", a member of it, or a superuser.", owner_name)));

	/* the tuplestore and result descriptor of the caller's column list */
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);

	nparams = collect_params(fcinfo, &values, &types, &nulls);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	/*
	 * As REFRESH MATERIALIZED VIEW does for the view's owner: become the
	 * owner, lock down security-restricted operations, and make every
	 * setting changed meanwhile local to this call.
	 */
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(owner, save_sec_context | SECURITY_RESTRICTED_OPERATION);
	save_nestlevel = NewGUCNestLevel();
	errcb.callback = owner_query_context;
	errcb.arg = (void *) owner_name;
	errcb.previous = error_context_stack;
	error_context_stack = &errcb;
	PG_TRY();
	{
		(void) set_config_option("search_path", "pg_catalog, pg_temp",
								 PGC_USERSET, PGC_S_SESSION,
								 GUC_ACTION_SAVE, true, 0, false);
		run_query(query, nparams, types, values, nulls, rsinfo);
	}
	PG_CATCH();
	{
		/*
		 * The (sub)transaction abort that follows restores the user and the
		 * settings too; restoring the user here as well means that no code
		 * that runs before that abort (error context callbacks, the
		 * caller's handler) runs as the owner.
		 */
		SetUserIdAndSecContext(save_userid, save_sec_context);
		PG_RE_THROW();
	}
	PG_END_TRY();
	error_context_stack = errcb.previous;

	AtEOXact_GUC(false, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);

	SPI_finish();
	return (Datum) 0;
}
