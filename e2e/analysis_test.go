package e2e

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/evalset"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/templates"
	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
)

// trickyStrings are inputs where a port is likely to differ: widths, scripts,
// case mappings, punctuation inside words, typos, thesaurus members.
var trickyStrings = []string{
	"", "   ", "certifi expirat cloudfro notificat renewa", "dynamo tabl priva", "?!", "private-key", ".key", "the .key file", "us-east-1", "US-EAST-1 region", "us‐east‐1",
	"key.pem privkey.pem private_key.pem", "ssl/tls certificate", "SSL/TLS証明書", "pkcs#12 to .pfx", "PKCS 12",
	"acme.sh and cert-manager", "RFC 8555", "node.js / Node.JS", "C# app", "x.509", "X509 cert",
	"ＡＣＭ　証明書をエクスポート", "ｴｸｽﾎﾟｰﾄ ｶﾞｲﾄﾞ", "ﾌﾟﾗｲﾍﾞｰﾄｷｰ", "ＣｌｏｕｄＦｒｏｎｔ", "①②③ ㍿ ㌔", "ﬁle ﬂow",
	"İstanbul İ", "ΣΑΣ σας", "Straße STRASSE", "café résumé naïve CAFÉ", "Ωmega × ÷ ½", "Ǆ ǅ ǆ",
	"ACMの証明書をus-east-1にコピーしたい", "CloudFrontで使うSSL証明書", "ACM証明書をALBに設定", "ACM for Nitro Enclavesでnginx",
	"これはなんですか", "ひみつかぎ", "々", "人々の証明書", "𠮷野家の証明書", "🔑 key 🔐", "ゝゞヽヾ", "カ・タ・カ・ナ", "ー",
	"証明証をエクスポート", "秘密鍵のエクスポート", "プライベートキーをダウンロード", "鍵ファイル", "別リージョンへ移動",
	"certficate exprot", "exprot privat key", "renewl", "cloudtrial logs", "improt thrid party cert", "mtsl client cert",
	"certificat", "cerificates", "replciate imgaes anothr regoin", "can ACM certficate be used on cloudfront", "how mutch does acm cost", "exprot certifcates", "renwal", "valdiation", "wildcrad", "nignx", "apahce", "tomact", "expoprt", "exporting exported exports",
	"running stopped copies classes glasses buses analysis status renewed renewing hopping", "ies ied sses",
	"validate validated validates validating validation validations validator validators validity valid invalidation",
	"authority authorities authorize authorized authorization authorisation author manager managers managed manage",
	"TLS 1.2 and 1.3, v2.0. 203.0.113.25 1.x .5 5. 1..2 ２．５ 1.2.3. 1.２ 10.0.0.0/8",
	"Can't I export it? I can't!", "don't doesn't won't", "What's the cost?", "ssl tls ssl/tls tls/ssl",
	"other than nginx, apache or iis", "Windows Server IIS", "n. virginia", "North   Virginia", "us east",
	"us west went west", "two-way TLS", "mutual\tTLS\nclient\u00a0auth", "self‑signed", "on‑prem", "a-b-c-d", "--key--",
	"証明書証明書証明書", "ACM ACM ACM", strings.Repeat("export ", 30),
	"We moved last month. Can I copy the cert? Thanks.", "node.js e.g. x.509. Then what", "一文目です。二文目ですか？三文目", "a!b?c. d\ne",
	"2,500 certificates, 1,000,000 items, 5,000 in 365 days", "1,2,3 and 12,3456 and 1,23 and ,500 and 2,500,", "２，５００件 2,500件 ¥2,500 $1,000.50 1,000.5",
	"Lambda の無料利用枠", "証明書失効の手順", "秘密鍵暗号化", "自動更新期限切れ通知設定", "有効期限切れ証明書", "無料無料利用", "鍵鍵鍵",
	"ACMの証明書をエクスポ－トできますか", "エクスポ-ト", "キ―ペア", "ｷ-ﾍﾟｱ", "サ－バ－証明書", "サーバ-", "ア--イ", "ア-イ-ウ", "x-ray ACM-エクスポ−ト",
	"2 年間有効にしたい", "30日間保持", "3 か月間", "3ヶ月間", "2 週間後", "年間のリクエスト", "3 月間", "24 時間", "v2 年間", "2. 年間", "2 年間年間", "０ 日間", "2　年間",
}

// parityStrings collects every example question and title of the knowledge
// base, every evaluation question and the tricky cases.
func parityStrings(k *kb.KB, sets [][]string) []string {
	var out []string
	for _, e := range k.Entries {
		for _, l := range kb.Langs {
			out = append(out, e.Title[l])
			out = append(out, e.Examples[l]...)
		}
		out = append(out, strings.Join(e.Tags, " "))
	}
	for _, s := range sets {
		out = append(out, s...)
	}
	out = append(out, trickyStrings...)
	return out
}

// setQuestions is the questions of each set.
func setQuestions(sets map[string][]evalset.Case) [][]string {
	var questions [][]string
	for _, cases := range sets {
		var qs []string
		for _, c := range cases {
			qs = append(qs, c.Question)
		}
		questions = append(questions, qs)
	}
	return questions
}

// jsTerm is analysis.Term as search.js returns it.
type jsTerm struct {
	Text    string `json:"text"`
	Concept int    `json:"concept"`
	Group   bool   `json:"group"`
	Focus   bool   `json:"focus"`
	Typed   string `json:"typed"`
}

// vocabOf lists the vocabulary the CLI corrects typos with: every Latin term
// (by first letter) and its document frequency.
func vocabOf(ix *index.Index) map[string]int {
	out := map[string]int{}
	for r := rune(0x20); r < 0x250; r++ {
		for _, c := range ix.Candidates(r) {
			out[c] = ix.Freq(c)
		}
	}
	return out
}

// searchJSPage serves a blank page that loads search.js alone.
func searchJSPage(t testing.TB) *server {
	t.Helper()
	js, err := fs.ReadFile(templates.FS(), "assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/search.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(js)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title><script src="/search.js"></script></head><body></body></html>`)
	})
	return serveHandler(t, mux)
}

// TestAnalysisParity runs package analysis and its port in search.js on the
// same strings, without and with typo correction, and wants the same terms.
func TestAnalysisParity(t *testing.T) {
	k, ix, sets := knowledgeBase(t)
	questions := setQuestions(sets)
	strs := parityStrings(k, questions)
	// CamelCase words written apart ("cloud trail logs"), which questions
	// read as the word (analysis.Corpus.Parts), and the same words split
	// otherwise.
	corpus := analysis.NewCorpus(k, 2)
	if len(corpus.Parts) == 0 {
		t.Fatal("the content has no CamelCase words whose parts a question may write apart: the parity run does not try them")
	}
	for _, e := range k.Entries {
		for _, w := range analysis.CamelWords(analysis.FieldTexts(e)...) {
			var b strings.Builder
			for i := 0; i < len(w); i++ {
				if i > 0 && w[i] >= 'A' && w[i] <= 'Z' && w[i-1] >= 'a' && w[i-1] <= 'z' {
					b.WriteByte(' ')
				}
				b.WriteByte(w[i])
			}
			strs = append(strs, "can I use "+b.String()+"?", strings.ToLower(b.String())+" logs", b.String()+"s")
		}
	}
	// The same rules must also hold for thesaurus members the content does not
	// have yet: members with punctuation, stop words, mixed scripts, hiragana.
	thesauri := map[string][][]string{
		"content": k.Thesaurus,
		"synthetic": append([][]string{
			{"Where Is The Key", "where is the private key", "鍵はどこ", "かぎ"},
			{"ＡＷＳ　Ｒｅｇｉｏｎ", "us-east-1", "ｒｅｇｉｏｎ", "リージョン"},
			{"c#", "C Sharp", "ｃ＃"},
			{"", "empty name"},
			{},
			{"running", "runs", "ran"},
			{"証明書", "証明"},
		}, k.Thesaurus...),
	}
	tab := newTab(t, 2*time.Minute)
	srv := searchJSPage(t)
	do(t, tab, chromedp.Navigate(srv.URL+"/"))

	vocab := vocabOf(ix)
	var names []string
	for _, e := range k.Entries {
		names = append(names, analysis.EntryNames(e)...)
	}
	for name, thes := range thesauri {
		t.Run(name, func(t *testing.T) {
			an := analysis.New(thes, names)
			var parts [][]string
			if name == "content" { // the analyser a build makes: with the parts
				an, parts = corpus.Analyzer, corpus.Parts
			}
			in, err := json.Marshal(map[string]any{"thesaurus": analysis.Groups(thes), "stop": analysis.StopWords(), "stems": analysis.StemExceptions(), "names": names, "parts": parts, "vocab": vocab, "common": analysis.CommonWords(), "strings": strs})
			if err != nil {
				t.Fatal(err)
			}
			script := `((d) => {
				const S = window.acmkbSearch;
				const a = new S.Analyzer(d.thesaurus, d.stop, d.names, d.stems, d.parts);
				const byFirst = {};
				for (const w of Object.keys(d.vocab)) (byFirst[w[0]] = byFirst[w[0]] || []).push(w);
				const common = new Set(d.common);
				const vocab = { freq: (w) => d.vocab[w] || 0, candidates: (f) => byFirst[f] || [], common: (w) => common.has(w) };
				vocab.known = vocab.freq;
				return d.strings.map((s) => [a.analyze(s, null), a.analyze(s, vocab)]);
			})(` + string(in) + `)`
			got := run(t, tab, chromedp.Evaluate[[][2][]jsTerm](script))
			if len(got) != len(strs) {
				t.Fatalf("search.js analysed %d strings, want %d", len(got), len(strs))
			}
			same := 0
			for i, s := range strs {
				for j, voc := range []analysis.Vocabulary{nil, ix} {
					want := toJS(an.Analyze(s, voc))
					if diff := cmp.Diff(want, got[i][j]); diff != "" {
						t.Errorf("%q (typo correction %v): search.js differs from package analysis (-Go +JS):\n%s", s, voc != nil, diff)
					} else {
						same++
					}
				}
			}
			t.Logf("analysis parity (%s thesaurus): %d/%d analyses identical (%.1f%%) over %d strings",
				name, same, 2*len(strs), 100*float64(same)/float64(2*len(strs)), len(strs))
		})
	}
}

func toJS(ts []analysis.Term) []jsTerm {
	out := []jsTerm{}
	for _, t := range ts {
		out = append(out, jsTerm{t.Text, t.Concept, t.Group, t.Focus, t.Typed})
	}
	return out
}

// questionForms are pasted emails and identifiers, for the question rules
// that run before analysis (analysis.Letter, analysis.Pasted).
var questionForms = []string{
	"Hi team,\nCan I export the private key?\nThanks,\nBob", "Hi team, can I export it?", "Can I? Thanks, Bob", "Thanks!", "Thanks to X, we moved.\nCan we?",
	"Hello,\r\n\r\nIs it possible?\r\n\r\nBest regards,\r\nKenji\r\n--\r\nKenji | Corp", "> quoted\nCan I?\n> more", "Can I revoke it?\nOn Mon, Dec 7, 2026 at 9:00 AM A <a@b.c> wrote:\n> hi",
	"Dear AWS Support,\nDoes *.example.com cover www?\nKind regards,\nJohn", "Hey folks - quick one: can we use ACME?\nThx!\nSent from my iPhone",
	"株式会社サンプル\nご担当者様\n\nいつもお世話になっております。サンプル社の佐藤です。\n秘密鍵をエクスポートできますか。\n\nよろしくお願いいたします。\n----\n佐藤\nTEL: 03-0000-0000",
	"お世話になります。ACM の証明書はどこに？古い端末です。\n\nよろしくお願いいたします。", "発行できますか。よろしくお願いします。", "以上です。", "こんにちは\n\n\n",
	"Can I export arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab?", "arn:aws-cn:iam::123456789012:server-certificate/prod/cert の件",
	"Per https://docs.aws.amazon.com/acm/latest/userguide/x.html (see also http://a.b/c) does it renew?", "https://example.com/」を見て", "x@example.com and a.b+c@mail.example.co.jp",
	"203.0.113.10 10.0.0.0/8 256.1.1.1 1.2.3 1.2.3.4.5 v1.2.3.4", "2027-01-15 2027-01-15T09:30:00Z 2027-01-15 09:30 2027-1-5", "i-0abc123def4567890 vpc-0a1b2c3d sg-abcdefab us-east-1 key-12345678",
	"deadbeefdeadbeef0123 abcdefabcdefabcdef 0123456789abcdef0", "#48213 ticket #1 1234567890 123456789", "@here @channel @bob: :thinking: :+1: 10:30:00 a:b:c",
	"ＡＢＣ＠ｅｘａｍｐｌｅ．ｃｏｍ １９２．０．２．１",
}

// TestQuestionRulesParity: search.js's letter and pasted give package
// analysis's Letter and Pasted on every question of every set and on the
// forms above.
func TestQuestionRulesParity(t *testing.T) {
	k, _, sets := knowledgeBase(t)
	questions := setQuestions(sets)
	strs := append(parityStrings(k, questions), questionForms...)
	tab := newTab(t, 2*time.Minute)
	srv := searchJSPage(t)
	do(t, tab, chromedp.Navigate(srv.URL+"/"))
	in, err := json.Marshal(strs)
	if err != nil {
		t.Fatal(err)
	}
	got := run(t, tab, chromedp.Evaluate[[][2]string](`((strs) => strs.map((s) => [acmkbSearch.letter(s), acmkbSearch.pasted(s)]))(`+string(in)+`)`))
	changed := 0
	for i, s := range strs {
		want := [2]string{analysis.Letter(s), analysis.Pasted(s)}
		if got[i] != want {
			t.Errorf("%q: search.js %q, package analysis %q", s, got[i], want)
		}
		if want[0] != s || want[1] != s {
			changed++
		}
	}
	if changed < len(questionForms)/2 {
		t.Errorf("only %d of %d strings changed by the rules: the forms do not try them", changed, len(strs))
	}
	t.Logf("question rules parity: %d strings, %d changed by a rule", len(strs), changed)
}
