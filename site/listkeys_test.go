package site

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/kb"
)

// listsKB is testKB with enough entries that each verdict has list pages:
// "can" three, "partly" and "cannot" one each.
func listsKB() *kb.KB {
	k := testKB()
	entries := slices.Clone(k.Entries)
	add := func(n int, v kb.Verdict, id, name string) {
		for i := range n {
			e := *k.Entry("import-cert")
			e.ID = fmt.Sprintf("%s-%03d", id, i)
			e.Verdict = v
			e.Title = kb.Text{kb.EN: fmt.Sprintf("%s %03d", name, i), kb.JA: fmt.Sprintf("%s %03d の証明書", name, i)}
			entries = append(entries, &e)
		}
	}
	add(2*listPageSize+20, kb.Yes, "import", "Import certificate")
	add(homeLimit+10, kb.Partly, "partly", "Partly import")
	add(homeLimit+10, kb.No, "never", "Never import")
	return kb.New(k.Config, entries, nil)
}

// TestListPagesKeyed: patching, a home or list page is rendered again when
// what it shows changed and only then (PageReuse.ListPages), and the site
// patched is the site a full build makes. A title edited that keeps its
// place in the lists changes one list page of its language; an entry moved
// from one verdict to another changes the pages of both verdicts (they
// print their counts) and the home pages, not the third verdict's list.
func TestListPagesKeyed(t *testing.T) {
	k := listsKB()
	opts := func(r *PageReuse) Options {
		return Options{BaseURL: testBase, Now: func() time.Time { return testNow }, Reuse: r}
	}
	prev := &PageReuse{Salt: "test"}
	dir := t.TempDir()
	if err := Build(k, dir, opts(prev)); err != nil {
		t.Fatal(err)
	}
	if n := prev.ListsMade.Load(); n != 12 { // per language: home, 3 + 1 + 1 list pages
		t.Fatalf("a full build rendered %d home and list pages, want 12", n)
	}
	lists := func(dir string) map[string]string {
		out := map[string]string{}
		for _, p := range htmlPages(t, dir) {
			if strings.Contains(p, "verdict--") || strings.Count(p, "/") == 1 && strings.HasSuffix(p, "/index.html") {
				out[filepath.ToSlash(p)] = readFile(t, dir, p)
			}
		}
		return out
	}
	step := func(name string, edit func(e *kb.Entry), id string) (made int64, changed []string) {
		t.Helper()
		entries := slices.Clone(k.Entries)
		for i, e := range entries {
			if e.ID == id {
				c := *e
				c.Title = maps.Clone(e.Title)
				edit(&c)
				entries[i] = &c
			}
		}
		k2 := kb.New(k.Config, entries, nil)
		r := &PageReuse{Salt: "test", Dir: dir, Old: prev.New, Patch: true, OldSite: prev.Site, OldFiles: prev.Files,
			OldSearch: prev.Search, OldSearchPostings: prev.SearchPostings, OldLists: prev.Lists, OldListPages: prev.ListPages, OldDigests: prev.Digests}
		out := t.TempDir()
		if err := Build(k2, out, opts(r)); err != nil {
			t.Fatal(err)
		}
		if !r.Patched {
			t.Fatalf("%s: not patched", name)
		}
		full, fullReuse := t.TempDir(), &PageReuse{Salt: "test"}
		if err := Build(k2, full, opts(fullReuse)); err != nil {
			t.Fatal(err)
		}
		old, want := lists(dir), lists(full)
		for rel, page := range want {
			got, ok := old[rel]
			if data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel))); err == nil {
				got, ok = string(data), true // staged: it replaces the published page
			}
			if !ok || got != page {
				t.Errorf("%s: %s patched is not the full build's", name, rel)
			}
			if old[rel] != page {
				changed = append(changed, rel)
			}
		}
		if !reflect.DeepEqual(r.ListPages, fullReuse.ListPages) {
			t.Errorf("%s: the list pages' keys are not a full build's", name)
		}
		slices.Sort(changed)
		return r.ListsMade.Load(), changed
	}

	made, changed := step("retitled", func(e *kb.Entry) { e.Title[kb.EN] += " renamed" }, "import-250")
	if want := []string{"en/verdict--can/2/index.html"}; !slices.Equal(changed, want) {
		t.Errorf("retitled: pages changed %q, want %q", changed, want)
	}
	if made != int64(len(changed)) {
		t.Errorf("retitled: %d home and list pages rendered again, want the %d that changed", made, len(changed))
	}

	made, changed = step("moved", func(e *kb.Entry) { e.Verdict = kb.Partly }, "import-300")
	if slices.ContainsFunc(changed, func(p string) bool { return strings.Contains(p, "verdict--cannot") }) || len(changed) != 10 {
		t.Errorf("moved: pages changed %q, want the home pages and the lists of can and partly", changed)
	}
	if made != int64(len(changed)) {
		t.Errorf("moved: %d home and list pages rendered again, want the %d that changed", made, len(changed))
	}
}

// TestListPageKeyCoversThePage: every field of a home or list page's data
// is part of its key, but those that render fills from the options and
// those the language or the kind of page decides (all in the site-wide
// part of the key): a field added to the page's data and left out of
// listPageKey fails here.
func TestListPageKeyCoversThePage(t *testing.T) {
	b := &builder{siteKey: "site"}
	item := listItem{Path: "/en/a/", Title: "A", Answer: "Yes.", Badge: badge{kb.Yes, "Yes", "<span>Yes</span>"}, Services: `["ACM"]`, ServiceList: []string{"ACM"}}
	p := &page{
		Kind: "list", Lang: kb.EN, SiteName: "KB", Title: "t", OGTitle: "o", Description: "d", Canonical: "c",
		Alternates: []alternate{{"en", "u"}}, OGType: "website", OGLocale: "en_US", OGLocaleAlt: "ja_JP",
		HomePath: "/en/", SearchPath: "/en/search/", Switch: &langLink{kb.JA, "/ja/", "日本語"},
		Home: &homeData{Description: "d", List: "l", Services: []serviceCount{{"ACM", 1}}, Groups: []group{{
			Verdict: kb.Yes, ID: "can", Heading: "h", Count: 1, Badge: badge{kb.Yes, "Yes", "<span>Yes</span>"}, Entries: []listItem{item},
			More: &link{"/en/verdict--can/", "all"}, Pager: &pager{Label: "pages", Pages: []pageLink{{1, "/en/verdict--can/", true}}},
		}}},
	}
	// Filled by render from the options, or decided by Lang (T), by the
	// template (Chrome) or by acmkb's code (Icons, in the key's salt); Entry
	// and Root are not a home page's.
	skip := map[string]bool{"T": true, "NoIndex": true, "LiveReload": true, "SearchIndex": true, "Chrome": true, "Icons": true, "Entry": true, "Root": true}
	want := b.listPageKey("en/index.html", p)
	if b.listPageKey("en/verdict--can/index.html", p) == want {
		t.Error("the key does not depend on the page's path")
	}
	n := 0
	var visit func(v reflect.Value, name string)
	visit = func(v reflect.Value, name string) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				t.Fatalf("%s: nil", name)
			}
			visit(v.Elem(), name)
		case reflect.Struct:
			for i := range v.NumField() {
				f := v.Type().Field(i)
				if v.Type() == reflect.TypeFor[page]() && skip[f.Name] {
					continue
				}
				visit(v.Field(i), name+"."+f.Name)
			}
		case reflect.Slice:
			if v.Len() == 0 {
				t.Fatalf("%s: empty", name)
			}
			for i := range v.Len() {
				visit(v.Index(i), fmt.Sprintf("%s[%d]", name, i))
			}
		case reflect.String, reflect.Int, reflect.Bool:
			n++
			old := reflect.ValueOf(v.Interface())
			switch v.Kind() {
			case reflect.String:
				v.SetString(v.String() + "x")
			case reflect.Int:
				v.SetInt(v.Int() + 1)
			case reflect.Bool:
				v.SetBool(!v.Bool())
			}
			if b.listPageKey("en/index.html", p) == want {
				t.Errorf("%s is not part of the key", name)
			}
			v.Set(old)
		default:
			t.Fatalf("%s: a %s: listPageKey and this test know no such field", name, v.Kind())
		}
	}
	visit(reflect.ValueOf(p), "page")
	if got := b.listPageKey("en/index.html", p); got != want {
		t.Fatal("the key changed with nothing changed")
	}
	t.Logf("%d fields", n)
}
