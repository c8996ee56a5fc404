package reply

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"
)

// hostile is an entry whose every piece of text tries to inject markup,
// links, images or terminal escape sequences.
func hostile() *kb.Entry {
	attack := "[click](javascript:alert(1)) ![x](data:image/png;base64,AAAA) <script>alert(1)</script> " +
		"<img src=x onerror=alert(1)> <javascript:alert(2)> &lt;b&gt; `code` *em* _em_ ~~del~~ | a | b |\n\n# heading\n\n- item\n> quote\n" +
		"\x1b]0;pwned\x07\x1b[2J\u009b31m"
	text := kb.Text{kb.EN: attack, kb.JA: attack}
	return &kb.Entry{
		ID: "hostile", Verdict: kb.Partly, Verified: kb.Date{Time: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)},
		Title: text, Answer: text,
		Conditions: kb.List{kb.EN: {attack, "1. numbered", "- dash", "+ plus", "===", "\\"}, kb.JA: {attack, "1) x", "-", "+", "=", "\\"}},
		Sources: []kb.Source{
			{URL: "https://example.com/a)(javascript:alert(1))\"onmouseover=\"x", Title: text, Supports: text},
			{URL: "javascript:alert(1)", Title: text, Supports: text},
			{URL: "https://example.com/ok", Title: text, Supports: text},
		},
		History: []kb.Change{{Date: kb.Date{Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}, Before: kb.No, After: kb.Partly, Note: text}},
	}
}

// render is what a permissive Markdown renderer (GFM, raw HTML allowed)
// makes of md: the worst place a reply can be pasted.
func render(t testing.TB, md string) *html.Node {
	t.Helper()
	var buf bytes.Buffer
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	if err := gm.Convert([]byte(md), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// checkInert fails unless doc holds only the elements a reply writes (p,
// strong, lists, links), every link goes to http(s) (or mailto, GFM's
// autolinked e-mail addresses), and there are wantItems list items.
func checkInert(t testing.TB, md string, doc *html.Node, wantItems int) {
	t.Helper()
	allowed := map[string]bool{"html": true, "head": true, "body": true, "p": true, "strong": true, "ul": true, "ol": true, "li": true, "a": true}
	items := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if !allowed[n.Data] {
				t.Fatalf("a reply renders <%s>:\n%s", n.Data, md)
			}
			if n.Data == "li" {
				items++
			}
			for _, a := range n.Attr {
				if n.Data != "a" || a.Key != "href" {
					t.Fatalf("a reply renders <%s %s=%q>:\n%s", n.Data, a.Key, a.Val, md)
				}
				scheme, _, _ := strings.Cut(strings.ToLower(a.Val), ":")
				if scheme != "https" && scheme != "http" && scheme != "mailto" {
					t.Fatalf("a reply links to %q:\n%s", a.Val, md)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if wantItems >= 0 && items != wantItems {
		t.Fatalf("a reply renders %d list items, want %d:\n%s", items, wantItems, md)
	}
}

// TestEntryMarkdownIsInert: links other than http(s), images, raw HTML and
// Markdown structure in content do not survive into the reply that `ask
// --format markdown` prints and "Copy as reply" copies (issue 12, row 9).
func TestEntryMarkdownIsInert(t *testing.T) {
	e := hostile()
	for _, lang := range kb.Langs {
		md := EntryMarkdown(e, lang, "https://kb.example.com")
		// 6 conditions, 3 sources: nothing else becomes a list item.
		checkInert(t, md, render(t, md), 9)
		if strings.Contains(md, "\x1b") || strings.Contains(md, "\u009b") {
			t.Errorf("control characters in the reply:\n%q", md)
		}
		if !strings.Contains(md, "](https://example.com/a%29%28javascript:alert%281%29%29%22onmouseover=%22x)") {
			t.Errorf("the source URL is not escaped for Markdown:\n%s", md)
		}
		if !strings.Contains(md, "](https://kb.example.com/"+string(lang)+"/hostile/)") {
			t.Errorf("no permalink:\n%s", md)
		}
	}
}

// TestMarkdownKeepsTheWords: escaping changes how the text is written, not
// what a reader sees.
func TestMarkdownKeepsTheWords(t *testing.T) {
	for _, s := range []string{"Partly: *.example.com [only] <b>bold</b> & 1. first", "1. one", "- dash", "AWS_REGION_NAME"} {
		md := render(t, mdText(s))
		var text strings.Builder
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.TextNode {
				text.WriteString(n.Data)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(md)
		if got := strings.TrimSpace(text.String()); got != s {
			t.Errorf("mdText(%q) renders as %q", s, got)
		}
	}
}

// TestTextHasNoControlCharacters: the terminal output of an entry whose
// text carries OSC (set title), CSI (clear screen) and C1 sequences is
// plain (issue 12, row 10).
func TestTextHasNoControlCharacters(t *testing.T) {
	e := hostile()
	s := Settings{BaseURL: "https://kb.example.com", Title: func(string) kb.Text { return e.Title }}
	e.Related = []string{"x\x1b[2J"}
	for _, color := range []bool{false, true} {
		s.Color = color
		answered := &kb.Answer{Question: "q", Lang: kb.EN, Answered: true, Entry: e}
		notAnswered := &kb.Answer{Question: "q", Lang: kb.EN, Alternatives: []kb.Alternative{{ID: "hostile", Title: e.Title}}}
		severalFit := &kb.Answer{Question: "q", Lang: kb.EN, Ambiguous: true, Alternatives: []kb.Alternative{{ID: "hostile", Title: e.Title, Fits: e}}}
		for _, a := range []*kb.Answer{answered, notAnswered, severalFit} {
			var buf bytes.Buffer
			if err := Text(&buf, a, s); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, code := range []string{reset, bold, dim, verdictColor[kb.Partly]} {
				out = strings.ReplaceAll(out, code, "") // the colours Text itself writes
			}
			for _, r := range out {
				if unicode.IsControl(r) && r != '\n' {
					t.Fatalf("color=%v: %U in the output:\n%q", color, r, buf.String())
				}
			}
		}
	}
}

// TestSeveralFitAreNumberedInOrder: when several entries fit, the text
// reply numbers the ones that fit 1, 2, … (a chat picks them by those
// numbers), skipping a listed entry that does not fit, and shows what each
// that fits says.
func TestSeveralFitAreNumberedInOrder(t *testing.T) {
	entry := func(id string, v kb.Verdict, answer string) *kb.Entry {
		return &kb.Entry{ID: id, Verdict: v, Title: kb.Text{kb.EN: "Title " + id}, Answer: kb.Text{kb.EN: answer}}
	}
	a := &kb.Answer{Question: "q", Lang: kb.EN, Ambiguous: true, Alternatives: []kb.Alternative{
		{ID: "a", Title: kb.Text{kb.EN: "Title a"}, Fits: entry("a", kb.Yes, "Yes: a.")},
		{ID: "b", Title: kb.Text{kb.EN: "Title b"}},
		{ID: "c", Title: kb.Text{kb.EN: "Title c"}, Fits: entry("c", kb.No, "No: c.")},
	}}
	var buf bytes.Buffer
	if err := Text(&buf, a, Settings{BaseURL: "https://kb.example.com"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"  1. YES  Title a\n     Yes: a.\n     https://kb.example.com/en/a/\n",
		"  - Title b  https://kb.example.com/en/b/\n",
		"  2. NO  Title c\n     No: c.\n",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("reply lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestPlain(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                        "plain",
		"a\x1b]0;title\x07b":           "a]0;titleb",
		"two\nlines\tand\r tab":        "two lines and  tab",
		"c1 \u009b31m":                 "c1 31m",
		"bad utf8 \x9b31m":             "bad utf8 \uFFFD31m",
		"日本語\u200b":                    "日本語\u200b",
		"\x00\x01\x7f":                 "",
		"keeps [brackets] and <angle>": "keeps [brackets] and <angle>",
	} {
		if got := Plain(in); got != want {
			t.Errorf("Plain(%q) = %q, want %q", in, got, want)
		}
	}
}

// shippedEntries are the embedded entries, seeds for the fuzz targets.
func shippedEntries(t testing.TB) []*kb.Entry {
	k, problems := loader.Load(content.FS(), loader.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	return k.Entries
}

// FuzzEntryMarkdown fills an entry's text with anything and wants the reply
// inert: only its own elements and http(s) links, one list item per
// condition and source.
//
//	go test ./reply -run '^$' -fuzz FuzzEntryMarkdown -fuzztime 10m
func FuzzEntryMarkdown(f *testing.F) {
	h := hostile()
	f.Add(h.Answer[kb.EN], h.Conditions[kb.EN][1], h.Sources[0].URL, "https://kb.example.com")
	for _, e := range shippedEntries(f) {
		cond := e.Title[kb.JA]
		if c := e.Conditions.In(kb.JA); len(c) > 0 {
			cond = c[0]
		}
		f.Add(e.Answer[kb.EN], cond, e.Sources[0].URL, "https://acmkb.netlify.app")
	}
	f.Fuzz(func(t *testing.T, text, cond, srcURL, base string) {
		if strings.TrimSpace(Plain(text)) == "" || strings.TrimSpace(Plain(cond)) == "" {
			t.Skip("the loader refuses empty text")
		}
		e := &kb.Entry{ID: "x", Verdict: kb.Yes, Title: kb.Text{kb.EN: text}, Answer: kb.Text{kb.EN: text},
			Conditions: kb.List{kb.EN: {cond, text}},
			Sources:    []kb.Source{{URL: srcURL, Title: kb.Text{kb.EN: text}}, {URL: "https://example.com/" + text, Title: kb.Text{kb.EN: cond}}}}
		md := EntryMarkdown(e, kb.EN, base)
		checkInert(t, md, render(t, md), 4)
	})
}

// FuzzText: whatever the content, the terminal output has no control
// characters but line breaks, and the JSON is valid and carries the text
// unchanged.
//
//	go test ./reply -run '^$' -fuzz FuzzText -fuzztime 10m
func FuzzText(f *testing.F) {
	f.Add(hostile().Answer[kb.EN], "https://example.com/")
	for _, e := range shippedEntries(f) {
		f.Add(e.Title[kb.JA], e.Sources[0].URL)
	}
	f.Fuzz(func(t *testing.T, text, u string) {
		e := &kb.Entry{ID: "x", Verdict: kb.No, Title: kb.Text{kb.EN: text}, Answer: kb.Text{kb.EN: text},
			Conditions: kb.List{kb.EN: {text}}, Sources: []kb.Source{{URL: u, Title: kb.Text{kb.EN: text}}}}
		a := &kb.Answer{Question: text, Lang: kb.EN, Answered: true, Entry: e, Alternatives: []kb.Alternative{{ID: "y", Title: kb.Text{kb.EN: text}}}}
		var buf bytes.Buffer
		if err := Text(&buf, a, Settings{BaseURL: u}); err != nil {
			t.Fatal(err)
		}
		for _, r := range buf.String() {
			if unicode.IsControl(r) && r != '\n' {
				t.Fatalf("%U in %q", r, buf.String())
			}
		}
		buf.Reset()
		if err := JSON(&buf, a, Settings{}); err != nil {
			t.Fatal(err)
		}
		var j JSONAnswer
		if err := json.Unmarshal(buf.Bytes(), &j); err != nil {
			t.Fatalf("invalid JSON: %v\n%s", err, buf.Bytes())
		}
		if string([]rune(text)) != j.Answer { // invalid UTF-8: one U+FFFD per byte
			t.Fatalf("JSON answer %q, want %q", j.Answer, text)
		}
	})
}

var _ fs.FS = content.FS()

// TestVerdictIsNotWrittenTwice: an answer that starts with its verdict
// ("Partly: ...", "はい、...") has that start in bold in the Markdown reply,
// not the verdict in bold before it again.
func TestVerdictIsNotWrittenTwice(t *testing.T) {
	for _, tc := range []struct{ label, answer, want string }{
		{"Partly", "Partly: since 2025 you can.", "**Partly:** since 2025 you can."},
		{"Partly", "Partly free: public ones.", "**Partly** free: public ones."},
		{"はい", "はい、できます。", "**はい**、できます。"},
		{"条件付きで可能", "条件付きで可能：2025-06-17 以降なら。", "**条件付きで可能**：2025-06-17 以降なら。"},
		{"いいえ", "いいえ。", "**いいえ。**"},
		{"条件付きで可能", "条件付きで可能:ACM は推奨しません。", "**条件付きで可能**:ACM は推奨しません。"},
		{"条件付きで可能", "条件付きで可能: 最初の名前は。", "**条件付きで可能:** 最初の名前は。"},
		{"No", "You cannot.", "**No** You cannot."},
		{"Yes", "Yes", "**Yes**"},
	} {
		if got := verdictLead(tc.label, tc.answer); got != tc.want {
			t.Errorf("verdictLead(%q, %q) = %q, want %q", tc.label, tc.answer, got, tc.want)
		}
	}
}

// TestCloseCallIsShownToTheReaderNotPasted: a close call is said under the
// title with the words the entry lacks (control characters dropped, as a
// question may hold them); the Markdown reply, which is pasted for a
// customer, leaves it out; JSON carries it.
func TestCloseCallIsShownToTheReaderNotPasted(t *testing.T) {
	e := &kb.Entry{ID: "revoke", Verdict: kb.Partly, Title: kb.Text{kb.EN: "Revoke", kb.JA: "失効"}, Answer: kb.Text{kb.EN: "Partly.", kb.JA: "条件付き。"}}
	for _, tt := range []struct {
		lang kb.Lang
		want string
	}{
		{kb.EN, "Close call: check that this entry answers the question before you use it. Not in this entry: stapling, must.\n"},
		{kb.JA, "確度の低い回答です。このエントリーが質問に答えているか確認してから使ってください。 このエントリーにない語: stapling、must。\n"},
	} {
		a := &kb.Answer{Lang: tt.lang, Answered: true, Entry: e, CloseCall: true, Unmatched: []string{"stapling", "mu\x1b[2Jst"}}
		var text, md, js bytes.Buffer
		if err := Text(&text, a, Settings{}); err != nil {
			t.Fatal(err)
		}
		if got := strings.SplitAfterN(text.String(), "\n", 3)[1]; got != strings.Replace(tt.want, "must", "mu[2Jst", 1) {
			t.Errorf("%s: second line %q, want %q", tt.lang, got, tt.want)
		}
		if err := Markdown(&md, a, Settings{}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(md.String(), "stapling") {
			t.Errorf("%s: the pasted reply names the close call: %q", tt.lang, md.String())
		}
		if err := JSON(&js, a, Settings{}); err != nil {
			t.Fatal(err)
		}
		var j JSONAnswer
		if err := json.Unmarshal(js.Bytes(), &j); err != nil {
			t.Fatal(err)
		}
		if !j.CloseCall || len(j.Unmatched) != 2 {
			t.Errorf("%s: JSON close_call %v, unmatched %q", tt.lang, j.CloseCall, j.Unmatched)
		}
		a.CloseCall, a.Unmatched = false, nil
		text.Reset()
		if err := Text(&text, a, Settings{}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(text.String(), "Close call") || strings.Contains(text.String(), "確度") {
			t.Errorf("%s: a clear answer is marked: %q", tt.lang, text.String())
		}
	}
}

// TestNotCoveredSaysWhatTheNearestLacks: a question no entry answers is
// told which of its words the nearest entry lacks, under the nearest
// entries, in the question's language; entries that fit alike are not.
func TestNotCoveredSaysWhatTheNearestLacks(t *testing.T) {
	for _, tt := range []struct {
		lang kb.Lang
		want string
	}{
		{kb.EN, "\nNot in the nearest entry: minecraft, pi.\n"},
		{kb.JA, "\n最も近いエントリーにない語: minecraft、pi。\n"},
	} {
		a := &kb.Answer{Lang: tt.lang, Alternatives: []kb.Alternative{{ID: "x", Title: kb.Text{kb.EN: "X", kb.JA: "X"}}}, Unmatched: []string{"minecraft", "p\x1bi"}}
		var text bytes.Buffer
		if err := Text(&text, a, Settings{}); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(text.String(), tt.want) { // the escape dropped, as Plain does
			t.Errorf("%s: %q, want it to end %q", tt.lang, text.String(), tt.want)
		}
		a.Ambiguous = true
		text.Reset()
		if err := Text(&text, a, Settings{}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(text.String(), "minecraft") {
			t.Errorf("%s: entries that fit alike name missing words: %q", tt.lang, text.String())
		}
	}
}

// TestNumbersAloneAreNoQuestion: a question of numbers alone ("4", which
// a chat reads as a choice) is told to say in words what it asks, not that
// the nearest entry "does not answer clearly enough" (ECR newcomer, finding
// 13), in the question's language.
func TestNumbersAloneAreNoQuestion(t *testing.T) {
	for _, tt := range []struct {
		lang kb.Lang
		want string
	}{
		{kb.EN, "\nA number alone is not a question: say in words what you want to know.\n"},
		{kb.JA, "\n数字だけでは質問になりません。知りたいことを言葉で書いてください。\n"},
	} {
		a := &kb.Answer{Lang: tt.lang, Concepts: 1, Numbers: true, Alternatives: []kb.Alternative{{ID: "x", Title: kb.Text{kb.EN: "X", kb.JA: "X"}}}}
		var text bytes.Buffer
		if err := Text(&text, a, Settings{}); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(text.String(), tt.want) || strings.Contains(text.String(), "clearly") {
			t.Errorf("%s: %q, want it to end %q", tt.lang, text.String(), tt.want)
		}
		// The "nearest" entries of a number are any that state a figure:
		// none is listed, in any format, and JSON says why.
		var md bytes.Buffer
		if err := Markdown(&md, a, Settings{}); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(md.String(), tt.want) {
			t.Errorf("%s: Markdown %q, want it to end %q", tt.lang, md.String(), tt.want)
		}
		if j := ToJSON(a, Settings{}); len(j.Alternatives) != 0 || !j.NumbersOnly {
			t.Errorf("%s: JSON alternatives %v, numbers_only %v", tt.lang, j.Alternatives, j.NumbersOnly)
		}
		if strings.Contains(text.String()+md.String(), "X") {
			t.Errorf("%s: a nearest entry is listed:\n%s\n%s", tt.lang, text.String(), md.String())
		}
	}
}

// TestFollowUpSaysTheVerdictIsTheEntrys: an answer to a follow-up read with
// the previous question says so under the title, since its verdict answers
// the entry's title ("and for the apex domain?" after a wildcard question
// gets the wildcard entry's yes); a question asked alone does not.
func TestFollowUpSaysTheVerdictIsTheEntrys(t *testing.T) {
	e := &kb.Entry{ID: "wildcard", Verdict: kb.Yes, Title: kb.Text{kb.EN: "Wildcard", kb.JA: "ワイルドカード"}, Answer: kb.Text{kb.EN: "Yes.", kb.JA: "はい。"}}
	for _, follow := range []bool{true, false} {
		a := &kb.Answer{Lang: kb.EN, Answered: true, Entry: e, FollowUp: follow}
		var text bytes.Buffer
		if err := Text(&text, a, Settings{}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(text.String(), "Read with your previous question"); got != follow {
			t.Errorf("follow-up %v: the note is there: %v\n%s", follow, got, text.String())
		}
	}
}

// TestSubjectAloneAsksForAQuestion: "ACM" gets the prompt an empty question
// gets, and no entries; JSON says subject_only.
func TestSubjectAloneAsksForAQuestion(t *testing.T) {
	a := &kb.Answer{Lang: kb.EN, Concepts: 1, SubjectOnly: true, Alternatives: []kb.Alternative{{ID: "x", Title: kb.Text{kb.EN: "Xtitle"}}}}
	var text bytes.Buffer
	if err := Text(&text, a, Settings{Product: kb.Text{kb.EN: "AWS Certificate Manager"}}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(text.String(), "Ask a question about what AWS Certificate Manager can or cannot do.\n") || strings.Contains(text.String(), "Xtitle") {
		t.Errorf("got %q", text.String())
	}
	if j := ToJSON(a, Settings{}); !j.SubjectOnly || len(j.Alternatives) != 0 {
		t.Errorf("JSON subject_only %v, alternatives %v", j.SubjectOnly, j.Alternatives)
	}
}

// TestMarkdownAsksForAQuestionAsTextDoes: the Markdown reply to "ACM" or to
// a message with nothing to search for said only that the knowledge base
// does not cover it, where the text reply (and the Markdown reply to "4")
// says what to ask.
func TestMarkdownAsksForAQuestionAsTextDoes(t *testing.T) {
	s := Settings{Product: kb.Text{kb.EN: "AWS Certificate Manager", kb.JA: "AWS Certificate Manager"}}
	for _, a := range []*kb.Answer{
		{Lang: kb.EN, Concepts: 1, SubjectOnly: true},
		{Lang: kb.EN, Concepts: 0},
		{Lang: kb.JA, Concepts: 1, SubjectOnly: true},
	} {
		var text, md bytes.Buffer
		if err := Text(&text, a, s); err != nil {
			t.Fatal(err)
		}
		if err := Markdown(&md, a, s); err != nil {
			t.Fatal(err)
		}
		hint, _, _ := strings.Cut(text.String(), "\n")
		if !strings.Contains(hint, "AWS Certificate Manager") {
			t.Fatalf("text reply starts %q", hint)
		}
		if !strings.HasPrefix(md.String(), hint+"\n") {
			t.Errorf("%s, subject only %v: Markdown reply %q lacks %q", a.Lang, a.SubjectOnly, md.String(), hint)
		}
	}
}
