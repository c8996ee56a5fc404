package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/site"
)

// guardOutputs refuses a build that would replace what is not an output of
// acmkb. Build replaces its outputs whole, so a folder named by mistake
// ("acmkb build --out mykb", forgetting --content) would be lost with
// everything in it: an output may be missing, empty, or hold only what a
// site (site.OutputName) or an index (index.OutputName) holds, and must be
// neither the content folder (Options.ContentDir), nor inside it, nor
// around it.
func guardOutputs(opts Options) error {
	var content string // as builds name their outputs (canonical), to compare with them
	if opts.ContentDir != "" {
		c, err := canonical(opts.ContentDir)
		if err != nil {
			return err
		}
		content = c
	}
	for _, o := range []struct {
		dst, what string
		ours      func(string) bool
	}{
		{opts.Out, "site", site.OutputName},
		{opts.Index, "index", index.OutputName},
	} {
		if o.dst == "" {
			continue
		}
		flag := map[string]string{"site": "--out", "index": "--index"}[o.what]
		abs, err := canonical(o.dst)
		if err != nil {
			return err
		}
		if content != "" && (abs == content || within(content, abs) || within(abs, content)) {
			rel := "is"
			switch {
			case within(content, abs):
				rel = "holds"
			case within(abs, content):
				rel = "is inside"
			}
			return fmt.Errorf("the %s folder (%s) %s %s the content folder %s: building would replace it; choose another folder", o.what, flag, o.dst, rel, opts.ContentDir)
		}
		des, err := os.ReadDir(o.dst)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			if st, serr := os.Stat(o.dst); serr == nil && !st.IsDir() {
				return fmt.Errorf("the %s folder (%s) %s is a file: building would replace it; choose a folder", o.what, flag, o.dst)
			}
			return fmt.Errorf("the %s folder (%s): %w", o.what, flag, err)
		}
		var foreign []string
		for _, de := range des {
			if !o.ours(de.Name()) && !litter[de.Name()] {
				foreign = append(foreign, de.Name())
			}
		}
		if len(foreign) == 0 {
			continue
		}
		slices.Sort(foreign)
		names := strings.Join(foreign[:min(3, len(foreign))], ", ")
		if len(foreign) > 3 {
			names += fmt.Sprintf(" and %d more", len(foreign)-3)
		}
		return fmt.Errorf("the %s folder (%s) %s holds %s, which an acmkb %s does not: building would replace the folder and lose them; move them away or choose another folder", o.what, flag, o.dst, names, o.what)
	}
	return nil
}

// litter is what file managers leave in the folders they show: an output
// that holds it is still replaced.
var litter = map[string]bool{".DS_Store": true, "Thumbs.db": true, "desktop.ini": true}

// within reports whether path is inside dir (both absolute and clean).
func within(path, dir string) bool {
	return strings.HasPrefix(path, dir+string(filepath.Separator))
}
