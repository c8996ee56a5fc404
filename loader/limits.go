package loader

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
	"unicode"
)

// Limits on what a content directory may hold. They keep a hostile or
// mistaken folder (a 50 MB entry, a million files) from taking the memory and
// time of everyone who builds it, and are far above what real content needs:
// the largest shipped entry is 15 KB.
const (
	MaxEntryBytes     = 1 << 20 // one entry file (1 MiB)
	MaxConfigBytes    = 1 << 20 // kb.yaml
	MaxThesaurusBytes = 8 << 20 // thesaurus.yaml
	MaxEntries        = 100_000 // entry files in entries/
)

// errTooMany is returned by Files when entries/ holds more than MaxEntries files.
var errTooMany = fmt.Errorf("more than %d entries (*.md)", MaxEntries)

// Files lists the files of fsys that Load reads, in the order it reads them:
// ConfigFile, ThesaurusFile when it exists, and the entries (entries/*.md,
// sorted). Whatever depends on the content (the index cache key) reads
// exactly these, through the same fsys, so that it follows the same
// symbolic links as the loader.
func Files(fsys fs.FS) ([]string, error) {
	files := []string{ConfigFile}
	if _, err := fs.Stat(fsys, ThesaurusFile); err == nil || !errors.Is(err, fs.ErrNotExist) {
		files = append(files, ThesaurusFile)
	}
	entries, err := entryFiles(fsys)
	if err != nil {
		return nil, err
	}
	return append(files, entries...), nil
}

// Listing is Files with each file's information, as fs.Stat gives it
// (symbolic links followed, found with as few system calls as can be: an
// entry that is not a symbolic link is described by its directory
// listing), and when it started looking: a Load
// given it (Options.Listing) takes its entry files and their information
// from it instead of listing the directory and stamping the files again
// (acmkb build hashes the content to see whether anything changed, then
// loads it: the listing and the 10,000 file stamps were each made twice).
type Listing struct {
	files   []string
	infos   []fs.FileInfo
	seen    time.Time
	ignored []string // what entries/ holds besides entry files (ignoredIn)
}

// List lists fsys's files with their information.
func List(fsys fs.FS) (*Listing, error) {
	seen := time.Now()
	files, infos, ignored, err := fileInfos(fsys)
	if err != nil {
		return nil, err
	}
	return &Listing{files: files, infos: infos, seen: seen, ignored: ignored}, nil
}

// Files and Infos are the listing's files and their information.
func (l *Listing) Files() []string      { return l.files }
func (l *Listing) Infos() []fs.FileInfo { return l.infos }

// entries are the entry files of the listing and their information.
func (l *Listing) entries() ([]string, []fs.FileInfo) {
	i := 0
	for i < len(l.files) && !strings.HasPrefix(l.files[i], EntriesDir+"/") {
		i++
	}
	return l.files[i:], l.infos[i:]
}

func fileInfos(fsys fs.FS) (files []string, infos []fs.FileInfo, ignored []string, err error) {
	files = []string{ConfigFile}
	if _, err := fs.Stat(fsys, ThesaurusFile); err == nil || !errors.Is(err, fs.ErrNotExist) {
		files = append(files, ThesaurusFile)
	}
	infos = make([]fs.FileInfo, 0, len(files))
	for _, f := range files {
		fi, err := fs.Stat(fsys, f)
		if err != nil {
			return nil, nil, nil, err
		}
		infos = append(infos, fi)
	}
	des, err := fs.ReadDir(fsys, EntriesDir)
	if err != nil {
		return nil, nil, nil, err
	}
	n := 0
	for _, d := range des {
		if !isEntryFile(d.Name()) {
			if ignoredIn(d) {
				ignored = append(ignored, EntriesDir+"/"+d.Name())
			}
			continue
		}
		if n++; n > MaxEntries {
			return nil, nil, nil, errTooMany
		}
		name := EntriesDir + "/" + d.Name()
		var fi fs.FileInfo
		if d.Type().IsRegular() {
			fi, err = d.Info()
		} else {
			fi, err = fs.Stat(fsys, name)
		}
		if err != nil {
			return nil, nil, nil, err
		}
		files, infos = append(files, name), append(infos, fi)
	}
	return files, infos, ignored, nil
}

// isEntryFile reports whether a file named name in entries/ is an entry:
// *.md, and not hidden. A hidden .md file is an editor's or a system's,
// never an entry (an id has no "."): Emacs's lock file .#ID.md, a dangling
// link while the entry is being edited, made check, build and serve's
// rebuild fail ("cannot read: ... no such file or directory"), and macOS's
// ._ID.md on a shared or USB drive was "not valid UTF-8".
func isEntryFile(name string) bool {
	ok, _ := path.Match("*.md", name)
	return ok && !strings.HasPrefix(name, ".")
}

// ignoredIn reports whether d, in entries/ and not an entry file (*.md), is
// worth a warning: a file or folder an author may think is read (an entry
// saved as .markdown or .MD, a folder of entries), not an editor's hidden,
// backup or auto-save (Emacs's #ID.md#) file.
func ignoredIn(d fs.DirEntry) bool {
	name := d.Name()
	autosave := len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#")
	return !strings.HasPrefix(name, ".") && !strings.HasSuffix(name, "~") && !strings.HasSuffix(name, ".swp") && !autosave
}

// entryFiles lists entries/*.md, sorted.
func entryFiles(fsys fs.FS) ([]string, error) {
	files, _, _, err := entryDirents(fsys)
	return files, err
}

// entryDirents is entryFiles with each file's directory entry, and what
// else entries/ holds that an author may think is read (ignoredIn).
func entryDirents(fsys fs.FS) (out []string, dirents []fs.DirEntry, ignored []string, err error) {
	des, err := fs.ReadDir(fsys, EntriesDir)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, d := range des {
		if isEntryFile(d.Name()) {
			out = append(out, EntriesDir+"/"+d.Name())
			dirents = append(dirents, d)
		} else if ignoredIn(d) {
			ignored = append(ignored, EntriesDir+"/"+d.Name())
		}
	}
	if len(out) > MaxEntries {
		return nil, nil, nil, errTooMany
	}
	return out, dirents, ignored, nil
}

// readFile reads file, refusing one larger than limit without reading it all.
func readFile(fsys fs.FS, file string, limit int64) ([]byte, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var data []byte
	if st, err := f.Stat(); err == nil && st.Size() > limit {
		return nil, &sizeError{size: st.Size(), limit: limit}
	} else if err == nil && st.Mode().IsRegular() {
		// Read into a buffer of the file's size (and a byte more, to see
		// the end), not one grown as io.ReadAll's: a rebuild reads every
		// entry file, and growing costs as much as reading.
		data = make([]byte, 0, st.Size()+1)
	}
	data, err = readAll(io.LimitReader(f, limit+1), data)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit { // Stat said less: read no further
		return nil, &sizeError{size: int64(len(data)), limit: limit, atLeast: true}
	}
	return stripBOM(data), nil
}

// utf8BOM is the byte order mark some editors (Windows Notepad) put at the
// start of a UTF-8 file.
const utf8BOM = "\xef\xbb\xbf"

// stripBOM drops a UTF-8 byte order mark at the start of data: every file
// the loader reads (entries, kb.yaml, thesaurus.yaml) is taken as if saved
// without it, so that "---" is still the first line. It is on line 1 and
// holds no line break: lines are counted as before.
func stripBOM(data []byte) []byte {
	if len(data) >= len(utf8BOM) && string(data[:len(utf8BOM)]) == utf8BOM {
		return data[len(utf8BOM):]
	}
	return data
}

// readAll is io.ReadAll into b.
func readAll(r io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

type sizeError struct {
	size, limit int64
	atLeast     bool
}

func (e *sizeError) Error() string {
	more := ""
	if e.atLeast {
		more = "over "
	}
	return fmt.Sprintf("%s%s is too large: a file may be at most %s", more, byteSize(e.size), byteSize(e.limit))
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// readError describes why file could not be read. A symbolic link that leads
// outside the content folder is named as such: os.Root refuses to follow it
// (see build.ContentDir), and its target is not echoed.
func readError(fsys fs.FS, file string, err error) string {
	var se *sizeError
	if errors.As(err, &se) {
		return se.Error()
	}
	if outsideLink(fsys, file) {
		return "a symbolic link leading outside the content folder: not read"
	}
	return fmt.Sprintf("cannot read: %v", err)
}

// outsideLink reports whether file (or the directory holding it) is a
// symbolic link whose target lies outside fsys.
func outsideLink(fsys fs.FS, file string) bool {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return false
	}
	for p := file; p != "." && p != "/"; p = path.Dir(p) {
		st, err := rl.Lstat(p)
		if err != nil || st.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		target, err := rl.ReadLink(p)
		if err != nil {
			return false
		}
		if path.IsAbs(target) || strings.HasPrefix(target, "/") {
			return true
		}
		t := path.Join(path.Dir(p), target)
		return t == ".." || strings.HasPrefix(t, "../")
	}
	return false
}

// controlChar returns the first control character in s (Unicode category
// Cc: C0, DEL and C1, which terminals read as escape sequences), allowing
// tab, line feed and carriage return; ok is false when there is none.
func controlChar(s string) (r rune, ok bool) {
	// Most text has none: its bytes say so without decoding a rune. A
	// control character is a byte below 0x20 or 0x7F, or U+0080-U+009F
	// (0xC2 then 0x80-0x9F: 0xC2 only ever starts a character).
	clean := true
	for i := 0; i < len(s) && clean; i++ {
		switch c := s[i]; {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7f:
			clean = false
		case c == 0xc2 && i+1 < len(s) && s[i+1] < 0xa0:
			clean = false
		}
	}
	if clean {
		return 0, false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return r, true
		}
	}
	return 0, false
}
