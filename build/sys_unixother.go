//go:build unix && !linux && !darwin

package build

import "syscall"

// exchange is not available: the swap falls back to two renames.
func exchange(a, b string) error { return errNoExchange }

// ctime is not read here: the cache's quick check rests on size, mtime and inode.
func ctime(*syscall.Stat_t) int64 { return 0 }
