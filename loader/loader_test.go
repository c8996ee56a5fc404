package loader_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode"

	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
	"github.com/google/go-cmp/cmp"
)

var now = func() time.Time { return time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC) }

const kbYAML = `name: {en: Test KB, ja: テスト}
product: {en: Product, ja: 製品}
description: {en: About it., ja: 説明。}
base_url: https://kb.example.com/
stale_days: 100
`

// entry returns a valid entry file for id, with replace applied (old -> new).
func entry(id string, replace ...string) string {
	s := `---
id: ID
verdict: "no"
verified: 2026-11-01
services: [ACM]
tags: [copy]
related: []
title: {en: Copy a certificate, ja: 証明書をコピーする}
answer: {en: "No: you cannot.", ja: "いいえ: できません。"}
conditions:
  en: [Per region]
  ja: [リージョンごと]
examples:
  en: ["can I copy a cert?"]
  ja: ["証明書はコピーできますか"]
sources:
  - url: https://docs.example.com/page
    title: {en: Page, ja: ページ}
    supports: {en: It says so., ja: そう書いてある。}
history:
  - date: 2025-06-17
    before: "yes"
    note: {en: Changed., ja: 変わった。}
---
<!-- en -->
English **body**.

<!-- ja -->
日本語の本文。
`
	s = strings.ReplaceAll(s, "ID", id)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(s, replace[i]) {
			panic("entry: no " + replace[i])
		}
		s = strings.Replace(s, replace[i], replace[i+1], 1)
	}
	return s
}

func fsWith(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{"kb.yaml": {Data: []byte(kbYAML)}}
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return m
}

func TestLoadValidEntry(t *testing.T) {
	k, problems := loader.Load(fsWith(map[string]string{"entries/copy-cert.md": entry("copy-cert")}), loader.Options{Now: now})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	e := k.Entry("copy-cert")
	if e == nil {
		t.Fatal("entry not loaded")
	}
	if e.Verdict != kb.No {
		t.Errorf("verdict = %q, want no (YAML must not turn it into a bool)", e.Verdict)
	}
	if got, want := e.Body[kb.JA], "日本語の本文。"; got != want {
		t.Errorf("ja body = %q, want %q", got, want)
	}
	if got, want := e.Body[kb.EN], "English **body**."; got != want {
		t.Errorf("en body = %q, want %q", got, want)
	}
	if len(e.History) != 1 || e.History[0].Before != kb.Yes || e.History[0].After != kb.No {
		t.Errorf("history = %+v, want yes -> no", e.History)
	}
	if k.Config.BaseURL != "https://kb.example.com" {
		t.Errorf("base url = %q, want trailing slash trimmed", k.Config.BaseURL)
	}
	if e.Lines["verdict"] != 3 {
		t.Errorf("verdict line = %d, want 3", e.Lines["verdict"])
	}
}

// TestLoadReportsEveryProblem breaks entries in many ways at once and expects
// each problem, with its file and line, in one run.
func TestLoadReportsEveryProblem(t *testing.T) {
	files := map[string]string{
		"entries/a.md":      entry("a", `verdict: "no"`, `verdict: maybe`),
		"entries/b.md":      entry("b", "verified: 2026-11-01", "verified: 2027-01-01"),
		"entries/c.md":      entry("c", "https://docs.example.com/page", "http://docs.example.com/page"),
		"entries/d.md":      entry("d", "related: []", "related: [nope]"),
		"entries/e.md":      entry("e", "title: {en: Copy a certificate, ja: 証明書をコピーする}", "title: {en: Copy a certificate}"),
		"entries/f.md":      entry("f", "tags: [copy]", "tags: [copy]\ncolour: red"),
		"entries/g.md":      entry("g", "<!-- ja -->\n日本語の本文。\n", ""),
		"entries/h.md":      entry("h", "id: h", "id: a"),
		"entries/i.md":      entry("i", "answer: {en:", "answer: {en: [unclosed"),
		"entries/j.md":      entry("j", "  ja: [リージョンごと]", "  ja: [リージョンごと, 二つ目]"),
		"entries/k.md":      entry("k", "verified: 2026-11-01\n", ""),
		"entries/stale.md":  entry("stale", "verified: 2026-11-01", "verified: 2025-01-01"),
		"entries/nofm.md":   "# no front matter\n",
		"entries/Upper.md":  entry("Upper"),
		"entries/dup-id.md": entry("dup-id", "id: dup-id", "id: a"),
	}
	_, problems := loader.Load(fsWith(files), loader.Options{Now: now, Root: "content"})
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		`content/entries/Upper.md:2: id "Upper" must be lowercase letters and digits joined by "-"`,
		`content/entries/a.md:3: verdict: unknown verdict "maybe" (want yes, no or partly)`,
		`content/entries/b.md:4: verified: 2027-01-01 is in the future (today is 2026-11-30)`,
		`content/entries/c.md:17: sources.url: "http://docs.example.com/page" is not an https URL`,
		`content/entries/d.md:7: related: no entry with id "nope"`,
		`content/entries/dup-id.md:2: id "a" differs from the file name "dup-id.md"`,
		`content/entries/dup-id.md:2: duplicate id "a" (also in content/entries/a.md)`,
		`content/entries/e.md:8: title: missing translation "ja"`,
		`content/entries/f.md:7: unknown key "colour" (known: aliases, answer, conditions, examples, history, id, related, services, sources, tags, title, verdict, verified)`,
		`content/entries/g.md:26: body: missing translation: no <!-- ja --> section`,
		`content/entries/h.md:2: id "a" differs from the file name "h.md"`,
		`content/entries/h.md:2: duplicate id "a" (also in content/entries/a.md)`,
		`content/entries/i.md:9: invalid YAML in front matter: a [ ] list is not closed on its line, or an item holds ": ", "[" or "#": close the list with "]" and put such items in double quotes (YAML parser: did not find expected ',' or ']')`,
		`content/entries/j.md:11: conditions: 1 items in en but 2 in ja (each item needs its translation)`,
		`content/entries/k.md:2: missing required key "verified"`,
		`content/entries/nofm.md:1: missing front matter: the file must start with a line "---"`,
		`content/entries/stale.md:4: verified 2025-01-01, 698 days ago (more than 100): check the sources again (warning)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if problems.Err() == nil {
		t.Error("Err() = nil, want the errors")
	}
}

func TestStaleIsOnlyAWarning(t *testing.T) {
	files := map[string]string{"entries/old.md": entry("old", "verified: 2026-11-01", "verified: 2024-01-01")}
	k, problems := loader.Load(fsWith(files), loader.Options{Now: now})
	if problems.Err() != nil || k == nil {
		t.Fatalf("a stale entry must load: %v", problems.Err())
	}
	if len(problems.Warnings()) != 1 {
		t.Errorf("warnings = %v, want one", problems.Warnings())
	}
	_, problems = loader.Load(fsWith(files), loader.Options{Now: now, StaleDays: 5000})
	if len(problems.Warnings()) != 0 {
		t.Errorf("with --stale-days 5000: warnings = %v, want none", problems.Warnings())
	}
}

func TestThesaurusAndConfigErrors(t *testing.T) {
	files := fsWith(map[string]string{"entries/x.md": entry("x"), "thesaurus.yaml": "groups:\n  - [copy, move]\n  - [alone]\n"})
	files["kb.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(kbYAML, "https://kb.example.com/", "ftp://kb", 1))}
	_, problems := loader.Load(files, loader.Options{Now: now})
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		`kb.yaml:4: base_url: "ftp://kb" is not an absolute http(s) URL`,
		`thesaurus.yaml:3: a group needs at least two members`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestShippedContent keeps the embedded knowledge base valid.
func TestShippedContent(t *testing.T) {
	k, problems := loader.Load(content.FS(), loader.Options{Now: func() time.Time { return time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC) }, Root: "content"})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	ids := []string{"integrated-services", "ec2-nginx-apache", "import-third-party", "managed-renewal",
		"renewal-without-disruption", "cloudtrail-logging", "export-certificate", "export-private-key",
		"sign-client-certificates", "ec2-other-web-servers", "ov-ev-certificates", "renew-imported-certificates",
		"copy-across-regions-accounts", "acme-issuance",
		"wildcard-certificates", "domain-names-per-certificate", "change-domains-of-certificate", "validation-methods",
		"key-algorithms", "revoke-certificate", "delete-certificate-in-use", "certificate-transparency",
		"ip-address-certificates", "internal-domain-names", "private-certificates", "pricing",
		"certificate-quotas", "iam-access-control", "caa-records", "expiry-notifications"}
	for _, id := range ids {
		if k.Entry(id) == nil {
			t.Errorf("missing entry %s", id)
		}
	}
}

// FuzzLoadEntry loads one entry file of any bytes, seeded with the shipped
// entries. Whatever the input, Load must not panic, must name the file in
// every problem, and an entry it accepts holds no control characters in
// its prose.
//
//	go test ./loader -run '^$' -fuzz FuzzLoadEntry -fuzztime 10m
func FuzzLoadEntry(f *testing.F) {
	f.Add(entry("x"))
	f.Add("---\nid: x\n---\n")
	f.Add("---\n: :\n---\n<!-- en -->\n")
	f.Add(entry("x", `answer: {en: "No: you cannot.",`, `answer: {en: "No\e]0;t\a",`))
	shipped, _ := fs.Glob(content.FS(), "entries/*.md")
	for _, name := range shipped {
		data, err := fs.ReadFile(content.FS(), name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(strings.Replace(string(data), "id: "+strings.TrimSuffix(path.Base(name), ".md"), "id: x", 1))
	}
	f.Fuzz(func(t *testing.T, data string) {
		k, problems := loader.Load(fsWith(map[string]string{"entries/x.md": data}), loader.Options{Now: now})
		for _, p := range problems {
			if p.Path != "entries/x.md" && p.Path != "entries" {
				t.Fatalf("problem names %q: %v", p.Path, p)
			}
		}
		if k == nil {
			return
		}
		e := k.Entry("x")
		if e == nil {
			t.Fatal("loaded without errors but no entry x")
		}
		var prose []string
		for _, t := range []kb.Text{e.Title, e.Answer, e.Body} {
			for _, s := range t {
				prose = append(prose, s)
			}
		}
		for _, l := range []kb.List{e.Conditions, e.Examples} {
			for _, items := range l {
				prose = append(prose, items...)
			}
		}
		for _, src := range e.Sources {
			prose = append(prose, src.URL, src.Title[kb.EN], src.Title[kb.JA], src.Supports[kb.EN], src.Supports[kb.JA])
		}
		prose = append(append(prose, e.Tags...), e.Services...)
		for _, s := range prose {
			for _, r := range s {
				if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
					t.Fatalf("accepted %U in %q", r, s)
				}
			}
		}
	})
}

// TestParseCache: loads through a ParseCache give the same knowledge base and
// problems as loads without one, parse again exactly the files whose bytes
// (or day) changed, keep the entries of the others, and forget deleted files.
func TestParseCache(t *testing.T) {
	fsys := fsWith(map[string]string{
		"entries/a.md": entry("a"),
		"entries/b.md": entry("b"),
		"entries/c.md": entry("c", "tags: [copy]", "tags: [copy]\nbogus: 1"),
	})
	cache, err := loader.NewParseCache(), error(nil)
	load := func(now func() time.Time) (*kb.KB, loader.Problems) {
		t.Helper()
		k, problems := loader.Load(fsys, loader.Options{Now: now, Parsed: cache})
		k0, problems0 := loader.Load(fsys, loader.Options{Now: now})
		if diff := cmp.Diff(problems0, problems); diff != "" {
			t.Errorf("problems differ from a load without the cache (-without +with):\n%s", diff)
		}
		if (k == nil) != (k0 == nil) || k != nil && len(k.Entries) != len(k0.Entries) {
			t.Errorf("the knowledge base differs from a load without the cache")
		}
		return k, problems
	}
	if _, problems := load(now); problems.Err() == nil || cache.Hits() != 0 {
		t.Fatalf("first load: errors %v, %d files from the cache", problems.Err(), cache.Hits())
	}
	if _, problems := load(now); problems.Err() == nil || cache.Hits() != 3 {
		t.Fatalf("same files again: errors %v (c's must be reported again), %d files from the cache, want 3", problems.Err(), cache.Hits())
	}
	fsys["entries/c.md"].Data = []byte(entry("c"))
	fsys["entries/a.md"].Data = []byte(entry("a", "Copy a certificate", "Copy a certificate again"))
	k1, _ := load(now)
	if k1 == nil || cache.Hits() != 1 {
		t.Fatalf("after fixing c and editing a: %d files from the cache, want 1 (b)", cache.Hits())
	}
	if got := k1.Entry("a").Title.In(kb.EN); got != "Copy a certificate again" {
		t.Errorf("edited title reads %q", got)
	}
	k2, _ := load(now)
	for _, id := range []string{"a", "b", "c"} {
		if k2.Entry(id) != k1.Entry(id) {
			t.Errorf("entry %s was parsed again though its file did not change", id)
		}
	}
	// Written to disk and read back (acmkb build), the cache gives the same
	// entries, bodies included (taken from the files again), and problems.
	var disk bytes.Buffer
	if _, err := cache.WriteTo(&disk); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(disk.Bytes(), []byte("English **body**")) {
		t.Error("the cache on disk holds the bodies")
	}
	mem := cache
	if cache, err = loader.ReadParseCache(&disk); err != nil {
		t.Fatal(err)
	}
	k3, _ := load(now)
	if cache.Hits() != 3 {
		t.Errorf("read back from disk: %d files from the cache, want 3", cache.Hits())
	}
	for _, id := range []string{"a", "b", "c"} {
		got, _ := json.Marshal(k3.Entry(id).Full())
		want, _ := json.Marshal(k2.Entry(id).Full())
		if !bytes.Equal(got, want) {
			t.Errorf("entry %s read back from disk:\n%s\nwant\n%s", id, got, want)
		}
	}
	if cache.Changed() || !mem.Changed() {
		t.Errorf("Changed: %v after a load that parsed nothing, want false", cache.Changed())
	}
	if _, err := loader.ReadParseCache(strings.NewReader("not a cache")); err == nil {
		t.Error("ReadParseCache accepted garbage")
	}
	tomorrow := func() time.Time { return now().Add(24 * time.Hour) }
	if load(tomorrow); cache.Hits() != 0 {
		t.Errorf("on another day %d files came from the cache, want 0: the day is part of the parse", cache.Hits())
	}
	b := fsys["entries/b.md"]
	delete(fsys, "entries/b.md")
	load(tomorrow)
	fsys["entries/b.md"] = b
	if load(tomorrow); cache.Hits() != 2 {
		t.Errorf("after b was deleted and written back, %d files came from the cache, want 2 (a, c)", cache.Hits())
	}
}

// TestParseCacheChanges: a cache written whole, then only its changes
// (files parsed again, a file deleted), reads back as the cache that wrote
// them.
func TestParseCacheChanges(t *testing.T) {
	fsys := fsWith(map[string]string{
		"entries/a.md": entry("a"),
		"entries/b.md": entry("b"),
		"entries/c.md": entry("c"),
	})
	cache := loader.NewParseCache()
	load := func(c *loader.ParseCache) *kb.KB {
		t.Helper()
		k, problems := loader.Load(fsys, loader.Options{Now: now, Parsed: c})
		if err := problems.Err(); err != nil {
			t.Fatal(err)
		}
		return k
	}
	load(cache)
	var whole bytes.Buffer
	if _, err := cache.WriteTo(&whole); err != nil {
		t.Fatal(err)
	}
	if cache.Changes() != 0 {
		t.Errorf("%d changes after the cache was written whole", cache.Changes())
	}
	fsys["entries/a.md"].Data = []byte(entry("a", "Copy a certificate", "Copy a certificate again"))
	delete(fsys, "entries/c.md")
	want := load(cache)
	if cache.Changes() != 2 {
		t.Errorf("%d changes, want 2 (a parsed again, c deleted)", cache.Changes())
	}
	var changes bytes.Buffer
	if _, err := cache.WriteChangesTo(&changes); err != nil {
		t.Fatal(err)
	}
	read, err := loader.ReadParseCache(bytes.NewReader(whole.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := read.ReadChanges(bytes.NewReader(changes.Bytes())); err != nil {
		t.Fatal(err)
	}
	if read.Len() != 2 || read.Changes() != 2 {
		t.Errorf("read back: %d files, %d changes, want 2 and 2", read.Len(), read.Changes())
	}
	got := load(read)
	if read.Hits() != 2 || read.Changed() {
		t.Errorf("read back: %d files from the cache, want 2 (a, b); changed %v", read.Hits(), read.Changed())
	}
	g, _ := json.Marshal(full(got.Entries))
	w, _ := json.Marshal(full(want.Entries))
	if !bytes.Equal(g, w) {
		t.Errorf("entries read back:\n%s\nwant\n%s", g, w)
	}
	if err := read.ReadChanges(strings.NewReader("garbage")); err == nil || read.Len() != 2 {
		t.Errorf("ReadChanges of garbage: %v, %d files", err, read.Len())
	}

	// Read in the background, the changes first: the same cache, whether
	// the load asks before or after the records come.
	closed := false
	async := loader.ReadParseCacheAsync(bytes.NewReader(whole.Bytes()), bytes.NewReader(changes.Bytes()), func() { closed = true })
	got = load(async)
	if async.Hits() != 2 || !async.Whole() || async.Changes() != 2 || !closed {
		t.Errorf("read in the background: %d files from the cache, whole %v, %d changes, closed %v", async.Hits(), async.Whole(), async.Changes(), closed)
	}
	g, _ = json.Marshal(full(got.Entries))
	if !bytes.Equal(g, w) {
		t.Errorf("entries read in the background:\n%s\nwant\n%s", g, w)
	}
	// A cache cut short serves what it read, and says it is not whole.
	short := loader.ReadParseCacheAsync(bytes.NewReader(whole.Bytes()[:whole.Len()*2/3]), nil, nil)
	if got := load(short); len(got.Entries) != 2 || short.Whole() {
		t.Errorf("a cache cut short: %d entries, whole %v", len(got.Entries), short.Whole())
	}
}

// TestParseCacheStamps: a file whose stamp (size, times, inode) is the one
// it was parsed with is taken from a cache read back from disk unread, its
// body read when first needed; a file changed under the same size and
// modification time is parsed again (its change time moved); a body needed
// after its file changed is an error, not the new bytes.
func TestParseCacheStamps(t *testing.T) {
	defer func(w time.Duration) { loader.RacyWindow = w }(loader.RacyWindow)
	loader.RacyWindow = 0 // the files were just written
	dir := t.TempDir()
	files := map[string]string{
		"kb.yaml":      kbYAML,
		"entries/a.md": entry("a"),
		"entries/b.md": entry("b"),
	}
	writeFiles(t, dir, files)
	fsys := os.DirFS(dir)
	cache := loader.NewParseCache()
	k0, problems := loader.Load(fsys, loader.Options{Now: now, Parsed: cache})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	cache = onDisk(t, cache)
	k1, _ := loader.Load(fsys, loader.Options{Now: now, Parsed: cache})
	if cache.Hits() != 2 {
		t.Fatalf("%d files from the cache, want 2", cache.Hits())
	}
	for _, id := range []string{"a", "b"} {
		e := k1.Entry(id)
		if e.Body != nil {
			t.Errorf("entry %s: the body was read though the file is unchanged", id)
		}
		if got, want := e.BodyText(), k0.Entry(id).Body; !cmp.Equal(got, want) {
			t.Errorf("entry %s: body %q, want %q", id, got, want)
		}
		if err := e.BodyErr(); err != nil {
			t.Error(err)
		}
	}

	// Same size, same modification time, other bytes.
	pa := filepath.Join(dir, "entries", "a.md")
	fi, _ := os.Stat(pa)
	time.Sleep(10 * time.Millisecond) // a tick of the kernel's file clock
	same := strings.Replace(files["entries/a.md"], "Copy a certificate,", "Copy a certificatE,", 1)
	if len(same) != len(files["entries/a.md"]) || same == files["entries/a.md"] {
		t.Fatal("the edit must keep the size")
	}
	os.WriteFile(pa, []byte(same), 0o644)
	os.Chtimes(pa, fi.ModTime(), fi.ModTime())
	cache = onDisk(t, cache)
	k2, _ := loader.Load(fsys, loader.Options{Now: now, Parsed: cache})
	if got := k2.Entry("a").Title.In(kb.EN); got != "Copy a certificatE" {
		t.Errorf("a file changed under the same size and mtime reads %q: its stamp was trusted", got)
	}
	if cache.Hits() != 1 {
		t.Errorf("%d files from the cache, want 1 (b)", cache.Hits())
	}

	// A body needed after its file changed.
	cache = onDisk(t, cache)
	k3, _ := loader.Load(fsys, loader.Options{Now: now, Parsed: cache})
	pb := filepath.Join(dir, "entries", "b.md")
	os.WriteFile(pb, []byte(strings.Replace(files["entries/b.md"], "body", "bodies", 1)), 0o644)
	if body := k3.Entry("b").BodyText(); len(body) != 0 {
		t.Errorf("the body of a file changed since the load reads %q", body)
	}
	if err := k3.Entry("b").BodyErr(); err == nil || !strings.Contains(err.Error(), "entries/b.md") {
		t.Errorf("BodyErr: %v, want the file named", err)
	}
}

// writeFiles writes files (slash-separated name -> content) below dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// onDisk is c written and read back, as acmkb build keeps it.
func onDisk(t *testing.T, c *loader.ParseCache) *loader.ParseCache {
	t.Helper()
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	c, err := loader.ReadParseCache(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestParseCacheOtherRoot: a build of the same folder spelt another way
// ("kb" one day, "/home/me/kb" the next: Options.Root) with the same parse
// cache parses its files again instead of taking the other spelling's
// records by their stamps. Taken, their digests were the other name's, so
// a body read later failed ("changed during the build") and the pages keyed
// by the digest were the other spelling's: a rebuild left stale pages.
func TestParseCacheOtherRoot(t *testing.T) {
	defer func(w time.Duration) { loader.RacyWindow = w }(loader.RacyWindow)
	loader.RacyWindow = 0 // the files were just written
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"kb.yaml": kbYAML, "entries/a.md": entry("a")})
	fsys := os.DirFS(dir)
	cache := loader.NewParseCache()
	rel, _ := loader.Load(fsys, loader.Options{Now: now, Parsed: cache, Root: "kb"})
	cache = onDisk(t, cache)
	abs, problems := loader.Load(fsys, loader.Options{Now: now, Parsed: cache, Root: "/home/me/kb"})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	fresh, _ := loader.Load(fsys, loader.Options{Now: now, Root: "/home/me/kb"})
	if got, want := abs.Entry("a").Digest, fresh.Entry("a").Digest; got != want {
		t.Errorf("digest under the other root %s, want %s (the first root's is %s)", got, want, rel.Entry("a").Digest)
	}
	if got, want := abs.Entry("a").BodyText(), fresh.Entry("a").Body; !cmp.Equal(got, want) {
		t.Errorf("body under the other root %q, want %q", got, want)
	}
	if err := abs.Entry("a").BodyErr(); err != nil {
		t.Error(err)
	}
	// The same spelling again takes its record unread.
	cache = onDisk(t, cache)
	again, _ := loader.Load(fsys, loader.Options{Now: now, Parsed: cache, Root: "/home/me/kb"})
	if cache.Hits() != 1 || again.Entry("a").Digest != fresh.Entry("a").Digest {
		t.Errorf("same root again: %d files from the cache (want 1), digest %s", cache.Hits(), again.Entry("a").Digest)
	}
}

// full is entries with every field decoded (kb.Entry.Full), as the
// outputs see them.
func full(entries []*kb.Entry) []*kb.Entry {
	out := make([]*kb.Entry, len(entries))
	for i, e := range entries {
		out[i] = e.Full()
	}
	return out
}

// TestLoadFromListing: a load given the listing that List made takes its
// entry files and their stamps from it: the same knowledge base as a load
// that lists them, unchanged files from the parse cache unread, an added
// file seen only by a listing made after it; a symbolic link stamped as
// its target.
func TestLoadFromListing(t *testing.T) {
	defer func(w time.Duration) { loader.RacyWindow = w }(loader.RacyWindow)
	loader.RacyWindow = 0 // the files were just written
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "entries"), 0o755)
	os.WriteFile(filepath.Join(dir, "kb.yaml"), []byte(kbYAML), 0o644)
	os.WriteFile(filepath.Join(dir, "entries", "a.md"), []byte(entry("a")), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte(entry("b")), 0o644)
	if err := os.Symlink("../b.txt", filepath.Join(dir, "entries", "b.md")); err != nil {
		t.Skip(err)
	}
	fsys := os.DirFS(dir)
	ids := func(k *kb.KB) (out []string) {
		for _, e := range k.Entries {
			out = append(out, e.ID+" "+e.Digest)
		}
		return out
	}
	cache := loader.NewParseCache()
	want, problems := loader.Load(fsys, loader.Options{Now: now, Parsed: cache})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	listing, err := loader.List(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got, problems := loader.Load(fsys, loader.Options{Now: now, Parsed: cache, Listing: listing})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(got), ids(want)) {
		t.Errorf("loaded from the listing: %v, want %v", ids(got), ids(want))
	}
	if cache.Hits() != 2 {
		t.Errorf("%d files from the parse cache, want 2 (their listed stamps are those parsed)", cache.Hits())
	}
	os.WriteFile(filepath.Join(dir, "entries", "c.md"), []byte(entry("c")), 0o644)
	got, _ = loader.Load(fsys, loader.Options{Now: now, Parsed: cache, Listing: listing})
	if len(got.Entries) != 2 {
		t.Errorf("a load from a listing made before c.md was added has %d entries, want 2", len(got.Entries))
	}
	listing, _ = loader.List(fsys)
	got, _ = loader.Load(fsys, loader.Options{Now: now, Parsed: cache, Listing: listing})
	if len(got.Entries) != 3 || got.Entry("c") == nil {
		t.Errorf("a load from a new listing has %v, want a, b and c", ids(got))
	}
}
