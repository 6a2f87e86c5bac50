"""README's Contents list against its headings, and every in-page link.

Fails when a level-2 heading of README.md is missing from the Contents list,
when a Contents entry or any `[text](#anchor)` link of README points to no
heading (anchors as GitHub makes them: lowercase, punctuation other than
'-' and '_' dropped, spaces to '-', '-N' suffixes for repeated headings),
or when README carries spec references or priority tags that mean nothing
to a reader. One line per check: "ok readme_contents/<name>" or FAIL."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import checklib as L  # noqa: E402

chk = L.Checker("readme_contents")
text = open(os.path.join(L.ROOT, "README.md"), encoding="utf-8").read()
lines = text.split("\n")

headings, fence = [], False
for line in lines:
    if line.startswith("```"):
        fence = not fence
    elif not fence and re.match(r"#{1,6} ", line):
        level = len(line.split(" ")[0])
        headings.append((level, line[level + 1:].strip()))


def slug(title):
    s = title.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


anchors, seen = set(), {}
for _, title in headings:
    base = slug(title)
    k = seen.get(base, 0)
    anchors.add(base if k == 0 else f"{base}-{k}")
    seen[base] = k + 1

start = lines.index("## Contents")
contents = []
for line in lines[start + 1:]:
    if line.startswith("#"):
        break
    m = re.match(r"\s*- \[(.*)\]\(#([^)]*)\)", line)
    if m:
        contents.append(m.groups())
chk.check("contents/found", len(contents) > 10, f"only {len(contents)} entries")
listed = {a for _, a in contents}
for level, title in headings:
    if level == 2 and title != "Contents":
        chk.check(f"listed/{slug(title)}", slug(title) in listed, f"heading '## {title}' is not in Contents")
for title, a in contents:
    chk.check(f"entry/{a}", a in anchors, f"Contents entry '{title}' points to #{a}, which no heading makes")
fence = False
for no, line in enumerate(lines, 1):
    if line.startswith("```"):
        fence = not fence
        continue
    if fence:
        continue
    for a in re.findall(r"\]\(#([^)]*)\)", line):
        chk.check(f"link/line{no}/{a}", a in anchors, f"line {no} links to #{a}, which no heading makes")
bad = [f"{no}: {line.strip()}" for no, line in enumerate(lines, 1)
       if re.search(r"\bSPEC\b|\bP[0-3]\b|\(0\.[0-9]\)", line)]
chk.check("no_spec_or_priority_tags", not bad, "; ".join(bad[:5]))
chk.done()
