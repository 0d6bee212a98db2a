#!/usr/bin/env bash
# The Debian package as a new user meets it: builds dist/tebiki_<v>_amd64.deb
# (scripts/package-deb.sh --check: lintian and desktop-file-validate), installs it
# with apt-get, makes a fresh user (useradd -m: no tebiki data of their own, no setup
# script), and as that user plays Japanese speech into a private sound rig
# (scripts/rig.sh, PulseAudio with a pipe sink) and checks that sound was captured.
# Then `apt-get remove` and `apt-get purge` must leave no file of the package behind.
# The user and the package are removed at the end, whatever happens.
#   scripts/test-deb.sh            (as root: it installs a package and adds a user)
# Needs the speech data of scripts/setup.sh to build the package. Refuses to run where
# tebiki is installed already (it would remove it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

started=$SECONDS
part_started=$SECONDS
part() {
  printf 'test-deb: %-44s %4ss\n' "$1" "$((SECONDS - part_started))"
  part_started=$SECONDS
}
fail() {
  echo "test-deb: FAILED: $*" >&2
  exit 1
}

[ "$(id -u)" = 0 ] || fail "run as root (it installs a package and adds a user)"
if dpkg-query -W -f='${Status}' tebiki 2>/dev/null | grep -q 'installed'; then
  fail "tebiki is installed already; this test would remove it"
fi
# What the package check needs beyond scripts/setup.sh --deps.
missing=()
command -v lintian >/dev/null 2>&1 || missing+=(lintian)
command -v desktop-file-validate >/dev/null 2>&1 || missing+=(desktop-file-utils)
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
for tool in pulseaudio pactl sox useradd; do
  command -v "$tool" >/dev/null || fail "$tool is missing (scripts/setup.sh --deps)"
done

scripts/package-deb.sh --check | sed 's/^/test-deb: /'
deb=$(ls -t dist/tebiki_*_amd64.deb | head -1)
part "package (build, lintian)"

user=tebiki-fresh-$$
work=$(mktemp -d)
chmod 755 "$work"
installed=
cleanup() {
  if [ -n "${rig:-}" ]; then runuser -u "$user" -- "$work/rig.sh" stop "$rig" >/dev/null 2>&1 || true; fi
  if id "$user" >/dev/null 2>&1; then
    userdel -r "$user" >/dev/null 2>&1 || true
  fi
  if [ -n "$installed" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq tebiki >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >"$work/apt-install.log" 2>&1 ||
  { cat "$work/apt-install.log"; fail "apt-get install ./$deb"; }
installed=1
dpkg -L tebiki >"$work/files"
# The package's own files (the folders it shares with others, /usr/share and the like,
# stay).
while read -r f; do if [ -f "$f" ]; then echo "$f"; fi; done <"$work/files" >"$work/own-files"
[ -x /usr/bin/tebiki ] || fail "no /usr/bin/tebiki"
echo "test-deb: installed $(basename "$deb"): $(wc -l <"$work/own-files") files"
part "apt-get install"

# A fresh user: a new home with nothing of tebiki in it.
useradd -m -s /bin/bash "$user"
home=$(getent passwd "$user" | cut -d: -f6)
[ ! -e "$home/.local/share/tebiki" ] || fail "the fresh home has tebiki data"
as_user() { runuser -u "$user" -- env -i HOME="$home" USER="$user" LOGNAME="$user" \
  PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 "$@"; }

# `voices` finds the packaged Japanese voices (under /usr/share/tebiki).
as_user tebiki voices >"$work/voices.txt" 2>&1 || { cat "$work/voices.txt"; fail "tebiki voices"; }
grep -Eq "jtalk +m001 .*installed" "$work/voices.txt" || { cat "$work/voices.txt"; fail "voices does not list the packaged m001"; }
# A package user has no setup script: what is missing (Kokoro) is explained for the package.
as_user tebiki doctor >"$work/doctor.txt" 2>&1 || true
if grep -q "scripts/setup.sh" "$work/voices.txt" "$work/doctor.txt"; then
  grep -h "scripts/setup.sh" "$work/voices.txt" "$work/doctor.txt"
  fail "voices or doctor tells a package user to run scripts/setup.sh"
fi

# The sound rig, started by the user (its socket is theirs), and Japanese speech
# played into it by the installed tebiki.
install -m 0755 scripts/rig.sh "$work/rig.sh"
install -d -o "$user" -m 0700 "$work/user"
rig=$(as_user TMPDIR="$work/user" "$work/rig.sh" start) || fail "the sound rig did not start"
sentence="画面の右下にある、扇の形のマークを押してください。"
as_user XDG_RUNTIME_DIR="$rig/runtime" PULSE_SERVER="unix:$rig/runtime/pulse/native" \
  tebiki say "$sentence" --lang ja --engine jtalk >"$work/say.txt" 2>&1 ||
  { cat "$work/say.txt"; fail "tebiki say as the fresh user"; }
runuser -u "$user" -- "$work/rig.sh" stop "$rig" >/dev/null 2>&1
capture=$rig/capture.raw
rig=
bytes=$(stat -c %s "$capture")
# Seconds of sound above -40 dBFS (48 kHz, 2 channels, 16 bit).
spoken=$(sox -t raw -r 48000 -e signed -b 16 -c 2 "$capture" -n \
  silence 1 0.01 1% reverse silence 1 0.01 1% reverse stat 2>&1 |
  sed -n 's/^Length (seconds): *//p')
rms=$(sox -t raw -r 48000 -e signed -b 16 -c 2 "$capture" -n stat 2>&1 | sed -n 's/^RMS *amplitude: *//p')
awk -v s="${spoken:-0}" 'BEGIN { exit !(s > 1.0) }' ||
  fail "too little sound captured: ${spoken:-0} s of speech in $bytes bytes"
[ ! -e "$home/.local/share/tebiki/naist-jdic" ] || fail "the user got a dictionary of their own"
echo "test-deb: the fresh user heard ${spoken} s of Japanese speech (RMS $rms, $bytes bytes captured), with no setup script"
part "fresh user: say with sound"

# Removing: nothing of the package is left; purge forgets it.
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq tebiki >/dev/null
left=$(while read -r f; do if [ -e "$f" ]; then echo "$f"; fi; done <"$work/own-files")
[ -z "$left" ] || fail "left after apt-get remove: $(echo "$left" | head)"
[ ! -e /usr/share/tebiki ] || fail "/usr/share/tebiki is left after apt-get remove"
# A package with no configuration files is forgotten by dpkg on remove already: purge
# only what it still knows.
if dpkg-query -W tebiki >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq tebiki >/dev/null
fi
installed=
if dpkg-query -W tebiki >/dev/null 2>&1; then fail "dpkg still knows tebiki after purge"; fi
echo "test-deb: remove and purge: none of the $(wc -l <"$work/own-files") files is left, dpkg knows no tebiki"
part "apt-get remove, purge"

printf 'test-deb: all passed in %ss\n' "$((SECONDS - started))"
