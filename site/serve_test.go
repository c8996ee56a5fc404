package site

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// syncBuffer is a log that the watcher writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// liveServer starts a watching server on a test HTTP server. rebuild is
// called on every change.
func liveServer(t *testing.T, watch string, rebuild func() error) (*httptest.Server, *syncBuffer, string) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "index.html"), "<!doctype html><title>root</title>")
	writeFile(t, filepath.Join(dir, "en", "index.html"), "<!doctype html><title>en</title>")
	writeFile(t, filepath.Join(dir, "404.html"), "<!doctype html><title>not found</title>")
	log := &syncBuffer{}
	s := newServer(ServeOptions{Dir: dir, Rebuild: rebuild, Watch: []string{watch}, Log: log, Interval: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	ts := httptest.NewServer(s)
	done := make(chan struct{})
	go func() { s.watch(ctx); close(done) }()
	t.Cleanup(func() {
		cancel()
		<-done
		ts.CloseClientConnections()
		ts.Close()
	})
	return ts, log, dir
}

// subscribe opens the event stream and returns its messages ("data: ..."
// lines) on a channel.
func subscribe(t *testing.T, ts *httptest.Server) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+LiveReloadPath, nil)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("event stream Content-Type %q", ct)
	}
	msgs := make(chan string, 10)
	connected := make(chan struct{})
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		once := sync.Once{}
		var event string
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == ": connected":
				once.Do(func() { close(connected) })
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = append(data, strings.TrimPrefix(line, "data: "))
			case line == "" && data != nil:
				msg := strings.Join(data, "\n")
				if event != "" {
					msg = event + ": " + msg
				}
				msgs <- msg
				event, data = "", nil
			}
		}
	}()
	select {
	case <-connected:
	case <-time.After(5 * time.Second):
		t.Fatal("event stream did not open")
	}
	return msgs
}

func TestServeRebuildsAndReloadsOnChange(t *testing.T) {
	content := t.TempDir()
	writeFile(t, filepath.Join(content, "entries", "a.md"), "one")
	var builds atomic.Int32
	ts, log, _ := liveServer(t, content, func() error { builds.Add(1); return nil })
	msgs := subscribe(t, ts)

	writeFile(t, filepath.Join(content, "entries", "a.md"), "one, edited")
	select {
	case msg := <-msgs:
		if msg != "reload" {
			t.Errorf("message %q, want reload", msg)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("no reload event after a change; log:\n%s", log.String())
	}
	if n := builds.Load(); n != 1 {
		t.Errorf("%d rebuilds, want 1", n)
	}
	if !strings.Contains(log.String(), "rebuilt in") || !strings.Contains(log.String(), "a.md") {
		t.Errorf("log does not report the rebuild:\n%s", log.String())
	}

	// Files in hidden directories and editor backups are not content.
	writeFile(t, filepath.Join(content, ".git", "index"), "x")
	writeFile(t, filepath.Join(content, "entries", "a.md~"), "x")
	time.Sleep(200 * time.Millisecond)
	if n := builds.Load(); n != 1 {
		t.Errorf("%d rebuilds after ignored files changed, want 1", n)
	}

	// A new file is a change too.
	writeFile(t, filepath.Join(content, "entries", "b.md"), "two")
	select {
	case <-msgs:
	case <-time.After(5 * time.Second):
		t.Fatal("no reload event after a file was added")
	}
}

func TestServeKeepsLastGoodSiteWhenRebuildFails(t *testing.T) {
	content := t.TempDir()
	writeFile(t, filepath.Join(content, "a.md"), "one")
	var builds atomic.Int32
	ts, log, _ := liveServer(t, content, func() error {
		builds.Add(1)
		return errors.New("content/a.md:3: unknown verdict \"maybe\"\nline two")
	})
	msgs := subscribe(t, ts)

	writeFile(t, filepath.Join(content, "a.md"), "broken")
	// Open pages are told the error, not to reload; so is a page opened
	// after it.
	const want = "builderror: content/a.md:3: unknown verdict \"maybe\"\nline two"
	for _, msgs := range []<-chan string{msgs, nil} {
		if msgs == nil {
			msgs = subscribe(t, ts)
		}
		select {
		case msg := <-msgs:
			if msg != want {
				t.Errorf("event %q after a failed rebuild, want %q", msg, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no event after a failed rebuild; log:\n%s", log.String())
		}
	}
	if !strings.Contains(log.String(), "rebuild failed, still serving the last good site: content/a.md:3") {
		t.Errorf("log:\n%s", log.String())
	}
	resp, err := ts.Client().Get(ts.URL + "/en/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<title>en</title>") {
		t.Errorf("GET /en/ after a failed rebuild: %d %s", resp.StatusCode, body)
	}
}

func TestServeFiles(t *testing.T) {
	ts, _, _ := liveServer(t, t.TempDir(), func() error { return nil })
	client := ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, tc := range []struct {
		path     string
		status   int
		body     string // substring
		location string
	}{
		{"/", 200, "<title>root</title>", ""},
		{"/en/", 200, "<title>en</title>", ""},
		{"/en?x=1", 301, "", "/en/?x=1"},
		{"/nope/", 404, "<title>not found</title>", ""},
		{"/../../etc/passwd", 404, "<title>not found</title>", ""},
		{"/assets/", 404, "<title>not found</title>", ""}, // no listings
	} {
		resp, err := client.Get(ts.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.body) || resp.Header.Get("Location") != tc.location {
			t.Errorf("GET %s: %d Location=%q %q; want %d Location=%q containing %q",
				tc.path, resp.StatusCode, resp.Header.Get("Location"), body, tc.status, tc.location, tc.body)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); csp != SecurityHeaders["Content-Security-Policy"] {
			t.Errorf("GET %s: CSP %q", tc.path, csp)
		}
	}
	resp, err := client.Post(ts.URL+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

func TestServeStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- Serve(ctx, ServeOptions{Addr: "127.0.0.1:0", Dir: t.TempDir(), Rebuild: func() error { return nil }, Watch: []string{t.TempDir()}})
	}()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("Serve returned %v after cancel, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
}

func TestListenAddr(t *testing.T) {
	for in, want := range map[string]string{
		"":               DefaultAddr,
		":9000":          "127.0.0.1:9000",
		"0.0.0.0:9000":   "0.0.0.0:9000",
		"localhost:8080": "localhost:8080",
		"8080":           "127.0.0.1:8080", // a port alone (support engineer's trial)
		"localhost":      "localhost",      // refused by net.Listen: missing port
	} {
		if got := listenAddr(in); got != want {
			t.Errorf("listenAddr(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestServeSeesChangesMadeBeforeWatching: a file changed after the server is
// made but before its watching goroutine first runs (a busy machine may run
// it late; CI once did) still triggers a rebuild.
func TestServeSeesChangesMadeBeforeWatching(t *testing.T) {
	content := t.TempDir()
	writeFile(t, filepath.Join(content, "a.md"), "one")
	var builds atomic.Int32
	s := newServer(ServeOptions{Dir: t.TempDir(), Rebuild: func() error { builds.Add(1); return nil }, Watch: []string{content}, Log: io.Discard, Interval: 20 * time.Millisecond})
	writeFile(t, filepath.Join(content, "a.md"), "changed")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.watch(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(5 * time.Second)
	for builds.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if builds.Load() == 0 {
		t.Error("a change made before the watching began was never rebuilt")
	}
}

// TestErrorPage: the page serve shows while the content has errors holds
// them as text (escaped) and refreshes itself, with no script.
func TestErrorPage(t *testing.T) {
	page := string(ErrorPage("kb/entries/a.md:3: <script>alert(1)</script> & \"x\""))
	for _, want := range []string{`<meta http-equiv="refresh" content="2">`, "kb/entries/a.md:3: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;x&#34;"} {
		if !strings.Contains(page, want) {
			t.Errorf("error page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "<script") {
		t.Errorf("error page has a script:\n%s", page)
	}
}
