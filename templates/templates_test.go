package templates

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

func TestFilesEmbedded(t *testing.T) {
	for _, name := range []string{
		"layout.html", "root.html", "home.html", "entry.html", "search.html", "404.html",
		"assets/style.css", "assets/site.js", "assets/search.js", "assets/favicon.svg",
	} {
		if _, err := fs.Stat(FS(), name); err != nil {
			t.Errorf("%s not embedded: %v", name, err)
		}
	}
}

var (
	// Anything a browser would fetch from another origin.
	externalRef = regexp.MustCompile(`(?i)(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import|fonts\.googleapis|cdn\.`)
	// What a strict CSP (no 'unsafe-inline') blocks in HTML.
	inlineHandler = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	styleAttr     = regexp.MustCompile(`(?i)\sstyle\s*=`)
	inlineScript  = regexp.MustCompile(`(?i)<script(?:\s[^>]*)?>`)
)

// TestSelfContained checks that templates and assets load nothing from other
// origins and contain nothing the site's Content Security Policy would block.
func TestSelfContained(t *testing.T) {
	err := fs.WalkDir(FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(FS(), p)
		if err != nil {
			return err
		}
		src := string(data)
		if m := externalRef.FindString(src); m != "" {
			t.Errorf("%s refers to another origin: %q", p, m)
		}
		if !strings.HasSuffix(p, ".html") {
			return nil
		}
		if m := inlineHandler.FindString(src); m != "" {
			t.Errorf("%s has an inline event handler: %q", p, m)
		}
		if m := styleAttr.FindString(src); m != "" {
			t.Errorf("%s has a style attribute: %q", p, m)
		}
		for _, tag := range inlineScript.FindAllString(src, -1) {
			if !strings.Contains(tag, "src=") {
				t.Errorf("%s has an inline script: %q", p, tag)
			}
		}
		if strings.Contains(strings.ToLower(src), "<style") {
			t.Errorf("%s has a <style> element", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestScriptIsCSPSafe checks the scripts for what script-src 'self' forbids.
func TestScriptIsCSPSafe(t *testing.T) {
	for _, name := range []string{"assets/site.js", "assets/search.js"} {
		data, err := fs.ReadFile(FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"eval(", "new Function", "setAttribute('style'", ".innerHTML", "document.write"} {
			if strings.Contains(string(data), bad) {
				t.Errorf("%s uses %s", name, bad)
			}
		}
	}
}
