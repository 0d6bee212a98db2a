//! Synthesis of one sentence per engine of the registry that renders PCM, in process
//! (no device): what a key costs when the sentence is not cached yet, and what loading
//! the engine costs. Engines that cannot run here are skipped with what is missing
//! (run scripts/setup.sh).

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use criterion::{criterion_group, criterion_main, Criterion};
use tebiki::l10n::Lang;
use tebiki::speech::backend::{Env, Opened, Output, Want};
use tebiki::speech::registry;

const JA: &str = "My auにログインするには、まずスマートフォンのWi-Fiをオフにしてください。";
const EN: &str = "To log in to My au, first turn off Wi-Fi on your smartphone.";

fn engines(c: &mut Criterion) {
    let env = Env::here(&BTreeMap::new());
    for engine in registry::all().filter(|e| e.features().output == Output::Pcm) {
        for (lang, text) in [(Lang::ja(), JA), (Lang::en(), EN)] {
            if !engine.speaks(&lang) {
                continue;
            }
            let backend = engine.backend();
            let voice = match backend.probe(&env, &lang, Want::Preferred(None)) {
                Ok(v) => v,
                Err(missing) => {
                    eprintln!("skipped {} ({lang}): {missing}", engine.name());
                    continue;
                }
            };
            let name = format!("{}_{}", engine.name(), voice.replace('-', "_"));
            c.bench_function(&format!("{name}_load"), |b| {
                b.iter(|| backend.open(&env, &lang, &voice).is_ok());
            });
            let Ok(Opened::Pcm(speaker)) = backend.open(&env, &lang, &voice) else {
                continue;
            };
            c.bench_function(&format!("{name}_one_sentence"), |b| {
                b.iter(|| speaker.synthesize(text, 1.0).unwrap().samples.len());
            });
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = engines
}
criterion_main!(benches);
