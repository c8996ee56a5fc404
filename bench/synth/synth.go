// Package synth makes synthetic knowledge bases of any size from a real one,
// for benchmarks: the content directory of N entries that `acmkb build`,
// `acmkb ask --content` and the benchmark harness (bench/harness) work on.
//
// The real entries are kept as they are; each further entry is a copy of a
// real one (its template) about a made-up product:
//
//   - "AWS Certificate Manager", "Certificate Manager" and "ACM" become the
//     product's name (English letters, or katakana in the Japanese text) and
//     its initials, and each service the template names (CloudFront, KMS,
//     ...) a made-up companion service. Products are drawn from a pool that
//     grows with the size (about one product per eight entries), so the
//     vocabulary grows with the knowledge base as a real one's does instead of
//     staying at the real entries' words;
//   - dates move by the same number of days throughout the entry (history
//     stays in order, nothing lies in the future), other numbers change;
//   - some example questions are dropped and a few are borrowed from another
//     entry (the donor), and one paragraph of the donor's explanation is
//     inserted into the body, in both languages;
//   - related entries are drawn from all ids, so every link resolves.
//
// Every entry has both languages and passes the loader's checks. The same
// Options give byte-identical files.
package synth

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"
	"time"

	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
	"gopkg.in/yaml.v3"
)

// Options say what to generate.
type Options struct {
	Entries int    // entries in all, the real ones included (at least their number)
	Seed    uint64 // the same seed gives the same files
}

// Files is a content directory: file path (slash-separated, relative to the
// content root) to contents.
type Files map[string][]byte

// FS returns the files as a file system, for loader.Load.
func (f Files) FS() fs.FS {
	m := fstest.MapFS{}
	for name, data := range f {
		m[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return m
}

// Write writes the files under dir, which must not hold another knowledge
// base's entries (stale entries would be read too).
func (f Files) Write(dir string) error {
	for name, data := range f {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// EntryPath is the path of entry id in Files.
func EntryPath(id string) string { return path.Join(loader.EntriesDir, id+".md") }

// Generate makes a content directory of opts.Entries entries from the
// knowledge base in src (its kb.yaml and thesaurus.yaml are copied as they
// are). now is the clock the loader will check dates against.
func Generate(src fs.FS, opts Options, now time.Time) (Files, error) {
	real, problems := loader.Load(src, loader.Options{Now: func() time.Time { return now }})
	if err := problems.Err(); err != nil {
		return nil, fmt.Errorf("synth: the source knowledge base: %w", err)
	}
	if len(real.Entries) == 0 {
		return nil, fmt.Errorf("synth: the source knowledge base has no entries")
	}
	if opts.Entries < len(real.Entries) {
		return nil, fmt.Errorf("synth: %d entries asked for, fewer than the %d real ones", opts.Entries, len(real.Entries))
	}
	out := Files{}
	for _, name := range []string{loader.ConfigFile, loader.ThesaurusFile} {
		data, err := fs.ReadFile(src, name)
		if err != nil {
			if name == loader.ThesaurusFile {
				continue // optional
			}
			return nil, fmt.Errorf("synth: %w", err)
		}
		out[name] = data
	}
	// The real entries as they are.
	for _, e := range real.Entries {
		data, err := fs.ReadFile(src, EntryPath(e.ID))
		if err != nil {
			return nil, fmt.Errorf("synth: %w", err)
		}
		out[EntryPath(e.ID)] = data
	}

	g := newGen(real, opts, now)
	entries := g.entries()
	for _, e := range entries {
		data, err := Marshal(e)
		if err != nil {
			return nil, fmt.Errorf("synth: %s: %w", e.ID, err)
		}
		out[EntryPath(e.ID)] = data
	}
	return out, nil
}

// gen holds the state of one generation.
type gen struct {
	real     []*kb.Entry
	n        int
	rng      *rand.Rand
	now      time.Time
	products []product
	services []string // every service the real entries name, longest first
}

// product is a made-up product or service: its name in each language and
// its initials.
type product struct {
	en, ja, abbr, slug string
}

func newGen(real *kb.KB, opts Options, now time.Time) *gen {
	g := &gen{real: real.Entries, n: opts.Entries, rng: rand.New(rand.NewPCG(opts.Seed, 0x5eed_acb)), now: now}
	seen := map[string]bool{}
	for _, e := range real.Entries {
		for _, s := range e.Services {
			if !seen[s] && s != "ACM" {
				seen[s] = true
				g.services = append(g.services, s)
			}
		}
	}
	slices.Sort(g.services)
	slices.SortStableFunc(g.services, func(a, b string) int { return len(b) - len(a) }) // replace "Nitro Enclaves" before "Nitro"
	pool := max(32, (opts.Entries-len(real.Entries))/8)
	names := map[string]bool{}
	for len(g.products) < pool {
		p := g.product()
		if !names[p.slug] {
			names[p.slug] = true
			g.products = append(g.products, p)
		}
	}
	return g
}

// Syllables with their katakana, so that a product has one name in both
// languages.
var syllables = [][2]string{
	{"ka", "カ"}, {"ki", "キ"}, {"ku", "ク"}, {"ke", "ケ"}, {"ko", "コ"},
	{"sa", "サ"}, {"shi", "シ"}, {"su", "ス"}, {"se", "セ"}, {"so", "ソ"},
	{"ta", "タ"}, {"te", "テ"}, {"to", "ト"}, {"na", "ナ"}, {"ni", "ニ"},
	{"no", "ノ"}, {"ma", "マ"}, {"mi", "ミ"}, {"mo", "モ"}, {"ra", "ラ"},
	{"ri", "リ"}, {"ru", "ル"}, {"ro", "ロ"}, {"va", "ヴァ"}, {"ve", "ヴェ"},
	{"zo", "ゾ"}, {"da", "ダ"}, {"do", "ド"}, {"be", "ベ"}, {"pi", "ピ"},
	{"lu", "ル"}, {"fa", "ファ"}, {"ga", "ガ"}, {"ho", "ホ"}, {"ya", "ヤ"},
}

// Kinds of product, each with its katakana.
var kinds = [][2]string{
	{"Gateway", "ゲートウェイ"}, {"Vault", "ボールト"}, {"Relay", "リレー"},
	{"Console", "コンソール"}, {"Ledger", "レジャー"}, {"Mesh", "メッシュ"},
	{"Stream", "ストリーム"}, {"Directory", "ディレクトリ"}, {"Signer", "サイナー"},
	{"Registry", "レジストリ"}, {"Broker", "ブローカー"}, {"Monitor", "モニター"},
	{"Router", "ルーター"}, {"Keystore", "キーストア"}, {"Cache", "キャッシュ"},
	{"Scheduler", "スケジューラー"}, {"Firewall", "ファイアウォール"}, {"Notebook", "ノートブック"},
}

func (g *gen) product() product {
	var en, ja strings.Builder
	for i := 0; i < 2+g.rng.IntN(3); i++ {
		s := syllables[g.rng.IntN(len(syllables))]
		en.WriteString(s[0])
		ja.WriteString(s[1])
	}
	k := kinds[g.rng.IntN(len(kinds))]
	word := strings.ToUpper(en.String()[:1]) + en.String()[1:]
	return product{
		en:   word + " " + k[0],
		ja:   ja.String() + k[1],
		abbr: strings.ToUpper(en.String()[:1]) + strings.ToUpper(en.String()[2:3]) + k[0][:1],
		slug: strings.ToLower(word + "-" + k[0]),
	}
}

// entries generates the entries beyond the real ones.
func (g *gen) entries() []*kb.Entry {
	count := g.n - len(g.real)
	ids := make([]string, 0, g.n)
	used := map[string]bool{}
	for _, e := range g.real {
		ids = append(ids, e.ID)
		used[e.ID] = true
	}
	type plan struct {
		tmpl, donor *kb.Entry
		prod        product
	}
	plans := make([]plan, count)
	for i := range plans {
		p := plan{tmpl: g.real[g.rng.IntN(len(g.real))], prod: g.products[g.rng.IntN(len(g.products))]}
		p.donor = g.real[g.rng.IntN(len(g.real))]
		id := p.prod.slug + "-" + p.tmpl.ID
		for k := 2; used[id]; k++ {
			id = fmt.Sprintf("%s-%s-%d", p.prod.slug, p.tmpl.ID, k)
		}
		used[id] = true
		ids = append(ids, id)
		plans[i] = p
	}
	out := make([]*kb.Entry, count)
	for i, p := range plans {
		out[i] = g.entry(ids[len(g.real)+i], p.tmpl, p.donor, p.prod, ids)
	}
	return out
}

var (
	dateRE   = regexp.MustCompile(`\b(20\d\d-\d\d-\d\d)\b`)
	numberRE = regexp.MustCompile(`(^|[^0-9A-Za-z.\-/:_])([1-9][0-9]{1,2})($|[^0-9A-Za-z.\-/:_])`)
	acmRE    = regexp.MustCompile(`(?i)\bacm\b`)
)

// subst rewrites the prose of one entry in one language.
type subst struct {
	lang     kb.Lang
	prod     product
	services map[string]product
	days     int // dates move by this many days (<= 0)
	numbers  map[string]string
}

func (s *subst) text(t string) string {
	name := func(p product) string {
		if s.lang == kb.JA {
			return p.ja
		}
		return p.en
	}
	t = strings.ReplaceAll(t, "AWS Certificate Manager", name(s.prod))
	t = strings.ReplaceAll(t, "Certificate Manager", name(s.prod))
	t = acmRE.ReplaceAllString(t, s.prod.abbr)
	for _, svc := range sortedKeys(s.services) {
		t = strings.ReplaceAll(t, svc, name(s.services[svc]))
	}
	t = dateRE.ReplaceAllStringFunc(t, func(d string) string { return shiftDate(d, s.days) })
	t = numberRE.ReplaceAllStringFunc(t, func(m string) string {
		sub := numberRE.FindStringSubmatch(m)
		if r, ok := s.numbers[sub[2]]; ok {
			return sub[1] + r + sub[3]
		}
		return m
	})
	return t
}

func (s *subst) list(l []string) []string {
	out := make([]string, len(l))
	for i, t := range l {
		out[i] = s.text(t)
	}
	return out
}

func sortedKeys(m map[string]product) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	slices.SortStableFunc(keys, func(a, b string) int { return len(b) - len(a) })
	return keys
}

func shiftDate(d string, days int) string {
	t, err := time.Parse(kb.DateLayout, d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, days).Format(kb.DateLayout)
}

// entry makes entry id from its template, borrowing from the donor.
func (g *gen) entry(id string, tmpl, donor *kb.Entry, prod product, ids []string) *kb.Entry {
	// Dates move back by up to 120 days; the verified date must stay in the
	// past and not become stale within a few months of the run.
	days := -g.rng.IntN(121)
	if v := tmpl.Verified.AddDate(0, 0, days); v.After(g.now) {
		days -= int(v.Sub(g.now).Hours()/24) + 1
	}
	// Companion services: distinct products, none of them the entry's own.
	services := map[string]product{}
	perm := g.rng.Perm(len(g.products))
	k := 0
	for _, svc := range g.services {
		if g.products[perm[k%len(perm)]] == prod {
			k++
		}
		services[svc] = g.products[perm[k%len(perm)]]
		k++
	}
	numbers := map[string]string{}
	for _, n := range []string{"12", "13", "14", "18", "30", "45", "58", "60", "90", "180", "198", "395"} {
		v, _ := strconv.Atoi(n)
		numbers[n] = strconv.Itoa(max(2, v/2+g.rng.IntN(v+1)))
	}
	sub := map[kb.Lang]*subst{}
	for _, l := range kb.Langs {
		sub[l] = &subst{lang: l, prod: prod, services: services, days: days, numbers: numbers}
	}
	text := func(t kb.Text) kb.Text {
		out := kb.Text{}
		for _, l := range kb.Langs {
			out[l] = sub[l].text(t.In(l))
		}
		return out
	}

	e := &kb.Entry{
		ID:       id,
		Verdict:  tmpl.Verdict,
		Verified: kb.Date{Time: tmpl.Verified.AddDate(0, 0, days)},
		Title:    text(tmpl.Title),
		Answer:   text(tmpl.Answer),
	}
	for _, s := range tmpl.Services {
		if s == "ACM" {
			e.Services = append(e.Services, prod.en)
		} else {
			e.Services = append(e.Services, services[s].en)
		}
	}
	e.Services = slices.Compact(e.Services) // the template lists each service once
	for _, t := range tmpl.Tags {
		if g.rng.IntN(3) > 0 {
			e.Tags = append(e.Tags, sub[kb.EN].text(t))
		}
	}
	e.Tags = append(e.Tags, strings.ToLower(prod.abbr))
	if len(tmpl.Conditions[kb.EN]) > 0 {
		e.Conditions = kb.List{}
		for _, l := range kb.Langs {
			e.Conditions[l] = sub[l].list(tmpl.Conditions.In(l))
		}
	}

	// Examples: keep about two thirds of the template's, borrow up to three
	// of the donor's.
	e.Examples = kb.List{}
	for _, l := range kb.Langs {
		var ex []string
		for _, q := range tmpl.Examples.In(l) {
			if g.rng.IntN(3) > 0 {
				ex = append(ex, sub[l].text(q))
			}
		}
		if donor != tmpl {
			d := donor.Examples.In(l)
			for k := g.rng.IntN(4); k > 0 && len(d) > 0; k-- {
				ex = append(ex, sub[l].text(d[g.rng.IntN(len(d))]))
			}
		}
		if len(ex) == 0 {
			ex = []string{sub[l].text(tmpl.Examples.In(l)[0])}
		}
		e.Examples[l] = ex
	}

	// Body: the template's, with a paragraph of the donor's at the same place
	// in both languages.
	e.Body = kb.Text{}
	pick, at := g.rng.Float64(), g.rng.Float64()
	for _, l := range kb.Langs {
		paras := paragraphs(tmpl.Body.In(l))
		if donor != tmpl {
			d := paragraphs(donor.Body.In(l))
			if len(d) > 0 {
				p := d[int(pick*float64(len(d)))]
				i := 1 + int(at*float64(len(paras)))
				if i > len(paras) {
					i = len(paras)
				}
				paras = slices.Insert(paras, i, p)
			}
		}
		e.Body[l] = sub[l].text(strings.Join(paras, "\n\n"))
	}

	for _, s := range tmpl.Sources {
		e.Sources = append(e.Sources, kb.Source{
			URL:      strings.Replace(s.URL, "/acm/", "/"+prod.slug+"/", 1),
			Title:    text(s.Title),
			Supports: text(s.Supports),
		})
	}
	for _, c := range tmpl.History {
		e.History = append(e.History, kb.Change{Date: kb.Date{Time: c.Date.AddDate(0, 0, days)}, Before: c.Before, Note: text(c.Note)})
	}

	// Related: one to four other entries, any of them.
	for k := 1 + g.rng.IntN(4); k > 0; k-- {
		r := ids[g.rng.IntN(len(ids))]
		if r != id && !slices.Contains(e.Related, r) {
			e.Related = append(e.Related, r)
		}
	}
	return e
}

// paragraphs splits Markdown into blocks separated by blank lines, keeping
// fenced code blocks whole.
func paragraphs(md string) []string {
	var out []string
	var cur []string
	fenced := false
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
		}
		if !fenced && strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return out
}

// --- writing entries ---------------------------------------------------------

// The front matter in the order the loader documents it.
type frontMatter struct {
	ID         string   `yaml:"id"`
	Verdict    string   `yaml:"verdict"`
	Verified   string   `yaml:"verified"`
	Services   []string `yaml:"services,omitempty,flow"`
	Tags       []string `yaml:"tags,omitempty,flow"`
	Related    []string `yaml:"related,omitempty,flow"`
	Title      text     `yaml:"title"`
	Answer     text     `yaml:"answer"`
	Conditions *list    `yaml:"conditions,omitempty"`
	Examples   list     `yaml:"examples"`
	Sources    []source `yaml:"sources"`
	History    []change `yaml:"history,omitempty"`
}

type text struct {
	EN string `yaml:"en"`
	JA string `yaml:"ja"`
}

type list struct {
	EN []string `yaml:"en"`
	JA []string `yaml:"ja"`
}

type source struct {
	URL      string `yaml:"url"`
	Title    text   `yaml:"title"`
	Supports text   `yaml:"supports"`
}

type change struct {
	Date   string `yaml:"date"`
	Before string `yaml:"before"`
	Note   text   `yaml:"note"`
}

func textOf(t kb.Text) text { return text{EN: t[kb.EN], JA: t[kb.JA]} }

// Marshal writes e in the content format (see package loader).
func Marshal(e *kb.Entry) ([]byte, error) {
	fm := frontMatter{
		ID: e.ID, Verdict: string(e.Verdict), Verified: e.Verified.String(),
		Services: e.Services, Tags: e.Tags, Related: e.Related,
		Title: textOf(e.Title), Answer: textOf(e.Answer),
		Examples: list{EN: e.Examples[kb.EN], JA: e.Examples[kb.JA]},
	}
	if len(e.Conditions[kb.EN]) > 0 {
		fm.Conditions = &list{EN: e.Conditions[kb.EN], JA: e.Conditions[kb.JA]}
	}
	for _, s := range e.Sources {
		fm.Sources = append(fm.Sources, source{URL: s.URL, Title: textOf(s.Title), Supports: textOf(s.Supports)})
	}
	for _, c := range e.History {
		fm.History = append(fm.History, change{Date: c.Date.String(), Before: string(c.Before), Note: textOf(c.Note)})
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(fm); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	b.WriteString("---\n\n<!-- en -->\n")
	b.WriteString(e.Body[kb.EN])
	b.WriteString("\n\n<!-- ja -->\n")
	b.WriteString(e.Body[kb.JA])
	b.WriteString("\n")
	return b.Bytes(), nil
}
