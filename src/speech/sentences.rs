//! Sentence splitting: a text is rendered sentence by sentence (the first sounds
//! sooner) with a clear pause between them.

/// The sentences of `text`, each with its closing punctuation.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            push_sentence(&mut out, &mut current);
            continue;
        }
        current.push(c);
        let ends = match c {
            '。' | '！' | '？' | '!' | '?' => true,
            // A full stop ends an English sentence only before a space: not in "1.5".
            '.' => chars.peek().is_none_or(|n| n.is_whitespace()),
            _ => false,
        };
        if ends {
            while let Some(&n) = chars.peek() {
                if matches!(n, '」' | '』' | '）' | ')' | '"' | '”' | '’') {
                    current.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            push_sentence(&mut out, &mut current);
        }
    }
    push_sentence(&mut out, &mut current);
    out
}

/// `sentence` cut after its first clause (at a comma, a semicolon or a colon before a
/// space, or at 、), when there is more after it: for an engine that takes long over a
/// whole sentence, the first clause is heard while the rest renders.
pub fn first_clause(sentence: &str) -> Option<(String, String)> {
    let mut chars = sentence.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let cut = match c {
            '、' | '，' => true,
            ',' | ';' | ':' => chars.peek().is_some_and(|(_, n)| n.is_whitespace()),
            _ => false,
        };
        if cut {
            let (head, tail) = sentence.split_at(i + c.len_utf8());
            let (head, tail) = (head.trim(), tail.trim());
            let words = |s: &str| s.chars().any(char::is_alphanumeric);
            if words(head) && words(tail) {
                return Some((head.to_string(), tail.to_string()));
            }
        }
    }
    None
}

/// How an opening piece was cut from the rest of its sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// At a comma (or the like): a clause's pause follows.
    Clause,
    /// Between two words, before a phrase: only a breath follows.
    Phrase,
}

/// The most words an opening piece has: about a second and a half of slow speech,
/// which an engine at 1.5× real time renders in about a second.
pub const OPENING_WORDS: usize = 4;

/// Words a phrase starts with: a sentence may be cut before one.
const PHRASE_STARTS: &[&str] = &[
    "after", "and", "at", "because", "before", "but", "by", "for", "from", "if", "into", "on",
    "onto", "or", "so", "then", "to", "until", "when", "where", "which", "while", "with",
];

/// Words a piece must not end with: they lean on the word after them.
const LEANING: &[&str] = &[
    "a", "an", "and", "are", "at", "be", "but", "by", "can", "for", "from", "her", "his", "into",
    "is", "it's", "its", "my", "no", "not", "of", "on", "or", "our", "please", "than", "that",
    "the", "their", "these", "this", "those", "to", "was", "were", "will", "with", "you", "your",
];

/// The piece of `sentence` an engine that renders slowly says first, and the rest (heard
/// while the rest renders): its first clause when that is short, else its first few
/// words up to where a phrase begins. `None` when the sentence is short already or has
/// no good place to cut.
pub fn opening(sentence: &str) -> Option<(String, String, Cut)> {
    let clause = first_clause(sentence);
    let head = clause.as_ref().map_or(sentence, |(head, _)| head.as_str());
    let words: Vec<&str> = head.split_whitespace().collect();
    if clause.is_some() && (words.len() <= OPENING_WORDS || !head.contains(' ')) {
        return clause.map(|(head, tail)| (head, tail, Cut::Clause));
    }
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
            .to_lowercase()
    };
    // A cut after `k` words: the head may not lean on what follows, the tail keeps at
    // least two words, and no punctuation is split from its word.
    let fits = |k: usize| {
        k >= 2
            && k + 2 <= words.len()
            && !LEANING.contains(&bare(words[k - 1]).as_str())
            && words[k - 1]
                .chars()
                .last()
                .is_some_and(char::is_alphanumeric)
    };
    let before_phrase = |k: usize| PHRASE_STARTS.contains(&bare(words[k]).as_str());
    let k = (2..=OPENING_WORDS.min(words.len()))
        .rev()
        .filter(|&k| fits(k))
        .max_by_key(|&k| before_phrase(k))?;
    let at = head
        .match_indices(char::is_whitespace)
        .filter(|(i, _)| !head[..*i].ends_with(char::is_whitespace))
        .nth(k - 1)?
        .0;
    let rest = sentence[at..].trim();
    Some((head[..at].trim().to_string(), rest.to_string(), Cut::Phrase))
}

fn push_sentence(out: &mut Vec<String>, current: &mut String) {
    let s = current.trim();
    if s.chars().any(char::is_alphanumeric) {
        out.push(s.to_string());
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_keeping_punctuation() {
        assert_eq!(
            sentences("まず電源を入れます。次に「OK」を押します！\nWi-Fi 1.5 GHz. Done?"),
            [
                "まず電源を入れます。",
                "次に「OK」を押します！",
                "Wi-Fi 1.5 GHz.",
                "Done?"
            ]
        );
        assert!(sentences(" 。 ").is_empty());
    }

    #[test]
    fn the_first_clause_is_cut_at_its_comma() {
        let cut = |s: &str| first_clause(s).map(|(a, b)| format!("{a}|{b}"));
        assert_eq!(
            cut("Open Settings, then tap Wi-Fi.").as_deref(),
            Some("Open Settings,|then tap Wi-Fi.")
        );
        assert_eq!(
            cut("まず、設定を開きます。").as_deref(),
            Some("まず、|設定を開きます。")
        );
        assert_eq!(cut("First: the app.").as_deref(), Some("First:|the app."));
        // No clause to cut: a number's comma, a comma at the end, none at all.
        assert_eq!(cut("It costs 1,500 yen."), None);
        assert_eq!(cut("Yes, "), None);
        assert_eq!(cut("Tap Next."), None);
    }

    #[test]
    fn the_opening_is_a_short_clause_or_a_few_words_before_a_phrase() {
        let cut = |s: &str| {
            opening(s).map(|(a, b, how)| {
                let mark = if how == Cut::Clause { "," } else { "~" };
                format!("{a}{mark}|{b}")
            })
        };
        // A short first clause, as it is.
        assert_eq!(
            cut("Open Settings, then tap Wi-Fi.").as_deref(),
            Some("Open Settings,,|then tap Wi-Fi.")
        );
        assert_eq!(
            cut("まず、設定を開きます。").as_deref(),
            Some("まず、,|設定を開きます。")
        );
        // Before a phrase, with no word left leaning on the next.
        assert_eq!(
            cut("Press Enter to go on.").as_deref(),
            Some("Press Enter~|to go on.")
        );
        assert_eq!(
            cut("Log in to My A U from a computer").as_deref(),
            Some("Log in~|to My A U from a computer")
        );
        assert_eq!(
            cut("Turn off Wi-Fi on your phone, then come back.").as_deref(),
            Some("Turn off Wi-Fi~|on your phone, then come back.")
        );
        // A long first clause is cut inside it; the rest keeps its comma.
        assert_eq!(
            cut("Scan the code shown on the screen with your phone, and wait.").as_deref(),
            Some("Scan the code shown~|on the screen with your phone, and wait.")
        );
        // Nowhere good to cut, or short already.
        assert_eq!(cut("This is not an official guide."), None);
        assert_eq!(cut("Tap Next."), None);
        assert_eq!(cut("Tap the blue button."), None);
        assert_eq!(
            cut("設定を開いて、画面の下にある「次へ」を押します。").as_deref(),
            Some("設定を開いて、,|画面の下にある「次へ」を押します。")
        );
    }
}
