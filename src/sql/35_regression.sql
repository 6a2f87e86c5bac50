-- The regression type (mergeable error moments of predicted vs
-- actual values), its aggregates, operators and accessors.

-- ---- aggregate support

-- ---- operators

-- ---- accessors (NULL over zero rows or zero total weight): one line each
-- in the accessor table of gen_decls.sh (generated into
-- 35_regression_accessors.sql)
