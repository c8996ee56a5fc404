package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
)

// assetsDir is the directory of the templates FS whose files are published
// under /assets/, and the URL path they are published at.
const assetsDir = "assets"

// assets maps an asset's name in the templates FS ("style.css",
// "icons/x.svg", relative to assets/) to its fingerprinted site path
// ("/assets/style.3f2a1c9b.css").
type assets map[string]string

// fingerprint returns name with the first 8 hex digits of the SHA-256 of data
// before its extension: "style.css" -> "style.3f2a1c9b.css". The name changes
// whenever the content does, so the files can be cached forever.
func fingerprint(name string, data []byte) string {
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:4])
	dir, file := path.Split(name)
	ext := path.Ext(file)
	return dir + strings.TrimSuffix(file, ext) + "." + h + ext
}

// copyAssets reads every file under assets/ of tfs and returns the mapping
// to its fingerprinted name, with the files to write there. Files and
// directories whose names start with "." or "_" are skipped, as go:embed
// does.
func (b *builder) copyAssets(tfs fs.FS) (assets, map[string][]byte, error) {
	out := assets{}
	files := map[string][]byte{}
	err := fs.WalkDir(tfs, assetsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != assetsDir && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(tfs, p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, assetsDir+"/")
		data = minified(rel, data)
		hashed := path.Join(assetsDir, fingerprint(rel, data))
		files[hashed] = data
		out[rel] = "/" + hashed
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("copy assets: %w", err)
	}
	return out, files, nil
}

// url returns the site path of asset name, or an error naming the missing file.
func (a assets) url(name string) (string, error) {
	u, ok := a[name]
	if !ok {
		return "", fmt.Errorf("asset %q not found in templates/%s", name, assetsDir)
	}
	return u, nil
}

// minifier minifies the scripts and style sheets of assets/; made on the
// first build, not when a process that only answers questions starts.
var minifier = sync.OnceValue(func() *minify.M {
	m := minify.New()
	m.AddFunc("js", js.Minify)
	m.AddFunc("css", css.Minify)
	return m
})

// minified returns a script or style sheet without its comments and
// spaces (search.js is read by the browser before the first search: its
// comments were half of what a question loaded), other files as they
// are. A file the minifier cannot read is published as it is: the
// browser, not the build, is the judge of a template set's script.
func minified(name string, data []byte) []byte {
	kind := strings.TrimPrefix(path.Ext(name), ".")
	if kind != "js" && kind != "css" {
		return data
	}
	out, err := minifier().Bytes(kind, data)
	if err != nil {
		return data
	}
	return out
}
