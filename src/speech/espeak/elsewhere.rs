//! eSpeak NG is linked only on Linux (`espeakng-sys` needs libespeak-ng and its data
//! installed system-wide). Elsewhere the engine stays known by name, and opening it
//! says it is not available on this platform.

/// The backend answers `Missing::NotOnThisPlatform` before it gets here.
pub const AVAILABLE: bool = false;

/// Why the engine cannot be opened here (for the log).
pub const NOT_HERE: &str = "eSpeak NG is only available on Linux";

#[derive(Debug)]
pub struct Espeak {
    pub sample_rate: u32,
}

pub struct Prosody<'a> {
    pub voice: &'a str,
    pub wpm: i32,
    pub pitch: i32,
}

impl Espeak {
    pub fn open() -> Result<Espeak, String> {
        Err(NOT_HERE.into())
    }

    /// eSpeak NG's phonemes for a word (Kokoro's English fallback): none here.
    pub fn ipa(&self, _text: &str, _voice: &str) -> Result<String, String> {
        Err(NOT_HERE.into())
    }

    pub fn synthesize(&self, _text: &str, prosody: &Prosody<'_>) -> Result<Vec<i16>, String> {
        let _ = (prosody.voice, prosody.wpm, prosody.pitch, self.sample_rate);
        Err(NOT_HERE.into())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn says_it_is_not_here() {
        assert_eq!(super::Espeak::open().unwrap_err(), super::NOT_HERE);
    }
}
