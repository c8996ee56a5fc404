package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/acmkb/acmkb/build"
	"github.com/acmkb/acmkb/content"
)

var built struct {
	once sync.Once
	dir  string
	err  error
}

// siteDir builds the site from the embedded content once per test binary and
// returns its directory.
func siteDir(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		built.dir = filepath.Join(tmpRoot, "site")
		_, _, built.err = build.Build(build.Options{Content: content.FS(), ContentName: "content", Out: built.dir})
	})
	if built.err != nil {
		t.Fatalf("build the site: %v", built.err)
	}
	return built.dir
}

var searchMeta = regexp.MustCompile(`<meta name="acmkb-search" content="([^"]+)">`)

// searchIndexPath is the URL path of the search data index the pages point to.
func searchIndexPath(t testing.TB, dir string) string {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(dir, "en", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	m := searchMeta.FindSubmatch(page)
	if m == nil {
		t.Fatal(`en/index.html has no <meta name="acmkb-search">`)
	}
	return string(m[1])
}

// searchData is the search data of a built site: index.json, read as
// search.js reads it (see site/searchdata.go for the format).
type searchData struct {
	N      int    `json:"n"`
	Shards int    `json:"nshards"`
	Base   string `json:"base"` // the directory of the other files
	dir    string // that directory on disk
}

func readSearchData(t testing.TB, dir string) *searchData {
	t.Helper()
	p := searchIndexPath(t, dir)
	d := &searchData{}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "/"))))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, d); err != nil {
		t.Fatalf("index.json: %v", err)
	}
	d.dir = filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(d.Base, "/")))
	return d
}
