#!/usr/bin/env bash
# Installs what the tests need, then runs every check: formatting, clippy, and all
# tests (unit, end-to-end with the real binary, tmux terminal tests, and the sound tests,
# which start their own private PulseAudio through scripts/rig.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --deps
# In CI a missing test tool is a failure, not a skip.
export TEBIKI_REQUIRE_TOOLS=${TEBIKI_REQUIRE_TOOLS:-1}
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
# The tests drive a binary built with the test hooks (`TEBIKI_TEST_*`); a build
# without the feature, as users get it, has none: the release binary is built first,
# so that tests/hooks.rs checks the very binary users would run.
cargo build --release --quiet
cargo test --all-targets --features test-hooks
# The Windows build under Wine (its own script: it can be run alone, and says how
# long each part took).
scripts/test-windows.sh
# The Debian package as a fresh user meets it (installs it, plays Japanese speech as a
# new user into a private rig, removes it). It needs root: CI runs as root here.
if [ "$(id -u)" = 0 ]; then
  scripts/test-deb.sh
elif [ -n "${TEBIKI_REQUIRE_TOOLS:-}" ] && [ "$TEBIKI_REQUIRE_TOOLS" != 0 ]; then
  echo "test: scripts/test-deb.sh needs root (it installs a package and adds a user)" >&2
  exit 1
else
  echo "test: scripts/test-deb.sh skipped: it needs root"
fi
