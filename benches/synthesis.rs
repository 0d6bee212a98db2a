//! Synthesis of one sentence per engine, in process (no device): what a key costs when
//! the sentence is not cached yet. Engines whose data is not installed are skipped with
//! a message (run scripts/setup.sh).

#![allow(clippy::unwrap_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use tebiki::speech::data::{SpeechData, JA_VOICES};
use tebiki::speech::{EspeakSpeaker, JtalkSpeaker, Speaker};

const JA: &str = "My auにログインするには、まずスマートフォンのWi-Fiをオフにしてください。";
const EN: &str = "To log in to My au, first turn off Wi-Fi on your smartphone.";

fn jtalk(c: &mut Criterion) {
    let Some(paths) = tebiki::paths::Paths::from_env() else {
        eprintln!("skipped jtalk: no home folder");
        return;
    };
    let data = SpeechData::new(&paths.data_dir);
    let Some(voice) = JA_VOICES
        .iter()
        .find(|v| v.name == "m001" && data.voice_path(v).is_file())
        .or_else(|| JA_VOICES.iter().find(|v| data.voice_path(v).is_file()))
    else {
        eprintln!(
            "skipped jtalk: no Japanese voice in {}",
            data.voices_dir().display()
        );
        return;
    };
    if !data.has_dictionary() {
        eprintln!(
            "skipped jtalk: no dictionary in {}",
            data.dictionary_dir().display()
        );
        return;
    }
    let file = data.voice_path(voice);
    c.bench_function("jtalk_load", |b| {
        b.iter(|| JtalkSpeaker::load(&data.dictionary_dir(), &file, voice).is_ok());
    });
    let speaker = JtalkSpeaker::load(&data.dictionary_dir(), &file, voice).unwrap();
    c.bench_function(&format!("jtalk_{}_one_sentence", voice.name), |b| {
        b.iter(|| speaker.synthesize(JA, 1.0).unwrap().samples.len());
    });
}

fn espeak(c: &mut Criterion) {
    let speaker = match EspeakSpeaker::open("en-us") {
        Ok(s) => s,
        Err(e) => {
            eprintln!("skipped espeak: {e}");
            return;
        }
    };
    c.bench_function("espeak_en_us_one_sentence", |b| {
        b.iter(|| speaker.synthesize(EN, 1.0).unwrap().samples.len());
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = jtalk, espeak
}
criterion_main!(benches);
