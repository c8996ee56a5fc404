package build

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
)

// questions are asked of the embedded knowledge base to tell one index's
// answers from another's.
var questions = []string{
	"can I export the private key?",
	"can I copy a certificate to another region?",
	"ACM の証明書を別のリージョンにコピーできますか",
	"does ACM renew imported certificates?",
	"how do I bake bread?",
}

// answers are the entry, verdict and score of each of questions.
func answers(t *testing.T, ix *index.Index) []string {
	t.Helper()
	var out []string
	for _, q := range questions {
		a, err := index.Guard(func() (*kb.Answer, error) { return ix.Ask(q, index.Options{}) })
		if err != nil {
			out = append(out, "error: "+err.Error())
			continue
		}
		id := "-"
		if a.Answered {
			id = a.Entry.ID + " " + string(a.Entry.Verdict)
		}
		out = append(out, fmt.Sprintf("%s %.6f", id, a.Score))
	}
	return out
}

// cachedAnswers opens the cached index of fsys in dir, answers questions
// and closes it. A panic fails the test with the panic, not the binary.
func cachedAnswers(t *testing.T, fsys fs.FS, dir string) (got []string, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	ix, err := OpenCached(Options{Content: fsys}, dir)
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	return answers(t, ix), nil
}

// indexFiles lists the files of the cached index in dir, largest first.
func indexFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(p, string(filepath.Separator)+"index-") && !strings.HasSuffix(p, ".lock") &&
			!strings.HasSuffix(p, entrySums) && !strings.HasSuffix(p, entryChecked) {
			files = append(files, p)
		}
		return nil
	})
	sort.Slice(files, func(i, j int) bool { return size(files[i]) > size(files[j]) })
	if len(files) == 0 {
		t.Fatalf("no index files in %s", dir)
	}
	return files
}

func size(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// TestDamagedCacheIsRebuilt writes random bytes into the cached index, then
// flips 40 single bytes all over it: every time, the next ask answers exactly
// as before, from a rebuilt index, with no panic and no error (issue 12,
// row 5: 4,000 random bytes gave a panic on every question; 80 flips gave 4
// panics, 2 errors and 8 different answers).
func TestDamagedCacheIsRebuilt(t *testing.T) {
	dir := t.TempDir()
	want, err := cachedAnswers(t, content.FS(), dir)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	damage := func(p string, off int64, data []byte, keepTimes bool) {
		t.Helper()
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteAt(data, off); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if keepTimes { // the modification time put back, as a careless copy might
			os.Chtimes(p, fi.ModTime(), fi.ModTime())
		}
	}
	check := func(what string) {
		t.Helper()
		got, err := cachedAnswers(t, content.FS(), dir)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%s: %q answers %q, want %q", what, questions[i], got[i], want[i])
			}
		}
	}

	files := indexFiles(t, dir)
	junk := make([]byte, 4000)
	for i := range junk {
		junk[i] = byte(rng.IntN(256))
	}
	zap := files[0]
	for _, f := range files {
		if strings.HasSuffix(f, ".zap") {
			zap = f
			break
		}
	}
	damage(zap, size(zap)/10, junk, false) // a panic in zap, unchecked
	check("4000 random bytes in " + filepath.Base(zap))

	for i := 0; i < 40; i++ {
		files := indexFiles(t, dir)
		p := files[i%len(files)]
		off := rng.Int64N(size(p))
		b := make([]byte, 1)
		f, _ := os.Open(p)
		f.ReadAt(b, off)
		f.Close()
		b[0] ^= byte(1 << rng.IntN(8))
		damage(p, off, b, i%2 == 0)
		check(fmt.Sprintf("flip %d: %s at %d", i, filepath.Base(p), off))
	}

	// A file cut short, and one removed.
	files = indexFiles(t, dir)
	os.Truncate(files[0], size(files[0])/2)
	check("truncated")
	os.Remove(indexFiles(t, dir)[0])
	check("removed")
}

// TestIntactCacheIsNotRead: an index unchanged since it was last checked is
// used without reading its files again (stat only).
func TestIntactCacheIsNotRead(t *testing.T) {
	dir := t.TempDir()
	if _, err := cachedAnswers(t, content.FS(), dir); err != nil {
		t.Fatal(err)
	}
	var entry string
	for name := range entryIDs(t, dir) {
		entry = filepath.Join(dir, name)
	}
	// Make the sums disagree with the files: a check that reads them would fail.
	sums := filepath.Join(entry, entrySums)
	data, _ := os.ReadFile(sums)
	var b strings.Builder
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if line != "" {
			line = "00000000" + line[8:]
		}
		b.WriteString(line)
	}
	os.WriteFile(sums, []byte(b.String()), 0o600)
	if err := verify(entry); err != nil {
		t.Fatalf("verify of files unchanged since their check: %v (they were read)", err)
	}
	// Once a file's stamp differs, it is read, and the wrong sum found.
	os.Chtimes(indexFiles(t, dir)[0], timeAgo(1), timeAgo(1))
	if err := verify(entry); err == nil {
		t.Error("verify with wrong sums after a change: nil")
	}
}

// twoFolders writes two knowledge bases whose answers differ.
func twoFolders(t *testing.T) (a, b string) {
	t.Helper()
	dir := t.TempDir()
	a, b = filepath.Join(dir, "a"), filepath.Join(dir, "b")
	writeKB(t, a, "v1", "no")
	writeKB(t, b, "v2", "yes")
	return a, b
}

func entryIDs(t *testing.T, dir string) map[string]fileID {
	t.Helper()
	out := map[string]fileID{}
	des, _ := os.ReadDir(dir)
	for _, de := range des {
		if de.IsDir() && strings.HasPrefix(de.Name(), "index-") {
			id, err := idOf(filepath.Join(dir, de.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[de.Name()] = id
		}
	}
	return out
}

// TestTwoFoldersShareACache: asking from two content folders in turn keeps
// both indexes: none is rebuilt, none removed (issue 12, row 6: every
// alternation rebuilt, and removed the index another process was opening).
func TestTwoFoldersShareACache(t *testing.T) {
	a, b := twoFolders(t)
	cache := t.TempDir()
	open := func(dir string) string { return askFrom(t, dir, cache) }
	open(a)
	open(b)
	before := entryIDs(t, cache)
	if len(before) != 2 {
		t.Fatalf("cache entries after asking from two folders: %v", before)
	}
	for i := 0; i < 3; i++ {
		if got := open(a); !strings.Contains(got, "v1") {
			t.Fatalf("folder a answers %q", got)
		}
		if got := open(b); !strings.Contains(got, "v2") {
			t.Fatalf("folder b answers %q", got)
		}
	}
	after := entryIDs(t, cache)
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("cache entries rebuilt or removed:\nbefore %v\nafter  %v", before, after)
	}
}

// TestConcurrentAsksFromTwoFolders runs rounds of asks from two folders at
// once, in separate processes sharing one cache directory, from cold: all
// answer, each from its own folder.
func TestConcurrentAsksFromTwoFolders(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 48 processes")
	}
	a, b := twoFolders(t)
	cache := t.TempDir()
	for round := 0; round < 3; round++ {
		var wg sync.WaitGroup
		var mu sync.Mutex
		var failures []string
		for i := 0; i < 16; i++ {
			folder, want := a, "v1"
			if i%2 == 1 {
				folder, want = b, "v2"
			}
			p := start(t, "ask", "HELPER_CONTENT="+folder, "HELPER_CACHE="+cache, "HELPER_QUESTION="+question)
			wg.Add(1)
			go func() {
				defer wg.Done()
				out, err := p.wait()
				if err != nil || !strings.Contains(out, want) {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%s: %q %v", filepath.Base(folder), out, err))
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(failures) > 0 {
			t.Fatalf("round %d: %d of 16 asks failed:\n%s", round, len(failures), strings.Join(failures, "\n"))
		}
	}
}

// TestPlantedCacheIsNotRead: an index another user planted in the shared
// temporary directory, under the name the victim's acmkb would use, is
// never read, and nothing of that user's is deleted (issue 12, row 7).
func TestPlantedCacheIsNotRead(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("planting a directory of another user's needs root")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	blocked := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocked, nil, 0o644)
	primary := filepath.Join(blocked, "cache") // cannot be created: the fallback is used

	fsys := content.FS()
	hash, err := ContentHash(fsys)
	if err != nil {
		t.Fatal(err)
	}
	// The attacker's index: every entry says "yes".
	k, problems := loader.Load(fsys, loader.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	var lies []*kb.Entry
	for _, e := range k.Entries {
		c := *e
		c.Verdict = kb.Yes
		c.Answer = kb.Text{kb.EN: "Yes: planted.", kb.JA: "はい: 仕込み。"}
		lies = append(lies, &c)
	}
	planted := kb.New(k.Config, lies, k.Thesaurus)
	const attacker = 4242
	dirs := []string{tempCacheDir()}
	if old := filepath.Join(tmp, "acmkb-cache"); old != dirs[0] {
		dirs = append(dirs, old) // the name acmkb used before
	}
	for _, d := range dirs {
		entry := filepath.Join(d, "index-"+hash)
		// Both layouts: the bleve index at the entry (acmkb before this
		// change) and in it with valid sums (now).
		if err := os.MkdirAll(d, 0o777); err != nil {
			t.Fatal(err)
		}
		if err := index.Build(planted, entry); err != nil {
			t.Fatal(err)
		}
		if err := index.Build(planted, filepath.Join(entry, entryIndex)); err != nil {
			t.Fatal(err)
		}
		if err := writeSums(entry); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(d, "index-other"), []byte("someone else's"), 0o644)
		filepath.WalkDir(d, func(p string, _ fs.DirEntry, _ error) error { return os.Lchown(p, attacker, attacker) })
		os.Chmod(d, 0o777)
	}
	ix, err := OpenCached(Options{Content: fsys}, primary)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	a, err := ix.Ask("can I copy a certificate to another region?", index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Answered || a.Entry.Verdict != kb.No || strings.Contains(a.Entry.Answer[kb.EN], "planted") {
		t.Errorf("answered from the planted index: %v %q", a.Entry.Verdict, a.Entry.Answer[kb.EN])
	}
	for _, d := range dirs {
		if !exists(filepath.Join(d, "index-other")) || !exists(filepath.Join(d, "index-"+hash, entrySums)) {
			t.Errorf("files of another user in %s were deleted", d)
		}
	}
}

// TestCacheDirIsPrivate: the cache directory is created 0700, and one of
// this user's that others can write is closed.
func TestCacheDirIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	if _, err := cachedAnswers(t, content.FS(), dir); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("cache directory mode %v, want 0700", fi.Mode().Perm())
	}
	os.Chmod(dir, 0o777)
	if _, err := cachedAnswers(t, content.FS(), dir); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("cache directory mode %v after use, want 0700", fi.Mode().Perm())
	}
}

// TestNoWritableCache: with no cache directory that can be written (a
// read-only home and temporary directory), the index is built in memory and
// questions are answered (issue 12, row 15).
func TestNoWritableCache(t *testing.T) {
	blocked := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocked, nil, 0o644)
	t.Setenv("TMPDIR", filepath.Join(blocked, "tmp"))
	got, err := cachedAnswers(t, content.FS(), filepath.Join(blocked, "cache"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got[0], "export-private-key partly") {
		t.Errorf("answers %v", got)
	}
}

// TestSymlinkedEntriesAreHashed: when entries/ is a symbolic link to a
// directory, editing an entry there changes the answer on the next ask
// (issue 12, row 8: the hash skipped the link, and the cache kept answering
// the old verdict).
func TestSymlinkedEntriesAreHashed(t *testing.T) {
	defer func(s time.Duration) { manifestSettle = s }(manifestSettle)
	manifestSettle = 0 // every file is remembered at once
	for _, open := range []struct {
		name string
		fs   func(string) (fs.FS, error)
	}{
		{"os.DirFS", func(d string) (fs.FS, error) { return os.DirFS(d), nil }},
		{"ContentDir", ContentDir},
	} {
		t.Run(open.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "kb")
			writeKB(t, dir, "v1", "no")
			os.Rename(filepath.Join(dir, "entries"), filepath.Join(dir, "v1"))
			if err := os.Symlink("v1", filepath.Join(dir, "entries")); err != nil {
				t.Fatal(err)
			}
			cache := t.TempDir()
			ask := func() string {
				t.Helper()
				fsys, err := open.fs(dir)
				if err != nil {
					t.Fatal(err)
				}
				return askCached(t, fsys, cache)
			}
			if got := ask(); got != "Copy a certificate v1 (no)" {
				t.Fatalf("first ask: %q", got)
			}
			p := filepath.Join(dir, "v1", "copy-cert.md")
			data, _ := os.ReadFile(p)
			time.Sleep(20 * time.Millisecond) // a tick of the kernel's file clock
			os.WriteFile(p, []byte(strings.Replace(string(data), `verdict: "no"`, `verdict: "yes"`, 1)), 0o644)
			if got := ask(); got != "Copy a certificate v1 (yes)" {
				t.Errorf("after the edit: %q, want the new verdict", got)
			}
			// The same again with every file remembered in the manifest:
			// an edit of the same size, through the link, is noticed too.
			if got := ask(); got != "Copy a certificate v1 (yes)" {
				t.Errorf("asked again: %q", got)
			}
			time.Sleep(20 * time.Millisecond)
			data, _ = os.ReadFile(p)
			os.WriteFile(p, []byte(strings.Replace(string(data), `verdict: "yes"`, `verdict: "no" `, 1)), 0o644)
			if got := ask(); got != "Copy a certificate v1 (no)" {
				t.Errorf("after an edit of the same size: %q, want the old verdict back", got)
			}
		})
	}
}

func timeAgo(days int) time.Time { return time.Now().Add(-time.Duration(days) * 24 * time.Hour) }

// TestOldEntriesArePruned: entries unused for long go; the one in use and
// recent ones stay.
func TestOldEntriesArePruned(t *testing.T) {
	cache := t.TempDir()
	mk := func(name string, age string) {
		os.MkdirAll(filepath.Join(cache, name), 0o700)
		d, _ := strconv.Atoi(age)
		old := timeAgo(d)
		os.Chtimes(filepath.Join(cache, name), old, old)
	}
	for i := 0; i < 12; i++ {
		mk(fmt.Sprintf("index-recent%02d", i), "0") // used in the last hour: kept whatever the count
	}
	mk("index-month", "31")
	mk("index-keep", "40")
	mk(".stage-x-1", "1")
	file := func(name string, age int) {
		p := filepath.Join(cache, name)
		os.WriteFile(p, []byte("x"), 0o600)
		old := timeAgo(age)
		os.Chtimes(p, old, old)
	}
	file("parsed-old", 31)        // a folder asked from once, long ago
	file("terms-old.changes", 40) // and its analysis
	file("parsed-new", 29)        // still in use
	file("binary-content", 90)    // not a per-folder file: kept
	prune(cache, "index-keep")
	var left []string
	des, _ := os.ReadDir(cache)
	for _, de := range des {
		left = append(left, de.Name())
	}
	if len(left) != 15 || exists(filepath.Join(cache, "index-month")) || exists(filepath.Join(cache, ".stage-x-1")) || !exists(filepath.Join(cache, "index-keep")) ||
		exists(filepath.Join(cache, "parsed-old")) || exists(filepath.Join(cache, "terms-old.changes")) || !exists(filepath.Join(cache, "parsed-new")) || !exists(filepath.Join(cache, "binary-content")) {
		t.Errorf("after prune: %v", left)
	}
}

// compiledFS is a content directory that says it is compiled into the
// program (as content.FS does), and counts the files opened.
type compiledFS struct{ countingFS }

func (compiledFS) InBinary() {}

// TestBinaryContentHash: the hash of content compiled into the program is
// remembered against the program file's stamp, so a second question reads
// no content file; a program file that changed (a rebuilt binary) is hashed
// again, and remembered beside the other.
func TestBinaryContentHash(t *testing.T) {
	defer func(s time.Duration) { manifestSettle = s }(manifestSettle)
	manifestSettle = 0
	defer func(e func() (string, error)) { executable = e }(executable)
	exe := filepath.Join(t.TempDir(), "acmkb")
	if err := os.WriteFile(exe, []byte("v1"), 0o755); err != nil {
		t.Fatal(err)
	}
	executable = func() (string, error) { return exe, nil }

	dir := filepath.Join(t.TempDir(), "kb")
	writeKB(t, dir, "v1", "no")
	opened := 0
	fsys := compiledFS{countingFS{os.DirFS(dir), &opened}}
	want, err := ContentHash(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	hash := func() (string, int) {
		t.Helper()
		opened = 0
		h, err := contentHash(fsys, cache)
		if err != nil {
			t.Fatal(err)
		}
		return h, opened
	}
	if h, n := hash(); h != want || n == 0 {
		t.Fatalf("first hash %s after opening %d files, want %s after reading them", h, n, want)
	}
	if h, n := hash(); h != want || n != 0 {
		t.Errorf("second hash %s after opening %d files, want %s from the cache", h, n, want)
	}
	// A new build of the program: the same path, new bytes (a new stamp).
	time.Sleep(10 * time.Millisecond)
	if err := os.WriteFile(exe, []byte("v2, with other content"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeKB(t, dir, "v2", "yes")
	want2, _ := ContentHash(os.DirFS(dir))
	if want2 == want {
		t.Fatal("the edit did not change the content hash")
	}
	if h, n := hash(); h != want2 || n == 0 {
		t.Errorf("after the program changed: hash %s after opening %d files, want %s after reading them", h, n, want2)
	}
	if h, n := hash(); h != want2 || n != 0 {
		t.Errorf("then: hash %s after opening %d files, want %s from the cache", h, n, want2)
	}
	// Content that does not say it is compiled in is hashed every time.
	plain := 0
	if h, err := contentHash(struct{ fs.FS }{countingFS{os.DirFS(dir), &plain}}, ""); err != nil || h != want2 || plain == 0 {
		t.Errorf("plain content: hash %s, %d files opened, %v", h, plain, err)
	}
}

// countingFS counts the files opened in it.
type countingFS struct {
	fs.FS
	opened *int
}

func (c countingFS) Open(name string) (fs.File, error) {
	*c.opened++
	return c.FS.Open(name)
}

// TestEditedFolderIsParsedAgain: an ask keeps what the entry files of its
// content folder were parsed into (parsed-* in the cache directory, as build
// does), so that after an edit only the edited file is parsed again; the
// records are keyed by the bytes parsed, so the edited entry answers as
// edited, verdict and all.
func TestEditedFolderIsParsedAgain(t *testing.T) {
	a, _ := twoFolders(t)
	cache := t.TempDir()
	open := func() string { return askFrom(t, a, cache) }
	if got := open(); !strings.Contains(got, "v1") || !strings.Contains(got, "(no)") {
		t.Fatalf("before the edit: %q", got)
	}
	if parsed, _ := filepath.Glob(filepath.Join(cache, "parsed-*")); len(parsed) == 0 {
		t.Fatal("no parse cache beside the index")
	}
	writeKB(t, a, "v3", "yes")
	if got := open(); !strings.Contains(got, "v3") || !strings.Contains(got, "(yes)") {
		t.Errorf("after the edit: %q, want v3 (yes)", got)
	}
}

// askFrom asks question of the content folder dir through the index cache
// in cache, and returns answerTitle's answer.
func askFrom(t *testing.T, dir, cache string) string {
	t.Helper()
	fsys, err := ContentDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return askCached(t, fsys, cache)
}

// askCached asks question of the content fsys through the index cache in
// cache, and returns answerTitle's answer.
func askCached(t *testing.T, fsys fs.FS, cache string) string {
	t.Helper()
	ix, err := OpenCached(Options{Content: fsys}, cache)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	return answerTitle(ix, question)
}

// hashFiles hashes many files on every core, as it hashes few on one: each
// file's SHA-256 in its place, and the first file that fails as the error.
func TestHashFiles(t *testing.T) {
	fsys := fstest.MapFS{}
	var files []string
	for i := range 300 {
		name := fmt.Sprintf("entries/e%03d.md", i)
		fsys[name] = &fstest.MapFile{Data: bytes.Repeat([]byte{byte(i)}, i*97)}
		files = append(files, name)
	}
	for _, n := range []int{10, 300} {
		which := make([]int, 0, n)
		for i := range n {
			which = append(which, (i*7)%len(files))
		}
		sums := make([][sha256.Size]byte, len(files))
		if err := hashFiles(fsys, files, which, sums); err != nil {
			t.Fatal(err)
		}
		for _, i := range which {
			if want := sha256.Sum256(fsys[files[i]].Data); sums[i] != want {
				t.Errorf("%d files: sum of %s wrong", n, files[i])
			}
		}
	}
	missing := append(slices.Clone(files), "entries/gone1.md", "entries/gone2.md")
	which := make([]int, len(missing))
	for i := range which {
		which[i] = i
	}
	err := hashFiles(fsys, missing, which, make([][sha256.Size]byte, len(missing)))
	if err == nil || !strings.Contains(err.Error(), "gone1.md") {
		t.Errorf("hashFiles with missing files: %v, want the error of gone1.md", err)
	}
}

// TestAnalysisCachesArePerVersion: the caches of what the analysis made of
// the entries (terms, the subject and its titles) are never read by another
// version of acmkb, whose rules may analyse otherwise: an upgrade's first
// build of a folder built before must equal a build from nothing (a stale
// term cache gave the search data of the old rules).
func TestAnalysisCachesArePerVersion(t *testing.T) {
	defer func(v string) { Version = v }(Version)
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	root, kbDir := synthKB(t, 60, 1, now)
	cacheDir := filepath.Join(root, "cache")
	build := func() {
		t.Helper()
		fsys, err := ContentDir(kbDir)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := Build(Options{Content: fsys, Out: filepath.Join(root, "site"), Index: filepath.Join(root, "ix"), Now: func() time.Time { return now }, CacheDir: cacheDir}); err != nil {
			t.Fatal(err)
		}
	}
	count := func() map[string]int {
		n := map[string]int{}
		for _, prefix := range []string{"terms-", "subject-", "titles-"} {
			m, _ := filepath.Glob(filepath.Join(cacheDir, prefix+"*"))
			for _, f := range m {
				if !strings.Contains(f, ".changes") && !strings.Contains(f, ".tmp") {
					n[prefix]++
				}
			}
		}
		return n
	}
	Version = "v1"
	build()
	first := count()
	Version = "v2"
	build()
	second := count()
	for _, prefix := range []string{"terms-", "subject-", "titles-"} {
		if first[prefix] != 1 || second[prefix] != 2 {
			t.Errorf("%s caches: %d after a build by v1, %d after one by v2; want 1 and 2 (one per version)", prefix, first[prefix], second[prefix])
		}
	}
}
