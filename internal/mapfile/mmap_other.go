//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package mapfile

import (
	"errors"
	"os"
)

func mmap(*os.File, int) ([]byte, func(), error) { return nil, nil, errors.New("not mapped") }
