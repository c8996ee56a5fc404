//go:build unix

package site

import (
	"io/fs"
	"os"
	"syscall"
)

// writeNew writes data to the file name, created or truncated, as
// os.WriteFile does, in the four system calls the kernel needs (open,
// write, close). os.OpenFile adds five more to each file: it puts the file
// in non-blocking mode, tries to register it with the network poller
// (which refuses regular files) and puts it back, and at 20,000 pages and
// thousands of search data files those are a measurable part of a build.
func writeNew(name string, data []byte, perm os.FileMode) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, uint32(perm.Perm()))
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: err}
		}
		if n == 0 {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: syscall.EIO}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}
