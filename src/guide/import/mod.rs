//! `tebiki import`: turns step-by-step content written for people (schema.org HowTo or
//! Recipe JSON-LD, in a `.json` file or a saved web page, or the numbered lists of a
//! Markdown file) into a guide folder. This module owns reading the file (size limit,
//! UTF-8, choosing the format), the plain `Imported` data that every importer returns,
//! and writing the folder atomically. It never adds a step the source does not have,
//! never writes a guide that would not pass `check`, and never leaves a half-written
//! folder or replaces an existing one without `--force`. It prints nothing.

pub mod fluent_escape;
pub mod howto;
pub mod markdown;
pub mod microdata;
pub mod outline;

use std::fmt::Write as _;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::guide::load::{self, MAX_FILE_BYTES, MAX_STEPS};
use crate::guide::{Problem, Source};
use crate::l10n::Lang;

/// Larger input files are refused: a saved web page with its scripts inlined stays well
/// below this, and reading more would only make a guide nobody can listen to.
pub const MAX_INPUT_BYTES: u64 = 10 * 1024 * 1024;

/// What an importer found: plain data, no I/O.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// The document's name; empty when it has none (the file name is used then).
    pub title: String,
    /// The document's description; empty when it has none (the title is used then).
    pub description: String,
    /// The document's language, when it says one.
    pub lang: Option<Lang>,
    pub steps: Vec<ImportedStep>,
    /// How many other HowTo/Recipe nodes the file has besides the one imported.
    pub others: usize,
    /// The titles of every HowTo/Recipe found, in file order (for `--pick`).
    pub choices: Vec<String>,
    /// Which of `choices` was imported (0-based).
    pub picked: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportedStep {
    /// What is shown and spoken; may have several lines.
    pub text: String,
    /// A heading spoken before this step (a HowToSection or a Markdown heading).
    pub section: Option<String>,
    /// A longer explanation spoken after the step (HowToTip).
    pub detail: Option<String>,
}

/// The kinds of file `import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
    Markdown,
}

impl Format {
    /// By extension; for any other name, by the first character that is not blank:
    /// `<` is HTML, `{` or `[` JSON, anything else Markdown.
    pub fn detect(path: &Path, text: &str) -> Format {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "json" | "jsonld" => Format::Json,
            "html" | "htm" | "xhtml" => Format::Html,
            "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
            _ => match text.trim_start().chars().next() {
                Some('<') => Format::Html,
                Some('{' | '[') => Format::Json,
                _ => Format::Markdown,
            },
        }
    }
}

/// What can go wrong while importing; the command adds the file name.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read the file: {0}")]
    Unreadable(std::io::Error),
    #[error("the file is larger than {limit_mib} MiB")]
    TooLarge { limit_mib: u64 },
    #[error("the file is not UTF-8 (line {line})")]
    NotUtf8 { line: usize },
    #[error("the file is empty")]
    Empty,
    #[error("JSON syntax error at {line}:{col}: {detail}")]
    JsonSyntax {
        line: usize,
        col: usize,
        detail: String,
    },
    #[error("the JSON is nested too deeply")]
    TooDeep,
    #[error("nothing to import was found")]
    NothingFound { format: Format },
    #[error("a {kind} was found, but it has no steps")]
    NoSteps { kind: String },
    #[error("--pick {pick}: there are {count}")]
    PickOutOfRange { pick: usize, count: usize },
    #[error("{count} steps, more than {limit}")]
    TooManySteps { count: usize, limit: usize },
    #[error("the guide's text would be larger than {limit_kib} KiB")]
    TooMuchText { limit_kib: u64 },
    #[error("`{}` already exists", path.display())]
    Exists { path: PathBuf },
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the written guide does not pass check")]
    Invalid { problems: Vec<Problem> },
}

/// Reads and parses `path`. `pick` is 1-based; `None` takes the first HowTo/Recipe.
pub fn import_file(path: &Path, pick: Option<usize>) -> Result<Imported, ImportError> {
    let text = read_input(path)?;
    let mut imported = parse(path, &text, pick)?;
    imported.name_missing_parts(path);
    Ok(imported)
}

/// Parses text already read, choosing the importer by `Format::detect`.
pub fn parse(path: &Path, text: &str, pick: Option<usize>) -> Result<Imported, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    match Format::detect(path, text) {
        Format::Json => howto::from_json(text, pick),
        Format::Html => howto::from_html(text, pick),
        Format::Markdown => {
            if let Some(p) = pick.filter(|p| *p != 1) {
                return Err(ImportError::PickOutOfRange { pick: p, count: 1 });
            }
            markdown::from_markdown(text)
        }
    }
}

/// Reads at most `MAX_INPUT_BYTES` of UTF-8 (a byte-order mark is dropped).
pub fn read_input(path: &Path) -> Result<String, ImportError> {
    let file = fs::File::open(path).map_err(ImportError::Unreadable)?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ImportError::Unreadable)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            limit_mib: MAX_INPUT_BYTES / (1024 * 1024),
        });
    }
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text
            .strip_prefix('\u{feff}')
            .map_or_else(|| text.clone(), str::to_string)),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = 1 + valid.iter().filter(|b| **b == b'\n').count();
            Err(ImportError::NotUtf8 { line })
        }
    }
}

impl Imported {
    /// A document without a title is called by its file name without extension (what a
    /// person called the content); one without a description is described by its title.
    pub fn name_missing_parts(&mut self, path: &Path) {
        if self.title.is_empty() {
            self.title = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
        }
        if self.description.is_empty() {
            self.description.clone_from(&self.title);
        }
    }

    /// The language to write the guide in when neither `--lang` nor the document says:
    /// judged by the script of the whole text.
    pub fn lang_by_script(&self) -> Lang {
        let mut all = self.title.clone();
        for step in &self.steps {
            all.push_str(&step.text);
        }
        Lang::of_text(&all)
    }
}

/// The step id of the `n`th step (1-based).
fn step_id(n: usize) -> String {
    format!("step-{n}")
}

/// `guide.toml` and `<lang>.ftl` for an imported guide: pure, for tests.
pub fn render(imported: &Imported, id: &str, lang: &Lang, from: &str) -> (String, String) {
    let mut toml = String::new();
    // The file name goes into a comment: keep it on one line whatever it contains.
    let from: String = from.chars().filter(|c| !c.is_control()).collect();
    let _ = writeln!(toml, "# Imported by `tebiki import` from {from}.");
    let _ = writeln!(toml, "# Structure only: every text is in {lang}.ftl.");
    let _ = writeln!(toml, "id = {}", toml_string(id));
    let _ = writeln!(toml, "languages = [{}]", toml_string(lang.as_str()));
    for n in 1..=imported.steps.len() {
        let _ = write!(toml, "\n[[steps]]\nid = \"{}\"\n", step_id(n));
    }

    let mut ftl = String::new();
    let _ = writeln!(ftl, "title ={}", fluent_escape::pattern(&imported.title, 4));
    let _ = writeln!(
        ftl,
        "description ={}",
        fluent_escape::pattern(&imported.description, 4)
    );
    for (i, step) in imported.steps.iter().enumerate() {
        ftl.push('\n');
        let _ = writeln!(
            ftl,
            "{} ={}",
            step_id(i + 1),
            fluent_escape::pattern(&step.text, 4)
        );
        if let Some(section) = &step.section {
            let _ = writeln!(ftl, "    .section ={}", fluent_escape::pattern(section, 8));
        }
        if let Some(detail) = &step.detail {
            let _ = writeln!(ftl, "    .detail ={}", fluent_escape::pattern(detail, 8));
        }
    }
    (toml, ftl)
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Writes the guide folder `dir/id/`: into a temporary folder beside it first, checked
/// with the same loader as `tebiki check`, then renamed into place, so the target is
/// either the old folder or the complete new one. Returns the folder written.
pub fn write_guide(
    imported: &Imported,
    id: &str,
    dir: &Path,
    force: bool,
    from: &str,
) -> Result<PathBuf, ImportError> {
    if imported.steps.len() > MAX_STEPS {
        return Err(ImportError::TooManySteps {
            count: imported.steps.len(),
            limit: MAX_STEPS,
        });
    }
    let lang = imported
        .lang
        .clone()
        .unwrap_or_else(|| imported.lang_by_script());
    let (toml, ftl) = render(imported, id, &lang, from);
    if ftl.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooMuchText {
            limit_kib: MAX_FILE_BYTES / 1024,
        });
    }
    let target = dir.join(id);
    if target.symlink_metadata().is_ok() && !force {
        return Err(ImportError::Exists { path: target });
    }
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ImportError::Write { path, source }
    };
    fs::create_dir_all(dir).map_err(write_err(dir))?;
    remove_stale(dir, id);
    let tmp = dir.join(format!(".{id}.import-{}.tmp", std::process::id()));
    let result = (|| {
        fs::create_dir(&tmp).map_err(write_err(&tmp))?;
        for (name, text) in [
            ("guide.toml".to_string(), toml),
            (format!("{lang}.ftl"), ftl),
        ] {
            let path = tmp.join(name);
            write_synced(&path, text.as_bytes()).map_err(write_err(&path))?;
        }
        let loaded = load::load(&Source::Folder(tmp.clone()), &load::builtin_lexicons());
        if loaded.guide.is_none() {
            return Err(ImportError::Invalid {
                problems: loaded.problems,
            });
        }
        replace(&tmp, &target, id, dir).map_err(write_err(&target))
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result.map(|()| target)
}

/// Removes what an import of `id` that was killed midway left beside the target, so
/// that no half-written folder stays around.
fn remove_stale(dir: &Path, id: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefixes = [format!(".{id}.import-"), format!(".{id}.old-")];
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = prefixes.iter().any(|p| name.starts_with(p.as_str()))
            && name.ends_with(".tmp")
            && name[..name.len() - 4]
                .rsplit('-')
                .next()
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if ours {
            let path = entry.path();
            let _ = if path.is_dir() && !path.is_symlink() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
        }
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = fs::File::create(path)?;
    std::io::Write::write_all(&mut file, bytes)?;
    file.sync_all()
}

/// Moves `tmp` to `target`. An existing target (only reached with `--force`) is moved
/// aside first and put back if the rename fails, then removed.
fn replace(tmp: &Path, target: &Path, id: &str, dir: &Path) -> std::io::Result<()> {
    let old = dir.join(format!(".{id}.old-{}.tmp", std::process::id()));
    let had_old = target.symlink_metadata().is_ok();
    if had_old {
        fs::rename(target, &old)?;
    }
    if let Err(e) = fs::rename(tmp, target) {
        if had_old {
            let _ = fs::rename(&old, target);
        }
        return Err(e);
    }
    if had_old {
        let removed = if old.is_dir() && !old.is_symlink() {
            fs::remove_dir_all(&old)
        } else {
            fs::remove_file(&old)
        };
        // The new guide is in place; a leftover hidden folder is harmless.
        let _ = removed;
    }
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Collapses runs of whitespace to one space and trims: the form in which a line of
/// text from HTML or JSON is spoken.
pub(crate) fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Imported {
        Imported {
            title: "Make {tea}".into(),
            description: "Tea.".into(),
            lang: Some(Lang::en()),
            steps: vec![
                ImportedStep {
                    text: "Boil water.".into(),
                    section: Some("Getting ready".into()),
                    detail: None,
                },
                ImportedStep {
                    text: ".Pour\n[slowly]".into(),
                    section: None,
                    detail: Some("Mind the {heat}.".into()),
                },
            ],
            ..Imported::default()
        }
    }

    #[test]
    fn detects_format_by_extension_then_content() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(Format::detect(&p("a.JSON"), "x"), Format::Json);
        assert_eq!(Format::detect(&p("a.htm"), "{"), Format::Html);
        assert_eq!(Format::detect(&p("a.md"), "<"), Format::Markdown);
        assert_eq!(Format::detect(&p("a.txt"), "  <!doctype"), Format::Html);
        assert_eq!(Format::detect(&p("a"), "\n[{}]"), Format::Json);
        assert_eq!(Format::detect(&p("a.dat"), "1. one"), Format::Markdown);
    }

    #[test]
    fn renders_one_step_per_source_step() {
        let (toml, ftl) = render(&sample(), "tea", &Lang::en(), "tea.json");
        assert_eq!(toml.matches("[[steps]]").count(), 2);
        assert!(toml.contains("id = \"tea\""));
        assert!(!toml.contains("kind"), "no added kinds or steps:\n{toml}");
        assert!(ftl.contains("step-1 =\n    Boil water.\n    .section =\n        Getting ready\n"));
        assert!(ftl.contains("{\"{\"}tea{\"}\"}"));
    }

    #[test]
    fn written_guide_passes_check_and_keeps_texts() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_guide(&sample(), "tea", dir.path(), false, "tea.json").unwrap();
        let loaded = load::load(&Source::Folder(path.clone()), &load::builtin_lexicons());
        let guide = loaded.guide.expect("loads");
        let texts = guide.texts(&Lang::en());
        assert_eq!(texts.title, "Make {tea}");
        assert_eq!(texts.steps[1].shown, ".Pour\n[slowly]");
        assert_eq!(texts.steps[1].detail.as_deref(), Some("Mind the {heat}."));
        assert_eq!(texts.steps[0].section.as_deref(), Some("Getting ready"));
        // Nothing left beside it.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        write_guide(&sample(), "tea", dir.path(), false, "a").unwrap();
        let mut other = sample();
        other.steps.truncate(1);
        let err = write_guide(&other, "tea", dir.path(), false, "a").unwrap_err();
        assert!(matches!(err, ImportError::Exists { .. }));
        write_guide(&other, "tea", dir.path(), true, "a").unwrap();
        let toml = fs::read_to_string(dir.path().join("tea/guide.toml")).unwrap();
        assert_eq!(toml.matches("[[steps]]").count(), 1);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn empty_texts_still_make_a_valid_guide() {
        let imported = Imported {
            title: String::new(),
            description: "  ".into(),
            steps: vec![ImportedStep::default()],
            ..Imported::default()
        };
        let dir = tempfile::tempdir().unwrap();
        write_guide(&imported, "x", dir.path(), false, "x").unwrap();
    }

    #[test]
    fn reads_input_with_limits() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.md");
        fs::write(&bad, b"1. ok\n2. \xff\xfe\n").unwrap();
        assert!(matches!(
            read_input(&bad),
            Err(ImportError::NotUtf8 { line: 2 })
        ));
        let empty = dir.path().join("empty.md");
        fs::write(&empty, b"").unwrap();
        assert!(matches!(read_input(&empty), Err(ImportError::Empty)));
        let big = dir.path().join("big.md");
        fs::write(&big, vec![b'a'; (MAX_INPUT_BYTES + 1) as usize]).unwrap();
        assert!(matches!(
            read_input(&big),
            Err(ImportError::TooLarge { limit_mib: 10 })
        ));
        let bom = dir.path().join("bom.md");
        fs::write(&bom, "\u{feff}1. a").unwrap();
        assert_eq!(read_input(&bom).unwrap(), "1. a");
    }

    #[test]
    fn too_many_steps_or_too_much_text_is_refused_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let mut many = sample();
        many.steps = vec![ImportedStep::default(); MAX_STEPS + 1];
        assert!(matches!(
            write_guide(&many, "x", dir.path(), false, "a"),
            Err(ImportError::TooManySteps { .. })
        ));
        let mut long = sample();
        long.steps[0].text = "word ".repeat(300_000);
        assert!(matches!(
            write_guide(&long, "x", dir.path(), false, "a"),
            Err(ImportError::TooMuchText { .. })
        ));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn leftovers_of_a_killed_import_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".tea.import-99999.tmp");
        fs::create_dir_all(&stale).unwrap();
        fs::write(stale.join("guide.toml"), "broken").unwrap();
        let other = dir.path().join(".teapot.import-1.tmp");
        fs::create_dir_all(&other).unwrap();
        write_guide(&sample(), "tea", dir.path(), false, "a").unwrap();
        assert!(!stale.exists());
        assert!(other.exists(), "another id's folder is not ours");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Bad input never panics, whatever the format.
        #[test]
        fn any_input_is_parsed_or_refused(text in "\\PC{0,200}", ext in "(json|html|md|txt)") {
            let _ = parse(Path::new(&format!("x.{ext}")), &text, None);
        }

        #[test]
        fn json_like_input_is_parsed_or_refused(text in "[\\[\\]{}\":,@a-zA-Z0-9 ]{0,200}") {
            let _ = parse(Path::new("x.json"), &text, None);
            let _ = parse(Path::new("x.html"), &format!("<script type=application/ld+json>{text}</script>"), None);
        }

        /// Tag soup with microdata, RDFa and headings never panics the markup and
        /// heading-list readers.
        #[test]
        fn html_like_input_is_parsed_or_refused(text in "(<h[1-7]>|</h[1-7]>|<ol>|</ol>|<li>|</li>|<div itemscope itemtype=\"HowTo\">|<span itemprop=\"(step|text|name|recipeInstructions|itemListElement)\">|<p typeof=\"Recipe\" property=\"step\">|</div>|</span>|手順|Steps|材料|<nav>|x| )*") {
            let _ = parse(Path::new("x.html"), &text, None);
            let _ = parse(Path::new("x.html"), &text, Some(2));
        }

        #[test]
        fn markdown_like_input_is_parsed_or_refused(text in "([0-9]\\. |- |> |#|<!--|-->|```|  |\\n|[a-z{}\\[*.])*") {
            let _ = parse(Path::new("x.md"), &text, None);
        }
    }

    proptest::proptest! {
        // Writing and loading touch the disk: fewer cases.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Whatever the texts, the guide passes check and reads back the same texts
        /// (trimmed, as the loader trims them).
        #[test]
        fn any_texts_make_a_guide_that_passes_check(
            title in "\\PC{0,30}",
            texts in proptest::collection::vec("\\PC{0,60}", 1..5),
            section in proptest::option::of("\\PC{0,20}"),
        ) {
            let imported = Imported {
                title: title.clone(),
                description: title.clone(),
                lang: Some(Lang::en()),
                steps: texts.iter().map(|t| ImportedStep {
                    text: t.clone(),
                    section: section.clone(),
                    detail: None,
                }).collect(),
                ..Imported::default()
            };
            let dir = tempfile::tempdir().unwrap();
            let path = write_guide(&imported, "g", dir.path(), false, "x").unwrap();
            let guide = load::load(&Source::Folder(path), &load::builtin_lexicons()).guide.unwrap();
            let read = guide.texts(&Lang::en());
            for (step, text) in read.steps.iter().zip(&texts) {
                let expected = fluent_escape::normalize(text);
                proptest::prop_assert_eq!(step.shown.as_str(), expected.trim());
            }
        }
    }

    #[test]
    fn language_by_script() {
        let mut imported = sample();
        assert_eq!(imported.lang_by_script(), Lang::en());
        imported.steps[0].text = "お湯をわかします。".into();
        assert_eq!(imported.lang_by_script(), Lang::ja());
    }
}
