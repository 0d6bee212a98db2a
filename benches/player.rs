//! The player and guide loading, measured with criterion: a key must cost microseconds
//! so that everything between a key and sound is speech, not bookkeeping.

#![allow(clippy::unwrap_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use tebiki::guide::{Library, Source};
use tebiki::l10n::{Lang, Localizer};
use tebiki::player::{Action, Event, Options, Player, Resume};

fn bench(c: &mut Criterion) {
    let library = Library::new(None, None);
    let source = Source::Builtin("my-au-login".into());
    let guide = library.load(&source).guide.unwrap();
    let l10n = Localizer::builtin();
    let options = Options {
        lang: Lang::ja(),
        missing_lang: None,
        rate: 1.0,
        remind: true,
        confirm_quit: true,
        helper: tebiki::helper::Helper::default(),
    };

    c.bench_function("player_handle_next_back", |b| {
        let mut p = Player::new(&guide, &l10n, options.clone(), Resume::Fresh);
        p.handle(0, Event::Start);
        b.iter(|| {
            let a = p.handle(0, Event::Key(Action::Next));
            let b = p.handle(0, Event::Key(Action::Back));
            (a.len(), b.len())
        });
    });
    c.bench_function("player_handle_tick", |b| {
        let mut p = Player::new(&guide, &l10n, options.clone(), Resume::Fresh);
        p.handle(0, Event::Start);
        p.handle(0, Event::SpeechDone);
        b.iter(|| p.handle(1_000, Event::Tick).len());
    });
    c.bench_function("guide_load_my_au_login", |b| {
        b.iter(|| library.load(&source).problems.len());
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
