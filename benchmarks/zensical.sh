#!/bin/sh
# Builds the tree of `python -m generator render --out` with Zensical, outside the repository, beside MkDocs'
# build of the same data: three timed runs of each (BENCHMARKS.md, "Zensical 0.0.73 on the rendered tree").
# Run from the repository after `sh scripts/setup.sh`:  sh benchmarks/zensical.sh
# Writes only under $ZDIR (default /tmp/zensical-try); installs Zensical there, never into .venv.
# Each workaround below is a finding: without it, the build fails or its pages are broken.
set -eu
ZDIR=${ZDIR:-/tmp/zensical-try}
ZVERSION=${ZVERSION:-0.0.73}
export NO_MKDOCS_2_WARNING=1 NO_COLOR=1
mkdir -p "$ZDIR"
[ -x "$ZDIR/venv/bin/zensical" ] || { python3 -m venv "$ZDIR/venv" && "$ZDIR/venv/bin/pip" install -q "zensical==$ZVERSION"; }

# The tree a successor engine gets: the generated pages, plus content/ (hand-written pages, assets) and theme/.
rm -rf "$ZDIR/tree" "$ZDIR/project"
.venv/bin/python -m generator render --out "$ZDIR/tree"
mkdir "$ZDIR/project"
cp -r "$ZDIR/tree" "$ZDIR/project/docs" && rm "$ZDIR/project/docs/.rendered" "$ZDIR/project/docs/nav.yml"
cp -r content/. "$ZDIR/project/docs/"
cp -r theme "$ZDIR/project/theme"

# mkdocs.yml as it is, but: docs/ for content/; not strict (the plugins' absence aside, see below); the classic
# variant, Material's look (Zensical's default is its modern one).
sed -e 's#^docs_dir: content#docs_dir: docs#' -e 's/^strict: true/strict: false/' \
    -e 's/^  custom_dir: theme/&\n  variant: classic/' mkdocs.yml > "$ZDIR/project/mkdocs.yml"

# Workaround 1: MiniJinja has no dict .get() ("map has no method named get", main.html:13).
sed -i -e 's/config\.extra\.get("identity")/config.extra.identity/g' \
       -e 's/(config\.extra\.identity or {})\.get("meta", \[\])/((config.extra.identity or {}).meta or [])/' \
    "$ZDIR/project/theme/main.html" "$ZDIR/project/theme/partials/copyright.html"
# Workaround 2: our sitemap.xml fails ("undefined value", sitemap.xml:5: no `pages`): Zensical's own instead.
rm "$ZDIR/project/theme/sitemap.xml"
# Workaround 3: the nav, which the `registers` plugin gives MkDocs (Zensical runs no MkDocs plugin): render's nav.yml.
.venv/bin/python - "$ZDIR/project/mkdocs.yml" "$ZDIR/tree/nav.yml" <<'EOF'
import sys
import yaml
with open(sys.argv[1], "a", encoding="utf-8") as config:
    config.write(yaml.safe_dump({"nav": yaml.safe_load(open(sys.argv[2], encoding="utf-8"))}, allow_unicode=True,
                                sort_keys=False))
EOF
# Workaround 4: absolute links ](/2025/x.md) made relative: Zensical ignores validation.links.absolute_links
# (relative_to_docs), warns once per link and leaves href="/2025/x.md" in the page.
python3 - "$ZDIR/project/docs" <<'EOF'
import os, re, sys
from pathlib import Path
docs = Path(sys.argv[1])
for md in docs.rglob("*.md"):
    text = md.read_text(encoding="utf-8")
    def relative(match):
        path, anchor = match.group(1), match.group(2) or ""
        target = os.path.relpath(docs / path, md.parent) if path else os.path.relpath(docs, md.parent) + "/"
        return f"]({target}{anchor})"
    new = re.sub(r"\]\(/([^)#\s]*)(#[^)\s]*)?\)", relative, text)
    if new != text:
        md.write_text(new, encoding="utf-8")
EOF

for run in 1 2 3; do
  rm -rf "$ZDIR/mk"
  /usr/bin/time -f "mkdocs   %e s  %M KB" .venv/bin/mkdocs build -q --site-dir "$ZDIR/mk" 2>&1 | tail -1
  (cd "$ZDIR/project" && rm -rf site .cache && /usr/bin/time -f "zensical %e s  %M KB" "$ZDIR/venv/bin/zensical" build --clean 2>&1 | tail -1)
done
echo "pages: mkdocs $(find "$ZDIR/mk" -name '*.html' | wc -l), zensical $(find "$ZDIR/project/site" -name '*.html' | wc -l) (.html files)"
