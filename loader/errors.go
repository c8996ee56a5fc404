package loader

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with the content, at a file and line.
type Problem struct {
	Path    string // file, relative to the content root (or as given by the caller)
	Line    int    // 1-based; 0 when the problem concerns the whole file
	Msg     string
	Warning bool // a warning does not fail the check
}

func (p Problem) Error() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.Path, p.Msg)
}

// String formats the problem as it is printed: warnings say so.
func (p Problem) String() string {
	if p.Warning {
		return p.Error() + " (warning)"
	}
	return p.Error()
}

// Problems is every problem found in one load, in file and line order.
type Problems []Problem

// Errors returns only the problems that fail a check.
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// Warnings returns only the warnings.
func (ps Problems) Warnings() Problems {
	var out Problems
	for _, p := range ps {
		if p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// Err returns an error that joins every error-level problem, or nil.
func (ps Problems) Err() error {
	errs := ps.Errors()
	if len(errs) == 0 {
		return nil
	}
	list := make([]error, len(errs))
	for i, p := range errs {
		list[i] = p
	}
	return &ContentError{Problems: errs, err: errors.Join(list...)}
}

func (ps Problems) sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Path != ps[j].Path {
			return ps[i].Path < ps[j].Path
		}
		return ps[i].Line < ps[j].Line
	})
}

// ContentError is returned when the content has errors; it lists all of them.
type ContentError struct {
	Problems Problems
	err      error
}

func (e *ContentError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap returns the individual problems.
func (e *ContentError) Unwrap() error { return e.err }
