package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/build"
	"github.com/acmkb/acmkb/site"
	"github.com/chromedp/chromedp"
)

// TestServeShowsBuildErrors: under acmkb serve, an edit that breaks an entry
// shows the error (file, line, what is wrong) over the open page, which
// stays the last good one; fixing it reloads the page without the error.
func TestServeShowsBuildErrors(t *testing.T) {
	tab := newTab(t, 2*time.Minute)
	dir := t.TempDir()
	kbDir := filepath.Join(dir, "kb")
	if err := os.CopyFS(kbDir, os.DirFS("../examples/secretsmanager")); err != nil {
		t.Fatal(err)
	}
	ln, err := site.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := build.ContentDir(kbDir)
	if err != nil {
		t.Fatal(err)
	}
	opts := build.Options{Content: fsys, ContentName: "kb", ContentDir: kbDir, Out: filepath.Join(dir, "site"), BaseURL: site.URL(ln), LiveReload: site.LiveReloadPath}
	rebuild := func() error { _, _, err := build.Build(opts); return err }
	if err := rebuild(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- site.Serve(ctx, site.ServeOptions{Listener: ln, Dir: opts.Out, Rebuild: rebuild, Watch: []string{kbDir}, Interval: 50 * time.Millisecond})
	}()
	t.Cleanup(func() { cancel(); <-served })

	entries, _ := filepath.Glob(filepath.Join(kbDir, "entries", "*.md"))
	file := entries[0]
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	do(t, tab, chromedp.Navigate(site.URL(ln)+"/en/"))
	title := run(t, tab, chromedp.Evaluate[string](`document.title`))
	// Whether the page's event stream connects before the edit or after
	// the failed rebuild, it is told the error.

	broken := strings.Replace(string(good), "\nverdict: ", "\nverdict: maybe\nx: ", 1)
	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, tab, chromedp.WaitVisible("#acmkb-build-error"))
	shown := run(t, tab, chromedp.TextContent("#acmkb-build-error"))
	base := filepath.Base(file)
	if !strings.Contains(shown, "kb/entries/"+base+":") || !strings.Contains(shown, "the rebuild failed; this is the last good site") {
		t.Errorf("the page shows %q, want the rebuild's error on %s", shown, base)
	}
	if got := run(t, tab, chromedp.Evaluate[string](`document.title`)); got != title {
		t.Errorf("the page is %q after the failed rebuild, want the last good %q", got, title)
	}

	if err := os.WriteFile(file, good, 0o644); err != nil {
		t.Fatal(err)
	}
	// The page reloads (an evaluation may meet the navigation: tried again).
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		gone, err := chromedp.Run(tab, chromedp.Evaluate[bool](`!document.getElementById('acmkb-build-error') && document.readyState === 'complete'`))
		if err == nil && gone {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the error is still shown 20 s after the entry was fixed (%v)", err)
		}
	}
}
