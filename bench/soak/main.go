// Command soak checks that acmkb's incremental rebuild writes what a build
// from nothing writes, over many random edits. bench/soak-rebuild builds
// acmkb and runs it:
//
//	soak -acmkb BIN [-n 300] [-rounds 30] [-seed 1] [-work DIR]
//
// It generates a synthetic knowledge base of n entries (package
// bench/synth), builds it once into WORK/site and WORK/index with its own
// cache directory (as `acmkb build` keeps one), then, each round, makes one
// random edit, as an author would:
//
//	body       a sentence more in an entry's English explanation
//	title      a word more in an entry's English title (the lists change)
//	same-size  one letter of an explanation changed for another: the
//	           file keeps its size (only its times and bytes tell)
//	touch      the file's times change, its bytes do not
//	delete     an entry no other entry relates to is removed
//	add        a copy of an entry under a new id
//	verdict    an entry's verdict changed (yes, partly, no, yes...): it
//	           moves from one verdict's list to another's
//
// rebuilds WORK/site and WORK/index from the cache (at once or up to 2.5 s
// after the edit, the content folder named relative or absolute, at
// random), builds the same content from nothing (a fresh cache directory)
// into WORK/full, and requires the
// two sites to be identical (`diff -r`) and the two indexes to give the
// same answers (`acmkb ask --format json`) to the edited entry's title and
// a few fixed questions. It stops at the first difference, leaving WORK as
// it is; otherwise it prints each round's rebuild time.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/acmkb/acmkb/bench/synth"
	"github.com/acmkb/acmkb/content"
)

var kinds = []string{"body", "title", "same-size", "touch", "delete", "add", "verdict"}

// questions are asked of both indexes every round, with the edited
// entry's title.
var questions = []string{
	"can I export the private key?",
	"copy a certificate to another region",
	"ACM の証明書を別リージョンにコピーできる？",
}

func main() {
	bin := flag.String("acmkb", "", "the acmkb binary (required)")
	n := flag.Int("n", 300, "entries in the knowledge base")
	rounds := flag.Int("rounds", 30, "edits, each followed by a rebuild and a comparison")
	seed := flag.Uint64("seed", 1, "seed of the knowledge base and of the edits")
	work := flag.String("work", "", "work directory (default: a new temporary one)")
	flag.Parse()
	if *bin == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*bin, *n, *rounds, *seed, *work); err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
}

func run(bin string, n, rounds int, seed uint64, work string) error {
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "acmkb-soak-"); err != nil {
			return err
		}
	} else if err := os.RemoveAll(work); err != nil {
		return err
	}
	contentDir := filepath.Join(work, "content")
	files, err := synth.Generate(content.FS(), synth.Options{Entries: n, Seed: seed}, time.Now())
	if err != nil {
		return err
	}
	if err := files.Write(contentDir); err != nil {
		return err
	}
	s := &soak{bin: bin, work: work, content: contentDir, entries: filepath.Join(contentDir, "entries"), rng: rand.New(rand.NewPCG(seed, 0x50a4))}
	fmt.Printf("%d entries in %s; first build\n", n, contentDir)
	if _, err := s.build(filepath.Join(work, "site"), filepath.Join(work, "index"), filepath.Join(work, "cache")); err != nil {
		return err
	}
	for r := 1; r <= rounds; r++ {
		kind := kinds[(r-1)%len(kinds)]
		if r > len(kinds) {
			kind = kinds[s.rng.IntN(len(kinds))]
		}
		what, err := s.edit(r, kind)
		if err != nil {
			return fmt.Errorf("round %d (%s): %w", r, kind, err)
		}
		// As an author's builds do: some at once after the save, some a
		// moment later (file stamps within 2 s of a change are not
		// trusted), the content folder spelt relative or absolute (parse
		// records are kept per spelling).
		if s.rng.IntN(3) == 0 {
			time.Sleep(time.Duration(s.rng.IntN(2500)) * time.Millisecond)
		}
		relative := s.rng.IntN(2) == 0
		took, err := s.rebuild(relative)
		if err != nil {
			return fmt.Errorf("round %d (%s %s, content %s): rebuild: %w", r, kind, what, spelt(relative), err)
		}
		full := filepath.Join(work, "full")
		os.RemoveAll(full)
		if _, err := s.build(filepath.Join(full, "site"), filepath.Join(full, "index"), filepath.Join(full, "cache")); err != nil {
			return fmt.Errorf("round %d (%s %s): full build: %w", r, kind, what, err)
		}
		if out, err := exec.Command("diff", "-r", filepath.Join(full, "site"), filepath.Join(work, "site")).CombinedOutput(); err != nil {
			return fmt.Errorf("round %d (%s %s): the rebuilt site differs from a full build (left in %s):\n%s", r, kind, what, work, head(out))
		}
		if err := s.sameAnswers(filepath.Join(work, "index"), filepath.Join(full, "index"), what); err != nil {
			return fmt.Errorf("round %d (%s %s): %w (left in %s)", r, kind, what, err, work)
		}
		fmt.Printf("round %2d  %-9s %-50s %-8s rebuild %6.0f ms  same as a full build\n", r, kind, what, spelt(relative), float64(took.Microseconds())/1000)
	}
	fmt.Printf("%d rounds: every rebuild was a full build's site and answers\n", rounds)
	return os.RemoveAll(work)
}

type soak struct {
	bin, work, content, entries string
	rng                         *rand.Rand
}

func spelt(relative bool) string {
	if relative {
		return "relative"
	}
	return "absolute"
}

// rebuild builds into WORK/site and WORK/index from WORK/cache, naming the
// content folder relative to WORK (run there) or absolute.
func (s *soak) rebuild(relative bool) (time.Duration, error) {
	if !relative {
		return s.build(filepath.Join(s.work, "site"), filepath.Join(s.work, "index"), filepath.Join(s.work, "cache"))
	}
	return s.buildIn(s.work, "content", "site", "index", filepath.Join(s.work, "cache"))
}

// build runs acmkb build into site and index with the cache directory
// cache, and returns its wall time.
func (s *soak) build(site, index, cache string) (time.Duration, error) {
	return s.buildIn("", s.content, site, index, cache)
}

// buildIn runs acmkb build in directory dir ("" for the current one).
func (s *soak) buildIn(dir, content, site, index, cache string) (time.Duration, error) {
	cmd := exec.Command(s.bin, "build", "--content", content, "--out", site, "--index", index)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ACMKB_CACHE_DIR="+cache)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("%w\n%s", err, head(out))
	}
	return time.Since(start), nil
}

// sameAnswers asks both indexes the fixed questions and the title of the
// entry edited (what).
func (s *soak) sameAnswers(index, full, what string) error {
	qs := slices.Clone(questions)
	if data, err := os.ReadFile(filepath.Join(s.entries, what)); err == nil {
		if m := titleLine.FindSubmatch(data); m != nil {
			qs = append(qs, strings.Trim(string(m[2]), `"'`))
		}
	}
	for _, q := range qs {
		var answers [2][]byte
		for i, ix := range []string{index, full} {
			cmd := exec.Command(s.bin, "ask", "--content", s.content, "--index", ix, "--format", "json", q)
			cmd.Env = append(os.Environ(), "NO_COLOR=1")
			out, err := cmd.Output()
			if code := cmd.ProcessState.ExitCode(); err != nil && code != 1 { // 1: not covered
				return fmt.Errorf("ask %q: %v", q, err)
			}
			answers[i] = out
		}
		if !bytes.Equal(answers[0], answers[1]) {
			return fmt.Errorf("the rebuilt index answers %q\n%s\nand a full build's\n%s", q, head(answers[0]), head(answers[1]))
		}
	}
	return nil
}

var (
	titleLine   = regexp.MustCompile(`(?m)^title:\n(  en: )(.*)$`)
	idLine      = regexp.MustCompile(`(?m)^id: .*$`)
	relatedLine = regexp.MustCompile(`(?m)^related: \[(.*)\]$`)
	verdictLine = regexp.MustCompile(`(?m)^verdict: ["']?(yes|partly|no)["']?$`)
	sameSize    = regexp.MustCompile(`\n<!-- en -->\n(?:[^<]*?\n)?[A-Za-z][^\n<]*?[a-z][ae]`)
)

// edit makes one edit of kind in round r and returns the file it edited.
func (s *soak) edit(r int, kind string) (string, error) {
	names, err := s.names()
	if err != nil {
		return "", err
	}
	name := names[s.rng.IntN(len(names))]
	file := filepath.Join(s.entries, name)
	data, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	switch kind {
	case "body":
		sentence := fmt.Sprintf("\n\nSoak round %d: one more sentence about renewal.\n", r)
		i := bytes.Index(data, []byte("\n<!-- ja -->"))
		if i < 0 {
			i = len(data)
		}
		data = slices.Concat(data[:i], []byte(sentence), data[i:])
	case "title":
		m := titleLine.FindSubmatchIndex(data)
		if m == nil {
			return "", fmt.Errorf("%s has no English title", name)
		}
		at := m[4] // the title's first byte, after its quote if quoted
		if data[at] == '"' || data[at] == '\'' {
			at++
		}
		data = slices.Concat(data[:at], fmt.Appendf(nil, "Soak%d ", r), data[at:])
	case "same-size":
		m := sameSize.FindIndex(data) // an a or e inside a word of the English explanation
		if m == nil {
			return "", fmt.Errorf("%s has no English explanation", name)
		}
		data = bytes.Clone(data)
		data[m[1]-1] ^= 'a' ^ 'e'
	case "verdict":
		m := verdictLine.FindSubmatchIndex(data)
		if m == nil {
			return "", fmt.Errorf("%s has no verdict", name)
		}
		next := map[string]string{"yes": "partly", "partly": "no", "no": "yes"}[string(data[m[2]:m[3]])]
		data = slices.Concat(data[:m[2]], []byte(next), data[m[3]:])
	case "touch":
		now := time.Now()
		return name, os.Chtimes(file, now, now)
	case "delete":
		related, err := s.relatedTo(names)
		if err != nil {
			return "", err
		}
		var free []string
		for _, n := range names {
			if !related[strings.TrimSuffix(n, ".md")] {
				free = append(free, n)
			}
		}
		if len(free) == 0 {
			return "", fmt.Errorf("every entry is related to")
		}
		name = free[s.rng.IntN(len(free))]
		return name, os.Remove(filepath.Join(s.entries, name))
	case "add":
		id := fmt.Sprintf("soak-added-%d", r)
		data = idLine.ReplaceAll(data, []byte("id: "+id))
		name = id + ".md"
		file = filepath.Join(s.entries, name)
	}
	return name, os.WriteFile(file, data, 0o644)
}

// names lists the entry files.
func (s *soak) names() ([]string, error) {
	des, err := os.ReadDir(s.entries)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, de := range des {
		if strings.HasSuffix(de.Name(), ".md") {
			names = append(names, de.Name())
		}
	}
	return names, nil
}

// relatedTo is the set of ids some entry relates to.
func (s *soak) relatedTo(names []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(s.entries, n))
		if err != nil {
			return nil, err
		}
		if m := relatedLine.FindSubmatch(data); m != nil {
			for _, id := range strings.Split(string(m[1]), ",") {
				out[strings.TrimSpace(id)] = true
			}
		}
	}
	return out, nil
}

// head is the first 40 lines of out.
func head(out []byte) string {
	lines := strings.SplitN(string(out), "\n", 41)
	if len(lines) > 40 {
		lines[40] = "..."
	}
	return strings.Join(lines, "\n")
}
