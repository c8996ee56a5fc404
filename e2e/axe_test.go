package e2e

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/kb"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axePath is axe-core as `npm ci --prefix e2e` installs it (e2e/package.json).
const axePath = "node_modules/axe-core/axe.min.js"

// axeSource reads axe-core. Without it the test skips, unless
// ACMKB_REQUIRE_BROWSER=1 (CI), which makes it fail, as newTab does.
func axeSource(t testing.TB) string {
	t.Helper()
	src, err := os.ReadFile(axePath)
	if err != nil {
		if os.Getenv("ACMKB_REQUIRE_BROWSER") == "1" {
			t.Fatalf("axe-core not found (%v): run `npm ci --prefix e2e`; ACMKB_REQUIRE_BROWSER=1", err)
		}
		t.Skipf("axe-core not found (%v): run `npm ci --prefix e2e`; set ACMKB_REQUIRE_BROWSER=1 to make this a failure", err)
	}
	return string(src)
}

// axeViolation is one rule that axe found broken, with where.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"` // target selector: failure summary
}

// axeRunJS runs axe on the whole document with options and lists the
// violations.
const axeRunJS = `((opts) => axe.run(document, opts).then((r) => r.violations.map((v) => ({
	id: v.id,
	impact: v.impact || '',
	help: v.help,
	nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\s+/g, ' ')),
}))))`

// colorScheme emulates prefers-color-scheme (the site's dark theme follows it).
func colorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// TestAccessibility runs axe-core on the home, entry and search pages (empty
// and with results) and on the search popup open over an entry, in both
// languages, in the light and the dark colour scheme, and fails on every
// serious or critical violation.
func TestAccessibility(t *testing.T) {
	src := axeSource(t)
	srv := serve(t, os.DirFS(siteDir(t)))
	type page struct {
		name, path string
		query      string // a search: wait until its results show
		typed      string // typed in the header search box: the popup open
	}
	var pages []page
	for _, lang := range kb.Langs {
		l := "/" + string(lang) + "/"
		q := map[kb.Lang]string{kb.EN: "copy certificate to another region", kb.JA: "秘密鍵をエクスポートしたい"}[lang]
		pages = append(pages,
			page{name: l + " home", path: l},
			page{name: l + " entry", path: l + "export-private-key/"},
			page{name: l + " search (empty)", path: l + "search/"},
			page{name: l + " search: " + q, path: searchURL("", lang, q), query: q},
			page{name: l + " search popup: " + q, path: l + "export-private-key/", typed: q},
		)
	}
	tab := newTab(t, 2*time.Minute)
	checked, minor := 0, 0
	start := time.Now()
	// Every rule in the light scheme; in the dark one only what colours change.
	schemes := []struct{ name, options string }{
		{"light", `{resultTypes: ['violations']}`},
		{"dark", `{resultTypes: ['violations'], runOnly: ['color-contrast', 'link-in-text-block']}`},
	}
	for _, sc := range schemes {
		scheme := sc.name
		do(t, tab, colorScheme(scheme))
		if got := run(t, tab, chromedp.Evaluate[bool](`matchMedia('(prefers-color-scheme: dark)').matches`)); got != (scheme == "dark") {
			t.Fatalf("emulating prefers-color-scheme: %s did not take", scheme)
		}
		for _, p := range pages {
			do(t, tab, chromedp.Navigate(srv.URL+p.path))
			if p.query != "" {
				if got := results(t, tab); len(got.Links) == 0 {
					t.Fatalf("%s: no results to check", p.name)
				}
			}
			if p.typed != "" {
				do(t, tab, chromedp.SendKeys(chromedp.ID("q"), p.typed))
				if got := waitQuery(t, tab, p.typed); got.Hidden || len(got.Links) == 0 {
					t.Fatalf("%s: the popup shows no results to check", p.name)
				}
			}
			if ok := run(t, tab, chromedp.Evaluate[bool](src+"\n;typeof axe === 'object'")); !ok {
				t.Fatal("axe-core did not load")
			}
			vs := run(t, tab, chromedp.Evaluate[[]axeViolation](axeRunJS+"("+sc.options+")", chromedp.EvalAwaitPromise))
			checked++
			for _, v := range vs {
				msg := fmt.Sprintf("%s (%s): %s [%s] %s\n\t%s", p.name, scheme, v.Impact, v.ID, v.Help, strings.Join(v.Nodes, "\n\t"))
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Error(msg)
				} else {
					minor++
					t.Log(msg)
				}
			}
		}
	}
	t.Logf("axe-core checked %d pages × 2 colour schemes (the dark one for contrast only) = %d page views in %.1fs; %d moderate or minor violations (logged above)",
		len(pages), checked, time.Since(start).Seconds(), minor)
}
