//! `text`: no sound at all; the text is shown only. Where every fallback ends, and
//! what `--engine text` asks for (no speech data needed).

use super::backend::{
    Backend, Env, Features, Missing, Opened, Opening, Output, Renderers, VoiceInfo, Want,
};
use crate::l10n::Lang;

pub struct Text;

impl Backend for Text {
    fn name(&self) -> &'static str {
        "text"
    }

    fn speaks(&self, _lang: &Lang) -> bool {
        true
    }

    fn auto_rank(&self, _lang: &Lang) -> Option<u8> {
        Some(u8::MAX)
    }

    fn features(&self) -> Features {
        Features {
            output: Output::Silent,
            stop: true,
            rate: false,
            volume: false,
            renderers: Renderers::One,
            opening: Opening::Sentence,
        }
    }

    fn voices(&self, _lang: &Lang) -> Vec<VoiceInfo> {
        Vec::new()
    }

    fn probe(&self, _env: &Env, _lang: &Lang, _want: Want<'_>) -> Result<String, Missing> {
        Ok(String::new())
    }

    fn open(&self, _env: &Env, _lang: &Lang, _voice: &str) -> Result<Opened, Missing> {
        Ok(Opened::Silent)
    }
}
