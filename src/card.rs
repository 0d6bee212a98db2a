//! The printed card (`tebiki print`): one self-contained HTML page to keep beside the
//! PC, in large print (20 pt), black on white, for A4 portrait: the keys, the steps in
//! file order with the numbers they are spoken with ("step 3 of 21", "part of step
//! 3"), where each answer of a question leads, and whom to ask. No script, no link,
//! no font or image from elsewhere: it prints the same anywhere, on or off line.
//! Pure: the command writes the file.

use std::fmt::Write as _;

use crate::guide::{Guide, StepKind, Target};
use crate::l10n::{arg, Lang, Localizer};

/// Whom to ask, from the settings (`helper.name`, `helper.phone`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Helper {
    pub name: Option<String>,
    pub phone: Option<String>,
}

/// The keys of the card, as (keys, what they do) text ids, in the order of the help.
const KEYS: &[(&str, &str)] = &[
    ("print-keys-next", "print-does-next"),
    ("print-keys-repeat", "print-does-repeat"),
    ("print-keys-back", "print-does-back"),
    ("print-keys-yes-no", "print-does-yes-no"),
    ("print-keys-lang", "print-does-lang"),
    ("print-keys-rate", "print-does-rate"),
    ("print-keys-help", "print-does-help"),
    ("print-keys-where", "print-does-where"),
    ("print-keys-quit", "print-does-quit"),
];

const STYLE: &str = "
@page { size: A4 portrait; margin: 15mm 14mm 16mm 14mm; }
html { font-size: 20pt; }
body {
  margin: 0; color: #000; background: #fff; line-height: 1.45;
  font-family: \"Noto Sans CJK JP\", \"Noto Sans JP\", \"IPAexGothic\", \"Hiragino Sans\",
    \"Yu Gothic\", \"Meiryo\", sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 0.3rem 0; }
h2 {
  font-size: 1.3rem; margin: 0.9rem 0 0.4rem 0; padding-bottom: 0.1rem;
  border-bottom: 4px solid #000; break-after: avoid; page-break-after: avoid;
}
h3 { font-size: 1.1rem; margin: 0.8rem 0 0.2rem 0; break-after: avoid; page-break-after: avoid; }
p { margin: 0.2rem 0; orphans: 3; widows: 3; }
.lead { margin-bottom: 0.6rem; }
.helper {
  border: 5px solid #000; padding: 0.4rem 0.6rem; margin: 0.6rem 0;
  font-size: 1.2rem; font-weight: bold; break-inside: avoid; page-break-inside: avoid;
}
.helper .phone { font-size: 1.5rem; letter-spacing: 0.05em; }
table { border-collapse: collapse; width: 100%; break-inside: avoid; page-break-inside: avoid; }
th, td { border: 2px solid #000; padding: 0.15rem 0.4rem; text-align: left; vertical-align: top; }
th { width: 38%; white-space: normal; }
.step {
  border-left: 8px solid #000; padding: 0.1rem 0 0.1rem 0.5rem; margin: 0.5rem 0;
  break-inside: avoid; page-break-inside: avoid;
}
.step .num { font-weight: bold; text-decoration: underline; }
.step .text { font-weight: bold; }
.step .go { margin-top: 0.15rem; font-weight: bold; }
h1, h2, h3, .text { word-break: auto-phrase; }
.start { margin-top: 0.8rem; }
";

/// The whole page for `guide` in `lang` (program texts in `lang` as well).
pub fn render(guide: &Guide, lang: &Lang, l10n: &Localizer, helper: &Helper) -> String {
    let text = |id: &str| l10n.text(lang, id);
    let texts = guide.texts(lang);
    let path = guide.main_path();
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width\">\n<title>{}</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n",
        escape(lang.as_str()),
        escape(&texts.title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&texts.title));
    if !texts.description.is_empty() && texts.description != texts.title {
        let _ = writeln!(out, "<p class=\"lead\">{}</p>", lines(&texts.description));
    }
    if let Some(box_text) = helper_box(helper, lang, l10n) {
        out.push_str(&box_text);
    }

    let _ = writeln!(
        out,
        "<section class=\"keys\">\n<h2>{}</h2>\n<table>",
        escape(&text("print-keys-heading"))
    );
    for (keys, does) in KEYS {
        let _ = writeln!(
            out,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(&text(keys)),
            escape(&text(does))
        );
    }
    out.push_str("</table>\n</section>\n");

    let _ = writeln!(
        out,
        "<section class=\"steps\">\n<h2>{}</h2>",
        escape(&text("print-steps-heading"))
    );
    for (i, step) in guide.steps.iter().enumerate() {
        let t = guide.step_text(lang, i);
        if let Some(section) = t.section.as_deref().filter(|s| !s.is_empty()) {
            let _ = writeln!(out, "<h3>{}</h3>", lines(section));
        }
        let _ = writeln!(
            out,
            "<div class=\"step\" id=\"{}\">\n<p class=\"num\">{}</p>\n<p class=\"text\">{}</p>",
            escape(&step.id),
            escape(&number(guide, &path, lang, l10n, i)),
            lines(&t.shown)
        );
        if let Some(detail) = t.detail.as_deref().filter(|d| !d.is_empty()) {
            let _ = writeln!(out, "<p>{}</p>", lines(detail));
        }
        for go in leads(guide, &path, lang, l10n, i) {
            let _ = writeln!(out, "<p class=\"go\">{}</p>", escape(&go));
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");
    let start = l10n.text_args(lang, "print-start", &[arg("id", guide.id.as_str())]);
    let _ = writeln!(out, "<p class=\"start\">{}</p>", escape(&start));
    out.push_str("</body>\n</html>\n");
    out
}

fn helper_box(helper: &Helper, lang: &Lang, l10n: &Localizer) -> Option<String> {
    let name = helper.name.as_deref().filter(|n| !n.trim().is_empty());
    let phone = helper.phone.as_deref().filter(|p| !p.trim().is_empty());
    if name.is_none() && phone.is_none() {
        return None;
    }
    let mut out = String::from("<div class=\"helper\">\n");
    let heading = l10n.text(lang, "print-helper-heading");
    let _ = writeln!(out, "<p>{}</p>", escape(&heading));
    if let Some(name) = name {
        let _ = writeln!(out, "<p class=\"name\">{}</p>", escape(name));
    }
    if let Some(phone) = phone {
        let _ = writeln!(out, "<p class=\"phone\">{}</p>", escape(phone));
    }
    out.push_str("</div>\n");
    Some(out)
}

/// The number a step is spoken with: "step 3 of 21", or "part of step 3 of 21".
fn number(guide: &Guide, path: &[usize], lang: &Lang, l10n: &Localizer, i: usize) -> String {
    let (n, on_path) = guide.step_number(i, path);
    let id = if on_path { "counter" } else { "counter-part" };
    l10n.text_args(lang, id, &[arg("n", n), arg("total", path.len())])
}

/// Where a step leads, when that is not simply the next step on the card: a
/// question's answers, a timer's window, a jump, an end.
fn leads(guide: &Guide, path: &[usize], lang: &Lang, l10n: &Localizer, i: usize) -> Vec<String> {
    let target = |t: Target| match t {
        Target::Step(j) => {
            let short = first_sentence(&guide.step_text(lang, j).shown);
            l10n.text_args(
                lang,
                "print-target",
                &[
                    arg("number", number(guide, path, lang, l10n, j)),
                    arg("text", short),
                ],
            )
        }
        Target::PastEnd => l10n.text(lang, "print-target-end"),
    };
    let mut out = Vec::new();
    match &guide.steps[i].kind {
        StepKind::Question { .. } => {
            for (yes, id) in [(true, "print-if-yes"), (false, "print-if-no")] {
                out.push(l10n.text_args(lang, id, &[arg("target", target(guide.answer(i, yes)))]));
            }
        }
        StepKind::Timer {
            minutes, expired, ..
        } => {
            out.push(l10n.text_args(lang, "print-timer", &[arg("minutes", *minutes)]));
            if let Some(e) = expired {
                out.push(l10n.text_args(
                    lang,
                    "print-timer-expired",
                    &[
                        arg("minutes", *minutes),
                        arg("target", target(Target::Step(*e))),
                    ],
                ));
            }
        }
        StepKind::Choice { options } => {
            let names = &guide.step_text(lang, i).options;
            for (k, &o) in options.iter().enumerate() {
                let option = names
                    .get(k)
                    .map_or_else(|| (k + 1).to_string(), Clone::clone);
                out.push(l10n.text_args(
                    lang,
                    "print-if-option",
                    &[
                        arg("key", k + 1),
                        arg("option", option),
                        arg("target", target(Target::Step(o))),
                    ],
                ));
            }
        }
        StepKind::End => out.push(l10n.text(lang, "print-end")),
        StepKind::Info => {}
    }
    if !matches!(
        guide.steps[i].kind,
        StepKind::Question { .. } | StepKind::Choice { .. } | StepKind::End
    ) {
        match guide.next_of(i) {
            Target::Step(j) if j != i + 1 => out.push(l10n.text_args(
                lang,
                "print-next",
                &[arg("target", target(Target::Step(j)))],
            )),
            Target::PastEnd if i + 1 < guide.steps.len() => out.push(l10n.text(lang, "print-end")),
            _ => {}
        }
    }
    out
}

/// The first sentence of a text, at most 40 characters, to name a step by.
fn first_sentence(text: &str) -> String {
    let first = text
        .split_inclusive(['。', '？', '！', '.', '?', '!', '\n'])
        .next()
        .unwrap_or(text)
        .trim();
    let mut out: String = first.chars().take(40).collect();
    if first.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Text for HTML: escaped, and cleaned of what could drive a terminal or hide text
/// (the same cleaning as the screen's).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::ui::clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text whose line breaks stay line breaks.
fn lines(text: &str) -> String {
    text.lines().map(escape).collect::<Vec<_>>().join("<br>\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::load::{builtin_lexicons, load};
    use crate::guide::Source;

    fn au() -> Guide {
        load(&Source::Builtin("my-au-login".into()), &builtin_lexicons())
            .guide
            .unwrap()
    }

    #[test]
    fn every_step_is_on_the_card_with_its_number() {
        let guide = au();
        let l10n = Localizer::builtin();
        let page = render(&guide, &Lang::ja(), &l10n, &Helper::default());
        let total = guide.main_path().len();
        for (i, step) in guide.steps.iter().enumerate() {
            assert!(page.contains(&format!("id=\"{}\"", step.id)), "{}", step.id);
            let shown = guide
                .step_text(&Lang::ja(), i)
                .shown
                .lines()
                .next()
                .unwrap();
            assert!(page.contains(&escape(shown)), "{shown}");
        }
        assert!(page.contains(&format!("手順 1 / {total}")));
        // A question says where each answer leads.
        assert!(page.contains("「はい」なら"), "no answers on the card");
        assert!(!page.contains("class=\"helper\""), "no helper was set");
    }

    #[test]
    fn the_page_stands_alone() {
        let page = render(
            &au(),
            &Lang::en(),
            &Localizer::builtin(),
            &Helper::default(),
        );
        for banned in ["<script", "<link", "src=", "href=", "@import", "url("] {
            assert!(!page.contains(banned), "{banned} on the card");
        }
        assert!(page.contains("html { font-size: 20pt; }"));
        assert!(page.contains("size: A4 portrait"));
    }

    #[test]
    fn the_helper_is_named_when_set_and_text_is_escaped() {
        let helper = Helper {
            name: Some("<Hanako & Co>".into()),
            phone: Some("+81 90-1234-5678".into()),
        };
        let page = render(&au(), &Lang::en(), &Localizer::builtin(), &helper);
        assert!(page.contains("&lt;Hanako &amp; Co&gt;"));
        assert!(page.contains("+81 90-1234-5678"));
        assert!(!page.contains("<Hanako"));
    }
}
