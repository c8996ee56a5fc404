package site

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
	"github.com/acmkb/acmkb/templates"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// payloadBudget is what search.js and the data one query loads may weigh
// together, gzip-compressed, for the embedded knowledge base.
const payloadBudget = 50 << 10

// resultLimit is how many results a search page shows (search.js LIMITS.page).
const resultLimit = 10

func embeddedKB(t *testing.T) *kb.KB {
	t.Helper()
	k, problems := loader.Load(content.FS(), loader.Options{Root: "content"})
	if err := problems.Err(); err != nil {
		t.Fatalf("load content: %v", err)
	}
	return k
}

// decoded is search data read back the way search.js reads it.
type decoded struct {
	idx    searchIndex
	shards []map[string][]int
	vocab  map[string]map[string]int // letter -> term -> entries
	docs   [][]searchDoc
}

func decode(t *testing.T, files map[string][]byte, indexPath string) *decoded {
	t.Helper()
	// Files are named from the site root; the index path may have the base URL's path before it.
	d := &decoded{}
	index, ok := files[searchIndexFile]
	if !ok || !strings.HasSuffix(indexPath, "/"+searchIndexFile) {
		t.Fatalf("search data has no %s (index path %s)", searchIndexFile, indexPath)
	}
	if err := json.Unmarshal(index, &d.idx); err != nil {
		t.Fatalf("index.json: %v", err)
	}
	dir := strings.TrimPrefix(d.idx.Base, d.idx.Root)
	read := func(name string, v any) {
		t.Helper()
		data, ok := files[path.Join(dir, name)]
		if !ok {
			t.Fatalf("search data has no %s in %s (%d files)", name, dir, len(files))
		}
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	d.shards = d.idx.Inline
	for _, raw := range d.idx.DocChunks {
		var c []searchDoc
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatalf("index.json: docs: %v", err)
		}
		d.docs = append(d.docs, c)
	}
	if d.shards == nil {
		d.shards = make([]map[string][]int, d.idx.Shards)
		for i := range d.shards {
			read(fmt.Sprintf("p%d.json", i), &d.shards[i])
		}
		for i := 0; i*d.idx.PerChunk < d.idx.Entries; i++ {
			var c []searchDoc
			read(fmt.Sprintf("d%d.json", i), &c)
			d.docs = append(d.docs, c)
		}
		d.vocab = map[string]map[string]int{}
		for _, r := range d.idx.Vocab {
			var v map[string]int
			read("v"+string(r)+".json", &v)
			d.vocab[string(r)] = v
		}
	}
	return d
}

// searchDataKB is searchData of k, analysed here.
func searchDataKB(k *kb.KB, baseURL string) (map[string][]byte, string, error) {
	return searchData(analysis.NewCorpus(k, 0), baseURL)
}

// postings of term, looked up where search.js looks (its shard) and decoded
// as search.js decodes them, and whether the data marks it a common word.
func (d *decoded) postings(term string) (analysis.TermPostings, bool) {
	var tp analysis.TermPostings
	flat := d.shards[shardOf(term, d.idx.Shards)][term]
	if len(flat) == 0 {
		return tp, false
	}
	tp.IDF, tp.DF = flat[0], flat[1]
	common := tp.DF < 0
	if common {
		tp.DF = -tp.DF - 1
	}
	for i, e := 2, 0; i+2 < len(flat); i += 3 {
		e += flat[i]
		tp.List = append(tp.List, analysis.Posting{Entry: int32(e), Weight: int32(flat[i+1]), Mask: uint8(flat[i+2])})
	}
	return tp, common
}

// checkData wants the decoded data to say what the knowledge base says,
// computed here straight from package analysis.
func checkData(t *testing.T, k *kb.KB, d *decoded) {
	t.Helper()
	var names []string
	for _, e := range k.Entries {
		names = append(names, analysis.EntryNames(e)...)
	}
	an := analysis.New(k.Thesaurus, names)
	want := an.Postings(k.Entries)
	// Every term of the knowledge base and every common word, each marked
	// common exactly when analysis.Common says so.
	all := map[string]bool{}
	for term := range want {
		all[term] = true
	}
	for _, term := range analysis.CommonWords() {
		all[term] = true
	}
	n := 0
	for _, s := range d.shards {
		n += len(s)
	}
	if n != len(all) {
		t.Errorf("data has %d terms, the knowledge base %d and common words %d more", n, len(want), len(all)-len(want))
	}
	bad := 0
	for term := range all {
		got, common := d.postings(term)
		if common != analysis.Common(term) && bad < 10 {
			bad++
			t.Errorf("%q: marked common %v, want %v", term, common, analysis.Common(term))
		}
		if w := want[term]; !cmp.Equal(w, got) && bad < 10 {
			bad++
			t.Errorf("postings of %q: got %v, want %v", term, got, w)
		}
	}
	for term, w := range want {
		if d.vocab != nil && term[0] >= 'a' && term[0] <= 'z' {
			if got := d.vocab[term[:1]][term]; got != w.DF && bad < 15 {
				bad++
				t.Errorf("vocabulary: %q in %d entries, want %d", term, got, w.DF)
			}
		}
	}
	if diff := cmp.Diff(an.Names(), d.idx.Names); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	// Documents in id order, in their chunks.
	var ids []string
	for _, c := range d.docs {
		if len(c) > d.idx.PerChunk {
			t.Errorf("a chunk of %d documents, want at most %d", len(c), d.idx.PerChunk)
		}
		for _, doc := range c {
			ids = append(ids, doc[0].(string))
		}
	}
	var wantIDs []string
	for _, e := range k.Entries {
		wantIDs = append(wantIDs, e.ID)
	}
	if diff := cmp.Diff(wantIDs, ids); diff != "" {
		t.Errorf("documents (-want +got):\n%s", diff)
	}
}

func TestSearchDataEmbedded(t *testing.T) {
	k := embeddedKB(t)
	files, indexPath, err := searchDataKB(k, "https://acmkb.example.com")
	if err != nil {
		t.Fatal(err)
	}
	if indexPath != "/search/index.json" {
		t.Errorf("index path %q, want /search/index.json", indexPath)
	}
	d := decode(t, files, indexPath)
	checkData(t, k, d)
	if d.idx.Entries != len(k.Entries) || d.idx.Root != "/" {
		t.Errorf("n = %d, root = %q; want %d, /", d.idx.Entries, d.idx.Root, len(k.Entries))
	}
	// The rules travel as package analysis has them.
	if diff := cmp.Diff(analysis.Fields, d.idx.Fields, cmpopts.IgnoreFields(analysis.Field{}, "Weight", "B")); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(analysis.DefaultPolicy, d.idx.Policy); diff != "" {
		t.Errorf("policy (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(analysis.Groups(k.Thesaurus), d.idx.Thesaurus); diff != "" {
		t.Errorf("thesaurus (-want +got):\n%s", diff)
	}
	stop := analysis.StopWords()
	sort.Strings(stop)
	if diff := cmp.Diff(stop, d.idx.Stop); diff != "" {
		t.Errorf("stop words (-want +got):\n%s", diff)
	}
	if got := d.idx.Labels[kb.Partly][kb.JA]; got != kb.Partly.Label(kb.JA) {
		t.Errorf("label of partly in ja = %q", got)
	}

	// The same content gives the same files; other content another directory.
	again, againPath, _ := searchDataKB(k, "https://acmkb.example.com")
	if againPath != indexPath || !cmp.Equal(files, again) {
		t.Error("two exports of the same knowledge base differ")
	}
	k.Entries[0].Answer = kb.Text{kb.EN: "changed", kb.JA: "変更"}
	changed, _, _ := searchDataKB(k, "https://acmkb.example.com")
	if d.idx.Base != "" && bytes.Equal(changed[searchIndexFile], files[searchIndexFile]) {
		t.Error("a changed answer keeps the same directory: browsers would keep the old data")
	}
}

// TestSearchFormat wants search.js to read the format searchData writes.
func TestSearchFormat(t *testing.T) {
	js, err := fs.ReadFile(templates.FS(), "assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`const FORMAT = (\d+);`).FindSubmatch(js)
	if m == nil {
		t.Fatal("search.js has no const FORMAT")
	}
	if string(m[1]) != strconv.Itoa(searchFormat) {
		t.Errorf("search.js reads search data format %s, searchData writes %d", m[1], searchFormat)
	}
}

// TestSearchPayload measures what the browser downloads for one question on
// the embedded knowledge base, for every question of eval.tsv: search.js,
// index.json, the shards of the question's terms and the document chunks its
// results can come from. That is an upper bound: results are entries in the
// postings of the question's terms, and a page shows at most resultLimit of
// them (search.js LIMITS.page), so at most that many chunks, counted here as
// the largest of those the postings reach.
func TestSearchPayload(t *testing.T) {
	k := embeddedKB(t)
	files, indexPath, err := searchDataKB(k, "https://acmkb.example.com")
	if err != nil {
		t.Fatal(err)
	}
	js, err := fs.ReadFile(templates.FS(), "assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`LIMITS = \{[^}]*page: (\d+)`).FindSubmatch(js); m == nil || string(m[1]) != strconv.Itoa(resultLimit) {
		t.Fatalf("search.js LIMITS.page is not %d: the bound below counts that many document chunks", resultLimit)
	}
	js = minified("search.js", js) // as the site publishes it
	d := decode(t, files, indexPath)
	dir := strings.TrimPrefix(d.idx.Base, d.idx.Root)
	size := func(name string) int { return gzipSize(files[path.Join(dir, name)]) }
	fixed := gzipSize(js) + gzipSize(files[searchIndexFile])
	chunkSize := make([]int, len(d.docs)) // 0 when inline: index.json holds them
	all := 0
	for i := range d.docs {
		if d.idx.DocChunks == nil {
			chunkSize[i] = size(fmt.Sprintf("d%d.json", i))
			all += chunkSize[i]
		}
	}
	t.Logf("search.js %d bytes gzip, index.json %d, %d document chunks: %d", gzipSize(js), gzipSize(files[searchIndexFile]), len(d.docs), all)
	data, err := fs.ReadFile(content.FS(), "eval.tsv")
	if err != nil {
		t.Fatal(err)
	}
	an := analysis.New(k.Thesaurus, d.idx.Names)
	worst, worstQ, sum, n := 0, "", 0, 0
	for _, line := range strings.Split(string(data), "\n") {
		cols := strings.Split(line, "\t")
		if len(cols) != 4 || cols[0] == "lang" || strings.HasPrefix(line, "#") {
			continue
		}
		total := fixed
		if d.idx.Inline == nil {
			shards, chunks := map[int]bool{}, map[int]bool{}
			for _, term := range an.Terms(cols[3]) {
				s := shardOf(term, d.idx.Shards)
				shards[s] = true
				flat := d.shards[s][term] // idf, df, then (entry delta, weight, mask)...
				for i, e := 2, 0; i+2 < len(flat); i += 3 {
					e += flat[i]
					chunks[e/d.idx.PerChunk] = true
				}
			}
			for s := range shards {
				total += size(fmt.Sprintf("p%d.json", s))
			}
			var sizes []int
			for c := range chunks {
				sizes = append(sizes, chunkSize[c])
			}
			sort.Sort(sort.Reverse(sort.IntSlice(sizes)))
			for _, n := range sizes[:min(len(sizes), resultLimit)] {
				total += n
			}
		}
		sum, n = sum+total, n+1
		if total > worst {
			worst, worstQ = total, cols[3]
		}
	}
	t.Logf("payload of a question over %d questions: mean %d bytes gzip, worst %d (%q); budget %d", n, sum/max(n, 1), worst, worstQ, payloadBudget)
	if worst > payloadBudget {
		t.Errorf("a question loads %d bytes gzip of search.js and data, over the budget of %d", worst, payloadBudget)
	}
}

func gzipSize(data []byte) int {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
	w.Write(data)
	w.Close()
	return b.Len()
}

// syntheticKB makes a knowledge base of n generated entries, large enough to
// split the search data.
func syntheticKB(n int) *kb.KB {
	words := strings.Fields("certificate export import renew region account key private public domain validation " +
		"load balancer cloudfront gateway nginx apache client server chain expiry rotate audit trail policy role " +
		"証明書 秘密鍵 更新 輸出 地域 検証 公開 期限 監査 設定 ドメイン リージョン エクスポート インポート")
	var entries []*kb.Entry
	for i := 0; i < n; i++ {
		text := func(seed, count int) string {
			var b strings.Builder
			for j := 0; j < count; j++ {
				fmt.Fprintf(&b, "%s%d ", words[(seed*7+j*j*3+j)%len(words)], (seed+j)%97)
			}
			return b.String()
		}
		entries = append(entries, &kb.Entry{
			ID: fmt.Sprintf("entry-%05d", i), Verdict: kb.Verdicts[i%3],
			Verified: kb.Date{Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
			Title:    kb.Text{kb.EN: text(i, 5), kb.JA: text(i+1, 5)},
			Answer:   kb.Text{kb.EN: text(i+2, 20), kb.JA: text(i+3, 20)},
			Examples: kb.List{kb.EN: {text(i+4, 8)}, kb.JA: {text(i+5, 8)}},
			Body:     kb.Text{kb.EN: text(i+6, 80), kb.JA: text(i+7, 80)},
			Tags:     []string{words[i%len(words)]},
		})
	}
	return kb.New(kb.Config{}, entries, [][]string{{"certificate", "cert", "証明書"}, {"private key", "秘密鍵"}})
}

func TestSearchDataSplit(t *testing.T) {
	k := syntheticKB(600)
	files, indexPath, err := searchDataKB(k, "https://example.com/kb/")
	if err != nil {
		t.Fatal(err)
	}
	if want := "/kb/search/index.json"; indexPath != want {
		t.Errorf("index path %q, want %s (under the base URL's path)", indexPath, want)
	}
	d := decode(t, files, indexPath)
	if !strings.HasPrefix(d.idx.Base, "/kb/assets/search/") {
		t.Errorf("base %q, want it under /kb/assets/search/", d.idx.Base)
	}
	if d.idx.Inline != nil || d.idx.DocChunks != nil || d.idx.Shards < 2 || d.idx.PerChunk >= d.idx.Entries {
		t.Fatalf("a large knowledge base is not split: %d shards, %d documents per chunk, inline %v",
			d.idx.Shards, d.idx.PerChunk, d.idx.Inline != nil)
	}
	if d.idx.Root != "/kb/" {
		t.Errorf("root = %q, want /kb/", d.idx.Root)
	}
	checkData(t, k, d)
	var sizes []int
	largest := 0
	for name, data := range files {
		sizes = append(sizes, len(data))
		if !strings.HasSuffix(name, "index.json") {
			largest = max(largest, len(data))
		}
	}
	t.Logf("%d entries: %d files, %d shards, %d documents per chunk, largest shard or chunk %d bytes, index.json %d bytes",
		len(k.Entries), len(files), d.idx.Shards, d.idx.PerChunk, largest, len(files[searchIndexFile]))
	// Shards are near their target on average; one may be larger when it
	// holds a frequent term (issue 11 bounds those).
	var shardBytes, shards int
	for name, data := range files {
		if strings.Contains(name, "/p") {
			shardBytes += len(data)
			shards++
		}
	}
	if mean := shardBytes / max(shards, 1); mean > 2*shardTarget {
		t.Errorf("shards weigh %d bytes on average, want near %d", mean, shardTarget)
	}
	if largest > 16*shardTarget {
		t.Errorf("a file of %d bytes, want at most %d", largest, 16*shardTarget)
	}
}

// TestSearchDocSize: searchDocSize is the length of searchDocJSON, and
// its print tells the documents apart.
func TestSearchDocSize(t *testing.T) {
	entries := []*kb.Entry{
		{ID: "a", Verdict: kb.Yes, Title: kb.Text{kb.EN: "Title", kb.JA: "題名"}, Answer: kb.Text{kb.EN: "Yes, \"quoted\"\n", kb.JA: "はい\u2028"}},
		{ID: "a", Verdict: kb.Yes, Title: kb.Text{kb.EN: "Title"}, Answer: nil},
		{ID: "a", Verdict: kb.No, Title: kb.Text{kb.EN: "Title"}, Answer: kb.Text{}},
		{ID: "b\xff", Verdict: kb.Partly, Title: kb.Text{kb.EN: "<&>"}, Answer: kb.Text{kb.EN: ""}},
		{ID: "b\xff", Verdict: kb.Partly, Title: kb.Text{kb.EN: "<&>", kb.JA: ""}, Answer: kb.Text{kb.EN: ""}},
	}
	prints := map[uint64]bool{}
	for _, e := range entries {
		n, p := searchDocSize(e)
		if want := len(searchDocJSON(e)); n != want {
			t.Errorf("%+v: size %d, want %d", e, n, want)
		}
		if prints[p] {
			t.Errorf("%+v: the print of another document", e)
		}
		prints[p] = true
	}
}

// TestAppendJSONString: the fast path writes what encoding/json writes.
func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", "証明書", "a\"b", "a\\b", "tab\there", "\x01", "<&>", "line\u2028sep", "para\u2029", "bad\xffutf8", "é", "\u2027\u202a", "end\xe2\x80", "\xe2\x80\xa8"} {
		want, _ := marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("%q: %s, want %s", s, got, want)
		}
	}
	for _, n := range []int{0, 1, 9, 10, 99, 100, -1, -10, 123456789} {
		if got, want := digits(n), len(strconv.Itoa(n)); got != want {
			t.Errorf("digits(%d) = %d, want %d", n, got, want)
		}
	}
}

// TestSearchDocJSON: an entry's search document, written directly, is
// what encoding/json writes of it (marshal): for every shipped entry and
// for strings it escapes, texts with other or no languages, and none.
func TestSearchDocJSON(t *testing.T) {
	k, problems := loader.Load(content.FS(), loader.Options{Root: "content"})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	entries := k.Entries
	for _, s := range []string{"a\"b", "<&>", "line\u2028sep", "bad\xffutf8", "\x01"} {
		entries = append(entries, &kb.Entry{ID: s, Verdict: kb.Verdict(s), Title: kb.Text{kb.JA: s, kb.EN: s + s, "zz": s}, Answer: kb.Text{}})
	}
	entries = append(entries, &kb.Entry{ID: "none"})
	for _, e := range entries {
		want, err := marshal(searchDoc{e.ID, e.Verdict, e.Title, e.Answer})
		if err != nil {
			t.Fatal(err)
		}
		if got := searchDocJSON(e); string(got) != string(want) {
			t.Errorf("%q: %s, want %s", e.ID, got, want)
		}
	}
}

// TestSearchDataFromPrevious: with the previous build's files (prev), the
// search data makes again only the files whose inputs changed, and names
// the same directory and index.json as a build from nothing.
//
// Weighed from the previous build's postings (analysis.WeighCache), it
// takes the prints of the shards and vocabularies holding no term weighed
// again from prev: the same files again.
func TestSearchDataFromPrevious(t *testing.T) {
	t.Run("weighed", func(t *testing.T) { testSearchDataFromPrevious(t, true) })
	t.Run("full", func(t *testing.T) { testSearchDataFromPrevious(t, false) })
}

func testSearchDataFromPrevious(t *testing.T, weighed bool) {
	k := syntheticKB(600)
	terms, weighs := analysis.NewTermCache(), analysis.NewWeighCache()
	postings := "" // of the search data last made from the weighed corpus
	run := func(k *kb.KB, prev map[string]SearchFile) (string, []byte, map[string]SearchFile, map[string][]byte) {
		t.Helper()
		made := map[string][]byte{}
		c := analysis.NewCorpus(k, 0)
		prevPostings := ""
		if weighed && prev != nil {
			c = analysis.NewWeighedCorpus(k, 0, terms, weighs)
			if c.Reweighed == nil {
				t.Error("every term weighed again")
			}
			prevPostings = postings
		} else if weighed && postings == "" {
			c = analysis.NewWeighedCorpus(k, 0, terms, weighs)
			postings = c.PostingsKey
		}
		dir, idx, files, err := writeSearchData(c, "", prev, prevPostings, nil, func(name string, data []byte) error {
			made[name] = data
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return dir, idx, files, made
	}
	_, _, prev, all := run(k, nil)
	if len(all) < 10 {
		t.Fatalf("%d files: not split", len(all))
	}
	// One entry's answer changes: its document chunk, and the postings and
	// vocabulary of its terms.
	next := *k
	next.Entries = slices.Clone(k.Entries)
	e := *next.Entries[10]
	e.Answer = kb.Text{kb.EN: e.Answer[kb.EN] + " Zyxwv quokka.", kb.JA: e.Answer[kb.JA]}
	next.Entries[10] = &e
	dir, idx, files, made := run(&next, prev)
	wantDir, wantIdx, wantFiles, full := run(&next, nil)
	if dir != wantDir || !bytes.Equal(idx, wantIdx) {
		t.Errorf("directory %s, want %s (or index.json differs)", dir, wantDir)
	}
	if len(made) == 0 || len(made) > len(full)/4 {
		t.Errorf("made %d files of %d again", len(made), len(full))
	}
	for name, data := range made {
		if !bytes.Equal(data, full[name]) {
			t.Errorf("%s differs from a build from nothing", name)
		}
	}
	for name, f := range wantFiles {
		if files[name] != f {
			t.Errorf("%s: %+v, want %+v", name, files[name], f)
		}
		if _, ok := made[name]; !ok && !bytes.Equal(all[name], full[name]) {
			t.Errorf("%s changed but was not made again", name)
		}
	}
}
