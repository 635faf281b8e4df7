#!/bin/sh
# Print the path of a tree holding the project as it was at a git revision, for the benchmarks'
# "baseline measured in the same run" (make bench, make bench-ui). The tree is written once to
# .bench/baseline-<rev> with `git archive`; the vendored map files of today's tree are copied in
# when that revision predates them. Prints nothing (and says why on stderr) when the revision is
# not in this clone (a shallow clone, say): the benchmarks then run without a baseline.
set -eu
rev="${1:-}"
[ -n "$rev" ] || exit 0
root=$(cd "$(dirname "$0")/.." && pwd)
if ! git -C "$root" rev-parse --verify --quiet "$rev^{commit}" >/dev/null; then
    echo "baseline_tree: revision $rev is not in this clone; no baseline" >&2
    exit 0
fi
out="$root/.bench/baseline-$rev"
if [ ! -f "$out/.complete" ]; then
    rm -rf "$out"
    mkdir -p "$out"
    git -C "$root" archive "$rev" | tar -x -C "$out"
    if [ ! -d "$out/dashboard/static/vendor" ] && [ -d "$root/dashboard/static/vendor" ]; then
        cp -r "$root/dashboard/static/vendor" "$out/dashboard/static/vendor"
    fi
    touch "$out/.complete"
fi
echo "$out"
