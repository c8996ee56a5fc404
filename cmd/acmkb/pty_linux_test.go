//go:build linux

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// openPTY opens a pseudo-terminal: its controlling side and the terminal a
// program runs in. Its size is 0x0 until someone sets it, as under `script`
// run from a pipe, in an Emacs shell or on a serial console.
func openPTY(t *testing.T) (ptm, tty *os.File) {
	t.Helper()
	ptm, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	t.Cleanup(func() { ptm.Close() })
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptm.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("TIOCGPTN: %v", e)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptm.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatalf("TIOCSPTLCK: %v", e)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	return ptm, tty
}

// chatOnPTY runs `acmkb chat` on a fresh pseudo-terminal (0x0), waits for
// its prompt, types each of keys after a pause (a short one after a single
// character, as typed; a longer one after Enter or a paste), or resizes the
// terminal to N columns for a key "resize:N", then types Ctrl-D, and
// returns what the terminal showed.
func chatOnPTY(t *testing.T, keys ...string) string {
	t.Helper()
	return onPTY(t, []string{"chat"}, "acmkb> ", keys...)
}

// ptyOutput is what a program wrote to its terminal so far.
type ptyOutput struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (o *ptyOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

func (o *ptyOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

// onPTY is chatOnPTY for any acmkb command: acmkb args... on a fresh
// pseudo-terminal; keys are typed once the terminal shows ready (before,
// they would meet the terminal before the program set it up: a Ctrl-D
// typed then is the end of input of a terminal not yet raw), or after 60 s.
func onPTY(t *testing.T, args []string, ready string, keys ...string) string {
	t.Helper()
	ptm, tty := openPTY(t)
	cmd := exec.Command("acmkb", args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.Env = append(os.Environ(), "ACMKB_CACHE_DIR="+filepath.Join(t.TempDir(), "cache"), "NO_COLOR=1")
	// The terminal is the child's controlling terminal, which signals it
	// when resized.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	tty.Close() // the child holds it now: the end of its output is EOF here

	var out ptyOutput
	copied := make(chan struct{})
	go func() {
		io.Copy(&out, ptm) // until the child exits (EIO)
		close(copied)
	}()
	for deadline := time.Now().Add(60 * time.Second); !strings.Contains(out.String(), ready) && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	for _, k := range keys {
		if cols, ok := strings.CutPrefix(k, "resize:"); ok {
			n, _ := strconv.Atoi(cols)
			ws := struct{ rows, cols, x, y uint16 }{24, uint16(n), 0, 0}
			if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptm.Fd(), syscall.TIOCSWINSZ, uintptr(unsafe.Pointer(&ws))); e != 0 {
				t.Fatalf("TIOCSWINSZ: %v", e)
			}
			time.Sleep(300 * time.Millisecond)
			continue
		}
		ptm.Write([]byte(k))
		if len(k) == 1 && k != "\r" {
			time.Sleep(5 * time.Millisecond)
		} else {
			time.Sleep(300 * time.Millisecond) // an answer, or a paste
		}
	}
	ptm.Write([]byte{4})
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("acmkb %s: %v\n%q", strings.Join(args, " "), err, out.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("acmkb %s did not end on Ctrl-D:\n%q", strings.Join(args, " "), out.String())
	}
	<-copied
	return out.String()
}

// TestChatInTerminalWithoutSize types a question into `acmkb chat` running in
// a terminal that reports no size (0 columns): the line editor took that as
// its width and echoed every typed character on a line of its own
// ("a\r\nc\r\nm\r\nk\r\nb\r\n>\r\n"...), which made chat unreadable under
// `script -qc` and in terminals that do not report their size.
func TestChatInTerminalWithoutSize(t *testing.T) {
	var keys []string
	for _, k := range "wildcard?\r" { // typed as a person types: one key at a time
		keys = append(keys, string(k))
	}
	got := chatOnPTY(t, keys...)
	if !strings.Contains(got, "acmkb> wildcard?") {
		t.Errorf("the prompt and the typed question are not on one line:\n%q", got)
	}
	if !strings.Contains(got, "Get a wildcard certificate from ACM") {
		t.Errorf("no answer:\n%q", got)
	}
	// Ctrl-D ends the prompt's line: the shell's prompt came after "acmkb> ".
	if !strings.HasSuffix(got, "acmkb> \r\n\x1b[?2004l") {
		t.Errorf("chat ends on the prompt's line:\n%q", got)
	}
}

// TestChatPastedEmailIsOneQuestion pastes a customer's email into chat (a
// bracketed paste, as terminals send one once chat asks for it): it was
// asked line by line, "Hello team," and "Thanks, Bob" each answered "not
// covered" with nearest entries. Its lines are one question, asked on the
// Enter after the paste.
func TestChatPastedEmailIsOneQuestion(t *testing.T) {
	email := "Hi,\rCan I copy an ACM certificate to another region?\rThanks, Bob\r"
	got := chatOnPTY(t, "\x1b[200~"+email+"\x1b[201~", "\r", "wildcard?\r")
	if !strings.Contains(got, "\x1b[?2004h") {
		t.Errorf("chat does not turn bracketed paste on:\n%q", got)
	}
	if !strings.HasSuffix(got, "\x1b[?2004l") {
		t.Errorf("chat does not turn bracketed paste off as it ends:\n%q", got)
	}
	if strings.Contains(got, "does not cover") {
		t.Errorf("a line of the email was asked alone:\n%q", got)
	}
	if n := strings.Count(got, "NO  Copy an ACM certificate to another Region or account"); n != 1 {
		t.Errorf("%d answers to the email, want 1:\n%q", n, got)
	}
	if !strings.Contains(got, "...> Thanks, Bob") {
		t.Errorf("the prompt does not show the paste's lines gathering:\n%q", got)
	}
	if !strings.Contains(got, "acmkb> wildcard?\r\nYES  Get a wildcard certificate from ACM") {
		t.Errorf("the question typed after the paste is not answered alone:\n%q", got)
	}
}

// TestChatFollowsResize narrows the terminal while chat runs, then types a
// question longer than the new width: the line editor kept the width it
// started with (80 columns here), so its wrapping and redrawing no longer
// matched the window.
func TestChatFollowsResize(t *testing.T) {
	keys := []string{"resize:30"}
	for _, k := range "can I export the private key of a cert?\r" {
		keys = append(keys, string(k))
	}
	got := chatOnPTY(t, keys...)
	// "acmkb> " and 23 typed characters fill the 30 columns; the editor
	// moves to the next line there.
	if !strings.Contains(got, "acmkb> can I export the privat\r\ne key") {
		t.Errorf("the question is not wrapped at 30 columns:\n%q", got)
	}
}

// TestAskFromTerminalSaysHowToEnd: "acmkb ask -" typed at a terminal waited
// for its standard input in silence, as if it hung; it says to paste the
// question and end it with Ctrl-D, then answers.
func TestAskFromTerminalSaysHowToEnd(t *testing.T) {
	got := onPTY(t, []string{"ask", "-"}, "Ctrl-D on a line", "Hello,\rcan I export the private key?\r")
	if !strings.Contains(got, "Paste or type the question, then Ctrl-D on a line of its own.") {
		t.Errorf("no word of how to end the question:\n%q", got)
	}
	if !strings.Contains(got, "PARTLY  Export the private key") {
		t.Errorf("no answer:\n%q", got)
	}
}
