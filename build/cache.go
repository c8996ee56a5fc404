package build

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing/fstest"
	"time"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
)

// CacheDir is where built indexes are kept for `ask` and `chat`:
// $ACMKB_CACHE_DIR, else the user's cache directory ($XDG_CACHE_HOME or
// ~/.cache on Linux) + "/acmkb", else the per-user directory in the
// temporary directory that OpenCached also falls back to.
func CacheDir() string {
	if d := os.Getenv("ACMKB_CACHE_DIR"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "acmkb")
	}
	return tempCacheDir()
}

// tempCacheDir is the cache directory of last resort on disk. The temporary
// directory is shared by every user: the name is per user, and useDir
// refuses it unless this user owns it.
func tempCacheDir() string {
	name := "acmkb-cache"
	if uid := os.Getuid(); uid >= 0 {
		name += "-" + strconv.Itoa(uid)
	}
	return filepath.Join(os.TempDir(), name)
}

// Version is part of every cache key, so that a new acmkb never reads an
// index an older one wrote. cmd/acmkb sets it from the build information.
var Version = "dev"

// cacheLayout is part of every cache key too: bump it when what a cache
// entry holds changes.
const cacheLayout = 4

// ContentHash is a hash of every file the index depends on: the files the
// loader reads (loader.Files), read through the same fsys, so that it
// follows the same symbolic links.
func ContentHash(fsys fs.FS) (string, error) {
	return contentHash(fsys, "")
}

// contentHash is ContentHash, reading only the files that changed since the
// manifest kept in cache dir (none: "") for this content directory was
// written (see manifest).
func contentHash(fsys fs.FS, dir string) (string, error) {
	h, _, err := listedContentHash(fsys, dir)
	return h, err
}

// listedContentHash is contentHash, with the listing of the files it
// hashed (nil for content compiled into the program), for the load that
// follows (loader.Options.Listing).
func listedContentHash(fsys fs.FS, dir string) (string, *loader.Listing, error) {
	if _, ok := fsys.(inBinary); ok && dir != "" {
		h, err := binaryHash(fsys, dir)
		return h, nil, err
	}
	listing, err := loader.List(fsys)
	if err != nil {
		return "", nil, fmt.Errorf("hash content: %w", err)
	}
	files, infos := listing.Files(), listing.Infos()
	order := make([]int, len(files))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return files[order[i]] < files[order[j]] })
	sortedFiles, sortedInfos := make([]string, len(files)), make([]fs.FileInfo, len(files))
	for i, o := range order {
		sortedFiles[i], sortedInfos[i] = files[o], infos[o]
	}
	files, infos = sortedFiles, sortedInfos
	m := openManifest(fsys, dir)
	sums := make([][sha256.Size]byte, len(files))
	stamps := make([]string, len(files))
	var read []int // the files the manifest does not know as they are
	for i, f := range files {
		stamps[i] = stamp(infos[i])
		if sum, ok := m.lookup(f, stamps[i]); ok {
			sums[i] = sum
			continue
		}
		read = append(read, i)
	}
	if err := hashFiles(fsys, files, read, sums); err != nil {
		return "", nil, fmt.Errorf("hash content: %w", err)
	}
	for _, i := range read {
		m.record(files[i], stamps[i], infos[i].ModTime(), sums[i])
	}
	m.save()
	return hashSums(files, sums), listing, nil
}

// hashFiles sets sums[i] to the SHA-256 of files[i] for each i of which,
// on every core when there are many (a build from nothing hashes all of
// its content before it loads it: at 10,000 entries, 142 MB read and hashed
// on one core while the other waited); the error is that of the first such
// file that failed.
func hashFiles(fsys fs.FS, files []string, which []int, sums [][sha256.Size]byte) error {
	workers := runtime.GOMAXPROCS(0)
	if len(which) < 64 || workers < 2 {
		h, buf := sha256.New(), make([]byte, 32<<10)
		for _, i := range which {
			if err := hashFile(h, fsys, files[i], buf); err != nil {
				return err
			}
			h.Sum(sums[i][:0])
		}
		return nil
	}
	errs := make([]error, len(which))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			h, buf := sha256.New(), make([]byte, 32<<10)
			for {
				n := int(next.Add(1)) - 1
				if n >= len(which) {
					return
				}
				i := which[n]
				if errs[n] = hashFile(h, fsys, files[i], buf); errs[n] == nil {
					h.Sum(sums[i][:0])
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// hashFile resets h and writes file name of fsys into it through buf. It
// streams rather than reading the file whole: the embedded content is hashed
// by every `acmkb ask` that has no manifest for it, and a copy of each file
// costs fresh memory (page faults) for nothing.
func hashFile(h hash.Hash, fsys fs.FS, name string, buf []byte) error {
	h.Reset()
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.CopyBuffer(h, struct{ io.Reader }{f}, buf)
	return err
}

// hashSums is the content's hash from each file's name and SHA-256.
func hashSums(files []string, sums [][sha256.Size]byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "acmkb %s cache %d\n", Version, cacheLayout)
	for i, f := range files {
		fmt.Fprintf(h, "%s %x\n", f, sums[i])
	}
	return hex.EncodeToString(h.Sum(nil))[:20]
}

// readContent reads and hashes the content, and returns the bytes it
// hashed as a file system the loader can read.
func readContent(fsys fs.FS) (string, fs.FS, error) {
	files, err := loader.Files(fsys)
	if err != nil {
		return "", nil, fmt.Errorf("hash content: %w", err)
	}
	sort.Strings(files)
	snap := fstest.MapFS{}
	sums := make([][sha256.Size]byte, len(files))
	for i, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return "", nil, fmt.Errorf("hash content: %w", err)
		}
		sums[i] = sha256.Sum256(data)
		snap[f] = &fstest.MapFile{Data: data, Mode: 0o444}
	}
	return hashSums(files, sums), snap, nil
}

// A manifest remembers, for one content directory, each file's stamp (size,
// modification and change times, inode: see stamp) and SHA-256, so that
// hashing the content reads only the files whose stamp changed: a warm
// `ask --content` of 10,000 entries stats them instead of reading 100 MB.
// It is kept in the cache directory as "manifest-ID", ID naming the content
// directory (device and inode), and read through the same fsys as the
// files, so a symbolic link is followed as the loader follows it and a file
// it leads to is stamped as itself. A file modified less than
// manifestSettle before it was stamped is not remembered (its next write
// could keep the same times: the clock the kernel stamps files with is
// coarse), so it is read again next time.
type manifest struct {
	path    string // "": none kept
	old     map[string]manifestLine
	now     map[string]manifestLine
	changed bool
}

type manifestLine struct {
	stamp string
	sum   [sha256.Size]byte
}

var manifestSettle = 2 * time.Second // a variable for tests

func openManifest(fsys fs.FS, dir string) *manifest {
	m := &manifest{old: map[string]manifestLine{}, now: map[string]manifestLine{}}
	if dir == "" {
		return m
	}
	fi, err := fs.Stat(fsys, ".")
	if err != nil || identity(fi) == "" {
		return m
	}
	m.path = filepath.Join(dir, "manifest-"+identity(fi))
	data, err := os.ReadFile(m.path)
	if err != nil {
		return m
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			continue
		}
		var l manifestLine
		if b, err := hex.DecodeString(f[2]); err != nil || len(b) != sha256.Size {
			continue
		} else {
			copy(l.sum[:], b)
		}
		l.stamp = f[1]
		m.old[f[0]] = l
	}
	return m
}

// lookup returns the SHA-256 of file when its stamp is the one remembered.
func (m *manifest) lookup(file, stamp string) ([sha256.Size]byte, bool) {
	l, ok := m.old[file]
	if !ok || stamp == "" || l.stamp != stamp {
		m.changed = m.changed || ok
		return [sha256.Size]byte{}, false
	}
	m.now[file] = l
	return l.sum, true
}

// record remembers the SHA-256 of file, read with stamp, if it has settled
// (see settled).
func (m *manifest) record(file, stamp string, mtime time.Time, sum [sha256.Size]byte) {
	if !settled(stamp, mtime) {
		return
	}
	m.now[file] = manifestLine{stamp: stamp, sum: sum}
	m.changed = true
}

// settled reports whether a file with this stamp and modification time may
// be remembered by its stamp: its last change, the later of its
// modification and change times, is manifestSettle old.
func settled(stamp string, mtime time.Time) bool {
	f := strings.Fields(stamp)
	if len(f) != 4 {
		return false
	}
	ctime, _ := strconv.ParseInt(f[2], 10, 64)
	last := max(mtime.UnixNano(), ctime)
	return time.Since(time.Unix(0, last)) >= manifestSettle
}

// inBinary is implemented by a content file system compiled into the
// running program (content.FS): it cannot change while the program file
// does not.
type inBinary interface{ InBinary() }

// executable is os.Executable (a variable for tests).
var executable = os.Executable

// binaryKeep is how many program files binaryHash remembers (`go run`
// makes a new one each time).
const binaryKeep = 8

// binaryHash is contentHash of content compiled into the running program.
// Hashing it read every embedded file on every question; since it cannot
// change while the program file does not, the hash is kept in dir
// ("binary-content": a line per program file, its identity and stamp and
// the hash, the binaryKeep most recent) and used again while the program
// file has the same stamp (any write to it changes its ctime). Without a
// stamp, every file is hashed as before.
func binaryHash(fsys fs.FS, dir string) (string, error) {
	exe, err := executable()
	var fi fs.FileInfo
	if err == nil {
		fi, err = os.Stat(exe)
	}
	if err != nil || stamp(fi) == "" || identity(fi) == "" {
		return contentHash(fsys, "")
	}
	key := identity(fi) + " " + stamp(fi)
	path := filepath.Join(dir, "binary-content")
	data, _ := os.ReadFile(path)
	var keep []string
	for _, line := range strings.Split(string(data), "\n") {
		k, h, ok := strings.Cut(line, "\t")
		if !ok || len(h) != 20 || strings.Trim(h, "0123456789abcdef") != "" {
			continue
		}
		if k == key {
			return h, nil
		}
		if !strings.HasPrefix(k, identity(fi)+" ") { // another program file
			keep = append(keep, line)
		}
	}
	h, err := contentHash(fsys, "")
	if err != nil || !settled(stamp(fi), fi.ModTime()) {
		return h, err
	}
	keep = append(keep, key+"\t"+h)
	keep = keep[max(0, len(keep)-binaryKeep):]
	replaceFile(path, []byte(strings.Join(keep, "\n")+"\n"))
	return h, nil
}

// save writes the manifest when it changed (best effort).
func (m *manifest) save() {
	if m.path == "" || !m.changed && len(m.now) == len(m.old) {
		return
	}
	// Appended, not printed with fmt: 10,000 lines of a rebuild.
	var b []byte
	for _, f := range slices.Sorted(maps.Keys(m.now)) {
		l := m.now[f]
		b = append(append(append(append(b, f...), '\t'), l.stamp...), '\t')
		b = append(hex.AppendEncode(b, l.sum[:]), '\n')
	}
	replaceFile(m.path, b)
}

// manifestDir is where the content's manifest is kept: dir when it can be
// used, else the per-user temporary cache, else nowhere ("").
func manifestDir(dir string) string {
	for _, d := range []string{dir, tempCacheDir()} {
		if useDir(d) == nil {
			return d
		}
	}
	return ""
}

// contentTerms names the term cache of the content folder fsys ("" when it
// cannot be told apart from others: an embedded one, say).
func contentTerms(fsys fs.FS) string {
	fi, err := fs.Stat(fsys, ".")
	if err != nil || identity(fi) == "" {
		return ""
	}
	return "content " + identity(fi)
}

// errChanged: the content changed between hashing it and reading it.
var errChanged = errors.New("the content changed while it was read")

// OpenCached opens the index of opts.Content from the cache in dir,
// building it first when the content changed (or was never built), and
// rebuilding it when it is damaged (see the package documentation,
// "Cache"). When dir cannot be used (read-only, or not this user's), the
// per-user temporary directory is tried; when neither can, the index is
// built in memory: answering never depends on a writable cache.
func OpenCached(opts Options, dir string) (*index.Index, error) {
	// The cache is keyed by the content alone: the overrides of base URL and
	// staleness apply when answers are printed (reply.Settings), never to
	// what is stored, or one `ask --base-url X` would change every later ask.
	opts.BaseURL, opts.StaleDays = "", 0
	for try := 0; ; try++ {
		ix, err := openCached(opts, dir)
		if err != errChanged || try == 3 {
			return ix, err
		}
	}
}

func openCached(opts Options, dir string) (*index.Index, error) {
	hash, err := contentHash(opts.Content, manifestDir(dir))
	if err != nil {
		// Unreadable content: the loader says which file and why.
		if _, _, lerr := Load(opts); lerr != nil {
			return nil, lerr
		}
		return nil, err
	}
	key := "index-" + hash
	folder := contentTerms(opts.Content) // names the folder's parse and term caches
	var k *kb.KB
	load := func() (*kb.KB, error) { // once, from exactly the bytes of key
		if k != nil {
			return k, nil
		}
		h, snap, err := readContent(opts.Content)
		if err != nil {
			return nil, err
		}
		if h != hash {
			return nil, errChanged
		}
		lo := opts
		lo.Content = snap
		// Entry files parsed for an earlier index of this content folder
		// are not parsed again (keyed by their bytes, as build's are).
		if folder != "" && lo.Parsed == nil {
			var save func()
			lo.Parsed, save = diskParsed(dir, folder)
			defer save()
		}
		k, _, err = Load(lo)
		return k, err
	}
	var errs []error
	dirs := []string{dir}
	if t := tempCacheDir(); t != dir {
		dirs = append(dirs, t)
	}
	for _, d := range dirs {
		if err := useDir(d); err != nil {
			errs = append(errs, err)
			continue
		}
		ix, err := openEntry(d, key, load, folder)
		var ce *loader.ContentError
		if err == nil || errors.As(err, &ce) || err == errChanged {
			return ix, err
		}
		errs = append(errs, fmt.Errorf("cache %s: %w", d, err))
	}
	// Nowhere to keep an index: build one in memory for this run.
	k, err = load()
	if err != nil {
		return nil, err
	}
	ix, err := index.Memory(k)
	if err != nil {
		return nil, errors.Join(append(errs, err)...)
	}
	return ix, nil
}

// useDir makes dir (0700) when missing and checks that indexes read from it
// can be trusted: it must be a directory this user owns that no one else can
// write, reached through no symbolic link owned by someone else. A
// directory of this user's that others can read or write is made private.
func useDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	me := os.Getuid()
	if me < 0 {
		return nil // no owners to check (Windows: the temporary directory is per user)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		if owner(fi) != me && owner(fi) != 0 {
			return fmt.Errorf("%s is a symbolic link of another user's: not used", dir)
		}
		if fi, err = os.Stat(dir); err != nil {
			return err
		}
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	if owner(fi) != me {
		return fmt.Errorf("%s belongs to another user: not used", dir)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("%s is open to other users: %w", dir, err)
		}
	}
	return nil
}

// The names in a cache directory.
const (
	entrySums    = "sums"    // in an entry: the size and CRC-32C of every file of the index
	entryChecked = "checked" // in an entry: the stamps of those files when last found intact
	entryIndex   = "bleve"   // in an entry: the index
	stageMark    = ".stage-" // + key + "-" + random: an entry being built
	trashMark    = ".trash-" // + random: an entry being removed
)

// crcTable is made on first use (see analysis's crcTable): an `ask` whose
// cache entry is unchanged since it was last checked computes no CRC.
var crcTable = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// openEntry opens the cache entry key in dir, building it (under a lock, so
// that concurrent processes build it once) when it is missing or damaged.
func openEntry(dir, key string, load func() (*kb.KB, error), terms string) (*index.Index, error) {
	entry := filepath.Join(dir, key)
	if ix, err := openIntact(entry); err == nil {
		touch(entry)
		return ix, nil
	}
	lock, err := lockFile(entry+".lock", true)
	if err != nil {
		return nil, err
	}
	defer lock.Close()
	if ix, err := openIntact(entry); err == nil { // another process built it meanwhile
		touch(entry)
		return ix, nil
	}
	k, err := load()
	if err != nil {
		return nil, err
	}
	removeStale(dir, stageMark+key+"-", 0) // builds of this key that died
	stage, err := os.MkdirTemp(dir, stageMark+key+"-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(stage)
	// Entries analysed for an earlier index of this content folder are not
	// analysed again (see Options.Terms).
	var c *analysis.Corpus
	if terms != "" {
		cache, save := diskTerms(dir, terms)
		c = analysis.NewCachedCorpus(k, 0, cache)
		save()
	} else {
		c = analysis.NewCorpus(k, 0)
	}
	if err := index.BuildCorpus(c, k.Config, filepath.Join(stage, entryIndex)); err != nil {
		return nil, err
	}
	if err := writeSums(stage); err != nil {
		return nil, err
	}
	if err := hook("cache built"); err != nil {
		return nil, err
	}
	// Put it in place. A damaged entry of the same key is moved out of the
	// way first, whole: a process that has it open keeps its open files.
	if _, err := os.Lstat(entry); err == nil {
		trash, err := os.MkdirTemp(dir, trashMark)
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(trash)
		if err := os.Rename(entry, filepath.Join(trash, key)); err != nil {
			return nil, err
		}
	}
	if err := os.Rename(stage, entry); err != nil {
		return nil, err
	}
	prune(dir, key)
	return openIntact(entry)
}

// openIntact opens the index of entry after checking it against its sums.
func openIntact(entry string) (*index.Index, error) {
	if err := verify(entry); err != nil {
		return nil, err
	}
	return index.Guard(func() (*index.Index, error) { return index.Open(filepath.Join(entry, entryIndex)) })
}

// errDamaged: a cache entry's files differ from its sums.
var errDamaged = errors.New("damaged")

// writeSums records the size and CRC-32C of every file of the index in
// entry, and their stamps as checked.
func writeSums(entry string) error {
	var sums, stamps bytes.Buffer
	err := filepath.WalkDir(filepath.Join(entry, entryIndex), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(entry, p)
		sum, size, err := crcFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(&sums, "%08x %d %s\n", sum, size, filepath.ToSlash(rel))
		fi, err := os.Stat(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(&stamps, "%s %s\n", filepath.ToSlash(rel), stamp(fi))
		return nil
	})
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(entry, entrySums), sums.Bytes(), 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(entry, entryChecked), stamps.Bytes(), 0o600)
}

// verify checks entry's index against its sums. When no file changed since
// the last check (same size, times and inode: any write changes the ctime),
// it trusts that check and reads nothing; otherwise it reads every file and
// records the new stamps if they match.
func verify(entry string) error {
	data, err := os.ReadFile(filepath.Join(entry, entrySums))
	if err != nil {
		return err
	}
	type sum struct {
		crc  uint32
		size int64
		rel  string
	}
	var sums []sum
	var stamps bytes.Buffer
	quick := true // every file has a stamp to compare
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		var s sum
		if n, _ := fmt.Sscanf(sc.Text(), "%08x %d %s", &s.crc, &s.size, &s.rel); n != 3 || strings.Contains(s.rel, "..") {
			return fmt.Errorf("%s: %w sums", entry, errDamaged)
		}
		fi, err := os.Stat(filepath.Join(entry, filepath.FromSlash(s.rel)))
		if err != nil {
			return err
		}
		if fi.Size() != s.size {
			return fmt.Errorf("%s: %s: %w (size)", entry, s.rel, errDamaged)
		}
		st := stamp(fi)
		quick = quick && st != ""
		fmt.Fprintf(&stamps, "%s %s\n", s.rel, st)
		sums = append(sums, s)
	}
	if len(sums) == 0 {
		return fmt.Errorf("%s: %w sums", entry, errDamaged)
	}
	if checked, err := os.ReadFile(filepath.Join(entry, entryChecked)); err == nil && quick && bytes.Equal(checked, stamps.Bytes()) {
		return nil
	}
	for _, s := range sums {
		crc, size, err := crcFile(filepath.Join(entry, filepath.FromSlash(s.rel)))
		if err != nil {
			return err
		}
		if crc != s.crc || size != s.size {
			return fmt.Errorf("%s: %s: %w", entry, s.rel, errDamaged)
		}
	}
	// Intact: remember these stamps (best effort; a read-only cache checks every time).
	replaceFile(filepath.Join(entry, entryChecked), stamps.Bytes())
	return nil
}

func crcFile(p string) (uint32, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	h := crc32.New(crcTable())
	n, err := io.Copy(h, f)
	return h.Sum32(), n, err
}

// stampOf formats what stamp compares.
func stampOf(fi fs.FileInfo, ino uint64, ctime int64) string {
	return fmt.Sprintf("%d %d %d %d", fi.Size(), fi.ModTime().UnixNano(), ctime, ino)
}

// Cache entries are kept while in use: opening one marks it used (its
// modification time) at most every touchEvery; prune removes entries unused
// for pruneAfter, and beyond the keepEntries most recently used, those
// unused for pruneBusy. An entry in use is never removed, so processes that
// answer from different content can share one cache.
const (
	touchEvery  = 10 * time.Minute
	pruneBusy   = 2 * time.Hour
	pruneAfter  = 30 * 24 * time.Hour
	keepEntries = 8
)

func touch(entry string) {
	if fi, err := os.Stat(entry); err == nil && time.Since(fi.ModTime()) > touchEvery {
		now := time.Now()
		os.Chtimes(entry, now, now)
	}
}

// cacheFilePrefixes name the files a build or an ask keeps beside the
// index entries (see the package documentation): each for one content
// folder or output, so a folder asked from once, or an output built once,
// would leave its files for ever.
var cacheFilePrefixes = []string{"parsed-", "terms-", "postings-", "pages-", "prints-", "subject-", "titles-", "built-"}

// prune removes cache entries no longer used (see keepEntries; entries
// written by acmkb before 2026-12 go by the same rules), the staging and
// trash directories of dead processes, and the cache files (cacheFilePrefixes)
// not written for pruneAfter: those are keyed inside, so a file removed
// while still of use costs one full parse or analysis, never a wrong answer.
func prune(dir, keep string) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type entry struct {
		name string
		used time.Time
	}
	var entries []entry
	for _, de := range des {
		name := de.Name()
		fi, err := de.Info()
		if err != nil {
			continue
		}
		if !de.IsDir() {
			if fi.Mode().IsRegular() && isCacheFile(name) && time.Since(fi.ModTime()) > pruneAfter {
				os.Remove(filepath.Join(dir, name))
			}
			continue
		}
		switch {
		case strings.HasPrefix(name, stageMark) || strings.HasPrefix(name, trashMark) || strings.HasPrefix(name, legacyPrefix):
			if time.Since(fi.ModTime()) > time.Hour {
				os.RemoveAll(filepath.Join(dir, name))
			}
		case strings.HasPrefix(name, "index-") && name != keep:
			entries = append(entries, entry{name, fi.ModTime()})
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].used.After(entries[j].used) })
	for i, e := range entries {
		age := time.Since(e.used)
		if age > pruneAfter || i+1 >= keepEntries && age > pruneBusy {
			removeEntry(dir, e.name)
		}
	}
}

func isCacheFile(name string) bool {
	for _, p := range cacheFilePrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// removeEntry moves a cache entry out of the way in one rename, then deletes it.
func removeEntry(dir, name string) {
	trash, err := os.MkdirTemp(dir, trashMark)
	if err != nil {
		return
	}
	os.Rename(filepath.Join(dir, name), filepath.Join(trash, name))
	os.RemoveAll(trash)
	os.Remove(filepath.Join(dir, name+".lock"))
}

// removeStale removes the directories in dir whose names start with prefix
// and that are older than age.
func removeStale(dir, prefix string, age time.Duration) {
	des, _ := os.ReadDir(dir)
	for _, de := range des {
		if !strings.HasPrefix(de.Name(), prefix) {
			continue
		}
		if fi, err := de.Info(); err == nil && time.Since(fi.ModTime()) >= age {
			os.RemoveAll(filepath.Join(dir, de.Name()))
		}
	}
}
