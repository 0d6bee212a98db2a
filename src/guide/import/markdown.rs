//! Markdown (`CommonMark`, read with pulldown-cmark): every ordered list item that is not
//! inside another ordered item is a step, in document order; headings become the
//! section of the step after them; the first level-1 heading before any step is the
//! title and the first paragraph before any step the description. Everything inside a
//! step's item (paragraphs, sub-lists, code, quotes) is that step's text, because a
//! listener needs the whole instruction at once. Raw HTML, comments included, is never
//! read.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{collapse_spaces, Format, ImportError, Imported, ImportedStep};

/// What the text being collected belongs to.
enum Collecting {
    Nothing,
    Heading,
    Description,
    Step,
}

#[derive(Default)]
struct Lines {
    done: Vec<String>,
    current: String,
    /// Inside a code block, lines are kept as written (indentation matters there).
    verbatim: bool,
}

impl Lines {
    fn push(&mut self, text: &str) {
        if self.verbatim {
            let mut parts = text.split('\n');
            if let Some(first) = parts.next() {
                self.current.push_str(first);
            }
            for part in parts {
                self.end_line();
                self.current.push_str(part);
            }
        } else {
            self.current.push_str(text);
        }
    }

    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.current);
        let line = if self.verbatim {
            line.trim_end().to_string()
        } else {
            collapse_spaces(&line)
        };
        if !line.is_empty() {
            self.done.push(line);
        }
    }

    fn take(&mut self) -> String {
        self.end_line();
        std::mem::take(&mut self.done).join("\n")
    }
}

pub fn from_markdown(text: &str) -> Result<Imported, ImportError> {
    let mut imported = Imported::default();
    // One entry per open list: ordered, and the number of the next item.
    let mut lists: Vec<(bool, u64)> = Vec::new();
    // The depth of `lists` at which the current step's item opened.
    let mut step_depth: Option<usize> = None;
    let mut target = Collecting::Nothing;
    let mut lines = Lines::default();
    let mut heading_level = HeadingLevel::H1;
    let mut section: Option<String> = None;
    let mut quote_depth = 0usize;

    // Front matter (YAML `---` or TOML `+++`) is metadata, not prose: recognised only
    // so that it is not read as a heading or a paragraph.
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    for event in Parser::new_ext(text, options) {
        let in_step = step_depth.is_some();
        match event {
            Event::Start(Tag::List(start)) => {
                if in_step {
                    lines.end_line();
                }
                lists.push((start.is_some(), start.unwrap_or(1)));
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let depth = lists.len();
                let (ordered, number) = lists.last().copied().unwrap_or((false, 1));
                if let Some(last) = lists.last_mut() {
                    last.1 = number.saturating_add(1);
                }
                if in_step {
                    // A sub-item: a line of its step, numbered when its list is.
                    lines.end_line();
                    if ordered {
                        lines.push(&format!("{number}. "));
                    }
                } else if ordered {
                    lines = Lines::default();
                    step_depth = Some(depth);
                    target = Collecting::Step;
                }
            }
            Event::End(TagEnd::Item) => {
                if step_depth == Some(lists.len()) {
                    step_depth = None;
                    target = Collecting::Nothing;
                    imported.steps.push(ImportedStep {
                        text: lines.take(),
                        section: section.take(),
                        detail: None,
                    });
                } else if in_step {
                    lines.end_line();
                }
            }
            Event::Start(Tag::Heading { level, .. }) if !in_step => {
                lines = Lines::default();
                heading_level = level;
                target = Collecting::Heading;
            }
            Event::End(TagEnd::Heading(_)) if !in_step => {
                let heading = lines.take();
                target = Collecting::Nothing;
                if heading.is_empty() {
                    continue;
                }
                let is_title = heading_level == HeadingLevel::H1
                    && imported.title.is_empty()
                    && imported.steps.is_empty()
                    && section.is_none();
                if is_title {
                    imported.title = heading;
                } else {
                    // The nearest heading is the one that names what follows.
                    section = Some(heading);
                }
            }
            Event::Start(Tag::Paragraph) if !in_step => {
                let first_prose = lists.is_empty()
                    && quote_depth == 0
                    && imported.steps.is_empty()
                    && imported.description.is_empty();
                if first_prose {
                    lines = Lines::default();
                    target = Collecting::Description;
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if matches!(target, Collecting::Description) {
                    imported.description = lines.take();
                    target = Collecting::Nothing;
                } else if in_step {
                    lines.end_line();
                }
            }
            Event::Start(Tag::CodeBlock(_)) if in_step => {
                lines.end_line();
                lines.verbatim = true;
            }
            Event::End(TagEnd::CodeBlock) if in_step => {
                lines.end_line();
                lines.verbatim = false;
            }
            Event::Start(Tag::BlockQuote(_)) => {
                quote_depth += 1;
                if in_step {
                    lines.end_line();
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                quote_depth = quote_depth.saturating_sub(1);
                if in_step {
                    lines.end_line();
                }
            }
            Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_)) => {
                lines.end_line();
            }
            Event::Text(t) | Event::Code(t) if !matches!(target, Collecting::Nothing) => {
                lines.push(&t);
            }
            Event::SoftBreak if !matches!(target, Collecting::Nothing) => lines.push(" "),
            Event::HardBreak if !matches!(target, Collecting::Nothing) => lines.end_line(),
            // Raw HTML (comments included) is never read; nor is anything outside a
            // step, a heading or the first paragraph.
            _ => {}
        }
    }
    if imported.steps.is_empty() {
        return Err(ImportError::NothingFound {
            format: Format::Markdown,
        });
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(md: &str) -> Vec<ImportedStep> {
        from_markdown(md).unwrap().steps
    }

    fn texts(md: &str) -> Vec<String> {
        steps(md).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn title_description_and_sections() {
        let i = from_markdown(
            "# Make tea\n\nA cup of green tea.\n\n## Getting ready\n\n1. Boil water.\n2. Warm the pot.\n\n## Brewing\n\n1. Add leaves.\n",
        )
        .unwrap();
        assert_eq!(i.title, "Make tea");
        assert_eq!(i.description, "A cup of green tea.");
        let s = i.steps;
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].section.as_deref(), Some("Getting ready"));
        assert_eq!(s[1].section, None);
        assert_eq!(s[2].section.as_deref(), Some("Brewing"));
        assert_eq!(s[2].text, "Add leaves.");
    }

    #[test]
    fn lazy_lines_and_all_ones() {
        assert_eq!(
            texts("1. Open the\nlid.\n1. Fill it\n   with water.\n1. Close it.\n"),
            ["Open the lid.", "Fill it with water.", "Close it."]
        );
    }

    #[test]
    fn sub_items_code_and_quotes_belong_to_their_step() {
        let md = "1. Type this:\n\n   ```\n   cd ~/Downloads\n     ls -l\n   ```\n2. Check:\n   - the light\n   - the cable\n3. Then:\n   1. first\n   2. second\n\n   > Careful with *hot* water.\n4. Last\n";
        let t = texts(md);
        assert_eq!(t.len(), 4, "{t:?}");
        assert_eq!(t[0], "Type this:\ncd ~/Downloads\n  ls -l");
        assert_eq!(t[1], "Check:\nthe light\nthe cable");
        assert_eq!(t[2], "Then:\n1. first\n2. second\nCareful with hot water.");
        assert_eq!(t[3], "Last");
    }

    #[test]
    fn html_comments_are_never_read() {
        let md = "<!--\n1. hidden step\n-->\n1. Shown <!-- not this --> step.\n2. Next\n<!-- 3. nor this -->\n";
        assert_eq!(texts(md), ["Shown step.", "Next"]);
    }

    #[test]
    fn bullet_lists_alone_are_not_steps() {
        assert!(matches!(
            from_markdown("# Notes\n\n- one\n- two\n\nText.\n"),
            Err(ImportError::NothingFound {
                format: Format::Markdown
            })
        ));
        // An ordered list inside a bullet list is still a list of steps.
        assert_eq!(texts("- Part\n  1. a\n  2. b\n"), ["a", "b"]);
    }

    #[test]
    fn several_lists_in_order_with_start_numbers() {
        assert_eq!(texts("3. c\n4. d\n\ntext\n\n1) e\n"), ["c", "d", "e"]);
    }

    #[test]
    fn front_matter_is_not_read() {
        let i = from_markdown("---\ntitle: Hidden\nsteps: 1. no\n---\n# Shown\n\n1. a\n").unwrap();
        assert_eq!(i.title, "Shown");
        assert_eq!(i.description, "");
        assert_eq!(texts("+++\ntitle = 'x'\n+++\n1. b\n"), ["b"]);
    }

    #[test]
    fn deep_nesting_does_not_hang() {
        let md = format!("1. a\n{}", "> ".repeat(5000) + "x\n");
        assert_eq!(from_markdown(&md).unwrap().steps.len(), 1);
        let md = ">".repeat(100_000) + " 1. deep\n";
        let _ = from_markdown(&md);
    }
}
