// Package analysis turns text into search terms, the same way for the bleve
// index (package index), for questions asked on the command line, and for the
// search data the site ships to the browser (package site).
//
// The browser runs a JavaScript port of these rules (templates/assets/search.js):
// rules 1–6 and concepts, Rank, Coverage, Rerank, NamesSubject (with
// TitlePrecision, for Fit.OffSubject), Policy.Answers, Policy.Close, Policy.Ambiguous,
// Policy.Resolve and OnlyNumbers, in the order index.Ask runs them. The port holds no numbers or word lists:
// site/searchdata.go exports the fields' claims, DefaultPolicy, Subject, StopWords(),
// StemExceptions(), the thesaurus (with the general synonyms), the names and every term's
// postings, whose impacts are integers computed here (Postings), so a changed
// number reaches the browser at the next build and scores add up exactly as
// in Go. A changed rule, or a new Policy field, must be made in both. Two
// tests hold them together: e2e/analysis_test.go runs both analyses on every
// title, example and evaluation question plus tricky strings and wants
// identical terms and concepts; e2e/search_test.go and e2e/split_test.go want
// the browser's first result, and whether it answers, to equal index.Ask's
// on the evaluation sets.
//
// # Rules
//
//  1. Normalise: Unicode NFKC (full-width Latin and half-width katakana become
//     ordinary characters), then lower case; a long-vowel mark ending a
//     katakana word of four characters or more is dropped ("サーバー" is
//     "サーバ"); a dash between two katakana characters is that mark
//     typed with the wrong key ("エクスポ－ト" is "エクスポート"); a comma
//     separating thousands is dropped ("2,500" is "2500").
//  2. Split into runs of one script: Latin words ([a-z0-9] and accented Latin
//     letters, and a full stop between two digits: "1.2", "203.0.113.25"),
//     katakana (with ー), kanji (with 々), hiragana (with 何, "what", "how
//     many", which asks as the particles do: 何日 is 日, 何時間 is 時間);
//     everything else separates runs. A length of time after a number
//     loses its 間 ("2 年間" is 年, as "2 年"; 年間 alone is "annual"; see
//     durations).
//  3. Latin words are stemmed by the Snowball English stemmer (Stem), except
//     the knowledge base's names (Names: "ACME" stays "acme") and a few words
//     whose Snowball stem meets a word of another meaning ("validation" is
//     not "valid"). A kanji run is cut where a Japanese thesaurus member
//     (rule 5) begins or ends inside it ("無料利用枠", free tier: 無料, a
//     member of "free", and 利用枠; see cutRuns). Kanji runs
//     of an even length from four are split into words of two kanji
//     ("自動更新": 自動, 更新); each kanji run becomes overlapping bigrams (a
//     single kanji stays a unigram); katakana runs stay whole; hiragana runs
//     (particles, verb endings) are dropped. (A morphological analyser was
//     measured instead, 2026-12-04: kagome v2 with the IPA dictionary takes
//     2.8–3.6 s to load per process and adds 12 MB to the binary, against a
//     25 ms budget for a whole `acmkb ask`, has no browser equivalent within
//     the search payload, and splits インポート into イン and ポート; where it
//     helps, 自動更新 into 自動 and 更新, the even-length rule does the same.)
//  4. When a vocabulary is given (questions, not documents), a Latin word of four
//     letters or more that is neither in it nor a word of a thesaurus member
//     (the thesaurus knows it: "west" in "us west" is not a typo of "went"),
//     not a stop word, and not a common English word (Common: "pause" is not
//     a typo of "pass", nor "string" of "storing"),
//     is replaced by the closest vocabulary
//     word that starts with the same letter: at most one edit for words of up
//     to six letters, two for longer ones (Damerau–Levenshtein, optimal string
//     alignment); ties go to the more frequent word, then the smaller one. One
//     edit of the word as written (see below) comes before these, when
//     there is one.
//     A word of five letters or more that is none of these but begins exactly
//     one vocabulary word at most three letters longer is that word, cut
//     short ("dynamo" is "dynamodb"). Before both, one edit of the word as
//     written, not at its first letter, that makes a word whose stem the
//     vocabulary knows gives that stem (the most frequent; then the
//     smaller): a typo can break the suffix the stemmer strips
//     ("certificat" stems to itself, four edits from "certif"), and a
//     typo of a whole word is surer than one of its stem ("certficate" is
//     "certificate", not "certfil", one edit from its stem "certfic").
//  5. Thesaurus (the knowledge base's groups, then the general ones of
//     General): each group emits a group term "@name" (the group's first member,
//     lower case, spaces as "_") wherever a member occurs. Latin members match
//     as sequences of stemmed words (at each word, per group, the longest
//     member; not again while an earlier match of the group still covers the
//     word); members with Japanese characters match as substrings of the
//     normalised text (longest members first; a match overlapping an earlier
//     match of the same group is skipped). A Latin match that lies within a
//     longer Latin match of another group, starting at the same word or
//     before it, is dropped: "application load balancer" is @load_balancer,
//     not also the @application of "application".
//     In questions only (when a vocabulary is given), the parts of a
//     CamelCase word of the entries written apart ("secure string" for
//     SecureString; see CamelWords) match in the same way, as a member whose
//     group term is the word's own term ("securestr"), for the words whose
//     parts no entry holds together in one field (Corpus.Parts): "secure
//     string" finds the entry that writes SecureString. These parts are not
//     thesaurus words for rule 4.
//  6. Stop words (English function words and a few Japanese filler words) are
//     dropped from the output, after thesaurus matching.
//
// Every output term belongs to a concept: a Latin word, a kanji run (or word)
// or a katakana run, with concepts joined where one thesaurus match spans
// several.
// Concepts are what "how much of the question does this entry cover" counts.
package analysis

import (
	"cmp"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/acmkb/acmkb/kb"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"golang.org/x/text/unicode/norm"
)

// Term is one output term.
type Term struct {
	Text    string // the term as indexed
	Concept int    // index of the concept the term belongs to
	Group   bool   // a thesaurus group term ("@name")
	Typed   string // the word as typed (stemmed), when typo correction changed it
	Focus   bool   // the term is in a sentence that asks (see Focus)
}

// Analyzer applies the rules with one thesaurus.
type Analyzer struct {
	latin   map[string][]member // first stemmed word -> members starting with it (nil when latinText holds them)
	words   *wordSet            // every stemmed word of a Latin member (never corrected)
	ja      []member            // members matched as substrings, longest first
	jaFirst []jaStart           // the first character of each member of ja, sorted
	jaBMP   []uint64            // bit r: some member of ja starts with r (r < 1<<16)
	jaRank  []int32             // jaRank[w]: bits set in jaBMP before word w
	jaAt    []int32             // jaAt[k], jaAt[k+1]: where in jaFirst the members start and end whose first character is the k-th set bit of jaBMP
	jaPair  []uint64            // bit b0<<8|b1: some member of ja starts with the bytes b0, b1
	jaPair5 []uint64            // as jaPair, for the members of fewer than six bytes only
	jaSix   []uint64            // bit sixHash(m[:6]) for each member m of ja of six bytes or more
	jaShort bool                // some member of ja has fewer than two bytes (none should: each holds a character outside ASCII)
	jaGroup []int32             // jaGroup[i]: the number of ja[i]'s group among the groups of ja (from 0)
	jaNGrp  int                 // the number of groups of ja
	names   map[string]bool     // words never stemmed (see Names)
	stems   *sync.Map           // word -> Stem(word), filled as words are met
	// interned holds one copy of each term of the entries analysed (see intern).
	interned *[internShards]internShard
	// latinText holds the Latin members of an analyser rebuilt by
	// UnmarshalText, as MarshalText wrote them: one "L" line each, sorted by
	// first word. latinOf searches it in place, so that opening an index for
	// one question does not build a map of every member (see UnmarshalText).
	latinText string
	latinSeen *latinSeen // the members read from latinText so far
	// jaLines are the "J" lines of an analyser rebuilt by UnmarshalText,
	// turned into ja, jaFirst and jaBMP on first use (see loadJapanese): a
	// question without Japanese never needs them.
	jaLines *jaLines
}

// wordSet is the set of the words of the Latin members, made from latin the
// first time a question has a word the vocabulary does not know (most
// questions have none, and opening an index for one question need not pay
// for the set).
type wordSet struct {
	once sync.Once
	set  map[string]bool
}

// latinSeen holds the members latinOf read from latinText, by first word
// (words that have some): a text analysed repeats its words.
type latinSeen struct {
	mu sync.Mutex
	m  map[string][]member
}

// jaLines are "J" lines waiting to be read (see Analyzer.jaLines).
type jaLines struct {
	once sync.Once
	text string
}

// jaStart is the first character of the member ja[i].
type jaStart struct {
	r rune
	i int
}

type member struct {
	words []string // stemmed words (Latin members)
	text  string   // normalised text (Japanese members)
	group string   // group term, "@name"
}

// Groups is a knowledge base's thesaurus followed by the general synonyms
// (General): the groups an Analyzer matches.
func Groups(thesaurus [][]string) [][]string {
	return append(append([][]string(nil), thesaurus...), General()...)
}

// New returns an Analyzer for a knowledge base's thesaurus groups (first
// member names the group) and the general synonyms (see Groups); names are
// words never stemmed (see Names).
func New(thesaurus [][]string, names []string) *Analyzer {
	a := &Analyzer{latin: map[string][]member{}, words: new(wordSet), names: map[string]bool{}, stems: new(sync.Map), interned: new([internShards]internShard)}
	for _, n := range names {
		a.names[Normalize(n)] = true
	}
	for _, g := range Groups(thesaurus) {
		if len(g) == 0 {
			continue
		}
		name := GroupTerm(g[0])
		for _, m := range g {
			n := Normalize(m)
			if hasJapanese(n) {
				a.ja = append(a.ja, member{text: n, group: name})
				continue
			}
			var words []string
			for _, r := range splitRuns(n) {
				if r.class == latin {
					words = append(words, a.stem(r.text))
				}
			}
			if len(words) > 0 {
				a.latin[words[0]] = append(a.latin[words[0]], member{words: words, group: name})
			}
		}
	}
	// Longer Japanese members first, so that their matches are reported before
	// the shorter members they contain (both still emit).
	sort.SliceStable(a.ja, func(i, j int) bool { return len(a.ja[i].text) > len(a.ja[j].text) })
	a.indexJapanese()
	return a
}

// indexJapanese indexes the Japanese members by their first character: one
// sorted slice rather than a map of slices, which was most of the cost of
// opening an index for one question.
func (a *Analyzer) indexJapanese() {
	a.jaFirst = make([]jaStart, len(a.ja))
	a.jaBMP = make([]uint64, 1<<16/64)
	a.jaPair = make([]uint64, 1<<16/64)
	a.jaPair5 = make([]uint64, 1<<16/64)
	a.jaSix = make([]uint64, 1<<sixBits/64)
	a.jaGroup = make([]int32, len(a.ja))
	groups := map[string]int32{}
	for i, m := range a.ja {
		g, ok := groups[m.group]
		if !ok {
			g = int32(len(groups))
			groups[m.group] = g
		}
		a.jaGroup[i] = g
		if len(m.text) >= 2 {
			p := uint16(m.text[0])<<8 | uint16(m.text[1])
			a.jaPair[p/64] |= 1 << (p % 64)
			if len(m.text) < 6 {
				a.jaPair5[p/64] |= 1 << (p % 64)
			}
		} else {
			a.jaShort = true
		}
		if len(m.text) >= 6 {
			h := sixHash(m.text)
			a.jaSix[h/64] |= 1 << (h % 64)
		}
		r, _ := utf8.DecodeRuneInString(m.text)
		a.jaFirst[i] = jaStart{r, i}
		if r < 1<<16 {
			a.jaBMP[r/64] |= 1 << (r % 64)
		}
	}
	a.jaNGrp = len(groups)
	slices.SortFunc(a.jaFirst, func(x, y jaStart) int {
		if x.r != y.r {
			return cmp.Compare(x.r, y.r)
		}
		return cmp.Compare(x.i, y.i)
	})
	// The members of the BMP characters by the characters' rank in jaBMP:
	// no binary search for every kana or kanji a member starts with.
	a.jaRank = make([]int32, len(a.jaBMP))
	n := int32(0)
	for w, word := range a.jaBMP {
		a.jaRank[w] = n
		n += int32(bits.OnesCount64(word))
	}
	a.jaAt = make([]int32, 0, n+1)
	k := 0
	for ; k < len(a.jaFirst) && a.jaFirst[k].r < 1<<16; k++ {
		if k == 0 || a.jaFirst[k].r != a.jaFirst[k-1].r {
			a.jaAt = append(a.jaAt, int32(k))
		}
	}
	a.jaAt = append(a.jaAt, int32(k)) // the characters beyond the BMP start here
}

// sixBits is the size of the hash sixHash as a number of bits.
const sixBits = 14

// sixHash is a hash of the first six bytes of s (at least six): where a
// text holds none of the Japanese members' first six bytes, no member of six
// bytes or more (two kana or kanji) starts there (see japaneseMatchesInto).
func sixHash(s string) uint32 {
	_ = s[5]
	v := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 | uint64(s[4])<<32 | uint64(s[5])<<40
	return uint32((v * 0x9E3779B97F4A7C15) >> (64 - sixBits))
}

// startingWith returns the members of ja that start with r, in the order of
// ja.
func (a *Analyzer) startingWith(r rune) []jaStart {
	if r < 1<<16 {
		word, bit := a.jaBMP[r/64], uint64(1)<<(r%64)
		if word&bit == 0 {
			return nil
		}
		k := a.jaRank[r/64] + int32(bits.OnesCount64(word&(bit-1)))
		return a.jaFirst[a.jaAt[k]:a.jaAt[k+1]]
	}
	k, _ := slices.BinarySearchFunc(a.jaFirst, r, func(s jaStart, r rune) int { return cmp.Compare(s.r, r) })
	end := k
	for end < len(a.jaFirst) && a.jaFirst[end].r == r {
		end++
	}
	return a.jaFirst[k:end]
}

// thesaurusWord reports whether w is a word of a Latin member.
func (a *Analyzer) thesaurusWord(w string) bool {
	a.words.once.Do(func() {
		a.words.set = map[string]bool{}
		for _, ms := range a.latinMembers() {
			for _, m := range ms {
				if m.partsMember() {
					continue // "dynamo" is still "dynamodb" (rule 4)
				}
				for _, x := range m.words {
					a.words.set[x] = true
				}
			}
		}
	})
	return a.words.set[w]
}

// MarshalText encodes the analyser's prepared thesaurus (normalised,
// stemmed, in matching order) and its names, so that an index can store it
// and UnmarshalText can rebuild the analyser without analysing the thesaurus
// again: one line per member, "L\tGROUP\tWORD WORD…" (Latin, stemmed) or
// "J\tGROUP\tTEXT" (Japanese, normalised), then "N\t-\tNAME" per name.
func (a *Analyzer) MarshalText() ([]byte, error) {
	var b strings.Builder
	a.loadJapanese()
	latin := a.latinMembers()
	firsts := make([]string, 0, len(latin))
	for w := range latin {
		firsts = append(firsts, w)
	}
	sort.Strings(firsts)
	line := func(kind, group, text string) error {
		if strings.ContainsAny(group+text, "\t\n") {
			return fmt.Errorf("thesaurus member %q: tabs and line breaks cannot be stored", text)
		}
		b.WriteString(kind + "\t" + group + "\t" + text + "\n")
		return nil
	}
	for _, w := range firsts {
		for _, m := range latin[w] {
			if err := line("L", m.group, strings.Join(m.words, " ")); err != nil {
				return nil, err
			}
		}
	}
	for _, m := range a.ja {
		if err := line("J", m.group, m.text); err != nil {
			return nil, err
		}
	}
	names := make([]string, 0, len(a.names))
	for n := range a.names {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := line("N", "-", n); err != nil {
			return nil, err
		}
	}
	return []byte(b.String()), nil
}

// UnmarshalText rebuilds an analyser from MarshalText's encoding.
func (a *Analyzer) UnmarshalText(data []byte) error {
	text := string(data)
	if lt, jt, ok, err := preparedLines(text); err != nil {
		return err
	} else if ok {
		// As MarshalText writes it: the Latin members are looked up in the
		// text, the Japanese ones read on first use, and only the names are
		// read now. Building the maps and slices of every member was most
		// of opening an index for one question (~40 pages of memory, each
		// first touch a page fault).
		*a = Analyzer{latinText: lt, latinSeen: &latinSeen{m: map[string][]member{}}, jaLines: &jaLines{text: jt}, words: new(wordSet), names: make(map[string]bool, strings.Count(text, "\nN\t")+1), stems: new(sync.Map)}
		for line := range strings.SplitSeq(text, "\n") {
			if rest, ok := strings.CutPrefix(line, "N\t"); ok {
				_, name, _ := strings.Cut(rest, "\t")
				a.names[name] = true
			}
		}
		return nil
	}
	// Sized up front, and the members and their words in one backing array
	// each: growing and allocating them was most of opening an index.
	nl, nj, nn := strings.Count(text, "\nL\t")+1, strings.Count(text, "\nJ\t")+1, strings.Count(text, "\nN\t")+1
	*a = Analyzer{latin: make(map[string][]member, nl), words: new(wordSet), names: make(map[string]bool, nn), ja: make([]member, 0, nj), stems: new(sync.Map)}
	members := make([]member, 0, nl)
	allWords := make([]string, 0, nl+strings.Count(text, " "))
	first, firstAt := "", 0 // the first word of the latest Latin member, and where its members start
	n := -1
	for line := range strings.SplitSeq(text, "\n") {
		n++
		if line == "" {
			continue
		}
		kind, rest, _ := strings.Cut(line, "\t")
		group, text, ok := strings.Cut(rest, "\t")
		if !ok || text == "" {
			return fmt.Errorf("analyser line %d: %q", n+1, line)
		}
		switch kind {
		case "L":
			start := len(allWords)
			for w := range strings.FieldsSeq(text) {
				allWords = append(allWords, w)
			}
			if len(allWords) == start {
				return fmt.Errorf("analyser line %d: %q", n+1, line)
			}
			words := allWords[start:len(allWords):len(allWords)]
			members = append(members, member{words: words, group: group})
			if words[0] != first || len(a.latin[first]) == 0 {
				first, firstAt = words[0], len(members)-1
			}
			if prev := a.latin[first]; len(prev) > 0 && len(prev) != len(members)-1-firstAt {
				// Not next to the earlier members of the same first word
				// (MarshalText writes them together): append to a copy.
				a.latin[first] = append(prev, members[len(members)-1])
			} else {
				a.latin[first] = members[firstAt:len(members):len(members)]
			}
		case "J":
			a.ja = append(a.ja, member{text: text, group: group})
		case "N":
			a.names[text] = true
		default:
			return fmt.Errorf("analyser line %d: %q", n+1, line)
		}
	}
	a.indexJapanese()
	return nil
}

// preparedLines checks the lines of a prepared analyser (see MarshalText)
// and returns its "L" lines and its "J" lines, each a span of text, with ok
// when the text is as MarshalText writes it: the "L" lines together and
// sorted by first word, then the "J" lines together, no empty line but the
// last. Otherwise (ok false) UnmarshalText reads it line by line into maps.
// err reports a line that neither reading accepts.
func preparedLines(text string) (latinText, jaText string, ok bool, err error) {
	ok = true
	section := 0 // 0: "L" lines, 1: "J" lines, 2: "N" lines
	prevFirst := ""
	jaStart, jaEnd, latinEnd := -1, -1, 0
	at, n := 0, 0
	for at < len(text) {
		end := strings.IndexByte(text[at:], '\n')
		next := len(text)
		if end < 0 {
			end = len(text)
		} else {
			end += at
			next = end + 1
		}
		line := text[at:end]
		n++
		if line == "" {
			if next < len(text) {
				ok = false
			}
			at = next
			continue
		}
		kind, rest, _ := strings.Cut(line, "\t")
		_, body, found := strings.Cut(rest, "\t")
		if !found || body == "" {
			return "", "", false, fmt.Errorf("analyser line %d: %q", n, line)
		}
		switch kind {
		case "L":
			first, _, _ := strings.Cut(body, " ")
			if strings.TrimSpace(body) == "" {
				return "", "", false, fmt.Errorf("analyser line %d: %q", n, line)
			}
			if section != 0 || first < prevFirst || first == "" || strings.Contains(body, "  ") || strings.HasSuffix(body, " ") ||
				strings.ContainsFunc(body, func(r rune) bool { return r != ' ' && unicode.IsSpace(r) }) {
				ok = false
			}
			prevFirst, latinEnd = first, next
		case "J":
			if section > 1 || (section == 1 && jaEnd != at) {
				ok = false
			}
			if section == 0 {
				jaStart = at
			}
			section, jaEnd = 1, next
		case "N":
			section = 2
		default:
			return "", "", false, fmt.Errorf("analyser line %d: %q", n, line)
		}
		at = next
	}
	if !ok {
		return "", "", false, nil
	}
	if jaStart >= 0 {
		jaText = text[jaStart:jaEnd]
	}
	return text[:latinEnd], jaText, true, nil
}

// latinOf returns the Latin members whose first word is w, in matching order.
func (a *Analyzer) latinOf(w string) []member {
	if a.latinText == "" {
		return a.latin[w]
	}
	a.latinSeen.mu.Lock()
	ms, ok := a.latinSeen.m[w]
	a.latinSeen.mu.Unlock()
	if ok {
		return ms
	}
	t := a.latinText
	// Binary search for the first line whose first word is not less than
	// w; lo is always the start of a line, hi the start of a line or the end.
	lo, hi := 0, len(t)
	for lo < hi {
		mid := lo + (hi-lo)/2
		start := strings.LastIndexByte(t[:mid], '\n') + 1
		if start < lo {
			start = lo
		}
		end := len(t)
		if i := strings.IndexByte(t[start:], '\n'); i >= 0 {
			end = start + i + 1
		}
		if first, _, _ := latinLine(t[start:end]); first < w {
			lo = end
		} else {
			hi = start
		}
	}
	// The lines of w's members: t[lo:hi].
	hi, lines, nwords := lo, 0, 0
	for hi < len(t) {
		end := len(t)
		if i := strings.IndexByte(t[hi:], '\n'); i >= 0 {
			end = hi + i + 1
		}
		first, _, words := latinLine(t[hi:end])
		if first != w {
			break
		}
		lines, nwords = lines+1, nwords+strings.Count(words, " ")+1
		hi = end
	}
	if lines == 0 {
		return nil
	}
	// The members and their words in one backing array each.
	out, all := make([]member, 0, lines), make([]string, 0, nwords)
	for line := range strings.SplitSeq(strings.TrimSuffix(t[lo:hi], "\n"), "\n") {
		_, group, words := latinLine(line)
		start := len(all)
		for x := range strings.SplitSeq(words, " ") {
			all = append(all, x)
		}
		out = append(out, member{words: all[start:len(all):len(all)], group: group})
	}
	a.latinSeen.mu.Lock()
	a.latinSeen.m[w] = out
	a.latinSeen.mu.Unlock()
	return out
}

// latinLine reads an "L" line of latinText: its first word, its group and
// its words (separated by spaces).
func latinLine(line string) (first, group, words string) {
	_, rest, _ := strings.Cut(line, "\t")
	group, words, _ = strings.Cut(rest, "\t")
	words = strings.TrimSuffix(words, "\n")
	first, _, _ = strings.Cut(words, " ")
	return first, group, words
}

// latinMembers returns every Latin member by first word: latin, or for an
// analyser rebuilt by UnmarshalText a map made from latinText.
func (a *Analyzer) latinMembers() map[string][]member {
	if a.latinText == "" {
		return a.latin
	}
	out := map[string][]member{}
	for line := range strings.SplitSeq(strings.TrimSuffix(a.latinText, "\n"), "\n") {
		first, group, words := latinLine(line)
		out[first] = append(out[first], member{words: strings.Split(words, " "), group: group})
	}
	return out
}

// loadJapanese reads the "J" lines an analyser rebuilt by UnmarshalText left
// for first use; it does nothing for other analysers and after the first call.
func (a *Analyzer) loadJapanese() {
	if a.jaLines == nil {
		return
	}
	a.jaLines.once.Do(func() {
		text := a.jaLines.text
		a.ja = make([]member, 0, strings.Count(text, "\n")+1)
		for line := range strings.SplitSeq(text, "\n") {
			if line == "" {
				continue
			}
			_, rest, _ := strings.Cut(line, "\t")
			group, t, _ := strings.Cut(rest, "\t")
			a.ja = append(a.ja, member{text: t, group: group})
		}
		a.indexJapanese()
	})
}

// GroupTerm is the term a thesaurus group emits: "@" + its name in lower case
// with spaces as "_".
func GroupTerm(name string) string {
	return "@" + strings.Join(strings.Fields(Normalize(name)), "_")
}

// Normalize applies NFKC and lower case, and drops the long-vowel mark that
// ends a katakana word of four characters or more ("サーバー" and "サーバ",
// "ユーザー" and "ユーザ" are the same word, spelt both ways).
//
// A comma that separates thousands is dropped ("2,500" is 2500, as
// "1,000,000" is 1000000): a number is one word however it is written, and
// "2,500" does not hold the "2" of "2 years".
//
// A dash between two katakana characters is the long-vowel mark typed with
// the wrong key ("エクスポ－ト", a full-width minus that NFKC makes "-", is
// "エクスポート"): a Japanese IME offers both, they look alike, and a
// katakana word is never split by a dash.
func Normalize(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			if t, ok := foldPlain(s); ok {
				return dropThousands(trimValidLongVowels(longVowelDashes(t))) // foldPlain read each character: t is valid UTF-8, and so is longVowelDashes' copy
			}
			return dropThousands(trimLongVowels(longVowelDashes(toLower(nfkc(s)))))
		}
	}
	return dropThousands(strings.ToLower(s)) // ASCII is its own NFKC form
}

// dropThousands removes each comma between a digit and three digits that no
// digit follows ("2,500", both commas of "1,000,000"; not those of "1,2" or
// "12,3456").
func dropThousands(s string) string {
	if strings.IndexByte(s, ',') < 0 {
		return s
	}
	var b strings.Builder
	start := 0
	for i := strings.IndexByte(s, ','); i >= 0 && i+3 < len(s); {
		if i >= 1 && isDigit(s[i-1]) && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) && (i+4 == len(s) || !isDigit(s[i+4])) {
			b.WriteString(s[start:i])
			start = i + 1
		}
		// The next comma (commas are few: not every byte need be looked at).
		k := strings.IndexByte(s[i+1:], ',')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	if start == 0 {
		return s
	}
	b.WriteString(s[start:])
	return b.String()
}

// foldPlain is toLower(nfkc(s)) for a text whose characters outside ASCII
// are all their own NFKC form and lower case (nfkcPlain, caseless): most
// texts, English mixed with Japanese. Only its ASCII capitals change, in
// one copy and without a second pass over the characters. ok is false for
// any other text (and for invalid UTF-8).
func foldPlain(s string) (t string, ok bool) {
	caseless := nfkcCaseless()
	upper := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			upper = upper || 'A' <= c && c <= 'Z'
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if w == 1 || r >= 1<<16 || caseless[r/64]&(1<<(r%64)) == 0 {
			return "", false
		}
		i += w
	}
	if !upper {
		return s, true
	}
	// One copy (a Builder's bytes become its string), not two ([]byte(s),
	// then string(b)): every entry's text is folded, 140 MB at 10,000.
	var b strings.Builder
	b.Grow(len(s))
	last := 0 // s[last:] is not written yet
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b.WriteString(s[last:i])
			b.WriteByte(c + 'a' - 'A')
			last = i + 1
		}
	}
	b.WriteString(s[last:])
	return b.String(), true
}

// nfkc is norm.NFKC.String(s). Most characters of the entries (ASCII,
// kana, kanji) are their own NFKC form whatever surrounds them, and a
// normaliser may cut a text before each of them (norm.Properties'
// BoundaryBefore); nfkc copies their runs as they are, asking the
// normaliser only about the spans between (full-width forms, combining
// marks): norm looks every character up in its tables, which was a large
// part of analysing a knowledge base. A text with an invalid byte is left
// to norm whole.
func nfkc(s string) string {
	plain := nfkcPlain()
	var out []byte
	copied := 0   // s[:copied] is in out
	boundary := 0 // the start of the last plain character: a cut the normaliser may make
	seg := -1     // the start of the span being skipped over, to normalise (-1: none)
	for i := 0; i < len(s); {
		c := s[i]
		r, w := rune(c), 1
		if c >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s[i:])
			if w == 1 {
				// An invalid byte: norm reads what follows it its
				// own way (a text is valid UTF-8 once loaded).
				return norm.NFKC.String(s)
			}
		}
		if r < 1<<16 && plain[r/64]&(1<<(r%64)) != 0 {
			if seg >= 0 {
				out = norm.NFKC.AppendString(out, s[seg:i])
				copied, seg = i, -1
			}
			boundary = i
		} else if seg < 0 {
			if out == nil {
				out = make([]byte, 0, len(s)+len(s)/8)
			}
			out = append(out, s[copied:boundary]...)
			seg = boundary
		}
		i += w
	}
	if out == nil {
		return s
	}
	if seg >= 0 {
		out = norm.NFKC.AppendString(out, s[seg:])
	} else {
		out = append(out, s[copied:]...)
	}
	return string(out)
}

// nfkcPlain is a bit per character of the BMP: set for the characters
// that are their own NFKC form ("で" too: its decomposition composes
// again), have no canonical combining class and combine with no character
// before them: a text of such characters is its own NFKC form, and a
// normaliser may cut a text before each (see nfkc).
func nfkcPlain() *[1 << 16 / 64]uint64 { return nfkcTables().plain }

// nfkcCaseless is nfkcPlain without the characters that have a lower case
// (unicode.ToLower changes them).
func nfkcCaseless() *[1 << 16 / 64]uint64 { return nfkcTables().caseless }

var nfkcTables = sync.OnceValue(func() (t struct{ plain, caseless *[1 << 16 / 64]uint64 }) {
	var bits, caseless [1 << 16 / 64]uint64
	var buf [utf8.UTFMax]byte
	for r := rune(0); r < 1<<16; r++ {
		if r >= 0xD800 && r < 0xE000 { // surrogates: not characters
			continue
		}
		n := utf8.EncodeRune(buf[:], r)
		p := norm.NFKC.Properties(buf[:n])
		if p.BoundaryBefore() && p.CCC() == 0 && norm.NFKC.IsNormal(buf[:n]) && r != utf8.RuneError {
			bits[r/64] |= 1 << (r % 64)
			if unicode.ToLower(r) == r {
				caseless[r/64] |= 1 << (r % 64)
			}
		}
	}
	return struct{ plain, caseless *[1 << 16 / 64]uint64 }{&bits, &caseless}
})

// toLower is strings.ToLower(s), which asks unicode.ToLower about every
// character of a string that is not ASCII (and the texts of entries mix
// English and Japanese): kana and kanji have no case, and are copied as
// they are.
func toLower(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				break
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r >= 0x3000 && r < 0xA000 { // CJK punctuation, kana, kanji: no case
			i += w
			continue
		}
		if r == utf8.RuneError && w == 1 || unicode.ToLower(r) != r {
			break
		}
		i += w
	}
	if i == len(s) {
		return s
	}
	// As strings.Map does: each character mapped, an invalid byte as U+FFFD.
	b := make([]byte, i, len(s)+utf8.UTFMax)
	copy(b, s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r >= 0x3000 && r < 0xA000 {
			b = append(b, s[i:i+w]...)
		} else {
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
		i += w
	}
	return string(b)
}

// vowelDashes are the dashes that longVowelDashes reads as "ー" between two
// katakana characters, after NFKC (which makes "－" and "﹣" "-", and the
// half-width "ｰ" "ー" itself): the hyphen-minus, the hyphens and dashes of
// U+2010 to U+2015, the minus sign and the box-drawing line.
const vowelDashes = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500"

// indexDash is strings.IndexAny(s, vowelDashes), which decodes every
// character of s and compares it with each dash (most texts are asked, and
// hold none). It looks for bytes instead: "-" is one, and every other dash
// is E2 80 90–95, E2 88 92 or E2 94 80 in UTF-8; neither "-" nor E2 is ever
// a byte within another character, valid or not.
func indexDash(s string) int {
	hyphen := strings.IndexByte(s, '-')
	end := len(s)
	if hyphen >= 0 {
		end = hyphen
	}
	for i := 0; i < end; i++ {
		k := strings.IndexByte(s[i:end], 0xE2)
		if k < 0 {
			break
		}
		i += k
		if i+2 < len(s) {
			if b1, b2 := s[i+1], s[i+2]; b1 == 0x80 && b2 >= 0x90 && b2 <= 0x95 || b1 == 0x88 && b2 == 0x92 || b1 == 0x94 && b2 == 0x80 {
				return i
			}
		}
	}
	return hyphen
}

// longVowelDashes makes each dash (vowelDashes) with a katakana character
// just before it and just after it (in s as given) "ー".
func longVowelDashes(s string) string {
	at := indexDash(s)
	if at < 0 {
		return s
	}
	var b strings.Builder
	last := 0 // s[last:] is not copied yet
	for at >= 0 && at < len(s) {
		_, w := utf8.DecodeRuneInString(s[at:])
		before, _ := utf8.DecodeLastRuneInString(s[:at])
		after, _ := utf8.DecodeRuneInString(s[at+w:])
		if at > 0 && at+w < len(s) && classOf(before) == katakana && classOf(after) == katakana {
			if b.Cap() == 0 {
				b.Grow(len(s) + 2)
			}
			b.WriteString(s[last:at])
			b.WriteString("ー")
			last = at + w
		}
		next := indexDash(s[at+w:])
		if next < 0 {
			break
		}
		at += w + next
	}
	if b.Cap() == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// trimLongVowels drops "ー" at the end of katakana runs of four characters
// or more (the mark included).
func trimLongVowels(s string) string {
	if !strings.Contains(s, "ー") {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.Map(func(r rune) rune { return r }, s) // each invalid byte becomes U+FFFD
	}
	return trimValidLongVowels(s)
}

// trimValidLongVowels is trimLongVowels of valid UTF-8 (which it need not
// check again: a full pass over the text).
func trimValidLongVowels(s string) string {
	if !strings.Contains(s, "ー") {
		return s
	}
	// Copy the spans between the marks dropped, and nothing when none is;
	// look only at the marks (strings.Index) and the characters around
	// them, not at every character of the text.
	var b strings.Builder
	last := 0 // s[last:i] is not copied yet
	const mark = "ー"
	for at := 0; ; {
		k := strings.Index(s[at:], mark)
		if k < 0 {
			break
		}
		i := at + k
		at = i + len(mark)
		// The katakana characters just before the mark (a dropped mark
		// is followed by none, so the count stops there too).
		run := 0
		for j := i; run < 3 && j > 0; run++ {
			r, w := utf8.DecodeLastRuneInString(s[:j])
			if classOf(r) != katakana {
				break
			}
			j -= w
		}
		if run < 3 {
			continue
		}
		if next, _ := utf8.DecodeRuneInString(s[at:]); at < len(s) && classOf(next) == katakana {
			continue
		}
		if b.Cap() == 0 {
			b.Grow(len(s)) // one copy, which becomes the string
		}
		b.WriteString(s[last:i])
		last = at
	}
	if b.Cap() == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// Vocabulary answers whether a term is known, for typo correction.
type Vocabulary interface {
	// Freq is the number of documents containing term (0: unknown).
	Freq(term string) int
	// Candidates lists the known Latin terms that start with first.
	Candidates(first rune) []string
}

// Terms analyses text for indexing: no typo correction.
func (a *Analyzer) Terms(text string) []string {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	ts := a.analyzeWith(sc, text, nil, false)
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Text
	}
	return out
}

type class int

const (
	other class = iota
	latin
	katakana
	kanji
	hiragana
)

func classOf(r rune) class {
	switch {
	case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r >= 0xC0 && r <= 0x24F && r != 0xD7 && r != 0xF7:
		return latin
	case r >= 0x30A1 && r <= 0x30FA, r == 0x30FC, r == 0x30FD, r == 0x30FE:
		return katakana
	case r == '何': // "what", "how many": asks, as the particles around it do (何日 is 日)
		return hiragana
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF, r == 0x3005:
		return kanji
	case r >= 0x3041 && r <= 0x3096, r == 0x309D, r == 0x309E:
		return hiragana
	}
	return other
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// asciiClass is classOf of each ASCII character.
var asciiClass = func() (t [utf8.RuneSelf]class) {
	for c := range t {
		t[c] = classOf(rune(c))
	}
	return t
}()

func hasJapanese(s string) bool {
	for _, r := range s {
		if c := classOf(r); c == katakana || c == kanji || c == hiragana {
			return true
		}
	}
	return false
}

type run struct {
	text       string
	class      class
	start, end int // byte offsets in the normalised text
}

func splitRuns(s string) []run {
	return splitRunsInto(new(runBufs), s, nil)
}

// runBufs are the buffers of splitRunsInto: the runs as split, the runs
// cut (see cutRuns) and the runs with their compounds split.
type runBufs struct{ out, cut, split []run }

// splitRunsInto is splitRuns writing into bufs (their lengths reset), so
// that reused buffers save the allocations; bufs holds them as they are
// now when it returns.
func splitRunsInto(bufs *runBufs, s string, cuts []int) []run {
	out := bufs.out[:0]
	start, cur := 0, other
	for i := 0; i < len(s); {
		b, w := s[i], 1
		var c class
		if b < utf8.RuneSelf { // most of a text: a table, not classOf's tests
			c = asciiClass[b]
			if b == '.' && i > 0 && isDigit(s[i-1]) && i+1 < len(s) && isDigit(s[i+1]) {
				c = latin // a version or a decimal ("TLS 1.2", "203.0.113.25") is one word
			}
		} else {
			var r rune
			r, w = utf8.DecodeRuneInString(s[i:])
			c = classOf(r)
		}
		if c != cur {
			if cur != other {
				out = append(out, run{text: s[start:i], class: cur, start: start, end: i})
			}
			start, cur = i, c
		}
		i += w
	}
	if cur != other {
		out = append(out, run{text: s[start:], class: cur, start: start, end: len(s)})
	}
	bufs.out = out
	out = durations(out, s)
	out, bufs.cut = cutRuns(out, bufs.cut, s, cuts)
	// Kanji compounds of an even length from four are words of two kanji
	// each ("自動更新": 自動 + 更新).
	compound := false
	for _, r := range out {
		if r.class == kanji && len(r.text) >= 12 { // four kanji of three bytes
			compound = true
			break
		}
	}
	if !compound {
		return out
	}
	split := bufs.split[:0]
	for _, r := range out {
		if r.class != kanji || len(r.text) < 12 { // fewer than four kanji: no need to count them
			split = append(split, r)
			continue
		}
		n := utf8.RuneCountInString(r.text)
		if n < 4 || n%2 != 0 {
			split = append(split, r)
			continue
		}
		b := r.start
		for k := 0; k < n; k += 2 {
			_, w1 := utf8.DecodeRuneInString(s[b:])
			_, w2 := utf8.DecodeRuneInString(s[b+w1:])
			split = append(split, run{text: s[b : b+w1+w2], class: kanji, start: b, end: b + w1 + w2})
			b += w1 + w2
		}
	}
	bufs.split = split
	return split
}

// durations reads a length of time as its unit: a kanji run that follows a
// number and starts with a unit of time and 間 ("2 年間", "30日間", "2 週間",
// "5 分間", and 月 after か or ヶ: "3 か月間") loses the 間, so that "2 年間有効"
// is 年 + 有効, as an entry writes "2 年", and not 年間 ("annual", as in
// "年間のリクエスト数"). The unit stays a run of one kanji; the rest of the run
// after 間, if any, is a run of its own. Only spaces may stand between the
// number (or か) and the unit. out is changed in place when nothing is split.
func durations(out []run, s string) []run {
	var res []run // nil until a run is split
	for i, r := range out {
		if r.class != kanji || i == 0 { // as durationUnit would say, without the call
			if res != nil {
				res = append(res, r)
			}
			continue
		}
		if u, ok := durationUnit(out, i, s); ok {
			if res == nil {
				res = append(make([]run, 0, len(out)+1), out[:i]...)
			}
			res = append(res, run{text: s[r.start : r.start+u], class: kanji, start: r.start, end: r.start + u})
			if rest := r.start + u + len("間"); rest < r.end {
				res = append(res, run{text: s[rest:r.end], class: kanji, start: rest, end: r.end})
			}
			continue
		}
		if res != nil {
			res = append(res, r)
		}
	}
	if res == nil {
		return out
	}
	return res
}

// cutRuns cuts the kanji runs of out at the byte offsets cuts (sorted)
// that fall inside them: where a thesaurus member begins or ends within a
// run ("無料利用枠", free tier, holds the member 無料 of "free": 無料 and 利用枠),
// so that the member's concept is the part of the run it spans, not the
// whole run, and the rest is a word of its own, as in English "free tier".
// out is returned as it is when nothing is cut; else the runs are written
// into buf[:0]. buf is returned as it is now.
func cutRuns(out, buf []run, s string, cuts []int) (runs, bufNow []run) {
	if len(cuts) == 0 {
		return out, buf
	}
	var res []run // nil until a run is cut
	k := 0        // the first cut after the start of the run: runs are in order, so k only moves on
	for i, r := range out {
		for k < len(cuts) && cuts[k] <= r.start {
			k++
		}
		if r.class != kanji || k == len(cuts) || cuts[k] >= r.end {
			if res != nil {
				res = append(res, r)
			}
			continue
		}
		if res == nil {
			res = append(buf[:0], out[:i]...)
		}
		b := r.start
		for ; k < len(cuts) && cuts[k] < r.end; k++ {
			if c := cuts[k]; c > b {
				res = append(res, run{text: s[b:c], class: kanji, start: b, end: c})
				b = c
			}
		}
		res = append(res, run{text: s[b:r.end], class: kanji, start: b, end: r.end})
	}
	if res == nil {
		return out, buf
	}
	return res, res
}

// durationUnit reports whether out[i] starts with a unit of time and 間 after a
// number (see durations), and the unit's length in bytes.
func durationUnit(out []run, i int, s string) (int, bool) {
	r := out[i]
	if r.class != kanji || i == 0 {
		return 0, false
	}
	unit, w := utf8.DecodeRuneInString(r.text)
	if !strings.HasPrefix(r.text[w:], "間") {
		return 0, false
	}
	after := func(j int) bool { // out[j] ends just before out[j+1], spaces aside
		return strings.Trim(s[out[j].end:out[j+1].start], " ") == ""
	}
	number := func(j int) bool {
		return out[j].class == latin && strings.Trim(out[j].text, "0123456789") == "" && after(j)
	}
	switch unit {
	case '年', '日', '週', '分', '秒':
		return w, number(i - 1)
	case '月':
		p := out[i-1]
		months := p.text == "か" || p.text == "ヶ" || p.text == "カ" || p.text == "ケ" || p.text == "ヵ"
		return w, months && after(i-1) && i >= 2 && number(i-2)
	}
	return 0, false
}

// Analyze analyses text; with a vocabulary (questions), unknown Latin words
// are corrected first (rule 4).
func (a *Analyzer) Analyze(text string, vocab Vocabulary) []Term {
	return a.analyze(text, vocab, true)
}

// analyze is Analyze; without withFocus every term's Focus is true (terms
// of documents, where it is never read).
func (a *Analyzer) analyze(text string, vocab Vocabulary, withFocus bool) []Term {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	ts := a.analyzeWith(sc, text, vocab, withFocus)
	return append(make([]Term, 0, len(ts)), ts...)
}

// scratch is the working memory of one analysis, reused from one to the
// next (scratchPool): analysing a large knowledge base would otherwise
// allocate several slices and maps per field of every entry.
type scratch struct {
	runs         runBufs
	parent, ids  []int
	words, typed []string
	terms        []pending
	latinReach   []groupEnd // collect's Latin matches that reach the current run or beyond
	order        []groupEnd // collect's groups matched at the current run
	spanHead     []int32    // per group of Japanese members: its latest span in spans, or -1
	spans        []jaSpan   // collect's Japanese matches kept
	found        []jaMatch
	cuts         []int
	result       []Term
	slots        map[string]int32 // textTerms' terms met, as indices into slot
	slot         []termSlot       // textTerms' terms met
	slotsOf      *Analyzer        // whose terms slots holds
	slotGen      uint32           // counts the times slots was cleared (see wordInfo.slotGen)
	entry        uint32           // textTerms' entry, numbered from 1 (see termSlot)
	uniq         []string         // textTerms' terms, by number
	tf           []int32          // textTerms' term frequencies, len(Fields) per term
	keyed        []keyedTerm      // textTerms' terms while sorting
	stemsOf      *Analyzer        // whose words stems holds
	stems        map[string]int32 // by Latin word as written: index into wordList
	wordList     []wordInfo       // the words of stems
	info         []wordInfo       // per run of the text being analysed (Latin runs)
}

// wordInfo is what the analysis of a Latin word as written needs: its stem,
// whether it is a stop word (as written or stemmed), and the thesaurus
// members that start with the stem.
type wordInfo struct {
	stem    string
	stop    bool
	members []member
	// For textTerms: the stem's index into the scratch's slot, when
	// slotGen is the scratch's (the slots have not been cleared since).
	slot    int32
	slotGen uint32
}

// word is w's wordInfo for a, remembered in sc: a map of the scratch's own
// costs less to ask than the analyser's, which every goroutine shares, and
// one look-up takes the place of the stem's, the stop words' (twice) and
// the thesaurus'.
//
// With slots (textTerms), the stem's slot is looked up too, once per word
// while the slots are not cleared: that look-up, by the stem, had been
// textTerms' own for every Latin word.
func (sc *scratch) word(a *Analyzer, w string, slots bool) wordInfo {
	if sc.stemsOf != a || len(sc.stems) >= 1<<16 {
		if sc.stems == nil {
			sc.stems = map[string]int32{}
		}
		clear(sc.stems)
		clear(sc.wordList)
		sc.wordList = sc.wordList[:0]
		sc.stemsOf = a
	}
	k, ok := sc.stems[w]
	if !ok {
		st := a.stem(w)
		k = int32(len(sc.wordList))
		sc.wordList = append(sc.wordList, wordInfo{stem: st, stop: IsStop(w) || IsStop(st), members: a.latinOf(st)})
		sc.stems[strings.Clone(w)] = k // w is cut from a text that need not stay in memory
	}
	wi := &sc.wordList[k]
	if slots && wi.slotGen != sc.slotGen {
		wi.slot, _ = sc.slotOf(a, wi.stem)
		wi.slotGen = sc.slotGen
	}
	return *wi
}

// slotOf returns t's index into sc.slot, adding it (interned, see intern)
// when it is new, and whether it is a stop word (IsStop: one look-up for
// both).
func (sc *scratch) slotOf(a *Analyzer, t string) (int32, bool) {
	k, ok := sc.slots[t]
	if !ok {
		k = int32(len(sc.slot))
		term := a.intern(t)
		sc.slot = append(sc.slot, termSlot{term: term, stop: IsStop(term)})
		sc.slots[term] = k
	}
	return k, sc.slot[k].stop
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{slots: map[string]int32{}}
}}

// pending is a term of analyzeWith before stop words are dropped and
// concepts numbered.
//
// The word as typed, when typo correction changed it, is the scratch's
// typed[run], for a Latin word's own term (not a group's).
type pending struct {
	text  string
	run   int32
	slot  int32 // with slots (textTerms), text's index into the scratch's slot
	group bool
	stop  bool
}

// grow returns b[:n], reallocated when too small; its elements are not
// cleared.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n, n+n/4)
	}
	return b[:n]
}

// analyzeWith is analyze into sc: the result is sc.result, valid until sc
// is used again.
func (a *Analyzer) analyzeWith(sc *scratch, text string, vocab Vocabulary, withFocus bool) []Term {
	s, runs := a.collect(sc, text, vocab, false)
	focus := func(int) bool { return true }
	if withFocus {
		focus = Focus(s)
	}
	// Number concepts in order of first appearance; drop stop words.
	sc.ids = grow(sc.ids, len(runs)) // root run -> concept + 1
	ids := sc.ids
	clear(ids)
	concepts := 0
	result := sc.result[:0]
	for _, t := range sc.terms {
		if t.stop || t.text == "" {
			continue
		}
		typed := ""
		if vocab != nil && !t.group && runs[t.run].class == latin {
			typed = sc.typed[t.run]
		}
		root := sc.find(int(t.run))
		if ids[root] == 0 {
			concepts++
			ids[root] = concepts
		}
		id := ids[root] - 1
		result = append(result, Term{Text: t.text, Concept: id, Group: t.group, Typed: typed, Focus: focus(runs[t.run].start)})
	}
	sc.result = result
	return result
}

// find is the root of run i's concept (union-find over sc.parent).
func (sc *scratch) find(i int) int {
	parent := sc.parent
	for parent[i] != i {
		parent[i] = parent[parent[i]]
		i = parent[i]
	}
	return i
}

// join puts the concepts of runs i and j together.
func (sc *scratch) join(i, j int) { sc.parent[sc.find(j)] = sc.find(i) }

// collect is the analysis of text up to its terms, in the order found and
// stop words still in (sc.terms), with the runs' concepts joined
// (sc.parent): it returns the normalised text and its runs. With slots
// (textTerms, which asks for no vocabulary), each term's slot is looked up
// as it is found (pending.slot), and its stop word with it.
func (a *Analyzer) collect(sc *scratch, text string, vocab Vocabulary, slots bool) (string, []run) {
	s := Normalize(text)
	// Japanese members: substrings of the normalised text, longest members
	// first; a match overlapping an earlier match of the same group is
	// skipped. The matches kept cut the kanji runs they begin or end in
	// (cutRuns), and join the concepts of the runs they span (below).
	// The spans kept of each group are a list through spans, from the
	// group's head (by number, jaGroup): no map, and no slice per group.
	sc.found = a.japaneseMatchesInto(sc.found, s)
	kept, cuts := sc.found[:0], sc.cuts[:0]
	if len(sc.found) > 0 {
		for len(sc.spanHead) < a.jaNGrp {
			sc.spanHead = append(sc.spanHead, -1)
		}
	}
	heads, spans := sc.spanHead, sc.spans[:0]
	for _, o := range sc.found {
		g := a.jaGroup[o.member()]
		b, e := o.start(), o.start()+len(a.ja[o.member()].text)
		overlaps := false
		for k := heads[g]; k >= 0; k = spans[k].prev {
			if spans[k].start < e && b < spans[k].end {
				overlaps = true
				break
			}
		}
		if overlaps {
			continue
		}
		spans = append(spans, jaSpan{start: b, end: e, group: g, prev: heads[g]})
		heads[g] = int32(len(spans) - 1)
		kept = append(kept, o)
		cuts = append(cuts, b, e)
	}
	for _, sp := range spans {
		heads[sp.group] = -1 // as they were: every head -1
	}
	sc.found, sc.spans = kept, spans
	slices.Sort(cuts)
	sc.cuts = cuts
	runs := splitRunsInto(&sc.runs, s, cuts)

	// One concept per run; thesaurus matches join concepts (union-find).
	sc.parent = grow(sc.parent, len(runs))
	for i := range sc.parent {
		sc.parent[i] = i
	}
	join := sc.join

	terms := sc.terms[:0]
	// Latin words: stem, correct.
	// Only a Latin run's words[i], info[i] and (with a vocabulary) typed[i]
	// are written, and read: those of the other runs are left as they are.
	sc.words, sc.info = grow(sc.words, len(runs)), grow(sc.info, len(runs))
	words, info, typed := sc.words, sc.info, []string(nil)
	if vocab != nil {
		sc.typed = grow(sc.typed, len(runs))
		typed = sc.typed
	}
	for i, r := range runs {
		if r.class != latin {
			continue
		}
		wi := sc.word(a, r.text, slots)
		w := wi.stem
		// (Correct keeps a word the vocabulary knows: the thesaurus is only
		// asked about the others.)
		if vocab != nil {
			typed[i] = ""
		}
		if vocab != nil && !IsStop(r.text) && vocab.Freq(w) == 0 && !a.thesaurusWord(w) && !Common(w) {
			if c := a.correct(r.text, w, vocab); c != w {
				typed[i], w = w, c
				wi = wordInfo{stem: c, stop: IsStop(r.text) || IsStop(c), members: a.latinOf(c)}
			}
		}
		words[i], info[i] = w, wi
	}
	// The groups whose latest Latin match reaches run i or beyond, with the
	// last run it covers; those that end before i are dropped as i moves
	// on. They and the groups matched at a run are few: slices, not maps.
	latinReach := sc.latinReach[:0]
	covered := -1 // the last run that a Latin match taken at an earlier run covers
	for i, r := range runs {
		switch r.class {
		case latin:
			terms = append(terms, pending{text: words[i], run: int32(i), stop: info[i].stop, slot: info[i].slot})
			// Thesaurus: Latin members starting here, over consecutive Latin
			// runs; per group the longest member, and none where an earlier
			// match of the same group still reaches.
			members := info[i].members
			if len(members) == 0 {
				continue
			}
			order := sc.order[:0] // per group matched here, in order of first match, the end of its longest member
			for _, m := range members {
				if vocab == nil && m.partsMember() {
					continue // a CamelCase word's parts: questions only
				}
				end, ok := matchWords(runs, words, i, m.words)
				if !ok {
					continue
				}
				k := 0
				for k < len(order) && order[k].group != m.group {
					k++
				}
				if k == len(order) {
					order = append(order, groupEnd{m.group, end})
				} else if end > order[k].end {
					order[k].end = end
				}
			}
			sc.order = order
			if len(order) == 0 {
				continue
			}
			longest := -1
			for _, o := range order {
				longest = max(longest, o.end)
			}
			n := 0
			for _, x := range latinReach {
				if x.end >= i {
					latinReach[n] = x
					n++
				}
			}
			latinReach = latinReach[:n]
			took := false
		groups:
			for _, o := range order {
				for _, x := range latinReach {
					if x.group == o.group {
						continue groups // an earlier match of the group reaches i
					}
				}
				if o.end < longest || o.end <= covered {
					continue // part of a longer member of another group, starting here or before
				}
				took = true
				latinReach = append(latinReach, o)
				for j := i + 1; j <= o.end; j++ {
					join(i, j)
				}
				p := pending{text: o.group, run: int32(i), group: true}
				if slots {
					p.slot, _ = sc.slotOf(a, o.group)
				}
				terms = append(terms, p)
			}
			if took { // only the longest members are taken
				covered = max(covered, longest)
			}
		case katakana:
			terms = append(terms, sc.pendingOf(a, r.text, i, slots))
		case kanji:
			t := r.text
			if _, w := utf8.DecodeRuneInString(t); w == len(t) {
				terms = append(terms, sc.pendingOf(a, t, i, slots))
			}
			// Bigrams, cut out of the text (no copies).
			for k := 0; k < len(t); {
				_, w1 := utf8.DecodeRuneInString(t[k:])
				if k+w1 >= len(t) {
					break
				}
				_, w2 := utf8.DecodeRuneInString(t[k+w1:])
				terms = append(terms, sc.pendingOf(a, t[k:k+w1+w2], i, slots))
				k += w1
			}
		}
	}
	// The Japanese members' matches kept (above) join the runs they span.
	for _, o := range sc.found {
		m := a.ja[o.member()]
		b, e := o.start(), o.start()+len(m.text)
		first := -1
		// The runs overlapping [b, e): runs are in order and do not overlap.
		lo := sort.Search(len(runs), func(i int) bool { return runs[i].end > b })
		for i := lo; i < len(runs) && runs[i].start < e; i++ {
			if r := runs[i]; r.class != other && r.class != hiragana {
				if first < 0 {
					first = i
				} else {
					join(first, i)
				}
			}
		}
		if first < 0 && lo < len(runs) && runs[lo].start < e { // a member made of hiragana only: its own concept
			first = lo
		}
		if first >= 0 {
			p := pending{text: m.group, run: int32(first), group: true}
			if slots {
				p.slot, _ = sc.slotOf(a, m.group)
			}
			terms = append(terms, p)
		}
	}
	sc.terms = terms
	clear(latinReach) // not to keep the groups' strings in the pool
	sc.latinReach = latinReach[:0]
	return s, runs
}

// jaSpan is the span of a Japanese member's match kept by collect, and the
// group's span kept before it (-1: none).
type jaSpan struct {
	start, end  int
	group, prev int32
}

// groupEnd is a group term and the last run of a match of the group.
type groupEnd struct {
	group string
	end   int
}

// pendingOf is the term of a katakana run, a single kanji or a kanji
// bigram: t, a stop word or not, at run i.
func (sc *scratch) pendingOf(a *Analyzer, t string, i int, slots bool) pending {
	if slots {
		k, stop := sc.slotOf(a, t)
		return pending{text: t, run: int32(i), stop: stop, slot: k}
	}
	return pending{text: t, run: int32(i), stop: IsStop(t)}
}

// occurrence is a match of Japanese member ja[member] at byte start.
type occurrence struct{ member, start int }

// jaMatch is an occurrence as one number, member<<32 | start: sorted as
// numbers, they are in order of member, then start.
type jaMatch uint64

func (o jaMatch) member() int { return int(o >> 32) }
func (o jaMatch) start() int  { return int(uint32(o)) }

// japaneseMatches finds the Japanese members in s: for each member, in
// member order (longest first), its matches from left to right, each search
// resuming after the previous match, as repeated strings.Index calls would.
// Candidates are found through the members' first characters, so that the
// cost grows with the text, not with the size of the thesaurus.
func (a *Analyzer) japaneseMatches(s string) []occurrence {
	var out []occurrence
	for _, o := range a.japaneseMatchesInto(nil, s) {
		out = append(out, occurrence{o.member(), o.start()})
	}
	return out
}

// japaneseMatchesInto is japaneseMatches into found[:0], each as a jaMatch.
func (a *Analyzer) japaneseMatchesInto(found []jaMatch, s string) []jaMatch {
	found = found[:0]
	if uint64(len(s)) >= 1<<32 {
		panic("analysis: a text of 4 GiB or more") // a jaMatch holds a start below 2^32
	}
	if a.jaLines != nil {
		// Every Japanese member holds a character outside ASCII: a text of
		// ASCII alone matches none, and need not read them.
		ascii := true
		for i := 0; i < len(s) && ascii; i++ {
			ascii = s[i] < utf8.RuneSelf
		}
		if ascii {
			return found
		}
		a.loadJapanese()
	}
	if len(a.ja) == 0 {
		return found
	}
	match := func(i int, r rune) {
		for _, st := range a.startingWith(r) { // none for most letters, kana and kanji: a bit of jaBMP says so
			if strings.HasPrefix(s[i:], a.ja[st.i].text) {
				found = append(found, jaMatch(uint64(st.i)<<32|uint64(i)))
			}
		}
	}
	if a.jaShort {
		for i := 0; i < len(s); {
			r, w := rune(s[i]), 1
			if r >= utf8.RuneSelf {
				r, w = utf8.DecodeRuneInString(s[i:])
			}
			match(i, r)
			i += w
		}
	} else {
		// Most places start no member: the two bytes there say so
		// (jaPair), before a character is decoded and looked up; where
		// they do not, the six bytes there (jaSix) for the members of six
		// bytes or more (most), their two bytes (jaPair5) for the others.
		// A member starts with a character: never at a continuation byte.
		for i := 0; i+1 < len(s); i++ {
			if c := s[i]; c&0xC0 == 0x80 {
				continue
			}
			p := uint16(s[i])<<8 | uint16(s[i+1])
			if a.jaPair[p/64]&(1<<(p%64)) == 0 {
				continue
			}
			if a.jaPair5[p/64]&(1<<(p%64)) == 0 {
				if i+6 > len(s) {
					continue
				}
				if h := sixHash(s[i:]); a.jaSix[h/64]&(1<<(h%64)) == 0 {
					continue
				}
			}
			r := rune(s[i])
			if r >= utf8.RuneSelf {
				r, _ = utf8.DecodeRuneInString(s[i:])
			}
			match(i, r)
		}
	}
	// By member, then start: as numbers (jaMatch), with no function to
	// compare them; found is in order of start already, which an
	// insertion sort of the few matches of most texts makes use of.
	if len(found) <= 32 {
		for k := 1; k < len(found); k++ {
			o := found[k]
			j := k
			for ; j > 0 && found[j-1] > o; j-- {
				found[j] = found[j-1]
			}
			found[j] = o
		}
	} else {
		slices.Sort(found)
	}
	out := found[:0]
	end := -1 // where the last kept match of the current member ends
	for k, o := range found {
		if k == 0 || o.member() != found[k-1].member() {
			end = -1
		}
		if o.start() < end {
			continue
		}
		end = o.start() + len(a.ja[o.member()].text)
		out = append(out, o)
	}
	return out
}

// Focus splits normalised text into sentences (ended by ?, !, 。, a line
// break, or a full stop before a space) and returns whether the sentence at
// a byte offset asks the question: the sentences ending in a question mark,
// or, when none does, the last one. In "We moved to Tokyo last month and
// the team is busy. Can I copy the certificate?" the words that matter are
// in the second sentence.
func Focus(s string) func(pos int) bool {
	type sentence struct {
		end int
		ask bool
	}
	var sents []sentence
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		end := r == '?' || r == '!' || r == '。' || r == '\n' ||
			r == '.' && (i+w == len(s) || s[i+w] == ' ' || s[i+w] == '\t')
		if end {
			sents = append(sents, sentence{end: i + w, ask: r == '?'})
		}
		i += w
	}
	if len(sents) == 0 || sents[len(sents)-1].end < len(s) {
		sents = append(sents, sentence{end: len(s)})
	}
	anyAsk := false
	for _, st := range sents {
		anyAsk = anyAsk || st.ask
	}
	if !anyAsk {
		sents[len(sents)-1].ask = true
	}
	return func(pos int) bool {
		for _, st := range sents {
			if pos < st.end {
				return st.ask
			}
		}
		return true
	}
}

// matchWords reports whether the stemmed words of a member occur at Latin run
// i and the runs after it (consecutive Latin runs), and the last run matched.
func matchWords(runs []run, words []string, i int, member []string) (int, bool) {
	j := i
	for k, w := range member {
		if k > 0 {
			j++
			for j < len(runs) && runs[j].class != latin {
				if runs[j].class != other { // only spaces and punctuation may separate words
					return 0, false
				}
				j++
			}
		}
		if j >= len(runs) || runs[j].class != latin || words[j] != w {
			return 0, false
		}
	}
	return j, true
}

// stem is Stem, except for the knowledge base's names.
func (a *Analyzer) stem(w string) string {
	if a.names[w] {
		return w
	}
	if a.stems == nil {
		return Stem(w)
	}
	if v, ok := a.stems.Load(w); ok {
		return v.(string)
	}
	st := Stem(w)
	a.stems.Store(w, st)
	return st
}

// withoutCode returns Markdown text t with its code (inline code spans and
// fenced code blocks) replaced by spaces, byte for byte: t itself when it
// holds no backtick or tilde fence.
func withoutCode(t string) string {
	if !strings.ContainsAny(t, "`~") {
		return t
	}
	b := []byte(t)
	blank := func(from, to int) {
		for k := from; k < to; k++ {
			if b[k] != '\n' {
				b[k] = ' '
			}
		}
	}
	fence := ""
	for start := 0; start < len(t); {
		end := strings.IndexByte(t[start:], '\n')
		if end < 0 {
			end = len(t)
		} else {
			end += start
		}
		line := strings.TrimLeft(t[start:end], " ")
		switch {
		case fence != "":
			blank(start, end)
			if strings.HasPrefix(line, fence) {
				fence = ""
			}
		case strings.HasPrefix(line, "```"), strings.HasPrefix(line, "~~~"):
			fence = line[:3]
			blank(start, end)
		default:
			// Inline code: from a backtick to the next one on the line.
			for i := start; i < end; i++ {
				if t[i] != '`' {
					continue
				}
				j := strings.IndexByte(t[i+1:end], '`')
				if j < 0 {
					break
				}
				blank(i, i+1+j+1)
				i += j + 1
			}
		}
		start = end + 1
	}
	return string(b)
}

// Names are the words a knowledge base writes in capitals ("ACME", "IIS",
// "AWS"), in lower case: names and acronyms, which the stemmer would take for
// English words ("acme" would meet "acm"), so the analysis leaves them as
// they are wherever they occur, in the entries and in questions. Words in
// capitals inside Markdown code (`IMAGE`, a fenced block's PROVISIONED) are
// not names: a placeholder or a constant written so would otherwise keep
// "image" or "provisioned" from their stems in every entry and question.
func Names(texts ...string) []string {
	names, _ := asciiWords(texts)
	return names
}

// asciiWords scans texts for words of ASCII letters and digits: names, the
// words of two or more capitals (in lower case, sorted: see Names), and
// camel, those with a lower-case letter followed by a capital (as written,
// sorted: see CamelWords), each once.
func asciiWords(texts []string) (names, camel []string) {
	seen := map[string]bool{}
	for _, t := range texts {
		prose := withoutCode(t) // names come from prose only; CamelCase words also from code
		for i := 0; i < len(t); {
			// Between words (spaces, punctuation, every byte of Japanese:
			// half of a text) there is nothing to look at.
			if asciiKind[t[i]] == 0 {
				i++
				continue
			}
			j, caps, cam := i, true, false
			prev := uint8(0) // asciiKind of t[j-1] within the word
			for j < len(t) {
				k := asciiKind[t[j]]
				if k == 0 {
					break
				}
				if k != kindUpper {
					caps = false
				} else if prev == kindLower {
					cam = true
				}
				prev = k
				j++
			}
			switch w := t[i:j]; {
			case !cam && (!caps || len(w) < 2): // neither: no need to look it up
			case seen[w]:
			case caps && len(w) >= 2:
				if prose[i] == ' ' { // in code: not a name there
					break
				}
				seen[w] = true
				names = append(names, strings.ToLower(w))
			case cam:
				seen[w] = true
				camel = append(camel, w)
			}
			i = max(j, i+1)
		}
	}
	sort.Strings(names)
	sort.Strings(camel)
	return names, camel
}

// asciiKind tells the bytes of asciiWords' words apart: 0 for every byte
// but the ASCII letters and digits (isASCIIAlnum).
var asciiKind = func() (t [256]uint8) {
	for c := range 256 {
		switch b := byte(c); {
		case isUpper(b):
			t[c] = kindUpper
		case isLower(b):
			t[c] = kindLower
		case b >= '0' && b <= '9':
			t[c] = kindDigit
		}
	}
	return t
}()

const (
	kindUpper = 1 + iota
	kindLower
	kindDigit
)

// Stem is the Snowball English stemmer ("Porter2"), as bleve ships it
// (github.com/blevesearch/snowballstem/english), for words of the letters
// a-z: "certificates", "certificate" and "certified" meet, and so do
// "renewal" and "renew", "acceleration" and "accelerate". Words with digits
// or other letters are unchanged, and the words of stemExceptions get their
// own stem.
func Stem(w string) string {
	if !isASCIIWord(w) || len(w) < 3 {
		return w
	}
	if st, ok := stemExceptions[w]; ok {
		return st
	}
	env := snowballstem.NewEnv(w)
	english.Stem(env)
	return env.Current()
}

// stemExceptions keeps apart words that Snowball gives one stem although
// their meanings differ: "validation" (proving who controls a domain) and
// "validity" (how long something is valid) both become "valid"; a
// certificate "authority" and an IAM "authorization" both "author"; a
// product's name ("Certificate Manager") and "managed renewal" both "manag".
// Each word maps to its own stem; the search data carries them to the
// browser (StemExceptions).
var stemExceptions = map[string]string{
	"validate": "validat", "validated": "validat", "validates": "validat", "validating": "validat",
	"validation": "validat", "validations": "validat", "validator": "validat", "validators": "validat",
	"authority": "authorit", "authorities": "authorit",
	"authorize": "authoriz", "authorized": "authoriz", "authorizes": "authoriz", "authorizing": "authoriz",
	"authorization": "authoriz", "authorizations": "authoriz", "authorise": "authoriz", "authorised": "authoriz",
	"authorisation": "authoriz", "authorisations": "authoriz",
	"manager": "manager", "managers": "manager",
}

// StemExceptions lists the words of stemExceptions and their stems, for
// the browser's copy of the rules.
func StemExceptions() map[string]string { return maps.Clone(stemExceptions) }

func isASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// Correct returns w, or the vocabulary word it is most likely a typo of (rule 4).
func Correct(w string, vocab Vocabulary) string {
	if vocab.Freq(w) > 0 || len(w) < 4 || !isASCIIWord(w) {
		return w
	}
	first, _ := utf8.DecodeRuneInString(w)
	return closest(w, vocab.Candidates(first), vocab)
}

// correct is rule 4 for a word the vocabulary does not know, written as
// written and stemmed as w: correctWritten, then Correct, both over one
// lookup of the known words of its first letter.
func (a *Analyzer) correct(written, w string, vocab Vocabulary) string {
	if len(w) < 4 || !isASCIIWord(w) { // "sans" (san) is left alone
		return w
	}
	first, _ := utf8.DecodeRuneInString(w)
	known := vocab.Candidates(first)
	// One edit of the word as written that makes a word the vocabulary
	// knows the stem of comes first: "replciate" is "replicate" (replic),
	// though "replica" is as near its stem "replciat"; "certficate" is
	// "certificate" (certif), though "certfil" (openssl's -certfile, in a
	// code block) is one edit from its stem "certfic". Then the stems.
	if cw := a.correctWritten(written, w, known, vocab); cw != w {
		return cw
	}
	return closest(w, known, vocab)
}

// closest is Correct among known, the vocabulary's words of w's first
// letter.
func closest(w string, known []string, vocab Vocabulary) string {
	max := 1
	if len(w) > 6 {
		max = 2
	}
	best, bestD, bestF := w, max+1, 0
	cut, cuts := "", 0 // the vocabulary words w begins, at most three letters longer
	for _, c := range known {
		if len(c) > len(w) && len(c)-len(w) <= 3 && strings.HasPrefix(c, w) {
			cut, cuts = c, cuts+1
		}
		if c == w || abs(len(c)-len(w)) > max {
			continue
		}
		d := Distance(w, c, max)
		if d > max {
			continue
		}
		f := vocab.Freq(c)
		if d < bestD || (d == bestD && (f > bestF || (f == bestF && c < best))) {
			best, bestD, bestF = c, d, f
		}
	}
	if best == w && len(w) >= 5 && cuts == 1 {
		return cut // a word cut short: "dynamo" for "dynamodb"
	}
	return best
}

// correctWritten returns the stem of the word one edit of written makes,
// when the vocabulary knows that stem, or stem (rule 4, as typed): a typo
// can break the suffix the stemmer strips ("certificat" stems to itself,
// four edits from "certif"), so a typo the stems are too far apart to see
// is looked for in the word as written. No edit touches the first letter;
// the most frequent stem wins, then the smaller. known are the vocabulary's
// words of that letter.
func (a *Analyzer) correctWritten(written, stem string, known []string, vocab Vocabulary) string {
	if !isASCIIWord(written) {
		return stem
	}
	// Sorted, so that each of the hundreds of edits is one binary search,
	// not a lookup in the index's term table (a scan of the letter's terms).
	if !slices.IsSorted(known) {
		known = slices.Sorted(slices.Values(known))
	}
	best, bestF := stem, 0
	try := func(w string) {
		s := w // a.stem without filling its cache with words nobody wrote
		if !a.names[w] {
			s = Stem(w)
		}
		if s == stem {
			return
		}
		if _, ok := slices.BinarySearch(known, s); !ok {
			return
		}
		if f := vocab.Freq(s); f > bestF || (f == bestF && f > 0 && s < best) {
			best, bestF = s, f
		}
	}
	edits(written, try)
	return best
}

// edits calls f with every word one edit from w (a deletion, a
// transposition of neighbours, a substitution or an insertion of a letter
// a-z) that keeps w's first letter; a word may come more than once.
func edits(w string, f func(string)) {
	b := make([]byte, 0, len(w)+1)
	for i := 1; i <= len(w); i++ {
		if i < len(w) {
			f(string(append(append(b[:0], w[:i]...), w[i+1:]...))) // deletion
			if i+1 < len(w) {
				b = append(append(b[:0], w[:i]...), w[i+1], w[i])
				f(string(append(b, w[i+2:]...))) // transposition
			}
			for c := byte('a'); c <= 'z'; c++ {
				if c != w[i] {
					b = append(append(b[:0], w[:i]...), c)
					f(string(append(b, w[i+1:]...))) // substitution
				}
			}
		}
		for c := byte('a'); c <= 'z'; c++ {
			b = append(append(b[:0], w[:i]...), c)
			f(string(append(b, w[i:]...))) // insertion
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Distance is the optimal-string-alignment distance between a and b (ASCII),
// or max+1 once it is certain to exceed max.
func Distance(a, b string, max int) int {
	n, m := len(a), len(b)
	prev2 := make([]int, m+1)
	prev := make([]int, m+1)
	cur := make([]int, m+1)
	for j := 0; j <= m; j++ {
		prev[j] = j
	}
	for i := 1; i <= n; i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= m; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[m]
}

// DetectLang is the language a question is written in: Japanese when it has
// any kana or kanji, English otherwise.
func DetectLang(s string) kb.Lang {
	if hasJapanese(Normalize(s)) {
		return kb.JA
	}
	return kb.EN
}

// Names lists the words the analyser never stems, sorted.
func (a *Analyzer) Names() []string {
	out := make([]string, 0, len(a.names))
	for n := range a.names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Words returns the words of text whose own terms (Terms) include one of
// terms, in order and each once: the words behind some of a question's
// terms, to show them to its reader ("stapling" behind "stapl"). A word is
// a run of one script as rule 2 splits it (a Latin word, a katakana or
// kanji run; hiragana is never one), as written when text is ASCII, else
// normalised.
func (a *Analyzer) Words(text string, terms map[string]bool) []string {
	norm := Normalize(text)
	ascii := len(norm) == len(text)
	for i := 0; ascii && i < len(text); i++ {
		ascii = text[i] < utf8.RuneSelf
	}
	var out []string
	seen := map[string]bool{}
	for _, r := range splitRuns(norm) {
		if r.class == hiragana || seen[r.text] {
			continue
		}
		seen[r.text] = true
		for _, t := range a.Terms(r.text) {
			if terms[t] {
				w := r.text
				if ascii {
					w = text[r.start:r.end]
				}
				out = append(out, w)
				break
			}
		}
	}
	return out
}
