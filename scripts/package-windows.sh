#!/usr/bin/env bash
# Builds the Windows package on Linux: dist/tebiki-<version>-windows-x64.zip with
# tebiki.exe (cross-built for x86_64-pc-windows-gnu), the Japanese dictionary and the
# HTS voices (data\, found beside the exe) with their licences, tebiki.cmd (a UTF-8
# console that starts tebiki) and a read-me in Japanese and English for the teacher.
# Nothing to install on the PC. The Wine stand-in DLL of scripts/test-windows.sh is
# never included.
#   scripts/package-windows.sh
#   scripts/package-windows.sh --neural   also the Kokoro model (not yet: issue 11)
set -euo pipefail
cd "$(dirname "$0")/.."
umask 022

target=x86_64-pc-windows-gnu
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
name=tebiki-$version-windows-x64
data=${XDG_DATA_HOME:-$HOME/.local/share}/tebiki
cache=${TEBIKI_SETUP_CACHE:-$HOME/.cache/tebiki-setup}
stage=target/windows-zip/$name
zipfile=$PWD/dist/$name.zip

if [ "${1:-}" = --neural ]; then
  echo "package-windows: --neural needs the Kokoro voices (issue 11), which have not landed yet" >&2
  exit 2
fi
[ -f "$data/naist-jdic/dict.da" ] || { echo "package-windows: no dictionary in $data: run scripts/setup.sh" >&2; exit 1; }
ls "$data"/voices/*.htsvoice >/dev/null 2>&1 || { echo "package-windows: no voices in $data/voices: run scripts/setup.sh" >&2; exit 1; }
rustup target list --installed | grep -qx "$target" || rustup target add "$target"
command -v x86_64-w64-mingw32-gcc >/dev/null || {
  echo "package-windows: install gcc-mingw-w64-x86-64 (apt-get install gcc-mingw-w64-x86-64)" >&2; exit 1; }

cargo build --release --quiet --locked --target "$target"

rm -rf "$stage"
mkdir -p "$stage/data/voices" "$stage/licenses"
cp "target/$target/release/tebiki.exe" "$stage/"
x86_64-w64-mingw32-strip "$stage/tebiki.exe"
cp -r "$data/naist-jdic" "$stage/data/naist-jdic"
cp "$data"/voices/*.htsvoice "$stage/data/voices/"
# Windows text files: CRLF line ends (and Notepad reads UTF-8).
crlf() { sed 's/$/\r/' "$1" >"$2"; }
crlf scripts/packaging/tebiki.cmd "$stage/tebiki.cmd"
crlf scripts/packaging/README-ja.txt "$stage/README-ja.txt"
crlf scripts/packaging/README-en.txt "$stage/README-en.txt"
naist=$(find "$cache/open-jtalk" -path '*mecab-naist-jdic/COPYING' 2>/dev/null | head -1)
[ -n "$naist" ] && crlf "$naist" "$stage/licenses/NAIST-JDIC.txt"
[ -f "$cache/mei_normal.LICENSE" ] && crlf "$cache/mei_normal.LICENSE" "$stage/licenses/voice-mei_normal.txt"
[ -f "$cache/nitech_jp_atr503_m001.LICENSE" ] &&
  crlf "$cache/nitech_jp_atr503_m001.LICENSE" "$stage/licenses/voice-nitech_jp_atr503_m001.txt"
printf 'tebiki is licensed under the MIT license or the Apache License 2.0, at your option.\r\n' \
  >"$stage/licenses/tebiki.txt"
for v in "$stage"/data/voices/*.htsvoice; do
  [ -f "$stage/licenses/voice-$(basename "$v" .htsvoice).txt" ] ||
    echo "package-windows: warning: no licence found for $(basename "$v")" >&2
done
[ -f "$stage/bcryptprimitives.dll" ] && { echo "package-windows: the Wine stand-in must not ship" >&2; exit 1; }

mkdir -p dist
rm -f "$zipfile"
(cd "$(dirname "$stage")" && zip -qr -X -9 "$zipfile" "$name")
echo "package-windows: dist/$name.zip ($(du -h "$zipfile" | cut -f1))"
