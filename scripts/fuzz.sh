#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for a set time, one after another, and
# stops at the first crash, out-of-memory or timeout (libFuzzer writes the
# input to fuzz/artifacts/<target>/). See docs/FUZZING.md.
#
#   bash scripts/fuzz.sh                 # 600 s per target, all targets
#   bash scripts/fuzz.sh 60 csv dates    # 60 s each, two targets
#
# By default each target runs inside an address-space cap
# (`ulimit -v 2000000`, about 2 GB): an input that makes a reader reserve
# more memory than a laptop has fails the run, as it would fail a
# reviewer's import. AddressSanitizer reserves terabytes of address space
# up front and cannot run under such a cap, so capped runs are built
# without it; `FUZZ_SANITIZER=address` runs uncapped with it instead.
#
# Prints one line per target: executions, coverage and corpus size.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

secs="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(csv json dates xlsx docx import)
fi

if ! command -v cargo-fuzz > /dev/null; then
    cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1
sanitizer="${FUZZ_SANITIZER:-none}"
cap_kb="${FUZZ_VMEM_KB:-2000000}"
cargo fuzz build -O -s "$sanitizer"

summary=()
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    extra=()
    case "$t" in
        xlsx | docx | import) extra=(-max_len=262144) ;;
    esac
    log="target/fuzz-$t.log"
    echo "fuzz: $t for ${secs} s (log: fuzz/$log)"
    # The target built above is run directly: `cargo fuzz run` would
    # rebuild after any edit, and a compiler inside the cap runs out of
    # memory long before the importers do.
    bin="target/$(rustc -vV | sed -n 's/^host: //p')/release/$t"
    if ! (
        if [ "$sanitizer" = none ]; then ulimit -v "$cap_kb"; fi
        "$bin" "corpus/$t" \
            -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
            -print_final_stats=1 "${extra[@]}"
    ) > "$log" 2>&1; then
        tail -n 40 "$log"
        echo "fuzz: $t FAILED; the input is in fuzz/artifacts/$t/" >&2
        exit 1
    fi
    execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    cov=$(grep -E '^#[0-9]+.*DONE' "$log" | tail -n1 | sed -E 's/.*cov: ([0-9]+).*/\1/')
    summary+=("$(printf '%-7s %4s s  %10s runs  cov %6s  corpus %5s files' \
        "$t" "$secs" "${execs:-?}" "${cov:-?}" "$(ls "corpus/$t" | wc -l)")")
done

echo
cap="no address-space cap"
if [ "$sanitizer" = none ]; then cap="ulimit -v $cap_kb"; fi
echo "fuzz summary ($(date -u +%Y-%m-%d), $(nproc) cores, sanitizer $sanitizer, $cap):"
printf '  %s\n' "${summary[@]}"
