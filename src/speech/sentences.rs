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
}
