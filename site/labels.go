package site

import (
	"fmt"
	"sync"
	"time"

	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/reply"
)

// uiLabels are the fixed words of the site, per language. Words that a reply
// also uses (conditions, sources, related) come from package reply, so that
// the page and the pasted reply say the same thing.
var uiLabels = map[kb.Lang]map[string]string{
	kb.EN: {
		"skip":              "Skip to content",
		"search":            "Search",
		"searchPlaceholder": "Type a question or keywords",
		"searchTitle":       "Search",
		"aliasMoved":        "This entry has moved:",
		"searchHelp":        "Type a question or a few keywords in the search box above; results appear as you type.",
		"searchNoJS":        "Search runs in your browser and needs JavaScript, which is turned off.",
		"browseAll":         "Browse all entries on the home page.",
		"language":          "Language",
		"footer":            "Every answer cites the sources it is based on.",
		"footerNav":         "Site",
		"home":              "Home",
		"breadcrumb":        "Breadcrumb",
		"summary":           "Summary",
		"heading.yes":       "What it can do",
		"heading.partly":    "What it can do with conditions",
		"heading.no":        "What it cannot do",
		"filterBy":          "Filter by service",
		"allServices":       "All",
		"filterStatus":      "Showing {shown} of {total} entries",
		"noneFiltered":      "No entry here involves the selected services.",
		"none":              "None.",
		"services":          "Services",
		"copyLink":          "Copy link",
		"copyReply":         "Copy as reply",
		"copyCode":          "Copy",
		"copied":            "Copied",
		"copyFailed":        "Could not copy; select the text and copy it yourself",
		"sectionLink":       "Link to this section: %s",
		"sectionLinkTitle":  "Copy link to this section",
		"explanation":       "Explanation",
		"history":           "History",
		"changedTo":         "changed to",
		"lastVerified":      "Last verified",
		"today":             "today",
		"dayAgo":            "1 day ago",
		"daysAgo":           "%d days ago",
		"stale":             "Last verified more than %d days ago. Check the sources before you rely on this answer.",
		"replyText":         "Reply text (Markdown)",
		"searchDescription": "Search the %s.",
		"allInGroup":        "All %d entries",
		"pages":             "Pages",
		"pageOf":            "page %d of %d",
	},
	kb.JA: {
		"skip":              "本文へスキップ",
		"search":            "検索",
		"searchPlaceholder": "質問やキーワードで検索",
		"searchTitle":       "検索",
		"aliasMoved":        "このエントリーは移動しました:",
		"searchHelp":        "上の検索欄に質問やキーワードを入力してください。入力に合わせて結果が表示されます。",
		"searchNoJS":        "検索はブラウザー上で動くため JavaScript が必要ですが、無効になっています。",
		"browseAll":         "ホームの一覧からエントリーを探せます。",
		"language":          "言語",
		"footer":            "すべての回答に根拠となる出典を記載しています。",
		"footerNav":         "サイト",
		"home":              "ホーム",
		"breadcrumb":        "パンくずリスト",
		"summary":           "概要",
		"heading.yes":       "できること",
		"heading.partly":    "条件付きでできること",
		"heading.no":        "できないこと",
		"filterBy":          "サービスで絞り込む",
		"allServices":       "すべて",
		"filterStatus":      "{total} 件中 {shown} 件を表示",
		"noneFiltered":      "選択したサービスに関わるエントリーはありません。",
		"none":              "ありません。",
		"services":          "サービス",
		"copyLink":          "リンクをコピー",
		"copyReply":         "回答文をコピー",
		"copyCode":          "コピー",
		"copied":            "コピーしました",
		"copyFailed":        "コピーできませんでした。テキストを選択してコピーしてください",
		"sectionLink":       "このセクションへのリンク: %s",
		"sectionLinkTitle":  "このセクションへのリンクをコピー",
		"explanation":       "解説",
		"history":           "変更履歴",
		"changedTo":         "から",
		"lastVerified":      "最終確認日",
		"today":             "今日",
		"dayAgo":            "1 日前",
		"daysAgo":           "%d 日前",
		"stale":             "最終確認から %d 日以上経っています。この回答を使う前に出典を確認してください。",
		"replyText":         "回答文 (Markdown)",
		"searchDescription": "%sを検索します。",
		"allInGroup":        "全 %d 件を見る",
		"pages":             "ページ",
		"pageOf":            "%d / %d ページ",
	},
}

// sharedLabels are taken from package reply (same words in page and reply).
var sharedLabels = []string{"conditions", "sources", "related"}

// labels returns every UI word for lang, the site's own and reply's shared
// ones: a map every page of lang shares, not to be modified.
func labels(lang kb.Lang) map[string]string {
	if m, ok := langLabels()[lang]; ok {
		return m
	}
	return makeLabels(lang)
}

// langLabels holds labels of each language, made once: every page has
// them (20,000 maps of some 60 labels at 10,000 entries otherwise). Pages
// only read them.
var langLabels = sync.OnceValue(func() map[kb.Lang]map[string]string {
	m := map[kb.Lang]map[string]string{}
	for _, l := range kb.Langs {
		m[l] = makeLabels(l)
	}
	return m
})

func makeLabels(lang kb.Lang) map[string]string {
	out := make(map[string]string, len(uiLabels[lang])+len(sharedLabels))
	for k, v := range uiLabels[lang] {
		out[k] = v
	}
	for _, k := range sharedLabels {
		out[k] = reply.Label(lang, k)
	}
	return out
}

// ago says how long ago verified was at now: "today", "1 day ago", "12 days ago".
func ago(lang kb.Lang, verified kb.Date, now time.Time) string {
	days := int(now.Sub(verified.Time).Hours() / 24)
	switch {
	case days <= 0:
		return uiLabels[lang]["today"]
	case days == 1:
		return uiLabels[lang]["dayAgo"]
	}
	return fmt.Sprintf(uiLabels[lang]["daysAgo"], days)
}

// otherLang is the language a page's language switch leads to.
func otherLang(lang kb.Lang) kb.Lang {
	if lang == kb.JA {
		return kb.EN
	}
	return kb.JA
}

// langName is each language's name in itself.
var langName = map[kb.Lang]string{kb.EN: "English", kb.JA: "日本語"}

// ogLocale is the Open Graph locale of each language.
var ogLocale = map[kb.Lang]string{kb.EN: "en_US", kb.JA: "ja_JP"}
