package mapfile

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestMap: a file's bytes, mapped or read; an empty file is read (nothing
// to map); the bytes stay readable after the file is closed.
func TestMap(t *testing.T) {
	for _, want := range [][]byte{[]byte("acmkb parse cache\nrecords"), bytes.Repeat([]byte{7}, 1<<16+3), {}} {
		file := filepath.Join(t.TempDir(), "cache")
		if err := os.WriteFile(file, want, 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		data, unmap, err := Map(f)
		f.Close()
		if err != nil || !bytes.Equal(data, want) {
			t.Errorf("Map of %d bytes: %d bytes, %v", len(want), len(data), err)
		}
		if unmap != nil {
			unmap()
		}
	}
}
