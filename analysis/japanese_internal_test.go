package analysis

import (
	"fmt"
	"slices"
	"testing"
)

func TestDurations(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"2 年間有効にしたい", []string{"2", "年", "有効", "にしたい"}},
		{"30日間", []string{"30", "日"}},
		{"3 か月間保持", []string{"3", "か", "月", "保持"}},
		{"3ヶ月間", []string{"3", "ヶ", "月"}},
		{"2 週間後", []string{"2", "週", "後"}},
		{"年間のリクエスト", []string{"年間", "の", "リクエスト"}},
		{"3 月間", []string{"3", "月間"}},        // March, not months
		{"24 時間", []string{"24", "時間"}},      // hours: 時間 is the word
		{"v2 年間", []string{"v2", "年間"}},      // not a number
		{"2. 年間", []string{"2", "年間"}},       // something between
		{"期間 2 年", []string{"期間", "2", "年"}}, // no 間 after the unit
		{"2 年間年間", []string{"2", "年", "年間"}}, // even-length rest: one word
	} {
		var got []string
		for _, r := range splitRuns(Normalize(c.in)) {
			got = append(got, r.text)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: runs %q, want %q", c.in, got, c.want)
		}
	}
}

// TestMemberCutsRun: a Japanese thesaurus member inside a longer kanji run
// is a concept of its own, and the rest of the run another: "無料利用枠" (free
// tier) is not covered by whatever covers "free".
func TestMemberCutsRun(t *testing.T) {
	a := New([][]string{{"free", "無料"}, {"certificate", "証明書"}}, nil)
	concepts := func(text string) [][]string {
		var out [][]string
		for _, tm := range a.Analyze(text, nil) {
			for len(out) <= tm.Concept {
				out = append(out, nil)
			}
			out[tm.Concept] = append(out[tm.Concept], tm.Text)
		}
		return out
	}
	for _, c := range []struct {
		text string
		want [][]string
	}{
		{"無料利用枠", [][]string{{"無料", "@free"}, {"利用", "用枠"}}},
		{"証明書失効", [][]string{{"証明", "明書", "@certificate"}, {"失効"}}},
		{"無料", [][]string{{"無料", "@free"}}},
		{"利用無料枠", [][]string{{"利用"}, {"無料", "@free"}, {"枠"}}},
	} {
		if got := concepts(c.text); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: concepts %v, want %v", c.text, got, c.want)
		}
	}
}

// TestNamesNotFromCode: words in capitals inside Markdown code are not
// names (ECR newcomer, finding 3: one `IMAGE` placeholder kept "image"
// from its stem everywhere); CamelCase words are still found there.
func TestNamesNotFromCode(t *testing.T) {
	names, camel := asciiWords([]string{"Use ACM with `docker pull IMAGE` and `SecureString`.\n```\naws ecr PROVISIONED\n```\nNo DNS.\n~~~\nKEY\n~~~\nA `TAG"})
	if want := []string{"acm", "dns", "tag"}; !slices.Equal(names, want) {
		t.Errorf("names %q, want %q", names, want)
	}
	if want := []string{"SecureString"}; !slices.Equal(camel, want) {
		t.Errorf("CamelCase words %q, want %q", camel, want)
	}
}
