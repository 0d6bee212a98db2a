//! `tebiki print GUIDE --out FILE.html`: the large-print card is one self-contained
//! page with every step, in large print, and the helper when one is set.

#![allow(clippy::unwrap_used)]

mod common;

use common::Tebiki;
use predicates::prelude::*;
use tebiki::guide::load::{builtin_lexicons, load, Source};
use tebiki::l10n::Lang;

/// The `font-size` in points of the first CSS rule for `selector`.
fn font_size_pt(page: &str, selector: &str) -> Option<f32> {
    let rule = page.split('}').find_map(|r| {
        let (sel, body) = r.split_once('{')?;
        sel.split(',')
            .any(|s| s.trim() == selector)
            .then_some(body.to_string())
    })?;
    let value = rule.split(';').find_map(|d| {
        let (k, v) = d.split_once(':')?;
        (k.trim() == "font-size").then(|| v.trim().to_string())
    })?;
    value.strip_suffix("pt")?.trim().parse().ok()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn every_builtin_guide_prints_as_one_large_self_contained_page() {
    let t = Tebiki::new();
    for id in ["my-au-login", "turn-off-wifi", "call-support"] {
        let guide = load(&Source::Builtin(id.into()), &builtin_lexicons())
            .guide
            .unwrap();
        let main = guide.main_path().len();
        for (lang, first) in [
            (Lang::ja(), format!("手順 1 / {main}")),
            (Lang::en(), format!("Step 1 of {main}")),
        ] {
            let out = t.dir(&format!("{id}-{lang}.html"));
            t.cmd()
                .args(["print", id, "--lang", lang.as_str(), "--out"])
                .arg(&out)
                .assert()
                .success()
                .stdout(predicate::str::contains(out.display().to_string()));
            let page = std::fs::read_to_string(&out).unwrap();
            assert!(page.starts_with("<!DOCTYPE html>"));
            for banned in [
                "<script", "<link", "<img", "src=", "href=", "@import", "url(",
            ] {
                assert!(!page.contains(banned), "{id} {lang}: {banned}");
            }
            let size = font_size_pt(&page, "html")
                .or_else(|| font_size_pt(&page, "body"))
                .unwrap();
            assert!(size >= 18.0, "{id}: base font {size} pt");
            assert!(page.contains("A4 portrait"), "{id}");
            assert!(page.contains(&first), "{id} {lang}: no {first}");
            for (i, step) in guide.steps.iter().enumerate() {
                let shown = &guide.step_text(&lang, i).shown;
                for line in shown.lines() {
                    assert!(
                        page.contains(&escape(line)),
                        "{id} {lang}: step {} missing: {line}",
                        step.id
                    );
                }
            }
        }
    }
}

#[test]
fn the_helper_from_the_settings_is_on_the_card() {
    let t = Tebiki::new();
    let config = t.dir("config/tebiki");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[helper]\nname = \"山田 花子\"\nphone = \"090-1234-5678\"\n",
    )
    .unwrap();
    let out = t.dir("card.html");
    t.cmd()
        .args(["print", "my-au-login", "--lang", "ja", "--out"])
        .arg(&out)
        .assert()
        .success();
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("山田 花子") && page.contains("090-1234-5678"));
}

#[test]
fn an_unknown_guide_or_an_unwritable_file_is_an_error() {
    let t = Tebiki::new();
    t.cmd()
        .args(["print", "no-such-guide", "--out"])
        .arg(t.dir("x.html"))
        .assert()
        .code(1);
    // A file where the folder should be.
    std::fs::write(t.dir("blocker"), "").unwrap();
    t.cmd()
        .args(["print", "my-au-login", "--out"])
        .arg(t.dir("blocker/x.html"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot write"));
}
