//! English for Kokoro: each word looked up in misaki's American word lists (gold, then
//! silver; installed by `data install` as one sorted table), else read by eSpeak NG in
//! IPA and brought to Kokoro's symbols with misaki's replacement rules (diphthongs as
//! one letter: "aɪ" → I, "oʊ" → O; no length marks).

use std::path::Path;

/// misaki's word lists as a sorted table, `word\tphonemes` a line, looked up by
/// binary search: loading is reading one file, with no parsing.
pub struct Lexicon {
    text: String,
    /// The start of each line, in the file's (byte-sorted) order.
    lines: Vec<usize>,
}

impl Lexicon {
    pub fn load(path: &Path) -> Result<Lexicon, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Lexicon::from_text(text))
    }

    pub fn from_text(text: String) -> Lexicon {
        let mut lines = vec![0];
        lines.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        lines.retain(|&start| start < text.len());
        Lexicon { text, lines }
    }

    fn entry(&self, i: usize) -> (&str, &str) {
        let start = self.lines[i];
        let end = self.lines.get(i + 1).map_or(self.text.len(), |e| e - 1);
        let line = self.text[start..end].trim_end_matches('\n');
        line.split_once('\t').unwrap_or((line, ""))
    }

    /// The phonemes of exactly `word`.
    pub fn exact(&self, word: &str) -> Option<&str> {
        let i = self
            .lines
            .binary_search_by(|&start| {
                let rest = &self.text[start..];
                let key = rest.split(['\t', '\n']).next().unwrap_or(rest);
                key.cmp(word)
            })
            .ok()?;
        Some(self.entry(i).1).filter(|p| !p.is_empty())
    }

    /// The phonemes of `word` as written, else in small letters, else capitalised
    /// ("Please" at the start of a sentence is "please").
    pub fn get(&self, word: &str) -> Option<&str> {
        self.exact(word)
            .or_else(|| self.exact(&word.to_lowercase()))
            .or_else(|| {
                let mut c = word.chars();
                let first = c.next()?;
                self.exact(
                    &(first.to_uppercase().chain(c.flat_map(char::to_lowercase)))
                        .collect::<String>(),
                )
            })
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.lines.len()
    }
}

/// A piece of an English sentence.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Word(String),
    Punctuation(char),
}

/// Words (letters and digits, with inner apostrophes, hyphens, and the points and
/// commas of numbers) and the punctuation Kokoro knows; anything else is a space.
fn pieces(text: &str) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let inner = !word.is_empty() && next.is_some_and(char::is_alphanumeric);
        let in_number = word.chars().last().is_some_and(|l| l.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit());
        if c.is_alphanumeric()
            || (inner && matches!(c, '\'' | '’' | '-'))
            || (in_number && matches!(c, '.' | ',' | ':'))
        {
            word.push(if c == '’' { '\'' } else { c });
            continue;
        }
        if !word.is_empty() {
            out.push(Piece::Word(std::mem::take(&mut word)));
        }
        let p = match c {
            '.' | ',' | '!' | '?' | ':' | ';' | '—' | '…' | '(' | ')' | '“' | '”' => {
                Some(c)
            }
            '"' => Some('"'),
            '–' => Some('—'),
            _ => None,
        };
        if let Some(p) = p {
            out.push(Piece::Punctuation(p));
        }
    }
    if !word.is_empty() {
        out.push(Piece::Word(word));
    }
    out
}

/// Reads a word with eSpeak NG: IPA with `^` tying multi-letter phonemes.
pub trait Reader {
    fn ipa(&self, word: &str) -> Option<String>;
}

/// The phonemes of an English sentence.
pub fn phonemes(text: &str, lexicon: &Lexicon, reader: &dyn Reader) -> String {
    let pieces = pieces(text);
    let mut words: Vec<(String, bool)> = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            // "A" before a word in small letters is the article ("A panel appears");
            // otherwise the letter ("My A U", as the lexicon spells "au").
            Piece::Word(w) if w == "A" => {
                let article = matches!(pieces.get(i + 1), Some(Piece::Word(n)) if n.starts_with(char::is_lowercase));
                let ps = if article {
                    "ɐ".to_string()
                } else {
                    lexicon.exact("A").unwrap_or("ˈA").to_string()
                };
                words.push((ps, false));
            }
            Piece::Word(w) => words.push((word_phonemes(w, lexicon, reader), false)),
            Piece::Punctuation(p) => words.push((p.to_string(), true)),
        }
    }
    // "the" before a vowel sound is "ði".
    for i in 0..words.len() {
        if words[i].0 == "ðə" {
            let vowel_next = words
                .get(i + 1)
                .and_then(|(w, _)| w.trim_start_matches(['ˈ', 'ˌ']).chars().next())
                .is_some_and(is_vowel);
            if vowel_next {
                words[i].0 = "ði".into();
            }
        }
    }
    let mut out = String::new();
    for (i, (w, punctuation)) in words.iter().enumerate() {
        if w.is_empty() {
            continue;
        }
        let opening = matches!(w.as_str(), "(" | "“");
        let glued = *punctuation && !opening;
        if i > 0 && !glued && !out.is_empty() && !out.ends_with(['(', '“']) {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn is_vowel(c: char) -> bool {
    "AIOQWYaiuæɑɒɔəɛɜɪʊʌᵻ".contains(c)
}

/// One word: the articles as misaki says them, the word lists, the parts of a
/// hyphenated word, else eSpeak NG.
fn word_phonemes(word: &str, lexicon: &Lexicon, reader: &dyn Reader) -> String {
    match word {
        "a" => return "ɐ".into(),
        "the" | "The" | "THE" => return "ðə".into(),
        _ => {}
    }
    if let Some(p) = lexicon.get(word) {
        return p.to_string();
    }
    if word.contains('-') {
        let parts: Option<Vec<&str>> = word.split('-').map(|w| lexicon.get(w)).collect();
        if let Some(parts) = parts {
            return parts.join(" ");
        }
    }
    reader
        .ipa(word)
        .map(|ipa| from_espeak(&ipa))
        .unwrap_or_default()
}

/// eSpeak NG's IPA (with `^` ties) in Kokoro's American symbols: misaki's
/// replacement rules.
pub fn from_espeak(ipa: &str) -> String {
    // Longest first, as misaki applies them.
    const RULES: &[(&str, &str)] = &[
        ("ʔˌn\u{329}", "tn"),
        ("ʔn\u{329}", "tn"),
        ("a^ɪ", "I"),
        ("a^ʊ", "W"),
        ("d^ʒ", "ʤ"),
        ("e^ɪ", "A"),
        ("t^ʃ", "ʧ"),
        ("ɔ^ɪ", "Y"),
        ("ə^l", "ᵊl"),
        ("ʔn", "tn"),
        ("ʲo", "jo"),
        ("ʲə", "jə"),
        ("ʔ", "t"),
        ("e", "A"),
        ("ʲ", ""),
        ("ɚ", "əɹ"),
        ("r", "ɹ"),
        ("x", "k"),
        ("ç", "k"),
        ("ɐ", "ə"),
        ("ɬ", "l"),
        ("\u{303}", ""),
    ];
    let mut ps = ipa.trim().to_string();
    for (old, new) in RULES {
        ps = ps.replace(old, new);
    }
    // A syllabic consonant: a small schwa before it.
    let mut syllabic = String::with_capacity(ps.len());
    let chars: Vec<char> = ps.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars.get(i + 1) == Some(&'\u{329}') && !chars[i].is_whitespace() {
            syllabic.push('ᵊ');
            syllabic.push(chars[i]);
            i += 2;
            continue;
        }
        if chars[i] != '\u{329}' {
            syllabic.push(chars[i]);
        }
        i += 1;
    }
    let ps = syllabic
        .replace("o^ʊ", "O")
        .replace("ɜːɹ", "ɜɹ")
        .replace("ɜː", "ɜɹ")
        .replace("ɪə", "iə")
        .replace('ː', "")
        .replace('o', "ɔ")
        .replace('^', "");
    ps.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::vocab;
    use super::*;

    /// eSpeak NG's readings of a few words, as its command line gives them
    /// (`espeak-ng -q -v en-us --ipa=1 --tie=^`).
    struct Recorded;

    impl Reader for Recorded {
        fn ipa(&self, word: &str) -> Option<String> {
            Some(
                match word {
                    "minutes" => "mˈɪnɪts",
                    "15" => "fˈɪftiːn",
                    "iPhone" => "ˈa^ɪ fˈo^ʊn",
                    "button" => "bˈʌʔn̩",
                    "bottle" => "bˈɑːɾəl",
                    "nurse" => "nˈɜːs",
                    _ => return None,
                }
                .to_string(),
            )
        }
    }

    fn lexicon() -> Lexicon {
        Lexicon::from_text(
            "Wi-Fi\twˈIfˌI\nagain\təɡˈɛn\nin\tɪn\nlog\tlˈɔɡ\nplease\tplˈiz\nwithin\twəðˈɪn\n"
                .into(),
        )
    }

    #[test]
    fn the_lexicon_is_searched_as_written_then_in_small_letters() {
        let l = lexicon();
        assert_eq!(l.len(), 6);
        assert_eq!(l.get("please"), Some("plˈiz"));
        assert_eq!(l.get("Please"), Some("plˈiz"));
        assert_eq!(l.get("Wi-Fi"), Some("wˈIfˌI"));
        assert_eq!(l.get("PLEASE"), Some("plˈiz"));
        assert_eq!(l.get("plea"), None);
        assert_eq!(l.get(""), None);
    }

    #[test]
    fn espeak_readings_become_kokoro_symbols() {
        assert_eq!(from_espeak("ˈa^ɪ fˈo^ʊn"), "ˈI fˈOn");
        assert_eq!(from_espeak("bˈʌʔn̩"), "bˈʌtn");
        assert_eq!(from_espeak("fˈɪftiːn"), "fˈɪftin");
        assert_eq!(from_espeak("nˈɜːs"), "nˈɜɹs");
        assert_eq!(from_espeak("d^ʒˈʌst"), "ʤˈʌst");
        assert_eq!(from_espeak("bˈɛɾɚ"), "bˈɛɾəɹ");
        assert_eq!(from_espeak("lˈɪʔl̩"), "lˈɪtᵊl");
    }

    #[test]
    fn a_sentence_reads_words_from_the_list_and_the_rest_from_espeak() {
        let ps = phonemes(
            "Please log in again within 15 minutes.",
            &lexicon(),
            &Recorded,
        );
        assert_eq!(ps, "plˈiz lˈɔɡ ɪn əɡˈɛn wəðˈɪn fˈɪftin mˈɪnɪts.");
        let ps = phonemes(
            "Turn the Wi-Fi off, then the iPhone (a button)!",
            &lexicon(),
            &Recorded,
        );
        // Unknown words ("Turn", "then") come out empty from this reader.
        assert_eq!(ps, "ðə wˈIfˌI, ði ˈI fˈOn (ɐ bˈʌtn)!");
        assert!(vocab::knows_all(&ps), "{ps}");
    }

    /// "A" is the article before a word in small letters, else the letter ("My A U",
    /// as the lexicon spells "au").
    #[test]
    fn capital_a_is_the_article_or_the_letter() {
        let l = Lexicon::from_text("A\tˈA\nU\tjˈu\n".into());
        assert_eq!(phonemes("A button.", &l, &Recorded), "ɐ bˈʌtn.");
        assert_eq!(phonemes("My A U.", &l, &Recorded), "ˈA jˈu.");
        assert_eq!(phonemes("a button", &l, &Recorded), "ɐ bˈʌtn");
    }

    #[test]
    fn words_keep_inner_apostrophes_hyphens_and_number_points() {
        assert_eq!(
            pieces("It's 1.5 km — Wi-Fi’s off."),
            vec![
                Piece::Word("It's".into()),
                Piece::Word("1.5".into()),
                Piece::Word("km".into()),
                Piece::Punctuation('—'),
                Piece::Word("Wi-Fi's".into()),
                Piece::Word("off".into()),
                Piece::Punctuation('.'),
            ]
        );
    }
}
