package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/bench/synth"
	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
)

// synthKB writes a synthetic knowledge base of n entries (bench/synth) to
// root/kb, root a new temporary directory.
func synthKB(t *testing.T, n int, seed uint64, now time.Time) (root, kbDir string) {
	t.Helper()
	files, err := synth.Generate(content.FS(), synth.Options{Entries: n, Seed: seed}, now)
	if err != nil {
		t.Fatal(err)
	}
	root = t.TempDir()
	kbDir = filepath.Join(root, "kb")
	if err := files.Write(kbDir); err != nil {
		t.Fatal(err)
	}
	return root, kbDir
}

// TestIncrementalBuildIsAFullBuild: a build that takes unchanged entries'
// analysis from the cache writes the same site, byte for byte, and an
// index that answers the same, as a build from nothing.
func TestIncrementalBuildIsAFullBuild(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	root, kbDir := synthKB(t, 80, 3, now)
	// The in-memory caches of acmkb serve: terms and parsed files.
	terms, parsed := analysis.NewTermCache(), loader.NewParseCache()
	build := func(out, idx string, terms *analysis.TermCache, parsed *loader.ParseCache, cacheDir string) {
		t.Helper()
		fsys, err := ContentDir(kbDir)
		if err != nil {
			t.Fatal(err)
		}
		// With a cache directory, as acmkb build: the load takes its
		// listing from the up-to-date check (loader.Options.Listing).
		if _, _, err := Build(Options{Content: fsys, Out: out, Index: idx, Now: func() time.Time { return now }, Terms: terms, Parsed: parsed, CacheDir: cacheDir, SkipUnchanged: cacheDir != ""}); err != nil {
			t.Fatal(err)
		}
	}
	cacheDir := filepath.Join(root, "cache")
	build(filepath.Join(root, "site"), filepath.Join(root, "ix"), terms, parsed, "")
	build(filepath.Join(root, "site2"), filepath.Join(root, "ix2"), nil, nil, cacheDir) // fills the disk cache
	if m, _ := filepath.Glob(filepath.Join(cacheDir, "parsed-*")); len(m) != 1 {
		t.Errorf("the disk cache holds %d parse caches, want 1", len(m))
	}

	// Edit one entry's body and another's title, as an author would.
	des, _ := os.ReadDir(filepath.Join(kbDir, "entries"))
	edit := func(i int, old, new string) {
		p := filepath.Join(kbDir, "entries", des[i].Name())
		data, _ := os.ReadFile(p)
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s has no %q", p, old)
		}
		os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644)
	}
	edit(40, "\n<!-- ja -->", "\n\nOne more sentence about exporting keys.\n\n<!-- ja -->")
	edit(7, "\n  en: \"", "\n  en: \"Renamed ")

	build(filepath.Join(root, "site"), filepath.Join(root, "ix"), terms, parsed, "")
	if h := terms.Hits(); h != 78 {
		t.Errorf("the rebuild took %d entries from the cache, want 78 of 80", h)
	}
	if h := terms.NameHits(); h != 78 { // keyed by the loader's digest: unchanged entries are not even turned into text
		t.Errorf("the rebuild took %d entries' names from the cache, want 78 of 80", h)
	}
	if h := parsed.Hits(); h != 78 {
		t.Errorf("the rebuild parsed %d files again, want 2 of 80", 80-h)
	}
	build(filepath.Join(root, "site2"), filepath.Join(root, "ix2"), nil, nil, cacheDir)
	// The pages of the 78 entries that did not change, and whose related
	// entries did not either, were linked from the previous output.
	if n := countPagesFile(t, cacheDir); n != 160 {
		t.Errorf("the page cache has %d pages, want 160", n)
	}
	if n := lastReused.Load(); n < 140 || n > 156 {
		t.Errorf("%d pages linked from the previous output, want those of the entries that did not change", n)
	}
	build(filepath.Join(root, "full"), filepath.Join(root, "fullix"), nil, nil, "")
	for _, out := range []string{"site", "site2"} {
		if diff := diffTrees(t, filepath.Join(root, "full"), filepath.Join(root, out)); diff != "" {
			t.Errorf("%s differs from a full build: %s", out, diff)
		}
	}
	answers := func(idx string) string {
		ix, err := index.Open(filepath.Join(root, idx))
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		var b strings.Builder
		for _, q := range []string{question, "export the private key", "One more sentence about exporting keys", "秘密鍵をエクスポート", "renamed"} {
			a, err := ix.Ask(q, index.Options{Explain: true})
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString(q + ": " + answerLine(a) + "\n")
		}
		return b.String()
	}
	want := answers("fullix")
	for _, idx := range []string{"ix", "ix2"} {
		if got := answers(idx); got != want {
			t.Errorf("%s answers\n%s\nwant\n%s", idx, got, want)
		}
	}
	if !lastPatched.Load() {
		t.Error("the rebuild of site2 did not patch the published site")
	}

	// More edits, each built into the published outputs (patched) and
	// compared with a build from nothing.
	same := func(step string) {
		t.Helper()
		lastPatched.Store(false)
		build(filepath.Join(root, "site2"), filepath.Join(root, "ix2"), nil, nil, cacheDir)
		if step != "unchanged" { // else nothing was done (SkipUnchanged)
			if !lastPatched.Load() {
				t.Errorf("%s: the rebuild did not patch the published site", step)
			}
			if !lastUpdated.Load() {
				t.Errorf("%s: the rebuild did not update the published index", step)
			}
		}
		full, fullix := filepath.Join(root, step), filepath.Join(root, step+"ix")
		build(full, fullix, nil, nil, "")
		if diff := diffTrees(t, full, filepath.Join(root, "site2")); diff != "" {
			t.Errorf("%s: the patched site differs from a full build: %s", step, diff)
		}
		if got, want := answers("ix2"), answers(step+"ix"); got != want {
			t.Errorf("%s: the index answers\n%s\nwant\n%s", step, got, want)
		}
		if left, _ := filepath.Glob(filepath.Join(root, ".acmkb-stage-*")); len(left) > 0 {
			t.Errorf("%s: left behind: %v", step, left)
		}
	}
	entryFile := func(i int) string { return filepath.Join(kbDir, "entries", des[i].Name()) }
	id10 := strings.TrimSuffix(des[10].Name(), ".md")
	id7 := strings.TrimSuffix(des[7].Name(), ".md")
	// An added entry, which another entry now relates to.
	data, _ := os.ReadFile(entryFile(10))
	added := filepath.Join(kbDir, "entries", "added-entry.md")
	os.WriteFile(added, bytes.Replace(data, []byte("id: "+id10+"\n"), []byte("id: added-entry\n"), 1), 0o644)
	related := func(to string) {
		data, _ := os.ReadFile(entryFile(30))
		lines := strings.Split(string(data), "\n")
		found := false
		for i, l := range lines {
			if strings.HasPrefix(l, "related:") {
				lines[i], found = "related: ["+to+"]", true
			}
		}
		if !found {
			t.Fatalf("%s relates to nothing", entryFile(30))
		}
		os.WriteFile(entryFile(30), []byte(strings.Join(lines, "\n")), 0o644)
	}
	related("added-entry")
	same("added")
	// A changed related link, to the entry whose title changes next.
	related(id7)
	same("related")
	// A deleted entry, and an edited title.
	os.Remove(added)
	edit(7, "\n  en: \"Renamed ", "\n  en: \"Renamed again ")
	same("deleted")
	// A title that keeps its place in the lists: the pages of the entry
	// and of those that relate to it are keyed again, the others keep
	// their keys.
	edit(7, "\n  en: \"Renamed again ", "\n  en: \"Renamed again and again ")
	same("retitled")
	if n := lastKeyed.Load(); n < 4 || n > 20 {
		t.Errorf("retitled: %d page keys worked out again, want those of the entry and the entries relating to it", n)
	}
	if !lastWeighedPartly.Load() {
		t.Error("retitled: the rebuild weighed every term")
	}
	// Former ids (aliases) added to an entry, changed, then removed: their
	// redirect pages and _redirects come and go as in a full build.
	alias := func(list string) {
		data, _ := os.ReadFile(entryFile(7))
		s := string(data)
		if i := strings.Index(s, "\naliases:"); i >= 0 {
			j := strings.Index(s[i+1:], "\n")
			s = s[:i] + s[i+1+j:]
		}
		if list != "" {
			s = strings.Replace(s, "\nverdict:", "\naliases: ["+list+"]\nverdict:", 1)
		}
		os.WriteFile(entryFile(7), []byte(s), 0o644)
	}
	resolve := func(id string) string {
		t.Helper()
		ix, err := index.Open(filepath.Join(root, "ix2"))
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		return ix.Resolve(id)
	}
	alias("former-seven, " + id10 + "-old")
	same("aliased")
	if got := resolve("former-seven"); got != id7 {
		t.Errorf("aliased: the updated index resolves former-seven to %q, want %q", got, id7)
	}
	if _, err := os.Stat(filepath.Join(root, "site2", "ja", "former-seven", "index.html")); err != nil {
		t.Errorf("aliased: %v", err)
	}
	alias("former-seven-b")
	same("realiased")
	if _, err := os.Stat(filepath.Join(root, "site2", "ja", "former-seven")); !os.IsNotExist(err) {
		t.Errorf("realiased: the former alias's page is still there: %v", err)
	}
	alias("")
	same("unaliased")
	if got := resolve("former-seven-b"); got != "" {
		t.Errorf("unaliased: the updated index still resolves former-seven-b, to %q", got)
	}
	if got := resolve(id7); got != id7 {
		t.Errorf("Resolve(%q) = %q", id7, got)
	}
	if _, err := os.Stat(filepath.Join(root, "site2", "_redirects")); !os.IsNotExist(err) {
		t.Errorf("unaliased: _redirects is still there: %v", err)
	}
	// What the subject was worked out from: each entry's titles.
	if files, _ := filepath.Glob(filepath.Join(cacheDir, "titles-*")); len(files) != 1 {
		t.Errorf("subject titles memos: %v", files)
	} else if data, err := os.ReadFile(files[0]); err != nil {
		t.Error(err)
	} else if m, err := decodeSubjectTitles(data); err != nil {
		t.Error(err)
	} else {
		fsys, _ := ContentDir(kbDir)
		k, _, err := Load(Options{Content: fsys, Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		titles := map[string]bool{}
		for _, e := range k.Entries {
			titles[analysis.SubjectTitles(e)] = true
		}
		if len(m.Titles) > len(titles)+len(titles)/8 {
			t.Errorf("the subject titles memo holds %d titles, want the %d of the entries and at most an eighth more", len(m.Titles), len(titles))
		}
		for title := range titles {
			if _, ok := m.Titles[title]; !ok {
				t.Errorf("the subject titles memo lacks %q", title)
			}
		}
	}
	// The postings cache's changes damaged (when the last build wrote
	// them): ignored, nothing else changes.
	postings, _ := filepath.Glob(filepath.Join(cacheDir, "postings-*[0-9a-f]"))
	if len(postings) != 1 {
		t.Fatalf("postings caches: %v", postings)
	}
	if changes, err := os.ReadFile(postings[0] + ".changes"); err == nil {
		changes[len(changes)/2] ^= 1
		os.WriteFile(postings[0]+".changes", changes, 0o600)
		edit(40, "One more sentence about exporting keys.", "One more sentence about exporting certificates.")
		same("damaged changes")
		edit(40, "One more sentence about exporting certificates.", "One more sentence about exporting keys.")
	}
	// The postings cache damaged: every term weighed, nothing else
	// changes.
	good, err := os.ReadFile(postings[0])
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Clone(good)
	bad[len(bad)/2] ^= 1
	os.WriteFile(postings[0], bad, 0o600)
	edit(7, "\n  en: \"Renamed again and again ", "\n  en: \"Renamed ")
	same("damaged")
	if lastWeighedPartly.Load() {
		t.Error("damaged: the rebuild took postings from a damaged cache")
	}
	// Stale: the postings of two builds before.
	stale, _ := os.ReadFile(postings[0])
	edit(40, "One more sentence about exporting keys.", "One more sentence about importing keys.")
	same("edited")
	os.WriteFile(postings[0], stale, 0o600)
	edit(7, "\n  en: \"Renamed ", "\n  en: \"Renamed once more ")
	same("stale")
	// Nothing changed.
	same("unchanged")
}

// countPagesFile is the number of entry pages the page cache in dir knows.
func countPagesFile(t *testing.T, dir string) int {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "pages-*"))
	if len(files) != 1 {
		t.Fatalf("page caches: %v", files)
	}
	r, ok := readPages(files[0])
	if !ok {
		t.Fatalf("%s: not a page cache", files[0])
	}
	return len(r.Keys)
}

func answerLine(a *kb.Answer) string {
	var b strings.Builder
	if a.Entry != nil {
		b.WriteString(a.Entry.ID)
	}
	for _, alt := range a.Alternatives {
		b.WriteString(" " + alt.ID)
	}
	if x := a.Explanation; x != nil {
		for _, m := range x.Matches {
			fmt.Fprintf(&b, " %s=%.6f", m.Term, m.Score)
		}
	}
	return b.String()
}

// diffTrees says how the files under a and b differ ("" when they do not).
func diffTrees(t *testing.T, a, b string) string {
	t.Helper()
	read := func(dir string) map[string][]byte {
		out := map[string][]byte{}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(dir, p)
				out[rel], _ = os.ReadFile(p)
			}
			return err
		})
		return out
	}
	fa, fb := read(a), read(b)
	var diffs []string
	for name, data := range fa {
		if other, ok := fb[name]; !ok {
			diffs = append(diffs, "missing "+name)
		} else if !bytes.Equal(data, other) {
			diffs = append(diffs, "changed "+name)
		}
	}
	for name := range fb {
		if _, ok := fa[name]; !ok {
			diffs = append(diffs, "extra "+name)
		}
	}
	if len(diffs) > 5 {
		diffs = append(diffs[:5], "...")
	}
	return strings.Join(diffs, ", ")
}

// TestUnchangedBuildIsSkipped: a build of the same content and options, on
// the same day, into outputs as the last build left them, does nothing; a
// changed entry, or a changed output, builds again.
func TestUnchangedBuildIsSkipped(t *testing.T) {
	defer func(s time.Duration) { manifestSettle = s }(manifestSettle)
	manifestSettle = 0
	root := t.TempDir()
	kbDir := filepath.Join(root, "kb")
	writeKB(t, kbDir, "v1", "no")
	out, idx, cache := filepath.Join(root, "site"), filepath.Join(root, "ix"), filepath.Join(root, "cache")
	build := func() (skipped bool) {
		t.Helper()
		time.Sleep(20 * time.Millisecond) // a tick of the kernel's file clock
		fsys, err := ContentDir(kbDir)
		if err != nil {
			t.Fatal(err)
		}
		k, _, err := Build(Options{Content: fsys, Out: out, Index: idx, CacheDir: cache, SkipUnchanged: true})
		if err != nil {
			t.Fatal(err)
		}
		return len(k.Entries) == 1 && k.Entries[0] == nil
	}
	if build() {
		t.Fatal("the first build was skipped")
	}
	if !build() {
		t.Error("a build of unchanged content was not skipped")
	}
	writeKB(t, kbDir, "v2", "no")
	if build() {
		t.Error("a build after an edit was skipped")
	}
	if got := readTitle(t, out); got != "v2" {
		t.Errorf("site built from %s, want v2", got)
	}
	if !build() {
		t.Error("a build of unchanged content was not skipped")
	}
	os.Remove(filepath.Join(out, "robots.txt"))
	if build() {
		t.Error("a build into a changed output was skipped")
	}
	if _, err := os.Stat(filepath.Join(out, "robots.txt")); err != nil {
		t.Error("the rebuild did not restore robots.txt")
	}
}

// readTitle is the marker in the title of the site's entry page.
func readTitle(t *testing.T, out string) string {
	data, err := os.ReadFile(filepath.Join(out, "en", "copy-cert", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if m := markerRE.FindSubmatch(data); m != nil {
		return string(m[1])
	}
	return ""
}

// TestStampedRebuild: with the entry files' stamps trusted (none racy), a
// rebuild from the disk caches reads only the files whose stamps changed,
// and still writes what a full build writes: after a change that keeps a
// file's size and modification time, after an edit that makes an unchanged
// entry's page render again (its body read when needed), and with the term
// cache lost (every body needed).
func TestStampedRebuild(t *testing.T) {
	defer func(w time.Duration) { loader.RacyWindow = w }(loader.RacyWindow)
	loader.RacyWindow = 0
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	root, kbDir := synthKB(t, 60, 5, now)
	cacheDir := filepath.Join(root, "cache")
	build := func(out, idx, cacheDir string) {
		t.Helper()
		time.Sleep(10 * time.Millisecond) // a tick of the kernel's file clock
		fsys, err := ContentDir(kbDir)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := Build(Options{Content: fsys, Out: out, Index: idx, Now: func() time.Time { return now }, CacheDir: cacheDir}); err != nil {
			t.Fatal(err)
		}
	}
	answers := func(idx string) string {
		ix, err := index.Open(idx)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		var b strings.Builder
		for _, q := range []string{question, "export the private key", "kept its size", "秘密鍵をエクスポート"} {
			a, err := ix.Ask(q, index.Options{Explain: true})
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString(q + ": " + answerLine(a) + "\n")
		}
		return b.String()
	}
	site, ix := filepath.Join(root, "site"), filepath.Join(root, "ix")
	build(site, ix, cacheDir)
	same := func(step string) {
		t.Helper()
		build(site, ix, cacheDir)
		full, fullix := filepath.Join(root, step), filepath.Join(root, step+"ix")
		build(full, fullix, "")
		if diff := diffTrees(t, full, site); diff != "" {
			t.Errorf("%s: the rebuilt site differs from a full build: %s", step, diff)
		}
		if got, want := answers(ix), answers(fullix); got != want {
			t.Errorf("%s: the index answers\n%s\nwant\n%s", step, got, want)
		}
	}
	des, _ := os.ReadDir(filepath.Join(kbDir, "entries"))
	entryFile := func(i int) string { return filepath.Join(kbDir, "entries", des[i].Name()) }
	// Other bytes, same size and modification time.
	p := entryFile(20)
	fi, _ := os.Stat(p)
	data, _ := os.ReadFile(p)
	i := bytes.Index(data, []byte("\n<!-- ja -->"))
	if i < 20 {
		t.Fatalf("%s has no English body", p)
	}
	copy(data[i-13:i], "kept its size")
	os.WriteFile(p, data, 0o644)
	os.Chtimes(p, fi.ModTime(), fi.ModTime())
	same("samesize")
	// A retitled entry that others relate to: their pages render again,
	// from bodies read only then.
	var target int = -1
	for j := range des {
		id := strings.TrimSuffix(des[j].Name(), ".md")
		for k := range des {
			if d, _ := os.ReadFile(entryFile(k)); k != j && bytes.Contains(d, []byte("related: ["+id)) {
				target = j
			}
		}
		if target >= 0 {
			break
		}
	}
	if target < 0 {
		t.Fatal("no entry is related to")
	}
	d, _ := os.ReadFile(entryFile(target))
	os.WriteFile(entryFile(target), bytes.Replace(d, []byte("\n  en: \""), []byte("\n  en: \"Retitled "), 1), 0o644)
	same("retitled")
	// The subject memo: taken when its key is that of the entries' titles
	// and the analyser, worked out again when damaged or of other titles.
	memo, _ := filepath.Glob(filepath.Join(cacheDir, "subject-*"))
	if len(memo) != 1 {
		t.Fatalf("subject memos: %v", memo)
	}
	var r subjectRecord
	if !readRecord(memo[0], &r) || r.Key == "" {
		t.Fatalf("subject memo %s unreadable", memo[0])
	}
	writeRecord(memo[0], subjectRecord{Key: r.Key, Subject: []string{"zzmemo"}})
	build(site, ix, cacheDir)
	if data, _ := os.ReadFile(filepath.Join(site, "search", "index.json")); !bytes.Contains(data, []byte(`"subject":["zzmemo"]`)) {
		t.Error("the build did not take the subject from its memo")
	}
	writeRecord(memo[0], subjectRecord{Key: "of other titles", Subject: []string{"zzmemo"}})
	same("othersubject")
	os.WriteFile(memo[0], []byte(`{"key":`), 0o600)
	same("damagedsubject")
	// The term cache lost: every entry analysed again.
	terms, _ := filepath.Glob(filepath.Join(cacheDir, "terms-*"))
	if len(terms) != 1 {
		t.Fatalf("term caches: %v", terms)
	}
	os.Remove(terms[0])
	same("noterms")
}
