//! Turns arbitrary text into a Fluent pattern that formats back to exactly that text.
//! It owns the escaping rules only: it never decides what a text says, and it never
//! drops or reorders characters (line endings are normalized to `\n` first, as
//! Fluent itself does).
//!
//! Fluent reads some characters as syntax: `{` and `}` anywhere, `[`, `*` and `.` at the
//! start of a continuation line (variant keys and attributes), the indentation of
//! continuation lines (removed as common indent), blank lines and whitespace at the ends
//! (trimmed). Each of these is written as a string literal placeable such as `{"{"}`,
//! which Fluent prints verbatim. Fluent refuses to format a pattern with more than
//! `MAX_PLACEABLES` placeables, so a text that would need more is written as one literal
//! for the whole text instead (line breaks as `\u000A`).

/// Normalizes line endings the way Fluent reads them: `\r\n` and a lone `\r` become `\n`.
pub fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The pattern for `text`, as block text: every line starts on a new line indented by
/// `indent` spaces, so it can follow `id =` or `.attribute =` directly.
pub fn pattern(text: &str, indent: usize) -> String {
    let text = normalize(text);
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut placeables = 0;
    for line in text.split('\n') {
        out.push('\n');
        out.push_str(&pad);
        out.push_str(&line_pattern(line, &mut placeables));
    }
    if placeables > MAX_PLACEABLES {
        // One placeable, whatever the text: Fluent would refuse to format the other.
        return format!("\n{pad}{}", literal(&text));
    }
    out
}

/// fluent-bundle's limit on the placeables resolved in one pattern (`MAX_PLACEABLES`
/// in its resolver): a pattern with more formats to an error.
pub const MAX_PLACEABLES: usize = 100;

/// One line. Whitespace at either end goes into a literal so that neither the common
/// indent nor trimming can take it; an empty line becomes `{""}` so it is not a blank
/// line (which Fluent would drop at the ends). Counts the literals in `placeables`.
fn line_pattern(line: &str, placeables: &mut usize) -> String {
    let mut literal = |text: &str| {
        *placeables += 1;
        literal(text)
    };
    if line.is_empty() {
        return literal("");
    }
    let body = line.trim_start_matches(is_blank);
    let lead = &line[..line.len() - body.len()];
    let core = body.trim_end_matches(is_blank);
    let trail = &body[core.len()..];
    let mut out = String::new();
    if !lead.is_empty() {
        out.push_str(&literal(lead));
    }
    for (i, c) in core.chars().enumerate() {
        match c {
            '{' | '}' => out.push_str(&literal(&c.to_string())),
            // Only special as the first character of a line; a literal there is harmless.
            '[' | '*' | '.' if i == 0 && lead.is_empty() => out.push_str(&literal(&c.to_string())),
            _ => out.push(c),
        }
    }
    if !trail.is_empty() {
        out.push_str(&literal(trail));
    }
    out
}

/// Whitespace that Fluent's parser or tebiki's loader might trim or take as indentation.
/// Wider than Fluent's own blank (the space) so that no trimming anywhere can reach text.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// A Fluent string literal placeable. Quote and backslash are escaped, and every
/// character that is not plainly printable is written as `\uXXXX` / `\UXXXXXX` so the
/// `.ftl` file stays readable and no control character reaches the parser raw.
fn literal(text: &str) -> String {
    let mut out = String::from("{\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' ' => out.push(' '),
            c if c.is_whitespace() || c.is_control() => {
                let code = u32::from(c);
                if code <= 0xFFFF {
                    out.push_str(&format!("\\u{code:04X}"));
                } else {
                    out.push_str(&format!("\\U{code:06X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push_str("\"}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_bundle::{FluentBundle, FluentResource};
    use proptest::prelude::*;

    /// Parses `msg =<pattern>` (and the same text as an attribute) with fluent-bundle
    /// and formats both back.
    fn round_trip(text: &str) -> (String, String) {
        let source = format!(
            "msg ={}\n    .detail ={}\nnext = x\n",
            pattern(text, 4),
            pattern(text, 8)
        );
        let resource = FluentResource::try_new(source.clone())
            .unwrap_or_else(|(_, e)| panic!("does not parse: {e:?}\n{source}"));
        let mut bundle = FluentBundle::new(vec!["en".parse().unwrap()]);
        bundle.set_use_isolating(false);
        bundle.add_resource(resource).unwrap();
        let message = bundle.get_message("msg").unwrap();
        let mut errors = Vec::new();
        let value = bundle
            .format_pattern(message.value().unwrap(), None, &mut errors)
            .into_owned();
        let detail = bundle
            .format_pattern(
                message.get_attribute("detail").unwrap().value(),
                None,
                &mut errors,
            )
            .into_owned();
        assert!(errors.is_empty(), "{errors:?}\n{source}");
        assert!(
            bundle.has_message("next"),
            "ate the next message:\n{source}"
        );
        (value, detail)
    }

    #[test]
    fn escapes_what_fluent_would_misread() {
        for text in [
            "",
            "plain",
            "{ $var } and {braces}",
            "[key] first",
            "*[other] default",
            ".attr = no",
            "line one\n[two]\n*three\n.four",
            "  indented\n    more\nnone",
            "trailing  \n\n\nblank lines\n\n",
            "tab\there\t",
            "quote \" and \\ backslash",
            "#not a comment\n# nor this\n-not a term",
            "a\r\nb\rc",
            "} only",
        ] {
            let (value, detail) = round_trip(text);
            assert_eq!(value, normalize(text), "{text:?}");
            assert_eq!(detail, normalize(text), "{text:?}");
        }
    }

    /// Found by the `import` fuzz target: a title or step with more than 100 braces
    /// (code, say) was escaped into more placeables than fluent-bundle formats, so the
    /// written guide failed `check` ("Too many placeables").
    #[test]
    fn text_with_many_braces_round_trips() {
        for text in [
            "{".repeat(101),
            "{}".repeat(50),
            "{}".repeat(51),
            "{\n".repeat(120),
            format!("{}\n  x  \n\n[a]", "{\"key\": 1}, ".repeat(60)),
        ] {
            let (value, detail) = round_trip(&text);
            assert_eq!(value, normalize(&text), "{text:?}");
            assert_eq!(detail, normalize(&text), "{text:?}");
        }
        // Up to the limit the readable form stays.
        assert!(pattern(&"{}".repeat(50), 4).contains("\n    {\"{\"}{\"}\"}"));
        assert_eq!(pattern(&"{".repeat(101), 4).matches('{').count(), 102);
    }

    #[test]
    fn plain_text_stays_readable() {
        assert_eq!(pattern("Fill the kettle.", 4), "\n    Fill the kettle.");
        assert_eq!(pattern("a\nb", 4), "\n    a\n    b");
        assert_eq!(pattern("{x}", 4), "\n    {\"{\"}x{\"}\"}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn any_text_round_trips(text in "\\PC*") {
            let (value, detail) = round_trip(&text);
            prop_assert_eq!(&value, &normalize(&text));
            prop_assert_eq!(&detail, &normalize(&text));
        }

        #[test]
        fn syntax_heavy_text_round_trips(text in "[ \\t\\r\\n{}\\[\\]*.#\"\\\\=a-]{0,40}") {
            let (value, detail) = round_trip(&text);
            prop_assert_eq!(&value, &normalize(&text));
            prop_assert_eq!(&detail, &normalize(&text));
        }

        #[test]
        fn any_chars_round_trip(text in any::<String>()) {
            let (value, detail) = round_trip(&text);
            prop_assert_eq!(&value, &normalize(&text));
            prop_assert_eq!(&detail, &normalize(&text));
        }
    }
}
