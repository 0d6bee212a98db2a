//! Readings: how the Japanese voice will read a text, as katakana per word, for an
//! author to review by eye (`tebiki say TEXT --reading`, `tebiki check --readings`).
//! It goes the voice's own way: the text (after the lexicon, which callers apply) is
//! cut into the sentences that are rendered one by one, spaced as `jtalk` spaces
//! them, and analysed by the same jpreprocess frontend and NAIST-JDIC dictionary.
//! Needs only the dictionary, never a voice or a sound device; never speaks.

use std::path::Path;

use jpreprocess::{DefaultTokenizer, JPreprocess};

/// The Japanese frontend alone: the dictionary, loaded once.
pub struct Reader {
    frontend: JPreprocess<DefaultTokenizer>,
}

/// One word as the frontend read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The word as written (after the lexicon).
    pub written: String,
    /// Its reading in katakana (a pause is `、`, a question `？`).
    pub reading: String,
}

impl Reader {
    /// Loads the dictionary folder (see `SpeechData::dictionary_dir`).
    pub fn load(dictionary: &Path) -> Result<Reader, String> {
        let system = super::jtalk::load_dictionary(dictionary)?;
        Ok(Reader {
            frontend: JPreprocess::with_dictionaries(system, None),
        })
    }

    /// The words of `text` with their readings, sentence by sentence as the voice
    /// renders them. Words the voice says nothing for (spaces, most symbols) are left
    /// out.
    pub fn words(&self, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        for sentence in super::sentences(text) {
            let spaced = super::jtalk::japanese_spacing(&sentence);
            let Ok(mut njd) = self.frontend.text_to_njd(&spaced) else {
                continue;
            };
            njd.preprocess();
            for node in &njd.nodes {
                // `’` marks a vowel said voiceless: a detail of sound, not of reading.
                let reading: String = node
                    .get_pron()
                    .to_pure_string()
                    .chars()
                    .filter(|c| *c != '’')
                    .collect();
                if !reading.is_empty() {
                    out.push(Word {
                        written: node.get_string().to_string(),
                        reading,
                    });
                }
            }
        }
        out
    }

    /// The reading of `text`: katakana, one word after another, separated by spaces.
    pub fn reading(&self, text: &str) -> String {
        self.words(text)
            .iter()
            .map(|w| w.reading.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speech::data::SpeechData;

    /// The installed dictionary, or a skip (a failure when `TEBIKI_REQUIRE_TOOLS` is set).
    fn reader() -> Option<Reader> {
        let paths = crate::paths::Paths::from_env()?;
        let data = SpeechData::new(&paths.data_dir);
        if !data.has_dictionary() {
            let why = format!("no dictionary in {}", paths.data_dir.display());
            assert!(std::env::var_os("TEBIKI_REQUIRE_TOOLS").is_none(), "{why}");
            eprintln!("skipped: {why}; run scripts/setup.sh");
            return None;
        }
        Some(Reader::load(&data.dictionary_dir()).unwrap())
    }

    #[test]
    fn words_are_read_in_katakana() {
        let Some(reader) = reader() else { return };
        let words = reader.words("画面を見ます。");
        assert_eq!(words[0].written, "画面");
        assert_eq!(words[0].reading, "ガメン");
        // Numbers are read with their counter, as the voice says them.
        assert_eq!(reader.reading("15分"), "ジュー ゴ フン");
        // The dictionary marks a voiceless vowel (ク’ダサイ): not part of a reading.
        assert_eq!(reader.reading("ください"), "クダサイ");
    }

    #[test]
    fn sentences_and_spacing_are_the_voices() {
        let Some(reader) = reader() else { return };
        // A space between Japanese words is dropped, as the voice drops it.
        assert_eq!(reader.reading("画面 を"), reader.reading("画面を"));
        // Several sentences and lines are all read.
        let two = reader.reading("はい。\nいいえ。");
        assert_eq!(two, "ハイ 、 イーエ 、");
    }
}
