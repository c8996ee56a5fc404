package index_test

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/evalset"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
)

// openEmbedded builds the index of the embedded knowledge base once per test binary.
var embedded *index.Index

func openEmbedded(t testing.TB) *index.Index {
	t.Helper()
	if embedded != nil {
		return embedded
	}
	dir := filepath.Join(t.TempDir(), "idx")
	buildEmbedded(t, dir)
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	embedded = ix
	return ix
}

// buildEmbedded builds the index of the embedded knowledge base into dir.
func buildEmbedded(t testing.TB, dir string) {
	t.Helper()
	k, problems := loader.Load(content.FS(), loader.Options{Now: func() time.Time { return time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC) }})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	if err := index.Build(k, dir); err != nil {
		t.Fatal(err)
	}
}

func runSet(t *testing.T, file string) evalset.Report {
	data, err := fs.ReadFile(content.FS(), file)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := evalset.Parse(bytes.NewReader(data), file)
	if err != nil {
		t.Fatal(err)
	}
	ix := openEmbedded(t)
	r, err := evalset.Run(cases, func(q string, lang kb.Lang) (*kb.Answer, error) {
		return ix.Ask(q, index.Options{Lang: lang})
	})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	r.Write(&out)
	t.Logf("%s:\n%s", file, out.String())
	return r
}

// TestEvaluationSet holds the shipped knowledge base to the figures acmkb
// eval holds it to by default (evalset.Promise): answered right, every
// verdict right, abstention, and few confident wrong answers.
func TestEvaluationSet(t *testing.T) {
	r := runSet(t, "eval.tsv")
	if failed := evalset.Promise.Check(r); len(failed) > 0 {
		t.Errorf("below the promise: %v", failed)
	}
}

// TestHoldoutSet reports (never tunes on) the figures on questions kept apart.
func TestHoldoutSet(t *testing.T) {
	runSet(t, "eval-holdout.tsv")
	runSet(t, "eval-holdout2.tsv")
	runSet(t, "eval-holdout3.tsv")
	runSet(t, "eval-probe.tsv")
}
