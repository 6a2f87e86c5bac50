"""Bad input: the documented NULL and SQLSTATE answers of every aggregate.

Aggregates are enumerated from the catalog; each argument gets a role
(score, label, weight, ...; see lib/checklib.py) and every applicable case
below is run: NULL rows, zero rows, one row, one class, all ties, NaN,
±Infinity, denormals, 1e308, probabilities outside [0,1], labels outside
0/1, negative/NaN/infinite weights, 100 000 distinct text labels, empty,
very long and unusual UTF-8 text labels.  Each case checks the exact
answer (value / NULL / SQLSTATE, with a hint naming the value for errors)
and that the backend is still alive afterwards.  One line per case.
"""
import json
import math
import os
import sys

EPS = sys.float_info.epsilon    # log loss clip, sklearn 1.2 eps='auto'

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import checklib as L  # noqa: E402

SUITE = "bad_input"
chk = L.Checker(SUITE)
conn = L.own_database("bad_input")
cur = conn.cursor()
cur.execute("SET extra_float_digits = 3")

aggs = L.ext_aggregates(conn)
types = L.summary_type_names(conn)
_acc_cache = {}


def short(a):
    t = {"double precision": "float8", "boolean": "bool", "integer": "int", "bigint": "bigint", "text": "text"}
    return a.name + "(" + ",".join(t.get(x, x.replace("mlcheck.", "")) for x in a.argtypes) + ")"


def family(a):
    r = a.roles
    if "summary" in r:
        return "merge"
    if "actual" in r:
        return "pair"
    if r == ["value"]:
        return "profile_num"
    if r == ["category"]:
        return "profile_cat"
    if r[0] == "pred":
        return "regression"
    if a.name in L.PROB_AGGS:
        return "prob"
    if a.name in L.RANK_AGGS:
        return "rank"
    return "other"


def accessor_list(typ):
    if typ not in _acc_cache:
        _acc_cache[typ] = L.accessors(conn, typ)
    return _acc_cache[typ]


def evaluate(a, rows=None, sql=None):
    """Outcome whose value is a dict metric-name -> value (plus '_text' for summaries)."""
    sql = sql or L.agg_sql(a, rows)
    if a.rettype.startswith("mlcheck.") and a.rettype[8:] in types:
        typ = a.rettype[8:]
        o = L.run(conn, f"SELECT x::text FROM ({sql}) s(x)")
        if not o.ok or o.value is None:
            if o.ok:
                o.value = None
            return o
        text = o.value
        vals = {"_text": text}
        for name, sig in accessor_list(typ):
            r = L.run(conn, f"SELECT mlcheck.{name}(%s::mlcheck.{typ})", (text,))
            vals[name] = r.value if r.ok else f"ERR:{r.sqlstate}"
        # the text form must round-trip through the input function
        r = L.run(conn, f"SELECT (%s::mlcheck.{typ})::text", (text,))
        vals["_roundtrip"] = r.ok and r.value == text
        o.value = vals
        return o
    if a.rettype == "double precision":
        o = L.run(conn, sql)
        if o.ok:
            o.value = None if o.value is None else {a.name: o.value}
        return o
    o = L.run(conn, f"SELECT x::text FROM ({sql}) s(x)")
    if o.ok and o.value is not None:
        o.value = {"_text": o.value}
    return o


def nan_free(vals):
    if not vals:
        return True
    return not any(L.is_nan(v) for k, v in vals.items() if not k.startswith("_"))


def undefined_all(vals):
    """Every non-count metric is NULL (accessor errors count as 'not a made-up value')."""
    bad = {k: v for k, v in vals.items()
           if not k.startswith("_") and k not in L.COUNT_ACCESSORS and v is not None
           and not (isinstance(v, str) and v.startswith("ERR:"))}
    return not bad, bad


def case(a, name, ok, detail):
    alive = L.alive(conn)
    chk.check(f"{short(a)}/{name}", ok and alive, detail if alive else f"BACKEND DIED ({detail})")
    return ok and alive


def expect_error(a, name, rows, states, value_tokens=None, need_hint=True, sql=None):
    o = evaluate(a, rows, sql=sql)
    if o.ok:
        return case(a, name, False, f"expected error {'/'.join(states)}, got {o.describe()}")
    if o.sqlstate not in states:
        return case(a, name, False, f"expected {'/'.join(states)}, got {o.describe()}")
    if need_hint and not o.hint:
        return case(a, name, False, f"error {o.sqlstate} has no hint: {o.texts()}")
    if value_tokens and not any(L.mentions(o.texts(), t) for t in value_tokens):
        return case(a, name, False, f"error does not name the offending value ({value_tokens[0]}): {o.texts()}")
    return case(a, name, True, "")


def expect_value(a, name, rows, want=None, rel=1e-9, sql=None, allow_null=(), allow_error=()):
    """want: dict metric -> expected (None = SQL NULL); only metrics present are compared."""
    o = evaluate(a, rows, sql=sql)
    if not o.ok:
        if o.sqlstate in allow_error:
            return case(a, name, True, "")
        return case(a, name, False, f"unexpected {o.describe()}")
    vals = o.value or {}
    if not nan_free(vals):
        return case(a, name, False, f"a metric is NaN (undefined must be NULL): {vals}")
    if "_roundtrip" in vals and not vals["_roundtrip"]:
        return case(a, name, False, f"text form does not round-trip: {vals['_text'][:200]}")
    for k, w in (want or {}).items():
        if k not in vals:
            continue
        g = vals[k]
        if k in allow_null and g is None:
            continue
        if w is None:
            if g is not None:
                return case(a, name, False, f"{k}: got {g!r}, want NULL")
        elif g is None or isinstance(g, str) or not math.isclose(g, w, rel_tol=rel, abs_tol=rel):
            return case(a, name, False, f"{k}: got {g!r}, want {w!r}")
    return case(a, name, True, "")


# ------------------------------------------------------------ per family

def common_cases(a, fam):
    # zero rows: NULL (or an empty summary whose metrics are all NULL)
    o = evaluate(a, [])
    if not o.ok:
        case(a, "zero_rows", False, o.describe())
    else:
        ok, bad = (True, {}) if o.value is None else undefined_all(o.value)
        case(a, "zero_rows", ok, f"metrics over zero rows must be NULL: {bad}")

    # rows with a NULL in each nullable argument: skipped, counted
    nullable = [i for i, r in enumerate(a.roles) if r not in ("size", "param")]
    rows = []
    base = L.make_row(a, score=0.5, y=True, w=1.0)
    for k in range(5):
        r = list(base)
        r[nullable[k % len(nullable)]] = None
        rows.append(tuple(r))
    o = evaluate(a, rows)
    if not o.ok:
        case(a, "null_rows", False, o.describe())
    elif o.value is None:
        case(a, "null_rows", a.rettype == "double precision" or fam == "profile_num" or fam == "profile_cat"
             or a.rettype in L.NULL_WHEN_NO_ROWS_TYPES,
             "summary aggregate returned NULL for NULL rows (summaries count skipped rows)")
    else:
        ok, bad = undefined_all(o.value)
        detail = f"metrics over only-NULL rows must be NULL: {bad}"
        if ok and "_text" in o.value and str(o.value["_text"]).startswith("("):
            # a composite result (roc_auc_ci, delong_test): every field NULL
            ok = set(str(o.value["_text"])) <= set("(,)")
            detail = f"composite result over only-NULL rows must be all NULL: {o.value['_text']}"
        elif ok and "_text" in o.value and fam not in ("profile_num", "profile_cat"):
            try:
                j = json.loads(o.value["_text"])
                ok = any("null" in k.lower() and v == 5 for k, v in j.items()) if isinstance(j, dict) else False
                detail = f"summary does not count the 5 skipped rows: {o.value['_text'][:200]}"
            except ValueError:
                ok, detail = False, "text form is not JSON"
        case(a, "null_rows", ok, detail)


def score_cases(a, fam):
    has_int_label = any(r == "label" and t in L.INTS for r, t in zip(a.roles, a.argtypes))
    R = lambda s, y, w=1.0, s2=None: L.make_row(a, score=s, y=y, w=w, score2=s2)  # noqa: E731
    mixed = [R(0.9, True), R(0.2, False), R(0.6, True), R(0.4, False), R(0.7, False)]

    # one row
    want = {}
    if fam == "rank":
        want = {"roc_auc": None, "pr_auc": 1.0}
        allow = ()
    elif fam == "prob":
        want = {"brier": (1 - 0.7) ** 2, "log_loss": -math.log(0.7)}
        allow = ("log_loss",)    # sklearn 1.2 refuses one-class log_loss; NULL is accepted
    else:
        allow = ()
    expect_value(a, "one_row", [R(0.7, True)], want, allow_null=allow)

    # one class only
    rows = [R(s, True) for s in (0.1, 0.3, 0.5, 0.8)]
    if fam == "rank":
        want = {"roc_auc": None, "pr_auc": 1.0}
    elif fam == "prob":
        want = {"brier": sum((1 - s) ** 2 for s in (0.1, 0.3, 0.5, 0.8)) / 4,
                "log_loss": -sum(math.log(s) for s in (0.1, 0.3, 0.5, 0.8)) / 4}
    else:
        want = {}
    expect_value(a, "one_class", rows, want, allow_null=("log_loss",))

    # all ties, both classes (4 positives of 10)
    rows = [R(0.5, i < 4) for i in range(10)]
    if fam == "rank":
        want = {"roc_auc": 0.5, "pr_auc": 0.4}
    elif fam == "prob":
        want = {"brier": 0.25, "log_loss": math.log(2)}
    else:
        want = {}
    expect_value(a, "all_ties", rows, want)

    # NaN score
    if fam in ("rank", "prob", "regression", "other"):
        expect_error(a, "nan_score", mixed + [R(float("nan"), True)], ["22023"], ["nan"])
        if "score2" in a.roles:
            expect_error(a, "nan_score2", mixed + [R(0.5, True, s2=float("nan"))], ["22023"], ["nan"])

    # ±Infinity: allowed for rank metrics only
    inf_rows = mixed + [R(float("inf"), True), R(float("-inf"), False)]
    if fam == "rank":
        # +inf positive ranks above all, -inf negative below all: AUC of mixed + 1 pair
        pos = [0.9, 0.6, float("inf")]
        neg = [0.2, 0.4, 0.7, float("-inf")]
        auc = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))
        expect_value(a, "infinity_scores", inf_rows, {"roc_auc": auc})
    elif fam == "prob":
        expect_error(a, "pos_infinity", mixed + [R(float("inf"), True)], ["22003"], ["inf"])
        expect_error(a, "neg_infinity", mixed + [R(float("-inf"), False)], ["22003"], ["inf"])
    elif fam == "regression":
        expect_error(a, "pos_infinity", mixed + [R(float("inf"), True)], ["22023", "22003"], ["inf"])
        expect_error(a, "neg_infinity", mixed + [R(float("-inf"), False)], ["22023", "22003"], ["inf"])

    # denormals
    if fam == "rank":
        rows = [R(5e-324, True), R(0.0, False), R(-5e-324, False), R(1e-310, True)]
        expect_value(a, "denormal_scores", rows, {"roc_auc": 1.0, "pr_auc": 1.0})
    elif fam == "prob":
        # clipped to float64 machine epsilon as sklearn 1.2 does (eps='auto'):
        # log loss of a true row at p=5e-324 is -ln(2^-52)
        rows = [R(5e-324, True)]
        expect_value(a, "denormal_prob", rows, {"log_loss": -math.log(EPS), "brier": 1.0},
                     allow_null=("log_loss",))
        rows = [R(5e-324, True), R(1 - 1e-16, False)]
        expect_value(a, "denormal_prob_two_class", rows,
                     {"log_loss": (-math.log(EPS) - math.log(1 - (1 - EPS))) / 2,
                      "brier": (1.0 + (1 - 1e-16) ** 2) / 2}, rel=1e-6)
        expect_error(a, "negative_denormal_prob", mixed + [R(-5e-324, False)], ["22003"], ["e-324", "-4.9"])
    elif fam == "regression":
        expect_value(a, "denormal_values", [R(5e-324, True, s2=0.0), R(1e-310, False, s2=2e-310)], {})

    # 1e308
    if fam == "rank":
        rows = [R(1e308, True), R(-1e308, False), R(0.0, True), R(-1.0, False)]
        expect_value(a, "huge_scores", rows, {"roc_auc": 1.0, "pr_auc": 1.0})
    elif fam == "prob":
        expect_error(a, "huge_prob", mixed + [R(1e308, True)], ["22003"], ["1e+308", "1e308"])
    elif fam == "regression":
        # finite inputs whose squared error overflows: a value or 22003, never NaN
        o = evaluate(a, [R(1e308, True, s2=-1e308), R(0.0, False, s2=1.0)])
        ok = (o.ok and nan_free(o.value)) or o.sqlstate == "22003"
        case(a, "huge_values", ok, o.describe())

    # probabilities outside [0, 1]
    if fam == "prob":
        expect_error(a, "prob_above_1", mixed + [R(1.5, True)], ["22003"], ["1.5"])
        expect_error(a, "prob_below_0", mixed + [R(-0.1, False)], ["22003"], ["-0.1"])
        expect_value(a, "prob_exact_bounds", [R(0.0, False), R(1.0, True)],
                     {"brier": 0.0, "log_loss": -math.log(1 - EPS)}, rel=1e-6)
    elif fam == "rank":
        rows = [R(1.5, True), R(-0.1, False), R(3.0, True), R(2.0, False)]
        expect_value(a, "scores_outside_unit_interval", rows, {"roc_auc": 0.75})

    # integer labels outside 0/1
    if has_int_label:
        expect_error(a, "label_2", mixed + [R(0.5, 2)], ["22023"], ["2"])
        expect_error(a, "label_minus_1", mixed + [R(0.5, -1)], ["22023"], ["-1"])


def weight_cases(a, fam):
    if "weight" not in a.roles:
        return
    wi = a.roles.index("weight")

    def rows_with(w):
        rows = L.sample_rows(a, n=8)
        r = list(rows[3])
        r[wi] = w
        rows[3] = tuple(r)
        return rows

    expect_error(a, "negative_weight", rows_with(-1.0), ["22023"], ["-1"])
    expect_error(a, "nan_weight", rows_with(float("nan")), ["22023"], ["nan"])
    o = evaluate(a, rows_with(float("inf")))
    case(a, "infinite_weight", (not o.ok and o.sqlstate == "22023") or (o.ok and nan_free(o.value)),
         f"infinite weight must be 22023 or a NaN-free value: {o.describe()}")
    # weight 0 contributes nothing: same metrics as without the row
    rows = L.sample_rows(a, n=8)
    r = list(rows[3])
    r[wi] = 0.0
    zero = evaluate(a, rows[:3] + [tuple(r)] + rows[4:])
    without = evaluate(a, rows[:3] + rows[4:])
    ok = zero.ok and without.ok
    if ok:
        zv = {k: v for k, v in (zero.value or {}).items() if not k.startswith("_") and k not in L.COUNT_ACCESSORS}
        wv = {k: v for k, v in (without.value or {}).items() if not k.startswith("_") and k not in L.COUNT_ACCESSORS}
        ok = zv.keys() == wv.keys() and all(
            (x is None and wv[k] is None) or (isinstance(x, float) and isinstance(wv[k], float)
                                              and math.isclose(x, wv[k], rel_tol=1e-9, abs_tol=1e-12))
            or x == wv[k] for k, x in zv.items())
    case(a, "zero_weight", ok, f"weight 0 changed metrics: {zero.describe()} vs {without.describe()}")


UNUSUAL = ["", "é", "e\u0301", "日本語", "\U0001F600", "\u200b", "rtl \u202e x", "\uffff", 'a"b\\c',
           "tab\tnew\nline", "\x7f", "\x01", "</script>", "{\"labels\": []}", "NULL", " "]


def text_label_cases(a, fam):
    """Text labels (confusion(text, text) and profile(text))."""
    tcol = [i for i, t in enumerate(a.argtypes) if t == "text"]
    if not tcol:
        return
    pair = fam == "pair"

    def build(labels):
        rows = []
        for i, s in enumerate(labels):
            if pair:
                rows.append(L.make_row(a, actual=s, predicted=labels[(i + 1) % len(labels)]))
            else:
                rows.append((s,))
        return rows

    def labels_of(text):
        j = json.loads(text)
        if "labels" in j:
            return j["labels"]
        for k in ("categories", "counts", "values"):
            if isinstance(j.get(k), dict):
                return list(j[k].keys())
            if isinstance(j.get(k), list):
                return [x[0] if isinstance(x, list) else (x.get("value") if isinstance(x, dict) else x) for x in j[k]]
        return None

    for name, labels in (("empty_string_label", ["", "x"]),
                         ("unusual_utf8_labels", UNUSUAL),
                         ("long_label_1MB", ["L" * 1_000_000 + "é", "short"])):
        o = evaluate(a, build(labels))
        if name == "long_label_1MB" and not o.ok and o.sqlstate == "54000" and o.hint:
            case(a, name, True, "")      # a documented size cap, refused with 54000 and a hint
            continue
        if not o.ok or not o.value:
            case(a, name, False, o.describe())
            continue
        text = o.value["_text"]
        got = labels_of(text)
        want = sorted(set(labels), key=lambda s: s.encode())
        ok = got is not None and (got == want if pair else sorted(got, key=lambda s: s.encode()) == want)
        ok = ok and o.value.get("_roundtrip", True)
        # jsonb cast round trip
        r = L.run(conn, f"SELECT ((%s::mlcheck.{a.rettype[8:]})::jsonb::mlcheck.{a.rettype[8:]})::text", (text,))
        ok = ok and r.ok and r.value == text
        case(a, name, ok, f"labels not preserved in C order / round trip: got {str(got)[:200]} want {str(want)[:200]}; jsonb {r.describe()[:200]}")

    # 100 000 distinct labels
    cols = ", ".join(f"c{i + 1}" for i in range(len(a.argtypes)))
    sel = []
    for r_, t in zip(a.roles, a.argtypes):
        if r_ in ("actual", "predicted", "category"):
            sel.append("('label_' || i)::text")
        elif r_ == "weight":
            sel.append("1.0::float8")
        else:
            sel.append(L.lit(L.default_size(a), t))
    sql = f"SELECT mlcheck.{a.name}({cols}) FROM (SELECT {', '.join(sel)} FROM generate_series(1, 100000) i) v({cols})"
    o = evaluate(a, sql=sql)
    if pair:
        ok = (not o.ok and o.sqlstate == "54000" and bool(o.hint)) or \
             (o.ok and o.value and o.value.get("n") == 100000.0)
        case(a, "distinct_labels_100k", ok, f"want 54000 with a hint or an exact matrix: {o.describe()}")
    else:
        ok = o.ok and o.value and "other" in o.value["_text"].lower() and len(o.value["_text"]) < 10_000_000
        case(a, "distinct_labels_100k", bool(ok), f"want a capped profile with an 'other' bucket: {o.describe()[:300]}")


def pair_cases(a):
    ty = a.argtypes[0]
    P = lambda x, y, w=1.0: L.make_row(a, actual=x, predicted=y, w=w)  # noqa: E731
    if ty == "boolean":
        v = [True, False]
    elif ty in L.INTS:
        v = [1, 0]
    else:
        v = ["pos", "neg"]
    expect_value(a, "one_row", [P(v[0], v[0])], {"accuracy": 1.0, "mcc": None, "cohen_kappa": None})
    expect_value(a, "one_class", [P(v[0], v[0])] * 3 + [P(v[0], v[1])],
                 {"accuracy": 0.75, "balanced_accuracy": 0.75})
    if ty in L.INTS:
        big = [P(2 ** 62, -2 ** 62), P(-2 ** 62, -2 ** 62), P(0, 0)]
        expect_value(a, "extreme_int_labels", big, {"accuracy": 2 / 3})


def merge_cases(a):
    typ = a.argtypes[0][8:]
    sample = L.sample_value_sql(conn, aggs, typ)
    base = f"SELECT mlcheck.{a.name}(x) FROM (VALUES (%s::mlcheck.{typ})) v(x)"
    o = L.run(conn, f"SELECT mlcheck.{a.name}(x) FROM (SELECT NULL::mlcheck.{typ}) v(x) WHERE false")
    case(a, "zero_rows", o.ok and o.value is None, f"merge over zero rows must be NULL: {o.describe()}")
    o = L.run(conn, f"SELECT mlcheck.{a.name}(x)::text FROM (VALUES (NULL::mlcheck.{typ}), (NULL)) v(x)")
    if o.ok and o.value is not None:
        vals = {n: L.run(conn, f"SELECT mlcheck.{n}(%s::mlcheck.{typ})", (o.value,)).value for n, _ in accessor_list(typ)}
        ok, bad = undefined_all(vals)
    else:
        ok, bad = o.ok, o.describe()
    case(a, "null_rows", ok, f"merge of only NULLs: metrics must be NULL: {bad}")
    if sample is None:
        case(a, "identity", False, f"could not build a sample {typ}")
        return
    o = L.run(conn, f"SELECT x::text FROM ({base}) s(x)", (sample,))
    case(a, "identity", o.ok and o.value == sample, f"merge of one value changed it: {o.describe()} vs {sample[:200]}")
    o = L.run(conn, f"SELECT mlcheck.{a.name}(x)::text FROM (VALUES (%s::mlcheck.{typ}), (NULL)) v(x)", (sample,))
    case(a, "with_null", o.ok and o.value == sample, f"NULL rows must be skipped: {o.describe()}")


# ------------------------------------------------------------ main

covered = 0
for a in aggs:
    fam = family(a)
    if not L.supported(a) and a.name in L.CHECKED_ELSEWHERE:
        # covered by a cross-check: it must call the aggregate and pin its errors
        path = os.path.join(L.ROOT, L.CHECKED_ELSEWHERE[a.name])
        text = open(path).read() if os.path.exists(path) else ""
        chk.check(f"{short(a)}/checked_elsewhere", f"mlcheck.{a.name}(" in text and "ck.error(" in text,
                  f"{L.CHECKED_ELSEWHERE[a.name]} must exercise mlcheck.{a.name} and its errors")
        continue
    if not L.supported(a):
        chk.check(f"{short(a)}/supported_signature", False,
                  f"roles {a.roles}: the checks cannot feed this aggregate (extend lib/checklib.py)")
        continue
    covered += 1
    try:
        if fam == "merge":
            merge_cases(a)
            continue
        common_cases(a, fam)
        if fam in ("rank", "prob", "regression", "other"):
            score_cases(a, fam)
        if fam == "profile_num":
            R = lambda x: (x,)  # noqa: E731
            expect_value(a, "nan_inf_counted", [R(1.0), R(float("nan")), R(float("inf")), R(float("-inf")), R(2.0)], {})
            expect_value(a, "huge_values", [R(1e308), R(1e308), R(1e308)], {"mean": 1e308, "min": 1e308, "max": 1e308})
            expect_value(a, "denormals", [R(5e-324), R(-5e-324), R(0.0)], {"min": -5e-324, "max": 5e-324})
            expect_value(a, "one_row", [R(3.5)], {"min": 3.5, "max": 3.5, "mean": 3.5})
        if fam == "pair":
            pair_cases(a)
        weight_cases(a, fam)
        text_label_cases(a, fam)
    except Exception as e:      # a harness problem is a failure, not a crash of the suite
        chk.check(f"{short(a)}/harness", False, f"{type(e).__name__}: {e}")
        if not L.alive(conn):
            conn = L.connect_db("bad_input")
            cur = conn.cursor()

chk.check("catalog/aggregates_found", covered > 0, "no aggregate of the extension found")
L.drop_database("bad_input", conn)
chk.done()
