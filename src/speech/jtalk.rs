//! `jtalk`: Japanese in-process, the Open `JTalk` method in Rust. jpreprocess turns text
//! into full-context labels with the NAIST-JDIC dictionary; jbonsai renders them with
//! an HTS voice. Loading the dictionary takes a while (≈ 0.1 s), so callers do it off
//! the session's thread. Never used for English.

use std::path::Path;

#[cfg(feature = "naist-jdic")]
use jpreprocess::SystemDictionaryConfig;
use jpreprocess::{DefaultTokenizer, JPreprocess};

use super::backend::{
    pcm, Backend, Env, Features, Missing, Opened, Opening, Output, Renderers, SpeakError, Speaker,
    VoiceInfo, Want,
};
use super::data::{KnownVoice, JA_VOICES};
use super::pcm::Pcm;
use crate::l10n::Lang;

/// The `jtalk` engine: Japanese only, from the installed dictionary and HTS voices.
pub struct Jtalk;

impl Jtalk {
    /// The voice to use, installed, or what is missing.
    fn voice(env: &Env, want: Want<'_>) -> Result<KnownVoice, Missing> {
        let data = env.data()?;
        if !data.has_dictionary() {
            return Err(Missing::Dictionary {
                dir: data.dictionary_dir(),
            });
        }
        match want {
            Want::Exactly(name) => data
                .installed_ja_voices()
                .into_iter()
                .find(|v| v.name == name)
                .ok_or_else(|| Missing::Voice {
                    name: name.to_string(),
                    dir: data.voices_dir(),
                }),
            Want::Preferred(wanted) => data.ja_voice(wanted).ok_or_else(|| Missing::NoVoice {
                lang: Lang::ja(),
                dir: data.voices_dir(),
            }),
        }
    }
}

impl Backend for Jtalk {
    fn name(&self) -> &'static str {
        "jtalk"
    }

    fn speaks(&self, lang: &Lang) -> bool {
        *lang == Lang::ja()
    }

    fn auto_rank(&self, _lang: &Lang) -> Option<u8> {
        Some(10)
    }

    fn features(&self) -> Features {
        Features {
            output: Output::Pcm,
            stop: true,
            rate: true,
            volume: true,
            renderers: Renderers::PerCore,
            opening: Opening::Sentence,
        }
    }

    fn voices(&self, lang: &Lang) -> Vec<VoiceInfo> {
        if !self.speaks(lang) {
            return Vec::new();
        }
        JA_VOICES
            .iter()
            .map(|v| VoiceInfo {
                name: v.name,
                credit: v.credit,
            })
            .collect()
    }

    fn probe(&self, env: &Env, lang: &Lang, want: Want<'_>) -> Result<String, Missing> {
        if !self.speaks(lang) {
            return Err(Missing::Language { lang: lang.clone() });
        }
        Jtalk::voice(env, want).map(|v| v.name.to_string())
    }

    fn open(&self, env: &Env, lang: &Lang, voice: &str) -> Result<Opened, Missing> {
        if !self.speaks(lang) {
            return Err(Missing::Language { lang: lang.clone() });
        }
        let known = Jtalk::voice(env, Want::Exactly(voice))?;
        let data = env.data()?;
        let file = data.voice_path(&known);
        pcm(
            JtalkSpeaker::load(&data.dictionary_dir(), &file, &known).map_err(|detail| {
                Missing::Damaged {
                    path: file.clone(),
                    detail,
                }
            }),
        )
    }
}

pub struct JtalkSpeaker {
    frontend: JPreprocess<DefaultTokenizer>,
    engine: jbonsai::Engine,
    gain: f32,
    speed: f64,
    speed_exponent: f64,
}

impl JtalkSpeaker {
    /// Loads the dictionary folder and the voice file.
    pub fn load(dictionary: &Path, voice_file: &Path, voice: &KnownVoice) -> Result<Self, String> {
        let engine = jbonsai::Engine::load([voice_file])
            .map_err(|e| format!("{}: {e}", voice_file.display()))?;
        let system = load_dictionary(dictionary)?;
        Ok(JtalkSpeaker {
            frontend: JPreprocess::with_dictionaries(system, None),
            engine,
            gain: voice.gain,
            speed: voice.speed,
            speed_exponent: voice.speed_exponent,
        })
    }
}

/// The installed dictionary, memory-mapped: the system reads only the pages that are
/// looked up, and shares them between runs (a copy in memory took ≈ 80 MB and a read
/// of the whole folder at every start). With the `naist-jdic` feature, jpreprocess's
/// own copy when none is installed.
pub(super) fn load_dictionary(dir: &Path) -> Result<jpreprocess::Dictionary, String> {
    #[cfg(feature = "naist-jdic")]
    if !dir.join("metadata.json").is_file() {
        return SystemDictionaryConfig::Bundled(
            jpreprocess::kind::JPreprocessDictionaryKind::NaistJdic,
        )
        .load()
        .map_err(|e| format!("{}: {e}", dir.display()));
    }
    lindera_dictionary::dictionary::Dictionary::load_from_path_with_options(dir, true)
        .map_err(|e| format!("{}: {e}", dir.display()))
}

impl JtalkSpeaker {
    /// The morae of `text` as Open `JTalk` reads it: every vowel, ン and ッ.
    #[cfg(test)]
    fn morae(&self, text: &str) -> usize {
        self.frontend.extract_fullcontext(text).map_or(0, |labels| {
            labels
                .iter()
                .filter(|l| {
                    l.phoneme.c.as_deref().is_some_and(|p| {
                        matches!(
                            p,
                            "a" | "i" | "u" | "e" | "o" | "A" | "I" | "U" | "E" | "O" | "N" | "cl"
                        )
                    })
                })
                .count()
        })
    }
}

impl Speaker for JtalkSpeaker {
    fn synthesize(&self, text: &str, rate: f32) -> Result<Pcm, SpeakError> {
        let text = japanese_spacing(text);
        let labels = self
            .frontend
            .extract_fullcontext(&text)
            .map_err(|e| SpeakError(e.to_string()))?;
        let mut engine = self.engine.clone();
        let speed = self.speed * f64::from(rate).powf(self.speed_exponent);
        engine.condition.set_speed(speed);
        let samples = engine
            .synthesize(labels)
            .map_err(|e| SpeakError(e.to_string()))?;
        let rate_hz = u32::try_from(engine.condition.get_sampling_frequency()).unwrap_or(48000);
        let samples = samples
            .iter()
            .map(|s| (*s / 32768.0) as f32 * self.gain)
            .collect();
        Ok(Pcm::new(samples, rate_hz))
    }
}

/// Japanese is written without spaces, and the analyser reads a space as a pause:
/// "パソコンから My au にログイン" would halt twice. A space goes unless it stands
/// between two Latin letters or digits ("UQ mobile" keeps its).
pub(super) fn japanese_spacing(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let latin = |c: Option<&char>| c.is_some_and(char::is_ascii_alphanumeric);
    chars
        .iter()
        .enumerate()
        .filter(|(i, c)| **c != ' ' || (latin(chars[..*i].last()) && latin(chars.get(i + 1))))
        .map(|(_, c)| *c)
        .collect()
}

#[cfg(test)]
mod spacing_tests {
    #[test]
    fn spaces_go_around_japanese_and_stay_between_latin_words() {
        assert_eq!(
            super::japanese_spacing("パソコンから マイエーユー にログイン"),
            "パソコンからマイエーユーにログイン"
        );
        assert_eq!(
            super::japanese_spacing("UQ mobile の設定"),
            "UQ mobileの設定"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::data::JA_VOICES;
    use super::*;

    /// The installed data, or a skip (a failure when `TEBIKI_REQUIRE_TOOLS` is set).
    fn speaker(voice: &KnownVoice) -> Option<JtalkSpeaker> {
        let paths = crate::paths::Paths::from_env()?;
        let data = crate::speech::data::SpeechData::for_paths(&paths);
        let file = data.voice_path(voice);
        if !data.has_dictionary() || !file.is_file() {
            crate::test_tools::missing(&format!(
                "no dictionary or voice {} in {}: run scripts/setup.sh",
                voice.name,
                paths.data_dir.display()
            ));
            return None;
        }
        Some(JtalkSpeaker::load(&data.dictionary_dir(), &file, voice).unwrap())
    }

    /// `--rate 1.0` is about 5 morae a second: measured over sentences without
    /// pauses, as morae (from the labels) over seconds of trimmed audio.
    #[test]
    fn normal_rate_is_about_five_morae_a_second() {
        let sentences = [
            "まずスマートフォンの画面を指で上になぞってください",
            "電話番号とパスワードを入れてからログインのボタンを押します",
            "しばらくすると確認のためのメッセージが届きます",
        ];
        for voice in JA_VOICES {
            let Some(speaker) = speaker(voice) else {
                return;
            };
            let (mut morae, mut seconds) = (0, 0.0);
            for s in sentences {
                morae += speaker.morae(s);
                seconds += speaker.synthesize(s, 1.0).unwrap().trimmed(0.0).seconds();
            }
            let rate = morae as f32 / seconds;
            eprintln!(
                "jtalk {}: {morae} morae in {seconds:.2} s = {rate:.2} morae/s",
                voice.name
            );
            assert!((4.5..5.5).contains(&rate), "{rate} morae/s");
        }
    }

    /// The pace of whole steps with their pauses, against the pace of speech alone,
    /// over every step of the built-in Japanese guide, as `run` and `export` render
    /// them: today's pauses (0.45 s between sentences, the voice's own at commas)
    /// and each `--pause`. Slow (renders the whole guide): run it by hand with
    /// `cargo test --lib pace_of_whole_steps -- --ignored --nocapture`.
    #[test]
    #[ignore = "renders the whole guide: run by hand for the README's numbers"]
    fn pace_of_whole_steps() {
        for voice in JA_VOICES {
            let Some(speaker) = speaker(voice) else {
                return;
            };
            pace_of_whole_steps_with(&speaker, voice.name);
        }
    }

    fn pace_of_whole_steps_with(speaker: &JtalkSpeaker, voice: &str) {
        use super::super::render::{self, Pause};
        use crate::guide::{Library, Source};
        let library = Library::new(None, None);
        let guide = library
            .load(&Source::Builtin("my-au-login".into()))
            .guide
            .unwrap();
        let ja = Lang::ja();
        let (mut morae, mut raw) = (0usize, Vec::new());
        for i in 0..guide.steps.len() {
            let text = guide.speakable(&ja, &guide.step_speech(&ja, i));
            morae += speaker.morae(&text);
            let parts: Vec<Pcm> = crate::speech::sentences(&text)
                .iter()
                .map(|s| speaker.synthesize(s, 1.0).unwrap().trimmed(0.03))
                .collect();
            raw.push(parts);
        }
        let whole = |parts: &[Pcm], between: f32, tail: f32, inside: Option<f32>| {
            let mut out = Pcm::default();
            for p in parts {
                let p = match inside {
                    Some(longest) => render::shorten_pauses(p.clone(), longest),
                    None => p.clone(),
                };
                if out.rate == 0 {
                    out.rate = p.rate;
                }
                out.append(&p, between);
            }
            out.samples
                .extend(std::iter::repeat_n(0.0, (out.rate as f32 * tail) as usize));
            out
        };
        let report = |name: &str, steps: Vec<Pcm>| {
            let seconds: f32 = steps.iter().map(Pcm::seconds).sum();
            let paused: f32 = steps.iter().map(Pcm::pause_seconds).sum();
            eprintln!(
                "{name:>8}: {morae} morae in {seconds:.1} s = {:.2} morae/s with pauses; \
                 {:.1} s of pauses ({:.0} %); {:.2} morae/s in speech alone",
                morae as f32 / seconds,
                paused,
                100.0 * paused / seconds,
                morae as f32 / (seconds - paused),
            );
            morae as f32 / seconds
        };
        // The voice's own pauses inside sentences (at commas): 0.25 s or more.
        let inner: Vec<f32> = raw
            .iter()
            .flatten()
            .flat_map(|p| {
                let w = (p.rate / 100) as usize;
                let mut runs = Vec::new();
                let mut n = 0;
                for c in p.samples.chunks(w) {
                    if c.iter().all(|s| s.abs() < 0.005) {
                        n += 1;
                    } else {
                        if n >= 25 {
                            runs.push(n as f32 / 100.0);
                        }
                        n = 0;
                    }
                }
                runs
            })
            .collect();
        eprintln!(
            "jtalk {voice}, my-au-login, {} steps; the voice's own pauses inside sentences: \
             {} from {:.2} to {:.2} s, mean {:.2} s",
            guide.steps.len(),
            inner.len(),
            inner.iter().copied().fold(f32::MAX, f32::min),
            inner.iter().copied().fold(0.0, f32::max),
            inner.iter().sum::<f32>() / inner.len().max(1) as f32
        );
        let before = report(
            "before",
            raw.iter().map(|p| whole(p, 0.45, 0.35, None)).collect(),
        );
        let mut paces = Vec::new();
        for pause in [Pause::Short, Pause::Normal, Pause::Long] {
            let steps = raw
                .iter()
                .map(|p| {
                    whole(
                        p,
                        pause.after(false, 1.0),
                        pause.after(true, 1.0),
                        Some(pause.inside(1.0)),
                    )
                })
                .collect();
            paces.push(report(pause.name(), steps));
        }
        // Shorter pauses, a quicker pace; normal quicker than before.
        assert!(paces[0] > paces[1] && paces[1] > paces[2], "{paces:?}");
        assert!(paces[1] > before, "{before} {paces:?}");
    }

    #[test]
    fn every_voice_speaks_a_plausible_length() {
        for voice in JA_VOICES {
            let Some(speaker) = speaker(voice) else {
                return;
            };
            // 25 morae: at about 5 a second, some 5 s.
            let text = "ログインするには、まずスマートフォンを開いてください。";
            let started = std::time::Instant::now();
            let pcm = speaker.synthesize(text, 1.0).unwrap().trimmed(0.0);
            eprintln!(
                "jtalk {}: {:.2} s of audio in {} ms",
                voice.name,
                pcm.seconds(),
                started.elapsed().as_millis()
            );
            assert!(pcm.rms() > 0.01, "silent");
            assert!(pcm.peak() < 1.0, "clips");
            assert!((3.5..7.0).contains(&pcm.seconds()), "{} s", pcm.seconds());
            let fast = speaker.synthesize(text, 2.0).unwrap().trimmed(0.0);
            assert!(fast.seconds() < pcm.seconds() * 0.7);
        }
    }
}
