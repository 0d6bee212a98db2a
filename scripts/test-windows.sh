#!/usr/bin/env bash
# The Windows build, tested under Wine: cross-builds tebiki.exe (x86_64-pc-windows-gnu,
# Debian's mingw-w64) and the library's unit tests, and runs them under Wine beside
# the Linux build:
#   - the library's unit tests (the cross-built test exe);
#   - `list` (byte-identical to Linux), `check` on a broken guide (exit 1, FILE:LINE);
#   - a whole `run my-au-login --lang ja` with piped lines and `--events`: the same
#     `step` sequence as on Linux;
#   - a tmux run (keys in Wine's console: Enter, r, b, q+y; then the offer to
#     continue, and Ctrl-C): the place kept;
#   - `export my-au-login --lang ja`: every file byte-identical to the Linux export;
#   - scripts/package-windows.sh --check, and the unzipped exe with no TEBIKI_HOME:
#     `list` and a Japanese `say --out` byte-identical to Linux, progress beside it;
#   - the same with --neural: Kokoro through PyPI's Windows onnxruntime.dll speaks
#     Japanese and English (TEBIKI_SKIP_NEURAL=1 leaves this out).
# Both builds use a private TEBIKI_HOME (never the tester's own folders or AppData)
# with the speech data that scripts/setup.sh installed. Installs what it needs (wine,
# mingw, the Rust target). Prints the time each part took.
#
# Wine 8.0 (Debian 12) lacks bcryptprimitives.dll, which Rust's standard library needs
# (ProcessPrng): a stand-in is built here from scripts/wine/bcryptprimitives.c and
# put beside the test programs and in the Wine prefix's system32 only. Real Windows
# has it; it is never shipped.
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
command -v zip >/dev/null 2>&1 || missing+=(zip)
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
# Clippy for the Windows target: the cfg'd code Linux's clippy never sees.
cargo clippy --quiet --target "$target" --all-targets -- -D warnings
part "windows clippy"
cargo build --quiet
linux=$root/target/debug/tebiki
part "linux build (debug, for comparison)"

work=$(mktemp -d)
cleanup() {
  tmux -S "$work/tmux.sock" kill-server >/dev/null 2>&1 || true
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
# Also in the prefix's system32, for the unzipped package (which must not carry it).
cp "$win/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
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

# --- a tmux run under Wine ------------------------------------------------------------
# The terminal as a person uses it: keys into Wine's console through tmux (raw mode
# through crossterm), then the place kept and offered again. Every wait polls the
# screen or a file, with a deadline.
if command -v tmux >/dev/null 2>&1; then
  tmux_home=$(home_for tmux)
  sock=$work/tmux.sock
  # -u: UTF-8 whatever the locale; Wine's console writes Japanese only in a UTF-8
  # locale this machine has (C.UTF-8; ja_JP.UTF-8 is often not generated).
  tm() { tmux -u -S "$sock" -f /dev/null "$@"; }
  tm new-session -d -x 100 -y 30 -s t sh
  screen() { tm capture-pane -p -t t; }
  wait_until() { # LABEL SECONDS COMMAND…: polls COMMAND until it succeeds
    local label=$1 deadline=$((SECONDS + $2))
    shift 2
    until "$@"; do
      [ "$SECONDS" -lt "$deadline" ] || { screen | sed 's/^/  | /'; fail "tmux: waited for $label"; }
      sleep 0.2
    done
  }
  on_screen() { screen | grep -qF -- "$1"; }
  key() { tm send-keys -t t "$1"; sleep 0.5; }
  # `wine` in the pane, its status written when it exits.
  start_run() { # EVENTS
    rm -f "$work/tmux-status"
    tm send-keys -t t "clear; LANG=C.UTF-8 TEBIKI_HOME=$tmux_home wine $win/tebiki.exe run my-au-login --lang ja --engine text --events $1; echo \$? >$work/tmux-status" Enter
  }
  exited() { [ -s "$work/tmux-status" ]; }
  actions() { sed -n 's/.*"event":"key".*"action":"\([a-z]*\)".*/\1/p' "$1" | tr '\n' ' '; }
  progress=$tmux_home/state/progress/my-au-login.json

  # Enter twice, r, b, then q and y: stopped at step 2, the place kept.
  start_run "$work/tmux1.jsonl"
  wait_until "step 1" 60 on_screen "手順 1 /"
  key Enter
  wait_until "step 2" 20 on_screen "手順 2 /"
  key Enter
  wait_until "step 3" 20 on_screen "手順 3 /"
  key r
  key b
  wait_until "step 2 again" 20 on_screen "手順 2 /"
  key q
  wait_until "the stop question" 20 on_screen "ガイドをやめますか"
  key y
  wait_until "wine to exit" 30 exited
  [ "$(cat "$work/tmux-status")" = 0 ] || fail "tmux: q+y exited $(cat "$work/tmux-status")"
  [ "$(steps_of "$work/tmux1.jsonl" | tr '\n' ' ')" = "intro need-phone need-pc need-phone " ] ||
    fail "tmux: steps were $(steps_of "$work/tmux1.jsonl" | tr '\n' ' ')"
  case "$(actions "$work/tmux1.jsonl")" in "next next repeat back quit "*) ;; *) false ;; esac ||
    fail "tmux: keys were $(actions "$work/tmux1.jsonl")"
  [ "$(finish_of "$work/tmux1.jsonl")" = '"completed":false' ] || fail "tmux: no finish event after q+y"
  grep -q '"need-phone"' "$progress" || fail "tmux: the place was not kept: $(cat "$progress" 2>&1)"

  # Again: it offers step 2; y continues there; then Ctrl-C.
  start_run "$work/tmux2.jsonl"
  wait_until "the offer to continue" 60 on_screen "手順 2「"
  key y
  wait_until "step 2 on continuing" 20 on_screen "手順 2 /"
  steps_of "$work/tmux2.jsonl" | head -1 | grep -qx need-phone || fail "tmux: did not continue at need-phone"
  key Enter
  wait_until "step 3 on continuing" 20 on_screen "手順 3 /"
  wait_until "step 3 saved" 10 grep -q '"need-pc"' "$progress"
  tm send-keys -t t C-c
  wait_until "wine to exit after Ctrl-C" 30 exited
  # Under Wine in tmux, Ctrl-C reaches tebiki through the console control handler
  # (no key event is logged), which ends the session the ordinary way: `finish`
  # logged, exit 0, the place kept. (On Windows in raw mode it may come as a key.)
  [ "$(cat "$work/tmux-status")" = 0 ] || fail "tmux: Ctrl-C exited $(cat "$work/tmux-status")"
  [ "$(finish_of "$work/tmux2.jsonl")" = '"completed":false' ] || fail "tmux: no finish event after Ctrl-C"
  if tail -2 "$work/tmux2.jsonl" | grep -q '"action":"quit"'; then ctrl_c="a key"; else
    ctrl_c="the console control handler"; fi
  grep -q '"need-pc"' "$progress" || fail "tmux: the place was lost at Ctrl-C: $(cat "$progress" 2>&1)"
  tm kill-server
  echo "test-windows: tmux: keys, q+y, the offer to continue, Ctrl-C (through $ctrl_c): finish logged, place kept"
else
  [ -z "${TEBIKI_REQUIRE_TOOLS:-}" ] || fail "tmux is not installed"
  echo "test-windows: tmux run skipped: tmux is not installed"
fi
part "tmux run under wine"

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

# --- the zip -------------------------------------------------------------------------
# scripts/package-windows.sh --check (what the zip holds), then the unzipped folder as
# a teacher leaves it: no TEBIKI_HOME, so the exe finds its data beside itself and
# keeps its settings and progress there (portable), never in AppData. The Wine
# stand-in is in the prefix's system32, not in that folder.
if [ -e "$data/naist-jdic" ]; then
  scripts/package-windows.sh --check --out "$work/dist" | sed 's/^/test-windows: /'
  zip=$(ls "$work"/dist/tebiki-*-windows-x64.zip)
  unzip -q "$zip" -d "$work/unzipped"
  portable=$(ls -d "$work"/unzipped/tebiki-*)
  as_teacher() { (cd "$portable" && env -u TEBIKI_HOME wine "$portable/tebiki.exe" "$@"); }
  as_teacher list >"$work/list-zip.txt"
  cmp -s "$work/list-linux.txt" "$work/list-zip.txt" || fail "the unzipped exe's list differs"
  sentence="画面の右下にある、扇の形のマークを押してください。"
  on_linux say "$sentence" --lang ja --out "$work/say-linux.wav" >/dev/null
  # Wine reads the command line in the Unix locale: one this machine has (C.UTF-8; not
  # always ja_JP.UTF-8), or the Japanese text arrives as question marks.
  LC_ALL=C.UTF-8 as_teacher say "$sentence" --lang ja --out "$work/say-zip.wav" >/dev/null
  cmp -s "$work/say-linux.wav" "$work/say-zip.wav" || fail "the unzipped exe's Japanese say --out differs"
  printf 'next\nnext\n' | as_teacher run my-au-login --lang ja --engine text >/dev/null
  [ -f "$portable/state/progress/my-au-login.json" ] || fail "no progress beside the unzipped exe"
  appdata=$(find "$WINEPREFIX/drive_c/users" -maxdepth 4 -iname tebiki | head -1)
  [ -z "$appdata" ] || fail "the unzipped exe wrote to $appdata"
  echo "test-windows: zip: $(du -h "$zip" | cut -f1); unzipped: list, say --out ($(stat -c %s "$work/say-zip.wav") bytes) identical to Linux; progress beside the exe, nothing in AppData"
else
  echo "test-windows: zip skipped: no speech data in $data"
fi
part "zip: package, unzip, run portable"

# --- the zip with the neural voice ----------------------------------------------------
# --neural: Kokoro with PyPI's Windows ONNX Runtime (onnxruntime.dll, fetched into the
# setup cache). Under Wine it loads and speaks Japanese and English (words outside
# misaki's lists are left out on Windows: no eSpeak NG). Wine brings its own Visual
# C++ runtime, which the DLL needs: a bare Windows PC may lack it. TEBIKI_SKIP_NEURAL=1
# leaves this out (about 3 minutes).
if [ -f "$data/kokoro/kokoro-v1.0.int8.onnx" ] && [ -z "${TEBIKI_SKIP_NEURAL:-}" ]; then
  scripts/package-windows.sh --neural --check --out "$work/dist" | sed 's/^/test-windows: /'
  zip=$(ls "$work"/dist/tebiki-*-windows-x64-neural.zip)
  unzip -q "$zip" -d "$work/unzipped-neural"
  portable=$(ls -d "$work"/unzipped-neural/tebiki-*)
  for lang in ja en; do
    text=$sentence
    [ "$lang" = en ] && text="Press the Start button, then choose Settings."
    LC_ALL=C.UTF-8 as_teacher say "$text" --lang "$lang" --engine kokoro --out "$work/kokoro-$lang.wav" \
      >"$work/kokoro-$lang.log" 2>&1 || { cat "$work/kokoro-$lang.log"; fail "kokoro ($lang) under Wine"; }
    # 24 kHz 16-bit mono: at least a second of sound.
    [ "$(stat -c %s "$work/kokoro-$lang.wav")" -gt 48000 ] || fail "kokoro ($lang) wrote too little"
  done
  echo "test-windows: zip --neural: $(du -h "$zip" | cut -f1); kokoro spoke Japanese ($(stat -c %s "$work/kokoro-ja.wav") bytes) and English ($(stat -c %s "$work/kokoro-en.wav") bytes) through onnxruntime.dll"
else
  echo "test-windows: zip --neural skipped (no Kokoro model in $data, or TEBIKI_SKIP_NEURAL)"
fi
part "zip --neural: kokoro under wine"

printf 'test-windows: all passed in %ss\n' "$((SECONDS - started))"
