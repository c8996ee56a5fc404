package build

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The names an output transaction leaves beside each destination DST.
const (
	lockPrefix   = ".acmkb-lock."  // + base of DST: the lock file, kept
	stagePrefix  = ".acmkb-stage-" // + digits + "." + base of DST: a staging directory
	legacyPrefix = ".acmkb-build-" // staging directories of acmkb before 2026-12
	journalFile  = "txn.json"      // in every staging directory: all the swaps of the build
	swapMark     = "swapping"      // in the first staging directory while swaps are undone on failure
)

var (
	errLocked     = errors.New("locked by another process")
	errNoExchange = errors.New("the file system cannot exchange two names in one step")
)

// exchangeNames is exchange; tests replace it to swap by two renames.
var exchangeNames = exchange

// testHook, set by tests only, is called at named points of an output
// transaction ("staged", "swap N", "swapped N", "between renames",
// "committed"): an error fails the build there; blocking stops it there, to
// be killed.
var testHook func(point string) error

func hook(point string) error {
	if testHook == nil {
		return nil
	}
	return testHook(point)
}

// target is one output of a transaction, or one item of an output that is
// patched (see txn.patch): a file or directory of it replaced, added or
// removed.
type target struct {
	Dst   string `json:"dst"`   // the destination, absolute
	Stage string `json:"stage"` // the staging directory of its output (holds the journal)
	Had   bool   `json:"had"`   // Dst existed when the swap began
	New   fileID `json:"new"`   // the new output's identity, taken before the swap
	// Items of a patched output only:
	Output string `json:"output,omitempty"` // the destination whose lock covers Dst
	Src    string `json:"src,omitempty"`    // where the new version is staged
	Aside  string `json:"aside,omitempty"`  // where the previous version goes when moved away
	Gone   bool   `json:"gone,omitempty"`   // a removal: there is no new version
}

func (t *target) newPath() string {
	if t.Src != "" {
		return t.Src
	}
	return filepath.Join(t.Stage, "new")
}

func (t *target) oldPath() string {
	if t.Aside != "" {
		return t.Aside
	}
	return filepath.Join(t.Stage, "old")
}

func (t *target) undonePath() string {
	if t.Aside != "" {
		return t.Aside + ".undone"
	}
	return filepath.Join(t.Stage, "undone")
}

// output is the destination whose lock covers the target.
func (t *target) output() string {
	if t.Output != "" {
		return t.Output
	}
	return t.Dst
}

// txn replaces a set of output directories together. See the package
// documentation ("Output") for the protocol.
type txn struct {
	targets   []*target
	locks     map[string]*os.File // by destination
	committed bool
	keep      bool     // an undo failed: the staging directories hold what the next build restores
	touch     []string // patched outputs, whose stamps change before the swaps
	stages    []string // the staging directories
}

// begin starts a transaction on the destinations dsts: it locks each (in
// path order, waiting for other builds), undoes a swap that a killed build
// left half done, removes the staging directories of dead builds, and makes
// a fresh staging directory beside each destination. Write each output to
// tx.path(dst), then commit; end always.
func begin(dsts ...string) (*txn, error) {
	tx := &txn{locks: map[string]*os.File{}}
	var abs []string
	for _, d := range dsts {
		a, err := canonical(d)
		if err != nil {
			return nil, err
		}
		for _, b := range abs {
			if a == b || strings.HasPrefix(a, b+string(filepath.Separator)) || strings.HasPrefix(b, a+string(filepath.Separator)) {
				return nil, fmt.Errorf("outputs %s and %s overlap: each must be outside the other", b, a)
			}
		}
		abs = append(abs, a)
	}
	sorted := append([]string(nil), abs...)
	sort.Strings(sorted)
	for _, d := range sorted {
		f, err := lockFile(lockPath(d), true)
		if err != nil {
			tx.end()
			return nil, fmt.Errorf("lock %s: %w", d, err)
		}
		tx.locks[d] = f
	}
	for _, d := range abs {
		if err := tx.cleanBeside(d); err != nil {
			tx.end()
			return nil, err
		}
	}
	for _, d := range abs {
		stage, err := mkStage(d)
		if err != nil {
			tx.end()
			return nil, fmt.Errorf("stage %s: %w", d, err)
		}
		tx.targets = append(tx.targets, &target{Dst: d, Stage: stage})
		tx.stages = append(tx.stages, stage)
	}
	return tx, nil
}

// canonical is dst as every build names it: absolute, in a directory
// (created if missing) reached through no symbolic link, so that builds
// given different spellings of one output agree on its lock and lock order.
func canonical(dst string) (string, error) {
	a, err := filepath.Abs(dst)
	if err != nil {
		return "", err
	}
	dir := filepath.Dir(a)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	return filepath.Join(dir, filepath.Base(a)), nil
}

func lockPath(dst string) string {
	return filepath.Join(filepath.Dir(dst), lockPrefix+filepath.Base(dst))
}

// mkStage makes an empty staging directory beside dst.
func mkStage(dst string) (string, error) {
	for {
		p := filepath.Join(filepath.Dir(dst), fmt.Sprintf("%s%d.%s", stagePrefix, rand.Uint32(), filepath.Base(dst)))
		err := os.Mkdir(p, 0o755)
		if !errors.Is(err, fs.ErrExist) {
			return p, err
		}
	}
}

// stageOf reports whether name is a staging directory of the destination
// named base.
func stageOf(name, base string) bool {
	rest, ok := strings.CutPrefix(name, stagePrefix)
	if !ok {
		return false
	}
	digits, b, ok := strings.Cut(rest, ".")
	return ok && b == base && digits != "" && strings.Trim(digits, "0123456789") == ""
}

// path is where the output for dst is written: a path that does not exist
// yet, in dst's staging directory.
func (tx *txn) path(dst string) string {
	a, _ := canonical(dst)
	for _, s := range tx.stages {
		if stageOf(filepath.Base(s), filepath.Base(a)) && filepath.Dir(s) == filepath.Dir(a) {
			return filepath.Join(s, "new")
		}
	}
	panic("build: no output " + dst)
}

// cleanBeside finishes what dead builds left beside dst, whose lock tx
// holds: any staging directory of dst belongs to a build that died. One
// that was swapping is undone first; all are removed. Staging directories
// of old acmkb versions go when an hour old.
func (tx *txn) cleanBeside(dst string) error {
	dir, base := filepath.Dir(dst), filepath.Base(dst)
	des, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, de := range des {
		p := filepath.Join(dir, de.Name())
		switch {
		case stageOf(de.Name(), base):
			if err := tx.recoverStage(p); err != nil {
				return err
			}
		case strings.HasPrefix(de.Name(), legacyPrefix):
			if fi, err := de.Info(); err == nil && time.Since(fi.ModTime()) > time.Hour {
				os.RemoveAll(p)
			}
		}
	}
	return nil
}

// recoverStage undoes the swaps of the dead build that left the staging
// directory stage, if it died while swapping, then removes its staging
// directories.
func (tx *txn) recoverStage(stage string) error {
	data, err := os.ReadFile(filepath.Join(stage, journalFile))
	var dead []*target
	if err != nil || json.Unmarshal(data, &dead) != nil || len(dead) == 0 {
		return os.RemoveAll(stage) // it died before swapping: nothing changed
	}
	mark := filepath.Join(dead[0].Stage, swapMark)
	if _, err := os.Stat(mark); err == nil {
		// It died between its first swap and its commit: put every
		// destination back as it was. That needs their locks too.
		locked := map[string]bool{}
		for _, t := range dead {
			d := t.output()
			if tx.locks[d] != nil || locked[d] {
				continue
			}
			f, err := lockFile(lockPath(d), false)
			if err != nil {
				return fmt.Errorf("an interrupted build of %s must be undone, but %s is %v: try again when that build is done", filepath.Dir(stage), d, err)
			}
			locked[d] = true
			defer f.Close()
		}
		for i := len(dead) - 1; i >= 0; i-- {
			if err := dead[i].undo(); err != nil {
				return fmt.Errorf("undo the interrupted build of %s: %w", dead[i].Dst, err)
			}
		}
		if err := os.Remove(mark); err != nil {
			return fmt.Errorf("undo the interrupted build: %w", err)
		}
	}
	for _, t := range dead {
		os.RemoveAll(t.Stage)
	}
	return os.RemoveAll(stage)
}

// commit swaps every staged output into place, together: after an error
// (or, if the process dies, after the next build's begin) every destination
// is as it was. Returns nil once all are in place.
func (tx *txn) commit() error {
	if err := hook("staged"); err != nil {
		return err
	}
	if len(tx.targets) == 0 { // patched outputs that did not change
		tx.committed = true
		return hook("committed")
	}
	for _, t := range tx.targets {
		if !t.Gone {
			id, err := idOf(t.newPath())
			if err != nil {
				return fmt.Errorf("no output for %s: %w", t.Dst, err)
			}
			t.New = id
		}
		_, err := os.Lstat(t.Dst)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("replace %s: %w", t.Dst, err)
		}
		t.Had = err == nil
	}
	journal, err := json.Marshal(tx.targets)
	if err != nil {
		return err
	}
	journaled := map[string]bool{}
	for _, t := range tx.targets {
		if journaled[t.Stage] {
			continue
		}
		journaled[t.Stage] = true
		if err := writeSynced(filepath.Join(t.Stage, journalFile), journal); err != nil {
			return fmt.Errorf("stage %s: %w", t.Dst, err)
		}
	}
	mark := filepath.Join(tx.targets[0].Stage, swapMark)
	if err := writeSynced(mark, nil); err != nil {
		return fmt.Errorf("stage %s: %w", tx.targets[0].Dst, err)
	}
	// A patched output changes its stamp before its first item is swapped:
	// what the caches recorded of it no longer describes it.
	for _, d := range tx.touch {
		now := time.Now()
		if err := os.Chtimes(d, now, now); err != nil {
			return tx.rollback(-1, fmt.Errorf("replace %s: %w", d, err))
		}
	}
	for i, t := range tx.targets {
		err := hook(fmt.Sprintf("swap %d", i))
		if err == nil {
			err = t.swap()
		}
		if err == nil {
			err = hook(fmt.Sprintf("swapped %d", i))
		}
		if err != nil {
			return tx.rollback(i, fmt.Errorf("replace %s: %w", t.Dst, err))
		}
	}
	if err := os.Remove(mark); err != nil { // the commit point
		return tx.rollback(len(tx.targets)-1, err)
	}
	syncDir(tx.targets[0].Stage)
	tx.committed = true
	return hook("committed")
}

// patchItem is a change to a patched output: the file or directory at Rel
// (slash-separated, relative to the output) replaced by, or added as, the one
// staged at the same place under tx.path(dst), or removed (Gone).
type patchItem struct {
	Rel  string
	Gone bool
}

// patch makes dst's output a set of items instead of a whole directory:
// what is staged under tx.path(dst) replaces or adds only the files and
// directories that items name, and those Gone are removed; the rest of dst
// stays as it is. Each item is swapped like a whole output (one exchange,
// or one rename for an addition or a removal) under the same journal, so
// that a failure or a kill puts every item back. The swaps add first, then
// replace, then remove: a page never links to a file that is not there yet.
func (tx *txn) patch(dst string, items []patchItem) error {
	a, err := canonical(dst)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(tx.targets, func(t *target) bool { return t.Dst == a })
	if i < 0 {
		panic("build: no output " + dst)
	}
	whole := tx.targets[i]
	aside := filepath.Join(whole.Stage, "aside")
	if err := os.Mkdir(aside, 0o755); err != nil {
		return err
	}
	// Additions (nothing there yet) first, then replacements, then removals.
	rank := func(t *target) int {
		if t.Gone {
			return 2
		}
		if _, err := os.Lstat(t.Dst); err != nil {
			return 0
		}
		return 1
	}
	ts := make([]*target, len(items))
	ranks := map[*target]int{}
	for j, it := range items {
		t := &target{Dst: filepath.Join(a, filepath.FromSlash(it.Rel)), Stage: whole.Stage, Output: a, Gone: it.Gone}
		if !it.Gone {
			t.Src = filepath.Join(whole.newPath(), filepath.FromSlash(it.Rel))
		}
		ts[j], ranks[t] = t, rank(t)
	}
	slices.SortStableFunc(ts, func(x, y *target) int { return ranks[x] - ranks[y] })
	for n, t := range ts {
		t.Aside = filepath.Join(aside, strconv.Itoa(n))
	}
	tx.targets = slices.Concat(tx.targets[:i], ts, tx.targets[i+1:])
	if len(ts) > 0 {
		tx.touch = append(tx.touch, a)
	}
	return nil
}

// rollback undoes the swaps of targets[0..last] after err.
func (tx *txn) rollback(last int, err error) error {
	for i := last; i >= 0; i-- {
		if uerr := tx.targets[i].undo(); uerr != nil {
			tx.keep = true // the next build undoes it (the swap mark stays)
			return fmt.Errorf("%w; and undoing it failed, the next build will: %v", err, uerr)
		}
	}
	os.Remove(filepath.Join(tx.targets[0].Stage, swapMark))
	return err
}

// end removes the staging directories (after a commit, they hold the
// previous outputs) and releases the locks.
func (tx *txn) end() {
	tx.removeStages()
	for _, f := range tx.locks {
		f.Close()
	}
}

// removeStages removes the staging directories, unless they must stay
// (tx.keep); the locks stay held. After a commit, Build calls it while it
// saves its records, before end.
func (tx *txn) removeStages() {
	if !tx.keep {
		for _, s := range tx.stages {
			os.RemoveAll(s)
		}
		tx.stages = nil
	}
}

// swap puts the new output in place of the destination: in one step where
// the file system can exchange two names (the previous output lands in the
// staging directory, at newPath), else by two renames (it lands at oldPath).
func (t *target) swap() error {
	if t.Gone {
		if !t.Had {
			return nil
		}
		return os.Rename(t.Dst, t.oldPath())
	}
	if !t.Had {
		return os.Rename(t.newPath(), t.Dst)
	}
	err := exchangeNames(t.newPath(), t.Dst)
	if err != errNoExchange {
		return err
	}
	if err := os.Rename(t.Dst, t.oldPath()); err != nil {
		return err
	}
	if err := hook("between renames"); err != nil {
		return err
	}
	return os.Rename(t.newPath(), t.Dst)
}

// undo puts the previous output back at the destination, wherever the swap
// was interrupted; it does nothing when the destination holds the previous
// output already.
func (t *target) undo() error {
	if t.Gone {
		if _, err := os.Lstat(t.Dst); errors.Is(err, fs.ErrNotExist) && t.Had {
			if _, err := os.Lstat(t.oldPath()); err == nil {
				return os.Rename(t.oldPath(), t.Dst)
			}
		}
		return nil
	}
	old := "" // where the previous output is now, if not at Dst
	for _, p := range []string{t.oldPath(), t.newPath()} {
		if id, err := idOf(p); err == nil && id != t.New {
			old = p
			break
		}
	}
	cur, err := idOf(t.Dst)
	switch {
	case err == nil && cur == t.New: // the new output is in place
		if !t.Had {
			return os.Rename(t.Dst, t.undonePath())
		}
		if old == "" {
			return fmt.Errorf("the previous %s is lost", t.Dst)
		}
		if err := exchangeNames(old, t.Dst); err != errNoExchange {
			return err
		}
		if err := os.Rename(t.Dst, t.undonePath()); err != nil {
			return err
		}
		return os.Rename(old, t.Dst)
	case errors.Is(err, fs.ErrNotExist) && t.Had && old != "": // moved aside, the new one not yet in
		return os.Rename(old, t.Dst)
	}
	return nil
}

// writeSynced writes data to a new file at path and flushes it to disk.
func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir flushes a directory's entries to disk, as far as the system lets.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
