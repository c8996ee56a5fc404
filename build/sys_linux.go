package build

import (
	"errors"
	"syscall"

	"golang.org/x/sys/unix"
)

// exchange swaps the directory entries a and b in one step
// (renameat2 RENAME_EXCHANGE): whoever looks up either name finds the old
// or the new directory, never nothing. errNoExchange means the file system
// cannot.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) {
		return errNoExchange
	}
	return err
}

func ctime(st *syscall.Stat_t) int64 { return st.Ctim.Nano() }
