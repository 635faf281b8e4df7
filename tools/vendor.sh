#!/usr/bin/env bash
# Copy the browser assets the map needs (Leaflet, its plugins, jQuery, Bootstrap, Font Awesome)
# from the npm registry into DEST, so that the dashboard never loads anything from a CDN.
#
#   bash tools/vendor.sh dashboard/static/vendor
#
# What is installed and copied is listed in dashboard/data/vendor.json (pinned versions); the
# same file tells dashboard/map/assets.py which folium link points at which local file. Only the
# dist files (js, css, images, fonts) and each package's licence are copied, then
# DEST/MANIFEST.json records versions, licences, sizes and SHA-256 sums.
# Idempotent: DEST is rebuilt in a staging folder and swapped in only when everything worked.
set -euo pipefail

die() { echo "vendor.sh: error: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: bash tools/vendor.sh DEST (e.g. dashboard/static/vendor)"
DEST=${1%/}
[ -n "$DEST" ] && [ "$DEST" != "/" ] || die "refusing DEST='$1'"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SPEC="$HERE/../dashboard/data/vendor.json"
[ -f "$SPEC" ] || die "missing $SPEC"
command -v node >/dev/null || die "node is not installed (apt-get install nodejs npm)"
command -v npm >/dev/null || die "npm is not installed (apt-get install npm)"

WORK=$(mktemp -d)
STAGE="$DEST.staging.$$"
cleanup() { rm -rf "$WORK" "$STAGE"; }
trap cleanup EXIT

# name@version for every package in the spec
mapfile -t PACKAGES < <(node -e '
  const spec = require(process.argv[1]);
  for (const [name, version] of Object.entries(spec.packages)) console.log(`${name}@${version}`);
' "$SPEC")
[ ${#PACKAGES[@]} -gt 0 ] || die "no packages listed in $SPEC"

echo "vendor.sh: npm install ${PACKAGES[*]}"
# --ignore-scripts: nothing from the registry runs here; we only copy files.
if ! npm install --prefix "$WORK" --no-audit --no-fund --ignore-scripts --no-package-lock \
        "${PACKAGES[@]}" >"$WORK/npm.log" 2>&1; then
    cat "$WORK/npm.log" >&2
    die "npm install failed (see the log above)"
fi

mkdir -p "$STAGE"
# one "package<TAB>source<TAB>target" line per file or folder to copy
mapfile -t ROWS < <(node -e '
  const spec = require(process.argv[1]);
  spec.files.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== 3) {
      console.error(`vendor.json files[${i}]: expected [package, source, target]`);
      process.exit(1);
    }
    if (!(row[0] in spec.packages)) {
      console.error(`vendor.json files[${i}]: package ${row[0]} is not in "packages"`);
      process.exit(1);
    }
    console.log(row.join("\t"));
  });
' "$SPEC")

for row in "${ROWS[@]}"; do
    IFS=$'\t' read -r package source target <<<"$row"
    from="$WORK/node_modules/$package/$source"
    to="$STAGE/$target"
    case "$target" in
        /*|*..*) die "vendor.json: target '$target' must stay inside DEST" ;;
    esac
    if [[ "$source" == */ ]]; then
        [ -d "$from" ] || die "$package: folder $source not found in the installed package"
        mkdir -p "$to"
        cp -R "$from." "$to"
    else
        [ -f "$from" ] || die "$package: file $source not found in the installed package"
        mkdir -p "$(dirname "$to")"
        cp "$from" "$to"
    fi
done

# every asset folium links to must exist; then write the manifest
node -e '
  const fs = require("fs"), path = require("path"), crypto = require("crypto");
  const [specPath, work, stage] = process.argv.slice(1);
  const spec = require(specPath);
  for (const [name, rel] of Object.entries(spec.assets)) {
    if (!fs.existsSync(path.join(stage, rel))) {
      console.error(`vendor.json assets.${name}: ${rel} was not copied`);
      process.exit(1);
    }
  }
  const packages = {};
  for (const name of Object.keys(spec.packages)) {
    const meta = JSON.parse(fs.readFileSync(path.join(work, "node_modules", name, "package.json")));
    if (meta.version !== spec.packages[name]) {
      console.error(`${name}: installed ${meta.version}, pinned ${spec.packages[name]}`);
      process.exit(1);
    }
    packages[name] = {version: meta.version, license: meta.license || "see LICENSE file"};
  }
  const files = {};
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, {withFileTypes: true}).sort((a, b) =>
        a.name < b.name ? -1 : 1)) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) { walk(full); continue; }
      const data = fs.readFileSync(full);
      files[path.relative(stage, full).split(path.sep).join("/")] = {
        bytes: data.length,
        sha256: crypto.createHash("sha256").update(data).digest("hex"),
      };
    }
  };
  walk(stage);
  const manifest = {packages, assets: spec.assets, files};
  fs.writeFileSync(path.join(stage, "MANIFEST.json"), JSON.stringify(manifest, null, 2) + "\n");
' "$SPEC" "$WORK" "$STAGE"

rm -rf "$DEST"
mkdir -p "$(dirname "$DEST")"
mv "$STAGE" "$DEST"
echo "vendor.sh: $(find "$DEST" -type f | wc -l) files in $DEST"
