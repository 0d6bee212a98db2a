//! HTML in a text turned into lines of plain text, for the importers (schema.org
//! strings that hold markup, and the page outline).

use scraper::{Html, Node};

use super::collapse_spaces;

/// Block elements whose edges are line breaks when HTML is turned into text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// The lines of a text that may contain HTML: entities decoded, tags dropped, block
/// elements and line breaks ending lines, spaces collapsed, empty lines dropped.
pub fn html_lines(text: &str) -> Vec<String> {
    let raw = if looks_like_html(text) {
        let fragment = Html::parse_fragment(text);
        let mut out = String::new();
        for edge in fragment.root_element().traverse() {
            match edge {
                ego_tree::iter::Edge::Open(node) => match node.value() {
                    Node::Text(t) => out.push_str(t),
                    Node::Element(e) if BLOCKS.contains(&e.name()) => out.push('\n'),
                    _ => {}
                },
                ego_tree::iter::Edge::Close(node) => {
                    if let Node::Element(e) = node.value() {
                        if BLOCKS.contains(&e.name()) {
                            out.push('\n');
                        }
                    }
                }
            }
        }
        out
    } else {
        text.to_string()
    };
    raw.lines()
        .map(collapse_spaces)
        .filter(|l| !l.is_empty())
        .collect()
}

/// `html_lines` joined: the text of one step.
pub fn html_text(text: &str) -> String {
    html_lines(text).join("\n")
}

/// Parse as HTML only when there is markup or an entity, so that a plain "3 < 5" or
/// "a<b" in a text is kept as written.
fn looks_like_html(text: &str) -> bool {
    text.contains('&')
        || text
            .split('<')
            .skip(1)
            .any(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_entities_and_drops_tags() {
        assert_eq!(html_text("Salt &amp; pepper"), "Salt & pepper");
        assert_eq!(
            html_text("<p>Mix <b>well</b>.</p><p>Rest.</p>"),
            "Mix well.\nRest."
        );
        assert_eq!(html_text("3 < 5 and  2<3"), "3 < 5 and 2<3");
        assert_eq!(html_text("a<br>b&nbsp;c"), "a\nb c");
        assert_eq!(html_lines("<!-- hidden -->Shown"), vec!["Shown"]);
    }
}
