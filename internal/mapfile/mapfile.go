// Package mapfile reads a cache file by mapping it into memory: its pages
// come from the page cache as they are touched, instead of being copied
// into freshly allocated memory (whose page faults were most of the time
// a rebuild took to read an 88 MB cache).
package mapfile

import (
	"io"
	"os"
)

// Map returns the bytes of f, which must not be written to, and a
// function that releases them (after which they must not be read). Where
// mapping is not available, or fails, the file is read instead. The
// mapping outlives f: f may be closed at once. A file written in place
// while mapped could change the bytes under their reader; the caches are
// replaced by renaming a new file over them, never written in place.
func Map(f *os.File) ([]byte, func(), error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if fi.Mode().IsRegular() && fi.Size() > 0 && int64(int(fi.Size())) == fi.Size() {
		if data, unmap, err := mmap(f, int(fi.Size())); err == nil {
			return data, unmap, nil
		}
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, nil, err
	}
	return data, func() {}, nil
}
