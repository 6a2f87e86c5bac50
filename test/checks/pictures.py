"""Pictures as a person sees them: every SVG that mlcheck.svg() draws and the
HTML page of mlcheck.report(), over the bundled example data and over
summaries with hostile labels.

  - every image parses as XML (xml.etree) and holds only static SVG: no
    script, foreignObject, style element, event attribute, href or URL, and
    no element outside a short allow-list; data-derived text appears only
    escaped;
  - the report parses as XML too, holds the same kinds of images and no
    script, external reference or event attribute;
  - headless Chromium renders each image and the report: the screenshots
    are not blank and show the chart's own colours; a hostile label that
    would set an attribute if it ran as script leaves the DOM untouched;
  - the numbers drawn are the data's: histogram counts equal
    numpy.histogram, heatmap cells equal sklearn's confusion_matrix;
  - the report reads with the caller's privileges (row-level security) and
    is not hijacked by a hostile search_path.

Without Chromium (it cannot be installed) the rendering checks print
"skip" lines, which the test runner counts as skipped, not passed.
Run with --write-docs to refresh docs/report.png from the bundled data.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import checklib as L  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.metrics import confusion_matrix  # noqa: E402

SUITE = "pictures"
chk = L.Checker(SUITE)
conn = L.own_database("pictures")
cur = conn.cursor()
WRITE_DOCS = "--write-docs" in sys.argv
OUT = tempfile.mkdtemp(prefix="mlcheck-pictures-")

env = dict(os.environ, PGHOST=f"/tmp/mlcheck-pg-{L.PORT}", PGPORT=str(L.PORT), PGUSER="postgres",
           PGOPTIONS="-c client_min_messages=warning")
subprocess.run(["psql", "-X", "-q", "-d", "mlcheck_checks_pictures", "-v", f"datadir={L.ROOT}/test/data",
                "-f", os.path.join(L.ROOT, "test", "data", "load_example.sql")],
               env=env, check=True, stdout=subprocess.DEVNULL)
cur.execute("""
CREATE VIEW example.gbm_reference WITH (security_invoker) AS
  SELECT *, score >= 0.5 AS predicted FROM example.cancer_predictions
   WHERE model = 'gbm-v2' AND ts < '2026-10-19';
CREATE VIEW example.gbm_current WITH (security_invoker) AS
  SELECT *, score >= 0.5 AS predicted FROM example.cancer_predictions
   WHERE model = 'gbm-v2' AND ts >= '2026-10-19';
CREATE TABLE hostile (a text, p text, x float8, c text);
INSERT INTO hostile SELECT
  (ARRAY['<b>&"x"', '</text><script>document.documentElement.setAttribute("pwned","1")</script><text>',
         E'esc\\x1b[31m', E'\\uFFFE\\uFFFF', 'ok', E'tab\\tnl\\ncr\\r', '<img src=x onerror="this.setAttribute(''pwned'',''1'')">',
         'javascript:alert(1)', ']]>&lt;'])[1 + i % 9],
  (ARRAY['ok', '<b>&"x"', E'\\x01\\x02'])[1 + i % 3],
  i % 13, (ARRAY['<style>', 'url(data:x)', E'\\x0b', '&amp;'])[1 + i % 4]
  FROM generate_series(1, 200) i;
""")

SVG_NS = "{http://www.w3.org/2000/svg}"
ALLOWED = {"svg", "title", "rect", "line", "polyline", "circle", "text"}
HTML_ALLOWED = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "div",
                "table", "tr", "th", "td"} | ALLOWED


def bad_markup(root, allowed, where):
    """Reasons the tree is not a static, self-contained picture."""
    bad = []
    for el in root.iter():
        tag = el.tag.split("}")[-1]
        if tag not in allowed:
            bad.append(f"element <{tag}> in {where}")
        if tag == "style" and where != "report":
            bad.append("style element")
        for k, v in el.attrib.items():
            name = k.split("}")[-1].lower()
            if name.startswith("on"):
                bad.append(f"event attribute {name}")
            if name in ("href", "src", "srcset", "action", "formaction", "style") or "url(" in v.lower():
                bad.append(f"reference attribute {name}={v[:40]}")
            if re.search(r"(javascript|data|https?):", v, re.I) and name != "content":
                bad.append(f"URL in {name}")
    return bad


def svg_ok(name, svg):
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as e:
        return chk.check(f"svg/{name}/xml", False, str(e))
    chk.check(f"svg/{name}/xml", root.tag == SVG_NS + "svg", root.tag)
    bad = bad_markup(root, ALLOWED, "svg")
    chk.check(f"svg/{name}/static", not bad, "; ".join(bad[:5]))
    has_title = root.find(SVG_NS + "title") is not None and (root.find(SVG_NS + "title").text or "").strip()
    axes = len(root.findall(SVG_NS + "text"))
    chk.check(f"svg/{name}/titled_and_labelled", bool(has_title) and axes >= 3, f"title {has_title!r}, {axes} texts")
    w, h = root.get("width"), root.get("height")
    chk.check(f"svg/{name}/panel_size", w and h and 200 <= int(w) <= 1200 and 150 <= int(h) <= 900, f"{w}x{h}")
    return root


def q1(sql, args=None):
    cur.execute(sql, args)
    return cur.fetchone()[0]


images = {
    "roc": "SELECT mlcheck.svg(mlcheck.scores(score, label)) FROM example.cancer_predictions WHERE model = 'gbm-v2'",
    "pr": "SELECT mlcheck.svg(mlcheck.scores(score, label), 'pr') FROM example.cancer_predictions WHERE model = 'gbm-v2'",
    "calibration": "SELECT mlcheck.svg(mlcheck.calibration(score, label)) FROM example.cancer_predictions WHERE model = 'gbm-v2'",
    "heatmap_digits": "SELECT mlcheck.svg(mlcheck.confusion(actual, predicted)) FROM example.digits_predictions",
    "heatmap_bool": "SELECT mlcheck.svg(mlcheck.confusion(label, score >= 0.5)) FROM example.cancer_predictions",
    "histogram": "SELECT mlcheck.svg(mlcheck.profile(mean_radius)) FROM example.cancer_predictions",
    "overlay": "SELECT mlcheck.svg(mlcheck.profile(mean_radius) FILTER (WHERE ts < '2026-10-19'), "
               "mlcheck.profile(mean_radius) FILTER (WHERE ts >= '2026-10-19'), 'mean_radius') FROM example.cancer_predictions",
    "categories": "SELECT mlcheck.svg(mlcheck.profile(size_band)) FROM example.cancer_predictions",
    "categories_overlay": "SELECT mlcheck.svg(mlcheck.profile(size_band) FILTER (WHERE ts < '2026-10-19'), "
                          "mlcheck.profile(size_band) FILTER (WHERE ts >= '2026-10-19')) FROM example.cancer_predictions",
    "hostile_heatmap": "SELECT mlcheck.svg(mlcheck.confusion(a, p), title => a) FROM hostile, LATERAL (SELECT 1) x "
                       "GROUP BY a ORDER BY length(a) DESC LIMIT 1",
    "hostile_categories": "SELECT mlcheck.svg(mlcheck.profile(a), mlcheck.profile(c), E'<script>\\x01</script>') FROM hostile",
    "hostile_numeric": "SELECT mlcheck.svg(mlcheck.profile(x), title => E']]><script>alert(1)</script>\\uFFFE') FROM hostile",
}
# the hostile heatmap: every hostile label in one matrix
images["hostile_heatmap"] = ("SELECT mlcheck.svg(mlcheck.confusion(a, p), "
                             "title => '</title><script>document.documentElement.setAttribute(\"pwned\",\"1\")</script>') FROM hostile")
svgs = {}
for name, sql in images.items():
    svgs[name] = q1(sql)
    svg_ok(name, svgs[name])

# hostile text arrives escaped and never as markup
hs = svgs["hostile_heatmap"] + svgs["hostile_categories"] + svgs["hostile_numeric"]
chk.check("hostile/escaped_markup", "&lt;b&gt;&amp;&quot;x&quot;" in hs and "&lt;/text&gt;&lt;script&gt;" in hs
          and "&lt;img src=x" in hs and "]]&gt;&amp;lt;" in hs, "escaped forms missing")
chk.check("hostile/no_raw_markup", "<script" not in hs.lower() and "<img" not in hs and "<style" not in hs, "raw markup")
chk.check("hostile/xml_forbidden_replaced", "\ufffd" in hs and not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", hs),
          "control or non-characters left")
ascii_svg = None
cur.execute("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()")
chk.check("hostile/database_utf8", cur.fetchone()[0] == "UTF8", "test database is not UTF-8")

# ---- the numbers drawn are the data's
cur.execute("SELECT mean_radius FROM example.cancer_predictions WHERE mean_radius IS NOT NULL")
xs = np.array([r[0] for r in cur.fetchall()])
text = q1("SELECT mlcheck.plot(mlcheck.profile(mean_radius)) FROM example.cancer_predictions")
counts = [int(m.group(1)) for m in re.finditer(r"^\[[^\]\)]*[\]\)]\s+(\d+)", text, re.M)]
want, _ = np.histogram(xs, bins=20)
chk.check("numbers/histogram_counts_equal_numpy", counts == list(want), f"{counts} vs {list(want)}")
cur.execute("SELECT actual, predicted FROM example.digits_predictions")
rows = cur.fetchall()
cm = confusion_matrix([r[0] for r in rows], [r[1] for r in rows])
text = q1("SELECT mlcheck.plot(mlcheck.confusion(actual, predicted)) FROM example.digits_predictions")
cells = [[int(v) for v in re.findall(r"\S\s+(\d+)", line.split("\u2502", 1)[1])]
         for line in text.splitlines() if re.match(r"^\d+\s+\u2502", line)]
chk.check("numbers/heatmap_cells_equal_sklearn", cells == cm.tolist(), f"{cells[:2]} vs {cm.tolist()[:2]}")


def drawn_points(svg):
    """The polyline's points mapped back to data coordinates through the plot frame."""
    root = ET.fromstring(svg)
    frame = [r for r in root.iter(SVG_NS + "rect") if r.get("fill") == "none"][0]
    x0, y0, w, h = (float(frame.get(k)) for k in ("x", "y", "width", "height"))
    pts = root.find(SVG_NS + "polyline").get("points").split()
    return [((float(a) - x0) / w, (y0 + h - float(b)) / h) for a, b in (q.split(",") for q in pts)], w


def curve_matches(name, drawn, want, w):
    """Every drawn point is a point of the curve (to the 0.1 px rounding) and
    every point of the curve is within half a pixel of a drawn one."""
    want = np.array(want)
    d = np.array(drawn)
    tol = 0.06 / w
    on_curve = all(np.min(np.max(np.abs(want - p), axis=1)) <= tol for p in d)
    covered = all(np.min(np.max(np.abs(d - p), axis=1)) <= 0.5 / w + tol for p in want)
    chk.check(name, on_curve and covered, f"on curve {on_curve}, covered {covered}, {len(d)} drawn of {len(want)}")


from sklearn.metrics import precision_recall_curve, roc_curve  # noqa: E402
cur.execute("SELECT score, label FROM example.cancer_predictions WHERE model = 'gbm-v2'")
sc = cur.fetchall()
ys, ss = np.array([r[1] for r in sc]), np.array([r[0] for r in sc])
fpr, tpr, _ = roc_curve(ys, ss, drop_intermediate=False)
drawn, w = drawn_points(svgs["roc"])
curve_matches("numbers/roc_polyline_is_sklearn_roc_curve", drawn, list(zip(fpr, tpr)), w)
prec, rec, _ = precision_recall_curve(ys, ss)
steps, r0 = [], 0.0
for p_, r_ in zip(prec[::-1][1:], rec[::-1][1:]):      # decreasing thresholds, without sklearn's (r=0, p=1) end
    steps += [(r0, p_), (r_, p_)]
    r0 = r_
drawn, w = drawn_points(svgs["pr"])
curve_matches("numbers/pr_polyline_is_sklearn_pr_steps", drawn, steps, w)
widest = max(len(line) for line in text.splitlines())
chk.check("text/heatmap_10_classes_fits_80_columns", widest <= 80, f"{widest} columns")

# ---- the report
report = q1("SELECT mlcheck.report('example.gbm_current', 'label', 'predicted', 'score', "
            "ARRAY['size_band', 'texture_band'], 'example.gbm_reference')")
try:
    root = ET.fromstring(report[report.index("<html"):])
    bad = bad_markup(root, HTML_ALLOWED, "report")
    chk.check("report/xml_and_static", not bad, "; ".join(bad[:5]))
    nsvg = sum(1 for el in root.iter() if el.tag.split("}")[-1] == "svg")
    chk.check("report/images", nsvg >= 4 + 9, f"{nsvg} images")
    for el in root.iter():
        if el.tag.split("}")[-1] == "svg":
            svg_ok("report_image", ET.tostring(el, encoding="unicode"))
            break
except (ET.ParseError, ValueError) as e:
    chk.check("report/xml_and_static", False, str(e))
chk.check("report/sections", all(s in report for s in ("Metrics", "Confusion matrix", "ROC curve", "Precision-recall curve",
                                                       "Reliability diagram", "Slices", "Drift against the reference")),
          "a section is missing")
hostile_report = q1("SELECT mlcheck.report('hostile', 'a', 'p', slices => ARRAY['c', 'a'], reference => 'hostile')")
chk.check("report/hostile_escaped", "<script" not in hostile_report.lower() and "<img" not in hostile_report
          and "&lt;img src=x onerror=" in hostile_report, "hostile text not escaped")
try:
    bad = bad_markup(ET.fromstring(hostile_report[hostile_report.index("<html"):]), HTML_ALLOWED, "report")
    chk.check("report/hostile_static", not bad, "; ".join(bad[:5]))
except (ET.ParseError, ValueError) as e:
    chk.check("report/hostile_static", False, str(e))

# row-level security: the report counts what the caller may see
cur.execute("""DROP ROLE IF EXISTS mlc_pic_reader;
CREATE ROLE mlc_pic_reader;
CREATE TABLE rls_preds AS SELECT i, i % 3 = 0 AS y, i % 4 = 0 AS p, i % 2 = 0 AS mine FROM generate_series(1, 100) i;
ALTER TABLE rls_preds ENABLE ROW LEVEL SECURITY;
CREATE POLICY only_mine ON rls_preds FOR SELECT TO mlc_pic_reader USING (mine);
GRANT SELECT ON rls_preds TO mlc_pic_reader;
GRANT USAGE ON SCHEMA mlcheck, example TO mlc_pic_reader;""")
cur.execute("SET ROLE mlc_pic_reader")
o = L.run(conn, "SELECT mlcheck.report('rls_preds', 'y', 'p')")
cur.execute("RESET ROLE")
chk.check("report/row_level_security", o.ok and "<tr><th>rows</th><td>50</td></tr>" in o.value, o.describe()[:200])
o = L.run(conn, "SET ROLE mlc_pic_reader; SELECT mlcheck.report('example.cancer_predictions', 'label', 'label')")
cur.execute("RESET ROLE")
chk.check("report/needs_select_privilege", not o.ok and o.sqlstate == "42501", o.describe()[:200])

# a hostile search_path changes nothing
clean = q1("SELECT mlcheck.report('rls_preds', 'y', 'p', slices => ARRAY['mine'])")
cur.execute("""DROP SCHEMA IF EXISTS evil CASCADE; CREATE SCHEMA evil;
CREATE FUNCTION evil.format(text, text, text) RETURNS text LANGUAGE sql AS $$ SELECT 'HIJACKED' $$;
CREATE FUNCTION evil.lower(text) RETURNS text LANGUAGE sql AS $$ SELECT 'HIJACKED' $$;
CREATE FUNCTION evil.textcat_(text, text) RETURNS text LANGUAGE sql AS $$ SELECT 'HIJACKED' $$;
CREATE OPERATOR evil.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.textcat_);
CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.textcat_);""")
cur.execute("SET search_path = evil, pg_catalog, public")
hijacked = L.run(conn, "SELECT mlcheck.report('rls_preds', 'y', 'p', slices => ARRAY['mine'])")
cur.execute("SET search_path = public")
strip = lambda t: re.sub(r"Written by mlcheck.report\(\) at [^<]*", "", t or "")  # noqa: E731
chk.check("report/hostile_search_path", hijacked.ok and "HIJACKED" not in hijacked.value
          and strip(hijacked.value) == strip(clean), hijacked.describe()[:200])


# a LATIN1 database: images and pages are ASCII, text charts keep the characters
adm = L._connect("postgres")
adm.cursor().execute("DROP DATABASE IF EXISTS mlcheck_checks_pictures_latin1")
adm.cursor().execute("CREATE DATABASE mlcheck_checks_pictures_latin1 ENCODING 'LATIN1' "
                     "LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
lat = L._connect("mlcheck_checks_pictures_latin1")
lat.set_client_encoding("UTF8")
lc = lat.cursor()
lc.execute("CREATE EXTENSION mlcheck")
lc.execute("CREATE TABLE t (a text, p text); INSERT INTO t VALUES ('caf\u00e9', 'caf\u00e9'), ('<na\u00efve>', 'caf\u00e9')")
lc.execute("SELECT mlcheck.svg(mlcheck.confusion(a, p), title => 'd\u00e9j\u00e0'), mlcheck.plot(mlcheck.confusion(a, p)), "
           "mlcheck._html_escape('\u00e9<') FROM t")
lsvg, lplot, lesc = lc.fetchone()
chk.check("latin1/svg_ascii", all(ord(ch) < 128 for ch in lsvg) and "caf&#xE9;" in lsvg and "&lt;na&#xEF;ve&gt;" in lsvg
          and "<title>d&#xE9;j&#xE0;</title>" in lsvg, lsvg[:300])
try:
    ET.fromstring(lsvg)
    chk.check("latin1/svg_xml", True)
except ET.ParseError as e:
    chk.check("latin1/svg_xml", False, str(e))
chk.check("latin1/plot_keeps_characters", "caf\u00e9" in lplot and "<na\u00efve>" in lplot and "|" in lplot, lplot[:300])
chk.check("latin1/html_escape", lesc == "&#xE9;&lt;", repr(lesc))
lat.close()
adm.cursor().execute("DROP DATABASE mlcheck_checks_pictures_latin1")
adm.close()


# ---- rendering in headless Chromium
def png_pixels(path):
    """(width, height, rows of RGB tuples) of an 8-bit RGB/RGBA PNG."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    w = h = ctype = None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    out = []
    i = 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.append(bytes(line))
        prev = line
    return w, h, bpp, out


def colours(path):
    w, h, bpp, rows_ = png_pixels(path)
    seen = {}
    for r in rows_:
        for x in range(0, len(r), bpp * 2):      # every other pixel is plenty
            px = r[x:x + 3]
            seen[px] = seen.get(px, 0) + 1
    total = sum(seen.values())
    white = seen.get(b"\xff\xff\xff", 0)
    return w, h, seen, (total - white) / total


def near(seen, hexcol, tol=40):
    t = bytes.fromhex(hexcol)
    return sum(n for px, n in seen.items() if all(abs(px[i] - t[i]) <= tol for i in range(3)))


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium(args, timeout=120):
    prof = tempfile.mkdtemp(prefix="mlcheck-chromium-")
    try:
        return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                               "--no-first-run", "--disable-background-networking", "--disable-component-update",
                               "--disable-sync", "--hide-scrollbars", f"--user-data-dir={prof}"] + args,
                              capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(prof, ignore_errors=True)


def shot(name, path, size):
    png = os.path.join(OUT, name + ".png")
    chromium([f"--screenshot={png}", f"--window-size={size}", "file://" + path])
    return png if os.path.exists(png) else None


if CHROMIUM is None:
    for what in ("svg", "report", "hostile_dom"):
        print(f"skip {SUITE}/render/{what}: chromium is not installed (test/install_deps.sh installs it)", flush=True)
else:
    # (overlaid bars are drawn at half opacity: orange on white)
    expect = {"roc": "1f77b4", "pr": "1f77b4", "calibration": "1f77b4", "heatmap_digits": "08306b",
              "heatmap_bool": "08306b", "histogram": "1f77b4", "overlay": "ffbf86", "categories": "1f77b4",
              "categories_overlay": "ff7f0e", "hostile_heatmap": "08306b", "hostile_categories": "ff7f0e",
              "hostile_numeric": "1f77b4"}
    for name, svg in svgs.items():
        path = os.path.join(OUT, name + ".svg")
        open(path, "w", encoding="utf-8").write(svg)
        png = shot(name, path, "480,360")
        if png is None:
            chk.check(f"render/{name}", False, "no screenshot")
            continue
        w, h, seen, ink = colours(png)
        dark = near(seen, "222222", 60)
        chk.check(f"render/{name}/not_blank", 0.02 < ink < 0.95 and dark > 20, f"{ink:.3f} non-white, {dark} text pixels")
        chk.check(f"render/{name}/chart_colour", near(seen, expect[name]) > 30, f"colour #{expect[name]} not drawn")
    path = os.path.join(OUT, "report.html")
    open(path, "w", encoding="utf-8").write(report)
    png = shot("report", path, "1280,2400")
    if png is None:
        chk.check("render/report", False, "no screenshot")
    else:
        w, h, seen, ink = colours(png)
        chk.check("render/report/not_blank", 0.03 < ink < 0.9 and near(seen, "1f77b4") > 200 and near(seen, "08306b") > 200,
                  f"{ink:.3f} non-white")
        if WRITE_DOCS:
            shutil.copy(png, os.path.join(L.ROOT, "docs", "report.png"))
            print(f"wrote {os.path.join(L.ROOT, 'docs', 'report.png')}")
    # hostile labels in a page: if any of them ran as script, it would set pwned="1"
    for name, page in (("svg", svgs["hostile_heatmap"]), ("report", hostile_report)):
        path = os.path.join(OUT, f"hostile_{name}.html" if name == "report" else f"hostile_{name}.svg")
        open(path, "w", encoding="utf-8").write(page)
        r = chromium(["--dump-dom", "file://" + path])
        chk.check(f"render/hostile_dom/{name}", r.returncode == 0 and len(r.stdout) > 500
                  and not re.search(r"\spwned=\"1\"", r.stdout), f"exit {r.returncode}, {len(r.stdout)} bytes")
shutil.rmtree(OUT, ignore_errors=True)
cur.execute("DROP SCHEMA IF EXISTS evil CASCADE")
cur.execute("DROP OWNED BY mlc_pic_reader")
conn.close()
L.drop_database("pictures")
c2 = L._connect("postgres")
c2.cursor().execute("DROP ROLE IF EXISTS mlc_pic_reader")
c2.close()
chk.done()
