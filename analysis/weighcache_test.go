package analysis

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/acmkb/acmkb/kb"
)

// weighKB is a knowledge base of n entries whose bodies draw on a few
// common words (held by more than MaxPostings entries when n is large)
// and many rarer ones.
func weighKB(r *rand.Rand, n int) *kb.KB {
	k := &kb.KB{}
	for i := range n {
		k.Entries = append(k.Entries, weighEntry(r, i, 0))
	}
	return k
}

var weighWords = strings.Fields("certificate key private export rotate bucket delete tag label policy region " +
	"account role user group permission access token secret value domain validation renewal import")

func weighEntry(r *rand.Rand, i, version int) *kb.Entry {
	// Bodies of one length, so that many weights are equal: a capped term
	// then keeps the lowest entry numbers among those at its lowest weight.
	var body []string
	for j, w := range []string{"certificate", "key", "domain"} { // in most entries, some times
		if r.IntN(10) < 9 {
			for range 1 + r.IntN(j+1) {
				body = append(body, w)
			}
		}
	}
	for len(body) < 24 {
		if r.IntN(3) == 0 {
			body = append(body, fmt.Sprintf("rare%d", r.IntN(500)))
		} else {
			body = append(body, weighWords[3+r.IntN(len(weighWords)-3)])
		}
	}
	title := weighWords[r.IntN(len(weighWords))] + " " + weighWords[r.IntN(len(weighWords))]
	e := entry(fmt.Sprintf("e%05d", i), title, strings.Join(body, " ")+".")
	e.Digest = fmt.Sprintf("%d/%d/%s/%s", i, version, title, strings.Join(body, " "))
	return e
}

// TestWeighCacheIsWeigh: a knowledge base rebuilt after edits of one entry
// or a few, through a WeighCache kept in memory and one written to a file
// and read back each time, has Weigh's postings to the byte; most rebuilds
// weigh only the edited entries' terms; a damaged file is not read, and a
// file of an older build still gives Weigh's postings.
func TestWeighCacheIsWeigh(t *testing.T) {
	for _, reserve := range []int{64, 3} {
		t.Run(fmt.Sprint(reserve), func(t *testing.T) {
			defer func(r int) { weighReserve = r }(weighReserve)
			weighReserve = reserve
			testWeighCache(t)
		})
	}
}

func testWeighCache(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	k := weighKB(r, 1300)
	terms, wc := NewTermCache(), NewWeighCache()
	fileTerms := NewTermCache()
	var file []byte // the cache file of the build before
	var older []byte
	// As acmkb build keeps it: a whole file, and the changes since.
	changesTerms := NewTermCache()
	var whole, changes []byte
	wholeWrites, changesWrites := 0, 0
	var lastBase []byte // the whole file before the last, and changes of the last
	var lastChanges []byte
	check := func(round int) {
		t.Helper()
		want := NewCorpus(k, 0).Postings
		got := NewWeighedCorpus(k, 0, terms, wc).Postings
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: postings from the cache in memory differ from Weigh's", round)
		}
		var from *WeighCache
		if file != nil {
			var err error
			if from, err = ReadWeighCache(bytes.NewReader(file)); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		} else {
			from = NewWeighCache()
		}
		got = NewWeighedCorpus(k, 0, fileTerms, from).Postings
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: postings from the cache file differ from Weigh's", round)
		}
		var buf bytes.Buffer
		if _, err := from.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		older, file = file, buf.Bytes()

		from = NewWeighCache()
		if whole != nil {
			var err error
			if from, err = ReadWeighCache(bytes.NewReader(whole)); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			if changes != nil {
				if err := from.ReadChanges(bytes.NewReader(changes)); err != nil {
					t.Fatalf("round %d: changes: %v", round, err)
				}
			}
		}
		got = NewWeighedCorpus(k, 0, changesTerms, from).Postings
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: postings from the cache file and its changes differ from Weigh's", round)
		}
		if !from.Changed() {
			return
		}
		buf = bytes.Buffer{} // not the bytes of file
		if from.ChangesFit() {
			if _, err := from.WriteChangesTo(&buf); err != nil {
				t.Fatal(err)
			}
			lastBase, lastChanges = whole, buf.Bytes()
			changes = buf.Bytes()
			changesWrites++
			return
		}
		if _, err := from.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		whole, changes = buf.Bytes(), nil
		wholeWrites++
	}
	check(0)
	partial := 0
	rounds := 60
	for round := 1; round <= rounds; round++ {
		edits := 1
		if round%7 == 0 {
			edits = 3
		}
		for range edits {
			i := r.IntN(len(k.Entries))
			k.Entries[i] = weighEntry(r, i, round)
		}
		check(round)
		if p, _ := wc.Partial(); p {
			partial++
		}
	}
	capped := 0
	for _, tp := range wc.tps {
		if tp.DF > MaxPostings {
			capped++
		}
	}
	t.Logf("%d of %d rebuilds weighed only the edited entries' terms; %d terms capped", partial, rounds, capped)
	if capped < 2 {
		t.Errorf("%d terms more than MaxPostings entries hold", capped)
	}
	if partial < rounds/2 {
		t.Errorf("%d of %d rebuilds weighed only the edited entries' terms", partial, rounds)
	}
	t.Logf("%d changes files written, %d whole files", changesWrites, wholeWrites)
	if changesWrites == 0 { // few: each edit of this small vocabulary weighs again most postings
		t.Errorf("no rebuild of %d wrote only the changes", rounds)
	}
	// Changes are applied only to the file they change, and not when
	// damaged.
	if lastChanges == nil {
		t.Fatal("no changes written")
	}
	for name, base := range map[string][]byte{"another whole file": file, "an older one": older} {
		wc, err := ReadWeighCache(bytes.NewReader(base))
		if err != nil {
			t.Fatal(err)
		}
		if err := wc.ReadChanges(bytes.NewReader(lastChanges)); err == nil && !bytes.Equal(base, lastBase) {
			t.Errorf("changes applied to %s", name)
		}
	}
	for _, at := range []int{30, len(lastChanges) / 2, len(lastChanges) - 3} {
		bad := bytes.Clone(lastChanges)
		bad[at] ^= 0x40
		wc, _ := ReadWeighCache(bytes.NewReader(lastBase))
		before := wc.terms
		if err := wc.ReadChanges(bytes.NewReader(bad)); err == nil {
			t.Errorf("changes with byte %d changed were applied", at)
		} else if !slices.Equal(wc.terms, before) {
			t.Errorf("damaged changes (byte %d) were applied in part", at)
		}
	}
	if wc, _ := ReadWeighCache(bytes.NewReader(lastBase)); wc.ReadChanges(bytes.NewReader(lastChanges)) != nil {
		t.Error("the changes were not applied to the file they change")
	}
	// Damaged: cut short, a byte changed, another magic.
	for _, bad := range [][]byte{file[:len(file)/2], file[:len(file)-1], {}, []byte("acmkb-postings 0\n....")} {
		if _, err := ReadWeighCache(bytes.NewReader(bad)); err == nil {
			t.Errorf("a damaged cache file of %d bytes was read", len(bad))
		}
	}
	for _, at := range []int{20, len(file) / 2, len(file) - 20} {
		bad := bytes.Clone(file)
		bad[at] ^= 0x40
		if _, err := ReadWeighCache(bytes.NewReader(bad)); err == nil {
			t.Errorf("a cache file with byte %d changed was read", at)
		}
	}
	// Stale: the file of the build before the last, after two more edits,
	// with a term cache that may not hold the entries it was made of.
	i := r.IntN(len(k.Entries))
	k.Entries[i] = weighEntry(r, i, rounds+1)
	stale, err := ReadWeighCache(bytes.NewReader(older))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := NewWeighedCorpus(k, 0, fileTerms, stale).Postings, NewCorpus(k, 0).Postings; !reflect.DeepEqual(got, want) {
		t.Error("postings from a stale cache file differ from Weigh's")
	}
	// Mapped from a file.
	name := filepath.Join(t.TempDir(), "postings")
	if err := os.WriteFile(name, file, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mapped, err := ReadWeighCache(f)
	if err != nil {
		t.Fatal(err)
	}
	k.Entries[i] = weighEntry(r, i, rounds+2)
	if got, want := NewWeighedCorpus(k, 0, fileTerms, mapped).Postings, NewCorpus(k, 0).Postings; !reflect.DeepEqual(got, want) {
		t.Error("postings from a mapped cache file differ from Weigh's")
	}
}
