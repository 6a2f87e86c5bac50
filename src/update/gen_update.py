#!/usr/bin/env python3
"""Build an update script mlcheck--A--B.sql (run by make).

    gen_update.py FROM.sql TO.sql HANDWRITTEN.sql > mlcheck--A--B.sql

FROM.sql is the frozen install script of the old version, TO.sql the
install script of the new one, HANDWRITTEN.sql the hand-written part of the
update.  The output is HANDWRITTEN.sql with its two marker lines

    --@@ objects of the new install script @@
    --@@ comments and privileges of the new install script @@

replaced by the statements of TO.sql: the first by every statement, in
order, except COMMENT, GRANT and REVOKE, which take the place of the second
(so that they may name objects that HANDWRITTEN.sql adds between the two
markers, such as a column of a type the first part creates), and except
those that would create an object FROM.sql already created:

  - CREATE FUNCTION / PROCEDURE / AGGREGATE of a signature the old version
    has becomes CREATE OR REPLACE (same object, same OID: users' views,
    materialized views and stored commands keep working; an aggregate may
    get a new state type and support functions this way);
  - CREATE of anything else the old version has (type, operator, operator
    class or family, cast, table, trigger, policy, index, schema, view,
    sequence) is left out, with a one-line comment: changes to those are
    written by hand in HANDWRITTEN.sql (ALTER ...), and the upgrade check
    (test/checks/upgrade.sh) names every object whose definition after the
    update differs from a fresh install;
  - COMMENT, GRANT, REVOKE, ALTER and pg_extension_config_dump() are kept
    (they restate the new definition and are idempotent);
  - anything else is an error: decide how it updates, then teach this
    script.

So a new object added to src/sql/ reaches the update script with no edit
at all.  Only standard Python is used.  The module also serves the checks
(statements(), object_key(), created_objects()).
"""
import re
import sys

MARKER = "--@@ objects of the new install script @@"
MARKER_NOTES = "--@@ comments and privileges of the new install script @@"

# ------------------------------------------------------------- splitting

_DOLLAR = re.compile(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$")


def statements(text):
    """Split an SQL script into [(chunk, body)]: chunk is the text from the
    end of the previous statement through this statement's semicolon
    (leading comments included), body the statement without leading
    whitespace and comments.  Quotes, dollar quotes and comments are
    respected; psql meta-command lines (backslash) are dropped."""
    out = []
    i, n, start = 0, len(text), 0
    body_start = None
    while i < n:
        c = text[i]
        if c == "\\" and (i == 0 or text[i - 1] == "\n") and body_start is None:
            j = text.find("\n", i)
            j = n if j < 0 else j + 1
            text = text[:i] + text[j:]
            n = len(text)
            continue
        if c == "-" and text.startswith("--", i):
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if c.isspace():
            i += 1
            continue
        if body_start is None:
            body_start = i
        if c == "'":
            j = i + 1
            while True:
                j = text.find("'", j)
                if j < 0:
                    raise ValueError("unterminated string at offset %d" % i)
                if text.startswith("''", j):
                    j += 2
                    continue
                break
            i = j + 1
            continue
        if c == '"':
            j = text.find('"', i + 1)
            if j < 0:
                raise ValueError("unterminated identifier at offset %d" % i)
            i = j + 1
            continue
        if c == "$":
            m = _DOLLAR.match(text, i)
            if m and not (i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")):
                tag = m.group(0)
                j = text.find(tag, m.end())
                if j < 0:
                    raise ValueError("unterminated %s quote at offset %d" % (tag, i))
                i = j + len(tag)
                continue
        if c == ";":
            out.append((text[start:i + 1], text[body_start:i + 1]))
            start, body_start = i + 1, None
        i += 1
    if body_start is not None:
        raise ValueError("statement without semicolon at the end: %r" % text[body_start:body_start + 80])
    return out


# ------------------------------------------------------- object identity

_ALIASES = {
    "float8": "double precision", "float4": "real", "float": "double precision",
    "int": "integer", "int4": "integer", "int8": "bigint", "int2": "smallint",
    "bool": "boolean", "varchar": "character varying", "char": "character",
    "timestamptz": "timestamp with time zone", "timestamp": "timestamp without time zone",
    "timetz": "time with time zone", "decimal": "numeric",
}
_MULTIWORD = ("double precision", "character varying", "timestamp with time zone",
              "timestamp without time zone", "time with time zone", "time without time zone",
              "bit varying")
_TOKEN = re.compile(r'"(?:[^"]|"")*"|[A-Za-z_][A-Za-z_0-9$]*|\d+|\[\]|\S')


def _tokens(s):
    return _TOKEN.findall(s)


def _low(tok):
    return tok if tok.startswith('"') else tok.lower()


def normalize_type(s):
    """Canonical spelling of a type name as written in a script."""
    toks = [_low(t) for t in _tokens(s)]
    if len(toks) >= 2 and toks[0] == "pg_catalog" and toks[1] == ".":
        toks = toks[2:]
    text = " ".join(toks).replace(" . ", ".").replace(" []", "[]")
    dims = text.count("[]")
    base, arr = text.replace("[]", "").rstrip(), "[]" * dims
    base = _ALIASES.get(base, base)
    return base + arr


def _split_top(s, sep=","):
    parts, depth, cur, i = [], 0, [], 0
    for tok in _tokens(s):
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        if tok == sep and depth == 0:
            parts.append(cur)
            cur = []
        else:
            cur.append(tok)
    if cur:
        parts.append(cur)
    return parts


def argument_types(arglist):
    """Types that make up a routine's identity (OUT arguments excluded)."""
    types = []
    for toks in _split_top(arglist):
        low = [_low(t) for t in toks]
        for k, t in enumerate(low):            # drop a default
            if t in ("default", "="):
                toks, low = toks[:k], low[:k]
                break
        if low and low[0] in ("in", "out", "inout", "variadic"):
            mode, toks, low = low[0], toks[1:], low[1:]
        else:
            mode = "in"
        if mode == "out" or not toks:
            continue
        text = " ".join(low)
        bare = text.replace(" []", "").replace("[]", "")
        if len(toks) > 1 and bare not in _MULTIWORD and not (len(toks) == 3 and toks[1] == "."):
            toks = toks[1:]                    # a named argument
        types.append(normalize_type(" ".join(toks)))
    return types


def _paren(body, start):
    """(text inside the parenthesis opening at body[start], index after it)."""
    depth = 0
    i = start
    while i < len(body):
        c = body[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return body[start + 1:i], i + 1
        elif c == "'":
            i = body.index("'", i + 1)
        elif c == '"':
            i = body.index('"', i + 1)
        i += 1
    raise ValueError("unbalanced parenthesis in %r" % body[:80])


_NAME = r'((?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z_0-9$]*)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z_0-9$]*))?)'


def _name(s):
    return re.sub(r"\s*\.\s*", ".", "".join(_low(t) for t in _tokens(s)))


def object_key(body):
    """(kind, key, replaceable) of a CREATE statement, or None for any other.
    kind is the word of the statement; key identifies the object; replaceable
    says whether CREATE OR REPLACE can redefine it in place."""
    m = re.match(r"CREATE\s+(?:OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE|AGGREGATE)\s+" + _NAME + r"\s*\(",
                 body, re.I)
    if m:
        args, _ = _paren(body, m.end() - 1)
        args = re.split(r"\bORDER\s+BY\b", args, flags=re.I)   # ordered-set aggregates
        types = [t for part in args for t in argument_types(part)]
        return (m.group(1).upper(), "routine %s(%s)" % (_name(m.group(2)), ",".join(types)), True)
    m = re.match(r"CREATE\s+OPERATOR\s+(CLASS|FAMILY)\s+" + _NAME + r"\b.*?\bUSING\s+(\w+)", body, re.I | re.S)
    if m:
        return ("OPERATOR " + m.group(1).upper(),
                "operator %s %s using %s" % (m.group(1).lower(), _name(m.group(2)), m.group(3).lower()), False)
    m = re.match(r"CREATE\s+OPERATOR\s+((?:\w+\.)?[^\s(]+)\s*\(", body, re.I)
    if m:
        spec, _ = _paren(body, m.end() - 1)
        sides = []
        for side in ("LEFTARG", "RIGHTARG"):
            a = re.search(side + r"\s*=\s*([^,]+)", spec, re.I)
            sides.append(normalize_type(a.group(1)) if a else "none")
        return ("OPERATOR", "operator %s(%s)" % (m.group(1).lower(), ",".join(sides)), False)
    m = re.match(r"CREATE\s+CAST\s*\(\s*(.+?)\s+AS\s+(.+?)\s*\)", body, re.I | re.S)
    if m:
        return ("CAST", "cast %s as %s" % (normalize_type(m.group(1)), normalize_type(m.group(2))), False)
    m = re.match(r"CREATE\s+TRIGGER\s+" + _NAME + r"\s.*?\bON\s+" + _NAME, body, re.I | re.S)
    if m:
        return ("TRIGGER", "trigger %s on %s" % (_name(m.group(1)), _name(m.group(2))), False)
    m = re.match(r"CREATE\s+POLICY\s+" + _NAME + r"\s+ON\s+" + _NAME, body, re.I)
    if m:
        return ("POLICY", "policy %s on %s" % (_name(m.group(1)), _name(m.group(2))), False)
    m = re.match(r"CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?" + _NAME, body, re.I)
    if m:
        return ("INDEX", "index %s" % _name(m.group(1)), False)
    m = re.match(r"CREATE\s+(TYPE|TABLE|SCHEMA|SEQUENCE|VIEW|MATERIALIZED\s+VIEW|DOMAIN)\s+" + _NAME, body, re.I)
    if m:
        kind = re.sub(r"\s+", " ", m.group(1).upper())
        return (kind, "%s %s" % (kind.lower(), _name(m.group(2))), False)
    if re.match(r"CREATE\b", body, re.I):
        raise ValueError("unknown CREATE statement: %r" % body[:100])
    return None


def created_objects(text):
    """{key: kind} of every object a script creates."""
    out = {}
    for _, body in statements(text):
        k = object_key(body)
        if k:
            out[k[1]] = k[0]
    return out


_NOTES = re.compile(r"(COMMENT\s+ON|GRANT|REVOKE)\b", re.I)
_KEPT = re.compile(r"(COMMENT\s+ON|GRANT|REVOKE|ALTER)\b|SELECT\s+pg_catalog\.pg_extension_config_dump\s*\(",
                   re.I)


def derived_part(old_text, new_text):
    """(definitions, comments and privileges): the statements of the new
    install script that an installation of the old version needs (see the
    module comment)."""
    old = created_objects(old_text)
    out, notes = [], []
    for chunk, body in statements(new_text):
        k = object_key(body)
        lead = chunk[:len(chunk) - len(body)]
        if k is None:
            if not _KEPT.match(body):
                raise ValueError("do not know how to update this statement (teach src/update/gen_update.py): %r"
                                 % body[:120])
            if _NOTES.match(body):
                # the file markers stay in place, the statement moves
                out.extend(ln + "\n" for ln in lead.splitlines() if ln.startswith("-- ==== "))
                notes.append(chunk)
            else:
                out.append(chunk)
        elif k[1] not in old:
            out.append(chunk)
        elif k[2]:
            m = re.match(r"CREATE\s+(?:OR\s+REPLACE\s+)?", body, re.I)
            out.append(lead + "CREATE OR REPLACE " + body[m.end():])
        else:
            # keep the file markers and the comment, drop the statement
            first = body.splitlines()[0].rstrip()
            out.append(lead + "-- already in the old version (changes are written by hand): " + first)
    return "".join(out).strip("\n") + "\n", "".join(notes).strip("\n") + "\n"


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    old_text, new_text, hand = (open(p, encoding="utf-8").read() for p in argv[1:4])
    for mark in (MARKER, MARKER_NOTES):
        if hand.count(mark + "\n") != 1:
            sys.stderr.write("%s: needs exactly one line %r\n" % (argv[3], mark))
            return 1
    if hand.index(MARKER) > hand.index(MARKER_NOTES):
        sys.stderr.write("%s: %r must come before %r\n" % (argv[3], MARKER, MARKER_NOTES))
        return 1
    try:
        derived, notes = derived_part(old_text, new_text)
    except ValueError as e:
        sys.stderr.write("%s: %s\n" % (argv[2], e))
        return 1
    head = ("-- generated by src/update/gen_update.py from %s (hand-written) and %s;\n"
            "-- edit those files\n" % (argv[3], argv[2]))
    out = hand.replace(MARKER + "\n", "-- ==== the objects of %s, as the module comment of\n"
                       "-- ==== src/update/gen_update.py describes\n%s" % (argv[2], derived))
    out = out.replace(MARKER_NOTES + "\n", "-- ==== the comments and privileges of %s\n%s" % (argv[2], notes))
    sys.stdout.write(head + out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
