#!/usr/bin/env python3
"""tebiki's speed, measured end to end (scripts/bench.sh runs this inside the sound rig).

Prints one table and writes it as JSON. Every figure comes from the real release binary:
key -> sound and key -> stop from its `--events` log (`key`, `audio_start`, `audio_stop`,
with `t_us`), start -> first sound from the same log, whole-process times with a monotonic
clock, peak memory from /usr/bin/time -v. `--engine jtalk,kokoro` measures each engine
in turn in the same go (keys, start, export and memory; the JSON has one object per
engine under "engines"). Peers (open_jtalk, espeak-ng) run alternately
with tebiki in the same go, so that the ratio holds on a noisy machine.
"""

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = "my-au-login"


def pct(values, p):
    """Nearest-rank percentile."""
    if not values:
        return None
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(round(p / 100 * len(v) + 0.5)) - 1))
    return v[k]


def summary(values):
    if not values:
        return {"n": 0, "median": None, "p95": None}
    return {
        "n": len(values),
        "median": statistics.median(values),
        "p95": pct(values, 95),
        "min": min(values),
        "max": max(values),
    }


def read_events(path):
    out = []
    try:
        text = Path(path).read_text()
    except OSError:
        return out
    for line in text.splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            pass
    return out


def t_us(e):
    return e.get("t_us", e["t_ms"] * 1000)


class Run:
    """A `tebiki run` whose keys come through a FIFO, as a listener types them."""

    def __init__(self, args, env, lang, extra=()):
        extra = [*engine_flags(args), *extra]
        self.dir = Path(tempfile.mkdtemp(prefix="tebiki-bench-run."))
        self.events = self.dir / "events.jsonl"
        fifo = self.dir / "keys"
        os.mkfifo(fifo)
        cmd = [args.bin, "run", GUIDE, "--lang", lang, "--chime", "off", "--restart",
               "--events", str(self.events), *extra]
        self.proc = subprocess.Popen(
            ["sh", "-c", 'exec "$@" < "$0"', str(fifo), *cmd],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.keys = open(fifo, "w")

    def key(self, line):
        self.keys.write(line + "\n")
        self.keys.flush()

    def wait_for(self, pred, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for e in read_events(self.events):
                if pred(e):
                    return e
            time.sleep(0.01)
        return None

    def finish(self):
        try:
            self.keys.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        stderr = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
        events = read_events(self.events)
        shutil.rmtree(self.dir, ignore_errors=True)
        return events, stderr


def engine_flags(args):
    """The `--engine` flag for the engine being measured (none for auto)."""
    return [] if args.engine_now == "auto" else ["--engine", args.engine_now]


def base_env(cache_home, config_home, state_home):
    env = dict(os.environ)
    env.update({
        "XDG_CACHE_HOME": str(cache_home),
        "XDG_CONFIG_HOME": str(config_home),
        "XDG_STATE_HOME": str(state_home),
        "LANG": "en_US.UTF-8",
    })
    return env


def keys_run(args, lang, scratch):
    """Cycles next, repeat, back, lang with pauses; returns the events."""
    tag = f"{args.engine_now}-{lang}"
    env = base_env(scratch / f"cache-{tag}", scratch / f"config-{tag}", scratch / f"state-{tag}")
    run = Run(args, env, lang)
    first = run.wait_for(lambda e: e.get("event") == "audio_start")
    if first is None:
        events, stderr = run.finish()
        sys.exit(f"bench: no sound from tebiki ({lang}): {stderr.strip()} {events[-3:]}")
    time.sleep(args.pause + 0.5)
    rnd = random.Random(7)
    for _ in range(args.keys):
        for k in ("next", "repeat", "back", "lang"):
            run.key(k)
            # A jittered pause, so keys do not fall at one phase of the device's period.
            time.sleep(args.pause + rnd.uniform(0, 0.3))
    events, stderr = run.finish()
    if any(e.get("event") == "fallback" for e in events):
        sys.exit(f"bench: tebiki fell back to text: {stderr.strip()}")
    return events


def pair_keys(events, start_lang):
    """For each key: the language it led to, ms to the next audio_start, ms to the
    audio_stop it caused, and the device latency at that stop."""
    lang = start_lang
    rows = []
    keys = [i for i, e in enumerate(events) if e.get("event") == "key"]
    for n, i in enumerate(keys):
        k = events[i]
        end = keys[n + 1] if n + 1 < len(keys) else len(events)
        row = {"action": k["action"], "sound_ms": None, "stop_ms": None, "latency_ms": None}
        for e in events[i + 1:end]:
            ev = e.get("event")
            if ev == "lang":
                lang = e["lang"]
            elif ev == "audio_start" and row["sound_ms"] is None:
                row["sound_ms"] = (t_us(e) - t_us(k)) / 1000
            elif ev == "audio_stop" and row["stop_ms"] is None:
                row["stop_ms"] = (t_us(e) - t_us(k)) / 1000
                row["latency_ms"] = e.get("device_latency_us", 0) / 1000
                row["period_frames"] = e.get("period_frames")
        row["lang"] = lang
        rows.append(row)
    return rows


def first_sound_ms(args, env):
    """Process start -> first sound of step 1 (the `audio_start` of its first step)."""
    run = Run(args, env, args.start_lang)
    e = run.wait_for(lambda e: e.get("event") == "audio_start")
    # A listener hears a little before leaving: what was rendered reaches the disk cache.
    time.sleep(3)
    run.finish()
    return None if e is None else t_us(e) / 1000


def drop_page_cache():
    try:
        subprocess.run(["sync"], check=False)
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


def start_times(args, scratch):
    cold, warm = [], []
    dropped = None
    for i in range(args.starts):
        tag = f"{args.engine_now}-{i}"
        cache = scratch / f"start-cache-{tag}"
        env = base_env(cache, scratch / f"start-config-{tag}", scratch / f"start-state-{tag}")
        ok = drop_page_cache()
        dropped = ok if dropped is None else dropped and ok
        c = first_sound_ms(args, env)
        w = first_sound_ms(args, env)
        if c is not None:
            cold.append(c)
        if w is not None:
            warm.append(w)
    return cold, warm, bool(dropped)


def ftl_texts(lang):
    """Step texts (main line and detail) of the guide, in order, from its .ftl."""
    toml = (ROOT / "guides" / GUIDE / "guide.toml").read_text()
    ids = re.findall(r'^id = "([^"]+)"', toml, re.M)[1:]
    ftl = (ROOT / "guides" / GUIDE / f"{lang}.ftl").read_text()
    texts = {}
    current = None
    for line in ftl.splitlines():
        m = re.match(r"^([a-z0-9-]+) = (.*)$", line)
        if m:
            current = m.group(1)
            texts[current] = [m.group(2)]
            continue
        m = re.match(r"^\s+\.detail = (.*)$", line)
        if m and current:
            texts[current].append(m.group(1))
    return [" ".join(texts[i]) for i in ids if i in texts]


def timed(cmd, env=None):
    t = time.monotonic()
    r = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.exit(f"bench: {cmd[0]} failed: {r.stderr.decode(errors='replace')[-400:]}")
    return (time.monotonic() - t) * 1000


def wav_seconds(path):
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def say_vs_peers(args, scratch):
    env = base_env(scratch / "say-cache", scratch / "say-config", scratch / "say-state")
    ja = ftl_texts("ja")[:3]
    en = ftl_texts("en")[:3]
    out = scratch / "say.wav"
    txt = scratch / "say.txt"
    rows = {"jtalk": [], "open_jtalk": [], "espeak": [], "espeak-ng": []}
    for i in range(args.say_runs):
        for s in (ja if i % 2 == 0 else list(reversed(ja))):
            txt.write_text(s + "\n")
            pair = [
                ("jtalk", [args.bin, "say", "--lang", "ja", "--engine", "jtalk", "--voice",
                           "m001", "--out", str(out), s]),
                ("open_jtalk", ["open_jtalk", "-x", args.jdic, "-m", args.m001, "-ow",
                                str(out), str(txt)]),
            ]
            if i % 2:
                pair.reverse()
            for name, cmd in pair:
                rows[name].append(timed(cmd, env))
        for s in en:
            pair = [
                ("espeak", [args.bin, "say", "--lang", "en", "--engine", "espeak", "--out",
                            str(out), s]),
                ("espeak-ng", ["espeak-ng", "-w", str(out), s]),
            ]
            if i % 2:
                pair.reverse()
            for name, cmd in pair:
                rows[name].append(timed(cmd, env))
    return rows


def export_speed(args, scratch):
    """`tebiki export` of the whole guide, per language, with an empty speech cache each
    time (every sentence synthesized): seconds, how many times faster than real time, and
    the peak memory (max RSS of the largest run)."""
    out = {}
    for lang in args.langs.split(","):
        times, peaks = [], []
        tag = f"{args.engine_now}-{lang}"
        target = scratch / f"export-{tag}"
        report = scratch / f"export-{tag}.time"
        for i in range(args.export_runs):
            env = base_env(scratch / f"export-cache-{tag}-{i}", scratch / "export-config",
                           scratch / "export-state")
            times.append(timed(["/usr/bin/time", "-v", "-o", str(report), args.bin, "export",
                                GUIDE, "--lang", lang, "--out", str(target), "--force",
                                *engine_flags(args)], env))
            peaks.append(max_rss_mb(report))
        secs = statistics.median(times) / 1000
        audio = sum(wav_seconds(w) for w in target.glob("*.wav"))
        out[lang] = {"seconds": secs, "audio_seconds": audio, "x_real_time": audio / secs,
                     "tracks": len(list(target.glob("*.wav"))),
                     "peak_rss_mb": max((p for p in peaks if p is not None), default=None)}
    return out


def max_rss_mb(report):
    try:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", Path(report).read_text())
    except OSError:
        return None
    return int(m.group(1)) / 1024 if m else None


def peak_memory(args, scratch):
    """Max RSS of a `tebiki run` (the engine measured, in --start-lang) that plays a few
    steps."""
    tag = args.engine_now
    env = base_env(scratch / f"mem-cache-{tag}", scratch / f"mem-config-{tag}",
                   scratch / f"mem-state-{tag}")
    fifo = scratch / f"mem-keys-{tag}"
    os.mkfifo(fifo)
    report = scratch / f"mem-{tag}.txt"
    cmd = ["/usr/bin/time", "-v", "-o", str(report), args.bin, "run", GUIDE, "--lang",
           args.start_lang, *engine_flags(args), "--chime", "off", "--restart"]
    proc = subprocess.Popen(["sh", "-c", 'exec "$@" < "$0"', str(fifo), *cmd], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(fifo, "w") as keys:
        time.sleep(2.5)
        for k in ("next", "next", "next", "back", "lang", "lang", "next"):
            keys.write(k + "\n")
            keys.flush()
            time.sleep(1.5)
    proc.wait(timeout=60)
    return max_rss_mb(report)


def measure_engine(args, scratch, only, result, lines):
    """The parts that depend on the engine (keys, start, export, memory), into `result`."""
    if "keys" in only:
        rows = []
        xruns, late, seconds = 0, 0, 0.0
        for lang in args.langs.split(","):
            events = keys_run(args, lang, scratch)
            rows += pair_keys(events, lang)
            last = [e for e in events if e.get("event") == "audio_trouble"][-1:]
            for e in last:
                xruns += e.get("xruns", 0)
                late += e.get("late_callbacks", 0)
            seconds += events[-1]["t_ms"] / 1000 if events else 0
        result["underruns"] = {"xruns": xruns, "late_callbacks": late, "seconds": seconds}
        table = {}
        for lang in args.langs.split(","):
            for action in ("next", "repeat", "back", "lang"):
                sel = [r for r in rows if r["lang"] == lang and r["action"] == action]
                table[f"{lang}/{action}"] = summary([r["sound_ms"] for r in sel if r["sound_ms"] is not None])
        stops = [r["stop_ms"] for r in rows if r["stop_ms"] is not None]
        lat = [r["latency_ms"] for r in rows if r["latency_ms"] is not None]
        periods = sorted({r.get("period_frames") for r in rows if r.get("period_frames")})
        result["callback_period_frames"] = periods
        result["key_to_sound_ms"] = table
        result["key_to_stop_ms"] = summary(stops)
        result["device_latency_ms"] = summary(lat)
        lines.append("key -> first sound of the next step (ms; the lang row is a switch INTO that language)")
        lines.append(f"  {'':12} {'n':>4} {'median':>9} {'p95':>9} {'max':>9}")
        for k, s in table.items():
            lines.append(f"  {k:12} {s['n']:>4} {fmt(s['median']):>9} {fmt(s['p95']):>9} {fmt(s.get('max')):>9}")
        s = result["key_to_stop_ms"]
        lines.append(f"key -> playback stops feeding: n={s['n']} median {fmt(s['median'])} p95 {fmt(s['p95'])}"
                     f"  (then the device's buffer: median {fmt(result['device_latency_ms']['median'])};"
                     f" callback period {periods} frames at 48 kHz)")
        lines.append(f"underruns: {xruns} xruns from ALSA, {late} callbacks later than the buffer lasts,"
                     f" in {seconds:.0f} s of playing")
    if "start" in only:
        cold, warm, dropped = start_times(args, scratch)
        result["start_to_sound_ms"] = {"cold": summary(cold), "warm": summary(warm),
                                       "page_cache_dropped": dropped}
        lines.append(f"process start -> first sound of step 1 ({args.start_lang}): "
                     f"cold median {fmt(summary(cold)['median'])} (max {fmt(summary(cold).get('max'))}), "
                     f"warm median {fmt(summary(warm)['median'])} (max {fmt(summary(warm).get('max'))}); "
                     f"page cache {'dropped' if dropped else 'NOT dropped (not permitted)'} before cold runs")
    if "export" in only:
        e = export_speed(args, scratch)
        result["export"] = e
        lines.append(f"tebiki export {GUIDE} (cold speech cache, median of {args.export_runs}): " + "; ".join(
            f"{k} {v['seconds']:.2f} s for {v['tracks']} tracks, {v['audio_seconds']:.0f} s of audio"
            f" = {v['x_real_time']:.1f}x real time, peak {fmt(v['peak_rss_mb'], ' MB')}"
            for k, v in e.items()))
    if "memory" in only:
        mb = peak_memory(args, scratch)
        result["peak_rss_mb"] = mb
        lines.append(f"peak memory of `tebiki run {GUIDE}` ({args.start_lang}, {args.engine_now}): {fmt(mb, ' MB')}")


def fmt(v, unit="ms"):
    if v is None:
        return "n/a"
    if unit == "ms":
        return f"{v:.1f} ms" if v < 100 else f"{v:.0f} ms"
    return f"{v:.2f}{unit}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/release/tebiki"))
    ap.add_argument("--out", default=str(ROOT / "target/bench/bench.json"))
    ap.add_argument("--keys", type=int, default=22, help="cycles of next/repeat/back/lang per language")
    ap.add_argument("--pause", type=float, default=1.6)
    ap.add_argument("--starts", type=int, default=7)
    ap.add_argument("--start-lang", default="ja")
    ap.add_argument("--say-runs", type=int, default=6)
    ap.add_argument("--export-runs", type=int, default=3)
    ap.add_argument("--jdic", default="/var/lib/mecab/dic/open-jtalk/naist-jdic")
    ap.add_argument("--m001", default=str(Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local/share"))
                                          / "tebiki/voices/nitech_jp_atr503_m001.htsvoice"))
    ap.add_argument("--only", default="keys,start,say,export,memory")
    ap.add_argument("--engine", default="auto",
                    help="engines to measure in turn, e.g. jtalk:ja,kokoro:en (auto: the default order;"
                         " :LANG sets the start and memory language for that engine)")
    ap.add_argument("--langs", default="ja,en", help="languages of the keys and export parts")
    args = ap.parse_args()
    only = set(args.only.split(","))
    scratch = Path(tempfile.mkdtemp(prefix="tebiki-bench."))
    result = {"machine": {"cores": os.cpu_count(), "load": os.getloadavg()}}
    lines = []
    try:
        start_lang = args.start_lang
        for spec in args.engine.split(","):
            # `kokoro:en`: that engine, started in English.
            engine, _, lang = spec.partition(":")
            args.engine_now, args.start_lang = engine, lang or start_lang
            part = result.setdefault("engines", {}).setdefault(engine, {})
            lines.append(f"== engine {engine}")
            measure_engine(args, scratch, only, part, lines)
        if "say" in only:
            rows = say_vs_peers(args, scratch)
            s = {k: statistics.median(v) for k, v in rows.items()}
            result["say_ms"] = {k: summary(v) for k, v in rows.items()}
            result["say_ratio"] = {"jtalk/open_jtalk": s["jtalk"] / s["open_jtalk"],
                                   "espeak/espeak-ng": s["espeak"] / s["espeak-ng"]}
            lines.append(f"say --out of a step's text, whole process, median: tebiki jtalk {fmt(s['jtalk'])} vs open_jtalk "
                         f"{fmt(s['open_jtalk'])} = {s['jtalk'] / s['open_jtalk']:.2f}x; tebiki espeak {fmt(s['espeak'])}"
                         f" vs espeak-ng -w {fmt(s['espeak-ng'])} = {s['espeak'] / s['espeak-ng']:.2f}x")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result["machine"]["load_after"] = os.getloadavg()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print("\n".join(lines))
    print(f"(load average before {result['machine']['load'][0]:.1f}, after {result['machine']['load_after'][0]:.1f};"
          f" written to {out})")


if __name__ == "__main__":
    main()
