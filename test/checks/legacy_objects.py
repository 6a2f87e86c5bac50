"""The frozen 0.1 install script against this library.

mlcheck 0.1 declared its aggregate states `internal`; this library keeps
them in real state types.  The 0.1 script must still load (it is the start
of ALTER EXTENSION mlcheck UPDATE): every C function it names exists.  Its
aggregates must stop with a clear error on the first row instead of
handing an expanded state to an `internal` one, and stored summaries must
still read back.  One line per check: "ok legacy_objects/<name>" or FAIL."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import checklib as L  # noqa: E402

SUITE = "legacy_objects"
chk = L.Checker(SUITE)
DB = f"mlcheck_checks_{SUITE}"

admin = L._connect("postgres")
admin.cursor().execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
admin.cursor().execute(f"CREATE DATABASE {DB}")
conn = L._connect(DB)
cur = conn.cursor()
o = L.run(conn, "CREATE EXTENSION mlcheck VERSION '0.1'")
chk.check("script_0_1_loads", o.ok, o.describe())
if o.ok:
    cm = '{"labels": [false, true], "matrix": [[3, 1], [0, 2]], "n_null": 1}'
    o = L.run(conn, f"SELECT '{cm}'::mlcheck.confusion::text")
    chk.check("stored_value_reads_back", o.ok and o.value == cm, o.describe())
    o = L.run(conn, f"SELECT mlcheck.accuracy('{cm}'::mlcheck.confusion)")
    chk.check("accessor_works", o.ok and abs(o.value - 5 / 6) < 1e-12, o.describe())
    for name, sql in [("confusion", "SELECT mlcheck.confusion(i % 2 = 0, i % 3 = 0) FROM generate_series(1, 10) i"),
                      ("roc_auc", "SELECT mlcheck.roc_auc(i::float8, i % 2 = 0) FROM generate_series(1, 10) i"),
                      ("profile", "SELECT mlcheck.profile(i::float8) FROM generate_series(1, 10) i"),
                      ("merge", f"SELECT mlcheck.merge(c) FROM (VALUES ('{cm}'::mlcheck.confusion)) v(c)")]:
        o = L.run(conn, sql)
        chk.check(f"{name}_asks_for_update", not o.ok and o.sqlstate == "55000" and "ALTER EXTENSION" in (o.hint or ""),
                  o.describe())
    chk.check("session_usable", L.alive(conn))
L.drop_database(SUITE, conn)
admin.close()
print(f"{SUITE}: {chk.passed} passed, {chk.failed} failed")
sys.exit(1 if chk.failed else 0)
