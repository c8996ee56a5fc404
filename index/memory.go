package index

import (
	"context"
	"errors"
	"fmt"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/kb"
)

// Memory builds the index of k in memory and opens it: for when there is
// nowhere to write one (package build falls back to it when no cache
// directory can be used). It answers like an index on disk; it costs a
// build on every run.
func Memory(k *kb.KB) (*Index, error) {
	idx, err := create("")
	if err != nil {
		return nil, err
	}
	if _, err := write(context.Background(), idx, analysis.NewCorpus(k, 0), k.Config, nil); err != nil {
		idx.Close()
		return nil, err
	}
	return wrap(idx)
}

// ErrDamaged is wrapped by the errors Guard makes of panics.
var ErrDamaged = errors.New("the index is damaged")

// Guard calls f, turning a panic (bleve's segment readers index into the
// bytes on disk without checking them: a damaged file panics with "slice
// bounds out of range") into an error that wraps ErrDamaged. Wrap every
// call that reads an index: Open and Ask.
func Guard[T any](f func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero T
			v, err = zero, fmt.Errorf("%w: %v", ErrDamaged, r)
		}
	}()
	return f()
}
