// Package build turns a content directory into its outputs: the static site
// and the bleve index (`acmkb build`), and the cached index that `acmkb ask`
// and `acmkb chat` answer from.
//
// Builds are atomic: everything is written beside the destination first and
// swapped in only when the whole build succeeded, so a failed build leaves no
// partial output and the previous good output untouched.
package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
	"github.com/acmkb/acmkb/site"
)

// Options say what to build from what.
type Options struct {
	Content     fs.FS            // the content directory
	ContentName string           // how to name it in messages ("content")
	Out         string           // site directory; "" skips the site
	Index       string           // index directory; "" skips the index
	BaseURL     string           // overrides kb.yaml's base_url when not empty
	NoIndex     bool             // mark the site noindex
	StaleDays   int              // overrides kb.yaml's stale_days when positive
	Now         func() time.Time // the clock (tests)
	LiveReload  string           // site.Options.LiveReload (acmkb serve)
	Templates   fs.FS            // templates to render with; nil: the embedded ones
}

// Load reads and checks the content, returning the knowledge base and every
// problem (warnings included). The error lists every error-level problem.
func Load(opts Options) (*kb.KB, loader.Problems, error) {
	k, problems := loader.Load(opts.Content, loader.Options{Now: opts.Now, StaleDays: opts.StaleDays, Root: opts.ContentName})
	if err := problems.Err(); err != nil {
		return nil, problems, err
	}
	if opts.BaseURL != "" {
		k.Config.BaseURL = opts.BaseURL
	}
	return k, problems, nil
}

// Build checks the content, then writes the site and the index. On any error
// nothing is changed on disk.
func Build(opts Options) (*kb.KB, loader.Problems, error) {
	k, problems, err := Load(opts)
	if err != nil {
		return nil, problems, err
	}
	var staged []stage
	defer func() {
		for _, s := range staged {
			os.RemoveAll(s.tmp)
		}
	}()
	if opts.Out != "" {
		s, err := newStage(opts.Out, true)
		if err != nil {
			return nil, problems, err
		}
		staged = append(staged, s)
		if err := site.Build(k, s.path, site.Options{BaseURL: k.Config.BaseURL, NoIndex: opts.NoIndex, Now: opts.Now, LiveReload: opts.LiveReload, Templates: opts.Templates}); err != nil {
			return nil, problems, fmt.Errorf("build site: %w", err)
		}
	}
	if opts.Index != "" {
		s, err := newStage(opts.Index, false)
		if err != nil {
			return nil, problems, err
		}
		staged = append(staged, s)
		if err := index.Build(k, s.path); err != nil {
			return nil, problems, fmt.Errorf("build index: %w", err)
		}
	}
	for _, s := range staged {
		if err := replace(s.path, s.dst); err != nil {
			return nil, problems, err
		}
	}
	return k, problems, nil
}

// stage is a directory written beside its destination.
type stage struct {
	tmp  string // the temporary parent, removed at the end
	path string // where to write (inside tmp)
	dst  string // where it goes on success
}

// newStage makes a temporary directory beside dst; mkdir creates the path to
// write to (the site wants it, bleve creates its own).
func newStage(dst string, mkdir bool) (stage, error) {
	parent := filepath.Dir(filepath.Clean(dst))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return stage{}, fmt.Errorf("create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, ".acmkb-build-*")
	if err != nil {
		return stage{}, fmt.Errorf("stage %s: %w", dst, err)
	}
	p := filepath.Join(tmp, filepath.Base(dst))
	if mkdir {
		if err := os.Mkdir(p, 0o755); err != nil {
			os.RemoveAll(tmp)
			return stage{}, err
		}
	}
	return stage{tmp: tmp, path: p, dst: filepath.Clean(dst)}, nil
}

// replace moves the directory src to dst, replacing what was there. The old
// dst is moved aside first and put back if the move fails.
func replace(src, dst string) error {
	old := ""
	if _, err := os.Lstat(dst); err == nil {
		old = filepath.Join(filepath.Dir(src), ".old")
		if err := os.Rename(dst, old); err != nil {
			return fmt.Errorf("replace %s: %w", dst, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("replace %s: %w", dst, err)
	}
	if err := os.Rename(src, dst); err != nil {
		if old != "" {
			os.Rename(old, dst)
		}
		return fmt.Errorf("replace %s: %w", dst, err)
	}
	return nil // old lies inside the stage's tmp directory and goes with it
}
