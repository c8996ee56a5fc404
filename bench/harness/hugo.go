package main

import (
	"bytes"
	"embed"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/acmkb/acmkb/kb"
	"gopkg.in/yaml.v3"
)

// hugoSite is the minimal Hugo site (config and layouts) the entries are
// rendered with; see hugo/config.toml for what it renders.
//
//go:embed all:hugo
var hugoSite embed.FS

// writeHugoSite lays out the Hugo site in dir with every entry of k as
// content/{lang}/ID.md: per language, the entry's prose as front matter
// parameters and its explanation as the page's Markdown. This conversion is
// preparation, not part of Hugo's timed build.
func writeHugoSite(dir string, k *kb.KB) error {
	skel, _ := fs.Sub(hugoSite, "hugo")
	if err := os.CopyFS(dir, skel); err != nil {
		return err
	}
	for _, e := range k.Entries {
		if err := writeHugoEntry(dir, e); err != nil {
			return err
		}
	}
	return nil
}

type hugoSource struct {
	URL      string `yaml:"url"`
	Title    string `yaml:"title"`
	Supports string `yaml:"supports"`
}

type hugoChange struct {
	Date   string `yaml:"date"`
	Before string `yaml:"before"`
	Note   string `yaml:"note"`
}

type hugoFrontMatter struct {
	Title      string       `yaml:"title"`
	Verdict    string       `yaml:"verdict"`
	Answer     string       `yaml:"answer"`
	Verified   string       `yaml:"verified"`
	Services   []string     `yaml:"services,omitempty"`
	Conditions []string     `yaml:"conditions,omitempty"`
	Sources    []hugoSource `yaml:"sources"`
	History    []hugoChange `yaml:"history,omitempty"`
	Related    []string     `yaml:"related,omitempty"`
}

// writeHugoEntry writes e's page in each language.
func writeHugoEntry(dir string, e *kb.Entry) error {
	e = e.Full() // its sources, history and conditions, however the loader left it
	for _, l := range kb.Langs {
		fm := hugoFrontMatter{
			Title: e.Title.In(l), Verdict: string(e.Verdict), Answer: e.Answer.In(l),
			Verified: e.Verified.String(), Services: e.Services, Conditions: e.Conditions.In(l), Related: e.Related,
		}
		for _, s := range e.Sources {
			fm.Sources = append(fm.Sources, hugoSource{URL: s.URL, Title: s.Title.In(l), Supports: s.Supports.In(l)})
		}
		for _, c := range e.History {
			fm.History = append(fm.History, hugoChange{Date: c.Date.String(), Before: string(c.Before), Note: c.Note.In(l)})
		}
		var b bytes.Buffer
		b.WriteString("---\n")
		if err := yaml.NewEncoder(&b).Encode(fm); err != nil {
			return err
		}
		b.WriteString("---\n\n")
		b.WriteString(e.BodyText().In(l))
		b.WriteString("\n")
		p := filepath.Join(dir, "content", string(l), e.ID+".md")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}
