//! Reads a guide (`guide.toml`, `<lang>.ftl`, `lexicon.<lang>.toml`) from a folder or
//! from the built-in files, and turns it into a `Guide` or a list of problems with
//! file and line. Loading and `check` are one pass: a guide loads only if it has no
//! errors. Never runs anything a guide says; never reads outside the guide's folder.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use fluent_syntax::ast;
use serde::Deserialize;
use toml::Spanned;
use unic_langid::LanguageIdentifier;

use crate::builtin;
use crate::guide::lexicon::Lexicon;
use crate::guide::model::{Guide, GuideTexts, Origin, Step, StepKind, StepText, Target};
use crate::guide::problem::{Pos, Positions, Problem};
use crate::l10n::Lang;

/// Files larger than this are refused: no real guide comes near it.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// A choice offers this many options at least, and at most this many: phone menus
/// lose people past three or four.
pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 3;
/// More steps than this are refused.
pub const MAX_STEPS: usize = 2000;
/// Placeables nested deeper than this (`{ { { … } } }`) are refused before the
/// Fluent parser sees them: it recurses once per level and a few hundred levels
/// overflow the stack. No real text nests more than two or three.
pub const MAX_FTL_NESTING: usize = 32;
/// A sentence longer than this many characters (Japanese) or words (other languages)
/// gets a note.
const LONG_SENTENCE_CHARS: usize = 90;
const LONG_SENTENCE_WORDS: usize = 35;

/// What reading one file of a guide gave.
pub enum FileRead {
    Text(String),
    Missing,
    Unreadable(Problem),
}

/// Where a guide's files come from.
pub enum Source {
    Builtin(String),
    Folder(PathBuf),
    /// Files held in memory, by file name: for tests and fuzzing, and for guides that
    /// were never on disk. Read with the same size and UTF-8 checks as a folder.
    Memory {
        name: String,
        files: BTreeMap<String, Vec<u8>>,
    },
}

impl Source {
    pub fn origin(&self) -> Origin {
        match self {
            Source::Builtin(_) => Origin::Builtin,
            Source::Folder(p) => Origin::Folder(p.clone()),
            Source::Memory { name, .. } => Origin::Memory(name.clone()),
        }
    }

    /// The name used for a file in messages: `builtin:<id>/<file>`, the real path, or
    /// `memory:<name>/<file>`.
    pub fn display(&self, file: &str) -> String {
        match self {
            Source::Builtin(id) => format!("builtin:{id}/{file}"),
            Source::Folder(dir) => dir.join(file).display().to_string(),
            Source::Memory { name, .. } => format!("memory:{name}/{file}"),
        }
    }

    pub fn read(&self, file: &str) -> FileRead {
        match self {
            Source::Builtin(id) => builtin::GUIDE_FILES
                .iter()
                .find(|(d, f, _)| d == id && *f == file)
                .map_or(FileRead::Missing, |(_, _, text)| {
                    FileRead::Text((*text).to_string())
                }),
            Source::Folder(dir) => {
                let path = dir.join(file);
                if let Some(problem) = outside_folder(dir, &path, &self.display(file)) {
                    return FileRead::Unreadable(problem);
                }
                read_limited(&path, &self.display(file))
            }
            Source::Memory { files, .. } => match files.get(file) {
                Some(bytes) => decode(bytes.clone(), &self.display(file)),
                None => FileRead::Missing,
            },
        }
    }
}

/// A guide is data in its own folder: a file that is a link to somewhere outside it
/// is refused.
fn outside_folder(dir: &Path, path: &Path, shown: &str) -> Option<Problem> {
    let real_dir = fs::canonicalize(dir).ok()?;
    let real = fs::canonicalize(path).ok()?;
    (!real.starts_with(&real_dir)).then(|| {
        Problem::error(shown, Pos::START, "check-outside-folder")
            .with("target", real.display().to_string())
    })
}

/// Reads a text file of at most `MAX_FILE_BYTES`, as UTF-8.
pub fn read_limited(path: &Path, shown: &str) -> FileRead {
    let mut file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return FileRead::Missing,
        Err(e) => {
            return FileRead::Unreadable(
                Problem::error(shown, Pos::START, "check-unreadable").with("reason", e.to_string()),
            )
        }
    };
    let mut bytes = Vec::new();
    let read = file
        .by_ref()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes);
    if let Err(e) = read {
        return FileRead::Unreadable(
            Problem::error(shown, Pos::START, "check-unreadable").with("reason", e.to_string()),
        );
    }
    decode(bytes, shown)
}

/// Checks a file's bytes: at most `MAX_FILE_BYTES`, UTF-8, a leading BOM dropped.
fn decode(bytes: Vec<u8>, shown: &str) -> FileRead {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return FileRead::Unreadable(
            Problem::error(shown, Pos::START, "check-too-large")
                .with("limit", (MAX_FILE_BYTES / 1024).to_string()),
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) => FileRead::Text(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string()),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
            FileRead::Unreadable(Problem::error(
                shown,
                Pos::at(&valid, offset),
                "check-not-utf8",
            ))
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGuide {
    id: Spanned<String>,
    languages: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    steps: Vec<Spanned<RawStep>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    id: Spanned<String>,
    kind: Option<Spanned<String>>,
    next: Option<Spanned<String>>,
    yes: Option<Spanned<String>>,
    no: Option<Spanned<String>>,
    minutes: Option<Spanned<i64>>,
    remind_at: Option<Spanned<Vec<i64>>>,
    expired: Option<Spanned<String>>,
    until: Option<Spanned<String>>,
    options: Option<Spanned<Vec<Spanned<String>>>>,
}

/// The outcome of reading a guide: the guide when there is no error, and every
/// problem found (errors and notes).
pub struct Loaded {
    pub guide: Option<Guide>,
    pub problems: Vec<Problem>,
}

/// Loads a guide, checking everything `tebiki check` checks.
pub fn load(source: &Source, base_lexicons: &BTreeMap<Lang, Lexicon>) -> Loaded {
    let mut problems = Vec::new();
    let guide = load_inner(source, base_lexicons, &mut problems);
    let failed = problems.iter().any(Problem::is_error);
    problems.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    Loaded {
        guide: if failed { None } else { guide },
        problems,
    }
}

fn load_inner(
    source: &Source,
    base_lexicons: &BTreeMap<Lang, Lexicon>,
    problems: &mut Vec<Problem>,
) -> Option<Guide> {
    let toml_name = source.display("guide.toml");
    let text = match source.read("guide.toml") {
        FileRead::Text(t) => t,
        FileRead::Missing => {
            problems.push(Problem::error(
                &toml_name,
                Pos::START,
                "check-no-guide-toml",
            ));
            return None;
        }
        FileRead::Unreadable(p) => {
            problems.push(p);
            return None;
        }
    };
    let raw: RawGuide = match toml::from_str(&text) {
        Ok(raw) => raw,
        Err(e) => {
            let pos = e.span().map_or(Pos::START, |s| Pos::at(&text, s.start));
            problems.push(
                Problem::error(&toml_name, pos, "check-toml-syntax")
                    .with("detail", e.message().trim().to_string()),
            );
            return None;
        }
    };
    let positions = Positions::new(&text);
    let at = |offset: usize| positions.at(offset);

    // Languages.
    let mut languages = Vec::new();
    // A set as well as the list: `contains` on the list was quadratic in a long one.
    let mut seen = BTreeSet::new();
    for tag in raw.languages.get_ref() {
        match Lang::parse(tag.get_ref()).filter(|l| l.as_str() == tag.get_ref()) {
            Some(lang) if seen.insert(lang.clone()) => languages.push(lang),
            Some(_) => problems.push(
                Problem::error(&toml_name, at(tag.span().start), "check-duplicate-language")
                    .with("lang", tag.get_ref().clone()),
            ),
            None => problems.push(
                Problem::error(&toml_name, at(tag.span().start), "check-bad-language")
                    .with("lang", tag.get_ref().clone()),
            ),
        }
    }
    if languages.is_empty() {
        problems.push(Problem::error(
            &toml_name,
            at(raw.languages.span().start),
            "check-no-languages",
        ));
    }
    if raw.steps.is_empty() {
        problems.push(Problem::error(&toml_name, Pos::START, "check-no-steps"));
        return None;
    }
    if raw.steps.len() > MAX_STEPS {
        problems.push(
            Problem::error(&toml_name, Pos::START, "check-too-many-steps")
                .with("limit", MAX_STEPS.to_string()),
        );
        return None;
    }

    // Step ids.
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, step) in raw.steps.iter().enumerate() {
        let id = step.get_ref().id.get_ref();
        let pos = at(step.get_ref().id.span().start);
        if !valid_id(id) {
            problems.push(Problem::error(&toml_name, pos, "check-bad-step-id").with("step", id));
        }
        if id == "title" || id == "description" {
            problems
                .push(Problem::error(&toml_name, pos, "check-reserved-step-id").with("step", id));
        }
        if index.insert(id.as_str(), i).is_some() {
            problems.push(Problem::error(&toml_name, pos, "check-duplicate-step").with("step", id));
        }
    }
    let mut resolve = |link: &Option<Spanned<String>>, problems: &mut Vec<Problem>| {
        link.as_ref().and_then(|l| {
            let found = index.get(l.get_ref().as_str()).copied();
            if found.is_none() {
                problems.push(
                    Problem::error(&toml_name, at(l.span().start), "check-unknown-step")
                        .with("step", l.get_ref().clone()),
                );
            }
            found
        })
    };

    // Steps.
    let mut steps = Vec::new();
    for spanned in &raw.steps {
        let s = spanned.get_ref();
        let step_pos = at(s.id.span().start);
        let kind_name = s.kind.as_ref().map_or("info", |k| k.get_ref().as_str());
        let misplaced = |key: &str, present: bool, problems: &mut Vec<Problem>| {
            if present {
                problems.push(
                    Problem::error(&toml_name, step_pos, "check-key-not-for-kind")
                        .with("key", key)
                        .with("kind", kind_name),
                );
            }
        };
        let next = resolve(&s.next, problems);
        let kind = match kind_name {
            "info" | "question" | "end" | "timer" | "choice" => {
                if kind_name != "question" {
                    misplaced("yes", s.yes.is_some(), problems);
                    misplaced("no", s.no.is_some(), problems);
                }
                if kind_name != "timer" {
                    misplaced("minutes", s.minutes.is_some(), problems);
                    misplaced("remind_at", s.remind_at.is_some(), problems);
                    misplaced("expired", s.expired.is_some(), problems);
                    misplaced("until", s.until.is_some(), problems);
                }
                if kind_name != "choice" {
                    misplaced("options", s.options.is_some(), problems);
                }
                if kind_name == "end" || kind_name == "choice" {
                    misplaced("next", s.next.is_some(), problems);
                }
                match kind_name {
                    "question" => StepKind::Question {
                        yes: resolve(&s.yes, problems),
                        no: resolve(&s.no, problems),
                    },
                    "timer" => timer_kind(s, &toml_name, step_pos, &at, &mut resolve, problems),
                    "choice" => {
                        let listed = s.options.as_ref();
                        let count = listed.map_or(0, |o| o.get_ref().len());
                        if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&count) {
                            let pos = listed.map_or(step_pos, |o| at(o.span().start));
                            problems.push(
                                Problem::error(&toml_name, pos, "check-choice-options")
                                    .with("count", count.to_string()),
                            );
                        }
                        let options = listed
                            .map(|o| o.get_ref().iter().cloned().map(Some).collect::<Vec<_>>())
                            .unwrap_or_default()
                            .iter()
                            .filter_map(|o| resolve(o, problems))
                            .collect();
                        StepKind::Choice { options }
                    }
                    "end" => StepKind::End,
                    _ => StepKind::Info,
                }
            }
            other => {
                let pos = s.kind.as_ref().map_or(step_pos, |k| at(k.span().start));
                problems.push(
                    Problem::error(&toml_name, pos, "check-unknown-kind").with("kind", other),
                );
                StepKind::Info
            }
        };
        steps.push(Step {
            id: s.id.get_ref().clone(),
            kind,
            next,
        });
    }
    if problems.iter().any(Problem::is_error) || languages.is_empty() {
        return None;
    }

    let mut guide = Guide {
        id: raw.id.get_ref().clone(),
        languages,
        steps,
        texts: BTreeMap::new(),
        lexicons: BTreeMap::new(),
        origin: source.origin(),
    };
    let step_pos: Vec<Pos> = raw
        .steps
        .iter()
        .map(|s| at(s.get_ref().id.span().start))
        .collect();
    check_graph(&guide, &toml_name, &step_pos, problems);

    for lang in guide.languages.clone() {
        if let Some(texts) = load_texts(source, &guide, &lang, &step_pos, problems) {
            guide.texts.insert(lang.clone(), texts);
        }
        let mut lexicon = base_lexicons.get(&lang).cloned().unwrap_or_default();
        let name = format!("lexicon.{lang}.toml");
        match source.read(&name) {
            FileRead::Text(text) => match parse_lexicon(&text) {
                Ok(map) => lexicon.extend(map),
                Err((pos, detail)) => problems.push(
                    Problem::error(&source.display(&name), pos, "check-lexicon-syntax")
                        .with("detail", detail),
                ),
            },
            FileRead::Missing => {}
            FileRead::Unreadable(p) => problems.push(p),
        }
        guide.lexicons.insert(lang, lexicon);
    }
    Some(guide)
}

/// Turns a step-id link into an index, reporting unknown ids.
type Resolver<'r> = dyn FnMut(&Option<Spanned<String>>, &mut Vec<Problem>) -> Option<usize> + 'r;

fn timer_kind(
    s: &RawStep,
    file: &str,
    step_pos: Pos,
    at: &dyn Fn(usize) -> Pos,
    resolve: &mut Resolver<'_>,
    problems: &mut Vec<Problem>,
) -> StepKind {
    let minutes = match &s.minutes {
        None => {
            problems.push(Problem::error(file, step_pos, "check-timer-minutes"));
            1
        }
        Some(m) if !(1..=24 * 60).contains(m.get_ref()) => {
            problems.push(Problem::error(
                file,
                at(m.span().start),
                "check-timer-minutes",
            ));
            1
        }
        Some(m) => u32::try_from(*m.get_ref()).unwrap_or(1),
    };
    let mut remind_at = Vec::new();
    if let Some(list) = &s.remind_at {
        for &r in list.get_ref() {
            if r < 1 || r >= i64::from(minutes) {
                problems.push(
                    Problem::error(file, at(list.span().start), "check-timer-remind")
                        .with("value", r.to_string())
                        .with("minutes", minutes.to_string()),
                );
            } else if let Ok(r) = u32::try_from(r) {
                remind_at.push(r);
            }
        }
    }
    remind_at.sort_unstable_by(|a, b| b.cmp(a));
    remind_at.dedup();
    StepKind::Timer {
        minutes,
        remind_at,
        expired: resolve(&s.expired, problems),
        until: resolve(&s.until, problems),
    }
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Unreachable steps, and steps from which no end can be reached.
fn check_graph(guide: &Guide, file: &str, step_pos: &[Pos], problems: &mut Vec<Problem>) {
    let n = guide.steps.len();
    let mut reached = vec![false; n];
    let mut todo = vec![0];
    while let Some(i) = todo.pop() {
        if std::mem::replace(&mut reached[i], true) {
            continue;
        }
        for t in guide.successors(i) {
            if let Target::Step(j) = t {
                todo.push(j);
            }
        }
    }
    // Steps that can reach an end: grow from the ends backwards until nothing changes.
    let mut ends = vec![false; n];
    loop {
        let mut changed = false;
        for i in 0..n {
            if ends[i] {
                continue;
            }
            let ok = matches!(guide.steps[i].kind, StepKind::End)
                || guide.successors(i).iter().any(|t| match t {
                    Target::PastEnd => true,
                    Target::Step(j) => ends[*j],
                });
            if ok {
                ends[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (i, step) in guide.steps.iter().enumerate() {
        if !reached[i] {
            problems.push(
                Problem::error(file, step_pos[i], "check-unreachable").with("step", &step.id),
            );
        } else if !ends[i] {
            problems.push(Problem::error(file, step_pos[i], "check-no-end").with("step", &step.id));
        }
    }
}

/// The line of each message in an .ftl source (the first line that starts with
/// `id =`), found in one pass: looking each up again was quadratic, and an .ftl of
/// 20,000 unused messages took 20 s to check.
pub(crate) struct MessageLines<'s>(BTreeMap<&'s str, usize>);

impl<'s> MessageLines<'s> {
    pub(crate) fn new(source: &'s str) -> Self {
        let mut lines = BTreeMap::new();
        for (i, line) in source.lines().enumerate() {
            let end = line
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(line.len());
            if end > 0 && line[end..].trim_start().starts_with('=') {
                lines.entry(&line[..end]).or_insert(i + 1);
            }
        }
        MessageLines(lines)
    }

    pub(crate) fn of(&self, id: &str) -> Pos {
        self.0.get(id).map_or(Pos::START, |&line| Pos::line(line))
    }
}

fn load_texts(
    source: &Source,
    guide: &Guide,
    lang: &Lang,
    step_pos: &[Pos],
    problems: &mut Vec<Problem>,
) -> Option<GuideTexts> {
    let name = format!("{lang}.ftl");
    let shown = source.display(&name);
    let text = match source.read(&name) {
        FileRead::Text(t) => t,
        FileRead::Missing => {
            problems.push(
                Problem::error(&shown, Pos::START, "check-no-ftl").with("lang", lang.as_str()),
            );
            return None;
        }
        FileRead::Unreadable(p) => {
            problems.push(p);
            return None;
        }
    };
    if let Some(offset) = too_deep(&text) {
        problems.push(
            Problem::error(&shown, Pos::at(&text, offset), "check-ftl-too-deep")
                .with("limit", MAX_FTL_NESTING.to_string()),
        );
        return None;
    }
    let resource = match fluent_syntax::parser::parse(text.as_str()) {
        Ok(r) => r,
        Err((r, errors)) => {
            let positions = Positions::new(&text);
            // The parser reports an error at the very end (an unclosed `{`) just past
            // the last newline, on a line the file does not have: say the last line.
            let last = text.trim_end().len().saturating_sub(1);
            for e in errors {
                problems.push(
                    Problem::error(
                        &shown,
                        positions.at(e.pos.start.min(last)),
                        "check-ftl-syntax",
                    )
                    .with("detail", e.kind.to_string()),
                );
            }
            r
        }
    };
    let lines = MessageLines::new(&text);
    let mut messages: BTreeMap<&str, &ast::Message<&str>> = BTreeMap::new();
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            if messages.insert(m.id.name, m).is_some() {
                problems.push(
                    Problem::error(&shown, lines.of(m.id.name), "check-ftl-duplicate")
                        .with("id", m.id.name),
                );
            }
        }
    }

    // Variables: tebiki supplies `$minutes` to timer steps, nothing else.
    let mut bad_vars: BTreeSet<&str> = BTreeSet::new();
    for (id, message) in &messages {
        let supplied: &[&str] = match guide.step_index(id).map(|i| &guide.steps[i].kind) {
            Some(StepKind::Timer { .. }) => &["minutes"],
            _ => &[],
        };
        let mut vars = BTreeSet::new();
        if let Some(p) = &message.value {
            pattern_vars(p, &mut vars);
        }
        for a in &message.attributes {
            pattern_vars(&a.value, &mut vars);
        }
        for var in vars.iter().filter(|v| !supplied.contains(v)) {
            bad_vars.insert(id);
            problems.push(
                Problem::error(&shown, lines.of(id), "check-ftl-variable")
                    .with("id", *id)
                    .with("variable", *var),
            );
        }
    }

    for required in ["title", "description"] {
        if !messages.contains_key(required) {
            problems.push(
                Problem::error(&shown, Pos::START, "check-ftl-missing-meta").with("id", required),
            );
        }
    }
    let toml_name = source.display("guide.toml");
    for (i, step) in guide.steps.iter().enumerate() {
        match messages.get(step.id.as_str()) {
            None => problems.push(
                Problem::error(&toml_name, step_pos[i], "check-ftl-missing-step")
                    .with("step", &step.id)
                    .with("file", name.clone()),
            ),
            Some(m) if m.value.is_none() => problems.push(
                Problem::error(&shown, lines.of(&step.id), "check-ftl-no-value")
                    .with("step", &step.id),
            ),
            Some(_) => {}
        }
    }
    for id in messages.keys() {
        if *id != "title" && *id != "description" && guide.step_index(id).is_none() {
            problems.push(Problem::note(&shown, lines.of(id), "check-ftl-unused").with("id", *id));
        }
    }

    // Format every text.
    let langid: LanguageIdentifier = lang.as_str().parse().ok()?;
    let mut bundle = FluentBundle::new(vec![langid]);
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(text.clone()) {
        Ok(r) | Err((r, _)) => r,
    };
    let _ = bundle.add_resource(resource);
    let format =
        |id: &str, attr: Option<&str>, args: Option<&FluentArgs>, problems: &mut Vec<Problem>| {
            let message = bundle.get_message(id)?;
            let pattern = match attr {
                None => message.value()?,
                Some(a) => message.get_attribute(a)?.value(),
            };
            let mut errors = Vec::new();
            let value = bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned();
            // An unsupplied variable was reported above; its resolver error says it again.
            for e in errors.into_iter().filter(|_| !bad_vars.contains(id)) {
                problems.push(
                    Problem::error(&shown, lines.of(id), "check-ftl-format")
                        .with("id", id)
                        .with("detail", e.to_string()),
                );
            }
            Some(value.trim().to_string())
        };
    let mut texts = GuideTexts {
        title: format("title", None, None, problems).unwrap_or_default(),
        description: format("description", None, None, problems).unwrap_or_default(),
        steps: Vec::new(),
    };
    for step in &guide.steps {
        let mut args = FluentArgs::new();
        if let StepKind::Timer { minutes, .. } = step.kind {
            args.set("minutes", minutes);
        }
        let mut options = Vec::new();
        for k in 1..=guide.option_count_of(step) {
            let attr = format!("option{k}");
            match format(&step.id, Some(&attr), Some(&args), problems) {
                Some(text) if !text.is_empty() => options.push(text),
                _ => {
                    // A missing message was reported above: only say what its text lacks.
                    if messages.contains_key(step.id.as_str()) {
                        problems.push(
                            Problem::error(&shown, lines.of(&step.id), "check-choice-option-text")
                                .with("step", &step.id)
                                .with("attr", attr),
                        );
                    }
                    options.push(String::new());
                }
            }
        }
        let t = StepText {
            shown: format(&step.id, None, Some(&args), problems).unwrap_or_default(),
            speak: format(&step.id, Some("speak"), Some(&args), problems),
            detail: format(&step.id, Some("detail"), Some(&args), problems),
            section: format(&step.id, Some("section"), Some(&args), problems),
            options,
        };
        for part in [Some(&t.shown), t.detail.as_ref()].into_iter().flatten() {
            if let Some(long) = long_sentence(part, lang) {
                problems.push(
                    Problem::note(&shown, lines.of(&step.id), "check-long-sentence")
                        .with("step", &step.id)
                        .with("sentence", long),
                );
            }
        }
        texts.steps.push(t);
    }
    Some(texts)
}

/// The byte offset of the first `{` nested deeper than `MAX_FTL_NESTING`, if any.
/// Follows Fluent closely enough for that: braces in comments and in string
/// literals do not count; anything else unusual only counts towards the limit.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut in_comment = false;
    let mut line_start = true;
    for (i, c) in text.char_indices() {
        let at_line_start = std::mem::replace(&mut line_start, c == '\n');
        if in_comment {
            in_comment = c != '\n';
            continue;
        }
        if in_string {
            match c {
                '\\' if !escaped => escaped = true,
                '"' | '\n' if !escaped => in_string = false,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '#' if depth == 0 && at_line_start => in_comment = true,
            '"' if depth > 0 => {
                in_string = true;
                escaped = false;
            }
            '{' => {
                depth += 1;
                if depth > MAX_FTL_NESTING {
                    return Some(i);
                }
            }
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

pub(crate) fn pattern_vars<'s>(pattern: &ast::Pattern<&'s str>, out: &mut BTreeSet<&'s str>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars<'s>(expression: &ast::Expression<&'s str>, out: &mut BTreeSet<&'s str>) {
    match expression {
        ast::Expression::Inline(inline) => inline_vars(inline, out),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
    }
}

fn inline_vars<'s>(inline: &ast::InlineExpression<&'s str>, out: &mut BTreeSet<&'s str>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name);
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
            for a in &arguments.named {
                inline_vars(&a.value, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

/// The first sentence of `text` that is long enough to be hard to follow by ear.
fn long_sentence(text: &str, lang: &Lang) -> Option<String> {
    text.split(['。', '！', '？', '.', '!', '?', '\n'])
        .map(str::trim)
        .find(|s| {
            if lang.as_str() == "ja" {
                s.chars().count() > LONG_SENTENCE_CHARS
            } else {
                s.split_whitespace().count() > LONG_SENTENCE_WORDS
            }
        })
        .map(|s| s.chars().take(30).collect::<String>() + "…")
}

/// Parses a lexicon file: a table of written form = spoken form.
pub fn parse_lexicon(text: &str) -> Result<BTreeMap<String, String>, (Pos, String)> {
    toml::from_str::<BTreeMap<String, String>>(text).map_err(|e| {
        let pos = e.span().map_or(Pos::START, |s| Pos::at(text, s.start));
        (pos, e.message().trim().to_string())
    })
}

/// The program's own lexicons, `locales/<lang>/lexicon.toml` (compiled in).
pub fn builtin_lexicons() -> BTreeMap<Lang, Lexicon> {
    let mut out = BTreeMap::new();
    for (dir, file, text) in builtin::LOCALE_FILES {
        if *file != "lexicon.toml" {
            continue;
        }
        if let (Some(lang), Ok(map)) = (Lang::parse(dir), parse_lexicon(text)) {
            out.insert(lang, Lexicon::from_map(map));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory(files: &[(&str, &[u8])]) -> Source {
        Source::Memory {
            name: "m".into(),
            files: files
                .iter()
                .map(|(f, b)| ((*f).to_string(), b.to_vec()))
                .collect(),
        }
    }

    #[test]
    fn a_guide_loads_from_memory() {
        let source = memory(&[
            (
                "guide.toml",
                b"id = \"m\"\nlanguages = [\"en\"]\n[[steps]]\nid = \"a\"\n",
            ),
            (
                "en.ftl",
                b"\xef\xbb\xbftitle = T\ndescription = D\na = A.\n",
            ),
        ]);
        let loaded = load(&source, &BTreeMap::new());
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let guide = loaded.guide.unwrap();
        assert_eq!(guide.origin, Origin::Memory("m".into()));
        assert_eq!(guide.texts[&Lang::en()].title, "T");
    }

    /// Loads a two-language guide from memory: the toml's steps after its header.
    fn choice_guide(steps: &str, en: &str, ja: &str) -> Loaded {
        let toml = format!("id = \"c\"\nlanguages = [\"en\", \"ja\"]\n{steps}");
        let source = memory(&[
            ("guide.toml", toml.as_bytes()),
            (
                "en.ftl",
                format!("title = T\ndescription = D\n{en}").as_bytes(),
            ),
            (
                "ja.ftl",
                format!("title = T\ndescription = D\n{ja}").as_bytes(),
            ),
        ]);
        load(&source, &BTreeMap::new())
    }

    fn errors(loaded: &Loaded) -> Vec<(&str, usize, &'static str)> {
        loaded
            .problems
            .iter()
            .filter(|p| p.is_error())
            .map(|p| (p.file.as_str(), p.line, p.id))
            .collect()
    }

    const PICK: &str = "[[steps]]\nid = \"pick\"\nkind = \"choice\"\noptions = [\"a\", \"b\"]\n[[steps]]\nid = \"a\"\nkind = \"end\"\n[[steps]]\nid = \"b\"\nkind = \"end\"\n";
    const PICK_EN: &str = "pick = Which?\n    .option1 = A\n    .option2 = B\na = A.\nb = B.\n";
    const PICK_JA: &str =
        "pick = どちら?\n    .option1 = エー\n    .option2 = ビー\na = A。\nb = B。\n";

    #[test]
    fn a_choice_loads_with_its_options_in_key_order() {
        let loaded = choice_guide(PICK, PICK_EN, PICK_JA);
        assert!(errors(&loaded).is_empty(), "{:?}", loaded.problems);
        let g = loaded.guide.unwrap();
        assert_eq!(
            g.steps[0].kind,
            StepKind::Choice {
                options: vec![1, 2]
            }
        );
        assert_eq!(g.texts[&Lang::en()].steps[0].options, ["A", "B"]);
        assert_eq!(g.texts[&Lang::ja()].steps[0].options, ["エー", "ビー"]);
        assert_eq!(g.choose(0, 2), Some(Target::Step(2)));
        assert_eq!(g.choose(0, 3), None);
        assert_eq!(g.choose(0, 0), None);
        assert_eq!(g.successors(0), [Target::Step(1), Target::Step(2)]);
        assert_eq!(g.main_path(), [0, 1]);
    }

    #[test]
    fn a_choice_of_more_than_three_or_fewer_than_two_is_refused_with_its_line() {
        let four = PICK.replace("[\"a\", \"b\"]", "[\"a\", \"b\", \"a\", \"b\"]");
        let loaded = choice_guide(&four, PICK_EN, PICK_JA);
        assert_eq!(
            errors(&loaded),
            [("memory:m/guide.toml", 6, "check-choice-options")]
        );
        assert!(loaded.guide.is_none());
        assert_eq!(loaded.problems[0].args, [("count", "4".to_string())]);
        let one = PICK.replace("[\"a\", \"b\"]", "[\"a\"]");
        let loaded = choice_guide(&one, PICK_EN, PICK_JA);
        assert_eq!(
            errors(&loaded),
            [("memory:m/guide.toml", 6, "check-choice-options")]
        );
        // No options at all: said on the step's line.
        let none = PICK.replace("options = [\"a\", \"b\"]\n", "");
        let loaded = choice_guide(&none, PICK_EN, PICK_JA);
        assert!(errors(&loaded).contains(&("memory:m/guide.toml", 4, "check-choice-options")));
    }

    #[test]
    fn every_option_needs_its_text_in_every_language() {
        let ja = PICK_JA.replace("    .option2 = ビー\n", "");
        let loaded = choice_guide(PICK, PICK_EN, &ja);
        assert_eq!(
            errors(&loaded),
            [("memory:m/ja.ftl", 3, "check-choice-option-text")]
        );
        assert!(loaded.problems[0]
            .args
            .contains(&("attr", "option2".to_string())));
        assert!(loaded.guide.is_none());
    }

    #[test]
    fn a_choice_has_no_next_and_options_belong_to_choices_only() {
        let with_next = PICK.replace("kind = \"choice\"\n", "kind = \"choice\"\nnext = \"a\"\n");
        let loaded = choice_guide(&with_next, PICK_EN, PICK_JA);
        assert_eq!(
            errors(&loaded),
            [("memory:m/guide.toml", 4, "check-key-not-for-kind")]
        );
        assert!(loaded.problems[0]
            .args
            .contains(&("key", "next".to_string())));
        let info = PICK.replace("kind = \"choice\"\n", "");
        let loaded = choice_guide(&info, PICK_EN, PICK_JA);
        assert!(errors(&loaded).contains(&("memory:m/guide.toml", 4, "check-key-not-for-kind")));
        // An option that names no step.
        let unknown = PICK.replace("[\"a\", \"b\"]", "[\"a\", \"c\"]");
        let loaded = choice_guide(&unknown, PICK_EN, PICK_JA);
        assert_eq!(
            errors(&loaded),
            [("memory:m/guide.toml", 6, "check-unknown-step")]
        );
    }

    #[test]
    fn until_must_name_a_step_and_belongs_to_timers_only() {
        let timer = |until: &str| {
            format!("[[steps]]\nid = \"t\"\nkind = \"timer\"\nminutes = 5\n{until}[[steps]]\nid = \"in\"\n")
        };
        let en = "t = Five minutes.\nin = In.\n";
        let ja = "t = 5分。\nin = 入りました。\n";
        let loaded = choice_guide(&timer("until = \"in\"\n"), en, ja);
        assert!(errors(&loaded).is_empty(), "{:?}", loaded.problems);
        let g = loaded.guide.unwrap();
        assert!(matches!(
            g.steps[0].kind,
            StepKind::Timer { until: Some(1), .. }
        ));
        let loaded = choice_guide(&timer("until = \"nowhere\"\n"), en, ja);
        assert_eq!(
            errors(&loaded),
            [("memory:m/guide.toml", 7, "check-unknown-step")]
        );
        let info = "[[steps]]\nid = \"t\"\nuntil = \"in\"\n[[steps]]\nid = \"in\"\n";
        let loaded = choice_guide(info, en, ja);
        assert_eq!(
            errors(&loaded),
            [("memory:m/guide.toml", 4, "check-key-not-for-kind")]
        );
    }

    #[test]
    fn reachability_and_ends_follow_every_option() {
        // `c` is reached only as option 3; `loop` only loops back to the choice.
        let steps = "[[steps]]\nid = \"pick\"\nkind = \"choice\"\noptions = [\"a\", \"loop\", \"c\"]\n[[steps]]\nid = \"a\"\nkind = \"end\"\n[[steps]]\nid = \"loop\"\nnext = \"loop\"\n[[steps]]\nid = \"c\"\nkind = \"end\"\n";
        let en = "pick = Which?\n    .option1 = A\n    .option2 = L\n    .option3 = C\na = A.\nloop = L.\nc = C.\n";
        let ja = "pick = どれ?\n    .option1 = A\n    .option2 = L\n    .option3 = C\na = A。\nloop = L。\nc = C。\n";
        let loaded = choice_guide(steps, en, ja);
        assert_eq!(
            errors(&loaded),
            [("memory:m/guide.toml", 11, "check-no-end")]
        );
    }

    #[test]
    fn memory_files_are_checked_like_files_on_disk() {
        let source = memory(&[("guide.toml", b"id = \"m\"\n\xff")]);
        let loaded = load(&source, &BTreeMap::new());
        assert!(loaded.guide.is_none());
        assert_eq!(loaded.problems[0].file, "memory:m/guide.toml");
        assert_eq!(loaded.problems[0].id, "check-not-utf8");
        let missing = load(&memory(&[]), &BTreeMap::new());
        assert_eq!(missing.problems[0].id, "check-no-guide-toml");
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        // Seven hundred nested placeables overflowed the stack in the Fluent parser
        // and aborted `tebiki check` (found while writing the guide_load fuzz target).
        let deep = format!("a = {}\n", "{ ".repeat(700));
        assert_eq!(too_deep(&deep), Some(4 + 2 * MAX_FTL_NESTING));
        let fine = format!(
            "# {{{{{{{{\na = {}\"{{{{\\\"{{\" {}\n",
            "{ ".repeat(MAX_FTL_NESTING - 1),
            "} ".repeat(MAX_FTL_NESTING - 1)
        );
        assert_eq!(too_deep(&fine), None, "{fine}");
        // Unclosed braces on many lines add up: still refused, still no crash.
        assert!(too_deep(&"a = {\n".repeat(100)).is_some());
    }

    #[test]
    fn message_lines_are_the_first_line_that_defines_them() {
        let lines = MessageLines::new("# a = no\na = 1\nab= 2\n  c = 3\na = 4\nd-e_f =\n");
        assert_eq!(lines.of("a"), Pos::line(2));
        assert_eq!(lines.of("ab"), Pos::line(3));
        assert_eq!(lines.of("c"), Pos::START);
        assert_eq!(lines.of("d-e_f"), Pos::line(6));
        assert_eq!(lines.of("missing"), Pos::START);
    }
}
