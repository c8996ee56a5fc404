package loader_test

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/acmkb/acmkb/loader"
	"github.com/google/go-cmp/cmp"
)

func problemStrings(ps loader.Problems) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

// TestVerifiedTodayInAnyTimeZone: an entry verified today is valid from the
// first minute of the author's day, east or west of UTC, and tomorrow is
// still the future (issue 12, row 11).
func TestVerifiedTodayInAnyTimeZone(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	hawaii := time.FixedZone("HST", -10*3600)
	for _, tc := range []struct {
		name     string
		now      time.Time
		verified string
		future   bool
	}{
		{"Tokyo 00:30, verified today", time.Date(2026, 12, 5, 0, 30, 0, 0, tokyo), "2026-12-05", false},
		{"Tokyo 08:59, verified today", time.Date(2026, 12, 5, 8, 59, 0, 0, tokyo), "2026-12-05", false},
		{"Tokyo 23:59, verified tomorrow", time.Date(2026, 12, 5, 23, 59, 0, 0, tokyo), "2026-12-06", true},
		{"Hawaii 23:30, verified today", time.Date(2026, 12, 4, 23, 30, 0, 0, hawaii), "2026-12-04", false},
		{"Hawaii 23:30, verified on UTC's today", time.Date(2026, 12, 4, 23, 30, 0, 0, hawaii), "2026-12-05", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"entries/x.md": entry("x", "verified: 2026-11-01", "verified: "+tc.verified)}
			_, problems := loader.Load(fsWith(files), loader.Options{Now: func() time.Time { return tc.now }})
			gotFuture := strings.Contains(fmt.Sprint(problems), "is in the future")
			if gotFuture != tc.future {
				t.Errorf("future = %v, want %v; problems: %v", gotFuture, tc.future, problems)
			}
		})
	}
}

// TestControlCharactersInProse: ESC, BEL and C1 controls in any prose (YAML
// escapes let them through) are errors with their line (issue 12, row 10).
func TestControlCharactersInProse(t *testing.T) {
	files := map[string]string{
		"entries/a.md": entry("a", `answer: {en: "No: you cannot.",`, `answer: {en: "No\e]0;pwned\a you cannot.",`),
		"entries/b.md": entry("b", "  en: [Per region]", `  en: ["\e[2J clear"]`),
		"entries/c.md": entry("c", "English **body**.", "English\n\x1b[31mred\x1b[0m **body**."),
		"entries/d.md": entry("d", "title: {en: Page, ja: ページ}", `title: {en: "Page\u009b", ja: ページ}`),
		"entries/e.md": entry("e", "tags: [copy]", `tags: ["co\x07py"]`),
	}
	_, problems := loader.Load(fsWith(files), loader.Options{Now: now})
	want := []string{
		`entries/a.md:9: answer.en: control character U+001B is not allowed in text`,
		`entries/b.md:11: conditions.en: control character U+001B is not allowed in text`,
		`entries/c.md:27: body: control character U+001B is not allowed in text`,
		`entries/d.md:18: sources.title.en: control character U+009B is not allowed in text`,
		`entries/e.md:6: tags: control character U+0007 is not allowed in text`,
	}
	if diff := cmp.Diff(want, problemStrings(problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// countingFS counts the bytes read from its files.
type countingFS struct {
	fs.FS
	read *int64
}

type countingFile struct {
	fs.File
	read *int64
}

func (c countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return f, nil
	}
	return countingFile{f, c.read}, nil
}

func (c countingFile) Read(p []byte) (int, error) {
	n, err := c.File.Read(p)
	*c.read += int64(n)
	return n, err
}

// TestEntrySizeLimit: an entry over MaxEntryBytes is refused without being
// read whole (issue 12, row 12: a 50 MB entry took 2.6 GB to build).
func TestEntrySizeLimit(t *testing.T) {
	big := entry("big", "English **body**.", "English **body**.\n\n"+strings.Repeat("lorem ipsum ", 5<<20/12))
	files := fsWith(map[string]string{"entries/big.md": big, "entries/ok.md": entry("ok")})
	var read int64
	_, problems := loader.Load(countingFS{files, &read}, loader.Options{Now: now})
	want := []string{`entries/big.md: 5.0 MiB is too large: a file may be at most 1 MiB`}
	if diff := cmp.Diff(want, problemStrings(problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if read > 2*loader.MaxEntryBytes {
		t.Errorf("read %d bytes to refuse a 5 MiB entry", read)
	}
	// An entry just under the limit is fine.
	fits := entry("fits", "English **body**.", "English **body**.\n\n"+strings.Repeat("x", loader.MaxEntryBytes-2000))
	if _, problems := loader.Load(fsWith(map[string]string{"entries/fits.md": fits}), loader.Options{Now: now}); problems.Err() != nil {
		t.Errorf("an entry of %d bytes: %v", len(fits), problems.Err())
	}
}

// TestEntryCountLimit: more than MaxEntries entries are refused before any
// is parsed.
func TestEntryCountLimit(t *testing.T) {
	m := fstest.MapFS{"kb.yaml": {Data: []byte(kbYAML)}}
	for i := 0; i <= loader.MaxEntries; i++ {
		m[fmt.Sprintf("entries/e%06d.md", i)] = &fstest.MapFile{Data: []byte("x")}
	}
	_, problems := loader.Load(m, loader.Options{Now: now})
	want := []string{fmt.Sprintf("entries: more than %d entries (*.md): split the knowledge base", loader.MaxEntries)}
	if diff := cmp.Diff(want, problemStrings(problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestSymlinkOutsideContent: through os.Root (what the CLI reads folders
// with), an entry that links outside the content folder is an error that
// does not echo the file's contents; a link inside is followed (issue 12,
// row 13).
func TestSymlinkOutsideContent(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "kb")
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("kb/kb.yaml", kbYAML)
	write("kb/entries/a.md", entry("a"))
	write("kb/drafts/b.md", entry("b"))
	write("secret.md", "---\nAWS_SECRET_ACCESS_KEY: hunter2\n---\n")
	if err := os.Symlink("../../secret.md", filepath.Join(dir, "entries", "leak.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../drafts/b.md", filepath.Join(dir, "entries", "b.md")); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	_, problems := loader.Load(root.FS(), loader.Options{Now: now})
	want := []string{`entries/leak.md: a symbolic link leading outside the content folder: not read`}
	if diff := cmp.Diff(want, problemStrings(problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	files, err := loader.Files(root.FS())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"kb.yaml", "entries/a.md", "entries/b.md", "entries/leak.md"}, files); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
}

// TestFilesAreWhatLoadReads: Files lists exactly the files Load opens.
func TestFilesAreWhatLoadReads(t *testing.T) {
	m := fsWith(map[string]string{"entries/a.md": entry("a"), "entries/b.md": entry("b"), "thesaurus.yaml": "groups:\n  - [a, b]\n", "eval.tsv": "x", "entries/notes.txt": "x"})
	log := &openLog{FS: m}
	_, problems := loader.Load(log, loader.Options{Now: now})
	if problems.Err() != nil {
		t.Fatal(problems.Err())
	}
	files, err := loader.Files(m)
	if err != nil {
		t.Fatal(err)
	}
	// The loader reads entries on several goroutines: the order it opens
	// them in is not the order Files lists them in.
	opened := slices.Sorted(slices.Values(log.opened))
	if diff := cmp.Diff(opened, slices.Sorted(slices.Values(files))); diff != "" {
		t.Errorf("Files (-opened by Load +listed):\n%s", diff)
	}
}

// openLog records the files opened through it; Open is called from the
// loader's goroutines at once.
type openLog struct {
	fs.FS
	mu     sync.Mutex
	opened []string
}

func (o *openLog) Open(name string) (fs.File, error) {
	f, err := o.FS.Open(name)
	if err == nil {
		if st, serr := f.Stat(); serr == nil && !st.IsDir() {
			o.mu.Lock()
			o.opened = append(o.opened, name)
			o.mu.Unlock()
		}
	}
	return f, err
}

var _ io.Reader = countingFile{}

// TestInvalidUTF8: an entry that is not UTF-8 is an error at the line of
// the first bad byte (goldmark panicked on it; found by FuzzMarkdown).
func TestInvalidUTF8(t *testing.T) {
	files := map[string]string{"entries/a.md": entry("a", "English **body**.", "English\n\x82 body.")}
	_, problems := loader.Load(fsWith(files), loader.Options{Now: now})
	want := []string{`entries/a.md:27: not valid UTF-8 (byte 0x82): save the file as UTF-8`}
	if diff := cmp.Diff(want, problemStrings(problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
