package site

import (
	"context"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// LiveReloadPath is the URL path of Serve's Server-Sent Events endpoint.
// Build the served site with Options.LiveReload set to it so that pages
// reload when it sends a message.
const LiveReloadPath = "/_acmkb/reload"

// DefaultAddr is where Serve listens when ServeOptions.Addr is empty.
const DefaultAddr = "127.0.0.1:8080"

// ServeOptions configure Serve.
type ServeOptions struct {
	// Addr is the TCP address to listen on. Empty means DefaultAddr; an
	// address without a host (":8080") listens on 127.0.0.1 only. Name a
	// host ("0.0.0.0:8080") to serve other machines.
	Addr string
	// Listener, when not nil, is used instead of listening on Addr (see
	// Listen: the caller learns the address, port 0 included, before
	// building the site whose links point at it).
	Listener net.Listener
	// Dir is the built site to serve.
	Dir string
	// Rebuild rebuilds Dir in place, atomically (a half-written Dir is never
	// served). Nil disables watching.
	Rebuild func() error
	// Watch lists directories to watch (content, templates); a change of
	// any file under them triggers Rebuild. Names starting with "." and
	// editor backups ("~" suffix) are ignored, and so is Dir.
	Watch []string
	// Log receives rebuild reports and errors. Nil discards them.
	Log io.Writer
	// Interval is how often Watch is polled; 0 means 500ms.
	Interval time.Duration
}

// Serve serves the site in opts.Dir over HTTP like Netlify would (index.html
// for directories, /404.html with status 404 for anything missing, the same
// security headers), until ctx is done; it then returns nil.
//
// It polls the Watch directories for changes, calls Rebuild on each, and
// tells every open page to reload through Server-Sent Events at
// LiveReloadPath. A failed rebuild is logged and the last good site stays
// served; open pages show the error (a "builderror" event) until a rebuild
// succeeds and they reload.
func Serve(ctx context.Context, opts ServeOptions) error {
	s := newServer(opts)
	ln := opts.Listener
	if ln == nil {
		var err error
		if ln, err = Listen(opts.Addr); err != nil {
			return err
		}
	}
	srv := &http.Server{
		Handler:           s,
		BaseContext:       func(net.Listener) context.Context { return ctx }, // ends event streams on shutdown
		ReadHeaderTimeout: 10 * time.Second,
	}
	if s.rebuild != nil {
		go s.watch(ctx)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil {
			return fmt.Errorf("serve: shutdown: %w", err)
		}
		return nil
	}
}

// Listen listens on addr with ServeOptions.Addr's defaults.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", listenAddr(addr))
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	return ln, nil
}

// URL is the base URL of a site served on ln: http://HOST:PORT, with
// "localhost" for an address that listens on every interface.
func URL(ln net.Listener) string {
	host, port, err := net.SplitHostPort(ln.Addr().String())
	if err != nil {
		return "http://" + ln.Addr().String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// listenAddr applies ServeOptions.Addr's defaults: no address is
// DefaultAddr, and a port alone (":9000" or "9000") is on 127.0.0.1.
func listenAddr(addr string) string {
	if addr == "" {
		return DefaultAddr
	}
	if host, port, err := net.SplitHostPort(addr); err == nil && host == "" {
		return net.JoinHostPort("127.0.0.1", port)
	}
	if n, err := strconv.Atoi(addr); err == nil && n >= 0 && n <= 65535 {
		return net.JoinHostPort("127.0.0.1", addr) // a port alone: --addr 8080
	}
	return addr
}

// server is Serve's HTTP handler and watcher.
type server struct {
	dir      string
	rebuild  func() error
	watchDir []string
	log      io.Writer
	interval time.Duration

	mu      sync.Mutex
	clients map[chan struct{}]bool
	failed  string // the last rebuild's error, "" when it built: open pages show it

	// first is the watched files' stamps when the server was made: taken
	// there, not when the watching goroutine first runs, so that a change
	// made in between (a busy machine may run it late) is not missed.
	first map[string]stamp
}

func newServer(opts ServeOptions) *server {
	s := &server{
		dir:      opts.Dir,
		rebuild:  opts.Rebuild,
		watchDir: opts.Watch,
		log:      opts.Log,
		interval: opts.Interval,
		clients:  map[chan struct{}]bool{},
	}
	if s.log == nil {
		s.log = io.Discard
	}
	if s.rebuild != nil {
		s.first = s.snapshot()
	}
	if s.interval <= 0 {
		s.interval = 500 * time.Millisecond
	}
	return s
}

// ServeHTTP implements http.Handler.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	for k, v := range SecurityHeaders {
		w.Header().Set(k, v)
	}
	w.Header().Set("Cache-Control", "no-store") // a preview: always fresh
	if r.URL.Path == LiveReloadPath {
		s.events(w, r)
		return
	}
	s.file(w, r)
}

// file serves a file of the site: /x/ from /x/index.html, /x from /x/ by
// redirect, anything missing as /404.html with status 404. No listings.
func (s *server) file(w http.ResponseWriter, r *http.Request) {
	p := path.Clean("/" + r.URL.Path)
	name := filepath.Join(s.dir, filepath.FromSlash(p))
	fi, err := os.Stat(name)
	if err == nil && fi.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			target := p + "/"
			if p == "/" {
				target = "/"
			}
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		name = filepath.Join(name, "index.html")
		fi, err = os.Stat(name)
	}
	if err != nil || fi.IsDir() {
		s.notFound(w, r)
		return
	}
	f, err := os.Open(name)
	if err != nil {
		s.notFound(w, r)
		return
	}
	defer f.Close()
	http.ServeContent(w, r, name, fi.ModTime(), f)
}

func (s *server) notFound(w http.ResponseWriter, _ *http.Request) {
	page, err := os.ReadFile(filepath.Join(s.dir, "404.html"))
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(page)
}

// events streams a "reload" message to the page after each good rebuild,
// and a "builderror" event with the error after each failed one (and on
// connecting while the last rebuild failed), which the page shows over the
// last good site.

func (s *server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	s.clients[ch] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, ch)
		s.mu.Unlock()
	}()

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	fmt.Fprint(w, "retry: 1000\n: connected\n\n")
	if failed := s.lastFailure(); failed != "" {
		writeBuildError(w, failed)
	}
	flusher.Flush()
	keepalive := time.NewTicker(15 * time.Second)
	defer keepalive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-keepalive.C:
			fmt.Fprint(w, ": keepalive\n\n")
		case <-ch:
			if failed := s.lastFailure(); failed != "" {
				writeBuildError(w, failed)
			} else {
				fmt.Fprint(w, "data: reload\n\n")
			}
		}
		flusher.Flush()
	}
}

func (s *server) lastFailure() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failed
}

// writeBuildError writes the "builderror" event of msg, a data line per
// line of it.
func writeBuildError(w io.Writer, msg string) {
	fmt.Fprint(w, "event: builderror\n")
	for _, line := range strings.Split(strings.ReplaceAll(msg, "\r", ""), "\n") {
		fmt.Fprintf(w, "data: %s\n", line)
	}
	fmt.Fprint(w, "\n")
}

// notify tells every connected page to reload.
func (s *server) notify() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.clients {
		select {
		case ch <- struct{}{}:
		default: // a reload is already pending for this page
		}
	}
}

// watch polls the watched directories and rebuilds on change until ctx is done.
func (s *server) watch(ctx context.Context) {
	last := s.first
	tick := time.NewTicker(s.interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		cur := s.snapshot()
		changed := changes(last, cur)
		if len(changed) == 0 {
			continue
		}
		last = cur
		start := time.Now()
		err := s.rebuild()
		s.mu.Lock()
		s.failed = ""
		if err != nil {
			s.failed = err.Error()
		}
		s.mu.Unlock()
		if err != nil {
			fmt.Fprintf(s.log, "rebuild failed, still serving the last good site: %v\n", err)
		} else {
			fmt.Fprintf(s.log, "rebuilt in %v (%s)\n", time.Since(start).Round(time.Millisecond), describe(changed))
		}
		s.notify() // pages reload, or show the error
	}
}

// stamp is what a poll compares: a file changed when either differs.
type stamp struct {
	mod  time.Time
	size int64
}

// snapshot stamps every file under the watched directories.
func (s *server) snapshot() map[string]stamp {
	out := map[string]stamp{}
	served, _ := filepath.Abs(s.dir)
	for _, root := range s.watchDir {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // vanished meanwhile, or unreadable: nothing to stamp
			}
			name := d.Name()
			if p != root && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if abs, _ := filepath.Abs(p); abs == served {
					return filepath.SkipDir
				}
				return nil
			}
			if info, err := d.Info(); err == nil {
				out[p] = stamp{mod: info.ModTime(), size: info.Size()}
			}
			return nil
		})
	}
	return out
}

// changes lists the files added, removed or modified between two snapshots.
func changes(old, cur map[string]stamp) []string {
	var out []string
	for p, st := range cur {
		if o, ok := old[p]; !ok || o != st {
			out = append(out, p)
		}
	}
	for p := range old {
		if _, ok := cur[p]; !ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// describe names up to three changed files.
func describe(changed []string) string {
	if len(changed) <= 3 {
		return strings.Join(changed, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(changed[:3], ", "), len(changed)-3)
}

// SecurityHeaders are the HTTP headers every response carries, on Netlify
// (netlify.toml, checked by a test) and from Serve, so that a preview fails
// the way production would, for instance on a CSP violation.
var SecurityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy":        "strict-origin-when-cross-origin",
	"X-Frame-Options":        "DENY",
	"Permissions-Policy":     "camera=(), microphone=(), geolocation=()",
}

// ErrorPage is the page acmkb serve shows, for every path, while the content
// has errors and no site could be built yet: the errors as text (msg),
// and a refresh every two seconds, so that the site appears once they are
// fixed (no script: the pages' Content Security Policy allows none inline).
func ErrorPage(msg string) []byte {
	return []byte(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="2">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>acmkb serve: the content has errors</title>
</head>
<body>
<h1>The content has errors</h1>
<p>acmkb serve builds the site as soon as they are fixed; this page reloads by itself.</p>
<pre>` + html.EscapeString(msg) + `</pre>
</body>
</html>
`)
}
