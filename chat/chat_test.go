package chat_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/chat"
	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
	"github.com/acmkb/acmkb/reply"
)

func openIndex(tb testing.TB) *index.Index {
	tb.Helper()
	k, problems := loader.Load(content.FS(), loader.Options{Now: func() time.Time { return time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC) }})
	if err := problems.Err(); err != nil {
		tb.Fatal(err)
	}
	dir := filepath.Join(tb.TempDir(), "idx")
	if err := index.Build(k, dir); err != nil {
		tb.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

// memoryIndex loads the knowledge base in dir and indexes it in memory.
func memoryIndex(tb testing.TB, dir string) (*kb.KB, *index.Index) {
	tb.Helper()
	k, problems := loader.Load(os.DirFS(dir), loader.Options{})
	if err := problems.Err(); err != nil {
		tb.Fatal(err)
	}
	ix, err := index.Memory(k)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return k, ix
}

func TestFollowUps(t *testing.T) {
	s := &chat.Session{Index: openIndex(t)}
	steps := []struct {
		q, want  string
		followUp bool
	}{
		{"can I copy an ACM certificate to another region?", "copy-across-regions-accounts", false},
		{"what about another account?", "copy-across-regions-accounts", true},
		// The previous question says what a follow-up is about, not what it
		// asks: nothing covers DNSSEC or the weather. Both are still read as
		// follow-ups (and not answered), not asked anew.
		{"and dnssec?", "", true},
		{"and the weather?", "", true},
		{"can I export an ACM public certificate?", "export-certificate", false},
		{"and the private key?", "export-private-key", true},
		{"I imported a certificate from DigiCert", "import-third-party", false},
		// A question that refers back is read with the previous one or not
		// answered: on its own, "it" would be any certificate, and the
		// answer (managed renewal) would be about ACM's own certificates.
		// Read with the previous one, without its pro-form ("renew it
		// automatically" is "renew automatically"), it is about renewing
		// an imported certificate.
		{"will ACM renew it automatically?", "renew-imported-certificates", true},
		{"does ACM renew imported certificates?", "renew-imported-certificates", false},
	}
	for _, st := range steps {
		a, err := s.Ask(st.q)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if a.Answered {
			got = a.Entry.ID
		}
		if got != st.want || a.FollowUp != st.followUp {
			t.Errorf("%q: got %q (follow-up %v), want %q (follow-up %v)", st.q, got, a.FollowUp, st.want, st.followUp)
		}
	}
}

func TestCommands(t *testing.T) {
	s := &chat.Session{Index: openIndex(t)}
	var out strings.Builder
	in := "/sources\ncan I export the private key?\n/link\n/lang ja\n/lang xx\n/nein\n/lang EN\n/nope\n/quit\n/after-quit\n"
	if err := s.Run(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	// After /lang ja, what chat says of a wrong command is in Japanese too,
	// as its help is.
	for _, want := range []string{"No answer yet", "/en/export-private-key/\n", "lang: ja", "使い方: /lang en|ja|auto", "/nein というコマンドはありません", "lang: en\n", "unknown command /nope"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "/after-quit") {
		t.Error("read past /quit")
	}
}

// TestChooseAmongEntriesThatFit: after an answer where several entries fit
// alike, a number (ASCII or full-width) shows that entry in full, as the
// answer to the question, and follow-ups read with it; a number that picks
// nothing, or one typed when no choice was offered, is not answered.
func TestChooseAmongEntriesThatFit(t *testing.T) {
	ix := openIndex(t)
	s := &chat.Session{Index: ix}
	// The number of an entry among those that fit, as the reply lists them
	// (their order follows the content, not this test).
	// and how many fit.
	number := func(q, id string) (pos, fit int) {
		t.Helper()
		a, err := ix.Ask(q, index.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, alt := range a.Alternatives {
			if alt.Fits != nil {
				fit++
				if alt.ID == id {
					pos = fit
				}
			}
		}
		if pos == 0 || fit < 2 {
			t.Fatalf("%q: %s is not among the entries that fit (%d)", q, id, fit)
		}
		return pos, fit
	}
	en, enFit := number("ACM audit logs", "certificate-transparency")
	ja, jaFit := number("証明書の期限が切れそうです", "expiry-notifications")
	var out strings.Builder
	in := "7\n" + "ACM audit logs\n" + strconv.Itoa(en) + "\n/link\n" +
		"証明書の期限が切れそうです\n" + string(rune('０'+ja)) + "\n" + // full-width, as an IME types it
		"ACM audit logs\n9\n" +
		"4\n"
	if err := s.Run(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		fmt.Sprintf("Type a number (1-%d) to see that entry in full.", enFit),
		"\nNO  Opt out of certificate transparency logging for an ACM certificate\n", // in full
		"Conditions:",
		"/en/certificate-transparency/\n", // /link of the choice
		fmt.Sprintf("番号(1〜%d)を入力すると", jaFit),
		"\nはい  ACM 証明書の有効期限が切れる前に通知を受け取る\n", // in Japanese
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	// "7" comes before any list, "9" and "4" pick nothing of the few that
	// fit: none is asked as a question (a number alone names no topic);
	// the reader is told there is no list, then the range.
	if !strings.HasPrefix(got, "There is no list to pick from: ask a question.\n") {
		t.Errorf("7, with no list showing, is not told so:\n%s", got)
	}
	if n := strings.Count(got, fmt.Sprintf("Type a number (1-%d) to see that entry in full.", enFit)); n != 4 {
		t.Errorf("the range should be said after each of the two English lists and again for 9 and 4 (%d times):\n%s", n, got)
	}
	if strings.Contains(got, "does not cover this question") {
		t.Errorf("a number was asked as a question:\n%s", got)
	}
}

// TestChooseAmongNearestEntries: after a question no entry answers, a number
// shows one of the nearest entries listed, in full.
func TestChooseAmongNearestEntries(t *testing.T) {
	ix := openIndex(t)
	const q = "how do I configure OCSP stapling on nginx?"
	a, err := ix.Ask(q, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Answered || a.Ambiguous || len(a.Alternatives) < 2 {
		t.Fatalf("%q: answered %v, ambiguous %v, %d nearest: want not covered with nearest entries", q, a.Answered, a.Ambiguous, len(a.Alternatives))
	}
	second := ix.Entry(a.Alternatives[1].ID)
	var out strings.Builder
	s := &chat.Session{Index: ix}
	if err := s.Run(strings.NewReader(q+"\n2\n/link\n"), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		fmt.Sprintf("Type a number (1-%d) to see that entry in full.", len(a.Alternatives)),
		"\n" + strings.ToUpper(string(second.Verdict)) + "  " + second.Title.In(kb.EN) + "\n",
		"/en/" + second.ID + "/\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

// BenchmarkChatTurn measures one chat turn on an open index (budget: 5 ms).
func BenchmarkChatTurn(b *testing.B) {
	s := &chat.Session{Index: openIndex(b)}
	var out strings.Builder
	qs := []string{"can I copy an ACM certificate to another region?", "and another account?", "ACM の証明書の秘密鍵をエクスポートできますか", "does ACM renew imported certs?"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out.Reset()
		if _, err := s.Handle(qs[i%len(qs)], &out); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLongLineDoesNotEndTheConversation: a line over a megabyte piped into
// chat is answered with an error and the questions after it are still
// answered (issue 12, row 17: bufio.Scanner aborted the session).
func TestLongLineDoesNotEndTheConversation(t *testing.T) {
	s := &chat.Session{Index: openIndex(t)}
	in := "can I export the private key of an ACM certificate?\n" +
		strings.Repeat("export ", 300_000) + "\n" + // 2.1 MB
		strings.Repeat("鍵", kb.MaxQuestion+1) + "\n" +
		"can I copy an ACM certificate to another region?\n"
	var out strings.Builder
	if err := s.Run(strings.NewReader(in), &out); err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := out.String()
	if n := strings.Count(got, "too long"); n != 2 {
		t.Errorf("%d 'too long' messages, want 2:\n%.2000s", n, got)
	}
	if !strings.Contains(got, "PARTLY  Export") || !strings.Contains(got, "NO  Copy") {
		t.Errorf("the questions around the long lines are not all answered:\n%.3000s", got)
	}
	if len(got) > 20_000 {
		t.Errorf("%d bytes of output: the long line is echoed", len(got))
	}
}

// TestChatCommandsPrintPlainText: /sources and unknown commands print no
// control characters.
func TestChatCommandsPrintPlainText(t *testing.T) {
	s := &chat.Session{Index: openIndex(t)}
	var out strings.Builder
	if err := s.Run(strings.NewReader("can I export the private key?\n/sources\n/\x1b]0;x\x07\n"), &out); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(out.String(), "\x1b\x07") {
		t.Errorf("control characters in %q", out.String())
	}
}

// TestHelpNamesTheKnowledgeBase: the chat greets with the product and an
// example question of the knowledge base it answers from, not ACM's.
func TestHelpNamesTheKnowledgeBase(t *testing.T) {
	k, ix := memoryIndex(t, "../examples/secretsmanager")
	for _, lang := range kb.Langs {
		s := &chat.Session{Index: ix, Lang: lang}
		var out strings.Builder
		if err := s.Run(strings.NewReader("/help\n"), &out); err != nil {
			t.Fatal(err)
		}
		first := k.Entries[0].Examples[lang][0]
		if got := out.String(); !strings.Contains(got, k.Config.Product.In(lang)) || !strings.Contains(got, first) || strings.Contains(got, "Certificate Manager") {
			t.Errorf("%s help:\n%s\nwant %q and %q, not ACM's", lang, got, k.Config.Product.In(lang), first)
		}
	}
}

// TestEllipticalFollowUpsStayOnTheirEntry: in a small knowledge base (the
// newcomer test's five Parameter Store entries, testdata/paramstore), a
// short follow-up that opens with "and", "what about", "では" or refers back
// ("それは") is answered by the entry the conversation is on when that entry
// covers what it adds, and is otherwise not covered: never answered, with
// its verdict, by the entry that merely holds its few words (finding 6 of
// the newcomer test: "and SecureString ones?" after a question on sharing
// got YES from the SecureString encryption entry). A full question is still
// answered anew, opener or not.
func TestEllipticalFollowUpsStayOnTheirEntry(t *testing.T) {
	_, ix := memoryIndex(t, "testdata/paramstore")
	const (
		share  = "share-parameter-cross-account"
		large  = "large-parameter-value"
		secure = "securestring-customer-managed-key"
		ref    = "reference-secrets-manager"
		none   = "" // not covered
	)
	type turn struct{ q, want string }
	conversations := [][]turn{
		{{"can I share a parameter with another account?", share},
			{"and SecureString ones?", share}, // the sharing entry's third condition
			{"and another region?", none}},    // the sharing entry says nothing of regions
		{{"can I share a parameter with another account?", share},
			{"what about SecureString parameters?", share}},
		{{"how big can a parameter be", large},
			{"and for advanced ones?", large},
			{"and standard ones?", large}},
		// A full question is asked anew, with an opener or without.
		{{"can I share a parameter with another account?", share},
			{"then can Parameter Store read a Secrets Manager secret by reference?", ref}},
		{{"can I share a parameter with another account?", share},
			{"can I encrypt a SecureString parameter with my own KMS key?", secure}},
		{{"パラメータを別のアカウントと共有できますか", share},
			{"では SecureString は?", share},
			{"では別のリージョンは?", none}},
		{{"パラメータを別のアカウントと共有できますか", share},
			{"それは SecureString でもできますか", share}},
		{{"パラメータを別のアカウントと共有できますか", share},
			{"では、Parameter Store から Secrets Manager のシークレットを参照できますか", ref}},
	}
	// What the reply's first line says for each entry, in either language.
	first := map[string]string{none: "", share: "", large: "", secure: "", ref: ""}
	for id := range first {
		if e := ix.Entry(id); e != nil {
			first[id] = e.Title.In(kb.EN) + "|" + e.Title.In(kb.JA)
		} else if id != none {
			t.Fatalf("no entry %s in testdata/paramstore", id)
		}
	}
	for _, conv := range conversations {
		s := &chat.Session{Index: ix}
		for _, tr := range conv {
			var out strings.Builder
			if _, err := s.Handle(tr.q, &out); err != nil {
				t.Fatal(err)
			}
			line, _, _ := strings.Cut(out.String(), "\n")
			got := none
			for id, titles := range first {
				en, ja, _ := strings.Cut(titles, "|")
				if id != none && (strings.HasSuffix(line, "  "+en) || strings.HasSuffix(line, "  "+ja)) {
					got = id
				}
			}
			if got == none && !strings.Contains(line, "does not cover") && !strings.Contains(line, "対象外です") {
				t.Fatalf("%q: unexpected reply %q", tr.q, line)
			}
			if got != tr.want {
				t.Errorf("after %q, %q: answered by %q (%s), want %q", conv[0].q, tr.q, got, line, tr.want)
			}
		}
	}
}

// TestSourcesAfterQuestionNotAnswered: /sources and /link after a question
// no entry answered printed the previous answer's sources and permalink as if
// they were the last question's, ready to be pasted into the ticket of the
// question not answered. They still print them, under a line that says
// whose they are.
func TestSourcesAfterQuestionNotAnswered(t *testing.T) {
	s := &chat.Session{Index: openIndex(t)}
	var out strings.Builder
	in := "can I export the private key?\ndoes ACM run minecraft servers?\n/sources\n/link\n"
	if err := s.Run(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	_, after, ok := strings.Cut(got, "does not cover this question")
	if !ok {
		t.Fatalf("the second question was answered:\n%s", got)
	}
	note := `The last question was not answered: these are of the answer before it, to "can I export the private key?" (export-private-key).`
	if n := strings.Count(after, note); n != 2 {
		t.Errorf("after the question not answered, /sources and /link say %d times whose they are, want 2:\n%s", n, after)
	}
	if !strings.Contains(after, "/en/export-private-key/\n") {
		t.Errorf("/link no longer prints the permalink:\n%s", after)
	}

	// Once a question is answered again, they are its own, with no note;
	// so are those of an entry picked by number from the nearest ones.
	out.Reset()
	s = &chat.Session{Index: openIndex(t)}
	if err := s.Run(strings.NewReader("can I export the private key?\n/sources\nACM の証明書を別リージョンにコピーできる？\n/link\n"), &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "not answered") || strings.Contains(out.String(), "回答していません") {
		t.Errorf("a note after answered questions:\n%s", out.String())
	}
	out.Reset()
	s = &chat.Session{Index: openIndex(t)}
	if err := s.Run(strings.NewReader("ACM の証明書を別リージョンにコピーできる？\nマインクラフトのサーバーで使える？\n/link\n"), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "直前の質問には回答していません。以下はその前の回答(「ACM の証明書を別リージョンにコピーできる？」への回答、copy-across-regions-accounts)のものです。") {
		t.Errorf("no Japanese note:\n%s", out.String())
	}
}

// TestMarkdownRepliesKeepTheirCautions: in chat --format markdown a
// follow-up's answer, whose verdict is the entry's and not the follow-up's,
// and a close call came as plain replies, with neither caution anywhere
// (ask --format markdown prints a close call's on standard error). The
// cautions go to Notes, apart from the reply that is pasted.
func TestMarkdownRepliesKeepTheirCautions(t *testing.T) {
	var out, notes strings.Builder
	s := &chat.Session{Index: openIndex(t), Format: "markdown", Notes: &notes}
	in := "can I copy a certificate to another region?\nand to another account?\nDoes ACM support OCSP stapling on my load balancer?\n"
	if err := s.Run(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	want := "Read with your previous question: the verdict is this entry's; check what it says of what you added.\n" +
		"Close call: check that this entry answers the question before you use it. Not in this entry: stapling.\n"
	if notes.String() != want {
		t.Errorf("notes:\n%s\nwant:\n%s", notes.String(), want)
	}
	if strings.Contains(out.String(), "Read with") || strings.Contains(out.String(), "Close call") {
		t.Errorf("a caution in the Markdown reply:\n%s", out.String())
	}
	if n := strings.Count(out.String(), "**No:**"); n != 2 {
		t.Errorf("%d replies of copy-across-regions-accounts, want 2:\n%s", n, out.String())
	}

	// Without Notes, they follow the reply.
	out.Reset()
	s = &chat.Session{Index: openIndex(t), Format: "markdown"}
	if err := s.Run(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Not in this entry: stapling.") {
		t.Errorf("no caution without Notes:\n%s", out.String())
	}
}

// TestSourcesFollowLang: /sources and /link after /lang give the titles and
// the page in that language, not the language the answer was given in
// (support engineer's trial, finding 27).
func TestSourcesFollowLang(t *testing.T) {
	s := &chat.Session{Index: openIndex(t)}
	var out strings.Builder
	if err := s.Run(strings.NewReader("秘密鍵をエクスポートできますか\n/lang en\n/sources\n/link\n"), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	rest := got[strings.Index(got, "lang: en"):]
	if strings.ContainsAny(rest, "証明鍵") || !strings.Contains(rest, "/en/export-private-key/") {
		t.Errorf("after /lang en, /sources and /link:\n%s", rest)
	}
}

// TestChatAnswersEachOfSeveralQuestions: a line asking two things gets an
// answer to each; /link then gives the last one's permalink.
func TestChatAnswersEachOfSeveralQuestions(t *testing.T) {
	s := &chat.Session{Index: openIndex(t)}
	var out strings.Builder
	in := "Can I get a wildcard certificate? And does ACM renew imported certificates?\n/link\n"
	if err := s.Run(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"This message asks 2 questions", "\n1. Can I get a wildcard certificate?\nYES  ", "\n2. And does ACM renew imported certificates?\nNO  ", "\n/en/renew-imported-certificates/\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

// TestChooseAnotherAfterAPick: the entries listed stay to pick from after
// one is picked, until the next question, so that the reader can compare
// them ("3", then "1" was told "There is no list to pick from"); /link and
// /sources before any pick say to pick, not to "ask a question first" of a
// question just asked.
func TestChooseAnotherAfterAPick(t *testing.T) {
	ix := openIndex(t)
	const q = "renewal"
	a, err := ix.Ask(q, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var fit []*kb.Entry
	for _, alt := range a.Alternatives {
		if alt.Fits != nil {
			fit = append(fit, alt.Fits)
		}
	}
	if !a.Ambiguous || len(fit) < 2 {
		t.Fatalf("%q: ambiguous %v with %d entries that fit: want several", q, a.Ambiguous, len(fit))
	}
	var out strings.Builder
	s := &chat.Session{Index: ix}
	in := q + "\n/link\n/sources\n2\n1\n/link\ncan I export the private key?\n1\n"
	if err := s.Run(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	pickNote := fmt.Sprintf("The last question was not answered: type a number (1-%d) to see one of the entries listed, or ask again in other words.\n", len(fit))
	if n := strings.Count(got, pickNote); n != 2 {
		t.Errorf("/link and /sources before a pick say to pick %d times, want 2:\n%s", n, got)
	}
	if strings.Contains(got, "No answer yet") {
		t.Errorf("told to ask a question first, of a question just asked:\n%s", got)
	}
	second := strings.Index(got, "\n"+strings.ToUpper(string(fit[1].Verdict))+"  "+fit[1].Title.In(kb.EN)+"\n")
	first := strings.Index(got, "\n"+strings.ToUpper(string(fit[0].Verdict))+"  "+fit[0].Title.In(kb.EN)+"\n")
	if second < 0 || first < second {
		t.Errorf("2 then 1 should show %s then %s in full:\n%s", fit[1].ID, fit[0].ID, got)
	}
	if !strings.Contains(got[max(first, 0):], "/en/"+fit[0].ID+"/\n") {
		t.Errorf("/link after the second pick is not of %s:\n%s", fit[0].ID, got)
	}
	// A new question ends the list: its answer lists nothing, so "1" picks nothing.
	if strings.Count(got, "There is no list to pick from: ask a question.\n") != 1 {
		t.Errorf("after a new question answered, 1 should find no list, once:\n%s", got)
	}
}

// TestPickNoteInTheListsLanguage: /link after a Japanese question that
// listed entries says to pick in Japanese.
func TestPickNoteInTheListsLanguage(t *testing.T) {
	s := &chat.Session{Index: openIndex(t)}
	var out strings.Builder
	if err := s.Run(strings.NewReader("証明書の期限が切れそうです\n/link\n"), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "直前の質問には回答していません。番号(1〜") {
		t.Errorf("no Japanese note to pick:\n%s", out.String())
	}
}

// TestSeveralQuestionsKeepTheirCautions: in chat --format markdown, a
// message that asks several things lost every part's caution (a single
// question's went to Notes); each now goes there, led by its part's number
// and question, as ask prints them.
func TestSeveralQuestionsKeepTheirCautions(t *testing.T) {
	var out, notes strings.Builder
	s := &chat.Session{Index: openIndex(t), Format: "markdown", Notes: &notes,
		Settings: reply.Settings{StaleDays: 1, Now: func() time.Time { return time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) }}}
	const q = "Can I get a wildcard certificate from ACM? How many domain names can I put on one certificate?"
	if err := s.Run(strings.NewReader(q+"\n"), &out); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "\n---\n"); n != 1 {
		t.Fatalf("want a reply of two parts:\n%s", out.String())
	}
	for _, want := range []string{
		"1. \"Can I get a wildcard certificate from ACM?\": Verified: ",
		"2. \"How many domain names can I put on one certificate?\": Verified: ",
	} {
		if !strings.Contains(notes.String(), want) {
			t.Errorf("notes lack %q:\n%s", want, notes.String())
		}
	}
	if strings.Contains(out.String(), "check the sources") {
		t.Errorf("a caution in the Markdown reply:\n%s", out.String())
	}
}

// TestChatJSONIsJSONThroughout: with --format json every reply is a JSON
// object, commands' included (/link and /sources printed plain text into
// the stream, which broke jq), and /link and /sources carry their values.
func TestChatJSONIsJSONThroughout(t *testing.T) {
	s := &chat.Session{Index: openIndex(t), Format: "json"}
	var out strings.Builder
	in := "/link\ncan I export the private key?\n/link\n/sources\n/lang xx\n/nope\n/quit\n"
	if err := s.Run(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(out.String()))
	var objs []map[string]any
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("not JSON after %d objects: %v\n%s", len(objs), err, out.String())
		}
		objs = append(objs, m)
	}
	if len(objs) != 6 {
		t.Fatalf("%d objects, want 6 (one per line before /quit):\n%s", len(objs), out.String())
	}
	if objs[0]["command"] != "/link" || !strings.Contains(objs[0]["message"].(string), "No answer yet") {
		t.Errorf("/link before any answer: %v", objs[0])
	}
	if objs[2]["link"] != "https://acmkb.netlify.app/en/export-private-key/" && !strings.HasSuffix(fmt.Sprint(objs[2]["link"]), "/en/export-private-key/") {
		t.Errorf("/link: %v", objs[2])
	}
	if src, _ := objs[3]["sources"].([]any); len(src) == 0 {
		t.Errorf("/sources: %v", objs[3])
	}
	if !strings.Contains(fmt.Sprint(objs[5]["message"]), "unknown command /nope") {
		t.Errorf("/nope: %v", objs[5])
	}
}
