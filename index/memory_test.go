package index_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/evalset"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
)

// TestMemoryAnswersAsOnDisk: the index built in memory (when no cache
// directory can be written) gives the same answers as the one on disk.
func TestMemoryAnswersAsOnDisk(t *testing.T) {
	k, problems := loader.Load(content.FS(), loader.Options{Now: func() time.Time { return time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC) }})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	mem, err := index.Memory(k)
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	disk := openEmbedded(t)
	data, err := content.FS().(interface {
		ReadFile(string) ([]byte, error)
	}).ReadFile("eval.tsv")
	if err != nil {
		t.Fatal(err)
	}
	cases, err := evalset.Parse(strings.NewReader(string(data)), "eval.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		a, err := mem.Ask(c.Question, index.Options{Lang: c.Lang})
		if err != nil {
			t.Fatal(err)
		}
		b, err := disk.Ask(c.Question, index.Options{Lang: c.Lang})
		if err != nil {
			t.Fatal(err)
		}
		id := func(a *kb.Answer) string {
			if a.Entry == nil {
				return "-"
			}
			return a.Entry.ID
		}
		if a.Answered != b.Answered || id(a) != id(b) || math.Abs(a.Score-b.Score) > 1e-9*b.Score {
			t.Errorf("%q: memory %v %s %g, disk %v %s %g", c.Question, a.Answered, id(a), a.Score, b.Answered, id(b), b.Score)
		}
	}
}

func TestGuardTurnsPanicsIntoErrors(t *testing.T) {
	_, err := index.Guard(func() (int, error) {
		var b []byte
		return int(b[4000]), nil
	})
	if !errors.Is(err, index.ErrDamaged) || !strings.Contains(err.Error(), "index out of range") {
		t.Errorf("err = %v, want ErrDamaged with the panic", err)
	}
	v, err := index.Guard(func() (int, error) { return 7, nil })
	if v != 7 || err != nil {
		t.Errorf("Guard(7) = %v, %v", v, err)
	}
}
