//! Pages with no schema.org data at all: the ordered list of steps under a heading
//! that names them (手順, 作り方, Steps, Instructions, Directions, Method, … in the
//! languages tebiki knows and a few more). Only `<ol>` lists between that heading and
//! the next heading of the same or a higher level are taken; a heading that names
//! ingredients or comments never is, and neither is a list inside navigation, a
//! footer, an aside or a comment thread. One list item is one step; a smaller heading
//! between lists becomes the section of the next list's first step.

use scraper::{ElementRef, Html};

use super::howto::html_text;
use super::{collapse_spaces, ImportedStep};

/// Words in a heading that announce the steps (compared in lower case).
const STEP_WORDS: &[&str] = &[
    "手順",
    "作り方",
    "つくり方",
    "やり方",
    "方法",
    "進め方",
    "すすめ方",
    "手続き",
    "ステップ",
    "steps",
    "step by step",
    "instructions",
    "directions",
    "method",
    "procedure",
    "how to",
    "preparation",
    "anleitung",
    "zubereitung",
    "schritte",
    "étapes",
    "préparation",
    "pasos",
    "instrucciones",
    "preparación",
];

/// Words that make a heading anything but the steps, even when it also names them
/// ("Ingredients and method" lists ingredients first).
const NOT_STEP_WORDS: &[&str] = &[
    "材料",
    "用意するもの",
    "コメント",
    "レビュー",
    "つくれぽ",
    "ingredient",
    "comment",
    "review",
    "zutaten",
    "ingrédients",
    "ingredientes",
];

/// Containers whose lists are never steps of the page.
const NOT_CONTENT: &[&str] = &["nav", "footer", "aside", "header", "form"];

/// A heading or an ordered list, in document order.
enum Mark<'a> {
    Heading { level: u8, text: String },
    List(ElementRef<'a>),
}

/// The steps found under the first heading that names them, with the page's title
/// (its first `<h1>`, else `<title>`) and description; `None` when there is none.
pub fn from_page(document: &Html) -> Option<(String, String, Vec<ImportedStep>)> {
    let root = document.root_element();
    let mut marks = Vec::new();
    walk(root, &mut marks);
    let mut start = 0;
    while let Some(found) = marks[start..].iter().position(is_step_heading) {
        let at = start + found;
        let Mark::Heading { level, .. } = marks[at] else {
            break;
        };
        let steps = steps_under(&marks[at + 1..], level);
        if !steps.is_empty() {
            let (title, description) = title_and_description(root);
            return Some((title, description, steps));
        }
        start = at + 1;
    }
    None
}

fn is_step_heading(mark: &Mark<'_>) -> bool {
    let Mark::Heading { text, .. } = mark else {
        return false;
    };
    let text = text.to_lowercase();
    STEP_WORDS.iter().any(|w| text.contains(w)) && !NOT_STEP_WORDS.iter().any(|w| text.contains(w))
}

/// The items of the lists after a heading of `level`, up to the next heading of the
/// same or a higher level.
fn steps_under(marks: &[Mark<'_>], level: u8) -> Vec<ImportedStep> {
    let mut steps = Vec::new();
    let mut section: Option<String> = None;
    for mark in marks {
        match mark {
            Mark::Heading { level: l, .. } if *l <= level => break,
            Mark::Heading { text, .. } => section = Some(text.clone()).filter(|t| !t.is_empty()),
            Mark::List(list) => {
                for item in list.child_elements().filter(|c| c.value().name() == "li") {
                    let text = html_text(&item.inner_html());
                    if text.is_empty() {
                        continue;
                    }
                    steps.push(ImportedStep {
                        text,
                        section: section.take(),
                        detail: None,
                    });
                }
            }
        }
    }
    steps
}

/// Collects headings and the outermost `<ol>`s that are page content.
fn walk<'a>(e: ElementRef<'a>, out: &mut Vec<Mark<'a>>) {
    for child in e.child_elements() {
        let name = child.value().name();
        if NOT_CONTENT.contains(&name) || is_comment_thread(child) {
            continue;
        }
        if let Some(level) = heading_level(child) {
            let text = collapse_spaces(&child.text().collect::<String>());
            out.push(Mark::Heading { level, text });
            continue;
        }
        if name == "ol" {
            out.push(Mark::List(child));
            continue;
        }
        if name == "ul" || name == "script" || name == "style" || name == "template" {
            continue;
        }
        walk(child, out);
    }
}

fn heading_level(e: ElementRef<'_>) -> Option<u8> {
    let name = e.value().name();
    if let Some(n) = name.strip_prefix('h').and_then(|n| n.parse::<u8>().ok()) {
        return (1..=6).contains(&n).then_some(n);
    }
    (e.attr("role") == Some("heading")).then(|| {
        e.attr("aria-level")
            .and_then(|l| l.parse().ok())
            .unwrap_or(2)
    })
}

/// Comment threads are marked as such by class or id on every common platform.
fn is_comment_thread(e: ElementRef<'_>) -> bool {
    ["class", "id"].iter().any(|a| {
        e.attr(a)
            .is_some_and(|v| v.to_ascii_lowercase().contains("comment"))
    })
}

fn title_and_description(root: ElementRef<'_>) -> (String, String) {
    let first = |name: &str| {
        root.descendent_elements()
            .find(|e| e.value().name() == name)
            .map(|e| collapse_spaces(&e.text().collect::<String>()))
            .filter(|t| !t.is_empty())
    };
    let title = first("h1").or_else(|| first("title")).unwrap_or_default();
    let description = root
        .descendent_elements()
        .find(|e| e.value().name() == "meta" && e.attr("name") == Some("description"))
        .and_then(|e| e.attr("content"))
        .map(collapse_spaces)
        .unwrap_or_default();
    (title, description)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(page: &str) -> Option<Vec<String>> {
        from_page(&Html::parse_document(page))
            .map(|(_, _, s)| s.into_iter().map(|s| s.text).collect())
    }

    #[test]
    fn the_list_under_the_steps_heading_is_taken_not_the_ingredients() {
        let page = "<h1>肉じゃが</h1><h2>材料</h2><ol><li>じゃがいも</li></ol>\
                    <h2>作り方</h2><ol><li>切ります。</li><li>煮ます。</li></ol>\
                    <h2>コメント</h2><ol><li>おいしい</li></ol>";
        assert_eq!(steps(page).unwrap(), ["切ります。", "煮ます。"]);
    }

    #[test]
    fn sub_headings_become_sections_and_a_higher_heading_ends_the_steps() {
        let page = "<h2>Instructions</h2><h3>Prepare</h3><ol><li>A</li><li>B</li></ol>\
                    <h3>Cook</h3><ol><li>C</li></ol><h2>Notes</h2><ol><li>not a step</li></ol>";
        let (_, _, s) = from_page(&Html::parse_document(page)).unwrap();
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["A", "B", "C"]);
        assert_eq!(s[0].section.as_deref(), Some("Prepare"));
        assert_eq!(s[1].section, None);
        assert_eq!(s[2].section.as_deref(), Some("Cook"));
    }

    #[test]
    fn no_steps_heading_or_only_comments_is_nothing() {
        assert!(steps("<h2>About</h2><ol><li>x</li></ol>").is_none());
        assert!(steps("<h2>Ingredients and method</h2><ol><li>x</li></ol>").is_none());
        assert!(
            steps("<h2>Steps</h2><div class=\"comments\"><ol><li>Great!</li></ol></div>").is_none()
        );
        assert!(steps("<h2>Steps</h2><ul><li>x</li></ul>").is_none());
    }
}
