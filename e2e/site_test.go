package e2e

import (
	"encoding/json"
	"fmt"
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

// searchData is the search data of a built site, read as search.js reads it
// (see site/searchdata.go for the format).
type searchData struct {
	N        int                           `json:"n"`
	Passages int                           `json:"passages"`
	Start    []int                         `json:"start"`
	Lengths  []int                         `json:"plen"`
	AvgLen   float64                       `json:"avgLen"`
	Shards   int                           `json:"nshards"`
	Inline   []map[string]map[string][]int `json:"shards"`
	dir      string
}

func readSearchData(t testing.TB, dir string) *searchData {
	t.Helper()
	p := searchIndexPath(t, dir)
	d := &searchData{dir: filepath.Join(dir, filepath.FromSlash(filepath.Dir(strings.TrimPrefix(p, "/"))))}
	d.read(t, "index.json", d)
	if d.Inline == nil {
		d.Inline = make([]map[string]map[string][]int, d.Shards)
		for i := range d.Inline {
			d.read(t, fmt.Sprintf("p%d.json", i), &d.Inline[i])
		}
	}
	return d
}

func (d *searchData) read(t testing.TB, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(d.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// fnv is search.js's term hash.
func fnv(s string) uint32 {
	h := uint32(2166136261)
	for _, r := range s {
		h ^= uint32(r)
		h *= 16777619
	}
	return h
}

// passages of term: passage -> term frequency.
func (d *searchData) passages(term string) map[int]int {
	out := map[int]int{}
	last := -1
	for _, c := range d.Inline[fnv(term)%uint32(d.Shards)]["p"][term] {
		if c < 0 {
			out[last] = -c
		} else {
			last = c
			out[c] = 1
		}
	}
	return out
}
