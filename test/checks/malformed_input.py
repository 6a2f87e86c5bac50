"""Malformed text and binary input for every summary type of the extension.

Types are enumerated from the catalog.  For each: a valid value is built by
one of its aggregates, then
  text:   garbage, truncations at every position, trailing garbage, wrong
          shapes, unknown/duplicate keys, each number replaced by wrong
          values, deep nesting, huge arrays, 10 MB strings, bad escapes
          -> 22P02 (strict) and the session keeps working;
  binary: COPY ... FROM STDIN / FROM '<file>' WITH (FORMAT binary) of crafted
          files: truncations, trailing bytes, wrong version byte, random
          garbage, bit flips -> 22P02 (strict where the bytes cannot be a
          valid value, otherwise 22P02 or a value that round-trips).
Mutations that may legitimately produce another valid value are checked
for "22P02 or a value whose text form is a fixed point of out(in(.))".
"""
import io
import json
import os
import random
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import checklib as L  # noqa: E402

SUITE = "malformed_input"
chk = L.Checker(SUITE)
conn = L.own_database("malformed")
cur = conn.cursor()
aggs = L.ext_aggregates(conn)
types = L.ext_types(conn)
BAD = "22P02"
# invalid UTF-8 inside a binary value: PostgreSQL's own textrecv raises 22021
# (character_not_in_repertoire); accepted for binary input, see README, "Reliability and security"
BAD_BIN = ("22P02", "22021")


def after(name, ok, detail):
    alive = L.alive(conn)
    return chk.check(name, ok and alive, detail if alive else f"BACKEND DIED ({detail})")


def text_in(typ, s):
    return L.run(conn, f"SELECT (%s::mlcheck.{typ})::text", (s,))


def stable(typ, text):
    """out(in(text)) is a fixed point."""
    o = text_in(typ, text)
    return o.ok and o.value == text


def strict_text(typ, name, s, states=(BAD,)):
    o = text_in(typ, s)
    after(f"{typ}/text/{name}", not o.ok and o.sqlstate in states,
          f"expected {'/'.join(states)}, got {o.describe()}")


def lenient_text(typ, name, s):
    """22P02, or accepted and then stable under out(in(.))."""
    o = text_in(typ, s)
    ok = (not o.ok and o.sqlstate == BAD) or (o.ok and stable(typ, o.value))
    after(f"{typ}/text/{name}", ok, f"expected 22P02 or a stable value, got {o.describe()}")


def strict_many(typ, name, inputs, states=(BAD,)):
    """Many inputs, one line: each must fail with one of states."""
    bad = []
    for s in inputs:
        o = text_in(typ, s)
        if o.ok or o.sqlstate not in states:
            bad.append((s[:80], o.describe()[:150]))
        if not o.ok and not L.alive(conn):
            bad.append(("BACKEND DIED", s[:80]))
            break
    after(f"{typ}/text/{name}", not bad, f"{len(bad)}/{len(inputs)} wrong, e.g. {bad[:3]}")


def lenient_many(typ, name, inputs):
    bad = []
    for s in inputs:
        o = text_in(typ, s)
        if not ((not o.ok and o.sqlstate == BAD) or (o.ok and stable(typ, o.value))):
            bad.append((s[:80], o.describe()[:150]))
        if not o.ok and not L.alive(conn):
            bad.append(("BACKEND DIED", s[:80]))
            break
    after(f"{typ}/text/{name}", not bad, f"{len(bad)}/{len(inputs)} wrong, e.g. {bad[:3]}")


def number_paths(j, path=()):
    if isinstance(j, dict):
        for k, v in j.items():
            yield from number_paths(v, path + (k,))
    elif isinstance(j, list):
        for i, v in enumerate(j):
            yield from number_paths(v, path + (i,))
    elif isinstance(j, (int, float)) and not isinstance(j, bool):
        yield path


def array_paths(j, path=()):
    if isinstance(j, dict):
        for k, v in j.items():
            yield from array_paths(v, path + (k,))
    elif isinstance(j, list):
        if j:
            yield path
        for i, v in enumerate(j):
            yield from array_paths(v, path + (i,))


def set_path(j, path, value):
    j = json.loads(json.dumps(j))
    t = j
    for p in path[:-1]:
        t = t[p]
    t[path[-1]] = value
    return j


def get_path(j, path):
    for p in path:
        j = j[p]
    return j


RAW = "\x00RAW\x00"   # marker: replace the JSON string "RAW:..." by raw text


def dumps_raw(j):
    s = json.dumps(j)
    return s.replace(f'"{RAW}', "").replace(f'{RAW}"', "")


def text_cases(typ, sample):
    garbage = ["", " ", "{", "}", "[]", "[", "null", "true", '"x"', "1", "-1", "NaN", "{}}", "{,}",
               "{\"a\"}", "{\"a\":}", "{'labels': []}", "\\x00", "\ufeff{}", "{\"\\u0000\": 1}",
               "{\"\\ud800\": 1}", "{\"\\x\": 1}", "{\"a\": 01}", "{\"a\": 1.}", "{\"a\": .5}",
               "{\"a\": +1}", "{\"a\": 1e}", "{\"a\": tru}", "{\"a\": [1,]}", "{\"a\": 1,}"]
    strict_many(typ, "garbage", garbage)
    strict_text(typ, "deep_nesting_array", "[" * 100000 + "]" * 100000)
    strict_text(typ, "deep_nesting_object", '{"a":' * 50000 + "1" + "}" * 50000)
    strict_text(typ, "ten_mb_garbage", "x" * (10 << 20))
    strict_text(typ, "ten_mb_unknown_key", '{"' + "k" * (10 << 20) + '": 1}')
    strict_text(typ, "ten_mb_whitespace_then_garbage", " " * (10 << 20) + "{")
    if sample is None:
        chk.check(f"{typ}/text/sample", False, "no aggregate could build a valid value")
        return
    if not sample.startswith(("{", "[")):
        # the internal state types print base64 of their binary form: every
        # cut, an extra byte, a character outside the alphabet is malformed
        step = max(1, len(sample) // 300)
        strict_many(typ, "truncated", [sample[:i] for i in range(0, len(sample), step)])
        strict_many(typ, "trailing_garbage", [sample + x for x in ("x", "=", "AAAA", "AA==", " ", "\n")])
        strict_many(typ, "bad_alphabet", [sample[:-4] + x for x in ("!!!!", "A=AA", "-_-_", "AA=A")])
        lenient_text(typ, "canonical", sample)
        return
    j = json.loads(sample)
    strict_many(typ, "truncated", [sample[:i] for i in range(len(sample))] if len(sample) < 400 else
                [sample[:i] for i in sorted(random.Random(1).sample(range(len(sample)), 400))])
    strict_many(typ, "trailing_garbage", [sample + x for x in ("x", ",", "}", "]", " {}", "\"", "0")])
    lenient_text(typ, "trailing_whitespace", sample + " \n\t")
    if isinstance(j, dict) and j:
        strict_text(typ, "unknown_key", json.dumps(dict(j, zz_unknown_key=1)))
        k0 = next(iter(j))
        strict_text(typ, "duplicate_key", sample[:-1] + f', "{k0}": ' + json.dumps(j[k0]) + "}")
        # dropping a required key (every key but n_null-like counters) is malformed
        drops = [json.dumps({k: v for k, v in j.items() if k != d}) for d in j if "null" not in d]
        if drops:
            # keys may be optional with a documented default: 22P02 or a stable value
            lenient_many(typ, "missing_key", drops)
        strict_text(typ, "array_instead_of_object", json.dumps(list(j.values())))
        wrong_shape = [json.dumps(set_path(j, (k,), v)) for k in j for v in ({"a": 1}, "str", True, None)
                       if not isinstance(j[k], type(v))]
        lenient_many(typ, "wrong_shapes", wrong_shape)
    # every number replaced by values of the wrong type: strict
    paths = list(number_paths(j))[:60]
    strict_many(typ, "number_wrong_type",
                [json.dumps(set_path(j, p, v)) for p in paths for v in (None, [], {}, "x", True)])
    # every number replaced by other numbers: 22P02 or a stable value
    lenient_many(typ, "number_replaced",
                 [dumps_raw(set_path(j, p, RAW + v + RAW)) for p in paths
                  for v in ("-1", "1e999", "-1e999", "1.5", "0", "9223372036854775808", "1e308", "-0", "\"NaN\"",
                            "\"Infinity\"", "4.9e-324")])
    # arrays: element dropped / duplicated -> 22P02 or a stable value
    apaths = list(array_paths(j))[:40]
    muts = []
    for p in apaths:
        arr = get_path(j, p)
        muts.append(json.dumps(set_path(j, p, arr[:-1])))
        muts.append(json.dumps(set_path(j, p, arr + arr[-1:])))
        muts.append(json.dumps(set_path(j, p, [])))
    lenient_many(typ, "arrays_mutated", muts)
    # huge arrays: 300 000 elements spliced into each array -> 22P02 / 54000 / stable
    for p in apaths[:3]:
        arr = get_path(j, p)
        elem = arr[-1]
        big = json.dumps(set_path(j, p, [elem] * 300000))
        o = text_in(typ, big)
        ok = (not o.ok and o.sqlstate in (BAD, "54000")) or (o.ok and stable(typ, o.value))
        after(f"{typ}/text/huge_array_{'_'.join(map(str, p))}", ok, f"expected 22P02/54000, got {o.describe()}")
    # a 10 MB string where a string is expected (e.g. a label): value or 22P02/54000, never a crash
    spaths = [p for p in _string_paths(j)][:2]
    for p in spaths:
        o = text_in(typ, json.dumps(set_path(j, p, "s" * (10 << 20))))
        ok = (not o.ok and o.sqlstate in (BAD, "54000")) or (o.ok and len(o.value) > (10 << 20))
        after(f"{typ}/text/ten_mb_string_{'_'.join(map(str, p))}", ok, o.describe()[:200])
    # integer counts above 2^53: rejected (22P02) or kept exactly (a dump/restore must not change them)
    if isinstance(j, dict):
        big = 2 ** 53 + 1
        keys = [k for k, v in j.items() if isinstance(v, int) and not isinstance(v, bool) and (k == "n" or "null" in k)]
        bad = []
        for k in keys:
            o = text_in(typ, json.dumps(dict(j, **{k: big})))
            if o.ok and json.loads(o.value).get(k) != big:
                bad.append(f"{k}: {big} read back as {json.loads(o.value).get(k)}")
            elif not o.ok and o.sqlstate != BAD:
                bad.append(f"{k}: {o.describe()[:100]}")
        after(f"{typ}/text/int64_counts_exact", not bad, "; ".join(bad))
    # jsonb -> type cast goes through the same validation
    o = L.run(conn, f"SELECT ('{{\"zz\": 1}}'::jsonb)::mlcheck.{typ}")
    after(f"{typ}/jsonb_cast_malformed", not o.ok and o.sqlstate == BAD, o.describe())


def _string_paths(j, path=()):
    if isinstance(j, dict):
        for k, v in j.items():
            yield from _string_paths(v, path + (k,))
    elif isinstance(j, list):
        for i, v in enumerate(j):
            yield from _string_paths(v, path + (i,))
    elif isinstance(j, str):
        yield path


# ---------------------------------------------------------------- binary

HDR = b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0)


def copy_file(fields):
    """A COPY binary file with one row per field value (bytes, or None for NULL)."""
    out = [HDR]
    for f in fields:
        out.append(struct.pack("!h", 1))
        out.append(struct.pack("!i", -1) if f is None else struct.pack("!i", len(f)) + f)
    out.append(struct.pack("!h", -1))
    return b"".join(out)


def copy_in(table, payload):
    try:
        conn.cursor().copy_expert(f"COPY {table} FROM STDIN WITH (FORMAT binary)", io.BytesIO(payload))
        return L.Outcome(value=True)
    except L.psycopg2.Error as e:
        return L.Outcome(error=e)


def binary_cases(typ, sample):
    table = f"bin_{typ}"
    cur.execute(f"DROP TABLE IF EXISTS {table}; CREATE TABLE {table} (v mlcheck.{typ})")
    if sample is None:
        chk.check(f"{typ}/binary/sample", False, "no aggregate could build a valid value")
        return
    # binary form as COPY TO would write it
    buf = io.BytesIO()
    cur.execute(f"TRUNCATE {table}; INSERT INTO {table} VALUES (%s::mlcheck.{typ})", (sample,))
    cur.copy_expert(f"COPY {table} TO STDOUT WITH (FORMAT binary)", buf)
    raw = buf.getvalue()
    n = struct.unpack("!i", raw[len(HDR) + 2:len(HDR) + 6])[0]
    valid = raw[len(HDR) + 6:len(HDR) + 6 + n]

    def load(payload_fields):
        cur.execute(f"TRUNCATE {table}")
        return copy_in(table, copy_file(payload_fields))

    def stored_text():
        return L.run(conn, f"SELECT v::text FROM {table}").value

    o = load([valid])
    after(f"{typ}/binary/valid_roundtrip", o.ok and stored_text() == sample, f"{o.describe()} {stored_text()!r:.200}")
    # the version byte first: a small format version (types gain versions:
    # regression and the log-loss state are at 2, older ones still read)
    ver = valid[0] if valid else 0
    after(f"{typ}/binary/leading_version_byte", 1 <= ver <= 9, f"first byte {valid[:1]!r}, want a format version 1-9")

    def strict_bin(name, payloads):
        bad = []
        for p in payloads:
            o = load([p])
            if o.ok or o.sqlstate != BAD:
                bad.append((p[:24].hex(), len(p), o.describe()[:150]))
            if not L.alive(conn):
                bad.append("BACKEND DIED")
                break
        after(f"{typ}/binary/{name}", not bad, f"{len(bad)}/{len(payloads)} wrong, e.g. {bad[:3]}")

    def lenient_bin(name, payloads):
        bad = []
        for p in payloads:
            o = load([p])
            if o.ok:
                t = stored_text()
                if t is None or not stable(typ, t):
                    bad.append((p[:24].hex(), "accepted but unstable", (t or "")[:100]))
            elif o.sqlstate not in BAD_BIN:
                bad.append((p[:24].hex(), len(p), o.describe()[:150]))
            if not L.alive(conn):
                bad.append("BACKEND DIED")
                break
        after(f"{typ}/binary/{name}", not bad, f"{len(bad)}/{len(payloads)} wrong, e.g. {bad[:3]}")

    rnd = random.Random(7)
    strict_bin("empty", [b""])
    cuts = list(range(1, len(valid))) if len(valid) <= 300 else sorted(rnd.sample(range(1, len(valid)), 300))
    strict_bin("truncated", [valid[:i] for i in cuts])
    strict_bin("trailing_bytes", [valid + b"\x00", valid + b"\xff" * 7, valid + valid])
    strict_bin("bad_version", [bytes([v]) + valid[1:] for v in (0, 1, 2, 3, 127, 255) if v != ver])
    strict_bin("all_ff", [b"\xff" * len(valid), b"\xff" * 64])
    strict_bin("version_then_ff", [valid[:1] + b"\xff" * k for k in (1, 4, 8, 16, 64)])
    garbage = [bytes(rnd.getrandbits(8) for _ in range(rnd.randint(1, 80))) for _ in range(150)]
    garbage += [valid[:1] + g for g in garbage[:100]]
    lenient_bin("random_garbage", garbage)
    positions = list(range(len(valid))) if len(valid) <= 120 else sorted(rnd.sample(range(len(valid)), 120))
    flips = []
    for i in positions:
        for bit in (0, 7):
            b = bytearray(valid)
            b[i] ^= 1 << bit
            flips.append(bytes(b))
    lenient_bin("bit_flips", flips)
    # large counts in every 4-byte window (lengths/counts blown up)
    big = []
    for i in range(0, max(1, len(valid) - 4), max(1, (len(valid) - 4) // 60 or 1)):
        for word in (b"\x7f\xff\xff\xff", b"\xff\xff\xff\xff", b"\x80\x00\x00\x00"):
            b = bytearray(valid)
            b[i:i + 4] = word
            big.append(bytes(b))
    lenient_bin("huge_lengths", big)
    # several rows, one bad in the middle: the whole COPY fails, no partial rows
    cur.execute(f"TRUNCATE {table}")
    o = copy_in(table, copy_file([valid, valid[:-1], valid]))
    cnt = L.run(conn, f"SELECT count(*) FROM {table}").value
    after(f"{typ}/binary/bad_row_aborts_copy", not o.ok and o.sqlstate == BAD and cnt == 0,
          f"{o.describe()}, rows left {cnt}")
    # COPY FROM a server-side file, as the issue asks for crafted files
    path = f"/tmp/mlcheck-pg-{L.PORT}/crafted_{typ}.bin"
    try:
        with open(path, "wb") as f:
            f.write(copy_file([valid[: len(valid) // 2]]))
        os.chmod(path, 0o644)
        cur.execute(f"TRUNCATE {table}")
        o = L.run(conn, f"COPY {table} FROM '{path}' WITH (FORMAT binary)")
        after(f"{typ}/binary/copy_from_file_truncated", not o.ok and o.sqlstate == BAD, o.describe())
        with open(path, "wb") as f:
            f.write(copy_file([valid]))
        o = L.run(conn, f"COPY {table} FROM '{path}' WITH (FORMAT binary)")
        after(f"{typ}/binary/copy_from_file_valid", o.ok and stored_text() == sample, o.describe())
    finally:
        if os.path.exists(path):
            os.remove(path)
    # the session (and a fresh COPY of the valid value) still works after all that
    o = load([valid])
    after(f"{typ}/binary/session_usable", o.ok and stored_text() == sample, o.describe())


for typname, _oid, _in, _recv, _send in types:
    try:
        sample = L.sample_value_sql(conn, aggs, typname)
        text_cases(typname, sample)
        binary_cases(typname, sample)
    except Exception as e:
        chk.check(f"{typname}/harness", False, f"{type(e).__name__}: {e}")
        if not L.alive(conn):
            conn = L.connect_db("malformed")
            cur = conn.cursor()

chk.check("catalog/types_found", len(types) > 0, "no summary type found")
L.drop_database("malformed", conn)
chk.done()
