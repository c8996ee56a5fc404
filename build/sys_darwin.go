package build

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// exchange swaps the directory entries a and b in one step (renamex_np
// RENAME_SWAP); see the Linux version.
func exchange(a, b string) error {
	err := unix.RenamexNp(a, b, unix.RENAME_SWAP)
	if err == unix.ENOTSUP || err == unix.EINVAL {
		return errNoExchange
	}
	return err
}

func ctime(st *syscall.Stat_t) int64 { return st.Ctimespec.Nano() }
