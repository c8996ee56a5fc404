package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
)

// pagefindPages are the two pages that search the site with Pagefind: its
// default UI and its JS API. They are copied into the built site under
// /_bench/ after Pagefind has indexed it, so that they are not indexed.
//
//go:embed pages
var pagefindPages embed.FS

// A searcher is one way of searching the site in the browser.
type searcher struct {
	name string
	path func(lang string) string // page path, "?q=" appended
	done string                   // JS expression: true once the results are shown
	top  string                   // JS expression: the first result's title
	hits string                   // JS expression: how many results are shown
	data func(p string) bool      // whether a URL path is search code or data (not the page itself)
}

var searchers = []searcher{
	{
		name: "acmkb",
		path: func(lang string) string { return "/" + lang + "/search/" },
		done: `document.getElementById('results')?.dataset.query !== undefined`,
		top:  `document.querySelector('#results .search-result-title')?.textContent ?? ''`,
		hits: `document.querySelectorAll('#results .search-result').length`,
		data: func(p string) bool { return strings.HasPrefix(p, "/assets/search") || strings.HasPrefix(p, "/search/") },
	},
	{
		name: "pagefind-ui",
		path: func(lang string) string { return "/_bench/pagefind-ui/" + lang + "/" },
		done: `!!document.querySelector('.pagefind-ui__result-link') || /^No results|^0 /.test(document.querySelector('.pagefind-ui__message')?.textContent ?? '')`,
		top:  `document.querySelector('.pagefind-ui__result-link')?.textContent ?? ''`,
		hits: `document.querySelectorAll('.pagefind-ui__result-link').length`,
		data: func(p string) bool { return strings.HasPrefix(p, "/pagefind/") },
	},
	{
		name: "pagefind-api",
		path: func(lang string) string { return "/_bench/pagefind-api/" + lang + "/" },
		done: `document.body.dataset.done !== undefined`,
		top:  `document.querySelector('#results a')?.textContent ?? ''`,
		hits: `document.querySelectorAll('#results li').length`,
		data: func(p string) bool { return strings.HasPrefix(p, "/pagefind/") },
	},
}

// Query is a search typed into each searcher.
type Query struct {
	Lang string `json:"lang"`
	Text string `json:"text"`
}

// Fetch is what one first search transferred: a fresh browser profile
// opens the search page with the query in its URL and waits until the
// results are shown and the network has been quiet for quietPeriod.
type Fetch struct {
	Searcher string `json:"searcher"`
	Query    Query  `json:"query"`
	Gzip     bool   `json:"gzip"`
	Requests int    `json:"requests"`
	Bytes    int64  `json:"bytes"`      // over the wire, headers included, everything the page loaded
	Data     int64  `json:"data_bytes"` // of which search code and data (acmkb: /assets/search*; Pagefind: /pagefind/)
	Hits     int    `json:"hits"`       // results shown
	Top      string `json:"top"`        // the first result's title
	Elapsed  int64  `json:"elapsed_ms"` // navigation to quiet, for information (loopback, no throttling)
}

const quietPeriod = 500 * time.Millisecond

// searchTimeout bounds one first search, page load to results.
var searchTimeout = 90 * time.Second

// addPagefindPages copies the Pagefind search pages into the site.
func addPagefindPages(site string) error {
	sub, _ := fs.Sub(pagefindPages, "pages")
	dst := filepath.Join(site, "_bench")
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	return os.CopyFS(dst, sub)
}

// server serves a built site on a loopback port and counts what it sends.
// Counting on the server, rather than from the browser's network events,
// also sees what workers fetch (Pagefind searches in a Web Worker).
type server struct {
	base string
	dir  string
	gz   bool // gzip text responses for clients that accept it, as Netlify does

	mu       sync.Mutex
	sent     []sent
	inflight int
	last     time.Time
}

// sent is one response: its path and its bytes on the wire.
type sent struct {
	path          string
	header, bytes int64 // status line and headers; body as sent
}

// serveSite serves dir until ctx ends; with gz, text responses are
// gzip-compressed (Pagefind's files are compressed already and go as they
// are, as they would from Netlify).
func serveSite(ctx context.Context, dir string, gz bool) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{base: "http://" + ln.Addr().String(), dir: dir, gz: gz}
	srv := &http.Server{Handler: s}
	go srv.Serve(ln)
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	return s, nil
}

// reset forgets what was sent.
func (s *server) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent, s.last = nil, time.Now()
}

// quiet reports whether nothing was sent or asked for during d.
func (s *server) quiet(d time.Duration) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inflight == 0 && time.Since(s.last) >= d
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.inflight++
	s.last = time.Now()
	s.mu.Unlock()
	status, body := s.respond(w, r)
	// The status line and headers as net/http writes them (it adds Date).
	w.Header().Set("Date", time.Now().UTC().Format(http.TimeFormat))
	header := int64(len(fmt.Sprintf("HTTP/1.1 %d %s\r\n", status, http.StatusText(status)))) + 2
	for k, vs := range w.Header() {
		for _, v := range vs {
			header += int64(len(k) + 2 + len(v) + 2)
		}
	}
	s.mu.Lock()
	s.sent = append(s.sent, sent{path: r.URL.Path, header: header, bytes: body})
	s.inflight--
	s.last = time.Now()
	s.mu.Unlock()
}

// respond writes the response and returns its status and body size.
func (s *server) respond(w http.ResponseWriter, r *http.Request) (int, int64) {
	p := path.Clean("/" + r.URL.Path)
	name := filepath.Join(s.dir, filepath.FromSlash(p))
	if fi, err := os.Stat(name); err == nil && fi.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return http.StatusMovedPermanently, 0
		}
		name = filepath.Join(name, "index.html")
	}
	data, err := os.ReadFile(name)
	if err != nil {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		n, _ := io.WriteString(w, "404 page not found\n")
		return http.StatusNotFound, int64(n)
	}
	ctype := mime.TypeByExtension(filepath.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-cache")
	if s.gz && compressible(ctype) && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(data)
		zw.Close()
		data = b.Bytes()
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Vary", "Accept-Encoding")
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.Write(data)
	return http.StatusOK, int64(len(data))
}

func compressible(ctype string) bool {
	for _, p := range []string{"text/", "application/json", "application/javascript", "image/svg+xml", "application/xml"} {
		if strings.HasPrefix(ctype, p) {
			return true
		}
	}
	return false
}

// browser is a headless Chromium driven through chromedp.
type browser struct {
	ctx    context.Context
	cancel func()
}

func startBrowser(chromium string) (*browser, error) {
	profile, err := os.MkdirTemp("", "acmkb-bench-chromium-")
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
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
	b := &browser{ctx: bctx, cancel: func() { bcancel(); acancel(); os.RemoveAll(profile) }}
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(bctx, chromedp.Navigate("about:blank")) }()
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		err = errors.New("Chromium did not start within 60s")
	}
	if err != nil {
		b.cancel()
		return nil, fmt.Errorf("start Chromium: %w", err)
	}
	return b, nil
}

// firstSearch opens the searcher's page for q in a new browser context (an
// empty cache) and records what the server sent until the results were
// shown and nothing more had been asked for during quietPeriod.
func (b *browser) firstSearch(srv *server, s searcher, q Query) (Fetch, error) {
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, tcancel := context.WithTimeout(ctx, searchTimeout)
	defer tcancel()
	f := Fetch{Searcher: s.name, Query: q, Gzip: srv.gz}
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil { // opens the tab
		return f, err
	}
	srv.reset()
	start := time.Now()
	u := srv.base + s.path(q.Lang) + "?q=" + url.QueryEscape(q.Text)
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		return f, fmt.Errorf("%s: %w", u, err)
	}
	for {
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](s.done))
		if err != nil {
			return f, fmt.Errorf("%s: %w", u, err)
		}
		if done && srv.quiet(quietPeriod) {
			break
		}
		select {
		case <-ctx.Done():
			return f, fmt.Errorf("%s: results shown: %v: %w", u, done, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	f.Elapsed = (time.Since(start) - quietPeriod).Milliseconds()
	var err error
	if f.Top, err = chromedp.Run(ctx, chromedp.Evaluate[string](s.top)); err != nil {
		return f, err
	}
	f.Top = strings.TrimSpace(f.Top)
	if f.Hits, err = chromedp.Run(ctx, chromedp.Evaluate[int](s.hits)); err != nil {
		return f, err
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	for _, x := range srv.sent {
		f.Requests++
		f.Bytes += x.header + x.bytes
		if s.data(x.path) {
			f.Data += x.header + x.bytes
		}
	}
	return f, nil
}
