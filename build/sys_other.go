//go:build !unix

package build

import (
	"io/fs"
	"os"
)

// lockFile opens the lock file; without flock there is no lock: concurrent
// builds of one output are not serialised on this system.
func lockFile(path string, wait bool) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
}

// fileID stands in for a file's identity by its modification time.
type fileID struct {
	Mod int64 `json:"mod"`
}

func idOf(path string) (fileID, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return fileID{}, err
	}
	return fileID{Mod: fi.ModTime().UnixNano()}, nil
}

// exchange is not available: the swap falls back to two renames.
func exchange(a, b string) error { return errNoExchange }

func stamp(fi fs.FileInfo) string { return stampOf(fi, 0, 0) }

func owner(fs.FileInfo) int { return -1 }

func identity(fs.FileInfo) string { return "" }
