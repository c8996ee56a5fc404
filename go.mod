module github.com/acmkb/acmkb

go 1.26.8

require (
	github.com/BurntSushi/toml v1.5.0
	github.com/blevesearch/bleve/v2 v2.6.3
	github.com/blevesearch/bleve_index_api v1.4.1
	github.com/blevesearch/snowballstem v0.9.0
	github.com/chromedp/cdproto v0.160.1
	github.com/chromedp/chromedp v0.23.1
	github.com/google/go-cmp v0.7.0
	github.com/rogpeppe/go-internal v1.16.0
	github.com/tdewolff/minify/v2 v2.25.0
	github.com/urfave/cli/v2 v2.27.7
	github.com/yuin/goldmark v1.8.7
	go.abhg.dev/goldmark/frontmatter v0.2.0
	golang.org/x/net v0.62.0
	golang.org/x/sys v0.50.0
	golang.org/x/term v0.48.0
	golang.org/x/text v0.44.0
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/RoaringBitmap/roaring/v2 v2.14.5 // indirect
	github.com/bits-and-blooms/bitset v1.24.2 // indirect
	github.com/blevesearch/geo v0.2.8 // indirect
	github.com/blevesearch/go-faiss v1.1.5 // indirect
	github.com/blevesearch/go-porterstemmer v1.0.3 // indirect
	github.com/blevesearch/mmap-go v1.2.0 // indirect
	github.com/blevesearch/scorch_segment_api/v2 v2.4.11 // indirect
	github.com/blevesearch/segment v0.9.1 // indirect
	github.com/blevesearch/upsidedown_store_api v1.0.2 // indirect
	github.com/blevesearch/vellum v1.2.1 // indirect
	github.com/blevesearch/zapx/v11 v11.4.3 // indirect
	github.com/blevesearch/zapx/v12 v12.4.3 // indirect
	github.com/blevesearch/zapx/v13 v13.4.3 // indirect
	github.com/blevesearch/zapx/v14 v14.4.3 // indirect
	github.com/blevesearch/zapx/v15 v15.4.3 // indirect
	github.com/blevesearch/zapx/v16 v16.3.4 // indirect
	github.com/blevesearch/zapx/v17 v17.2.5 // indirect
	github.com/cpuguy83/go-md2man/v2 v2.0.7 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/golang/snappy v1.0.0 // indirect
	github.com/json-iterator/go v0.0.0-20171115153421-f7279a603ede // indirect
	github.com/mschoch/smat v0.2.0 // indirect
	github.com/russross/blackfriday/v2 v2.1.0 // indirect
	github.com/tdewolff/parse/v2 v2.25.0 // indirect
	github.com/xrash/smetrics v0.0.0-20240521201337-686a1a2994c1 // indirect
	go.etcd.io/bbolt v1.4.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
)

// bleve's scorch package builds fuzzy-query automata in its init function,
// which cost every acmkb process ~5 ms; third_party/vellum builds them on first
// use instead (see third_party/README.md).
replace github.com/blevesearch/vellum => ./third_party/vellum

// goldmark compiles its linkify patterns in its init function (~2.6 ms of
// every acmkb process); third_party/goldmark compiles them on first use.
replace github.com/yuin/goldmark => ./third_party/goldmark

// russross/blackfriday (through urfave/cli's man-page code, which acmkb never
// calls) compiles five regular expressions and fills a 2,000-entry map in its
// init (~1.5 ms of every acmkb process); third_party/blackfriday does both on
// first use.
replace github.com/russross/blackfriday/v2 => ./third_party/blackfriday

// golang.org/x/net/html (site's sanitiser and text extraction) fills its
// 2,200-entry entity map in its init (~0.6 ms of every acmkb process);
// third_party/xnet holds only html and html/atom, with the map built on first
// use.
replace golang.org/x/net => ./third_party/xnet

// golang/snappy (linked by bleve's zap segment formats) makes its Castagnoli
// CRC table in its init (~0.2 ms of every acmkb process); third_party/snappy
// makes it on first use.
replace github.com/golang/snappy => ./third_party/snappy

// gopkg.in/yaml.v3 compiles two regular expressions in its init (~0.2 ms of
// every acmkb process); third_party/yaml compiles them on first use.
replace gopkg.in/yaml.v3 => ./third_party/yaml

// go.abhg.dev/goldmark/frontmatter links github.com/BurntSushi/toml for TOML
// front matter, which acmkb rejects; toml's init (~0.4 ms, it reads the local
// time zone) ran in every acmkb process. third_party/frontmatter is the
// extension with YAML alone.
replace go.abhg.dev/goldmark/frontmatter => ./third_party/frontmatter

// bleve's top-level package imports its upsidedown index type (protobuf code
// with work in init), upsidedown's in-memory store and expvar: ~1 ms and ~40
// page faults of every acmkb process, for an index type acmkb never uses.
// third_party/bleve links neither (see third_party/README.md).
replace github.com/blevesearch/bleve/v2 => ./third_party/bleve
