package site

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
)

// netlifyConfig is the part of netlify.toml the site depends on.
type netlifyConfig struct {
	Build struct {
		Command     string
		Publish     string
		Environment map[string]string
	}
	Headers []struct {
		For    string
		Values map[string]string
	}
	Redirects []struct {
		From, To   string
		Status     int
		Force      bool
		Conditions map[string][]string
	}
}

func TestNetlifyConfig(t *testing.T) {
	var cfg netlifyConfig
	_, err := toml.DecodeFile("../netlify.toml", &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cfg.Build.Command, `acmkb build --out public --base-url "$URL"`) || cfg.Build.Publish != "public" {
		t.Errorf("build: command %q, publish %q", cfg.Build.Command, cfg.Build.Publish)
	}
	if v := cfg.Build.Environment["GO_VERSION"]; !strings.HasPrefix(v, "1.26") {
		t.Errorf("GO_VERSION = %q", v)
	}
	headers := map[string]map[string]string{}
	for _, h := range cfg.Headers {
		if headers[h.For] != nil {
			t.Errorf("two header rules for %q", h.For)
		}
		headers[h.For] = h.Values
	}
	// Every header Serve sends is sent by Netlify too, with the same value.
	all := headers["/*"]
	for k, v := range SecurityHeaders {
		if diff := cmp.Diff(v, all[k]); diff != "" {
			t.Errorf("netlify.toml /* %s (-site.SecurityHeaders +netlify.toml):\n%s", k, diff)
		}
	}
	if !strings.Contains(all["Strict-Transport-Security"], "max-age=") {
		t.Error("no Strict-Transport-Security")
	}
	if _, ok := all["Cache-Control"]; ok {
		t.Error("/* sets Cache-Control: it would combine with /assets/*")
	}
	if got := headers["/assets/*"]["Cache-Control"]; got != "public, max-age=31536000, immutable" {
		t.Errorf("/assets/* Cache-Control = %q", got)
	}
	for _, p := range []string{"/", "/en/*", "/ja/*", "/404.html", "/sitemap.xml", "/search/*"} {
		if got := headers[p]["Cache-Control"]; got != "public, max-age=0, must-revalidate" {
			t.Errorf("%s Cache-Control = %q", p, got)
		}
	}
	if len(cfg.Redirects) != 2 || cfg.Redirects[0].To != "/ja/" || cfg.Redirects[0].Conditions["Language"][0] != "ja" || cfg.Redirects[1].To != "/en/" {
		t.Errorf("redirects of /: %+v", cfg.Redirects)
	}
}
