#!/usr/bin/env bash
# Builds the Debian package dist/tebiki_<version>_amd64.deb (dpkg-deb, no debian/
# folder needed): the release binary, the Japanese dictionary and the HTS voices under
# /usr/share/tebiki (found through XDG_DATA_DIRS by every user who has none of their
# own), a desktop launcher with an icon, a man page and shell completions (both made
# from the command line's definition by examples/package-docs.rs).
#   scripts/package-deb.sh            build the package
#   scripts/package-deb.sh --check    build it, then run desktop-file-validate and lintian
# The speech data comes from the data folder that scripts/setup.sh filled, the voices'
# licences from its download cache.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
umask 022

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
arch=amd64
data=${XDG_DATA_HOME:-$HOME/.local/share}/tebiki
cache=${TEBIKI_SETUP_CACHE:-$HOME/.cache/tebiki-setup}
deb=dist/tebiki_${version}_${arch}.deb
stage=target/deb/tebiki_${version}_${arch}

[ -f "$data/naist-jdic/dict.da" ] || { echo "package-deb: no dictionary in $data: run scripts/setup.sh" >&2; exit 1; }
ls "$data"/voices/*.htsvoice >/dev/null 2>&1 || { echo "package-deb: no voices in $data/voices: run scripts/setup.sh" >&2; exit 1; }

cargo build --release --quiet --locked
cargo run --release --quiet --locked --example package-docs -- target/package-docs

rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/tebiki" \
  "$stage/usr/share/applications" "$stage/usr/share/icons/hicolor/scalable/apps" \
  "$stage/usr/share/man/man1" "$stage/usr/share/doc/tebiki" \
  "$stage/usr/share/bash-completion/completions" "$stage/usr/share/zsh/vendor-completions" \
  "$stage/usr/share/fish/vendor_completions.d"

install -m 0755 "${CARGO_TARGET_DIR:-target}/release/tebiki" "$stage/usr/bin/tebiki"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/bin/tebiki"
cp -r "$data/naist-jdic" "$stage/usr/share/tebiki/naist-jdic"
mkdir -p "$stage/usr/share/tebiki/voices"
cp "$data"/voices/*.htsvoice "$stage/usr/share/tebiki/voices/"
install -m 0644 scripts/packaging/tebiki.desktop "$stage/usr/share/applications/tebiki.desktop"
install -m 0644 scripts/packaging/tebiki.svg "$stage/usr/share/icons/hicolor/scalable/apps/tebiki.svg"
gzip -9n <target/package-docs/tebiki.1 >"$stage/usr/share/man/man1/tebiki.1.gz"
install -m 0644 target/package-docs/completions/tebiki.bash "$stage/usr/share/bash-completion/completions/tebiki"
install -m 0644 target/package-docs/completions/_tebiki "$stage/usr/share/zsh/vendor-completions/_tebiki"
install -m 0644 target/package-docs/completions/tebiki.fish "$stage/usr/share/fish/vendor_completions.d/tebiki.fish"

# The copyright file (machine-readable), with the licences of the data it carries.
licence() { # FILE: its text as an indented copyright-file block
  sed -e 's/^[[:space:]]*$/./' -e 's/^/ /' "$1"
}
{
  cat <<'COPYRIGHT'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: tebiki

Files: *
Copyright: the tebiki authors
License: MIT or Apache-2.0

Files: usr/share/tebiki/naist-jdic/*
Copyright: 2009 Nara Institute of Science and Technology (NAIST-JDIC), built by tebiki
 with jpreprocess
License: BSD-3-clause
COPYRIGHT
  naist=$(find "$cache/open-jtalk" -path '*mecab-naist-jdic/COPYING' 2>/dev/null | head -1)
  if [ -n "$naist" ]; then licence "$naist"; fi
  if [ -f "$data/voices/mei_normal.htsvoice" ]; then
    printf '\nFiles: usr/share/tebiki/voices/mei_normal.htsvoice\nCopyright: Nagoya Institute of Technology (MMDAgent "Mei")\nLicense: CC-BY-3.0\n'
    [ -f "$cache/mei_normal.LICENSE" ] && licence "$cache/mei_normal.LICENSE"
  fi
  if [ -f "$data/voices/nitech_jp_atr503_m001.htsvoice" ]; then
    printf '\nFiles: usr/share/tebiki/voices/nitech_jp_atr503_m001.htsvoice\nCopyright: 2003-2013 Nagoya Institute of Technology\nLicense: CC-BY-3.0\n'
    if [ -f "$cache/nitech_jp_atr503_m001.LICENSE" ]; then
      licence "$cache/nitech_jp_atr503_m001.LICENSE"
    fi
  fi
  cat <<'COPYRIGHT'

License: MIT or Apache-2.0
 Licensed under either of the Apache License, Version 2.0
 (/usr/share/common-licenses/Apache-2.0) or the MIT license, at your option.
 .
 Permission is hereby granted, free of charge, to any person obtaining a copy of this
 software and associated documentation files, to deal in the Software without
 restriction, subject to the conditions of the MIT license.
COPYRIGHT
} >"$stage/usr/share/doc/tebiki/copyright"
{
  printf 'tebiki (%s) unstable; urgency=medium\n\n' "$version"
  printf '  * Built from the tebiki repository (%s).\n\n' "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  printf ' -- tebiki developers <tebiki@users.noreply.github.com>  %s\n' \
    "$(date -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")"
} | gzip -9n >"$stage/usr/share/doc/tebiki/changelog.gz"

# Library dependencies as dpkg-shlibdeps finds them.
shlibs=$(cd "$stage" && mkdir -p debian && printf 'Source: tebiki\n\nPackage: tebiki\nArchitecture: any\n' >debian/control &&
  dpkg-shlibdeps -O usr/bin/tebiki 2>/dev/null | sed -n 's/^shlibs:Depends=//p'; rm -rf debian)
[ -n "$shlibs" ] || shlibs="libasound2 (>= 1.0.16), libc6 (>= 2.34), libespeak-ng1 (>= 1.49.0), libgcc-s1 (>= 4.2)"

find "$stage" -type d -exec chmod 0755 {} +
find "$stage/usr/share" -type f -exec chmod 0644 {} +
cat >"$stage/DEBIAN/control" <<CONTROL
Package: tebiki
Version: $version
Architecture: $arch
Maintainer: tebiki developers <tebiki@users.noreply.github.com>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $shlibs
Recommends: pulseaudio | pipewire-pulse, libasound2-plugins
Suggests: speech-dispatcher
Section: sound
Priority: optional
Homepage: https://github.com/tebiki/tebiki
Description: voice guide for the terminal (手引き)
 tebiki reads a procedure aloud one step at a time, in Japanese or English, and
 waits after every step until the listener presses a key. It is made for older
 people doing something confusing on a computer, and for the relative or
 teacher who writes guides for them.
 .
 Japanese is spoken by Open JTalk (jpreprocess and jbonsai) with the dictionary
 and voices included in this package; English by eSpeak NG.
CONTROL
(cd "$stage" && find usr -type f -exec md5sum {} + | sort -k2 >DEBIAN/md5sums)
chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"

mkdir -p dist
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "package-deb: $deb ($(du -h "$deb" | cut -f1))"

if [ "${1:-}" = --check ]; then
  desktop-file-validate scripts/packaging/tebiki.desktop
  echo "package-deb: desktop-file-validate: ok"
  # Lintian: no error may be left; warnings and notes are printed.
  lintian --no-tag-display-limit "$deb" | tee target/deb/lintian.txt || true
  if grep -q '^E:' target/deb/lintian.txt; then
    echo "package-deb: lintian found errors" >&2
    exit 1
  fi
  echo "package-deb: lintian: no errors"
fi
