//! `espeak`: English through libespeak-ng linked in-process. A lower pitch than
//! eSpeak's own, for older ears. Japanese is never sent here (it would be read as
//! "Chinese letter …"): `speech/mod.rs` routes only English to it.

mod ffi;

use super::pcm::Pcm;
use super::{SpeakError, Speaker};

pub use ffi::Espeak;

/// eSpeak's words per minute at `--rate 1.0`: about 145 words a minute as measured
/// (eSpeak's own figure runs a little fast; see the tests).
const WPM_AT_NORMAL_RATE: f32 = 150.0;
/// eSpeak's normal is 50.
const PITCH: i32 = 35;

pub struct EspeakSpeaker {
    library: Espeak,
    voice: String,
}

impl EspeakSpeaker {
    pub fn open(voice: &str) -> Result<EspeakSpeaker, String> {
        let library = Espeak::open()?;
        // Try the voice once, so a bad name is found now and not mid-guide.
        let speaker = EspeakSpeaker {
            library,
            voice: voice.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaks_a_plausible_length() {
        let speaker = match EspeakSpeaker::open("en-us") {
            Ok(s) => s,
            Err(e) => {
                assert!(std::env::var_os("TEBIKI_REQUIRE_TOOLS").is_none(), "{e}");
                eprintln!("skipped: {e}");
                return;
            }
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
