#!/usr/bin/env bash
# A private PulseAudio whose only sink is a pipe, paced by the system clock and read
# into a file: the sound tests hear every sample tebiki plays, with no sound card.
# (Recording a null sink's monitor lost clips with ALSA clients: not used.)
#
#   scripts/rig.sh start        start a rig; prints its folder (the env is in DIR/env)
#   scripts/rig.sh stop DIR     stop it; the capture stays in DIR/capture.raw
#   scripts/rig.sh run CMD…     start, run CMD with the rig's env exported
#                               (TEBIKI_CAPTURE = the capture file), then stop
# The capture is raw s16le, 48 kHz, 2 channels.
set -euo pipefail

start() {
  command -v pulseaudio >/dev/null || { echo "rig: pulseaudio is not installed (scripts/setup.sh --deps)" >&2; return 1; }
  local dir; dir=$(mktemp -d "${TMPDIR:-/tmp}/tebiki-rig.XXXXXX")
  mkdir -m 700 "$dir/runtime"
  mkfifo "$dir/sink.fifo"
  cat > "$dir/rig.pa" <<PA
load-module module-native-protocol-unix
load-module module-pipe-sink file=$dir/sink.fifo sink_name=guide format=s16le rate=48000 channels=2 use_system_clock_for_timing=yes
set-default-sink guide
PA
  # The reader first, so that the sink never blocks.
  nohup cat "$dir/sink.fifo" > "$dir/capture.raw" 2>/dev/null &
  echo $! > "$dir/cat.pid"
  XDG_RUNTIME_DIR="$dir/runtime" HOME="$dir" pulseaudio -D -n -F "$dir/rig.pa" \
    --exit-idle-time=-1 --use-pid-file=yes --log-target=file:"$dir/pulse.log" 2>/dev/null || {
    echo "rig: pulseaudio did not start; see $dir/pulse.log" >&2; kill "$(cat "$dir/cat.pid")" 2>/dev/null; return 1; }
  printf 'export XDG_RUNTIME_DIR=%q\nexport PULSE_SERVER=%q\nexport TEBIKI_CAPTURE=%q\nexport TEBIKI_RIG=%q\n' \
    "$dir/runtime" "unix:$dir/runtime/pulse/native" "$dir/capture.raw" "$dir" > "$dir/env"
  for _ in $(seq 100); do
    if XDG_RUNTIME_DIR="$dir/runtime" PULSE_SERVER="unix:$dir/runtime/pulse/native" pactl info >/dev/null 2>&1; then
      echo "$dir"; return 0
    fi
    sleep 0.05
  done
  echo "rig: pulseaudio does not answer; see $dir/pulse.log" >&2
  stop "$dir"; return 1
}

stop() {
  local dir=$1
  [ -f "$dir/runtime/pulse/pid" ] && kill "$(cat "$dir/runtime/pulse/pid")" 2>/dev/null || true
  for _ in $(seq 100); do
    [ -f "$dir/runtime/pulse/pid" ] && kill -0 "$(cat "$dir/runtime/pulse/pid")" 2>/dev/null || break
    sleep 0.02
  done
  # The reader ends when the writer closes the pipe; make sure.
  [ -f "$dir/cat.pid" ] && kill "$(cat "$dir/cat.pid")" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop "$2" ;;
  run)
    shift
    dir=$(start)
    set +e
    ( . "$dir/env"; "$@" ); rc=$?
    stop "$dir"
    echo "rig: capture in $dir/capture.raw" >&2
    exit $rc ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
