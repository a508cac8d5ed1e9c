"""The page's own words in English and Japanese, chosen by the browser's Accept-Language."""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Search agreements", "search": "Search", "placeholder": "Words in Japanese or English…",
        "results": "results", "result": "result", "with_some": "with some of the words", "no_results": "No results.",
        "did_you_mean": "Did you mean", "showing_for": "Showing results for", "no_results_for": "no results for",
        "any_term": "No record has all of the words; showing records with any of them.",
        "missing": "No record mentions", "some_words": "Records with some of the words", "also_searched": "Also searched as",
        "timed_out": "Stopped at the time limit: the results may be incomplete.",
        "filters": "Filters", "remove": "remove", "as_query": "As a query", "facets": "Refine",
        "institution": "Institution", "country": "Country", "kind": "Kind", "year": "Year", "date": "Date", "lang": "Language",
        "region": "Region", "partner": "Partner", "source": "Source",
        "previous": "Previous", "next": "Next", "explain": "Why this matched", "matched": "Matched words",
        "match_all": "every word of the query", "match_some": "some of the words", "score": "Score",
        "translations": "Translations used", "no_translations": "No name in the query has a translation.",
        "record": "Record", "facts": "Facts", "text": "Text", "similar": "Similar records (in either language)",
        "no_similar": "No similar records.", "back": "Back to the results", "links": "Links", "row": "Row",
        "keyboard": "Keys: / search, ↑ ↓ move, Enter open",
        "upload": "Add documents", "drop": "Drop a file here (.jsonl, .txt, .md, .html) or choose one:",
        "read": "Read the file", "preview": "How the file was read", "records_read": "records read from",
        "confirm": "Add them to the index", "cancel": "Cancel", "added": "records added to the index",
        "error": "Something went wrong", "browse": "Every record, by facet",
    },
    "ja": {
        "title": "協定を検索", "search": "検索", "placeholder": "日本語または英語で…",
        "results": "件", "result": "件", "with_some": "一部の語を含む", "no_results": "該当なし。",
        "did_you_mean": "もしかして", "showing_for": "次の検索結果を表示しています", "no_results_for": "該当なし",
        "any_term": "すべての語を含む記録はありません。いずれかの語を含む記録を表示しています。",
        "missing": "次の語を含む記録はありません", "some_words": "一部の語を含む記録", "also_searched": "次の名前でも検索",
        "timed_out": "時間制限で検索を打ち切りました。結果は不完全な場合があります。",
        "filters": "絞り込み", "remove": "解除", "as_query": "クエリで書くと", "facets": "絞り込む",
        "institution": "大学", "country": "国", "kind": "種類", "year": "年", "date": "日付", "lang": "言語",
        "region": "地域", "partner": "相手校", "source": "出典",
        "previous": "前へ", "next": "次へ", "explain": "一致した理由", "matched": "一致した語",
        "match_all": "クエリのすべての語", "match_some": "一部の語", "score": "スコア",
        "translations": "使われた訳語", "no_translations": "クエリに訳語のある名前はありません。",
        "record": "記録", "facts": "情報", "text": "本文", "similar": "類似の記録（日英とも）",
        "no_similar": "類似の記録はありません。", "back": "検索結果に戻る", "links": "リンク", "row": "行",
        "keyboard": "キー: / 検索、↑ ↓ 移動、Enter 開く",
        "upload": "文書を追加", "drop": "ここにファイルをドロップ（.jsonl, .txt, .md, .html）、または選択:",
        "read": "ファイルを読む", "preview": "ファイルの読み取り結果", "records_read": "件の記録を読み取りました:",
        "confirm": "索引に追加する", "cancel": "取り消す", "added": "件の記録を索引に追加しました",
        "error": "エラーが発生しました", "browse": "すべての記録（項目別）",
    },
}


def ui_language(accept_language: str | None, override: str | None = None) -> str:
    """"ja" or "en": `override` (?hl=) if it is one of them, else the browser's first choice of the two
    by q-value (Accept-Language: ja,en;q=0.8 -> ja); English when it names neither."""
    if override in LABELS:
        return override
    best, best_q = "en", 0.0
    for position, item in enumerate((accept_language or "")[:500].split(",")):
        tag, _, params = item.strip().partition(";")
        base = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        q -= position * 1e-6   # ties go to the earlier language, as browsers list them
        if base in LABELS and q > best_q:
            best, best_q = base, q
    return best
