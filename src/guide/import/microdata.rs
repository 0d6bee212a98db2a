//! schema.org items written into a page's markup rather than in JSON-LD: microdata
//! (`itemscope`, `itemtype`, `itemprop`) and its cousin RDFa Lite (`typeof`,
//! `property`, `content`). Each item becomes the JSON-LD object it stands for, so the
//! JSON-LD importer reads it with all its leniency: a `recipeInstructions` element
//! holding a list is a step per item, one element per step is a step each, a
//! `HowToStep` item gives its `text`. It never invents a step.

use scraper::ElementRef;
use serde_json::{Map, Value};

/// The top-level items of a page, in document order, as JSON-LD objects.
pub fn items(root: ElementRef<'_>) -> Vec<Value> {
    let mut out = Vec::new();
    collect_top(root, &mut out);
    out
}

fn is_item(e: ElementRef<'_>) -> bool {
    e.attr("itemscope").is_some() || e.attr("typeof").is_some()
}

/// The property names an element gives its item, by local name (`schema:step` and
/// `http://schema.org/step` are both `step`).
fn prop_names(e: ElementRef<'_>) -> Vec<String> {
    e.attr("itemprop")
        .or_else(|| e.attr("property"))
        .map(|names| {
            names
                .split_whitespace()
                .filter_map(|n| n.rsplit(['/', '#', ':']).next())
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Items that are nobody's property; an item's own properties are reached from it.
fn collect_top(e: ElementRef<'_>, out: &mut Vec<Value>) {
    for child in e.child_elements() {
        if is_item(child) {
            out.push(Value::Object(item(child)));
        } else {
            collect_top(child, out);
        }
    }
}

/// An item as a JSON-LD object: `@type` from `itemtype`/`typeof`, then its properties.
fn item(e: ElementRef<'_>) -> Map<String, Value> {
    let mut map = Map::new();
    let types: Vec<Value> = e
        .attr("itemtype")
        .or_else(|| e.attr("typeof"))
        .unwrap_or_default()
        .split_whitespace()
        .map(|t| Value::String(t.to_string()))
        .collect();
    match types.len() {
        0 => {}
        1 => {
            map.insert("@type".into(), types[0].clone());
        }
        _ => {
            map.insert("@type".into(), Value::Array(types));
        }
    }
    let mut props: Vec<(String, Value)> = Vec::new();
    collect_props(e, &mut props);
    for (name, value) in props {
        match map.get_mut(&name) {
            Some(Value::Array(values)) if name != "@type" => values.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
            None => {
                map.insert(name, value);
            }
        }
    }
    map
}

/// The properties inside `e` that belong to it: not those inside a nested item.
fn collect_props(e: ElementRef<'_>, out: &mut Vec<(String, Value)>) {
    for child in e.child_elements() {
        let names = prop_names(child);
        if !names.is_empty() {
            let value = prop_value(child);
            for name in names {
                out.push((name, value.clone()));
            }
        }
        if !is_item(child) {
            collect_props(child, out);
        }
    }
}

/// A property's value: a nested item, an attribute where the markup keeps it there
/// (`content`, `src`, `href`, `datetime`), else the element's inner HTML, which the
/// JSON-LD importer turns into text (and into a step per line or list item).
fn prop_value(e: ElementRef<'_>) -> Value {
    if is_item(e) {
        return Value::Object(item(e));
    }
    if let Some(content) = e.attr("content") {
        return Value::String(content.to_string());
    }
    let attr = match e.value().name() {
        "img" | "audio" | "video" | "source" | "embed" | "iframe" => e.attr("src"),
        "a" | "link" | "area" => e.attr("href"),
        "time" => e
            .attr("datetime")
            .filter(|_| e.text().all(|t| t.trim().is_empty())),
        "meta" => Some(""),
        _ => None,
    };
    Value::String(attr.map_or_else(|| e.inner_html(), str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn page(body: &str) -> Vec<Value> {
        let doc = Html::parse_document(body);
        items(doc.root_element())
    }

    #[test]
    fn nested_items_and_repeated_properties() {
        let v = page(
            r#"<div itemscope itemtype="https://schema.org/HowTo">
                 <h1 itemprop="name">Tea</h1>
                 <ol><li itemprop="step" itemscope itemtype="https://schema.org/HowToStep">
                       <span itemprop="text">Boil.</span></li>
                     <li itemprop="step" itemscope itemtype="https://schema.org/HowToStep">
                       <meta itemprop="name" content="Pour"><span itemprop="text">Pour.</span></li></ol>
               </div>"#,
        );
        assert_eq!(v.len(), 1);
        let steps = v[0]["step"].as_array().unwrap();
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0]["text"], "Boil.");
        assert_eq!(steps[1]["name"], "Pour");
        // A nested item's properties are its own, not the HowTo's.
        assert!(v[0].get("text").is_none());
        assert_eq!(v[0]["name"], "Tea");
    }

    #[test]
    fn rdfa_lite_is_read_the_same_way() {
        let v = page(
            r#"<div vocab="https://schema.org/" typeof="Recipe">
                 <span property="name">Rice</span>
                 <div property="recipeInstructions"><p>Wash.</p><p>Cook.</p></div></div>"#,
        );
        assert_eq!(v[0]["@type"], "Recipe");
        assert!(v[0]["recipeInstructions"]
            .as_str()
            .unwrap()
            .contains("Cook."));
    }
}
