#!/usr/bin/env bash
# Times the PDF export of a 10,000-record chronology and reports peak memory.
# Usage: bash benches/export_10k.sh   (builds a release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
command -v /usr/bin/time >/dev/null || sightline_need_apt time
cargo build --release --locked --bin sightline >/dev/null
bin=$PWD/target/release/sightline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SIGHTLINE_PASSPHRASE=bench

# Five agencies, 2,000 rows each, two years, the kinds of entry reviews hold.
for agency in Police "Children's Social Care" "Health Visiting" School "General Practice"; do
  awk -v agency="$agency" 'BEGIN {
    srand(7); print "Date,Time,Details,Outcome,Practitioner,Child";
    split("Home visit. Child seen alone, no concerns.|Domestic incident reported by neighbour; officers attended, child present.|Child not brought to appointment (DNA). Letter sent to mum.|Referral received from school re bruising to arm.|Strategy discussion held. Present: SW, police, HV. Not present: GP.|Child arrived with a bruise to cheek; mum said he fell.|Case closed – NFA.|Referred to children'"'"'s social care.", t, "|");
    for (i = 0; i < 2000; i++) {
      d = int(rand() * 28) + 1; m = int(rand() * 12) + 1; y = 2021 + int(rand() * 2);
      printf "%02d/%02d/%d,%02d:%02d,\"%s (%s entry %d)\",Logged,Worker %d,Child %d Family\n", d, m, y, 9 + int(rand() * 9), int(rand() * 60), t[int(rand() * 8) + 1], agency, i, i % 30, i % 40
    }
  }' > "$work/$agency.csv"
done
"$bin" new "$work/bench.sightline" --title "Export benchmark" 2>/dev/null
for f in "$work"/*.csv; do
  name=$(basename "$f" .csv)
  "$bin" import "$work/bench.sightline" "$f" --agency "$name" >/dev/null
done
/usr/bin/time -f "%e s elapsed, %M KB peak resident" \
  "$bin" export "$work/bench.sightline" --pdf "$work/bench.pdf" 2>&1 | tail -2
pdfinfo "$work/bench.pdf" | grep -E "^Pages"
