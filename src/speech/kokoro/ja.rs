//! Japanese for Kokoro: the words and readings of jpreprocess (the frontend `jtalk`
//! uses, so its reading fixes hold here too) turned into the phonemes Kokoro v1.0 was
//! trained on: misaki 0.7's kana → IPA table and its rules (ん by the next sound, っ as
//! a glottal stop, ー as length, small kana joining the one before), words separated by
//! spaces, ASCII punctuation, no accent marks.

/// One word of the frontend: what was written, and how it is said (katakana, as
/// NJD's pronunciation has it, with ー for long vowels).
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    pub surface: String,
    pub kana: String,
    /// A symbol (punctuation, brackets): said as its ASCII punctuation, if any.
    pub symbol: bool,
}

/// The phonemes of a sentence given as the frontend's words.
pub fn phonemes(words: &[Word]) -> String {
    let mut out: Vec<(String, bool)> = Vec::new();
    for word in words {
        let (ps, kind) = if word.symbol {
            let ps: String = word.surface.chars().filter_map(punctuation).collect();
            let kind = match ps.chars().next() {
                Some('“' | '(') => Kind::Opening,
                Some(_) => Kind::Closing,
                None => continue,
            };
            (ps, kind)
        } else {
            let ps = word_phonemes(&hiragana(&word.kana));
            if ps.is_empty() {
                continue;
            }
            (ps, Kind::Word)
        };
        match kind {
            Kind::Opening => {
                if let Some(last) = out.last_mut() {
                    last.1 = true;
                }
                out.push((ps, false));
            }
            Kind::Closing => {
                if let Some(last) = out.last_mut() {
                    last.1 = false;
                }
                out.push((ps, true));
            }
            Kind::Word => out.push((ps, true)),
        }
    }
    let mut text = String::new();
    for (ps, space) in &out {
        text.push_str(ps);
        if *space {
            text.push(' ');
        }
    }
    join_glottal_stops(text.split_whitespace().collect::<Vec<_>>().join(" ").trim())
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Word,
    Opening,
    Closing,
}

/// A word's sokuon stays with the word after it: no space before a ʔ (unless after
/// punctuation) nor after one (unless before an opening quote).
fn join_glottal_stops(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            let before_stop = after == Some('ʔ')
                && !before.is_some_and(|b| {
                    matches!(b, '!' | '"' | ',' | '.' | ':' | ';' | '?' | '—' | '…' | '”')
                });
            let after_stop = before == Some('ʔ') && !matches!(after, Some('"' | '“'));
            if before_stop || after_stop {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Katakana to hiragana (ヴ too); ー and the rest as they are.
pub fn hiragana(kana: &str) -> String {
    kana.chars()
        .map(|c| match c {
            'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The morae of a katakana or hiragana reading: every kana but the small ones that
/// join the kana before, plus ー, っ and ん.
pub fn morae(kana: &str) -> usize {
    hiragana(kana)
        .chars()
        .filter(|c| single(*c).is_some() || matches!(c, 'ー' | 'っ' | 'ん'))
        .filter(|c| !is_small(*c))
        .count()
}

/// The IPA of one word's reading (hiragana).
pub fn word_phonemes(hira: &str) -> String {
    let kana: Vec<char> = hira.chars().collect();
    let mut out = String::new();
    for (i, &k) in kana.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| kana[j]);
        let after = kana.get(i + 1).copied();
        out.push_str(&mapping(before, k, after));
    }
    out
}

/// The small kana that join the kana before them.
fn is_small(c: char) -> bool {
    matches!(c, 'ゃ' | 'ゅ' | 'ょ' | 'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ')
}

/// The phonemes of kana `k` between `before` and `after` (misaki 0.7's rules).
fn mapping(before: Option<char>, k: char, after: Option<char>) -> String {
    if let Some(p) = before.and_then(|b| pair(b, k)) {
        return p.to_string();
    }
    if after.and_then(|a| pair(k, a)).is_some() {
        return String::new();
    }
    if let Some(a) = after.filter(|a| is_small(*a)) {
        // A small kana after one that does not pair with it: the consonant of the one
        // and the sound of the small one ("ゔゅ" has its own pair).
        if k == 'っ' {
            return String::new();
        }
        let (Some(this), Some(small)) = (single(k), single(a)) else {
            return String::new();
        };
        let mut consonant: Vec<char> = this.chars().collect();
        consonant.pop();
        return consonant.into_iter().chain(small.chars()).collect();
    }
    if is_small(k) {
        return String::new();
    }
    match k {
        'ー' => "ː".into(),
        'っ' => "ʔ".into(),
        'ん' => n_before(after.and_then(single)).into(),
        _ => single(k).unwrap_or_default().into(),
    }
}

/// ん as the sound after it makes it: m before m/p/b, ŋ before k/g, ɲ before ɲ/ʨ/ʥ,
/// n before n/t/d/ɾ/z, ɴ otherwise (and at the end of a word).
fn n_before(next: Option<&str>) -> &'static str {
    let Some(next) = next else { return "ɴ" };
    if next.starts_with(['m', 'p', 'b']) {
        "m"
    } else if next.starts_with(['k', 'ɡ']) {
        "ŋ"
    } else if next.starts_with(['ɲ', 'ʨ', 'ʥ']) {
        "ɲ"
    } else if next.starts_with(['n', 't', 'd', 'ɾ', 'z']) {
        "n"
    } else {
        "ɴ"
    }
}

/// One kana by itself (hiragana; ヷヸヹヺ have no hiragana).
fn single(k: char) -> Option<&'static str> {
    Some(match k {
        'ぁ' | 'あ' => "a",
        'ぃ' | 'い' | 'ゐ' => "i",
        'ぅ' | 'う' => "ɯ",
        'ぇ' | 'え' | 'ゑ' => "e",
        'ぉ' | 'お' | 'を' => "o",
        'か' | 'ゕ' => "ka",
        'が' => "ɡa",
        'き' => "kʲi",
        'ぎ' => "ɡʲi",
        'く' => "kɯ",
        'ぐ' => "ɡɯ",
        'け' | 'ゖ' => "ke",
        'げ' => "ɡe",
        'こ' => "ko",
        'ご' => "ɡo",
        'さ' => "sa",
        'ざ' => "ʣa",
        'し' => "ɕi",
        'じ' | 'ぢ' => "ʥi",
        'す' => "sɨ",
        'ず' | 'づ' => "zɨ",
        'せ' => "se",
        'ぜ' => "ʣe",
        'そ' => "so",
        'ぞ' => "ʣo",
        'た' => "ta",
        'だ' => "da",
        'ち' => "ʨi",
        'つ' => "ʦɨ",
        'て' => "te",
        'で' => "de",
        'と' => "to",
        'ど' => "do",
        'な' => "na",
        'に' => "ɲi",
        'ぬ' => "nɯ",
        'ね' => "ne",
        'の' => "no",
        'は' => "ha",
        'ば' => "ba",
        'ぱ' => "pa",
        'ひ' => "çi",
        'び' => "bʲi",
        'ぴ' => "pʲi",
        'ふ' => "ɸɯ",
        'ぶ' => "bɯ",
        'ぷ' => "pɯ",
        'へ' => "he",
        'べ' => "be",
        'ぺ' => "pe",
        'ほ' => "ho",
        'ぼ' => "bo",
        'ぽ' => "po",
        'ま' => "ma",
        'み' => "mʲi",
        'む' => "mɯ",
        'め' => "me",
        'も' => "mo",
        'ゃ' | 'や' => "ja",
        'ゅ' | 'ゆ' => "jɯ",
        'ょ' | 'よ' => "jo",
        'ら' => "ɾa",
        'り' => "ɾʲi",
        'る' => "ɾɯ",
        'れ' => "ɾe",
        'ろ' => "ɾo",
        'ゎ' | 'わ' => "βa",
        'ゔ' => "vɯ",
        'ヷ' => "va",
        'ヸ' => "vʲi",
        'ヹ' => "ve",
        'ヺ' => "vo",
        _ => return None,
    })
}

/// Two kana said as one mora.
fn pair(a: char, b: char) -> Option<&'static str> {
    Some(match (a, b) {
        ('い', 'ぇ') => "je",
        ('う', 'ぃ') => "βi",
        ('う', 'ぇ') => "βe",
        ('う', 'ぉ') => "βo",
        ('き', 'ぇ') => "kʲe",
        ('き', 'ゃ') => "kʲa",
        ('き', 'ゅ') => "kʲɨ",
        ('き', 'ょ') => "kʲo",
        ('ぎ', 'ゃ') => "ɡʲa",
        ('ぎ', 'ゅ') => "ɡʲɨ",
        ('ぎ', 'ょ') => "ɡʲo",
        ('く', 'ぁ') => "kᵝa",
        ('く', 'ぃ') => "kᵝi",
        ('く', 'ぇ') => "kᵝe",
        ('く', 'ぉ') => "kᵝo",
        ('ぐ', 'ぁ') => "ɡᵝa",
        ('ぐ', 'ぃ') => "ɡᵝi",
        ('ぐ', 'ぇ') => "ɡᵝe",
        ('ぐ', 'ぉ') => "ɡᵝo",
        ('し', 'ぇ') => "ɕe",
        ('し', 'ゃ') => "ɕa",
        ('し', 'ゅ') => "ɕɨ",
        ('し', 'ょ') => "ɕo",
        ('じ' | 'ぢ', 'ぇ') => "ʥe",
        ('じ' | 'ぢ', 'ゃ') => "ʥa",
        ('じ' | 'ぢ', 'ゅ') => "ʥɨ",
        ('じ' | 'ぢ', 'ょ') => "ʥo",
        ('ち', 'ぇ') => "ʨe",
        ('ち', 'ゃ') => "ʨa",
        ('ち', 'ゅ') => "ʨɨ",
        ('ち', 'ょ') => "ʨo",
        ('つ', 'ぁ') => "ʦa",
        ('つ', 'ぃ') => "ʦʲi",
        ('つ', 'ぇ') => "ʦe",
        ('つ', 'ぉ') => "ʦo",
        ('て', 'ぃ') => "tʲi",
        ('て', 'ゅ') => "tʲɨ",
        ('で', 'ぃ') => "dʲi",
        ('で', 'ゅ') => "dʲɨ",
        ('と', 'ぅ') => "tɯ",
        ('ど', 'ぅ') => "dɯ",
        ('に', 'ぇ') => "ɲe",
        ('に', 'ゃ') => "ɲa",
        ('に', 'ゅ') => "ɲɨ",
        ('に', 'ょ') => "ɲo",
        ('ひ', 'ぇ') => "çe",
        ('ひ', 'ゃ') => "ça",
        ('ひ', 'ゅ') => "çɨ",
        ('ひ', 'ょ') => "ço",
        ('び', 'ゃ') => "bʲa",
        ('び', 'ゅ') => "bʲɨ",
        ('び', 'ょ') => "bʲo",
        ('ぴ', 'ゃ') => "pʲa",
        ('ぴ', 'ゅ') => "pʲɨ",
        ('ぴ', 'ょ') => "pʲo",
        ('ふ', 'ぁ') => "ɸa",
        ('ふ', 'ぃ') => "ɸʲi",
        ('ふ', 'ぇ') => "ɸe",
        ('ふ', 'ぉ') => "ɸo",
        ('ふ', 'ゅ') => "ɸʲɨ",
        ('ふ', 'ょ') => "ɸʲo",
        ('み', 'ゃ') => "mʲa",
        ('み', 'ゅ') => "mʲɨ",
        ('み', 'ょ') => "mʲo",
        ('り', 'ゃ') => "ɾʲa",
        ('り', 'ゅ') => "ɾʲɨ",
        ('り', 'ょ') => "ɾʲo",
        ('ゔ', 'ぁ') => "va",
        ('ゔ', 'ぃ') => "vʲi",
        ('ゔ', 'ぇ') => "ve",
        ('ゔ', 'ぉ') => "vo",
        ('ゔ', 'ゅ') => "bʲɨ",
        ('ゔ', 'ょ') => "bʲo",
        _ => return None,
    })
}

/// Japanese punctuation as the ASCII (or curly-quote) symbol Kokoro knows; other
/// symbols are not said.
fn punctuation(c: char) -> Option<char> {
    Some(match c {
        '。' | '.' | '．' => '.',
        '、' | ',' | '，' => ',',
        '？' | '?' => '?',
        '！' | '!' => '!',
        '「' | '『' | '“' | '«' => '“',
        '」' | '』' | '”' | '»' => '”',
        '：' | ':' => ':',
        '；' | ';' => ';',
        '（' | '(' | '《' => '(',
        '）' | ')' | '》' => ')',
        '～' | '〜' | '—' => '—',
        '…' => '…',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::vocab;
    use super::*;

    fn word(kana: &str) -> Word {
        Word {
            surface: kana.into(),
            kana: kana.into(),
            symbol: false,
        }
    }

    fn symbol(s: &str) -> Word {
        Word {
            surface: s.into(),
            kana: String::new(),
            symbol: true,
        }
    }

    fn ipa(kana: &str) -> String {
        word_phonemes(&hiragana(kana))
    }

    #[test]
    fn the_table_speaks_the_v1_symbols() {
        assert_eq!(ipa("シ"), "ɕi");
        assert_eq!(ipa("ス"), "sɨ");
        assert_eq!(ipa("フ"), "ɸɯ");
        assert_eq!(ipa("ワ"), "βa");
        assert_eq!(ipa("ツ"), "ʦɨ");
        assert_eq!(ipa("ガ"), "ɡa");
        assert_eq!(ipa("ヴ"), "vɯ");
        assert_eq!(ipa("ヲ"), "o");
        assert_eq!(ipa("ヷ"), "va");
        assert_eq!(ipa("ワタシ"), "βataɕi");
    }

    #[test]
    fn small_kana_join_the_kana_before() {
        assert_eq!(ipa("キャ"), "kʲa");
        assert_eq!(ipa("ショ"), "ɕo");
        assert_eq!(ipa("ジュ"), "ʥɨ");
        assert_eq!(ipa("ティ"), "tʲi");
        assert_eq!(ipa("ファ"), "ɸa");
        assert_eq!(ipa("ウィ"), "βi");
        // No pair of their own: the consonant of the one, the sound of the small one.
        assert_eq!(ipa("スィ"), "si");
        assert_eq!(ipa("ミェ"), "mʲe");
        // A small kana alone is not said; nor after っ.
        assert_eq!(ipa("ァ"), "");
        assert_eq!(ipa("ッャ"), "");
    }

    #[test]
    fn n_takes_the_place_of_the_next_sound() {
        assert_eq!(ipa("サンマ"), "samma");
        assert_eq!(ipa("サンポ"), "sampo");
        assert_eq!(ipa("シンブン"), "ɕimbɯɴ");
        assert_eq!(ipa("ギンコー"), "ɡʲiŋkoː");
        assert_eq!(ipa("リンゴ"), "ɾʲiŋɡo");
        assert_eq!(ipa("コンニチワ"), "koɲɲiʨiβa");
        assert_eq!(ipa("ハンチ"), "haɲʨi");
        assert_eq!(ipa("カンジ"), "kaɲʥi");
        assert_eq!(ipa("ホンダ"), "honda");
        assert_eq!(ipa("センロ"), "senɾo");
        assert_eq!(ipa("ケンサ"), "keɴsa");
        assert_eq!(ipa("デンワ"), "deɴβa");
        assert_eq!(ipa("ホン"), "hoɴ");
        assert_eq!(ipa("ホンヤ"), "hoɴja");
    }

    #[test]
    fn sokuon_and_long_vowels() {
        assert_eq!(ipa("キッテ"), "kʲiʔte");
        assert_eq!(ipa("ガッコー"), "ɡaʔkoː");
        assert_eq!(ipa("トーキョー"), "toːkʲoː");
        assert_eq!(ipa("スマートフォン"), "sɨmaːtoɸoɴ");
        assert_eq!(ipa("ログイン"), "ɾoɡɯiɴ");
    }

    #[test]
    fn words_are_spaced_and_punctuation_is_ascii() {
        let words = [
            word("マズ"),
            symbol("、"),
            word("ボタン"),
            word("ヲ"),
            word("オシ"),
            word("マス"),
            symbol("。"),
        ];
        assert_eq!(phonemes(&words), "mazɨ, botaɴ o oɕi masɨ.");
        let quoted = [
            word("コレ"),
            word("ワ"),
            symbol("「"),
            word("ハイ"),
            symbol("」"),
            symbol("？"),
        ];
        assert_eq!(phonemes(&quoted), "koɾe βa “hai”?");
        // Symbols that are not said leave nothing behind.
        assert_eq!(phonemes(&[word("ア"), symbol("＊"), word("イ")]), "a i");
    }

    #[test]
    fn a_sokuon_at_a_word_end_joins_the_next_word() {
        let words = [word("チョット"), word("マッ"), word("テ"), symbol("。")];
        assert_eq!(phonemes(&words), "ʨoʔto maʔte.");
        let before_punctuation = [word("アッ"), symbol("、"), word("イ")];
        assert_eq!(phonemes(&before_punctuation), "aʔ, i");
    }

    #[test]
    fn morae_are_counted_as_spoken() {
        assert_eq!(morae("トーキョー"), 4);
        assert_eq!(morae("キッテ"), 3);
        assert_eq!(morae("ジュウゴフン"), 5);
        assert_eq!(morae("、"), 0);
    }

    /// Every kana the table knows (and every pair) gives only symbols the model knows.
    #[test]
    fn every_phoneme_is_in_the_vocabulary() {
        let mut all = String::new();
        for c in ('ぁ'..='ゖ').chain('ヷ'..='ヺ').chain(['ー']) {
            for d in ('ぁ'..='ゖ').chain(['ー', 'ん']) {
                all.push_str(&word_phonemes(&format!("{c}{d}")));
                all.push_str(&word_phonemes(&format!("{c}ん{d}")));
            }
        }
        assert!(all.len() > 1000);
        for c in all.chars() {
            assert!(vocab::token(c).is_some(), "{c:?} is not in the vocabulary");
        }
        for c in "。、？！「」『』：；（）～…".chars() {
            let p = punctuation(c).unwrap();
            assert!(vocab::token(p).is_some(), "{c} → {p:?}");
        }
    }
}
