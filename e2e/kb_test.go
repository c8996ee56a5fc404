package e2e

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"sync"
	"testing"

	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/evalset"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
)

var embedded struct {
	once  sync.Once
	kb    *kb.KB
	ix    *index.Index
	cases map[string][]evalset.Case // by file: eval.tsv, eval-holdout.tsv
	err   error
}

// knowledgeBase loads the embedded knowledge base, its bleve index (the CLI's)
// and its evaluation questions, once per test binary.
func knowledgeBase(t testing.TB) (*kb.KB, *index.Index, map[string][]evalset.Case) {
	t.Helper()
	e := &embedded
	e.once.Do(func() {
		k, problems := loader.Load(content.FS(), loader.Options{Root: "content"})
		if e.err = problems.Err(); e.err != nil {
			return
		}
		e.kb = k
		dir := filepath.Join(tmpRoot, "index")
		if e.err = index.Build(k, dir); e.err != nil {
			return
		}
		if e.ix, e.err = index.Open(dir); e.err != nil {
			return
		}
		e.cases = map[string][]evalset.Case{}
		for _, name := range []string{"eval.tsv", "eval-holdout.tsv", "eval-holdout2.tsv", "eval-holdout3.tsv"} {
			data, err := fs.ReadFile(content.FS(), name)
			if err != nil {
				e.err = err
				return
			}
			cases, err := evalset.Parse(bytes.NewReader(data), name)
			if err != nil {
				e.err = err
				return
			}
			e.cases[name] = cases
		}
	})
	if e.err != nil {
		t.Fatalf("load the embedded knowledge base: %v", e.err)
	}
	return e.kb, e.ix, e.cases
}
