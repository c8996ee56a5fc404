package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/site"
	"github.com/chromedp/chromedp"
)

// TestServiceFilterOddNames filters the home page by services named like
// properties of JavaScript objects ("toString", "constructor") or holding
// the old separator ("A|B"): each filters to its own entries only (issue 12,
// row 18: "toString" showed under every service, "A|B" was split).
func TestServiceFilterOddNames(t *testing.T) {
	tab := newTab(t, time.Minute) // first: without a browser the test skips before building
	k, _, _ := knowledgeBase(t)
	services := map[string][]string{ // entry -> services
		k.Entries[0].ID: {"toString"},
		k.Entries[1].ID: {"A|B"},
		k.Entries[2].ID: {"A"},
		k.Entries[3].ID: {"B", "constructor"},
		k.Entries[4].ID: {"A", "B"},
	}
	var entries []*kb.Entry
	for _, e := range k.Entries {
		c := *e
		c.Services = services[e.ID]
		entries = append(entries, &c)
	}
	dir := filepath.Join(t.TempDir(), "site")
	if err := site.Build(kb.New(k.Config, entries, k.Thesaurus), dir, site.Options{}); err != nil {
		t.Fatal(err)
	}
	srv := serve(t, os.DirFS(dir))
	shown := func() []string {
		t.Helper()
		ids := run(t, tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.entry-item:not([hidden]) a.entry-link')].map((a) => new URL(a.href).pathname.split('/')[2])`))
		slices.Sort(ids)
		return ids
	}
	want := func(svcs ...string) []string {
		var ids []string
		for id, of := range services {
			for _, s := range svcs {
				if slices.Contains(of, s) {
					ids = append(ids, id)
					break
				}
			}
		}
		slices.Sort(ids)
		return slices.Compact(ids)
	}
	for _, tc := range [][]string{{"A"}, {"A|B"}, {"toString"}, {"B"}, {"constructor"}, {"A", "toString"}} {
		do(t, tab, chromedp.Navigate(srv.URL+"/en/"))
		for _, s := range tc {
			sel, _ := json.Marshal(s)
			do(t, tab, chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-service=' + CSS.escape(`+string(sel)+`) + ']').click()`))
		}
		if got, w := shown(), want(tc...); !slices.Equal(got, w) {
			t.Errorf("filter %q shows %v, want %v", tc, got, w)
		}
	}
	// A shared address selects the same.
	do(t, tab, chromedp.Navigate(srv.URL+"/en/?service=toString&service=__proto__"))
	if got, w := shown(), want("toString"); !slices.Equal(got, w) {
		t.Errorf("?service=toString&service=__proto__ shows %v, want %v", got, w)
	}
}
