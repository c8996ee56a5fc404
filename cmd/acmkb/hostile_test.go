package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/acmkb/acmkb/kb"
)

// TestServeStopsCleanly runs `acmkb serve --addr :0`: the pages link to the
// address it really listens on, and SIGTERM ends it with its temporary site
// removed (issue 12, row 14: the site was left behind, and ":PORT" gave
// pages the base URL "http://:PORT").
func TestServeStopsCleanly(t *testing.T) {
	tmp := t.TempDir()
	cmd := exec.Command("acmkb", "serve", "--addr", ":0")
	cmd.Dir = t.TempDir() // no ./content here: the embedded one is served
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var base string
	select {
	case line := <-lines:
		m := regexp.MustCompile(`^serving (http://127\.0\.0\.1:[1-9]\d*)/ `).FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("serve says %q, want serving http://127.0.0.1:PORT/", line)
		}
		base = m[1]
	case <-time.After(time.Minute):
		t.Fatalf("serve did not start: %s", stderr.String())
	}
	resp, err := http.Get(base + "/en/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := `<link rel="canonical" href="` + base + `/en/">`; !strings.Contains(string(page), want) {
		t.Errorf("/en/ does not link to where it is served: want %s", want)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "acmkb-serve-*")); len(left) != 1 {
		t.Fatalf("temporary sites while serving: %v", left)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after SIGTERM: %v: %s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "acmkb-serve-*")); len(left) > 0 {
		t.Errorf("left behind after SIGTERM: %v", left)
	}
}

// TestExplainPrintsPlainText: what --explain prints from the question and
// the content carries no control characters (issue 12, row 10).
func TestExplainPrintsPlainText(t *testing.T) {
	esc := "\x1b]0;pwned\x07\x1b[2J"
	a := &kb.Answer{
		Answered: true, Alternatives: []kb.Alternative{{ID: "x" + esc}}, Section: &kb.SectionRef{Heading: "heading" + esc},
		Explanation: &kb.Explanation{
			Terms:     []string{"export" + esc},
			Corrected: map[string]string{"exprot" + esc: "export" + esc},
			Concepts:  []kb.Concept{{Terms: []string{"key" + esc}}},
			Matches:   []kb.Match{{Term: "term" + esc, Field: "field" + esc}},
		},
	}
	var b strings.Builder
	writeExplanation(&b, a)
	if strings.ContainsAny(b.String(), "\x1b\x07") {
		t.Errorf("control characters in:\n%q", b.String())
	}
}
