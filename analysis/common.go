package analysis

import (
	_ "embed"
	"strings"
	"sync"
)

//go:generate go run gen_common.go

// commonText is common-en.txt: the stems (Stem) of the most common English
// words, one per line, sorted, from SCOWL's sizes 10 and 20 (the 1,000 most
// common words of Moby Words II and what a small dictionary holds; Debian's
// scowl package). SCOWL is Copyright 2000-2011 Kevin Atkinson: "Permission
// to use, copy, modify, distribute and sell these word lists, the associated
// scripts, the output created from the scripts, and its documentation for
// any purpose is hereby granted without fee, provided that the above
// copyright notice appears in all copies and that both that copyright notice
// and this permission notice appear in supporting documentation."
//
//go:embed common-en.txt
var commonText string

var commonOnce = sync.OnceValue(func() []string {
	var out []string
	for _, line := range strings.Split(commonText, "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
})

// Common reports whether term is the stem of a common English word ("flip",
// "budget", "employe"): a word a knowledge base has never seen but that
// people use about anything is more likely the context of a question ("what
// breaks if I flip it?") than what it is about ("ECDSA", "DNSSEC"), so
// Coverage weighs it at most Policy.Common, known or not. It searches the
// sorted lines of the embedded text in place: splitting the 5,200 lines
// into a slice first took about 2 ms of every `acmkb ask` process.
func Common(term string) bool {
	text := commonText
	if i := strings.IndexByte(text, '\n'); strings.HasPrefix(text, "#") && i >= 0 {
		text = text[i+1:] // the header line
	}
	lo, hi := 0, len(text) // text[lo:hi] starts at a line start and ends at one
	for lo < hi {
		mid := lo + (hi-lo)/2
		start := strings.LastIndexByte(text[lo:mid], '\n') + 1 + lo // the line holding mid
		end := strings.IndexByte(text[start:hi], '\n')
		if end < 0 {
			end = hi
		} else {
			end += start
		}
		switch line := text[start:end]; {
		case line == term:
			return true
		case line < term:
			lo = min(end+1, hi)
		default:
			hi = start
		}
	}
	return false
}

// CommonWords is the list Common reads: the search data marks each of them
// (site/searchdata.go), so that the browser applies the rule without the list.
func CommonWords() []string { return commonOnce() }
