-- Distribution profiles (numeric_profile, categorical_profile),
-- the profile()/merge() aggregates and their accessors.

-- ---- aggregate support: numeric

-- ---- aggregate support: categorical

-- ---- accessors: one line each in the accessor table of gen_decls.sh
-- (generated into 40_profile_accessors.sql)
