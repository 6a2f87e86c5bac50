"""Cross-check of sketched numeric profiles (format 2: grid of exact counts +
KLL) against NumPy, and of profiles stored by mlcheck 0.1 (format 1).

- column shapes (lognormal, Pareto, uniform, many ties, a narrow range where
  the grid is coarse, mixed signs) in adversarial row orders (random, sorted,
  reversed, alternating ends): the grid equals the exact counts computed by
  NumPy, rank_error() equals the documented bound computed from them, every
  quantile and cdf over a fine grid of p is within that bound, the stored
  size is <= 8192 bytes;
- merge of many small stored profiles in different orders gives the same
  grid, within the same bound;
- exact profiles: exact exactly while the compact form (format 3) fits 8 kB
  (the codec's size model in qsketch_ref.py), stored sizes <= 8192;
- 0.1 fixtures (test/data/profile_v1, written by the 0.1 code): text and
  binary read back identically (exact ones are written back compact), every accessor and drift statistic answers
  as 0.1 did; merging a 0.1 sketch with a format 2 sketch is 22023 with a
  hint, with an exact profile it works.
Run: MLCHECK_PORT=5504 /usr/bin/python3 test/crosscheck/check_qsketch.py
"""
import io
import json
import os
import struct
import sys

import numpy as np
import psycopg2

sys.path.insert(0, os.path.dirname(__file__))
from common import Checker, connect, rows, scalar  # noqa: E402
import qsketch_ref  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ck = Checker("crosscheck/qsketch")
conn = connect()
cur = conn.cursor()
cur.execute("SET max_parallel_workers_per_gather = 0")
cur.execute("DROP SCHEMA IF EXISTS xc_qs CASCADE")
cur.execute("CREATE SCHEMA xc_qs")
rng = np.random.default_rng(20261201)
N = 120000
PS = np.r_[0.0005, 0.001, 0.002, 0.005, np.arange(1, 100) / 100, 0.995, 0.998, 0.999, 0.9995]

shapes = {
    "lognormal": np.exp(2 * rng.standard_normal(N)),
    "pareto": (1 - rng.random(N)) ** (-1 / 1.5),
    "uniform": rng.random(N),
    "ties": np.floor(rng.random(N) * 50),
    "narrow": 1000 + rng.standard_normal(N) * 0.01,
    "signed": rng.standard_normal(N) * 3,
}
orders = {
    "random": lambda v: v,
    "sorted": np.sort,
    "reversed": lambda v: np.sort(v)[::-1],
    "alternating": lambda v: np.ravel(np.column_stack([np.sort(v)[: len(v) // 2],
                                                       np.sort(v)[len(v) // 2:][::-1]])),
}


def load(name, v):
    cur.execute(f"CREATE TABLE xc_qs.{name} (g int, x float8)")
    buf = "\n".join(f"{i}\t{x!r}" for i, x in enumerate(v)) + "\n"
    cur.copy_expert(f"COPY xc_qs.{name} (g, x) FROM STDIN", io.StringIO(buf))


def rank_err(sorted_v, q, p):
    n = len(sorted_v)
    lo = np.searchsorted(sorted_v, q, "left") / n
    hi = np.searchsorted(sorted_v, q, "right") / n
    return 0.0 if lo <= p <= hi else min(abs(p - lo), abs(p - hi))


def check_profile(tag, text, v, bound_tol=0.0):
    g = json.loads(text)
    sv = np.sort(v)
    want = qsketch_ref.grid(v, g["bits"])
    got = [(b[0], b[1], b[2] if len(b) == 3 else None) for b in g["buckets"]]
    ck.check(f"{tag}_grid_exact", got == want, f"{len(got)} vs {len(want)} buckets")
    eps = scalar(conn, "SELECT mlcheck.rank_error(%s::mlcheck.numeric_profile)", (text,))
    ck.check(f"{tag}_bound_documented", abs(eps - qsketch_ref.bound(v, g["bits"])) <= 1e-12,
             f"{eps} vs {qsketch_ref.bound(v, g['bits'])}")
    qs, cdfs, size = rows(conn, """SELECT ARRAY(SELECT mlcheck.quantile(p, q) FROM unnest(%s::float8[]) q),
        ARRAY(SELECT mlcheck.cdf(p, t) FROM unnest(%s::float8[]) t), pg_column_size(p)
        FROM (SELECT %s::mlcheck.numeric_profile) s(p)""", (list(PS), list(sv[::997]), text))[0]
    qerr = max(rank_err(sv, q, p) for q, p in zip(qs, PS))
    ck.check(f"{tag}_quantiles_within_bound_{qerr:.5f}", qerr <= eps + 1 / len(v) + bound_tol,
             f"{qerr} > {eps}")
    cerr = max(abs(c - np.searchsorted(sv, t, "right") / len(v)) for c, t in zip(cdfs, sv[::997]))
    ck.check(f"{tag}_cdf_within_bound_{cerr:.5f}", cerr <= eps + 1e-12 + bound_tol, f"{cerr} > {eps}")
    ck.check(f"{tag}_size_{size}", size <= 8192, str(size))
    return g


# ------------------------------------------------------------ shapes x orders
for sname, base in shapes.items():
    for oname, order in orders.items():
        v = np.asarray(order(base.copy()), dtype=np.float64)
        t = f"{sname}_{oname}"
        load(t, v)
        text = scalar(conn, f"SELECT mlcheck.profile(x ORDER BY g)::text FROM xc_qs.{t}")
        check_profile(t, text, v)

# tail accuracy of the heavy tails (relative value error within the bucket width)
for sname in ("lognormal", "pareto"):
    v = np.sort(shapes[sname])
    text = scalar(conn, f"SELECT mlcheck.profile(x ORDER BY g)::text FROM xc_qs.{sname}_random")
    bits = json.loads(text)["bits"]
    for p in (0.001, 0.999):
        q = scalar(conn, "SELECT mlcheck.quantile(%s::mlcheck.numeric_profile, %s)", (text, p))
        exact = v[int(np.ceil(p * len(v))) - 1]
        ck.check(f"{sname}_tail_{p}_relative_error", abs(q - exact) / exact <= 2.0 ** -bits,
                 f"{q} vs {exact}")

# ------------------------------------------------------------ exact while the compact form fits 8 kB
# full-precision normals around the limit (~1100 values), binary grids and ties up to 4096:
# is_exact() follows the codec's size model, stored sizes <= 8192, exact answers equal NumPy
cases = {f"normal_{n}": rng.standard_normal(n) for n in range(1000, 1301, 20)}
cases.update({f"scaled_{n}": rng.standard_normal(n) * 1000 + 5e6 for n in (1200, 1500, 1700, 1900)})
cases.update({f"grid_{n}": np.arange(n) / 4096 - 0.5 for n in (1500, 4096)})
cases.update({f"float4_{n}": rng.standard_normal(n).astype(np.float32).astype(np.float64) for n in (1500, 3000)})
cases.update({"ties_4096": np.floor(rng.random(4096) * 300) - 150, "int_4096": (np.arange(4096) * 7919 % 100000) * 1.0})
cur.execute("CREATE TABLE xc_qs.ex (c text, i int, x float8)")
buf = "".join(f"{c}\t{i}\t{x!r}\n" for c, v in cases.items() for i, x in enumerate(v))
cur.copy_expert("COPY xc_qs.ex (c, i, x) FROM STDIN", io.StringIO(buf))
got = {c: (e, sz, list(q)) for c, e, sz, q in rows(conn, """SELECT c, mlcheck.is_exact(p), pg_column_size(p),
    ARRAY(SELECT mlcheck.quantile(p, q) FROM unnest(ARRAY[0, 0.1, 0.37, 0.5, 0.9, 1]::float8[]) q)
    FROM (SELECT c, mlcheck.profile(x ORDER BY i) p FROM xc_qs.ex GROUP BY c) s""")}
model_bad = [(c, got[c][0], len(v), qsketch_ref.exact_size(v)) for c, v in cases.items()
             if got[c][0] != qsketch_ref.stays_exact(v)]
ck.check(f"exact_iff_compact_form_fits_{len(cases)}_cases", not model_bad, str(model_bad))
ck.check("exact_limit_crossed", any(got[c][0] for c in cases) and not all(got[c][0] for c in cases))
ck.check("exact_low_entropy_4096_values", all(got[c][0] for c in ("grid_4096", "ties_4096", "int_4096")))
ck.check("exact_or_sketched_within_8192_bytes", all(sz <= 8192 for _, sz, _ in got.values()),
         str({c: sz for c, (_, sz, _) in got.items() if sz > 8192}))
qbad = [c for c, v in cases.items() if got[c][0] and
        not np.allclose(got[c][2], np.quantile(v, [0, 0.1, 0.37, 0.5, 0.9, 1]), rtol=1e-12, atol=0)]
ck.check("exact_quantiles_equal_numpy", not qbad, str(qbad))

# ------------------------------------------------------------ merges in different orders
v = shapes["lognormal"]
load("parts", v)
cur.execute("CREATE TABLE xc_qs.stored AS SELECT g % 60 AS part, mlcheck.profile(x) AS p FROM xc_qs.parts GROUP BY 1")
texts = [scalar(conn, f"SELECT mlcheck.merge(p ORDER BY {o})::text FROM xc_qs.stored")
         for o in ("part", "part DESC", "md5(part::text)")]
grids = [json.loads(t)["buckets"] for t in texts]
ck.check("merge_orders_same_grid", grids[0] == grids[1] == grids[2])
for o, t in zip(("asc", "desc", "hash"), texts):
    check_profile(f"merge60_{o}", t, v)
# merge of merges (stored twice)
t2 = scalar(conn, """SELECT mlcheck.merge(m)::text FROM (SELECT part % 7 k, mlcheck.merge(p) m
                     FROM xc_qs.stored GROUP BY 1) s""")
check_profile("merge_of_merges", t2, v)

# ------------------------------------------------------------ 0.1 fixtures
fx = json.load(open(os.path.join(ROOT, "test", "data", "profile_v1", "numeric_profile_v1.json")))
cur.execute("SET extra_float_digits = 3")
for name in ("exact", "sketch", "sketch2"):
    f = fx[name]
    back = scalar(conn, "SELECT %s::mlcheck.numeric_profile::text", (f["text"],))
    ck.check(f"v1_{name}_text_reads_back", back == f["text"])
    hexb = scalar(conn, "SELECT encode(mlcheck._numeric_profile_send(%s::mlcheck.numeric_profile), 'hex')",
                  (f["text"],))
    if name == "exact":
        # exact profiles are written compact now (format 3), smaller
        ck.check("v1_exact_binary_rewritten_compact",
                 hexb[:2] == "03" and len(hexb) < len(f["binary_hex"]), hexb[:40])
    else:
        ck.check(f"v1_{name}_binary_identical", hexb == f["binary_hex"])
    # binary input: COPY BINARY of a one-column row built from the fixture bytes
    raw = bytes.fromhex(f["binary_hex"])
    copybuf = (b"PGCOPY\n\xff\r\n\0" + struct.pack("!ii", 0, 0) + struct.pack("!h", 1) +
               struct.pack("!i", len(raw)) + raw + struct.pack("!h", -1))
    cur.execute("DROP TABLE IF EXISTS xc_qs.bin; CREATE TABLE xc_qs.bin (p mlcheck.numeric_profile)")
    cur.copy_expert("COPY xc_qs.bin FROM STDIN (FORMAT binary)", io.BytesIO(copybuf))
    back_bin = scalar(conn, "SELECT p::text FROM xc_qs.bin")
    ck.check(f"v1_{name}_binary_reads_back", back_bin == f["text"])
    acc = list(rows(conn, """SELECT mlcheck.n(p), mlcheck.n_null(p), mlcheck.n_nan(p), mlcheck.n_posinf(p),
      mlcheck.n_neginf(p), mlcheck.is_exact(p), mlcheck.rank_error(p)::text, mlcheck.mean(p)::text,
      mlcheck.variance(p)::text, mlcheck.stddev_pop(p)::text, mlcheck.min_value(p)::text, mlcheck.max_value(p)::text,
      ARRAY(SELECT mlcheck.quantile(p, q)::text FROM unnest(%s::float8[]) q),
      ARRAY(SELECT mlcheck.cdf(p, x)::text FROM unnest(%s::float8[]) x)
      FROM xc_qs.bin""", (fx["quantile_q"], fx["cdf_x"]))[0])
    ck.check(f"v1_{name}_accessors_unchanged", acc == f["accessors"], f"{acc} vs {f['accessors']}"[:400])
for a, b in [("sketch", "sketch2"), ("exact", "sketch"), ("sketch2", "exact")]:
    got = list(rows(conn, """SELECT (mlcheck.ks(r,c)).statistic::text, (mlcheck.ks(r,c)).p_value::text,
       mlcheck.wasserstein(r,c)::text, mlcheck.psi(r,c)::text, mlcheck.js_distance(r,c)::text
       FROM (SELECT %s::mlcheck.numeric_profile, %s::mlcheck.numeric_profile) t(r,c)""",
                    (fx[a]["text"], fx[b]["text"]))[0])
    ck.check(f"v1_drift_{a}_{b}_unchanged", got == fx[f"drift_{a}_{b}"], f"{got} vs {fx[f'drift_{a}_{b}']}")
# 0.1 sketch + exact: works (as in 0.1); 0.1 sketch + format 2 sketch: 22023 with a hint
m = scalar(conn, """SELECT mlcheck.n(mlcheck.merge(p)) FROM (VALUES (%s::mlcheck.numeric_profile),
                    (%s::mlcheck.numeric_profile)) v(p)""", (fx["sketch"]["text"], fx["exact"]["text"]))
ck.check("v1_sketch_merges_with_exact", m == 59880 + 7)
new = scalar(conn, "SELECT mlcheck.profile(x)::text FROM xc_qs.uniform_random")
try:
    scalar(conn, """SELECT mlcheck.merge(p) FROM (VALUES (%s::mlcheck.numeric_profile),
                    (%s::mlcheck.numeric_profile)) v(p)""", (fx["sketch"]["text"], new))
    ck.check("v1_with_v2_sketch_is_22023", False, "no error")
except psycopg2.Error as e:
    ck.check("v1_with_v2_sketch_is_22023", e.pgcode == "22023" and e.diag.message_hint is not None
             and "profile" in e.diag.message_hint, f"{e.pgcode} {e.diag.message_hint}")
cur.execute("DROP SCHEMA xc_qs CASCADE")
ck.done()
