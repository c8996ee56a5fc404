package evalset_test

import (
	"strings"
	"testing"

	"github.com/acmkb/acmkb/evalset"
	"github.com/acmkb/acmkb/kb"
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

// TestSeveralQuestionsAreMeasuredByTheirParts: "a+b|c" is a message asking
// two things, right only when each is answered and nothing else is; a row
// expecting one entry is measured by the parts shown when there are parts.
func TestSeveralQuestionsAreMeasuredByTheirParts(t *testing.T) {
	set := "lang\texpected\tverdict\tquestion\n" +
		"en\ta+b|c\t-\tall answered?\n" + // a and c shown: right
		"en\ta+b\t-\tone missing?\n" + // only a: not covered
		"en\ta+b\t-\tone wrong?\n" + // a and x: wrong entry
		"en\ta\t-\tone of two?\n" + // a shown as a part, the other question not: right
		"en\t-\t-\tnone?\n" // a part shown: answered out of scope
	cases, err := evalset.Parse(strings.NewReader(set), "eval.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases[0].Each) != 2 || cases[0].Each[1][1] != "c" || !cases[0].Accepts("c") || cases[0].Accepts("x") {
		t.Fatalf("parsed %+v", cases[0])
	}
	entry := func(id string) *kb.Answer { return &kb.Answer{Answered: true, Entry: &kb.Entry{ID: id}, Lang: "en"} }
	parts := map[string][]*kb.Answer{
		"all answered?": {entry("a"), entry("c")},
		"one missing?":  {entry("a")},
		"one wrong?":    {entry("a"), entry("x")},
		"one of two?":   {entry("a")},
		"none?":         {entry("a")},
	}
	r, err := evalset.Run(cases, func(q string, _ kb.Lang) (*kb.Answer, error) {
		return &kb.Answer{Lang: "en", Parts: parts[q]}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Top1 != 2 || r.NotCovered != 1 || r.WrongEntry != 1 || r.AnsweredOut != 1 {
		t.Errorf("right %d, not covered %d, wrong %d, answered out %d; want 2, 1, 1, 1", r.Top1, r.NotCovered, r.WrongEntry, r.AnsweredOut)
	}
	var b strings.Builder
	r.Write(&b)
	if !strings.Contains(b.String(), "want a+b, got x") {
		t.Errorf("the wrong miss does not name the set's label:\n%s", b.String())
	}
}
