//! schema.org HowTo and Recipe in JSON-LD, from a `.json` file or from the
//! `<script type="application/ld+json">` blocks of a saved web page. It owns the
//! leniency real pages need (`@graph`, types in any casing or as IRIs or arrays,
//! `itemListElement` as one object, instructions as one string, HTML inside texts) and
//! turns a node into `Imported`. It never invents a step: sections and tips only ever
//! become attributes of steps the source has.

use std::collections::HashMap;

use scraper::{ElementRef, Html, Node};
use serde_json::{Map, Value};

use super::{collapse_spaces, microdata, outline, Format, ImportError, Imported, ImportedStep};
use crate::l10n::Lang;

/// Reads a JSON-LD document.
pub fn from_json(text: &str, pick: Option<usize>) -> Result<Imported, ImportError> {
    let value: Value = parse_json(text).map_err(|(e, shift)| json_error(&e, shift))?;
    let mut nodes = Vec::new();
    find_nodes(&value, &mut nodes);
    let mut ids = Ids::new();
    collect_ids(&value, &mut ids);
    let page_lang = page_lang(&value);
    choose(&nodes, &ids, pick, page_lang, Format::Json)
}

/// Reads the JSON-LD blocks of an HTML page. A block that is not valid JSON is skipped
/// (pages often carry broken ones); it is reported only when nothing else is found.
pub fn from_html(text: &str, pick: Option<usize>) -> Result<Imported, ImportError> {
    let document = Html::parse_document(text);
    let root = document.root_element();
    let mut values = Vec::new();
    let mut first_error = None;
    for script in root.descendent_elements().filter(|e| is_json_ld(*e)) {
        let body: String = script.text().collect();
        let body = strip_wrappers(&body);
        if body.is_empty() {
            continue;
        }
        match parse_json(body) {
            Ok(v) => values.push(v),
            Err((e, shift)) => {
                if first_error.is_none() {
                    // Lines are counted in the page, so the message points at the block.
                    let line_offset = text
                        .find(body)
                        .map_or(0, |at| text[..at].matches('\n').count());
                    first_error = Some(json_error(&e, line_offset + shift));
                }
            }
        }
    }
    let mut nodes = Vec::new();
    let mut ids = Ids::new();
    for v in &values {
        find_nodes(v, &mut nodes);
        collect_ids(v, &mut ids);
    }
    let html_lang = root
        .attr("lang")
        .or_else(|| root.attr("xml:lang"))
        .and_then(parse_lang);
    let doc_lang = values.iter().find_map(page_lang).or(html_lang.clone());
    let from_json_ld = choose(&nodes, &ids, pick, doc_lang, Format::Html);
    if !matches!(
        from_json_ld,
        Err(ImportError::NothingFound { .. } | ImportError::NoSteps { .. })
    ) {
        return from_json_ld;
    }
    // No JSON-LD with steps: schema.org in the markup (microdata, RDFa), then the
    // ordered list under a heading that names the steps.
    let items = microdata::items(root);
    let mut nodes = Vec::new();
    let mut ids = Ids::new();
    for v in &items {
        find_nodes(v, &mut nodes);
        collect_ids(v, &mut ids);
    }
    let from_markup = choose(&nodes, &ids, pick, html_lang.clone(), Format::Html);
    if !matches!(
        from_markup,
        Err(ImportError::NothingFound { .. } | ImportError::NoSteps { .. })
    ) {
        return from_markup;
    }
    if let Some((title, description, steps)) = outline::from_page(&document) {
        if let Some(p) = pick.filter(|p| *p != 1) {
            return Err(ImportError::PickOutOfRange { pick: p, count: 1 });
        }
        return Ok(Imported {
            choices: vec![title.clone()],
            title,
            description,
            lang: html_lang,
            steps,
            ..Imported::default()
        });
    }
    // Nothing anywhere: the most telling reason.
    Err(match (from_json_ld, from_markup, first_error) {
        (Err(e @ ImportError::NoSteps { .. }), _, _)
        | (_, Err(e @ ImportError::NoSteps { .. }), _) => e,
        (_, _, Some(e)) => e,
        _ => ImportError::NothingFound {
            format: Format::Html,
        },
    })
}

/// JSON as pages write it: strict JSON, else the same with raw control characters
/// (a tab or a line break typed into a string) escaped, which browsers and search
/// engines accept. An error is the strict reading's when escaping changes nothing,
/// else the lenient reading's, with the lines it lost added back (the second value).
fn parse_json(text: &str) -> Result<Value, (serde_json::Error, usize)> {
    serde_json::from_str(text).or_else(|strict| {
        let (escaped, map) = escape_raw_controls(text);
        if escaped == text {
            return Err((strict, 0));
        }
        serde_json::from_str(&escaped).map_err(|e| {
            let original = map.original_line(e.line(), e.column());
            let shift = original.saturating_sub(e.line());
            (e, shift)
        })
    })
}

/// Where the lines of an escaped text came from: each of its line breaks is one of
/// the original's, and each escaped line break inside a string is one more.
struct LineMap {
    /// For each line of the escaped text, the original line it starts on (1-based).
    starts: Vec<usize>,
    /// (line, byte column) in the escaped text of each escaped line break.
    escaped: Vec<(usize, usize)>,
}

impl LineMap {
    fn original_line(&self, line: usize, column: usize) -> usize {
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(line);
        start
            + self
                .escaped
                .iter()
                .filter(|(l, c)| *l == line && *c < column)
                .count()
    }
}

/// Escapes the control characters inside JSON string literals (`\n` for a line
/// break, `\u0001` for the rest); everything outside strings is left as it is.
fn escape_raw_controls(text: &str) -> (String, LineMap) {
    let mut out = String::with_capacity(text.len());
    let mut map = LineMap {
        starts: vec![1],
        escaped: Vec::new(),
    };
    let (mut line, mut line_start) = (1, 0);
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            } else if c.is_control() && (c as u32) < 0x20 {
                match c {
                    '\n' => {
                        line += 1;
                        out.push_str("\\n");
                        map.escaped.push((map.starts.len(), out.len() - line_start));
                    }
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c => out.push_str(&format!("\\u{:04x}", c as u32)),
                }
                continue;
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
        if c == '\n' {
            line += 1;
            line_start = out.len();
            map.starts.push(line);
        }
    }
    (out, map)
}

fn is_json_ld(e: ElementRef<'_>) -> bool {
    e.value().name() == "script"
        && e.attr("type").is_some_and(|t| {
            t.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/ld+json"))
        })
}

/// Removes the comment and CDATA wrappers old pages put around script content.
fn strip_wrappers(body: &str) -> &str {
    let mut s = body.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(inner) = s.strip_prefix(open) {
            s = inner.strip_suffix(close).unwrap_or(inner).trim();
        }
    }
    s
}

fn json_error(e: &serde_json::Error, line_offset: usize) -> ImportError {
    // serde_json stops at 128 levels with this message; say it in plain words.
    if e.to_string().contains("recursion limit exceeded") {
        return ImportError::TooDeep;
    }
    let detail = e.to_string();
    let detail = detail
        .split(" at line ")
        .next()
        .unwrap_or(detail.as_str())
        .to_string();
    ImportError::JsonSyntax {
        line: e.line() + line_offset,
        col: e.column(),
        detail,
    }
}

/// Picks the node to import among those with steps and turns it into `Imported`.
fn choose(
    nodes: &[&Map<String, Value>],
    ids: &Ids<'_>,
    pick: Option<usize>,
    doc_lang: Option<Lang>,
    format: Format,
) -> Result<Imported, ImportError> {
    let converted: Vec<Imported> = nodes.iter().map(|n| convert(n, ids)).collect();
    let usable: Vec<Imported> = converted
        .iter()
        .filter(|i| !i.steps.is_empty())
        .cloned()
        .collect();
    if usable.is_empty() {
        return Err(match nodes.first() {
            Some(node) => ImportError::NoSteps {
                kind: if has_type(node, &["recipe"]) {
                    "Recipe".into()
                } else {
                    "HowTo".into()
                },
            },
            None => ImportError::NothingFound { format },
        });
    }
    let index = match pick {
        None => 0,
        Some(p) if (1..=usable.len()).contains(&p) => p - 1,
        Some(p) => {
            return Err(ImportError::PickOutOfRange {
                pick: p,
                count: usable.len(),
            })
        }
    };
    let choices = usable.iter().map(|i| i.title.clone()).collect();
    let mut chosen = usable[index].clone();
    chosen.lang = chosen.lang.or(doc_lang);
    chosen.others = usable.len() - 1;
    chosen.choices = choices;
    chosen.picked = index;
    Ok(chosen)
}

/// Every HowTo or Recipe node, in document order, looking through `@graph`, arrays
/// and nested objects (a WebPage's `mainEntity`), but not inside a found node.
fn find_nodes<'v>(value: &'v Value, out: &mut Vec<&'v Map<String, Value>>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| find_nodes(v, out)),
        Value::Object(map) => {
            if has_type(map, &["howto", "recipe"]) {
                out.push(map);
            } else {
                map.values().for_each(|v| find_nodes(v, out));
            }
        }
        _ => {}
    }
}

/// Nodes by `@id`, so that a step given as a reference (`{"@id": "#step-1"}`, the way
/// some `@graph` documents link their nodes) can be read where it is used.
type Ids<'v> = HashMap<&'v str, &'v Map<String, Value>>;

fn collect_ids<'v>(value: &'v Value, out: &mut Ids<'v>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| collect_ids(v, out)),
        Value::Object(map) => {
            if let Some(Value::String(id)) = map.get("@id") {
                if map.len() > 1 {
                    out.entry(id.as_str()).or_insert(map);
                }
            }
            map.values().for_each(|v| collect_ids(v, out));
        }
        _ => {}
    }
}

/// `inLanguage` of a page-level node (a WebPage or the document itself).
fn page_lang(value: &Value) -> Option<Lang> {
    match value {
        Value::Object(map) => get(map, "inLanguage")
            .and_then(lang_of)
            .or_else(|| get(map, "@graph").and_then(page_lang)),
        Value::Array(items) => items.iter().find_map(page_lang),
        _ => None,
    }
}

fn lang_of(value: &Value) -> Option<Lang> {
    match value {
        Value::String(s) => parse_lang(s),
        Value::Object(map) => ["alternateName", "@value", "name"]
            .iter()
            .find_map(|k| get(map, k).and_then(lang_of)),
        Value::Array(items) => items.iter().find_map(lang_of),
        _ => None,
    }
}

/// Only two-letter codes: a guide's language must be one a voice can read.
fn parse_lang(tag: &str) -> Option<Lang> {
    Lang::parse(tag.trim()).filter(|l| l.as_str().len() == 2)
}

/// The normalized `@type`s of a node: `schema:HowToStep`, `http://schema.org/HowToStep`
/// and `howtostep` are all `howtostep`.
fn types(map: &Map<String, Value>) -> Vec<String> {
    let local = |t: &str| {
        t.rsplit(['/', '#', ':'])
            .next()
            .unwrap_or(t)
            .trim()
            .to_ascii_lowercase()
    };
    match get(map, "@type") {
        Some(Value::String(t)) => vec![local(t)],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).map(local).collect(),
        _ => Vec::new(),
    }
}

fn has_type(map: &Map<String, Value>, wanted: &[&str]) -> bool {
    types(map).iter().any(|t| wanted.contains(&t.as_str()))
}

/// A property by name, also when written with a prefix or as an IRI, in any casing.
fn get<'v>(map: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| {
                k.rsplit(['/', '#', ':'])
                    .next()
                    .is_some_and(|l| l.eq_ignore_ascii_case(name))
            })
            .map(|(_, v)| v)
    })
}

/// The text of a property value: a string (HTML decoded), a `{"@value": …}`, a number,
/// or the first of a list that has text.
fn text_of(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => html_text(s),
        Value::Number(n) => n.to_string(),
        Value::Object(map) => return get(map, "@value").and_then(text_of),
        Value::Array(items) => return items.iter().find_map(text_of),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

fn prop_text(map: &Map<String, Value>, name: &str) -> Option<String> {
    get(map, name).and_then(text_of)
}

/// Converts one HowTo or Recipe node.
fn convert(node: &Map<String, Value>, ids: &Ids<'_>) -> Imported {
    let mut walk = Walk {
        ids,
        // The node itself: a step list that points back at it is not followed.
        resolving: node
            .get("@id")
            .and_then(Value::as_str)
            .map(String::from)
            .into_iter()
            .collect(),
        steps: Vec::new(),
        pending_sections: Vec::new(),
        pending_tips: Vec::new(),
        section_start: 0,
    };
    let steps = ["step", "steps", "recipeInstructions"]
        .iter()
        .find_map(|k| get(node, k));
    match steps {
        // One string: a step per line or paragraph, as cooks write them.
        Some(Value::String(s)) => {
            for line in html_lines(s) {
                walk.push_step(line);
            }
        }
        Some(v) => walk.items(v),
        None => {}
    }
    walk.finish();
    Imported {
        title: prop_text(node, "name")
            .or_else(|| prop_text(node, "headline"))
            .unwrap_or_default(),
        description: prop_text(node, "description").unwrap_or_default(),
        lang: get(node, "inLanguage").and_then(lang_of),
        steps: walk.steps,
        ..Imported::default()
    }
}

/// Walks a list of steps, carrying a section name to the first step after it and tips
/// to the step they belong to.
struct Walk<'a, 'v> {
    ids: &'a Ids<'v>,
    /// The references being followed, so that a cycle is not followed forever.
    resolving: Vec<String>,
    steps: Vec<ImportedStep>,
    /// Section names not yet spoken (outer first): they go on the next step.
    pending_sections: Vec<String>,
    /// Tips met before any step of their section: they go on the next step.
    pending_tips: Vec<String>,
    /// Index of the first step of the current section.
    section_start: usize,
}

impl<'v> Walk<'_, 'v> {
    fn items(&mut self, value: &Value) {
        match value {
            Value::Array(items) => items.iter().for_each(|v| self.items(v)),
            Value::String(s) => self.push_step(html_text(s)),
            Value::Object(map) => self.object(map),
            _ => {}
        }
    }

    fn object(&mut self, map: &Map<String, Value>) {
        if let Some((id, target)) = self.reference(map) {
            if !self.resolving.contains(&id) {
                self.resolving.push(id);
                self.object(target);
                self.resolving.pop();
            }
            return;
        }
        if let Some(list) = get(map, "@list") {
            return self.items(list);
        }
        if let Some(value) = get(map, "@value") {
            if let Some(text) = text_of(value) {
                self.push_step(text);
            }
            return;
        }
        let kinds = types(map);
        let is = |t: &str| kinds.iter().any(|k| k == t);
        if is("listitem") {
            if let Some(item) = get(map, "item") {
                return self.items(item);
            }
        }
        if is("howtotip") {
            if let Some(tip) = prop_text(map, "text").or_else(|| prop_text(map, "name")) {
                self.tip(tip);
            }
            return;
        }
        let elements = ["itemListElement", "step", "steps"]
            .iter()
            .find_map(|k| get(map, k));
        let text = prop_text(map, "text");
        let is_section = is("howtosection")
            || is("itemlist")
            || (!is("howtostep") && !is("howtodirection") && elements.is_some() && text.is_none());
        if is_section {
            self.section(prop_text(map, "name"), elements);
            return;
        }
        self.step(map, text, elements);
    }

    /// The node a reference-only object (`@id`, perhaps `@type`) stands for.
    fn reference(&self, map: &Map<String, Value>) -> Option<(String, &'v Map<String, Value>)> {
        let Some(Value::String(id)) = map.get("@id") else {
            return None;
        };
        if map.keys().any(|k| k != "@id" && k != "@type") {
            return None;
        }
        let target: &'v Map<String, Value> = self.ids.get(id.as_str())?;
        // Another HowTo or Recipe is never a step of this one.
        let usable = !std::ptr::eq(target, map) && !has_type(target, &["howto", "recipe"]);
        usable.then(|| (id.clone(), target))
    }

    fn section(&mut self, name: Option<String>, elements: Option<&Value>) {
        let before_pending = self.pending_sections.len();
        let before_start = self.section_start;
        if let Some(name) = name {
            self.pending_sections.push(name);
        }
        self.section_start = self.steps.len();
        let before = self.steps.len();
        if let Some(e) = elements {
            self.items(e);
        }
        if self.steps.len() == before {
            // A section without steps is not spoken: there is nothing to announce.
            self.pending_sections.truncate(before_pending);
        }
        self.section_start = before_start.min(self.steps.len());
        if self.steps.len() > before {
            // Tips after a section belong to what follows, not to its last step.
            self.section_start = self.steps.len();
        }
    }

    /// A HowToStep (or a direction or an untyped object): its text, else its
    /// directions, else its name; its tips are its detail.
    fn step(&mut self, map: &Map<String, Value>, text: Option<String>, elements: Option<&Value>) {
        let mut directions = Vec::new();
        let mut tips = Vec::new();
        if let Some(e) = elements {
            collect_parts(e, &mut directions, &mut tips);
        }
        let mut parts: Vec<String> = text.into_iter().collect();
        for d in directions {
            if !parts.contains(&d) {
                parts.push(d);
            }
        }
        if parts.is_empty() {
            if let Some(name) = prop_text(map, "name") {
                parts.push(name);
            }
        }
        if parts.is_empty() && tips.is_empty() {
            // An image or a link in the list: not a step.
            return;
        }
        self.push_step(parts.join("\n"));
        for tip in tips {
            self.tip(tip);
        }
    }

    fn push_step(&mut self, text: String) {
        let section = if self.pending_sections.is_empty() {
            None
        } else {
            Some(std::mem::take(&mut self.pending_sections).join("\n"))
        };
        let detail = if self.pending_tips.is_empty() {
            None
        } else {
            Some(std::mem::take(&mut self.pending_tips).join("\n"))
        };
        self.steps.push(ImportedStep {
            text,
            section,
            detail,
        });
    }

    /// A tip belongs to the step before it in its section, else to the next step.
    fn tip(&mut self, tip: String) {
        if self.steps.len() > self.section_start {
            if let Some(last) = self.steps.last_mut() {
                last.detail = Some(match last.detail.take() {
                    Some(d) => format!("{d}\n{tip}"),
                    None => tip,
                });
                return;
            }
        }
        self.pending_tips.push(tip);
    }

    /// Tips left over with no step after them go on the last step; there is always one
    /// when this is called on a node that has steps.
    fn finish(&mut self) {
        if self.pending_tips.is_empty() {
            return;
        }
        let tips = std::mem::take(&mut self.pending_tips);
        if let Some(last) = self.steps.last_mut() {
            let mut all: Vec<String> = last.detail.take().into_iter().collect();
            all.extend(tips);
            last.detail = Some(all.join("\n"));
        }
    }
}

/// The directions (text) and tips inside a HowToStep's `itemListElement`.
fn collect_parts(value: &Value, directions: &mut Vec<String>, tips: &mut Vec<String>) {
    match value {
        Value::Array(items) => items
            .iter()
            .for_each(|v| collect_parts(v, directions, tips)),
        Value::String(s) => directions.extend(Some(html_text(s)).filter(|t| !t.is_empty())),
        Value::Object(map) => {
            let text = prop_text(map, "text")
                .or_else(|| prop_text(map, "name"))
                .or_else(|| get(map, "@value").and_then(text_of));
            if has_type(map, &["howtotip"]) {
                tips.extend(text);
            } else if let Some(t) = text {
                directions.push(t);
            } else if let Some(inner) = get(map, "itemListElement").or_else(|| get(map, "item")) {
                collect_parts(inner, directions, tips);
            }
        }
        _ => {}
    }
}

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

    fn texts(i: &Imported) -> Vec<&str> {
        i.steps.iter().map(|s| s.text.as_str()).collect()
    }

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

    #[test]
    fn plain_howto_with_steps() {
        let i = from_json(
            r#"{"@context":"https://schema.org","@type":"HowTo","name":"Tie","description":"Knots.",
               "inLanguage":"en-US",
               "step":[{"@type":"HowToStep","text":"Cross."},{"@type":"HowToStep","name":"Pull."}]}"#,
            None,
        )
        .unwrap();
        assert_eq!(i.title, "Tie");
        assert_eq!(i.description, "Knots.");
        assert_eq!(i.lang, Some(Lang::en()));
        assert_eq!(texts(&i), ["Cross.", "Pull."]);
    }

    #[test]
    fn graph_sections_directions_and_tips() {
        let i = from_json(
            r#"{"@graph":[{"@type":"WebPage","inLanguage":"ja"},
              {"@type":["Thing","http://schema.org/HowTo"],"name":"x","step":[
                {"@type":"HowToSection","name":"Part A","itemListElement":[
                   {"@type":"HowToTip","text":"Before A1."},
                   {"@type":"schema:HowToStep","itemListElement":[
                      {"@type":"HowToDirection","text":"Do A1."},
                      {"@type":"HowToTip","text":"Tip A1."}]},
                   {"@type":"howtostep","text":"Do A2."},
                   {"@type":"HowToTip","text":"After A2."}]},
                {"@type":"HowToSection","name":"Empty","itemListElement":[]},
                {"@type":"HowToSection","name":"Part B","itemListElement":
                   {"@type":"HowToStep","text":"Do B1."}}]}]}"#,
            None,
        )
        .unwrap();
        assert_eq!(texts(&i), ["Do A1.", "Do A2.", "Do B1."]);
        assert_eq!(i.steps[0].section.as_deref(), Some("Part A"));
        assert_eq!(i.steps[0].detail.as_deref(), Some("Before A1.\nTip A1."));
        assert_eq!(i.steps[1].section, None);
        assert_eq!(i.steps[1].detail.as_deref(), Some("After A2."));
        assert_eq!(i.steps[2].section.as_deref(), Some("Part B"));
        assert_eq!(i.lang, Some(Lang::ja()));
    }

    #[test]
    fn recipe_instructions_as_one_string_or_plain_strings() {
        let i = from_json(
            r#"{"@type":"Recipe","name":"Rice","recipeInstructions":"Wash the rice.\nSoak it.<br>Cook it."}"#,
            None,
        )
        .unwrap();
        assert_eq!(texts(&i), ["Wash the rice.", "Soak it.", "Cook it."]);
        let i = from_json(
            r#"[{"@type":"RECIPE","recipeInstructions":["One &amp; two","  Three  "]}]"#,
            None,
        )
        .unwrap();
        assert_eq!(texts(&i), ["One & two", "Three"]);
    }

    #[test]
    fn steps_given_by_reference() {
        let i = from_json(
            r##"{"@graph":[
              {"@type":"HowTo","@id":"#h","name":"Ref","step":[{"@id":"#s1"},{"@id":"#s2"},{"@id":"#h"},{"@id":"#loop"}]},
              {"@type":"HowToStep","@id":"#s1","text":"One."},
              {"@type":"HowToStep","@id":"#s2","text":"Two."},
              {"@type":"HowToSection","@id":"#loop","name":"Loop","itemListElement":[{"@id":"#loop"},"Three."]}]}"##,
            None,
        )
        .unwrap();
        assert_eq!(texts(&i), ["One.", "Two.", "Three."]);
        assert_eq!(i.steps[2].section.as_deref(), Some("Loop"));
    }

    #[test]
    fn several_nodes_first_or_picked() {
        let doc = r#"[{"@type":"HowTo","name":"A","step":["a"]},
                      {"@type":"Recipe","name":"No steps"},
                      {"@type":"HowTo","name":"B","step":["b1","b2"]}]"#;
        let first = from_json(doc, None).unwrap();
        assert_eq!((first.title.as_str(), first.others), ("A", 1));
        assert_eq!(first.choices, ["A", "B"]);
        let second = from_json(doc, Some(2)).unwrap();
        assert_eq!(texts(&second), ["b1", "b2"]);
        assert!(matches!(
            from_json(doc, Some(3)),
            Err(ImportError::PickOutOfRange { pick: 3, count: 2 })
        ));
    }

    #[test]
    fn nothing_found_or_no_steps() {
        assert!(matches!(
            from_json(r#"{"@type":"Article","name":"x"}"#, None),
            Err(ImportError::NothingFound {
                format: Format::Json
            })
        ));
        assert!(matches!(
            from_json(
                r#"{"@type":"Recipe","name":"x","recipeInstructions":[]}"#,
                None
            ),
            Err(ImportError::NoSteps { .. })
        ));
    }

    #[test]
    fn bad_json_says_where_or_that_it_is_too_deep() {
        match from_json("{\n \"a\": [1,,]}", None) {
            Err(ImportError::JsonSyntax { line: 2, .. }) => {}
            other => panic!("{other:?}"),
        }
        let deep = "[".repeat(100_000);
        assert!(matches!(from_json(&deep, None), Err(ImportError::TooDeep)));
    }

    #[test]
    fn raw_control_characters_in_strings_are_read_and_other_errors_stay() {
        let i = from_json(
            "{\"@type\":\"HowTo\",\"name\":\"A\tB\",\"step\":[\"One\nline\",\"Two\u{1}\"]}",
            None,
        )
        .unwrap();
        assert_eq!(i.title, "A B");
        // (Other control characters are the guide writer's to escape, as from any JSON.)
        assert_eq!(texts(&i), ["One\nline", "Two\u{1}"]);
        // An escaped quote does not end the string; a real error keeps its place.
        assert_eq!(
            escape_raw_controls("{\"a\":\"x\\\"\n\"}").0,
            "{\"a\":\"x\\\"\\n\"}"
        );
        // An error after a line break inside a string is on the line it is on.
        match from_json("{\n\"a\": \"x\ny\" ,, }", None) {
            Err(ImportError::JsonSyntax { line: 3, .. }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn html_page_blocks_and_lang() {
        let page = r#"<!doctype html><html lang="ja"><head>
            <script type="application/ld+json">{ broken </script>
            <script type="application/ld+json; charset=utf-8">
            <!--
            {"@type":"HowTo","name":"お茶","step":[{"@type":"HowToStep","text":"お湯を &lt;わかす&gt;"}]}
            -->
            </script></head><body><script>var x = {"@type":"HowTo"};</script></body></html>"#;
        let i = from_html(page, None).unwrap();
        assert_eq!(texts(&i), ["お湯を <わかす>"]);
        assert_eq!(i.lang, Some(Lang::ja()));
        assert_eq!(i.others, 0);
    }

    #[test]
    fn html_page_without_json_ld() {
        assert!(matches!(
            from_html("<html><body><ol><li>a</li></ol></body></html>", None),
            Err(ImportError::NothingFound {
                format: Format::Html
            })
        ));
        match from_html(
            "<html>\n<script type=\"application/ld+json\">\n{ broken\n</script>",
            None,
        ) {
            Err(ImportError::JsonSyntax { line, .. }) => assert!(line >= 3, "{line}"),
            other => panic!("{other:?}"),
        }
    }
}
