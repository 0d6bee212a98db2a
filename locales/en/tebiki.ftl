# tebiki's own texts in English. Every text the program shows or says lives here.
# Ids are kebab-case with an area prefix.

## Languages
lang-name-ja = Japanese
lang-name-en = English
lang-missing = This guide has no { $lang } version, so I will read it in its own language.

## Steps and prompts
counter = Step { $n } of { $total }
counter-part = Part of step { $n } of { $total }
prompt-next = Press Enter to go on.
prompt-question = Press y for yes, or n for no.
guide-finished = That was the last step. The guide is finished.
keys-step = Enter: next   r: repeat   b: back   h: help   q: stop
keys-question = y: yes   n: no   r: repeat   b: back   h: help   q: stop
keys-end = The guide is finished.
keys-yes-no = y: yes   n: no
keys-lang = l: { $lang }
keys-menu = 1–9: choose   Enter: the first   q: stop

## Hints: a key that means nothing here
hint-answer = This is a question. Press y for yes, or n for no.
hint-not-question = This step is not a question. Press Enter to go on.
hint-first-step = This is the first step; there is nothing before it. Press Enter to go on.
hint-unknown-key = That key does nothing here. Press h to hear the keys.
hint-yes-no = Please press y for yes, or n for no.
hint-no-such-lang = This guide has no { $lang } version.
hint-one-lang = This guide has only one language.
hint-menu = Please press the number of a guide, or q to stop.

## Help and where am I
help-keys = Keys: Enter goes to the next step. r repeats it. b goes back. l changes the language. Plus and minus make the voice faster or slower. w says where you are. q stops; your place is kept.
help-question = This step is a question: press y for yes, or n for no. r repeats it, b goes back, w says where you are, q stops; your place is kept.
where = { $title }. { $counter }. { $next }
where-next = Next: { $text }
where-next-yes = If you answer yes, next: { $text }
where-last = This is the last step.

## Rate
rate-now = Speed { $rate }.
rate-limit = Speed { $rate }. It cannot go further.

## Stopping and continuing
quit-confirm = Stop the guide? Your place is kept. Press y to stop, or any other key to carry on.
quit-cancelled = Carrying on.
resume-offer = Last time you stopped at step { $n }: “{ $text }” Continue from there? Press y to continue, or n to start over.
resume-stale = This guide has changed since last time, so your place cannot be found. Start from the beginning? Press y to start, or n to stop.
menu-continue = You have not finished “{ $title }”. Continue it? Press y to continue, or n for the list of guides.
menu-intro = Which guide? Press its number.
menu-item = { $n }: { $title }

## Reminders
remind-next = I am waiting. Press Enter when you are ready.
remind-next-more = I am still here. Press Enter to go on, r to hear the step again, or h for help.
remind-question = I am waiting for your answer. Press y for yes, or n for no.
remind-question-more = I am still here. Press y for yes or n for no, r to hear the question again, or h for help.
timer-reminder = { $minutes ->
    [one] One minute left.
   *[other] { $minutes } minutes left.
}
timer-expired = The { $minutes } minutes are up.
timer-expired-go = The { $minutes } minutes are up. When you press Enter, we go to: { $text }

## Speech
engine-in-use = Voice: { $engine }
engine-text-only = No sound: text only (no speech engine is available here).

## list and check
list-steps = { $count ->
    [one] 1 step
   *[other] { $count } steps
}
list-broken = { $id } does not load ({ $path }): run `tebiki check` to see why.
check-ok = { $path }: ok ({ $count } steps; { $languages })
check-unreadable = cannot read this file: { $reason }
check-too-large = this file is larger than { $limit } KiB; a guide file must be smaller
check-not-utf8 = this file is not UTF-8 text; save it as UTF-8
check-no-guide-toml = there is no guide.toml here; a guide is a folder with guide.toml and one <lang>.ftl per language
check-toml-syntax = TOML error: { $detail }
check-duplicate-language = the language `{ $lang }` is listed twice
check-bad-language = `{ $lang }` is not a language tag such as "ja" or "en"
check-no-languages = `languages` must list at least one language, such as ["ja", "en"]
check-no-steps = the guide has no steps; add [[steps]] tables
check-too-many-steps = the guide has more than { $limit } steps
check-bad-step-id = the step id `{ $step }` must start with a letter and use only letters, digits, - and _
check-reserved-step-id = `{ $step }` cannot be a step id: the name is used for the guide's { $step }
check-duplicate-step = the step id `{ $step }` is used twice
check-unknown-step = there is no step `{ $step }`
check-key-not-for-kind = `{ $key }` does not apply to a step of kind `{ $kind }`
check-unknown-kind = unknown kind `{ $kind }`; use info, question, timer or end
check-timer-minutes = a timer step needs `minutes`, a whole number from 1 to 1440
check-timer-remind = `remind_at` has { $value }: reminders must be between 1 and { $minutes } minutes left
check-unreachable = the step `{ $step }` cannot be reached from the first step
check-no-end = from the step `{ $step }` no end can be reached
check-no-ftl = there is no { $lang }.ftl, but `languages` lists { $lang }
check-ftl-syntax = Fluent error: { $detail }
check-ftl-too-deep = placeables are nested more than { $limit } deep here; a guide text needs only a few
check-ftl-duplicate = the message `{ $id }` is written twice
check-ftl-variable = the message `{ $id }` uses the variable `${ $variable }`, which tebiki does not supply
check-ftl-missing-meta = the message `{ $id }` is missing
check-ftl-missing-step = the step `{ $step }` has no text in { $file }
check-ftl-no-value = the message `{ $step }` has attributes but no text
check-ftl-unused = the message `{ $id }` belongs to no step
check-ftl-format = the message `{ $id }` cannot be formatted: { $detail }
check-long-sentence = a long sentence in `{ $step }` is hard to follow by ear: “{ $sentence }”
check-outside-folder = this file is a link to { $target }, outside the guide's folder; a guide may only use its own files
check-lexicon-syntax = lexicon error: { $detail }

## Errors
error-prefix = error
error-guide-missing = there is no guide `{ $name }`. Guides here: { $known }
error-guide-invalid = the guide `{ $name }` has errors (above); fix them and run `tebiki check`
error-check-failed = some guides have errors (above)
error-engine-unavailable = the speech engine `{ $engine }` cannot be used: { $reason }. Run `tebiki doctor` to see what to install, or choose another with --engine.
error-no-home = no home folder was found, so settings and progress cannot be kept; set HOME
error-events-file = cannot write the events log { $path }: { $reason }
error-terminal = the terminal cannot be used: { $reason }
error-progress-save = Your place could not be saved ({ $reason }). The guide goes on.
warning-config = warning: the settings file { $file } has an error ({ $detail }); using the defaults
