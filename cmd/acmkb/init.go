package main

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/urfave/cli/v2"
)

// starter is the knowledge base `acmkb init` writes: kb.yaml, an empty
// thesaurus, one entry and an evaluation set, as templates.
//
//go:embed starter
var starter embed.FS

func initCmd() *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "start a new knowledge base in DIR: settings, one entry, an empty thesaurus, an evaluation set",
		ArgsUsage: "DIR",
		Description: `Writes a knowledge base that check, ask, build and eval accept as it is
(acmkb ask --content DIR "..."). Replace the entry with your own; see the
README, "Start your own knowledge base". DIR must not exist or be empty.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "name", Usage: "the knowledge base's `NAME` (default: \"PRODUCT knowledge base\")"},
			&cli.StringFlag{Name: "name-ja", Usage: "its Japanese `NAME` (default: \"PRODUCT のナレッジベース\")"},
			&cli.StringFlag{Name: "product", Value: "Example product", Usage: "the `PRODUCT` its entries are about"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return &exitError{code: exitUsage, msg: "acmkb init: want one DIR (see acmkb help init)"}
			}
			dir := c.Args().First()
			// Both names follow --product unless given: --product alone
			// named the Japanese site "Amazon S3 のナレッジベース" and the
			// English one "Knowledge base".
			name := c.String("name")
			if name == "" {
				name = c.String("product") + " knowledge base"
			}
			nameJA := c.String("name-ja")
			if nameJA == "" {
				nameJA = c.String("product") + " のナレッジベース"
			}
			written, err := writeStarter(dir, name, nameJA, c.String("product"), time.Now())
			if err != nil {
				return &exitError{code: exitUsage, msg: "acmkb init: " + err.Error()}
			}
			w := c.App.Writer
			for _, f := range written {
				fmt.Fprintf(w, "wrote %s\n", f)
			}
			fmt.Fprintf(w, "\nnext:\n  acmkb check --content %s\n  acmkb ask --content %s \"can I download my report as a csv file?\"\n  acmkb eval --content %s\n", dir, dir, dir)
			return nil
		},
	}
}

// writeStarter writes the starter knowledge base into dir (created; it must
// not exist or be empty) and returns the files written.
func writeStarter(dir, name, nameJA, product string, now time.Time) ([]string, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	data := map[string]string{"Name": name, "NameJA": nameJA, "Product": product, "Today": now.Format("2006-01-02")}
	funcs := template.FuncMap{"q": func(s string) string { // a YAML double-quoted scalar
		b, _ := json.Marshal(s)
		return string(b)
	}}
	var written []string
	err := fs.WalkDir(starter, "starter", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(starter, p)
		if err != nil {
			return err
		}
		t, err := template.New(p).Funcs(funcs).Parse(string(src))
		if err != nil {
			return err
		}
		var b strings.Builder
		if err := t.Execute(&b, data); err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "starter/")))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, []byte(b.String()), 0o644); err != nil {
			return err
		}
		written = append(written, dst)
		return nil
	})
	return written, err
}
