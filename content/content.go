// Package content embeds the default knowledge base: the ACM capability
// entries, the thesaurus, the settings and the evaluation questions. The
// format is specified in package loader.
//
// `acmkb --content DIR` reads another directory in the same format instead.
package content

import (
	"embed"
	"io/fs"
)

//go:embed kb.yaml thesaurus.yaml entries/*.md *.tsv
var files embed.FS

// FS returns the embedded knowledge base.
func FS() fs.FS { return compiled{files} }

// compiled is the embedded knowledge base, saying that it is part of the
// program.
type compiled struct{ embed.FS }

// InBinary marks a file system compiled into the running program: it cannot
// change while the program file does not, so package build remembers its
// hash against the program file instead of reading every file for each
// question.
func (compiled) InBinary() {}
