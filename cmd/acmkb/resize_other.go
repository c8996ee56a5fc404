//go:build !unix

package main

import (
	"os"

	"golang.org/x/term"
)

// followResize does nothing where terminals do not signal a resize.
func followResize(*term.Terminal, *os.File) (stop func()) { return func() {} }
