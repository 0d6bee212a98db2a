# tebiki の画面と音声の文(日本語)。プログラムが見せる文、話す文はすべてここにあります。

## 言語
lang-name-ja = 日本語
lang-name-en = 英語
lang-missing = このガイドには{ $lang }版がないので、元の言葉で読みます。

## 手順と案内
counter = 手順 { $n } / { $total }
counter-part = 手順 { $n } / { $total } の続き
prompt-next = 次へ進むには、エンターキーを押してください。
prompt-question = 「はい」なら y、「いいえ」なら n を押してください。
# 選ぶ手順の選択肢。選択肢が先、キーが後(選択肢が 2 つのとき $o3 は空)。
prompt-choice = { $count ->
    [2] { $o1 } なら 1、{ $o2 } なら 2 を押してください。
   *[other] { $o1 } なら 1、{ $o2 } なら 2、{ $o3 } なら 3 を押してください。
}
guide-finished = これで最後の手順です。ガイドはおしまいです。
keys-step = Enter: 次へ   r: もう一度   b: 戻る   h: ヘルプ   q: やめる
keys-question = y: はい   n: いいえ   r: もう一度   b: 戻る   h: ヘルプ   q: やめる
keys-choice = { $options }   r: もう一度   b: 戻る   h: ヘルプ   q: やめる
keys-end = ガイドはおしまいです。
keys-yes-no = y: はい   n: いいえ
keys-lang = l: { $lang }
keys-menu = 1〜9: えらぶ   Enter: 1番   q: やめる
screen-more = ▼ m: つづき

## ヒント(この場面で意味のないキー)
hint-answer = これは質問です。「はい」なら y、「いいえ」なら n を押してください。
hint-not-question = この手順は質問ではありません。次へ進むには、エンターキーを押してください。
hint-first-step = これが最初の手順です。前はありません。次へ進むには、エンターキーを押してください。
hint-unknown-key = そのキーは、ここでは使いません。キーの説明は h で聞けます。
hint-yes-no = 「はい」なら y、「いいえ」なら n を押してください。
hint-choice = 番号で答えてください。{ $options }
hint-no-such-lang = このガイドには{ $lang }版がありません。
hint-one-lang = このガイドは、ひとつの言葉だけです。
hint-menu = ガイドの番号を押してください。やめるときは q です。

## ヘルプと「いまどこ」
help-keys = キーの説明です。エンターで次の手順へ。r でもう一度。b で前に戻ります。l で言葉を切り替えます。プラスとマイナスで、話す速さを変えます。w で、いまどこかを言います。m で、画面に入りきらない説明の続きを出します。q でやめます。続きは残ります。
help-question = これは質問です。「はい」なら y、「いいえ」なら n を押してください。r でもう一度、b で前に戻ります。w で、いまどこかを言います。q でやめます。続きは残ります。
where = { $title }。{ $counter }。{ $next }
# The counter as it is said (the screen shows `counter`).
where-counter = 全部で { $total } の手順の、{ $n } 番目
where-counter-part = 全部で { $total } の手順の、{ $n } 番目の続き
where-next = 次は、{ $text }
where-next-yes = 「はい」なら、次は、{ $text }
where-last = これが最後の手順です。
where-option = { $option }({ $key } 番)なら、次は、{ $text }
help-choice = これは、選ぶ質問です。あてはまる番号を押してください。{ $leads } エンターキーを押すと、選び方を、もう一度お伝えします。r で質問をもう一度、b で前に戻ります。w で、いまどこかを言います。q でやめます。続きは残ります。

## 速さ
rate-now = 速さ { $rate }。
rate-limit = 速さ { $rate }。これ以上は変えられません。

## 同じ手順を何度も聞くとき
repeat-slower = 少し、ゆっくり読みます。
repeat-slowest = いまが、いちばんゆっくりの速さです。この速さで、もう一度読みます。
stuck-helper = わからないときは、{ $name } に聞いてみてください。電話番号は、{ $phone }。
stuck-helper-name = わからないときは、{ $name } に聞いてみてください。
stuck-helper-phone = わからないときは、この番号に電話して、聞いてみてください。{ $phone }。
stuck-no-helper = わからないときは、b で一つ前の手順に戻って、もう一度聞いてみてください。h で、キーの説明が聞けます。
stuck-no-helper-first = わからないときは、h で、キーの説明が聞けます。

## 電話番号の読み方(一桁ずつ。読み上げるだけで、画面には出ません。
## ひらがなの「はち」は「わち」と読まれるので、カタカナで。2 と 5 は電話番号の読み方で伸ばします)
digit-0 = ゼロ
digit-1 = イチ
digit-2 = ニー
digit-3 = サン
digit-4 = ヨン
digit-5 = ゴー
digit-6 = ロク
digit-7 = ナナ
digit-8 = ハチ
digit-9 = キュウ
phone-digit-gap = 、
phone-group-gap = 。
phone-plus = プラス { $digits }

## やめる・続ける
quit-confirm = ガイドをやめますか? 続きは残ります。やめるなら y、続けるなら ほかのキーを押してください。
quit-cancelled = 続けます。
resume-offer = 前回は、手順 { $n }「{ $text }」で止まりました。続きから始めますか? 続きからなら y、最初からなら n を押してください。
resume-stale = 前回のあとでガイドが変わったため、続きの場所が見つかりません。最初から始めますか? 始めるなら y、やめるなら n を押してください。
menu-continue = 「{ $title }」が途中です。続けますか? 続けるなら y、ガイドの一覧なら n を押してください。
menu-intro = どのガイドにしますか? 番号を押してください。
menu-item = { $n } 番、{ $title }

## 声かけ
remind-next = お待ちしています。準備ができたら、エンターキーを押してください。
remind-next-more = まだ ここにいます。次へはエンター、もう一度聞くには r、キーの説明は h です。
remind-question = お返事をお待ちしています。「はい」なら y、「いいえ」なら n を押してください。
remind-question-more = まだ ここにいます。「はい」なら y、「いいえ」なら n。もう一度聞くには r、キーの説明は h です。
remind-choice = お返事をお待ちしています。{ $options }
remind-choice-more = まだ ここにいます。{ $options } もう一度聞くには r、キーの説明は h です。
timer-reminder = 残り { $minutes } 分です。
timer-expired = { $minutes }分が過ぎました。
timer-expired-go = { $minutes }分が過ぎました。エンターキーを押すと、次の手順に行きます。{ $text }

## 音声
engine-in-use = 音声: { $engine }
engine-text-only = 音なし: 文字だけで案内します(使える音声エンジンがありません)。
engine-text-chosen = 文字だけで案内します(音声なしが選ばれています: engine = text)。

## list と check
list-steps = { $count } 手順
list-broken = { $id } は読み込めません({ $path })。理由は `tebiki check` で見られます。
check-ok = { $path }: OK({ $count } 手順、{ $languages })
check-unreadable = このファイルを読めません: { $reason }
check-too-large = このファイルは { $limit } KiB より大きいです。ガイドのファイルはもっと小さくしてください
check-not-utf8 = このファイルは UTF-8 ではありません。UTF-8 で保存してください
check-no-guide-toml = ここに guide.toml がありません。ガイドは guide.toml と言語ごとの <lang>.ftl が入ったフォルダです
check-toml-syntax = TOML の書き方の誤り: { $detail }
check-duplicate-language = 言語 `{ $lang }` が2回書かれています
check-bad-language = `{ $lang }` は "ja" や "en" のような言語の名前ではありません
check-no-languages = `languages` に言語を1つ以上書いてください(例: ["ja", "en"])
check-no-steps = 手順がありません。[[steps]] を書いてください
check-too-many-steps = 手順が { $limit } より多すぎます
check-bad-step-id = 手順の id `{ $step }` は英字で始め、英数字と - と _ だけで書いてください
check-reserved-step-id = `{ $step }` は手順の id に使えません(ガイドの { $step } の名前です)
check-duplicate-step = 手順の id `{ $step }` が2回使われています
check-unknown-step = 手順 `{ $step }` はありません
check-key-not-for-kind = `{ $key }` は種類 `{ $kind }` の手順には使えません
check-unknown-kind = 種類 `{ $kind }` はありません。info、question、choice、timer、end のどれかにしてください
check-choice-options = 選ぶ手順の `options`(手順の id)は 2 つか 3 つにしてください。いまは { $count } つです。長い選択肢は聞き取りにくいので、2 つの質問に分けてください
check-timer-minutes = タイマーの手順には `minutes`(1〜1440 の整数)が必要です
check-timer-remind = `remind_at` の { $value } は使えません。残り 1〜{ $minutes } 分の間にしてください
check-unreachable = 手順 `{ $step }` には、最初の手順からたどり着けません
check-no-end = 手順 `{ $step }` からは、終わりにたどり着けません
check-no-ftl = { $lang }.ftl がありません(`languages` に { $lang } があります)
check-ftl-syntax = Fluent の書き方の誤り: { $detail }
check-ftl-too-deep = ここでは {"{"} … {"}"} が { $limit } 段より深く入れ子になっています。ガイドの文には数段で足ります
check-ftl-duplicate = メッセージ `{ $id }` が2回書かれています
check-ftl-variable = メッセージ `{ $id }` の変数 `${ $variable }` は、tebiki が渡しません
check-ftl-missing-meta = メッセージ `{ $id }` がありません
check-ftl-missing-step = 手順 `{ $step }` の文が { $file } にありません
check-choice-option-text = 選ぶ手順 `{ $step }` に `.{ $attr }` がありません。メッセージの属性として、選択肢の名前を書いてください
check-ftl-no-value = メッセージ `{ $step }` に本文がありません
check-ftl-unused = メッセージ `{ $id }` に対応する手順がありません
check-ftl-format = メッセージ `{ $id }` を組み立てられません: { $detail }
check-long-sentence = 手順 `{ $step }` に長い文があり、耳で追うのが大変です:「{ $sentence }」
check-outside-folder = このファイルはガイドのフォルダの外({ $target })へのリンクです。ガイドは自分のフォルダのファイルだけを使えます
check-lexicon-syntax = 読み方辞書の誤り: { $detail }

## エラー
error-prefix = エラー
error-guide-missing = ガイド `{ $name }` はありません。ここにあるガイド: { $known }
error-guide-invalid = ガイド `{ $name }` に誤りがあります(上のとおり)。直してから `tebiki check` で確かめてください
error-check-failed = 誤りのあるガイドがあります(上のとおり)
error-engine-unavailable = 音声エンジン `{ $engine }` は使えません: { $reason }。入れるものは `tebiki doctor` で分かります。--engine でほかのエンジンも選べます。
error-no-home = ホームフォルダが見つからないため、設定と続きを残せません。HOME を設定してください
error-events-file = イベントの記録 { $path } に書けません: { $reason }
error-terminal = 端末が使えません: { $reason }
error-progress-save = 続きの場所を保存できませんでした({ $reason })。ガイドはそのまま続けます。
warning-config = 注意: 設定ファイル { $file } に誤りがあります({ $detail })。決まりの設定で続けます
settings-not-kept = この変更は終わるまで有効ですが、残せませんでした。設定ファイルの { $file } に誤りがあります。その行を直すと、また残せるようになります。
settings-not-written = この変更は終わるまで有効ですが、設定ファイル { $file } に書き込めませんでした({ $reason })。

## Speech (issue 3)
sound-skipped = この手順は声で読めませんでした。文字で表示しています。次の手順からは、また声で読みます。
sound-lost = 音が出なくなりました({ $reason })。文字だけで続けます。進み具合はそのままです。
voice-too-slow = このパソコンでは { $from } の声の準備が間に合わず、途中で途切れてしまいます。{ $to } の声に切り替えて、初めから読み直します。
engine-text-only-because = 音声は出ません。文字だけで進めます（{ $reason }）。何を入れればよいかは `tebiki doctor` で分かります。
sound-no-device = 音を出す装置が見つかりません
error-unknown-voice = 「{ $name }」という声はありません。使える声: { $known }（`tebiki voices` で確かめられます）

## tebiki helper(困ったときに聞く人)
helper-none = 困ったときに聞く人は、まだ決まっていません。決めるには: tebiki helper --name 名前 --phone 電話番号
helper-name-line = 聞く人: { $name }
helper-phone-line = 電話番号: { $phone }
helper-said = 同じ手順を何度も聞いたとき({ $lang }): 「{ $text }」
helper-saved = { $file } に書きました。
helper-cleared = 困ったときに聞く人を、{ $file } から消しました。
helper-none-to-clear = 困ったときに聞く人は、決まっていませんでした。{ $file } はそのままです。
error-helper-phone = 電話番号「{ $phone }」に、「{ $char }」が入っています。電話番号に使えるのは、数字、空白、ハイフン(-)と、先頭の + だけです。例: --phone 090-1234-5678
error-helper-phone-no-digit = 電話番号「{ $phone }」に、数字がありません。例: --phone 090-1234-5678
error-helper-name = 名前が空です。読み上げるとおりの名前を書いてください。例: --name "娘の花子"
error-settings-broken = 設定ファイル { $file } に誤りがあります({ $detail })。ファイルはそのままにしました。直してから、もう一度してください。
error-settings-write = 設定ファイル { $file } に書けません: { $reason }
error-write-audio = { $path } に書き込めません: { $reason }
say-written = { $path } に書き出しました（{ $seconds } 秒、{ $engine }）。
voices-installed = 入っています
voices-missing = 入っていません
voices-credit-kokoro = Kokoro-82M: hexgrad（Apache-2.0）、int8 ONNX 版: kokoro-onnx（MIT）、英語の単語表: misaki（Apache-2.0）。
voices-credit-mei = 声「メイ」: MMDAgent プロジェクト、名古屋工業大学（CC BY 3.0）。
voices-system = システムの声 { $count } 個（{ $names }）
voices-system-none = この言語のシステムの声はありません
voices-system-unavailable = 使えません: { $reason }
voices-how-to-choose = * が今使っている声です。--voice 名前 で選べます（言語ごとに覚えておきます）。
data-building = { $dir } から日本語の辞書を作っています（30 秒ほどかかります）…
data-built = 辞書ができました: { $dir }（{ $seconds } 秒）。
data-voice-installed = 声 { $name } を { $dir } に入れました。
data-nothing = することがありません: --dictionary-source フォルダー、--voice ファイル、--model-source フォルダー のどれかを指定してください。scripts/setup.sh はすべて行います。
data-not-a-source = { $dir } に NAIST-JDIC のソース（naist-jdic.csv、matrix.def、char.def、unk.def）がありません
data-build-failed = 辞書を作れませんでした: { $reason }
data-not-a-voice = { $path } は HTS の声のファイル（.htsvoice）ではありません
data-model-installing = { $dir } から Kokoro の声のファイルを入れています…
data-model-installed = Kokoro の準備ができました: { $dir }（モデル { $model }、声 { $voices }、ONNX Runtime { $runtime }、英語の単語 { $words }）。
data-model-kept = 入れ済み
data-model-optimized = Kokoro のモデルを、早く話し始められるように準備しました（{ $file }、{ $seconds } 秒）。
data-model-not-optimized = Kokoro のモデルを、早く話し始められるようには準備できませんでした（{ $reason }）。Kokoro は話せますが、話し始めが遅くなります。このコマンドをもう一度実行すると、やり直します。
data-model-not-a-source = { $dir } に Kokoro のファイル（model/part1.bin … part4.bin）がありません。scripts/setup.sh を実行してください（取得して展開します）。
data-model-damaged = { $dir } から組み立てた Kokoro のモデルが壊れています（{ $reason }）。そのフォルダーを消して scripts/setup.sh をもう一度実行し、取得し直してください。
data-model-bad-file = { $path } は使えません: { $reason }。消してから scripts/setup.sh をもう一度実行してください。
doctor-ok = 良好
doctor-problem = 問題
doctor-note = 参考
doctor-sound-ok = 音の出力: { $rate } Hz、遅れ { $latency } ミリ秒
doctor-sound-missing = { $platform ->
        [windows] 音の出力装置がありません（{ $reason }）。スピーカーかヘッドホンをつなぎ、「設定 > システム > サウンド」で選ばれているか確かめてください
       *[other] 音の出力装置またはサウンドサーバーがありません（{ $reason }）。PulseAudio か PipeWire を起動するか、スピーカーをつないでください。Debian や Ubuntu では pulseaudio と libasound2-plugins を入れてください
    }
doctor-all-good = 日本語と英語に必要なものはすべて動いています。
doctor-fix = 足りないものがあります（上を見てください）。直したら、もう一度 `tebiki doctor` を実行してください。
doctor-failed = 問題が見つかりました
## Import (issue 4)
import-done = 「{ $title }」を取り込みました。手順は { $count } 個、言語は{ $language }です。保存先: { $path }
    始めるには: tebiki run { $run }
import-others = 注意: { $file } には手順やレシピが { $count } 個あります。取り込んだのは { $picked } 番目の「{ $title }」です。ほかのものを取り込むには、--pick と番号を付けてください:
import-choice = { $n }: { $title }
error-import-unreadable = { $file } を読めません: { $reason }。ファイル名と、読む権限があるかを確かめてください。
error-import-too-large = { $file } は { $limit } MiB より大きいため、取り込めません。ページや手順だけを小さいファイルに保存して、もう一度お試しください。
error-import-not-utf8 = { $file } は UTF-8 の文字ではありません({ $line } 行目)。UTF-8 で保存して、もう一度お試しください。
error-import-empty = { $file } は空です。取り込むものがありません。
error-import-json = { $file }:{ $line }:{ $col }: JSON として正しくありません({ $detail })。ファイルを直すか、もとのウェブページを取り込んでください。
error-import-too-deep = { $file } は入れ子が深すぎて JSON として読めません。tebiki が取り込める HowTo や Recipe ではありません。
error-import-nothing-found = { $format ->
    [json] { $file } には schema.org の HowTo も Recipe もありません("@type" が "HowTo" か "Recipe" のものを、"@graph" の中も含めて探しました)。それがあるファイルを取り込むか、手順を Markdown の番号付きリストに書いてください。
    [html] { $file } には、tebiki が見つけられる手順がありません。schema.org の HowTo も Recipe もなく(<script type="application/ld+json"> の中と、itemprop や typeof の付いた部分を探しました)、「手順」「作り方」「Steps」などの見出しの下の番号付きリストもありません。それがあるページを保存するか、手順を Markdown の番号付きリストに書いてください。
   *[markdown] { $file } には番号付きリストがありません(「1. ふたを開けます」のような行を探しました)。手順を番号付きリストに書いて、もう一度お試しください。
}
error-import-no-steps = { $file } には { $kind } がありますが、手順がありません。手順(recipeInstructions か step)を書き足すか、ほかのファイルを取り込んでください。
error-import-pick = --pick { $pick }: { $file } にある手順やレシピは { $count ->
    [one] 1 個だけです。--pick は付けずにお試しください。
   *[other] { $count } 個です。1 から { $count } までの番号を選んでください。
}
error-import-too-many-steps = { $file } には手順が { $count } 個あります。1 つのガイドに入れられるのは { $limit } 個までです。ファイルを分けて、1 つずつ取り込んでください。
error-import-too-much-text = { $file } の文が多すぎて、ガイドのファイルが { $limit } KiB を超えてしまいます。ファイルを分けて、1 つずつ取り込んでください。
error-import-exists = { $path } はすでにあります。別の --id を選ぶか、置き換えるなら --force を付けてください。
error-import-write = { $path } に書けません: { $reason }。--out でほかのフォルダを選んでください。
error-import-invalid = { $file } から作ったガイドが check を通りません(上のとおり)。お手数ですが、ファイルを添えて不具合として知らせてください。

## Export
export-done = { $count } 個のファイル(音声 { $minutes } 分、{ $engine })を { $path } に書きました。{ $seconds } 秒、実時間の { $speed } 倍の速さです。
export-lang-missing = このガイドには「{ $asked }」版がないので、「{ $lang }」で書き出します。
error-export-exists = { $path } はすでにあり、空ではありません。別のフォルダを選ぶか、--force を付けて置き換えてください
export-answers = 「はい」なら { $yes } 番、「いいえ」なら { $no } 番に進んでください。
export-timer = ここから { $minutes } 分間です。
export-option = { $option } なら、{ $n } 番に進んでください。
export-go-to = 次は { $n } 番に進んでください。

## 長い作業の進み具合(export、data install): 標準エラーに出す
progress-tracks-begin = { $engine } で { $total } 個の音声を作ります。
progress-tracks = { $total } 個中 { $done } 個
progress-megabytes = { $total } MB 中 { $done } MB
progress-bar = { $amount }、{ $left }
progress-track-done = { $track } 番ができました（{ $amount }、{ $left }）。
progress-left = { $minutes ->
    [0] { $seconds ->
        [0] もうすぐ終わります
       *[other] あと { $seconds } 秒ほど
    }
   *[other] あと { $minutes } 分ほど
}
progress-left-unknown = 残り時間を計算しています
progress-model-join = Kokoro のモデルの 4 つの部分をつなげて、確かめています
progress-model-check = 入っている Kokoro のモデルを確かめています
progress-dictionary = 日本語の辞書を作っています
progress-model-optimize = Kokoro のモデルを、早く話し始められるように準備しています

## 読み方(check --readings、say --reading)
readings-no-japanese = { $path }: 日本語の文がないため、読み方はありません。
readings-sample-step = 画面の右上にある「次へ」を押します。
readings-sample-title = パソコンから My au にログインする
readings-sample-name = 山田花子
error-readings-no-dictionary = 日本語の辞書が { $dir } にないため、読み方を出せません。scripts/setup.sh を実行してください(または `tebiki data install --dictionary-source フォルダー`)。読み方のない `tebiki check` は辞書なしで使えます。
error-readings-dictionary-broken = { $dir } の日本語の辞書を読み込めません: { $reason }。scripts/setup.sh をもう一度実行してください。

## 印刷用のカード(print)
print-written = { $path } に書き出しました(手順 { $count } 個)。ブラウザで開いて印刷してください。
error-print-write = { $path } に書けません: { $reason }。--out でほかの場所を選んでください。
print-keys-heading = キー
print-steps-heading = 手順
print-keys-next = Enter(エンター)、スペース、→
print-does-next = 次の手順へ
print-keys-repeat = r、↑
print-does-repeat = もう一度聞く
print-keys-back = b、←、Backspace
print-does-back = 前の手順に戻る
print-keys-yes-no = y / n
print-does-yes-no = 質問に「はい」/「いいえ」で答える
print-keys-lang = l
print-does-lang = 言葉を切り替える(日本語 / 英語)
print-keys-rate = + / -
print-does-rate = 話す速さを速く / 遅くする
print-keys-help = h、?
print-does-help = キーの説明を聞く
print-keys-where = w
print-does-where = いまどこかを聞く
print-keys-quit = q、Esc
print-does-quit = やめる(続きは残ります)
print-helper-heading = 困ったときは、この人に聞いてください
print-target = { $number }「{ $text }」
print-target-end = おしまい
print-if-yes = 「はい」なら → { $target }
print-if-option = { $option }（{ $key } を押す）→ { $target }
print-if-no = 「いいえ」なら → { $target }
print-timer = ここから { $minutes } 分の間です。
print-timer-expired = { $minutes } 分が過ぎたら → { $target }
print-next = 次は → { $target }
print-end = ここでおしまいです。
print-start = 始めるには: tebiki run { $id }

## エンジンに足りないもの（speech/backend.rs の `Missing`）
missing-platform = { $platform ->
        [windows] Windows では使えません
       *[other] この環境では使えません
    }
missing-language = { $lang }は話せません
missing-home = データを置くホームフォルダーがありません
missing-dictionary = { $platform ->
        [linux-package] 日本語の辞書が { $dir } にありません: tebiki のパッケージを入れ直してください（sudo apt install --reinstall tebiki）
        [windows] 日本語の辞書が { $dir } にありません: tebiki の zip をもう一度展開し、data フォルダーを tebiki.exe と同じ場所に置いてください
       *[other] 日本語の辞書が { $dir } にありません: scripts/setup.sh を実行してください
    }
missing-no-voice = { $platform ->
        [linux-package] { $lang }の声が { $dir } に入っていません: tebiki のパッケージを入れ直してください（sudo apt install --reinstall tebiki）
        [windows] { $lang }の声が { $dir } に入っていません: tebiki の zip をもう一度展開してください
       *[other] { $lang }の声が { $dir } に入っていません: scripts/setup.sh を実行してください
    }
missing-voice = { $platform ->
        [linux-package] 声 { $name } が { $dir } に入っていません: 使える声は `tebiki voices` で分かります。HTS の声は `tebiki data install --voice ファイル` で足せます
        [windows] 声 { $name } が { $dir } に入っていません: tebiki の zip をもう一度展開してください
       *[other] 声 { $name } が { $dir } に入っていません: scripts/setup.sh を実行してください
    }
missing-damaged = { $platform ->
        [linux-package] { $path } を読み込めません（壊れているか、別の版のものです）: tebiki のパッケージを入れ直してください（sudo apt install --reinstall tebiki）
        [windows] { $path } を読み込めません（壊れているか、別の版のものです）: tebiki の zip をもう一度展開してください
       *[other] { $path } を読み込めません（壊れているか、別の版のものです）: scripts/setup.sh をもう一度実行してください
    }
missing-model = { $platform ->
        [linux-package] { $path } が入っていません: ニューラル音声 Kokoro は Debian パッケージには入っていません（README の「Kokoro」の節に、tebiki のソースから入れる方法があります）
        [windows] { $path } が入っていません: ニューラル音声は、大きいほうの tebiki の zip（…-neural.zip）に入っています
       *[other] { $path } が入っていません: scripts/setup.sh を実行してください
    }
missing-library-kokoro = { $platform ->
        [linux-package] Kokoro 用の ONNX Runtime が入っていません: ニューラル音声は Debian パッケージには入っていません（README の「Kokoro」の節に、tebiki のソースから入れる方法があります）
        [windows] Kokoro 用の ONNX Runtime（onnxruntime.dll）がないか、読み込めません: 「Microsoft Visual C++ 再頒布可能パッケージ」（x64）を入れるか、tebiki の zip をもう一度展開してください
       *[other] Kokoro 用の ONNX Runtime がデータフォルダーにないか、読み込めません: scripts/setup.sh を実行してください
    }
missing-library = エンジンのライブラリが動きません: 入れ直してください
missing-library-espeak = eSpeak NG が動きません: espeak-ng と libespeak-ng1 を入れてください
missing-service = { $platform ->
        [windows] Windows の音声が応答しません: 「設定 > 時刻と言語 > 音声認識」で音声を追加してください
       *[other] システムの声（speech-dispatcher）が応えません: speech-dispatcher を入れて起動してください
    }
missing-system-language = システムに{ $lang }の声がありません
missing-no-file = 自分で再生するエンジンなので、音をファイルに書けません
doctor-engine-ok = { $engine } の { $voice } が{ $lang }を話せます（{ $ms } ミリ秒）
doctor-engine-plays = { $engine } が{ $lang }を自分で話せます
doctor-engine-missing = { $engine }（{ $lang }）: { $reason }
doctor-engine-silent = { $engine } の { $voice }（{ $lang }）から音が出ませんでした
doctor-engine-too-slow = { $engine }（{ $lang }）は{ $ago ->
        [0] 今日
        [1] 昨日
       *[other] { $ago } 日前
    }、このパソコンでは遅すぎました（声 1 秒を作るのに { $ratio } 秒）。あと { $left } 日は `auto` が次の声を使います。`--engine { $engine }` を付ければ、それでも使えます。
doctor-lang-none = { $platform ->
        [linux-package] ここでは{ $lang }を声で読めるものがありません（上を見てください）: tebiki のパッケージを入れ直してください（sudo apt install --reinstall tebiki）
        [windows] { $lang }を声で読めるものがありません（上を見てください）: tebiki の zip をもう一度展開し、「設定 > 時刻と言語 > 音声認識」で Windows の音声を追加してください
       *[other] ここでは{ $lang }を声で読めるものがありません（上を見てください）: scripts/setup.sh を実行してください
    }
