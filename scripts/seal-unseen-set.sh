#!/usr/bin/env bash
# Splits a set written blind (tests/Bot.Tests/Data/unseen/README.md) into its open and sealed halves.
# Messages: within each label and category, alternate lines (first open, second sealed), so both halves
# cover every category; with `by-label` (questions labelled with entry ids, one style each), within each label.
# Conversations (4 fields): alternate conversations.
# Usage: scripts/seal-unseen-set.sh RAW.tsv NAME [by-label]  -> unseen/open/NAME.tsv and unseen/sealed/NAME.tsv
# (UNSEEN_DIR=another folder for a set measured apart, such as unseen-mixed)
set -euo pipefail
raw=$1; name=$2; by=${3:-}
dir="${UNSEEN_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/Bot.Tests/Data/unseen}"
mkdir -p "$dir/open" "$dir/sealed"
awk -F'\t' -v by="$by" -v open="$dir/open/$name.tsv" -v sealed="$dir/sealed/$name.tsv" '
  NF == 0 { next }
  NF == 4 { if (!($1 in conv)) conv[$1] = n++; print > ((conv[$1] % 2 == 0) ? open : sealed); next }
  { key = (by == "by-label") ? $1 : $1 "\t" $2; k = seen[key]++; print > ((k % 2 == 0) ? open : sealed) }
' "$raw"
wc -l "$dir/open/$name.tsv" "$dir/sealed/$name.tsv" | sed '$d'
