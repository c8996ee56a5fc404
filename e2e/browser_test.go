package e2e

// Helpers for browser tests (see doc.go): one headless Chromium for the whole
// test binary, a tab per test, a static file server on 127.0.0.1.
//
// newTab skips the test when Chromium is missing, unless
// ACMKB_REQUIRE_BROWSER=1 (CI), which makes it fail instead.
//
//	tab := newTab(t, time.Minute)
//	srv := serve(t, os.DirFS(siteDir(t)))
//	do(t, tab, chromedp.Navigate(srv.URL+"/en/"))
//	n := run(t, tab, chromedp.Evaluate[int](`document.links.length`))

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/acmkb/acmkb/site"
	"github.com/chromedp/chromedp"
)

// tmpRoot holds what the tests share (site, index, browser profile); TestMain
// removes it.
var tmpRoot string

func TestMain(m *testing.M) {
	var err error
	tmpRoot, err = os.MkdirTemp("", "acmkb-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if shared.cancel != nil {
		shared.cancel()
	}
	os.RemoveAll(tmpRoot)
	os.Exit(code)
}

// chromiumPath is the browser the tests run: $ACMKB_CHROMIUM, or Debian's chromium.
func chromiumPath() string {
	if p := os.Getenv("ACMKB_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return ""
		}
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

var shared struct {
	once   sync.Once
	ctx    context.Context // the browser's first tab; parent of every tab
	cancel context.CancelFunc
	err    error
}

// browser returns the context of the shared browser, starting it on first use.
func browser(t testing.TB) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("ACMKB_REQUIRE_BROWSER") == "1" {
			t.Fatal("Chromium not found (install it: apt-get install -y chromium, or set ACMKB_CHROMIUM) and ACMKB_REQUIRE_BROWSER=1")
		}
		t.Skip("Chromium not found; set ACMKB_REQUIRE_BROWSER=1 to make this a failure")
	}
	shared.once.Do(func() {
		profile, err := os.MkdirTemp(tmpRoot, "profile-")
		if err != nil {
			shared.err = err
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.UserDataDir(profile),
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-sync", true),
			chromedp.WindowSize(1280, 900),
		)
		actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, bcancel := chromedp.NewContext(actx)
		shared.ctx = bctx
		shared.cancel = func() { bcancel(); acancel() }
		// The first action starts the browser. It runs on the browser's own
		// context: a deadline here would end the browser with it.
		done := make(chan error, 1)
		go func() { done <- chromedp.Do(bctx, chromedp.Navigate("about:blank")) }()
		select {
		case shared.err = <-done:
		case <-time.After(30 * time.Second):
			shared.err = errors.New("Chromium did not start within 30s")
		}
	})
	if shared.err != nil {
		t.Fatalf("start Chromium: %v", shared.err)
	}
	return shared.ctx
}

// newTab opens a tab in the shared browser, closed when the test ends; every
// action in it must finish within timeout.
func newTab(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser(t))
	ctx, tcancel := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() {
		tcancel()
		cancel()
	})
	return ctx
}

// do runs actions in a tab and fails the test on error.
func do(t testing.TB, tab context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(tab, actions...); err != nil {
		t.Fatal(describe(err))
	}
}

// run runs one action with a value in a tab and fails the test on error.
func run[T any](t testing.TB, tab context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(tab, a)
	if err != nil {
		t.Fatal(describe(err))
	}
	return v
}

func describe(err error) string {
	var ee *chromedp.ExceptionError
	if errors.As(err, &ee) && ee.ExceptionDetails != nil {
		msg := ee.ExceptionDetails.Text
		if ex := ee.ExceptionDetails.Exception; ex != nil && ex.Description != "" {
			msg = ex.Description
		}
		return "JavaScript: " + msg
	}
	return err.Error()
}

// server serves files on 127.0.0.1 and records the paths requested.
type server struct {
	URL string
	mu  sync.Mutex
	log []string
}

// serve starts a server for fsys (a site directory), stopped when the test ends.
func serve(t testing.TB, fsys fs.FS) *server {
	t.Helper()
	return serveHandler(t, http.FileServer(http.FS(fsys)))
}

// serveHandler starts a server on 127.0.0.1 for h. Every response carries
// site.SecurityHeaders (the Content Security Policy and the rest that
// netlify.toml sends), so the pages are tested as deployed.
func serveHandler(t testing.TB, h http.Handler) *server {
	t.Helper()
	s := &server{}
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.log = append(s.log, r.URL.Path)
		s.mu.Unlock()
		for k, v := range site.SecurityHeaders {
			w.Header().Set(k, v)
		}
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	}))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.Listener = l
	ts.Start()
	t.Cleanup(ts.Close)
	s.URL = ts.URL
	return s
}

// requests returns the paths requested so far and forgets them.
func (s *server) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.log
	s.log = nil
	return out
}
