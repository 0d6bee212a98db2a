#!/usr/bin/env bash
# Runs the fuzz targets by hand, one after another, on the stable toolchain.
#   scripts/fuzz.sh                    every target, 10 minutes each
#   scripts/fuzz.sh guide_load 60      one target, 60 seconds
#   scripts/fuzz.sh --seed             only (re)write the seed corpora
# Needs `cargo install cargo-fuzz`. `-s none`: AddressSanitizer needs nightly, and
# tebiki has no unsafe code for it to watch; overflow checks and debug assertions
# stay on (cargo-fuzz's default). For ASan, run `cargo +nightly fuzz run <target>`.
# One fuzzer at a time (one libFuzzer worker, `-fork=1`), niced: the machine is shared.
# Fork mode with -ignore_crashes keeps fuzzing for the whole time and writes every
# crash to fuzz/artifacts/<target>/ instead of stopping at the first.
# CI does not fuzz: it replays tests/fixtures/fuzz/ through `cargo test`.
#
# A crash: minimise it, fix it, keep it as a regression input:
#   cargo fuzz tmin -s none <target> fuzz/artifacts/<target>/crash-...
#   cp fuzz/artifacts/<target>/minimized-from-... tests/fixtures/fuzz/<target>/<what-it-was>
#   cargo test --test fuzz_regressions
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(guide_load line_input lexicon progress render player import)

# Seed corpora from the built-in guides, the test fixtures and the kept inputs.
seed() {
  local t
  for t in "${TARGETS[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    cp tests/fixtures/fuzz/"$t"/* "fuzz/corpus/$t/" 2>/dev/null || true
  done
  # guide_load: guide.toml, then NUL, file name, newline, content, for each file.
  local dir f n=0
  for dir in guides/*/ tests/fixtures/guides/*/; do
    n=$((n + 1))
    {
      cat "$dir/guide.toml" 2>/dev/null || true
      for f in "$dir"*; do
        [ "$(basename "$f")" = guide.toml ] && continue
        printf '\0%s\n' "$(basename "$f")"
        cat "$f"
      done
    } >"fuzz/corpus/guide_load/seed-$n"
  done
  # lexicon: a lexicon, NUL, a text to speak.
  n=0
  for f in locales/*/lexicon.toml; do
    for dir in guides/*/; do
      n=$((n + 1))
      { cat "$f"; printf '\0'; cat "$dir"/*.ftl; } >"fuzz/corpus/lexicon/seed-$n"
    done
  done
  # render: width, style, then texts separated by NUL.
  n=0
  for f in guides/*/*.ftl; do
    n=$((n + 1))
    { printf '\x28\x03'; tr '\n=' '\n\0' <"$f"; } >"fuzz/corpus/render/seed-$n"
  done
  # line_input: the words of SPEC.md.
  printf 'next\nrepeat\nback\nyes\nno\nlang\nlang ja\nfaster\nslower\nhelp\nwhere\nquit\nはい\nいいえ\nｎ\n\r\n' \
    >fuzz/corpus/line_input/seed-words
  # progress: a saved position in each built-in guide.
  printf '{"guide":"turn-off-wifi","step":"android-tap-wifi","history":["intro","which-phone","android-swipe-down"],"lang":"ja","timers":[],"saved_unix_ms":1795000000000}' \
    >fuzz/corpus/progress/seed-1
  printf '{"guide":"call-support","step":"make-call","history":["intro"],"lang":"en","timers":[{"step":"make-call","deadline_unix_ms":1795000060000,"reminded":[5],"expired":false}]}' \
    >fuzz/corpus/progress/seed-2
  # player: guide, options, then (event, wait) pairs.
  printf '\x00\x03\x02\x00\x00\x10\x05\x00\x02\x40\x01\xff\x07\x00\x0e\x00\x04\x00' >fuzz/corpus/player/seed-1
  printf '\x01\x11\x02\x00\x02\x00\x06\x00\x02\x00\x0f\x00\x05\x00' >fuzz/corpus/player/seed-2
  # import: the file name, newline, the file, for every importer test file.
  n=0
  for f in tests/fixtures/import/*; do
    n=$((n + 1))
    { basename "$f"; cat "$f"; } >"fuzz/corpus/import/seed-$n"
  done
}

main() {
  seed
  [ "${1:-}" = --seed ] && return 0
  if [ $# -gt 0 ]; then
    TARGETS=("$1")
  fi
  local seconds=${2:-600} t
  for t in "${TARGETS[@]}"; do
    echo "== $t: $seconds s"
    nice -n 10 cargo fuzz run -s none "$t" "fuzz/corpus/$t" -- \
      -max_total_time="$seconds" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
      -ignore_ooms=1 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
  done
}

# All in functions and `exit` here, so editing this file while it runs is safe.
main "$@"
exit
