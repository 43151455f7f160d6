#!/usr/bin/env bash
# The real-cluster test (run by .ci/run after the unit tests): start the loopback standalone cluster, run the demo
# pipeline on it and in local mode, and require identical content checksums of every table (events, selection,
# spectra, limits). Exits non-zero on any difference; always stops the cluster.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/xmass-cluster-test.XXXXXX")"
CONF="$ROOT/target/loopback-cluster/spark-defaults.conf"
trap '"$ROOT/cluster-conf/loopback-cluster.sh" stop >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
"$ROOT/cluster-conf/loopback-cluster.sh" start 2 3g
XMASS_SPARK_DEFAULTS="$CONF" "$ROOT/bin/xmass" --quiet --master spark://127.0.0.1:7077 pipeline --config demo --data "$WORK/cluster" > "$WORK/cluster.out"
"$ROOT/bin/xmass" --quiet pipeline --config demo --data "$WORK/local" > "$WORK/local.out"
XMASS_SPARK_DEFAULTS="$CONF" "$ROOT/bin/xmass" --master spark://127.0.0.1:7077 checksum --data "$WORK/cluster" 2>/dev/null > "$WORK/cluster.sum"
"$ROOT/bin/xmass" checksum --data "$WORK/local" 2>/dev/null > "$WORK/local.sum"
cat "$WORK/cluster.sum"
[ "$(wc -l < "$WORK/local.sum")" -ge 7 ] || { echo "cluster test: expected 7 tables" >&2; exit 1; }
if ! diff "$WORK/local.sum" "$WORK/cluster.sum"; then
  echo "cluster test: FAILED, the cluster's outputs differ from local mode" >&2
  exit 1
fi
ls "$ROOT/target/loopback-cluster/work" | grep -q app- || { echo "cluster test: no application ran on the Worker" >&2; exit 1; }
echo "cluster test: the demo pipeline on the loopback standalone cluster matches local mode (7 tables)"
