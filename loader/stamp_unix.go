//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package loader

import (
	"io/fs"
	"syscall"
)

// stampOf is the stamp of a file as fi describes it; the zero Stamp when
// fi does not come from the operating system (an fs.FS in memory).
func stampOf(fi fs.FileInfo) Stamp {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || !fi.Mode().IsRegular() {
		return Stamp{}
	}
	return Stamp{Size: fi.Size(), Mtime: fi.ModTime().UnixNano(), Ctime: ctimeOf(st), Inode: uint64(st.Ino), Dev: uint64(st.Dev)}
}
