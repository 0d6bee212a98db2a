//! Timers that run on from a timer step, and the reminders of a listener who is silent.

use super::{Effect, Log, Mode, Player};
use crate::guide::{StepKind, Target};
use crate::l10n::arg;

/// A running timer (from a timer step on).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timer {
    pub step: usize,
    /// Milliseconds on the player's clock: monotonic during a session; saved
    /// progress keeps it as wall-clock time, the session converts between the two.
    pub deadline_ms: u64,
    /// Reminders already given (minutes left).
    pub reminded: Vec<u32>,
    /// The time is up and the listener has been told.
    pub expired: bool,
    /// The step that ends its window (`until`) was reached: it is silent for good.
    pub closed: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Idle {
    pub(super) since_ms: u64,
    pub(super) given: u32,
}

/// Seconds of silence before the n-th idle reminder: 30, 60, 120, then every 5 minutes.
pub fn idle_threshold_s(given: u32) -> u64 {
    match given {
        0 => 30,
        1 => 60,
        2 => 120,
        n => 120 + 300 * u64::from(n - 2),
    }
}

impl Player<'_> {
    /// Closes the window of every running timer whose `until` is step `i`. A closed
    /// timer stays in the list (and in saved progress), so going back to its step
    /// does not start it again.
    pub(super) fn close_timers_until(&mut self, i: usize) {
        for timer in &mut self.pos.timers {
            if let StepKind::Timer { until: Some(u), .. } = self.guide.steps[timer.step].kind {
                if u == i {
                    timer.closed = true;
                    timer.expired = false;
                }
            }
        }
    }

    /// An expired timer that sends the next `next` to its `expired` step.
    pub(super) fn take_expired_jump(&mut self) -> Option<Target> {
        let k = self
            .pos
            .timers
            .iter()
            .position(|t| t.expired && !t.closed)?;
        let timer = self.pos.timers.remove(k);
        match self.guide.steps[timer.step].kind {
            StepKind::Timer {
                expired: Some(to), ..
            } => Some(Target::Step(to)),
            _ => None,
        }
    }

    pub(super) fn say_expired_on_resume(&mut self, now_ms: u64, fx: &mut Vec<Effect>) {
        for k in 0..self.pos.timers.len() {
            let timer = &self.pos.timers[k];
            if now_ms >= timer.deadline_ms && !timer.expired && !timer.closed {
                self.expire(k, fx);
            }
        }
    }

    /// Timer reminders and expiry, said only when nothing else is being said.
    pub(super) fn timers_due(&mut self, now_ms: u64, fx: &mut Vec<Effect>) {
        if self.speaking || self.mode != Mode::Playing {
            return;
        }
        for k in 0..self.pos.timers.len() {
            let timer = &self.pos.timers[k];
            if timer.expired || timer.closed {
                continue;
            }
            if now_ms >= timer.deadline_ms {
                self.expire(k, fx);
                return;
            }
            let left_ms = timer.deadline_ms - now_ms;
            let StepKind::Timer { remind_at, .. } = &self.guide.steps[timer.step].kind else {
                continue;
            };
            let due: Vec<u32> = remind_at
                .iter()
                .copied()
                .filter(|r| u64::from(*r) * 60_000 >= left_ms && !timer.reminded.contains(r))
                .collect();
            if let Some(&smallest) = due.iter().min() {
                let step = self.guide.steps[timer.step].id.clone();
                self.pos.timers[k].reminded.extend(due);
                let minutes_left = u32::try_from(left_ms.div_ceil(60_000)).unwrap_or(smallest);
                fx.push(Effect::Log(Log::TimerReminder {
                    step,
                    minutes_left: smallest,
                }));
                fx.push(Effect::Save);
                let text = self.l10n.text_args(
                    &self.pos.lang,
                    "timer-reminder",
                    &[arg("minutes", minutes_left.max(1))],
                );
                self.show(Some(text.clone()), fx);
                self.say(&text, fx);
                return;
            }
        }
    }

    pub(super) fn expire(&mut self, k: usize, fx: &mut Vec<Effect>) {
        let timer = &mut self.pos.timers[k];
        timer.expired = true;
        let i = timer.step;
        let StepKind::Timer {
            minutes, expired, ..
        } = &self.guide.steps[i].kind
        else {
            return;
        };
        let (minutes, expired) = (*minutes, *expired);
        let lang = self.pos.lang.clone();
        let text = match expired {
            Some(to) => self.l10n.text_args(
                &lang,
                "timer-expired-go",
                &[arg("minutes", minutes), arg("text", self.short_text(to))],
            ),
            None => {
                self.pos.timers.remove(k);
                self.l10n
                    .text_args(&lang, "timer-expired", &[arg("minutes", minutes)])
            }
        };
        fx.push(Effect::Log(Log::TimerReminder {
            step: self.guide.steps[i].id.clone(),
            minutes_left: 0,
        }));
        fx.push(Effect::Save);
        self.show(Some(text.clone()), fx);
        self.say(&text, fx);
    }

    pub(super) fn idle_due(&mut self, now_ms: u64, fx: &mut Vec<Effect>) {
        if !self.remind || self.speaking || self.mode == Mode::Ending {
            return;
        }
        let Some(idle) = self.idle else {
            return;
        };
        let threshold = idle_threshold_s(idle.given);
        if now_ms.saturating_sub(idle.since_ms) < threshold * 1000 {
            return;
        }
        self.idle = Some(Idle {
            given: idle.given + 1,
            ..idle
        });
        fx.push(Effect::Log(Log::IdleReminder {
            step: self.guide.steps[self.pos.step].id.clone(),
            idle_s: threshold,
        }));
        if self.choice_count() > 0 {
            let id = if idle.given == 0 {
                "remind-choice"
            } else {
                "remind-choice-more"
            };
            let text =
                self.l10n
                    .text_args(&self.pos.lang, id, &[arg("options", self.options_prompt())]);
            self.say(&text, fx);
            return;
        }
        let waiting_for_yes_no =
            self.is_offering() || self.mode == Mode::ConfirmQuit || self.is_question();
        let id = match (waiting_for_yes_no, idle.given) {
            (true, 0) => "remind-question",
            (true, _) => "remind-question-more",
            (false, 0) => "remind-next",
            (false, _) => "remind-next-more",
        };
        let text = self.l10n.text(&self.pos.lang, id);
        self.say(&text, fx);
    }
}
