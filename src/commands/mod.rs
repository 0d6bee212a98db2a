//! One thin file per command. They orchestrate: find and load guides, open speech and
//! the terminal, run the session, print results.

pub mod check;
pub mod data;
pub mod doctor;
pub mod export;
pub mod helper;
pub mod import;
pub mod list;
pub mod run;
pub mod say;
pub mod voices;

use std::time::Instant;

use crate::cli::Global;
use crate::config::{Config, ConfigProblem};
use crate::error::Error;
use crate::guide::Library;
use crate::l10n::{negotiate, Lang, Localizer};
use crate::paths::Paths;

/// What every command needs: texts, settings, paths, guides.
pub struct Context {
    pub l10n: Localizer,
    pub global: Global,
    pub config: Config,
    pub config_problem: Option<ConfigProblem>,
    pub paths: Paths,
    pub library: Library,
    /// The language the program speaks in (messages, menus).
    pub lang: Lang,
    pub started: Instant,
}

impl Context {
    pub fn new(global: Global, started: Instant) -> Result<Context, (Error, Localizer, Lang)> {
        let l10n = Localizer::builtin();
        let cli_lang = global.lang.and_then(|l| Lang::parse(l.tag()));
        let Some(paths) = Paths::from_env() else {
            let lang = negotiate(&[cli_lang], &l10n.languages(), &Lang::en());
            return Err((Error::NoHome, l10n, lang));
        };
        let (config, config_problem) = Config::load(&paths.config_file);
        let lang = negotiate(
            &[cli_lang, config.lang.clone()],
            &l10n.languages(),
            &Lang::en(),
        );
        let library = Library::new(global.guides.clone(), Some(paths.guides_dir()));
        Ok(Context {
            l10n,
            global,
            config,
            config_problem,
            paths,
            library,
            lang,
            started,
        })
    }

    /// The language explicitly asked for: `--lang`, else the saved setting.
    pub fn asked_lang(&self) -> Option<Lang> {
        self.global
            .lang
            .and_then(|l| Lang::parse(l.tag()))
            .or_else(|| self.config.lang.clone())
    }

    pub fn text(&self, id: &str) -> String {
        self.l10n.text(&self.lang, id)
    }

    /// Says (on stderr) that the settings file is broken and was ignored.
    pub fn warn_config(&self) {
        if let Some(p) = &self.config_problem {
            let text = self.l10n.text_args(
                &self.lang,
                "warning-config",
                &[
                    crate::l10n::arg("file", format!("{}:{}", p.path.display(), p.line)),
                    crate::l10n::arg("detail", p.detail.as_str()),
                ],
            );
            eprintln!("{}", crate::ui::clean(&text));
        }
    }
}
