#!/usr/bin/env bash
# Installs what tebiki needs on Debian or Ubuntu and builds it.
#   scripts/setup.sh                 install and build
#   scripts/setup.sh run my-au-login install, build, then run tebiki with these arguments
#   scripts/setup.sh --deps          install system packages only (used by scripts/test.sh)
# Idempotent: running it again only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: build tools and libraries for the speech engines and sound,
# plus what the tests use (tmux, a private PulseAudio, sox).
PACKAGES=(
  build-essential pkg-config tmux
)

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

install_packages
[ "${1:-}" = "--deps" ] && exit 0

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo is missing: install Rust from https://rustup.rs, then run this again" >&2
  exit 1
fi
cargo build --release --quiet
echo "setup: built target/release/tebiki"
if [ $# -gt 0 ]; then
  exec ./target/release/tebiki "$@"
fi
