package analysis

import (
	_ "embed"
	"strings"
)

//go:embed general.txt
var generalText string

// General returns the general synonyms that ship with the engine (general.txt):
// words people use interchangeably in questions about any product ("delete /
// remove / 削除", "cost / price / 料金"). New adds them to every knowledge
// base's own thesaurus, so that a knowledge base written with no thesaurus at
// all still meets a question in other words.
func General() [][]string {
	var groups [][]string
	for _, line := range strings.Split(generalText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var g []string
		for _, m := range strings.Split(line, ",") {
			if m = strings.TrimSpace(m); m != "" {
				g = append(g, m)
			}
		}
		groups = append(groups, g)
	}
	return groups
}
