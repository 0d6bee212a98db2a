#!/usr/bin/env bash
# Builds the Windows package on Linux: dist/tebiki-<version>-windows-x64.zip with
# tebiki.exe (cross-built for x86_64-pc-windows-gnu), the Japanese dictionary and the
# HTS voices (data\, found beside the exe) with their licences, tebiki.cmd (a UTF-8
# console that starts tebiki) and a read-me in Japanese and English for the teacher.
# Nothing to install on the PC. The Wine stand-in DLL of scripts/test-windows.sh is
# never included.
#   scripts/package-windows.sh             build the zip
#   scripts/package-windows.sh --neural    also the Kokoro model, its voices and ONNX
#                                          Runtime for Windows (onnxruntime.dll from
#                                          PyPI's win_amd64 wheel): about 100 MB more
#   scripts/package-windows.sh --check     build it, then check what is in it (no Wine:
#                                          scripts/test-windows.sh runs the unzipped exe)
#   --out DIR                              write the zip there instead of dist/
# The speech data comes from the data folder that scripts/setup.sh filled, the
# licences and the wheels from its download cache.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 022

neural= check= out=$PWD/dist
while [ $# -gt 0 ]; do
  case $1 in
    --neural) neural=1 ;;
    --check) check=1 ;;
    --out) out=$(mkdir -p "$2" && cd "$2" && pwd); shift ;;
    *) echo "usage: scripts/package-windows.sh [--neural] [--check] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done

target=x86_64-pc-windows-gnu
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
name=tebiki-$version-windows-x64
[ -n "$neural" ] && name=$name-neural
data=${XDG_DATA_HOME:-$HOME/.local/share}/tebiki
cache=${TEBIKI_SETUP_CACHE:-$HOME/.cache/tebiki-setup}
stage=target/windows-zip/$name
zipfile=$out/$name.zip
# The same ONNX Runtime as scripts/setup.sh fetches for Linux.
ort_version=$(sed -n 's/^ONNXRUNTIME_VERSION=//p' scripts/setup.sh)

fail() { echo "package-windows: $*" >&2; exit 1; }
[ -f "$data/naist-jdic/dict.da" ] || fail "no dictionary in $data: run scripts/setup.sh"
ls "$data"/voices/*.htsvoice >/dev/null 2>&1 || fail "no voices in $data/voices: run scripts/setup.sh"
if [ -n "$neural" ]; then
  [ -f "$data/kokoro/kokoro-v1.0.int8.onnx" ] || fail "no Kokoro model in $data/kokoro: run scripts/setup.sh"
  [ -n "$ort_version" ] || fail "no ONNXRUNTIME_VERSION in scripts/setup.sh"
fi
rustup target list --installed | grep -qx "$target" || rustup target add "$target"
command -v x86_64-w64-mingw32-gcc >/dev/null ||
  fail "install gcc-mingw-w64-x86-64 (apt-get install gcc-mingw-w64-x86-64)"
command -v zip >/dev/null || fail "install zip (apt-get install zip)"

cargo build --release --quiet --locked --target "$target"

rm -rf "$stage"
mkdir -p "$stage/data/voices" "$stage/licenses"
cp "target/$target/release/tebiki.exe" "$stage/"
x86_64-w64-mingw32-strip "$stage/tebiki.exe"
cp -r "$data/naist-jdic" "$stage/data/naist-jdic"
cp "$data"/voices/*.htsvoice "$stage/data/voices/"
# Windows text files: CRLF line ends (and Notepad reads UTF-8).
crlf() { sed 's/\r*$/\r/' "$1" >"$2"; }
crlf scripts/packaging/tebiki.cmd "$stage/tebiki.cmd"
crlf scripts/packaging/README-ja.txt "$stage/README-ja.txt"
crlf scripts/packaging/README-en.txt "$stage/README-en.txt"
naist=$(find "$cache/open-jtalk" -path '*mecab-naist-jdic/COPYING' 2>/dev/null | head -1)
if [ -n "$naist" ]; then crlf "$naist" "$stage/licenses/NAIST-JDIC.txt"; fi
for v in "$stage"/data/voices/*.htsvoice; do
  v=$(basename "$v" .htsvoice)
  if [ -f "$cache/$v.LICENSE" ]; then crlf "$cache/$v.LICENSE" "$stage/licenses/voice-$v.txt"; fi
done
printf 'tebiki is licensed under the MIT license or the Apache License 2.0, at your option.\r\n' \
  >"$stage/licenses/tebiki.txt"

if [ -n "$neural" ]; then
  # Kokoro as `tebiki data install --model-source` put it in the data folder, with
  # ONNX Runtime's Windows library instead of the Linux one.
  mkdir -p "$stage/data/kokoro/voices"
  cp "$data"/kokoro/{kokoro-v1.0.int8.onnx,en-us.tsv,vocab.json} "$stage/data/kokoro/"
  cp "$data"/kokoro/voices/*.bin "$stage/data/kokoro/voices/"
  for l in "$data"/kokoro/licenses/*; do
    crlf "$l" "$stage/licenses/kokoro-$(basename "$l" | sed 's/^kokoro-//; s/\.LICENSE$//').txt"
  done
  wheel=$(ls "$cache"/pip/onnxruntime-"$ort_version"-*win_amd64.whl 2>/dev/null | head -1 || true)
  if [ -z "$wheel" ]; then
    echo "package-windows: fetching onnxruntime $ort_version for Windows from PyPI"
    mkdir -p "$cache/pip"
    python3 -m pip download --quiet --no-deps --only-binary=:all: --platform win_amd64 \
      --python-version 3.11 -d "$cache/pip" "onnxruntime==$ort_version"
    wheel=$(ls "$cache"/pip/onnxruntime-"$ort_version"-*win_amd64.whl | head -1)
  fi
  unzip -p "$wheel" onnxruntime/capi/onnxruntime.dll >"$stage/data/kokoro/onnxruntime.dll"
  unzip -p "$wheel" onnxruntime/LICENSE | sed 's/\r*$/\r/' >"$stage/licenses/kokoro-onnxruntime.txt"
  unzip -p "$wheel" onnxruntime/ThirdPartyNotices.txt | sed 's/\r*$/\r/' \
    >"$stage/licenses/kokoro-onnxruntime-ThirdPartyNotices.txt"
fi

for v in "$stage"/data/voices/*.htsvoice; do
  [ -f "$stage/licenses/voice-$(basename "$v" .htsvoice).txt" ] ||
    echo "package-windows: warning: no licence found for $(basename "$v")" >&2
done
[ -f "$stage/bcryptprimitives.dll" ] && fail "the Wine stand-in must not ship"

mkdir -p "$out"
rm -f "$zipfile"
(cd "$(dirname "$stage")" && zip -qr -X -9 "$zipfile" "$name")
echo "package-windows: $zipfile ($(du -h "$zipfile" | cut -f1))"

[ -n "$check" ] || exit 0
# What the zip holds: everything the read-me names, licences for every voice, CRLF
# text files, nothing for Linux and never the Wine stand-in.
listing=$(unzip -Z1 "$zipfile")
must=(tebiki.exe tebiki.cmd README-ja.txt README-en.txt licenses/tebiki.txt licenses/NAIST-JDIC.txt
  data/naist-jdic/dict.da data/naist-jdic/matrix.mtx)
for v in "$data"/voices/*.htsvoice; do
  v=$(basename "$v" .htsvoice)
  must+=("data/voices/$v.htsvoice" "licenses/voice-$v.txt")
done
if [ -n "$neural" ]; then
  must+=(data/kokoro/kokoro-v1.0.int8.onnx data/kokoro/onnxruntime.dll data/kokoro/en-us.tsv
    data/kokoro/vocab.json data/kokoro/voices/jf_alpha.bin licenses/kokoro-onnxruntime.txt
    licenses/kokoro-82M.txt)
fi
for f in "${must[@]}"; do
  grep -qx "$name/$f" <<<"$listing" || fail "check: $f is missing from the zip"
done
if grep -Eiq '(bcryptprimitives\.dll|\.so(\.[0-9.]+)?)$' <<<"$listing"; then
  fail "check: the zip holds the Wine stand-in or a Linux library"
fi
for f in tebiki.cmd README-ja.txt README-en.txt; do
  bare=$(unzip -p "$zipfile" "$name/$f" | grep -cv $'\r$' || true)
  [ "$bare" = 0 ] || fail "check: $f has $bare lines without CRLF"
done
file_type=$(file -b "$stage/tebiki.exe")
grep -q 'PE32+ executable.*x86-64' <<<"$file_type" || fail "check: tebiki.exe is $file_type"
echo "package-windows: check: $(grep -cv '/$' <<<"$listing") files, all there; no stand-in, no Linux library"
