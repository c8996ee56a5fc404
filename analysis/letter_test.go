package analysis_test

import (
	"strings"
	"testing"

	"github.com/acmkb/acmkb/analysis"
)

// TestLetterKeepsWhatTheEmailAsks: the frame of a pasted email goes (a
// greeting, the addressee, a self-introduction, the closing and the
// signature, quoted messages, a phone's footer, a disclaimer); questions
// with none of it, and a closing followed by a question, are left alone.
func TestLetterKeepsWhatTheEmailAsks(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"can I copy a certificate to another region?", "can I copy a certificate to another region?"},
		{"Hi team,\nCan I export the private key?\nThanks,\nBob", "Can I export the private key?"},
		{"Hi team, can I export the private key?", "can I export the private key?"},
		{"Can I export the private key? Thanks, Bob", "Can I export the private key?"},
		{"Hello,\n\nour customer wants to copy a certificate to another region. Is that possible?\n\nBest regards,\nKenji Tanaka\nSolutions Team",
			"our customer wants to copy a certificate to another region. Is that possible?"},
		{"Hi Support,\nDoes ACM renew imported certificates?\nCheers,\nMaria\n--\nMaria Lopez | Example Corp\n+1 555 0100", "Does ACM renew imported certificates?"},
		{"Hey folks - quick one: can we use ACME with ACM?\nThx!\nSent from my iPhone", "can we use ACME with ACM?"},
		{"Hello,\nCan I revoke it?\n\nOn Mon, Dec 7, 2026 at 9:00 AM Support <s@example.com> wrote:\n> How can we help?", "Can I revoke it?"},
		{"Hi there,\ncan ACM issue a certificate for an IP address?\nBest,\nLeo\n\nThis email and any attachments are confidential.", "can ACM issue a certificate for an IP address?"},
		// A closing with a question after it is no closing.
		{"Thanks to the new export feature we moved off our old CA.\nCan we export the key too?", "Thanks to the new export feature we moved off our old CA.\nCan we export the key too?"},
		{"Thanks for the help last week.\nCan we export the key too?\nRegards,\nAnn", "Thanks for the help last week.\nCan we export the key too?"},
		// Nothing but a frame: the text itself.
		{"Thanks!", "Thanks!"},
		{"お世話になっております。\nACM の証明書を別のリージョンにコピーできますか。\nよろしくお願いいたします。\n田中", "ACM の証明書を別のリージョンにコピーできますか。"},
		{"株式会社サンプル\nご担当者様\n\nいつもお世話になっております。サンプル社の佐藤です。\n秘密鍵をエクスポートできますでしょうか。\n\nお手数ですがご確認のほどよろしくお願いいたします。\n----\n佐藤 花子\nTEL: 03-0000-0000",
			"秘密鍵をエクスポートできますでしょうか。"},
		{"お世話になります。ACM の証明書はどのルート認証局につながっていますか。古い端末でも信頼されるか知りたいです。\n\nよろしくお願いいたします。",
			"ACM の証明書はどのルート認証局につながっていますか。古い端末でも信頼されるか知りたいです。"},
		{"ワイルドカード証明書は発行できますか。よろしくお願いします。", "ワイルドカード証明書は発行できますか。"},
		{"証明書を削除したい", "証明書を削除したい"},
	} {
		if got := analysis.Letter(tt.in); got != tt.want {
			t.Errorf("Letter(%q)\n = %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestQuestionsAreTheSentencesThatAsk: a message asking two or more things
// gives each; one that asks one thing, or none, gives none.
func TestQuestionsAreTheSentencesThatAsk(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"Two things: can I export the key? And can I copy it to another region?", []string{"can I export the key?", "And can I copy it to another region?"}},
		{"Q1: can I export arn:aws:acm:us-east-1:123456789012:certificate/abc? Q2: and at 10:30?", []string{"can I export arn:aws:acm:us-east-1:123456789012:certificate/abc?", "and at 10:30?"}},
		{"1) Does ACM renew imported certificates?\n2) Can I get a wildcard certificate?", []string{"Does ACM renew imported certificates?", "Can I get a wildcard certificate?"}},
		{"秘密鍵はエクスポートできますか?また、別のリージョンにコピーできますか？", []string{"秘密鍵はエクスポートできますか?", "また、別のリージョンにコピーできますか？"}},
		{"Hi,\nCan I export it? Thanks!\nBob", nil},
		{"We moved. Can I copy the cert?", nil},
		{"?? ?", nil},
	} {
		got := analysis.Questions(tt.in)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Questions(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
