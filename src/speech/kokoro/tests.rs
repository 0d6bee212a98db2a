//! Kokoro with the installed data (skipped without it, a failure when
//! `TEBIKI_REQUIRE_TOOLS` is set). These run the model: a few seconds on one core.

use super::*;
use crate::speech::data::SpeechData;

fn speaker(name: &str) -> Option<KokoroSpeaker> {
    let paths = crate::paths::Paths::from_env()?;
    let data = KokoroData::new(&paths.data_dir);
    let voice = KokoroVoice::by_name(name).unwrap();
    let dictionary = SpeechData::new(&paths.data_dir).dictionary_dir();
    match KokoroSpeaker::load(&data, voice, &dictionary, 1) {
        Ok(s) => Some(s),
        Err(e) => {
            assert!(std::env::var_os("TEBIKI_REQUIRE_TOOLS").is_none(), "{e}");
            eprintln!("skipped: {e}; run scripts/setup.sh");
            None
        }
    }
}

#[test]
fn japanese_readings_come_from_the_frontend() {
    let Some(s) = speaker("jf_alpha") else { return };
    // Digits are read by the frontend: 15分 is じゅうごふん, not じゅうごぶん.
    let ps = s.phonemes("15分待ってください。").unwrap();
    assert!(ps.contains("ʥɨː ɡo"), "{ps}");
    assert!(ps.contains("ɸɯɴ"), "{ps}");
    assert!(ps.contains("maʔte"), "{ps}");
    assert!(ps.ends_with('.'), "{ps}");
    let ps = s.phonemes("東京で、新聞を買います。").unwrap();
    assert!(ps.starts_with("toːkʲoː"), "{ps}");
    assert!(ps.contains("ɕimbɯɴ"), "{ps}");
    assert!(ps.contains(','), "{ps}");
    assert!(vocab::knows_all(&ps), "{ps}");
}

#[test]
fn english_reads_the_word_list_and_espeak() {
    let Some(s) = speaker("am_michael") else {
        return;
    };
    let ps = s
        .phonemes("Please log in again within 15 minutes.")
        .unwrap();
    assert!(ps.starts_with("plˈiz lˈɔɡ"), "{ps}");
    assert!(ps.contains("fˌɪftˈin") || ps.contains("fˈɪftin"), "{ps}");
    assert!(ps.ends_with('.'), "{ps}");
    assert!(vocab::knows_all(&ps), "{ps}");
}

#[test]
fn both_languages_share_one_model() {
    let (Some(ja), Some(en)) = (speaker("jm_kumo"), speaker("af_heart")) else {
        return;
    };
    assert!(Arc::ptr_eq(&ja.model, &en.model));
}

/// In Japanese `--rate 1.0` keeps the pace of jtalk's m001 (about 5 morae a second
/// by its own test): each sentence rendered as `run` plays it, morae from the
/// frontend's readings over seconds of speech. Over every built-in Japanese step
/// (README, "Kokoro") m001 speaks 6.2 kana a second without its pauses, `jm_kumo` 5.7
/// and `jf_alpha` about 6.0; a Kokoro voice may be a little slower than m001, never
/// faster.
#[test]
fn japanese_voices_keep_the_pace_of_m001() {
    use crate::config::Pause;
    use crate::speech::data::JA_VOICES;
    use crate::speech::jtalk::JtalkSpeaker;
    use crate::speech::render;
    let sentences = [
        "まずスマートフォンの画面を指で上になぞってください",
        "電話番号とパスワードを入れてからログインのボタンを押します",
        "しばらくすると確認のためのメッセージが届きます",
    ];
    let pace = |speaker: &dyn Speaker, morae: usize| {
        let seconds: f32 = sentences
            .iter()
            .map(|t| {
                // Seconds of speech: the voices' own pauses, which differ, do not decide.
                let pcm = render::sentence(speaker, t, 1.0, Pause::Normal).unwrap();
                pcm.seconds() - pcm.pause_seconds()
            })
            .sum();
        morae as f32 / seconds
    };
    let mut problems = Vec::new();
    let mut m001 = None;
    for name in ["jm_kumo", "jf_alpha"] {
        let Some(s) = speaker(name) else { return };
        let morae: usize = sentences.iter().map(|t| s.morae(t)).sum();
        let m001 = *m001.get_or_insert_with(|| {
            let paths = crate::paths::Paths::from_env().unwrap();
            let data = SpeechData::new(&paths.data_dir);
            let voice = &JA_VOICES[0];
            let jtalk =
                JtalkSpeaker::load(&data.dictionary_dir(), &data.voice_path(voice), voice).unwrap();
            pace(&jtalk, morae)
        });
        let rate = pace(&s, morae);
        eprintln!(
            "kokoro {name}: {morae} morae, {rate:.2} morae/s of speech; m001 {m001:.2} ({:.0} %)",
            100.0 * rate / m001
        );
        if !(0.85..1.03).contains(&(rate / m001)) {
            problems.push(format!("{name}: {rate} morae/s against m001's {m001}"));
        }
    }
    assert!(problems.is_empty(), "{problems:?}");
}

/// `--rate 1.0` is about 145 words a minute (as for espeak).
#[test]
fn english_normal_rate_is_about_145_words_a_minute() {
    let sentences = [
        "Slide your finger down from the very top of the screen",
        "Type the phone number and the password and then press the login button",
        "After a short while a message arrives to confirm that it is really you",
    ];
    let words: usize = sentences.iter().map(|s| s.split_whitespace().count()).sum();
    let mut problems = Vec::new();
    for name in ["af_heart", "am_michael"] {
        let Some(s) = speaker(name) else { return };
        let seconds: f32 = sentences
            .iter()
            .map(|t| s.synthesize(t, 1.0).unwrap().trimmed(0.0).seconds())
            .sum();
        let wpm = words as f32 / seconds * 60.0;
        eprintln!("kokoro {name}: {words} words in {seconds:.2} s = {wpm:.0} words a minute");
        if !(135.0..155.0).contains(&wpm) {
            problems.push(format!("{name}: {wpm} words a minute"));
        }
    }
    assert!(problems.is_empty(), "{problems:?}");
}

/// As loud as the engine it stands beside (m001 for Japanese, eSpeak NG for
/// English: RMS of the same trimmed sentence within 3 dB), never clipping, and
/// faster at a faster rate.
#[test]
fn every_voice_is_as_loud_as_the_others_and_never_clips() {
    const JA: &str = "ログインするには、まずスマートフォンを開いてください。";
    const EN: &str = "To log in, first open the phone and turn off the Wi-Fi for now.";
    let Some(paths) = crate::paths::Paths::from_env() else {
        return;
    };
    let data = SpeechData::new(&paths.data_dir);
    let m001 = crate::speech::data::JA_VOICES[0];
    let jtalk = crate::speech::jtalk::JtalkSpeaker::load(
        &data.dictionary_dir(),
        &data.voice_path(&m001),
        &m001,
    );
    let espeak = crate::speech::espeak::EspeakSpeaker::open("en-us");
    let (Ok(jtalk), Ok(espeak)) = (jtalk, espeak) else {
        assert!(std::env::var_os("TEBIKI_REQUIRE_TOOLS").is_none());
        return;
    };
    let reference = |text: &str| {
        let speaker: &dyn Speaker = if text == JA { &jtalk } else { &espeak };
        speaker.synthesize(text, 1.0).unwrap().trimmed(0.0).rms()
    };
    let (ja_rms, en_rms) = (reference(JA), reference(EN));
    let mut problems = Vec::new();
    for (name, text, other) in [
        ("jf_alpha", JA, ja_rms),
        ("jm_kumo", JA, ja_rms),
        ("af_heart", EN, en_rms),
        ("am_michael", EN, en_rms),
    ] {
        let Some(s) = speaker(name) else { return };
        let pcm = s.synthesize(text, 1.0).unwrap().trimmed(0.0);
        let db = 20.0 * (pcm.rms() / other).log10();
        eprintln!(
            "kokoro {name}: {:.2} s, rms {:.4} (the other engine {other:.4}: {db:+.1} dB), peak {:.3}",
            pcm.seconds(),
            pcm.rms(),
            pcm.peak()
        );
        if pcm.peak() >= 0.9 {
            problems.push(format!("{name} clips"));
        }
        if db.abs() >= 3.0 {
            problems.push(format!("{name}: {db:+.1} dB against the other engine"));
        }
        if !(3.0..9.0).contains(&pcm.seconds()) {
            problems.push(format!("{name}: {} s", pcm.seconds()));
        }
        let fast = s.synthesize(text, 2.0).unwrap().trimmed(0.0);
        if fast.seconds() >= pcm.seconds() * 0.6 {
            problems.push(format!("{name} is not faster at rate 2"));
        }
    }
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn the_optimized_copy_speaks_exactly_as_the_model() {
    let Some(paths) = crate::paths::Paths::from_env() else {
        return;
    };
    let data = KokoroData::new(&paths.data_dir);
    let optimized = model::optimized_file(&data.model_file());
    if !optimized.is_file() {
        assert!(
            std::env::var_os("TEBIKI_REQUIRE_TOOLS").is_none(),
            "no {}: `tebiki data install --model-source` makes it",
            optimized.display()
        );
        eprintln!("skipped: no {}", optimized.display());
        return;
    }
    let library = data.runtime_file();
    let plain = model::Model::load_only(&library, &data.model_file()).unwrap();
    let quick = model::Model::load_only(&library, &optimized).unwrap();
    let tokens = vocab::tokenize("lˈɔɡ ɪn.");
    let voice = model::Voice::load(&data.voice_file("am_michael")).unwrap();
    let style = voice.style(tokens.len());
    let a = plain.infer(&tokens, style, 1.0).unwrap();
    let b = quick.infer(&tokens, style, 1.0).unwrap();
    assert_eq!(a.len(), b.len());
    let worst = a
        .iter()
        .zip(&b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max);
    assert!(worst < 1e-4, "the optimized model differs by up to {worst}");
}

/// The model alone, a voice, and a long sentence's tokens (several seconds to
/// render), for the tests of who waits for the model.
fn model_voice_and_long_tokens() -> Option<(Arc<model::Model>, Arc<model::Voice>, Vec<i64>)> {
    let paths = crate::paths::Paths::from_env()?;
    let data = KokoroData::new(&paths.data_dir);
    let Ok(model) = model::Model::load_only(&data.runtime_file(), &data.model_file()) else {
        assert!(
            std::env::var_os("TEBIKI_REQUIRE_TOOLS").is_none(),
            "no Kokoro model"
        );
        return None;
    };
    let voice = model::Voice::load(&data.voice_file("am_michael")).unwrap();
    let long = vocab::tokenize(&"ðə kwˈɪk bɹˈWn fˈɑks ʤˈʌmps ˌOvəɹ ðə lˈAzi dˈɔɡ, ".repeat(3));
    Some((Arc::new(model), Arc::new(voice), long))
}

#[test]
fn an_inference_ahead_of_time_gives_way_to_what_is_heard_now() {
    let Some((model, voice, long)) = model_voice_and_long_tokens() else {
        return;
    };
    let ahead = {
        let (model, voice) = (model.clone(), voice.clone());
        std::thread::spawn(move || {
            crate::speech::background::in_background();
            model.infer(&long, voice.style(long.len()), 1.0)
        })
    };
    while !model.running_ahead() {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let now = vocab::tokenize("jˈɛs.");
    crate::speech::background::set_urgent(true);
    let heard = model.infer(&now, voice.style(now.len()), 1.0);
    assert!(heard.is_ok_and(|s| !s.is_empty()));
    let stopped = ahead.join().unwrap();
    assert!(
        stopped.is_err(),
        "the inference ahead of time ran to its end"
    );
}

#[test]
fn a_render_stopped_while_it_waits_for_the_model_never_starts() {
    let Some((model, voice, long)) = model_voice_and_long_tokens() else {
        return;
    };
    // Prefetch holds the model with a long inference (not urgent: it is not stopped).
    let ahead = {
        let (model, voice, long) = (model.clone(), voice.clone(), long.clone());
        std::thread::spawn(move || {
            crate::speech::background::in_background();
            model.infer(&long, voice.style(long.len()), 1.0)
        })
    };
    while !model.running_ahead() {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // The speech thread waits for it with a piece of its own; then the listener moves on.
    let group = crate::speech::background::new_group();
    let waiting = {
        let (model, voice, long) = (model.clone(), voice.clone(), long.clone());
        std::thread::spawn(move || {
            crate::speech::background::join_group(group);
            crate::speech::background::set_urgent(false);
            model.infer(&long, voice.style(long.len()), 1.0)
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(100));
    crate::speech::background::stop_renders(group);
    assert!(ahead.join().unwrap().is_ok());
    let stale = waiting.join().unwrap();
    assert!(stale.is_err(), "the stale render ran to its end");
}
