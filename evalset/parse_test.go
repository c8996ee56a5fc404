package evalset_test

import (
	"strings"
	"testing"

	"github.com/acmkb/acmkb/evalset"
)

// TestParseFilesSavedByWindowsTools: a set saved by Excel or Notepad starts
// with a byte order mark, which made its header "unknown language
// \"\\ufefflang\""; one saved as "Unicode text" is UTF-16, which gave a
// line of garbage per row. The mark is dropped, as the loader drops it from
// entries, and UTF-16 is named, with what to do.
func TestParseFilesSavedByWindowsTools(t *testing.T) {
	set := "lang\texpected\tverdict\tquestion\r\nen\tcopy-cert\tno\tcan I copy a certificate?\r\n"
	cases, err := evalset.Parse(strings.NewReader("\ufeff"+set), "eval.tsv")
	if err != nil {
		t.Fatalf("with a byte order mark: %v", err)
	}
	if len(cases) != 1 || cases[0].Expected != "copy-cert" || cases[0].Line != 2 {
		t.Errorf("with a byte order mark: %+v", cases)
	}
	// A first row that is a question, not a header, keeps its language.
	cases, err = evalset.Parse(strings.NewReader("\ufeffja\tcopy-cert\tno\t証明書をコピーできますか\n"), "eval.tsv")
	if err != nil || len(cases) != 1 || cases[0].Lang != "ja" {
		t.Errorf("a first row after a byte order mark: %+v, %v", cases, err)
	}

	for _, bom := range []string{"\xff\xfe", "\xfe\xff"} {
		var b strings.Builder
		b.WriteString(bom)
		for _, r := range set { // UTF-16 of ASCII: a zero byte with each
			if bom == "\xff\xfe" {
				b.WriteString(string(r) + "\x00")
			} else {
				b.WriteString("\x00" + string(r))
			}
		}
		_, err := evalset.Parse(strings.NewReader(b.String()), "eval.tsv")
		want := "eval.tsv:1: the file is UTF-16: save it as UTF-8"
		if err == nil || err.Error() != want {
			t.Errorf("UTF-16 (%q): %v, want %q", bom, err, want)
		}
	}
}

// TestParseLineBreaksInQuestions: a pasted email is one question over
// several lines; a set writes its breaks as \n.
func TestParseLineBreaksInQuestions(t *testing.T) {
	cases, err := evalset.Parse(strings.NewReader("lang\texpected\tverdict\tquestion\nen\tcopy-cert\tno\tHi team,\\ncan I copy a certificate?\\nThanks, Bob\n"), "eval.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if want := "Hi team,\ncan I copy a certificate?\nThanks, Bob"; len(cases) != 1 || cases[0].Question != want {
		t.Errorf("got %+v, want the question %q", cases, want)
	}
}

// TestMissesKeepAQuestionOnOneLine: a miss that is a pasted email prints
// on one line, its breaks as the set writes them.
func TestMissesKeepAQuestionOnOneLine(t *testing.T) {
	r := evalset.Report{Misses: []evalset.Miss{{Case: evalset.Case{Line: 7, Lang: "en", Expected: "e1", Question: "Hi,\ncan I?\nThanks"}, Why: "abstained"}}}
	var b strings.Builder
	r.Write(&b)
	if !strings.Contains(b.String(), `: Hi,\ncan I?\nThanks`+"\n") {
		t.Errorf("the miss is not on one line:\n%s", b.String())
	}
}
