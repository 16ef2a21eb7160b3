#!/usr/bin/env bash
# Compares two reports' separability.csv row for row, timing rows (probe_seconds) aside: no two
# runs share a timing. Exit 0 when equal; otherwise prints the differing rows and exits 1.
# Usage: scripts/same-rows.sh REPORT_DIR_A REPORT_DIR_B
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 REPORT_DIR_A REPORT_DIR_B" >&2; exit 2; }
rows() { grep -v ',probe_seconds,' "$1/separability.csv" | sort; }
if diff <(rows "$1") <(rows "$2") > /tmp/same-rows.$$.diff; then
  echo "same rows: $(rows "$1" | wc -l) compared ($1, $2)"
  rm -f /tmp/same-rows.$$.diff
else
  echo "rows differ between $1 and $2:"
  head -40 /tmp/same-rows.$$.diff
  rm -f /tmp/same-rows.$$.diff
  exit 1
fi
