//go:build !unix

package site

import "os"

// writeNew is os.WriteFile (see writefile_unix.go).
func writeNew(name string, data []byte, perm os.FileMode) error {
	return os.WriteFile(name, data, perm)
}
