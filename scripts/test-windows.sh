#!/usr/bin/env bash
# The Windows build, tested under Wine: cross-builds tebiki.exe (x86_64-pc-windows-gnu,
# Debian's mingw-w64) and the library's unit tests, and runs them under Wine beside
# the Linux build:
#   - the library's unit tests (the cross-built test exe);
#   - `list` (byte-identical to Linux), `check` on a broken guide (exit 1, FILE:LINE);
#   - a whole `run my-au-login --lang ja` with piped lines and `--events`: the same
#     `step` sequence as on Linux;
#   - `export my-au-login --lang ja`: every file byte-identical to the Linux export.
# Both builds use a private TEBIKI_HOME (never the tester's own folders or AppData)
# with the speech data that scripts/setup.sh installed. Installs what it needs (wine,
# mingw, the Rust target). Prints the time each part took.
#
# Wine 8.0 (Debian 12) lacks bcryptprimitives.dll, which Rust's standard library needs
# (ProcessPrng): a stand-in is built here from scripts/wine/bcryptprimitives.c and
# put beside the test programs only. Real Windows has it; it is never shipped.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=x86_64-pc-windows-gnu
release=$root/target/$target/release

started=$SECONDS
part_started=$SECONDS
part() {
  printf 'test-windows: %-44s %4ss\n' "$1" "$((SECONDS - part_started))"
  part_started=$SECONDS
}
fail() {
  echo "test-windows: FAILED: $*" >&2
  exit 1
}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- what it needs -------------------------------------------------------------------
missing=()
command -v wine >/dev/null 2>&1 || missing+=(wine wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing+=(gcc-mingw-w64-x86-64)
if [ ${#missing[@]} -gt 0 ]; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
fi
if ! rustup target list --installed | grep -qx "$target"; then
  rustup target add "$target" || fail "rustup could not add $target (the Linux tests are not affected)"
fi
part "tools (wine, mingw, rust target)"

# --- builds --------------------------------------------------------------------------
cargo build --quiet --release --target "$target"
part "windows build (release)"
# The unit tests' exe: its path is the one cargo reports.
unit_exe=$(cargo test --quiet --release --target "$target" --lib --no-run --message-format=json |
  sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
[ -f "$unit_exe" ] || fail "no unit test exe"
part "windows unit tests build"
cargo build --quiet
linux=$root/target/debug/tebiki
part "linux build (debug, for comparison)"

work=$(mktemp -d)
cleanup() {
  wineserver -k >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The stand-in DLL, beside the programs that Wine runs (not in target's release
# folder: packaging takes tebiki.exe from there, and the stand-in must not follow).
win=$work/win
mkdir -p "$win"
cp "$release/tebiki.exe" "$win/"
cp "$unit_exe" "$win/unit-tests.exe"
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$win/bcryptprimitives.dll" scripts/wine/bcryptprimitives.c

export WINEPREFIX=$work/prefix WINEDEBUG=-all
# No Mono or Gecko download prompts.
export WINEDLLOVERRIDES="mscoree,mshtml="
wineboot -i >/dev/null 2>&1 || true
part "wine prefix"

# A private home for each build, with the installed speech data linked in.
data=${XDG_DATA_HOME:-$HOME/.local/share}/tebiki
home_for() {
  local h=$work/home-$1
  mkdir -p "$h/data"
  for d in naist-jdic voices; do
    [ -e "$data/$d" ] && ln -s "$data/$d" "$h/data/$d"
  done
  echo "$h"
}
linux_home=$(home_for linux)
win_home=$(home_for windows)
# Neither build may look anywhere else: no shared data folders, a fixed language.
export XDG_DATA_DIRS=$work/none LANG=ja_JP.UTF-8 LC_ALL=
on_linux() { TEBIKI_HOME=$linux_home "$linux" "$@"; }
on_windows() { TEBIKI_HOME=$win_home wine "$win/tebiki.exe" "$@"; }

# --- the library's unit tests ---------------------------------------------------------
# Sound needs a device, which Wine has none of here: the tests that need one skip
# themselves. The speech data is found through TEBIKI_HOME.
# Kokoro's files are not in the Windows home yet (the zip's --neural is still to
# come): its tests, which need the model, run on Linux only for now.
(cd "$work" && TEBIKI_HOME=$win_home wine "$win/unit-tests.exe" --test-threads=2 --skip speech::kokoro) \
  >"$work/unit.log" 2>&1 ||
  { tail -40 "$work/unit.log"; fail "unit tests under Wine"; }
grep -E '^test result' "$work/unit.log" | sed 's/^/test-windows: unit tests: /'
part "unit tests under wine"

# --- list ----------------------------------------------------------------------------
on_linux list >"$work/list-linux.txt"
on_windows list >"$work/list-windows.txt"
cmp "$work/list-linux.txt" "$work/list-windows.txt" || {
  diff "$work/list-linux.txt" "$work/list-windows.txt" | head -20
  fail "list differs"
}
grep -q my-au-login "$work/list-windows.txt" || fail "list misses my-au-login"

# --- check on a broken guide -----------------------------------------------------------
broken=$root/tests/fixtures/guides/duplicate-step
status=0
on_windows check "$broken" >"$work/check.out" 2>"$work/check.err" || status=$?
[ "$status" = 1 ] || { cat "$work/check.out" "$work/check.err"; fail "check exited $status, not 1"; }
grep -Eq 'guide\.toml:[0-9]+' "$work/check.out" "$work/check.err" ||
  { cat "$work/check.out" "$work/check.err"; fail "check gave no file:line"; }
part "list and check"

# --- a whole run ----------------------------------------------------------------------
# Past the introduction, "no" to the Wi-Fi question, Android (1) at "which phone" and
# its steps, then "next" and "yes" by turns to the end (each moves on only where it
# means something).
keys() {
  printf 'next\n%.0s' 1 2 3 4
  printf 'no\n1\n'
  printf 'next\n%.0s' 1 2 3 4 5
  printf 'next\nyes\n%.0s' $(seq 30)
}
steps_of() { sed -n 's/.*"event":"step".*"step":"\([^"]*\)".*/\1/p' "$1"; }
keys | on_linux run my-au-login --lang ja --engine text --events "$work/run-linux.jsonl" >/dev/null
keys | on_windows run my-au-login --lang ja --engine text --events "$work/run-windows.jsonl" >/dev/null
steps_of "$work/run-linux.jsonl" >"$work/steps-linux.txt"
steps_of "$work/run-windows.jsonl" >"$work/steps-windows.txt"
[ -s "$work/steps-linux.txt" ] || fail "no step events on Linux"
cmp "$work/steps-linux.txt" "$work/steps-windows.txt" || {
  diff "$work/steps-linux.txt" "$work/steps-windows.txt" | head
  fail "the step sequence differs"
}
# Both end the same way (a `finish` event, completed or not).
finish_of() { grep '"event":"finish"' "$1" | grep -o '"completed":[a-z]*'; }
[ -n "$(finish_of "$work/run-windows.jsonl")" ] || fail "no finish event on Windows"
[ "$(finish_of "$work/run-linux.jsonl")" = "$(finish_of "$work/run-windows.jsonl")" ] ||
  fail "the run ended differently"
echo "test-windows: run: $(wc -l <"$work/steps-windows.txt") steps, the same on both"
part "run my-au-login --lang ja"

# --- export ---------------------------------------------------------------------------
if [ -e "$data/naist-jdic" ]; then
  on_linux export my-au-login --lang ja --out "$work/export-linux" >/dev/null
  on_windows export my-au-login --lang ja --out "$work/export-windows" >/dev/null
  diff -r "$work/export-linux" "$work/export-windows" >/dev/null || {
    diff -rq "$work/export-linux" "$work/export-windows" | head
    fail "the exports differ"
  }
  echo "test-windows: export: $(ls "$work/export-windows" | wc -l) files, byte-identical"
else
  [ -z "${TEBIKI_REQUIRE_TOOLS:-}" ] || fail "no speech data in $data: run scripts/setup.sh"
  echo "test-windows: export skipped: no speech data in $data"
fi
part "export my-au-login --lang ja"

printf 'test-windows: all passed in %ss\n' "$((SECONDS - started))"
