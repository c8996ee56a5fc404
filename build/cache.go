package build

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
)

// CacheDir is where built indexes are kept for `ask` and `chat`:
// $ACMKB_CACHE_DIR, else the user's cache directory, else the temp directory.
func CacheDir() string {
	if d := os.Getenv("ACMKB_CACHE_DIR"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "acmkb")
	}
	return tempCacheDir()
}

// tempCacheDir is the cache directory of last resort.
func tempCacheDir() string { return filepath.Join(os.TempDir(), "acmkb-cache") }

// Version is part of every cache key, so that a new acmkb never reads an
// index an older one wrote. cmd/acmkb sets it from the build information.
var Version = "dev"

// ContentHash is a hash of every file the index depends on.
func ContentHash(fsys fs.FS) (string, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (p == loader.ConfigFile || p == loader.ThesaurusFile || strings.HasPrefix(p, loader.EntriesDir+"/") && strings.HasSuffix(p, ".md")) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("hash content: %w", err)
	}
	sort.Strings(files)
	h := sha256.New()
	fmt.Fprintf(h, "acmkb %s\n", Version)
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return "", fmt.Errorf("hash content: %w", err)
		}
		fmt.Fprintf(h, "%s %d\n", f, len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:20], nil
}

// OpenCached opens the index of opts.Content from the cache in dir, building
// it first when the content changed (or was never built). A concurrent build
// of the same content is harmless: the first to finish wins. When dir cannot
// be written (a read-only home, say), the index is cached in the temporary
// directory instead: answering never depends on a writable cache.
func OpenCached(opts Options, dir string) (*index.Index, error) {
	hash, err := ContentHash(opts.Content)
	if err != nil {
		return nil, err
	}
	name := "index-" + hash
	if ix, err := index.Open(filepath.Join(dir, name)); err == nil {
		return ix, nil
	}
	// The cache is keyed by the content alone: the overrides of base URL and
	// staleness apply when answers are printed (reply.Settings), never to
	// what is stored, or one `ask --base-url X` would change every later ask.
	opts.BaseURL, opts.StaleDays = "", 0
	k, _, err := Load(opts)
	if err != nil {
		return nil, err
	}
	ix, err := buildCached(k, dir, name)
	if err != nil {
		tmp := tempCacheDir()
		if tmp == dir {
			return nil, err
		}
		if ix, terr := index.Open(filepath.Join(tmp, name)); terr == nil {
			return ix, nil
		}
		if ix, terr := buildCached(k, tmp, name); terr == nil {
			return ix, nil
		}
	}
	return ix, err
}

// buildCached builds the index of k into dir/name and opens it.
func buildCached(k *kb.KB, dir, name string) (*index.Index, error) {
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	s, err := newStage(path, false)
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	defer os.RemoveAll(s.tmp)
	if err := index.Build(k, s.path); err != nil {
		return nil, err
	}
	os.RemoveAll(path) // an unreadable index of the same hash
	if err := os.Rename(s.path, path); err != nil && !errors.Is(err, fs.ErrExist) {
		if _, serr := os.Stat(path); serr != nil {
			return nil, fmt.Errorf("cache: %w", err)
		}
	}
	pruneCache(dir, name)
	return index.Open(path)
}

// pruneCache removes the indexes of older content from the cache.
func pruneCache(dir, keep string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "index-") && e.Name() != keep {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}
