package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
)

// The tests of kills and concurrency run real processes: this test binary,
// started again with ACMKB_BUILD_HELPER naming what to do (see helper).
func TestMain(m *testing.M) {
	if mode := os.Getenv("ACMKB_BUILD_HELPER"); mode != "" {
		os.Exit(helper(mode))
	}
	os.Exit(m.Run())
}

// helper is the main of a helper process.
//
//	build: Build HELPER_CONTENT into HELPER_OUT and HELPER_INDEX; at the hook
//	       point HELPER_PAUSE it creates HELPER_CTL/paused and waits for
//	       HELPER_CTL/release (forever if it never comes: to be killed).
//	       HELPER_NOEXCHANGE swaps by two renames; with HELPER_CACHE, the
//	       build keeps its caches there (and patches the site).
//	ask:   answer HELPER_QUESTION from the index of HELPER_CONTENT cached in
//	       HELPER_CACHE; print the entry's title, or "-".
func helper(mode string) int {
	env := os.Getenv
	if p := env("HELPER_PAUSE"); p != "" {
		testHook = func(point string) error {
			if point == p {
				ctl := env("HELPER_CTL")
				os.WriteFile(filepath.Join(ctl, "paused"), nil, 0o644)
				for {
					if _, err := os.Stat(filepath.Join(ctl, "release")); err == nil {
						return nil
					}
					time.Sleep(10 * time.Millisecond)
				}
			}
			return nil
		}
	}
	if env("HELPER_NOEXCHANGE") != "" {
		exchangeNames = func(a, b string) error { return errNoExchange }
	}
	fsys, err := ContentDir(env("HELPER_CONTENT"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	switch mode {
	case "build":
		_, _, err = Build(Options{Content: fsys, Out: env("HELPER_OUT"), Index: env("HELPER_INDEX"), CacheDir: env("HELPER_CACHE")})
	case "ask":
		var ix *index.Index
		ix, err = OpenCached(Options{Content: fsys}, env("HELPER_CACHE"))
		if err == nil {
			fmt.Println(answerTitle(ix, env("HELPER_QUESTION")))
			ix.Close()
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// proc is a running helper process.
type proc struct {
	cmd         *exec.Cmd
	ctl         string
	out, errOut bytes.Buffer
}

// start runs a helper process in mode with env ("KEY=value").
func start(t *testing.T, mode string, env ...string) *proc {
	t.Helper()
	p := &proc{ctl: t.TempDir()}
	p.cmd = exec.Command(os.Args[0], "-test.run=^$")
	p.cmd.Env = append(os.Environ(), append([]string{"ACMKB_BUILD_HELPER=" + mode, "HELPER_CTL=" + p.ctl}, env...)...)
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.errOut
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			p.cmd.Wait()
		}
	})
	return p
}

// waitPaused waits until the helper reached its pause point.
func (p *proc) waitPaused(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(filepath.Join(p.ctl, "paused")); err == nil {
			return
		}
		if p.exited() {
			t.Fatalf("the helper exited before its pause point: %s", p.errOut.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the helper never reached its pause point")
}

func (p *proc) exited() bool {
	return p.cmd.Process.Signal(syscall.Signal(0)) != nil
}

func (p *proc) release() { os.WriteFile(filepath.Join(p.ctl, "release"), nil, 0o644) }

// kill ends the helper with SIGKILL: no deferred function, no cleanup.
func (p *proc) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
}

// wait waits for the helper and returns its error and output.
func (p *proc) wait() (string, error) {
	err := p.cmd.Wait()
	if err != nil {
		err = fmt.Errorf("%w: %s", err, p.errOut.String())
	}
	return p.out.String(), err
}

// writeKB writes a knowledge base of one entry whose title carries marker
// (so that a site page and an index answer tell which build made them) into
// dir, replacing what is there.
func writeKB(t testing.TB, dir, marker, verdict string) {
	t.Helper()
	files := map[string]string{
		"kb.yaml": "name: {en: Test KB, ja: テスト}\nproduct: {en: P, ja: P}\ndescription: {en: D., ja: D。}\nbase_url: https://kb.example.com\nstale_days: 100000\n",
		"entries/copy-cert.md": `---
id: copy-cert
verdict: "` + verdict + `"
verified: 2026-01-01
title: {en: "Copy a certificate ` + marker + `", ja: "証明書をコピーする ` + marker + `"}
answer: {en: "Answer ` + marker + `.", ja: "回答 ` + marker + `。"}
examples:
  en: ["can I copy a certificate to another region?"]
  ja: ["証明書を別のリージョンにコピーできますか"]
sources:
  - url: https://example.com/regions
    title: {en: Regions, ja: リージョン}
    supports: {en: Per region., ja: リージョンごと。}
---
<!-- en -->
Body ` + marker + `.

<!-- ja -->
本文 ` + marker + `。
`,
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const question = "can I copy a certificate to another region?"

// answerTitle is the English title of the entry that answers q, or "-".
func answerTitle(ix *index.Index, q string) string {
	a, err := index.Guard(func() (*kb.Answer, error) { return ix.Ask(q, index.Options{}) })
	if err != nil {
		return "error: " + err.Error()
	}
	if !a.Answered {
		return "-"
	}
	return a.Entry.Title[kb.EN] + " (" + string(a.Entry.Verdict) + ")"
}

var markerRE = regexp.MustCompile(`Copy a certificate (v\d+)`)

// outputs reads which build made the site in out and the index in idx:
// "v1", "v2"..., "missing" or "broken".
func outputs(t *testing.T, out, idx string) (site, ix string) {
	t.Helper()
	site = "missing"
	if page, err := os.ReadFile(filepath.Join(out, "en", "copy-cert", "index.html")); err == nil {
		site = "broken"
		if _, err := os.Stat(filepath.Join(out, "sitemap.xml")); err == nil { // written last
			if m := markerRE.FindSubmatch(page); m != nil {
				site = string(m[1])
			}
		}
	} else if _, err := os.Stat(out); err == nil {
		site = "broken"
	}
	ix = "missing"
	if _, err := os.Stat(idx); err == nil {
		ix = "broken"
		if x, err := index.Open(idx); err == nil {
			if m := markerRE.FindStringSubmatch(answerTitle(x, question)); m != nil {
				ix = m[1]
			}
			x.Close()
		}
	}
	return site, ix
}

// leftovers lists what builds left beside the outputs in dir, besides the
// lock files.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, de := range des {
		if strings.HasPrefix(de.Name(), ".acmkb") && !strings.HasPrefix(de.Name(), lockPrefix) {
			out = append(out, de.Name())
		}
	}
	return out
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return !errors.Is(err, fs.ErrNotExist)
}
