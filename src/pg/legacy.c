/*
 * legacy.c — C entry points that only the frozen 0.1 install script
 * (mlcheck--0.1.sql) names: the serialization functions and combine/merge
 * transitions of the internal aggregate states that 0.2 replaced with real
 * state types.  They exist so that the 0.1 script still loads against this
 * library (CREATE EXTENSION mlcheck VERSION '0.1', the starting point of
 * ALTER EXTENSION mlcheck UPDATE); calling one is an error that says to
 * finish the update.
 */
#include "postgres.h"

#include "fmgr.h"

#include "mlc_pg.h"

#define LEGACY(name) \
	PG_FUNCTION_INFO_V1(name); \
	Datum name(PG_FUNCTION_ARGS); \
	Datum name(PG_FUNCTION_ARGS) { mlc_pg_legacy_call(#name); PG_RETURN_NULL(); }

LEGACY(mlcheck_auc_combine)
LEGACY(mlcheck_auc_deserial)
LEGACY(mlcheck_auc_serial)
LEGACY(mlcheck_calibration_deserial)
LEGACY(mlcheck_calibration_merge_trans)
LEGACY(mlcheck_calibration_serial)
LEGACY(mlcheck_categorical_profile_deserial)
LEGACY(mlcheck_categorical_profile_merge_trans)
LEGACY(mlcheck_categorical_profile_serial)
LEGACY(mlcheck_confusion_deserial)
LEGACY(mlcheck_confusion_merge_trans)
LEGACY(mlcheck_confusion_serial)
LEGACY(mlcheck_delong_combine)
LEGACY(mlcheck_delong_deserial)
LEGACY(mlcheck_delong_serial)
LEGACY(mlcheck_numeric_profile_deserial)
LEGACY(mlcheck_numeric_profile_merge_trans)
LEGACY(mlcheck_numeric_profile_serial)
LEGACY(mlcheck_prob_combine)
LEGACY(mlcheck_prob_deserial)
LEGACY(mlcheck_prob_serial)
LEGACY(mlcheck_regression_deserial)
LEGACY(mlcheck_regression_merge_trans)
LEGACY(mlcheck_regression_serial)
LEGACY(mlcheck_scores_deserial)
LEGACY(mlcheck_scores_merge_trans)
LEGACY(mlcheck_scores_serial)
