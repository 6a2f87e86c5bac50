"""Cross-check of mlcheck.validity_report and mlcheck.check_rules against
counts made with NumPy on generated data.

Data: reference and current relations with float8 columns holding NULL,
NaN, +Infinity and -Infinity, integer and bigint columns (values beyond
2^53), a numeric column, and text columns with categories new in the
current relation (C collation, so that PostgreSQL's order is the byte
order NumPy sorts by).  Sizes from 0 to 60 000 rows, several seeds.

validity_report: every share must EQUAL count / n computed from the NumPy
arrays (the same IEEE division of the same exact integers), the new and
missing categories must equal the set differences, and the issue codes
must be the ones the documented rules give — in a serial plan and in a
forced parallel plan (whose plan is checked to be parallel).

check_rules: n_checked, n_failed, failed_share and passed equal NumPy's;
examples equal the 5 smallest distinct failing values in PostgreSQL's
order (for float8: -Infinity < numbers < Infinity < NaN).
Run: MLCHECK_PORT=5502 /usr/bin/python3 test/crosscheck/check_validity.py
"""
import json
import math
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from common import Checker, connect, copy_rows, rows, set_parallel  # noqa: E402

ck = Checker("crosscheck/validity")
conn = connect()
cur = conn.cursor()
cur.execute("SET extra_float_digits = 3")
cur.execute("DROP SCHEMA IF EXISTS xc_val CASCADE")
cur.execute("CREATE SCHEMA xc_val")
COLS = "(id int, x float8, k int, b bigint, amount numeric, cat text COLLATE \"C\", grade text COLLATE \"C\")"

BIG = 2 ** 53


def make(rng, n, shift, vocab, new_vocab, p_null, p_nan, p_inf):
    """A relation's columns as Python lists (None = NULL)."""
    x = rng.normal(shift, 1.0, n)
    kind = rng.random(n)
    xs = []
    for v, u in zip(x, kind):
        if u < p_null:
            xs.append(None)
        elif u < p_null + p_nan:
            xs.append(float("nan"))
        elif u < p_null + p_nan + p_inf:
            xs.append(float("inf") if rng.random() < 0.5 else float("-inf"))
        else:
            xs.append(float(v))
    k = [None if rng.random() < p_null else int(v) for v in rng.integers(-50 + shift * 10, 50 + shift * 10, n)]
    b = [None if rng.random() < p_null else BIG + int(v) for v in rng.integers(-3 + shift, 4 + shift, n)]
    amount = [None if rng.random() < p_null else round(float(v), 2) for v in rng.normal(100 + shift, 10, n)]
    allv = vocab + new_vocab
    w = np.array([1.0] * len(vocab) + [0.3] * len(new_vocab))
    cat = [None if rng.random() < p_null else allv[i] for i in rng.choice(len(allv), n, p=w / w.sum())]
    grade = [None if rng.random() < p_null else g for g in rng.choice(["A", "B", "C"] if not new_vocab else ["A", "B", "D"], n)]
    return {"id": list(range(n)), "x": xs, "k": k, "b": b, "amount": amount, "cat": cat, "grade": grade}


def load(name, d):
    cur.execute(f"DROP TABLE IF EXISTS xc_val.{name}")
    cur.execute(f"CREATE TABLE xc_val.{name} {COLS}")
    names = ["id", "x", "k", "b", "amount", "cat", "grade"]
    copy_rows(conn, f"xc_val.{name}", names, zip(*[d[c] for c in names]))
    cur.execute(f"ANALYZE xc_val.{name}")


def finite(v):
    return v is not None and not (isinstance(v, float) and not math.isfinite(v))


def expected_report(ref, cur_):
    """validity_report's rows from the documented rules, counted in Python."""
    out = {}
    n = len(cur_["id"])
    for c in ["id", "x", "k", "b", "amount", "cat", "grade"]:
        r, v = ref[c], cur_[c]
        nref = len(r)
        ref_null = sum(1 for a in r if a is None) / nref if nref else None
        row = {"n": n, "reference_null_share": ref_null}
        numeric = c not in ("cat", "grade")
        issues = []
        if n == 0:
            row.update(null_share=None, nan_share=None, infinite_share=None, below_min_share=None,
                       above_max_share=None, new_category_share=None, new_categories=None, missing_categories=None)
        else:
            row["null_share"] = sum(1 for a in v if a is None) / n
            if numeric:
                row["nan_share"] = sum(1 for a in v if isinstance(a, float) and math.isnan(a)) / n
                row["infinite_share"] = sum(1 for a in v if isinstance(a, float) and math.isinf(a)) / n
                fr = [a for a in r if finite(a)]
                if fr:
                    lo, hi = min(fr), max(fr)
                    row["below_min_share"] = sum(1 for a in v if finite(a) and a < lo) / n
                    row["above_max_share"] = sum(1 for a in v if finite(a) and a > hi) / n
                else:
                    row["below_min_share"] = row["above_max_share"] = None
                row.update(new_category_share=None, new_categories=None, missing_categories=None)
            else:
                row.update(nan_share=None, infinite_share=None, below_min_share=None, above_max_share=None)
                voc = {a for a in r if a is not None}
                if voc:
                    new = [a for a in v if a is not None and a not in voc]
                    row["new_category_share"] = len(new) / n
                    counts = {}
                    for a in new:
                        counts[a] = counts.get(a, 0) + 1
                    row["new_categories"] = [a for a, _ in sorted(counts.items(), key=lambda t: (-t[1], t[0].encode()))][:20]
                    seen = {a for a in v if a is not None}
                    row["missing_categories"] = sorted(voc - seen, key=lambda s: s.encode())
                else:
                    row.update(new_category_share=None, new_categories=None, missing_categories=None)
            if row["null_share"] > (ref_null or 0):
                issues.append("null")
            for key, code in (("nan_share", "nan"), ("infinite_share", "infinite"), ("below_min_share", "below_min"),
                              ("above_max_share", "above_max"), ("new_category_share", "new_category")):
                if row[key] is not None and row[key] > 0:
                    issues.append(code)
            if row["missing_categories"]:
                issues.append("missing_category")
        row["issues"] = issues
        row["kind"] = "numeric" if numeric else "categorical"
        out[c] = row
    return out


FIELDS = ["kind", "n", "null_share", "nan_share", "infinite_share", "below_min_share", "above_max_share",
          "new_category_share", "new_categories", "missing_categories", "reference_null_share", "issues"]


def got_report(ref, cur_name):
    res = rows(conn, f"SELECT column_name, {', '.join(FIELDS)} FROM mlcheck.validity_report('xc_val.{ref}', 'xc_val.{cur_name}')")
    return {r[0]: dict(zip(FIELDS, r[1:])) for r in res}


def same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


vocab = [f"c{i:02d}" for i in range(12)] + ["Zebra", "apple", "ä-umlaut", "with space"]
DATA = {}
CASES = [  # (seed, n_ref, n_cur, current shift, new categories, p_null, p_nan, p_inf)
    (1, 1000, 800, 0, [], 0.02, 0.01, 0.01),
    (2, 5000, 5000, 1, ["new1", "new2", "NEW"], 0.05, 0.02, 0.01),
    (3, 200, 3000, -2, ["x" * 40], 0.0, 0.0, 0.0),
    (4, 60000, 60000, 1, ["n1", "n2"], 0.01, 0.005, 0.002),
    (5, 50, 0, 0, [], 0.1, 0.1, 0.1),
    (6, 30, 400, 3, [f"q{i}" for i in range(30)], 0.5, 0.2, 0.2),
]
for seed, n_ref, n_cur, shift, new_vocab, p_null, p_nan, p_inf in CASES:
    rng = np.random.default_rng(seed)
    ref = make(rng, n_ref, 0, vocab, [], p_null * 0.5, p_nan, p_inf)
    cu = make(rng, n_cur, shift, vocab[: len(vocab) - (seed % 3)], new_vocab, p_null, p_nan, p_inf)
    load(f"r{seed}", ref)
    load(f"c{seed}", cu)
    DATA[seed] = cu
    want = expected_report(ref, cu)
    for par in (False, True):
        set_parallel(conn, par)
        tag = f"seed{seed}/{'parallel' if par else 'serial'}"
        if par and n_cur >= 1000:
            q = rows(conn, f"""SELECT q.sql, q.params FROM mlcheck._validity_current_sql('xc_val.c{seed}',
                mlcheck._validity_learn('xc_val.r{seed}', (SELECT jsonb_agg(jsonb_build_object('column', c.column_name,
                  'kind', c.kind, 'type', c.cmp_type::text)) FROM mlcheck._validity_columns('xc_val.r{seed}', 'xc_val.c{seed}', NULL) c)),
                NULL, NULL, true) q""")[0]
            plan = "\n".join(r[0] for r in rows(conn, "EXPLAIN (COSTS OFF) " + q[0].replace("$1", "(%(p)s::text[])"), {"p": q[1]}))
            ck.check(f"{tag}/plan_is_parallel", "Gather" in plan and "Partial Aggregate" in plan, plan[:300])
        got = got_report(f"r{seed}", f"c{seed}")
        ck.check(f"{tag}/columns", list(got) == list(want), f"{list(got)} vs {list(want)}")
        bad = []
        for c, w in want.items():
            g = got.get(c, {})
            for f in FIELDS:
                if not same(g.get(f), w[f]):
                    bad.append(f"{c}.{f}: got {g.get(f)!r} want {w[f]!r}")
        ck.check(f"{tag}/shares_equal_numpy_counts", not bad, "; ".join(bad[:6]))
    set_parallel(conn, False)

# ---------------------------------------------------------------- check_rules


def pg_float_key(v):
    if math.isnan(v):
        return (3, 0.0)
    if v == float("inf"):
        return (2, 0.0)
    if v == float("-inf"):
        return (0, 0.0)
    return (1, v)


def as_json_value(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    return v


def expected_rules(d, rules):
    out = []
    order = ["not_null", "max_null_share", "finite", "min", "max", "in", "pattern"]
    cols = ["id", "x", "k", "b", "amount", "cat", "grade"]
    n = len(d["id"])
    for c in cols:
        if c not in rules:
            continue
        v = d[c]
        nn = [a for a in v if a is not None]
        for rule in order:
            if rule not in rules[c]:
                continue
            arg = rules[c][rule]
            if rule in ("not_null", "max_null_share"):
                nfail = n - len(nn)
                share = nfail / n if n else None
                passed = (nfail == 0) if rule == "not_null" else (n == 0 or share <= arg)
                out.append((c, rule, n, nfail, share, passed, []))
                continue
            if rule == "finite":
                fail = [a for a in nn if not math.isfinite(a)]
            elif rule == "min":
                # PostgreSQL: NaN sorts above every number, so it passes min
                fail = [a for a in nn if pg_float_key(float(a)) < pg_float_key(float(arg))] if c in ("x",) else [a for a in nn if a < arg]
            elif rule == "max":
                fail = [a for a in nn if pg_float_key(float(a)) > pg_float_key(float(arg))] if c in ("x",) else [a for a in nn if a > arg]
            elif rule == "in":
                fail = [a for a in nn if a not in arg]
            else:
                rx = re.compile(arg)
                fail = [a for a in nn if not rx.search(a)]
            key = (lambda a: pg_float_key(a)) if c == "x" else ((lambda a: a.encode()) if c in ("cat", "grade") else (lambda a: a))
            uniq = sorted(set(fail) if c != "x" else {(pg_float_key(a), repr(a)): a for a in fail}.values(), key=key)[:5]
            share = len(fail) / len(nn) if nn else None
            out.append((c, rule, len(nn), len(fail), share, len(fail) == 0, [as_json_value(a) for a in uniq]))
    return out


RULES = [
    {"x": {"not_null": True, "finite": True, "min": -1.5, "max": 2.25}, "k": {"min": -20, "max": 40, "in": list(range(-30, 30))},
     "cat": {"in": vocab[:6], "pattern": "^c[0-9]+$", "max_null_share": 0.03}, "grade": {"in": ["A", "B"], "max": "B"},
     "b": {"min": BIG - 1, "max": BIG + 2}},
    {"x": {"min": 0, "max": 0}, "amount": {"not_null": True}, "cat": {"pattern": "[aeiou]"}, "id": {"max": 10}},
]
for seed in (1, 2, 4, 5, 6):
    d = DATA[seed]
    for i, rules in enumerate(RULES):
        want = expected_rules(d, rules)
        for par in (False, True):
            set_parallel(conn, par)
            got = rows(conn, "SELECT column_name, rule, n_checked, n_failed, failed_share, passed, examples "
                             f"FROM mlcheck.check_rules('xc_val.c{seed}', %s)", (json.dumps(rules),))
            tag = f"rules{i}/seed{seed}/{'parallel' if par else 'serial'}"
            ok = len(got) == len(want)
            why = f"{len(got)} rows vs {len(want)}"
            if ok:
                for g, w in zip(got, want):
                    if not (tuple(g) == tuple(w)):
                        ok, why = False, f"got {g!r} want {w!r}"
                        break
            ck.check(tag, ok, why[:400])
        set_parallel(conn, False)

cur.execute("DROP SCHEMA xc_val CASCADE")
ck.done()
