//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"
)

// followResize keeps t's width that of the terminal out as it is resized
// (SIGWINCH), until stop is called: the line editor wraps and redraws a
// question at the width it knows, so a narrowed window garbled it.
func followResize(t *term.Terminal, out *os.File) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGWINCH)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-ch:
				if w, h, err := term.GetSize(int(out.Fd())); err == nil && w > 0 && h > 0 {
					t.SetSize(w, h)
				}
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}
