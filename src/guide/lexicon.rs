//! Pronunciation: written forms mapped to spoken forms, applied to spoken text only,
//! longest match first. A key that starts or ends with a Latin letter or digit only
//! matches as a whole word, so `au` never changes "because".

use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lexicon {
    /// Longest written form first.
    entries: Vec<(String, String)>,
}

impl Lexicon {
    pub fn from_map(map: BTreeMap<String, String>) -> Lexicon {
        let mut lexicon = Lexicon::default();
        lexicon.extend(map);
        lexicon
    }

    /// Adds entries; a written form already present takes the new spoken form.
    pub fn extend(&mut self, map: BTreeMap<String, String>) {
        // Merged through a map: removing each old form from the list was quadratic,
        // and a lexicon of 80,000 short entries took a minute to load.
        let mut merged: BTreeMap<String, String> =
            std::mem::take(&mut self.entries).into_iter().collect();
        merged.extend(map.into_iter().filter(|(written, _)| !written.is_empty()));
        self.entries = merged.into_iter().collect();
        self.entries.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn apply(&self, text: &str) -> String {
        if self.entries.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        'outer: while i < text.len() {
            let rest = &text[i..];
            for (written, spoken) in &self.entries {
                if rest.starts_with(written.as_str()) && self.boundaries_ok(text, i, written) {
                    out.push_str(spoken);
                    i += written.len();
                    continue 'outer;
                }
            }
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
        out
    }

    fn boundaries_ok(&self, text: &str, at: usize, written: &str) -> bool {
        let word = |c: char| c.is_ascii_alphanumeric();
        let starts_word = written.chars().next().is_some_and(word);
        let ends_word = written.chars().last().is_some_and(word);
        let before = text[..at].chars().next_back();
        let after = text[at + written.len()..].chars().next();
        !(starts_word && before.is_some_and(word) || ends_word && after.is_some_and(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(pairs: &[(&str, &str)]) -> Lexicon {
        Lexicon::from_map(
            pairs
                .iter()
                .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
                .collect(),
        )
    }

    #[test]
    fn longest_match_wins() {
        let l = lex(&[("au", "エーユー"), ("My au", "マイエーユー")]);
        assert_eq!(l.apply("My auにログイン"), "マイエーユーにログイン");
        assert_eq!(l.apply("auの回線"), "エーユーの回線");
    }

    #[test]
    fn latin_keys_match_whole_words_only() {
        let l = lex(&[("au", "A U")]);
        assert_eq!(l.apply("because au is"), "because A U is");
        assert_eq!(l.apply("au"), "A U");
        assert_eq!(l.apply("Aurora"), "Aurora");
    }

    #[test]
    fn later_entries_override() {
        let mut l = lex(&[("au", "x")]);
        l.extend([("au".to_string(), "y".to_string())].into());
        assert_eq!(l.apply("au"), "y");
        assert_eq!(l.len(), 1);
    }

    #[test]
    fn a_large_lexicon_loads_quickly() {
        let big = |n: usize, spoken: &str| -> BTreeMap<String, String> {
            (0..n)
                .map(|i| (format!("w{i}"), spoken.to_string()))
                .collect()
        };
        let started = std::time::Instant::now();
        let mut l = Lexicon::from_map(big(80_000, "a"));
        l.extend(big(80_000, "b"));
        assert_eq!(l.len(), 80_000);
        assert_eq!(l.apply("w79999"), "b");
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }
}
