package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/acmkb/acmkb/loader"
)

// outDir is a directory with a content folder "kb" and the outputs "public"
// and "acmkb.bleve" of a first good build, v1.
func outDir(t *testing.T) (dir, kbDir, out, idx string) {
	t.Helper()
	dir = t.TempDir()
	kbDir, out, idx = filepath.Join(dir, "kb"), filepath.Join(dir, "public"), filepath.Join(dir, "acmkb.bleve")
	writeKB(t, kbDir, "v1", "no")
	buildIn(t, kbDir, out, idx)
	if s, i := outputs(t, out, idx); s != "v1" || i != "v1" {
		t.Fatalf("first build: site %s, index %s", s, i)
	}
	return dir, kbDir, out, idx
}

func buildIn(t *testing.T, kbDir, out, idx string) error {
	t.Helper()
	fsys, err := ContentDir(kbDir)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Build(Options{Content: fsys, ContentName: "kb", Out: out, Index: idx})
	return err
}

// TestKillDuringSwap kills a build with SIGKILL at each point of the swap
// of site and index. Right after the kill the site is a whole site (old or
// new: never missing, never half); the next build, even one that fails on
// its content, first puts back both previous outputs, so that site and
// index are from the same build, and leaves nothing behind (issue 12,
// row 1).
func TestKillDuringSwap(t *testing.T) {
	for _, tc := range []struct {
		point      string
		noExchange bool // the two-rename fallback: the site may be missing until the next build
	}{
		{point: "staged"},
		{point: "swapped 0"}, // the new site in place, the old index
		{point: "swapped 1"}, // both in place, not committed
		{point: "between renames", noExchange: true},
		{point: "swapped 0", noExchange: true},
	} {
		name := tc.point
		if tc.noExchange {
			name += " without exchange"
		}
		t.Run(name, func(t *testing.T) {
			dir, kbDir, out, idx := outDir(t)
			v2 := filepath.Join(dir, "kb2")
			writeKB(t, v2, "v2", "yes")
			env := []string{"HELPER_CONTENT=" + v2, "HELPER_OUT=" + out, "HELPER_INDEX=" + idx, "HELPER_PAUSE=" + tc.point}
			if tc.noExchange {
				env = append(env, "HELPER_NOEXCHANGE=1")
			}
			p := start(t, "build", env...)
			p.waitPaused(t)
			p.kill(t)

			site, ix := outputs(t, out, idx)
			t.Logf("after the kill: site %s, index %s", site, ix)
			if !tc.noExchange && site != "v1" && site != "v2" {
				t.Errorf("after the kill the site is %s", site)
			}
			if ix != "v1" && ix != "v2" {
				t.Errorf("after the kill the index is %s", ix)
			}

			// The next build fails on its content: it must still undo the
			// killed swap, and change nothing else.
			os.WriteFile(filepath.Join(kbDir, "entries", "broken.md"), []byte("---\nid: [\n---\n"), 0o644)
			var ce *loader.ContentError
			if err := buildIn(t, kbDir, out, idx); !errors.As(err, &ce) {
				t.Fatalf("the next build: %v, want a content error", err)
			}
			if site, ix := outputs(t, out, idx); site != "v1" || ix != "v1" {
				t.Errorf("after the next build: site %s, index %s, want both v1", site, ix)
			}
			if left := leftovers(t, dir); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

// TestFailedSwapChangesNothing: when replacing the index fails after the
// site was replaced, the build fails and both outputs are as before
// (issue 12, row 2: exit 2 with the new site and the old index).
func TestFailedSwapChangesNothing(t *testing.T) {
	for _, point := range []string{"swap 1", "swapped 1", "swap 0", "committed"} {
		t.Run(point, func(t *testing.T) {
			dir, _, out, idx := outDir(t)
			v2 := filepath.Join(dir, "kb2")
			writeKB(t, v2, "v2", "yes")
			busy := failAt(t, point)
			err := buildIn(t, v2, out, idx)
			want := "v1"
			if point == "committed" { // after the commit point the build has happened
				want = "v2"
			}
			if !errors.Is(err, busy) {
				t.Errorf("Build: %v, want the swap's error", err)
			}
			if site, ix := outputs(t, out, idx); site != want || ix != want {
				t.Errorf("site %s, index %s, want both %s", site, ix, want)
			}
			if left := leftovers(t, dir); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

// TestInterruptedBuildChangesNothing cancels a build's context at each of
// the points where it looks (Ctrl-C or SIGTERM in acmkb build): the build
// returns ErrInterrupted, both outputs are the previous ones and nothing is
// left beside them; cancelled after its last look, it builds.
func TestInterruptedBuildChangesNothing(t *testing.T) {
	interrupted := 0
	for after := 0; ; after++ {
		dir, _, out, idx := outDir(t)
		v2 := filepath.Join(dir, "kb2")
		writeKB(t, v2, "v2", "yes")
		fsys, err := ContentDir(v2)
		if err != nil {
			t.Fatal(err)
		}
		ctx := &cancelAfter{Context: context.Background(), after: int64(after)}
		_, _, err = Build(Options{Content: fsys, ContentName: "kb2", Out: out, Index: idx, Context: ctx})
		if err == nil {
			if site, ix := outputs(t, out, idx); site != "v2" || ix != "v2" {
				t.Errorf("not cancelled: site %s, index %s, want v2", site, ix)
			}
			break
		}
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("cancelled after %d looks: %v, want ErrInterrupted", after, err)
		}
		interrupted++
		if site, ix := outputs(t, out, idx); site != "v1" || ix != "v1" {
			t.Errorf("cancelled after %d looks: site %s, index %s, want both v1", after, site, ix)
		}
		if left := leftovers(t, dir); len(left) > 0 {
			t.Errorf("cancelled after %d looks: left behind %v", after, left)
		}
	}
	t.Logf("interrupted at each of %d looks", interrupted)
	if interrupted < 4 { // after the load, the analysis, in the pages, before the commit
		t.Errorf("the build looked at its context %d times, want at least 4", interrupted)
	}
}

// cancelAfter is a context whose Err is context.Canceled from its
// (after+1)th call on.
type cancelAfter struct {
	context.Context
	after, calls int64
}

func (c *cancelAfter) Err() error {
	if atomic.AddInt64(&c.calls, 1) > c.after {
		return context.Canceled
	}
	return nil
}

// failAt makes builds fail at the hook point with the error it returns,
// until the test ends.
func failAt(t *testing.T, point string) error {
	busy := errors.New("device or resource busy")
	testHook = func(p string) error {
		if p == point {
			return busy
		}
		return nil
	}
	t.Cleanup(func() { testHook = nil })
	return busy
}

// TestConcurrentBuildsOfOneOutput: a second build of the same output waits
// for the first, so the site and index that remain come from one build
// (issue 12, row 3: both exited 0 with the site of one and the index of the
// other). The first is held between its two swaps while the second starts.
func TestConcurrentBuildsOfOneOutput(t *testing.T) {
	dir, _, out, idx := outDir(t)
	v2, v3 := filepath.Join(dir, "kb2"), filepath.Join(dir, "kb3")
	writeKB(t, v2, "v2", "yes")
	writeKB(t, v3, "v3", "partly")
	first := start(t, "build", "HELPER_CONTENT="+v2, "HELPER_OUT="+out, "HELPER_INDEX="+idx, "HELPER_PAUSE=swapped 0")
	first.waitPaused(t)
	second := start(t, "build", "HELPER_CONTENT="+v3, "HELPER_OUT="+out, "HELPER_INDEX="+idx)
	time.Sleep(1500 * time.Millisecond) // a second build that does not wait is done by now
	if second.exited() {
		t.Error("the second build finished while the first was in the middle of its swap")
	}
	first.release()
	if _, err := first.wait(); err != nil {
		t.Errorf("first build: %v", err)
	}
	if _, err := second.wait(); err != nil {
		t.Errorf("second build: %v", err)
	}
	if site, ix := outputs(t, out, idx); site != "v3" || ix != "v3" {
		t.Errorf("site %s, index %s, want both from the build that finished last, v3", site, ix)
	}
	if left := leftovers(t, dir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestKilledBuildsLeaveNothing: the staging directories of killed builds
// (a whole site and index each) are removed by the next build, and so are
// those of acmkb before this change once an hour old (issue 12, row 4).
func TestKilledBuildsLeaveNothing(t *testing.T) {
	dir, kbDir, out, idx := outDir(t)
	for i := 0; i < 2; i++ {
		p := start(t, "build", "HELPER_CONTENT="+kbDir, "HELPER_OUT="+out, "HELPER_INDEX="+idx, "HELPER_PAUSE=staged")
		p.waitPaused(t)
		p.kill(t)
	}
	legacy := filepath.Join(dir, ".acmkb-build-123456")
	os.MkdirAll(filepath.Join(legacy, "public"), 0o755)
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(legacy, old, old)
	// The second killed build removed the first's staging directories.
	if left := leftovers(t, dir); len(left) != 3 {
		t.Fatalf("before the next build: %v, want 2 staging directories and 1 old one", left)
	}
	if err := buildIn(t, kbDir, out, idx); err != nil {
		t.Fatal(err)
	}
	if left := leftovers(t, dir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestStagingOfOtherOutputsIsKept: a build removes only the staging
// directories of its own outputs: another build beside it, of another
// output, goes on.
func TestStagingOfOtherOutputsIsKept(t *testing.T) {
	dir, kbDir, out, idx := outDir(t)
	other := start(t, "build", "HELPER_CONTENT="+kbDir, "HELPER_OUT="+filepath.Join(dir, "public2"), "HELPER_INDEX="+filepath.Join(dir, "idx2"), "HELPER_PAUSE=staged")
	other.waitPaused(t)
	if err := buildIn(t, kbDir, out, idx); err != nil {
		t.Fatal(err)
	}
	other.release()
	if _, err := other.wait(); err != nil {
		t.Fatalf("the other build: %v", err)
	}
	if site, ix := outputs(t, filepath.Join(dir, "public2"), filepath.Join(dir, "idx2")); site != "v1" || ix != "v1" {
		t.Errorf("the other build: site %s, index %s", site, ix)
	}
}

func TestOverlappingOutputsAreRefused(t *testing.T) {
	dir, kbDir, out, _ := outDir(t)
	err := buildIn(t, kbDir, out, filepath.Join(out, "acmkb.bleve"))
	if err == nil || !strings.Contains(err.Error(), "overlap") {
		t.Errorf("an index inside the site: %v", err)
	}
	if left := leftovers(t, dir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestStageNames: a staging directory is recognised as its destination's
// only.
func TestStageNames(t *testing.T) {
	for _, tc := range []struct {
		name, base string
		want       bool
	}{
		{".acmkb-stage-123.public", "public", true},
		{".acmkb-stage-123.public.x", "public", false},
		{".acmkb-stage-123.x.public", "public", false},
		{".acmkb-stage-.public", "public", false},
		{".acmkb-stage-12a.public", "public", false},
		{".acmkb-stage-9.acmkb.bleve", "acmkb.bleve", true},
	} {
		if got := stageOf(tc.name, tc.base); got != tc.want {
			t.Errorf("stageOf(%q, %q) = %v", tc.name, tc.base, got)
		}
	}
}

// TestSwapIsOneStep: where the system can exchange two names (Linux,
// macOS), a reader never finds the site missing while builds replace it:
// there is no moment between two renames.
func TestSwapIsOneStep(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("no exchange of two names on " + runtime.GOOS)
	}
	_, kbDir, out, idx := outDir(t)
	var points []string
	testHook = func(p string) error { points = append(points, p); return nil }
	defer func() { testHook = nil }()
	stop := make(chan struct{})
	missing := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				missing <- n
				return
			default:
			}
			if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
				n++
			}
		}
	}()
	for i := 0; i < 20; i++ {
		if err := buildIn(t, kbDir, out, idx); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	if n := <-missing; n > 0 {
		t.Errorf("the site was missing %d times during 20 builds", n)
	}
	if slices.Contains(points, "between renames") {
		t.Error("the site was replaced by two renames")
	}
}

// patchDir is outDir built with a cache directory, twice, so that the next
// build patches the site; with a copy of the site of v1 (not beside it) and
// v2 written into the content folder.
func patchDir(t *testing.T) (dir, kbDir, out, idx, cache, v1 string) {
	t.Helper()
	dir = t.TempDir()
	kbDir, out, idx, cache = filepath.Join(dir, "kb"), filepath.Join(dir, "public"), filepath.Join(dir, "acmkb.bleve"), t.TempDir()
	writeKB(t, kbDir, "v1", "no")
	for i := 0; i < 2; i++ {
		fsys, err := ContentDir(kbDir)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := Build(Options{Content: fsys, Out: out, Index: idx, CacheDir: cache}); err != nil {
			t.Fatal(err)
		}
	}
	if !lastPatched.Load() {
		t.Fatal("the second build did not patch the site")
	}
	v1 = filepath.Join(t.TempDir(), "v1")
	if err := os.CopyFS(v1, os.DirFS(out)); err != nil {
		t.Fatal(err)
	}
	writeKB(t, kbDir, "v2", "yes")
	return dir, kbDir, out, idx, cache, v1
}

// TestKillDuringPatch: a build that patches the site (only the changed
// files swapped, each in one step) and is killed at any point of its swaps
// leaves every file of the site whole; the next build, even one that fails
// on its content, puts every file and the index back as they were.
func TestKillDuringPatch(t *testing.T) {
	for _, tc := range []struct {
		point      string
		noExchange bool
	}{
		{point: "swapped 0"},
		{point: "swapped 3"},
		{point: "between renames", noExchange: true},
	} {
		name := tc.point
		if tc.noExchange {
			name += " without exchange"
		}
		t.Run(name, func(t *testing.T) {
			dir, kbDir, out, idx, cache, v1 := patchDir(t)
			env := []string{"HELPER_CONTENT=" + kbDir, "HELPER_OUT=" + out, "HELPER_INDEX=" + idx, "HELPER_CACHE=" + cache, "HELPER_PAUSE=" + tc.point}
			if tc.noExchange {
				env = append(env, "HELPER_NOEXCHANGE=1")
			}
			p := start(t, "build", env...)
			p.waitPaused(t)
			p.kill(t)
			// Without exchange, the file being swapped is missing until the next build.
			if site, ix := outputs(t, out, idx); !tc.noExchange && site != "v1" && site != "v2" || ix != "v1" {
				t.Errorf("after the kill: site %s, index %s", site, ix)
			}
			os.WriteFile(filepath.Join(kbDir, "entries", "broken.md"), []byte("---\nid: [\n---\n"), 0o644)
			var ce *loader.ContentError
			if err := buildIn(t, kbDir, out, idx); !errors.As(err, &ce) {
				t.Fatalf("the next build: %v, want a content error", err)
			}
			if diff := diffTrees(t, v1, out); diff != "" {
				t.Errorf("after the next build the site is not v1's: %s", diff)
			}
			if _, ix := outputs(t, out, idx); ix != "v1" {
				t.Errorf("after the next build: index %s", ix)
			}
			if left := leftovers(t, dir); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

// TestFailedPatchChangesNothing: when a swap of a patched build fails, the
// files swapped before it are put back, and the index too.
func TestFailedPatchChangesNothing(t *testing.T) {
	for _, point := range []string{"swap 0", "swapped 2", "committed"} {
		t.Run(point, func(t *testing.T) {
			dir, kbDir, out, idx, cache, v1 := patchDir(t)
			busy := failAt(t, point)
			fsys, err := ContentDir(kbDir)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := Build(Options{Content: fsys, Out: out, Index: idx, CacheDir: cache}); !errors.Is(err, busy) {
				t.Errorf("Build: %v, want the swap's error", err)
			}
			want := "v1"
			if point == "committed" {
				want = "v2"
			} else if diff := diffTrees(t, v1, out); diff != "" {
				t.Errorf("the site is not v1's: %s", diff)
			}
			if site, ix := outputs(t, out, idx); site != want || ix != want {
				t.Errorf("site %s, index %s, want both %s", site, ix, want)
			}
			if left := leftovers(t, dir); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
			// The next build patches again, from what is there.
			testHook = nil
			if _, _, err := Build(Options{Content: fsys, Out: out, Index: idx, CacheDir: cache}); err != nil {
				t.Fatal(err)
			}
			if site, ix := outputs(t, out, idx); site != "v2" || ix != "v2" {
				t.Errorf("the next build: site %s, index %s", site, ix)
			}
		})
	}
}

// TestRemovalIsUndone: an item removed by a patch (moved aside) is put
// back by undo, and undo does nothing when it was not moved yet.
func TestRemovalIsUndone(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "page")
	os.Mkdir(dst, 0o755)
	os.WriteFile(filepath.Join(dst, "index.html"), []byte("old"), 0o644)
	tg := &target{Dst: dst, Stage: dir, Output: dir, Aside: filepath.Join(dir, "aside-0"), Gone: true, Had: true}
	if err := tg.undo(); err != nil || !exists(dst) {
		t.Fatalf("undo before the swap: %v, the page is there: %v", err, exists(dst))
	}
	if err := tg.swap(); err != nil || exists(dst) {
		t.Fatalf("swap: %v, the page is there: %v", err, exists(dst))
	}
	if err := tg.undo(); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(dst, "index.html")); err != nil || string(data) != "old" {
		t.Errorf("after undo: %q, %v", data, err)
	}
}
