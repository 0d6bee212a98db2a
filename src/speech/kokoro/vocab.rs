//! Kokoro v1.0's input vocabulary: one token per phoneme symbol. The table is the
//! model's `config.json` vocabulary (Kokoro-82M, Apache-2.0; the same as kokoro-onnx's
//! `vocab.json`, MIT): a fixed part of the model's input, like its tensor names.

/// Symbol → token id, in id order. Ids missing here (7, 8, 26…) are unused.
#[rustfmt::skip]
const VOCAB: &[(char, i64)] = &[
    (';', 1), (':', 2), (',', 3), ('.', 4), ('!', 5), ('?', 6), ('—', 9), ('…', 10),
    ('"', 11), ('(', 12), (')', 13), ('“', 14), ('”', 15), (' ', 16), ('\u{0303}', 17),
    ('ʣ', 18), ('ʥ', 19), ('ʦ', 20), ('ʨ', 21), ('ᵝ', 22), ('ꭧ', 23), ('A', 24), ('I', 25),
    ('O', 31), ('Q', 33), ('S', 35), ('T', 36), ('W', 39), ('Y', 41), ('ᵊ', 42), ('a', 43),
    ('b', 44), ('c', 45), ('d', 46), ('e', 47), ('f', 48), ('h', 50), ('i', 51), ('j', 52),
    ('k', 53), ('l', 54), ('m', 55), ('n', 56), ('o', 57), ('p', 58), ('q', 59), ('r', 60),
    ('s', 61), ('t', 62), ('u', 63), ('v', 64), ('w', 65), ('x', 66), ('y', 67), ('z', 68),
    ('ɑ', 69), ('ɐ', 70), ('ɒ', 71), ('æ', 72), ('β', 75), ('ɔ', 76), ('ɕ', 77), ('ç', 78),
    ('ɖ', 80), ('ð', 81), ('ʤ', 82), ('ə', 83), ('ɚ', 85), ('ɛ', 86), ('ɜ', 87), ('ɟ', 90),
    ('ɡ', 92), ('ɥ', 99), ('ɨ', 101), ('ɪ', 102), ('ʝ', 103), ('ɯ', 110), ('ɰ', 111),
    ('ŋ', 112), ('ɳ', 113), ('ɲ', 114), ('ɴ', 115), ('ø', 116), ('ɸ', 118), ('θ', 119),
    ('œ', 120), ('ɹ', 123), ('ɾ', 125), ('ɻ', 126), ('ʁ', 128), ('ɽ', 129), ('ʂ', 130),
    ('ʃ', 131), ('ʈ', 132), ('ʧ', 133), ('ʊ', 135), ('ʋ', 136), ('ʌ', 138), ('ɣ', 139),
    ('ɤ', 140), ('χ', 142), ('ʎ', 143), ('ʒ', 147), ('ʔ', 148), ('ˈ', 156), ('ˌ', 157),
    ('ː', 158), ('ʰ', 162), ('ʲ', 164), ('↓', 169), ('→', 171), ('↗', 172), ('↘', 173),
    ('ᵻ', 177),
];

/// The most tokens one inference takes: the model's 512 positions less the padding
/// token at each end.
pub const MAX_TOKENS: usize = 510;

/// The token of one symbol, if the model knows it.
pub fn token(symbol: char) -> Option<i64> {
    VOCAB.iter().find(|(c, _)| *c == symbol).map(|(_, id)| *id)
}

/// The tokens of a phoneme string; symbols the model does not know are left out (the
/// phonemizers produce none, as their tests check).
pub fn tokenize(phonemes: &str) -> Vec<i64> {
    phonemes.chars().filter_map(token).collect()
}

/// Whether every symbol of `phonemes` is in the vocabulary.
#[cfg(test)]
pub fn knows_all(phonemes: &str) -> bool {
    phonemes.chars().all(|c| token(c).is_some())
}

/// The tokens one inference is given when a sentence has clauses to split at: ONNX
/// Runtime's working memory grows with the sound one inference makes, so a long
/// sentence is rendered a few clauses at a time (measured on a 27 s step of five
/// sentences: a peak of 482 MB as whole sentences, 355 MB in pieces of 100 tokens,
/// 280 MB of 60, at the same speed). 80 tokens are about 7 s of speech at tebiki's pace.
pub const PIECE_TOKENS: usize = 80;
/// The most tokens of one inference: a clause longer than this is cut at a space.
pub const PIECE_MAX_TOKENS: usize = 120;
const _: () = assert!(PIECE_MAX_TOKENS <= MAX_TOKENS);

/// Splits a phoneme string for inference: whole clauses (ending in punctuation before
/// a space) gathered while they fit in `target` tokens; a clause longer than `max` is
/// cut at a space (`chunks`).
pub fn pieces(phonemes: &str, target: usize, max: usize) -> Vec<String> {
    let mut clauses: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut chars = phonemes.chars().filter(|c| token(*c).is_some()).peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        if is_clause_end(c) && chars.peek() == Some(&' ') {
            clauses.push(std::mem::take(&mut current));
        }
    }
    clauses.push(current);
    let mut out: Vec<String> = Vec::new();
    let mut piece = String::new();
    for clause in clauses {
        let clause = clause.trim();
        if clause.is_empty() {
            continue;
        }
        let joined = piece.chars().count() + 1 + clause.chars().count();
        if !piece.is_empty() && joined > target {
            out.extend(chunks(&piece, max));
            piece.clear();
        }
        if !piece.is_empty() {
            piece.push(' ');
        }
        piece.push_str(clause);
    }
    out.extend(chunks(&piece, max));
    out
}

fn is_clause_end(c: char) -> bool {
    matches!(c, ',' | '.' | '!' | '?' | ';' | ':' | '—' | '…')
}

/// Splits a phoneme string into pieces of at most `max` tokens, at a clause
/// (punctuation followed by a space) if it can, else at a space, else anywhere.
pub fn chunks(phonemes: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest: Vec<char> = phonemes.chars().filter(|c| token(*c).is_some()).collect();
    while rest.len() > max {
        let head = &rest[..max];
        let clause = (1..max)
            .rev()
            .find(|&i| head[i] == ' ' && is_clause_end(head[i - 1]));
        let cut = clause
            .or_else(|| (1..max).rev().find(|&i| head[i] == ' '))
            .unwrap_or(max);
        out.push(rest[..cut].iter().collect::<String>().trim().to_string());
        rest.drain(..cut);
    }
    let last: String = rest.iter().collect();
    if !last.trim().is_empty() {
        out.push(last.trim().to_string());
    }
    out.retain(|s| !s.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_zero_is_left_for_padding() {
        let mut ids: Vec<i64> = VOCAB.iter().map(|(_, id)| *id).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "an id used twice");
        assert_eq!(n, 114);
        assert!(ids[0] > 0 && ids[n - 1] < 178);
    }

    #[test]
    fn tokenizes_known_symbols_and_drops_unknown_ones() {
        assert_eq!(tokenize("ɕi ɴ."), vec![77, 51, 16, 115, 4]);
        assert_eq!(tokenize("a[b]"), vec![43, 44]);
        assert!(knows_all("ʥoːʦɨ"));
        assert!(!knows_all("x̩"));
    }

    /// The installed model's own vocabulary (from `data install`), when there is one:
    /// the table above must match it symbol for symbol.
    #[test]
    fn matches_the_installed_vocabulary() {
        let Some(paths) = crate::paths::Paths::from_env() else {
            return;
        };
        let file = super::super::KokoroData::new(&paths.data_dir).vocab_file();
        let Ok(text) = std::fs::read_to_string(&file) else {
            assert!(
                std::env::var_os("TEBIKI_REQUIRE_TOOLS").is_none(),
                "no {}",
                file.display()
            );
            eprintln!("skipped: no {}; run scripts/setup.sh", file.display());
            return;
        };
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let map = json["vocab"].as_object().unwrap();
        assert_eq!(map.len(), VOCAB.len());
        for (symbol, id) in map {
            let mut chars = symbol.chars();
            let c = chars.next().unwrap();
            assert!(chars.next().is_none(), "{symbol:?} is more than one symbol");
            assert_eq!(token(c), id.as_i64(), "{symbol:?}");
        }
    }

    #[test]
    fn pieces_gather_whole_clauses_up_to_the_target() {
        let clause = "ɕi ɕi ɕi,"; // 9 tokens
        let text = [clause; 5].join(" ");
        // Two clauses make 19 tokens: two fit in 20, three do not.
        let parts = pieces(&text, 20, 50);
        assert_eq!(
            parts,
            ["ɕi ɕi ɕi, ɕi ɕi ɕi,", "ɕi ɕi ɕi, ɕi ɕi ɕi,", "ɕi ɕi ɕi,"]
        );
        // Nothing is lost: the pieces joined by a space are the text.
        assert_eq!(parts.join(" "), text);
        // Short text is one piece; a clause longer than `max` is cut at a space.
        assert_eq!(pieces("ɕi, ɕi.", 20, 50), ["ɕi, ɕi."]);
        let long = "ɕi ".repeat(40);
        let parts = pieces(long.trim(), 20, 50);
        assert!(parts.len() == 3 && parts.iter().all(|p| p.chars().count() <= 50));
        // A comma inside a number's phonemes (no space after it) is no clause.
        assert_eq!(pieces("wʌn,tu", 3, 50), ["wʌn,tu"]);
        assert!(pieces(" ", 20, 50).is_empty());
    }

    #[test]
    fn long_input_is_cut_at_clauses() {
        let clause = "ɕi ɕi ɕi, ";
        let text = clause.repeat(100);
        let parts = chunks(&text, 50);
        assert!(parts.iter().all(|p| p.chars().count() <= 50));
        assert!(parts.iter().all(|p| p.ends_with(',')), "{parts:?}");
        let joined: usize = parts.iter().map(|p| tokenize(p).len()).sum();
        assert_eq!(joined + parts.len() - 1, tokenize(text.trim()).len());
        assert_eq!(chunks("ɕi", 50), vec!["ɕi".to_string()]);
        assert_eq!(chunks("  ", 50), Vec::<String>::new());
    }
}
