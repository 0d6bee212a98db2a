#!/usr/bin/env bash
# tebiki's speed, measured end to end in the sound rig: key -> sound, key -> stop,
# start -> first sound (cold and warm), `say --out` against open_jtalk and espeak-ng,
# the whole guide rendered, peak memory. Prints one table and writes it as JSON.
#   scripts/bench.sh                 everything (about 8 minutes)
#   scripts/bench.sh --only keys     one part (keys,start,say,export,memory); see scripts/bench.py --help
#   scripts/bench.sh --engine jtalk:ja,kokoro:en   engines side by side (keys, start, export, memory)
# Needs a machine set up by scripts/setup.sh (release build, speech data, the rig's
# packages, open_jtalk with its dictionary, /usr/bin/time). The machine is noisy if
# other work runs: the script prints the load average; compare ratios, not absolutes.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
for tool in open_jtalk espeak-ng /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing: run scripts/setup.sh" >&2; exit 1; }
done
exec scripts/rig.sh run python3 scripts/bench.py "$@"
