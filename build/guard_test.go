package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOnlyOutputsAreReplaced: a build replaces its outputs whole, so it
// refuses a site or index folder that holds what acmkb did not write (a
// folder of notes, a knowledge base given to --out by mistake) or that is,
// holds or lies inside the content folder, and leaves it as it was; its own
// outputs, and those with a file manager's litter, it replaces.
func TestOnlyOutputsAreReplaced(t *testing.T) {
	dir, kbDir, out, idx := outDir(t)
	notes := filepath.Join(dir, "notes")
	if err := os.Mkdir(notes, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(notes, "important.txt"), []byte("my notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys, err := ContentDir(kbDir)
	if err != nil {
		t.Fatal(err)
	}
	build := func(out, idx string) error {
		_, _, err := Build(Options{Content: fsys, ContentName: "kb", ContentDir: kbDir, Out: out, Index: idx})
		return err
	}
	for _, tc := range []struct {
		name, out, idx, want string
	}{
		{"notes as the site", notes, idx, "site folder (--out) " + notes + " holds important.txt, which an acmkb site does not"},
		{"notes as the index", out, notes, "index folder (--index) " + notes + " holds important.txt"},
		{"the content folder as the site", kbDir, "", "is the content folder"},
		{"a folder inside the content", filepath.Join(kbDir, "entries"), "", "is inside the content folder"},
		{"a folder around the content", dir, "", "holds the content folder"},
		{"the content folder as the index", out, kbDir, "index folder (--index) " + kbDir + " is the content folder"},
		{"the site as the index", out, out, "which an acmkb index does not"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := treeOf(t, dir)
			err := build(tc.out, tc.idx)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Build: %v, want an error saying %q", err, tc.want)
			}
			if after := treeOf(t, dir); after != before {
				t.Errorf("the refused build changed the folder:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
	if err := os.WriteFile(filepath.Join(out, ".DS_Store"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := build(out, idx); err != nil {
		t.Errorf("rebuilding its own outputs (with a .DS_Store in the site): %v", err)
	}
}

// treeOf lists every file under dir with its size and modification time,
// one line each, lock files left out.
func treeOf(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), lockPrefix) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if !d.IsDir() {
			fmt.Fprintf(&b, "%s %d %s\n", rel, info.Size(), info.ModTime())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
