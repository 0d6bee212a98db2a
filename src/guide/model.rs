//! The guide as plain data: steps with their links resolved to indices, and every
//! text already formatted per language. Built by `load`; read by the player. No I/O.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::guide::lexicon::Lexicon;
use crate::l10n::Lang;

#[derive(Clone, Debug, PartialEq)]
pub struct Guide {
    pub id: String,
    /// The first is the language the guide was written in.
    pub languages: Vec<Lang>,
    pub steps: Vec<Step>,
    pub texts: BTreeMap<Lang, GuideTexts>,
    /// Program lexicon merged with the guide's own, per language.
    pub lexicons: BTreeMap<Lang, Lexicon>,
    pub origin: Origin,
}

/// Where a guide came from, for messages and `list --json`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    Folder(PathBuf),
    /// Held in memory (`Source::Memory`), under a name of its own.
    Memory(String),
}

impl Origin {
    pub fn display(&self, id: &str) -> String {
        match self {
            Origin::Builtin => format!("builtin:{id}"),
            Origin::Folder(path) => path.display().to_string(),
            Origin::Memory(name) => format!("memory:{name}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub id: String,
    pub kind: StepKind,
    /// Explicit `next`; `None` means the following step in the file.
    pub next: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StepKind {
    Info,
    Question {
        yes: Option<usize>,
        no: Option<usize>,
    },
    /// Two or three options, in key order: key 1 leads to the first.
    Choice {
        options: Vec<usize>,
    },
    Timer {
        minutes: u32,
        remind_at: Vec<u32>,
        expired: Option<usize>,
        /// The step that closes the window: once reached, no reminder, no expiry.
        until: Option<usize>,
    },
    End,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct GuideTexts {
    pub title: String,
    pub description: String,
    /// One per step, in file order.
    pub steps: Vec<StepText>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct StepText {
    /// What is shown (and spoken unless `speak` is set).
    pub shown: String,
    pub speak: Option<String>,
    pub detail: Option<String>,
    pub section: Option<String>,
    /// A choice's options (`.option1` …), in key order; empty for other steps.
    pub options: Vec<String>,
}

/// Where a move leads: a step, or past the last step (which counts as an end).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Step(usize),
    PastEnd,
}

impl Target {
    /// The step it leads to, or `None` past the end.
    pub fn step(self) -> Option<usize> {
        match self {
            Target::Step(i) => Some(i),
            Target::PastEnd => None,
        }
    }
}

impl Guide {
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    /// Where `next` leads from step `i` (for a question: nowhere; see `answer`; for
    /// a choice: its first option, the main path).
    pub fn next_of(&self, i: usize) -> Target {
        let step = &self.steps[i];
        match (step.next, &step.kind) {
            (_, StepKind::End) => Target::PastEnd,
            (_, StepKind::Choice { options }) => options
                .first()
                .map_or(Target::PastEnd, |&o| Target::Step(o)),
            (Some(n), _) => Target::Step(n),
            (None, _) if i + 1 < self.steps.len() => Target::Step(i + 1),
            (None, _) => Target::PastEnd,
        }
    }

    /// Where yes or no leads from a question (the next step in the file by default).
    pub fn answer(&self, i: usize, yes: bool) -> Target {
        match &self.steps[i].kind {
            StepKind::Question { yes: y, no: n } => match if yes { y } else { n } {
                Some(t) => Target::Step(*t),
                None => self.default_next(i),
            },
            _ => self.next_of(i),
        }
    }

    /// Where option `n` (1-based) of a choice leads; `None` for no such option.
    pub fn choose(&self, i: usize, n: usize) -> Option<Target> {
        match &self.steps[i].kind {
            StepKind::Choice { options } => n
                .checked_sub(1)
                .and_then(|k| options.get(k))
                .map(|&o| Target::Step(o)),
            _ => None,
        }
    }

    /// How many options step `i` offers (0 when it is no choice).
    pub fn option_count(&self, i: usize) -> usize {
        self.option_count_of(&self.steps[i])
    }

    pub fn option_count_of(&self, step: &Step) -> usize {
        match &step.kind {
            StepKind::Choice { options } => options.len(),
            _ => 0,
        }
    }

    fn default_next(&self, i: usize) -> Target {
        match self.steps[i].next {
            Some(n) => Target::Step(n),
            None if i + 1 < self.steps.len() => Target::Step(i + 1),
            None => Target::PastEnd,
        }
    }

    /// Every step a listener can go to from step `i`.
    pub fn successors(&self, i: usize) -> Vec<Target> {
        let mut out = match &self.steps[i].kind {
            StepKind::Question { .. } => vec![self.answer(i, true), self.answer(i, false)],
            StepKind::Choice { options } => options.iter().map(|&o| Target::Step(o)).collect(),
            StepKind::Timer { expired, .. } => {
                let mut v = vec![self.next_of(i)];
                v.extend(expired.map(Target::Step));
                v
            }
            StepKind::End => vec![],
            StepKind::Info => vec![self.next_of(i)],
        };
        out.dedup();
        out
    }

    /// The main path: steps reached from the first by next, yes and option 1, in order.
    pub fn main_path(&self) -> Vec<usize> {
        let mut path = Vec::new();
        let mut at = Target::Step(0);
        while let Target::Step(i) = at {
            if path.contains(&i) || i >= self.steps.len() {
                break;
            }
            path.push(i);
            at = match self.steps[i].kind {
                StepKind::Question { .. } => self.answer(i, true),
                _ => self.next_of(i),
            };
        }
        path
    }

    /// The main-path step that step `i` belongs to: itself, or the first main step
    /// its `next` links lead back to.
    pub fn main_step_of(&self, i: usize, path: &[usize]) -> Option<usize> {
        let mut at = i;
        for _ in 0..=self.steps.len() {
            if path.contains(&at) {
                return Some(at);
            }
            match self.next_of(at) {
                Target::Step(n) => at = n,
                Target::PastEnd => return None,
            }
        }
        None
    }

    /// The number step `i` is called by ("step N of M", where M is `path.len()`): its
    /// place on the main path, or that of the main step it belongs to; and whether it
    /// is on the main path itself (else it is "part of step N").
    pub fn step_number(&self, i: usize, path: &[usize]) -> (usize, bool) {
        let main = self.main_step_of(i, path).unwrap_or(i);
        let n = path
            .iter()
            .position(|&m| m == main)
            .map_or(i + 1, |p| p + 1);
        (n, path.contains(&i))
    }

    pub fn texts(&self, lang: &Lang) -> &GuideTexts {
        self.texts
            .get(lang)
            .or_else(|| self.texts.get(&self.languages[0]))
            .or_else(|| self.texts.values().next())
            .unwrap_or(&EMPTY_TEXTS)
    }

    pub fn title(&self, lang: &Lang) -> &str {
        &self.texts(lang).title
    }

    pub fn step_text(&self, lang: &Lang, i: usize) -> &StepText {
        self.texts(lang).steps.get(i).unwrap_or(&EMPTY_STEP)
    }

    pub fn lexicon(&self, lang: &Lang) -> Option<&Lexicon> {
        self.lexicons.get(lang)
    }

    /// What is said for step `i`: its section, its text (or `.speak`), its detail.
    pub fn step_speech(&self, lang: &Lang, i: usize) -> String {
        let t = self.step_text(lang, i);
        [
            t.section.as_deref(),
            Some(t.speak.as_deref().unwrap_or(&t.shown)),
            t.detail.as_deref(),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
    }

    /// `text` as it goes to a speech engine: after the language's lexicon.
    pub fn speakable(&self, lang: &Lang, text: &str) -> String {
        match self.lexicon(lang) {
            Some(lexicon) => lexicon.apply(text),
            None => text.to_string(),
        }
    }

    /// The language to read in: `wanted` if the guide has it, else its first language.
    pub fn reading_lang(&self, wanted: &Lang) -> Lang {
        if self.languages.contains(wanted) {
            wanted.clone()
        } else {
            self.languages[0].clone()
        }
    }
}

static EMPTY_TEXTS: GuideTexts = GuideTexts {
    title: String::new(),
    description: String::new(),
    steps: Vec::new(),
};
static EMPTY_STEP: StepText = StepText {
    shown: String::new(),
    speak: None,
    detail: None,
    section: None,
    options: Vec::new(),
};
