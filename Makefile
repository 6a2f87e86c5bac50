# mlcheck — PGXS build.
#   make && make install      build and install the extension
#   make unitcheck            C unit tests of src/core (no PostgreSQL headers)
#   make installcheck         pg_regress suite against a running server
#   make fuzz                 libFuzzer harnesses over src/core (clang)
# Building needs python3 (standard library only) for the update script.
EXTENSION   = mlcheck
EXTVERSION  = 0.2
MODULE_big  = mlcheck

CORE_SRCS   = $(sort $(wildcard src/core/*.c))
GLUE_SRCS   = $(sort $(wildcard src/pg/*.c))
OBJS        = $(CORE_SRCS:.c=.o) $(GLUE_SRCS:.c=.o)

# The install script of the version under development is assembled from one
# file per topic (src/sql/NN_*.sql).  Released install scripts
# (mlcheck--0.1.sql) and update scripts (mlcheck--A--B.sql) are committed and
# frozen: never edit them, add an update script instead.
SQL_PARTS   = $(sort $(wildcard src/sql/*.sql) $(SQL_GENERATED))
# The update script from the last release to the version under development
# is built from its hand-written part and the install script (see
# src/update/gen_update.py).  At the release both are committed and frozen
# (README, "Contributing").
PREV_VERSION = 0.1
UPDATE_built = $(EXTENSION)--$(PREV_VERSION)--$(EXTVERSION).sql
DATA_built  = $(EXTENSION)--$(EXTVERSION).sql $(UPDATE_built)
PYTHON     ?= python3
DATA        = $(filter-out $(DATA_built),$(wildcard $(EXTENSION)--*.sql))

REGRESS     = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OUT ?= .
REGRESS_OPTS = --inputdir=. --outputdir=$(REGRESS_OUT)

# No fast-math: results must not depend on the compiler.
PG_CFLAGS   = -std=gnu99 -Wall -Wextra -Werror -Wno-unused-parameter \
              -Wno-missing-field-initializers -Wno-sign-compare \
              -ffp-contract=off
PG_CPPFLAGS = -Isrc/core -Isrc/pg
# No LLVM bitcode for JIT inlining: it would need clang at build time and
# buys nothing for aggregate-heavy code.
override with_llvm = no
EXTRA_CLEAN = test/unit/run_unit test/unit/*.o results regression.diffs regression.out $(SQL_GENERATED)

PG_CONFIG  ?= pg_config
PGXS       := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# objects depend on every header (cheap, and a struct change must rebuild glue)
$(OBJS): $(wildcard src/core/*.h) $(wildcard src/pg/*.h)

# The repetitive declarations (type I/O, operators, operator classes,
# CREATE AGGREGATE of every overload) are generated from the tables in
# src/sql/gen_decls.sh into src/sql/05_types.sql and src/sql/NN_*_aggs.sql
# (not committed); they take their place among the pieces by file name.
SQL_GENERATED := $(shell sh src/sql/gen_decls.sh --list src/sql)
$(SQL_GENERATED) &: src/sql/gen_decls.sh
	sh src/sql/gen_decls.sh src/sql

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PARTS)
	( printf '%s\n' '-- generated from src/sql/*.sql by make; edit those files' \
	  '\echo Use "CREATE EXTENSION mlcheck" to load this file. \quit'; \
	  for f in $(SQL_PARTS); do printf '\n-- ==== %s\n' "$$f"; cat "$$f"; done ) > $@

$(UPDATE_built): $(EXTENSION)--$(PREV_VERSION).sql $(EXTENSION)--$(EXTVERSION).sql \
                 src/update/$(PREV_VERSION)--$(EXTVERSION).sql src/update/gen_update.py
	$(PYTHON) src/update/gen_update.py $(EXTENSION)--$(PREV_VERSION).sql $(EXTENSION)--$(EXTVERSION).sql \
	    src/update/$(PREV_VERSION)--$(EXTVERSION).sql > $@.tmp && mv $@.tmp $@

# ---- C unit tests of the core, compiled WITHOUT PostgreSQL's include path,
# so a stray #include "postgres.h" in src/core breaks this target.
UNIT_CC     ?= cc
UNIT_CFLAGS ?= -std=c99 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
               -Wno-sign-compare -ffp-contract=off -fsanitize=address,undefined \
               -fno-sanitize-recover=all -fno-omit-frame-pointer
UNIT_SRCS   = $(sort $(wildcard test/unit/test_*.c))

test/unit/run_unit: $(CORE_SRCS) $(wildcard src/core/*.h) $(UNIT_SRCS) test/unit/unit.h test/unit/main.c
	$(UNIT_CC) $(UNIT_CFLAGS) -Isrc/core -Itest/unit -o $@ $(CORE_SRCS) $(UNIT_SRCS) test/unit/main.c -lm

unitcheck: test/unit/run_unit
	test/unit/run_unit

.PHONY: unitcheck fuzz
fuzz:
	$(MAKE) -C test/fuzz
