//! `espeak`: English through libespeak-ng linked in-process. A lower pitch than
//! eSpeak's own, for older ears. Japanese is never sent here (it would be read as
//! "Chinese letter …"): `speech/mod.rs` routes only English to it.

#[cfg(target_os = "linux")]
mod ffi;
#[cfg(not(target_os = "linux"))]
#[path = "elsewhere.rs"]
mod ffi;

use super::backend::{
    library, pcm, Backend, Env, Features, Missing, Opened, Opening, Output, Renderers, SpeakError,
    Speaker, VoiceInfo, Want,
};
use super::pcm::Pcm;
use crate::l10n::Lang;

/// The voices offered for English, the default first.
const VOICES: &[&str] = &["en-us", "en-gb"];

/// eSpeak NG's own name for a voice: British English is its voice file `en`
/// (`espeak_SetVoiceByName("en-gb")` finds nothing).
fn library_name(voice: &str) -> &str {
    match voice {
        "en-gb" => "en",
        other => other,
    }
}

/// The `espeak` engine: English (never Japanese) through libespeak-ng.
pub struct Espeak;

impl Espeak {
    fn voice(lang: &Lang, want: Want<'_>) -> Result<String, Missing> {
        match want {
            Want::Exactly(name) if VOICES.contains(&name) => Ok(name.to_string()),
            Want::Exactly(name) => Err(Missing::Voice {
                name: name.to_string(),
                dir: std::path::PathBuf::from("espeak-ng-data"),
            }),
            Want::Preferred(Some(name)) if VOICES.contains(&name) => Ok(name.to_string()),
            Want::Preferred(_) if *lang == Lang::en() => Ok(VOICES[0].to_string()),
            // Another language: eSpeak NG's own voice of that name.
            Want::Preferred(_) => Ok(lang.as_str().to_string()),
        }
    }
}

impl Backend for Espeak {
    fn name(&self) -> &'static str {
        "espeak"
    }

    /// eSpeak NG reads Japanese as "Chinese letter …": never Japanese.
    fn speaks(&self, lang: &Lang) -> bool {
        *lang != Lang::ja()
    }

    fn auto_rank(&self, _lang: &Lang) -> Option<u8> {
        Some(20)
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
        if *lang != Lang::en() {
            return Vec::new();
        }
        VOICES
            .iter()
            .map(|name| VoiceInfo { name, credit: None })
            .collect()
    }

    fn probe(&self, _env: &Env, lang: &Lang, want: Want<'_>) -> Result<String, Missing> {
        if !ffi::AVAILABLE {
            return Err(Missing::NotOnThisPlatform);
        }
        if !self.speaks(lang) {
            return Err(Missing::Language { lang: lang.clone() });
        }
        let voice = Espeak::voice(lang, want)?;
        // Starting the library takes a few ms: the probe tries it for real.
        EspeakSpeaker::open(&voice).map_err(library(self.name()))?;
        Ok(voice)
    }

    fn open(&self, _env: &Env, lang: &Lang, voice: &str) -> Result<Opened, Missing> {
        if !ffi::AVAILABLE {
            return Err(Missing::NotOnThisPlatform);
        }
        if !self.speaks(lang) {
            return Err(Missing::Language { lang: lang.clone() });
        }
        pcm(EspeakSpeaker::open(voice).map_err(library(self.name())))
    }
}

use ffi::Espeak as Library;
/// The library handle, for Kokoro's English (its IPA readings).
pub(super) use ffi::Espeak as EspeakLibrary;

/// eSpeak's words-a-minute setting that gives 145 words a minute as measured (its
/// own figure runs about a third fast; see the tests).
const WPM_AT_NORMAL_RATE: f32 = 110.0;
/// eSpeak's normal is 50.
const PITCH: i32 = 35;

pub struct EspeakSpeaker {
    library: Library,
    voice: String,
}

impl EspeakSpeaker {
    pub fn open(voice: &str) -> Result<EspeakSpeaker, String> {
        let library = Library::open()?;
        // Try the voice once, so a bad name is found now and not mid-guide.
        let speaker = EspeakSpeaker {
            library,
            voice: library_name(voice).to_string(),
        };
        speaker.synthesize(".", 1.0).map_err(|e| e.0)?;
        Ok(speaker)
    }
}

impl Speaker for EspeakSpeaker {
    fn synthesize(&self, text: &str, rate: f32) -> Result<Pcm, SpeakError> {
        let wpm = (WPM_AT_NORMAL_RATE * rate).round().clamp(80.0, 450.0) as i32;
        let prosody = ffi::Prosody {
            voice: &self.voice,
            wpm,
            pitch: PITCH,
        };
        let samples = self
            .library
            .synthesize(text, &prosody)
            .map_err(SpeakError)?;
        let samples = samples.iter().map(|s| f32::from(*s) / 32768.0).collect();
        Ok(Pcm::new(samples, self.library.sample_rate))
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// `--rate 1.0` is about 145 words a minute, over sentences without pauses.
    #[test]
    fn normal_rate_is_about_145_words_a_minute() {
        let speaker = match EspeakSpeaker::open("en-us") {
            Ok(s) => s,
            Err(e) => return crate::test_tools::missing(&format!("eSpeak NG: {e}")),
        };
        let sentences = [
            "Slide your finger down from the very top of the screen",
            "Type the phone number and the password and then press the login button",
            "After a short while a message arrives to confirm that it is really you",
        ];
        let words: usize = sentences.iter().map(|s| s.split_whitespace().count()).sum();
        let seconds: f32 = sentences
            .iter()
            .map(|s| speaker.synthesize(s, 1.0).unwrap().trimmed(0.0).seconds())
            .sum();
        let wpm = words as f32 / seconds * 60.0;
        eprintln!("espeak: {words} words in {seconds:.2} s = {wpm:.0} words a minute");
        assert!((135.0..155.0).contains(&wpm), "{wpm} words a minute");
    }

    #[test]
    fn speaks_a_plausible_length() {
        let speaker = match EspeakSpeaker::open("en-us") {
            Ok(s) => s,
            Err(e) => return crate::test_tools::missing(&format!("eSpeak NG: {e}")),
        };
        // 12 words: at 145 a minute, about 5 s.
        let text = "To log in, first open the phone and turn off the Wi-Fi for now.";
        let started = std::time::Instant::now();
        let pcm = speaker.synthesize(text, 1.0).unwrap().trimmed(0.0);
        eprintln!(
            "espeak: {:.2} s of audio in {} ms",
            pcm.seconds(),
            started.elapsed().as_millis()
        );
        assert!(pcm.rms() > 0.01, "silent");
        assert!((3.5..7.0).contains(&pcm.seconds()), "{} s", pcm.seconds());
        let fast = speaker.synthesize(text, 2.0).unwrap().trimmed(0.0);
        assert!(fast.seconds() < pcm.seconds() * 0.7);
    }
}

#[cfg(all(test, not(target_os = "linux")))]
mod elsewhere_tests {
    use super::*;
    use crate::speech::backend::Backend;

    /// `--engine espeak` on Windows: a typed reason (exit 3), never a crash.
    #[test]
    fn is_not_on_this_platform() {
        let env = Env::default();
        assert_eq!(
            Espeak.probe(&env, &Lang::en(), Want::Preferred(None)),
            Err(Missing::NotOnThisPlatform)
        );
        assert!(matches!(
            Espeak.open(&env, &Lang::en(), "en-us"),
            Err(Missing::NotOnThisPlatform)
        ));
    }
}
