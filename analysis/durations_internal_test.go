package analysis

import (
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
		{"3 月間", []string{"3", "月間"}},      // March, not months
		{"24 時間", []string{"24", "時間"}},     // hours: 時間 is the word
		{"v2 年間", []string{"v2", "年間"}},     // not a number
		{"2. 年間", []string{"2", "年間"}},      // something between
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
