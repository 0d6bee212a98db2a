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
}
