package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/build"
	"github.com/acmkb/acmkb/chat"
	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/evalset"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
	"github.com/acmkb/acmkb/reply"
	"github.com/acmkb/acmkb/site"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

// Exit codes.
const (
	exitOK    = 0
	exitNo    = 1 // not covered (ask), content errors (check, build), below thresholds (eval)
	exitUsage = 2 // bad flags or arguments, and any other error
	// exitInterrupted: a build stopped by Ctrl-C or SIGTERM, as a shell
	// reports a process that SIGINT ended.
	exitInterrupted = 130
	defaultIndex    = "acmkb.bleve"
)

// version is set at link time: -ldflags "-X main.version=v1.2.3".
var version = ""

// exitError carries an exit code up to run; its message (if any) is printed.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	build.Version = buildVersion()
	app := newApp(stdin, stdout, stderr)
	err := app.Run(hoistFlags(app, args))
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "acmkb: %v\n", err)
	return exitUsage
}

// hoistFlags moves the flags written after a command's arguments before
// them: urfave/cli reads flags only up to the first argument, so
// `acmkb ask "can I export the key?" --format json` would ask about
// "--format json". The arguments follow a "--", so that after it nothing
// is read as a flag; a "--" the user wrote ends the flags (`acmkb ask --
// what does -x do`).
func hoistFlags(app *cli.App, args []string) []string {
	if len(args) < 3 {
		return args
	}
	cmd := app.Command(args[1])
	if cmd == nil || cmd.Name == "help" {
		return args
	}
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		tv := true
		if d, ok := f.(cli.DocGenerationFlag); ok {
			tv = d.TakesValue()
		}
		for _, n := range f.Names() {
			takesValue[n] = tv
		}
	}
	var flags, operands []string
	in := args[2:]
	for i := 0; i < len(in); i++ {
		a := in[i]
		if a == "--" {
			operands = append(operands, in[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			operands = append(operands, a)
			continue
		}
		flags = append(flags, a)
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if takesValue[name] && !hasValue && i+1 < len(in) {
			flags = append(flags, in[i+1])
			i++
		}
	}
	out := append([]string{args[0], args[1]}, flags...)
	if len(operands) > 0 {
		out = append(append(out, "--"), operands...)
	}
	return out
}

func buildVersion() string {
	if version != "" {
		return version
	}
	// unknown: what code this is cannot be told from a version or a
	// revision (go run, go test, a build outside git); dirty: a build of a
	// revision with uncommitted changes.
	v, unknown, dirty := "", true, false
	if info, ok := debug.ReadBuildInfo(); ok {
		v, unknown = info.Main.Version, false
		for _, s := range info.Settings {
			switch {
			case s.Key == "vcs.revision" && len(s.Value) >= 12:
				v += "+" + s.Value[:12]
			case s.Key == "vcs.modified" && s.Value == "true":
				dirty = true
			}
		}
		if v == "(devel)" {
			v, unknown = "", true
		}
	}
	if v == "" {
		v = "dev"
	}
	if unknown || dirty {
		// Such code may answer differently from another of the same name:
		// tell builds apart by the executable (its size and time), so that
		// the index cache (keyed by version and content) is not shared
		// between them.
		mark := "build"
		if dirty {
			mark = "dirty"
		}
		if exe, err := os.Executable(); err == nil {
			if fi, err := os.Stat(exe); err == nil {
				v += fmt.Sprintf("+%s.%x.%x", mark, fi.Size(), fi.ModTime().UnixNano())
			}
		}
	}
	return v
}

var (
	contentFlag = &cli.StringFlag{Name: "content", Usage: "read the knowledge base from `DIR` instead of the embedded one", EnvVars: []string{"ACMKB_CONTENT"}}
	baseURLFlag = &cli.StringFlag{Name: "base-url", Usage: "permalinks start at `URL` (default: base_url in kb.yaml)", EnvVars: []string{"ACMKB_BASE_URL"}}
	staleFlag   = &cli.IntFlag{Name: "stale-days", Usage: "warn about entries verified more than `N` days ago", DefaultText: "stale_days in kb.yaml",
		Action: func(_ *cli.Context, n int) error {
			// 0 would read as "not given" and leave kb.yaml's stale_days
			// in force: one check, here, for every command.
			if n < 1 {
				return fmt.Errorf("--stale-days %d: at least 1 day (stale_days: 0 in kb.yaml turns the warning off)", n)
			}
			return nil
		}}
	indexFlag  = &cli.StringFlag{Name: "index", Usage: "answer from the index built at `PATH` instead of the cache"}
	langFlag   = &cli.StringFlag{Name: "lang", Usage: "answer in `LANG` (en or ja); default: the question's language"}
	formatFlag = &cli.StringFlag{Name: "format", Value: "text", Usage: "output `FORMAT`: text, markdown or json"}
)

func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:    "acmkb",
		Usage:   "answers AWS Certificate Manager questions from a knowledge base, and builds it into a site",
		Version: build.Version,
		Description: `acmkb answers "can ACM do X?" with a verdict (yes, no, partly), a one-sentence
answer, its conditions and numbered sources, from a knowledge base of capability
entries. The ACM entries are embedded; --content DIR reads another folder in the
same format (see the README). Questions in Japanese get Japanese answers. When
the knowledge base does not cover a question, acmkb says so and lists the
nearest entries: it never invents an answer.

Exit status: 0 success (answered), 1 not covered / content errors / eval below
thresholds, 2 usage or other errors.`,
		Reader:          stdin,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: false,
		Suggest:         true,
		ExitErrHandler:  func(*cli.Context, error) {},
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return &exitError{code: exitUsage, msg: fmt.Sprintf("acmkb: %v (see acmkb help %s)", err, c.Command.Name)}
		},
		Commands: []*cli.Command{askCmd(), chatCmd(), checkCmd(), buildCmd(), serveCmd(), evalCmd(), initCmd()},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return cli.ShowAppHelp(c)
			}
			return &exitError{code: exitUsage, msg: notACommand(c.Args().Slice(), c.App.Commands)}
		},
	}
}

// notACommand is the message for `acmkb WORDS...` whose first word is no
// command. A question written without "ask" (`acmkb "can I export the
// key?"` was answered "No help topic for 'can I export the key?'. Did you
// mean "chat"?") is shown with the command that asks it; a command
// misspelt, with the nearest one.
func notACommand(args []string, commands []*cli.Command) string {
	first := args[0]
	word := !strings.ContainsAny(first, " ?？") && strings.IndexFunc(first, func(r rune) bool { return r >= utf8.RuneSelf }) < 0
	if word {
		for _, c := range commands {
			for _, name := range c.Names() {
				if analysis.Distance(strings.ToLower(first), name, 1) <= 1 && len(first) > 2 {
					return fmt.Sprintf("acmkb: unknown command %q: did you mean %q? (acmkb help lists the commands)", first, name)
				}
			}
		}
	}
	if !word || len(args) > 1 {
		q := strings.Join(args, " ")
		return fmt.Sprintf("acmkb: %q is not a command: to ask it, acmkb ask %q", q, q)
	}
	return fmt.Sprintf("acmkb: unknown command %q (acmkb help lists the commands)", first)
}

// contentFS returns the content to read and how to name it in messages.
func contentFS(c *cli.Context) (fs.FS, string, error) {
	dir := c.String("content")
	if dir == "" {
		return content.FS(), "content", nil
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, "", &exitError{code: exitUsage, msg: fmt.Sprintf("acmkb: --content: %v", err)}
	}
	if !st.IsDir() {
		return nil, "", &exitError{code: exitUsage, msg: fmt.Sprintf("acmkb: --content: %s is not a directory", dir)}
	}
	if _, err := os.Stat(filepath.Join(dir, loader.ConfigFile)); err != nil {
		if up := filepath.Dir(filepath.Clean(dir)); up != filepath.Clean(dir) {
			if _, err := os.Stat(filepath.Join(up, loader.ConfigFile)); err == nil {
				return nil, "", &exitError{code: exitUsage, msg: fmt.Sprintf("acmkb: --content %s holds no %s, its parent does: did you mean --content %s?", dir, loader.ConfigFile, up)}
			}
		}
	}
	fsys, err := build.ContentDir(dir)
	if err != nil {
		return nil, "", &exitError{code: exitUsage, msg: fmt.Sprintf("acmkb: --content: %v", err)}
	}
	return fsys, filepath.Clean(dir), nil
}

func buildOptions(c *cli.Context) (build.Options, error) {
	if err := checkFlags(c); err != nil {
		return build.Options{}, err
	}
	fsys, name, err := contentFS(c)
	if err != nil {
		return build.Options{}, err
	}
	opts := build.Options{Content: fsys, ContentName: name, BaseURL: c.String("base-url"), StaleDays: c.Int("stale-days")}
	if c.String("content") != "" {
		opts.ContentDir = name
	}
	return opts, nil
}

// printProblems writes warnings and errors, one per line, and returns the
// exit error for content errors.
func printProblems(w io.Writer, problems loader.Problems) error {
	for _, p := range problems {
		fmt.Fprintln(w, p.String())
	}
	if n := len(problems.Errors()); n > 0 {
		return &exitError{code: exitNo, msg: fmt.Sprintf("acmkb: %d error(s) in the content", n)}
	}
	return nil
}

func checkCmd() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "validate the knowledge base and report every problem as FILE:LINE: message",
		ArgsUsage: " ",
		Flags:     []cli.Flag{contentFlag, staleFlag},
		Action: func(c *cli.Context) error {
			opts, err := buildOptions(c)
			if err != nil {
				return err
			}
			k, problems, _ := build.Load(opts)
			for _, p := range problems {
				fmt.Fprintln(c.App.ErrWriter, p.String())
			}
			// The evaluation sets beside the entries, read but not run (a
			// blind set must not be): their rows, and the entries they
			// expect. The knowledge base's own eval.tsv must be right;
			// the others' problems are warnings.
			setErrors, setWarnings := checkSets(c.App.ErrWriter, opts, k)
			var failed []string
			if n := len(problems.Errors()); n > 0 {
				failed = append(failed, fmt.Sprintf("%d error(s) in the content", n))
			}
			if setErrors > 0 {
				failed = append(failed, fmt.Sprintf("%d error(s) in the evaluation set", setErrors))
			}
			if len(failed) > 0 {
				return &exitError{code: exitNo, msg: "acmkb: " + strings.Join(failed, ", ")}
			}
			entries := "entries"
			if len(k.Entries) == 1 {
				entries = "entry"
			}
			fmt.Fprintf(c.App.Writer, "ok: %d %s, %d warning(s)\n", len(k.Entries), entries, len(problems.Warnings())+setWarnings)
			return nil
		},
	}
}

// checkSets reads the evaluation sets at the top of the content folder
// (eval*.tsv) without running them, and prints each bad row and each row
// that expects an id no entry has: errors for eval.tsv, the set `acmkb
// eval` holds the knowledge base to, warnings for the others. Entries that
// failed to load still count as ids (their own errors are said already),
// and so do former ids (aliases), which eval measures as their entries.
func checkSets(w io.Writer, opts build.Options, k *kb.KB) (errors, warnings int) {
	ids := map[string]bool{}
	verdicts := map[string]kb.Verdict{} // by id and former id
	if k != nil {
		for _, e := range k.Entries {
			ids[e.ID] = true
			verdicts[e.ID] = e.Verdict
			for _, a := range e.Aliases {
				ids[a] = true
				verdicts[a] = e.Verdict
			}
		}
	}
	if files, err := fs.Glob(opts.Content, "entries/*.md"); err == nil {
		for _, f := range files {
			ids[strings.TrimSuffix(path.Base(f), ".md")] = true
		}
	}
	files, _ := fs.Glob(opts.Content, "eval*.tsv")
	for _, file := range files {
		data, err := fs.ReadFile(opts.Content, file)
		if err != nil {
			continue
		}
		own := file == "eval.tsv" // the set eval holds the knowledge base to: its problems are errors
		name := path.Join(opts.ContentName, file)
		suffix := map[bool]string{true: "", false: " (warning)"}[own]
		has := func(id string) bool { return ids[id] }
		cases, err := evalset.Parse(strings.NewReader(string(data)), name)
		idsErr := false // the own set's rows that name no entry, said below
		if err == nil && own {
			err, idsErr = evalset.CheckIDs(cases, name, has), true
		}
		if err != nil {
			lines := strings.Split(err.Error(), "\n")
			for _, l := range lines {
				fmt.Fprintln(w, l+suffix)
			}
			if own {
				errors += len(lines)
			} else {
				warnings += len(lines)
			}
			if !idsErr {
				continue
			}
		}
		// The verdict an answer gives is its entry's, whatever the
		// question: a row that expects another one can never be right
		// (eval counts it a wrong verdict, and the knowledge base below
		// its promise), and says the row or the entry is mistaken.
		var wrong []evalset.Case
		for _, c := range cases {
			if v, ok := verdicts[c.Expected]; ok && c.Verdict != "" && c.Verdict != v {
				wrong = append(wrong, c)
			}
		}
		if own {
			for _, c := range wrong {
				fmt.Fprintf(w, "%s:%d: the row expects the verdict %s, but %s's verdict is %s (an answer gives its entry's verdict: fix the row or the entry)\n", name, c.Line, c.Verdict, c.Expected, verdicts[c.Expected])
			}
			errors += len(wrong)
			continue
		}
		if len(wrong) > 0 {
			fmt.Fprintf(w, "%s:%d: %d row(s) expect a verdict other than their entry's, which an answer gives: they can never be right%s\n", name, wrong[0].Line, len(wrong), suffix)
			warnings++
		}
		// Another set may be written ahead of its entries: one line for
		// all its rows that expect one.
		if missing := evalset.MissingIDs(cases, has); len(missing) > 0 {
			rows, last := 0, 0
			var absent []string
			for _, m := range missing { // in line order
				if m.Line != last {
					rows, last = rows+1, m.Line
				}
				if !slices.Contains(absent, m.ID) {
					absent = append(absent, m.ID)
				}
			}
			fmt.Fprintf(w, "%s:%d: %d row(s) expect entries that do not exist: %s (a set written ahead of its entries?)%s\n", name, missing[0].Line, rows, strings.Join(absent, ", "), suffix)
			warnings++
		}
	}
	return errors, warnings
}

func buildCmd() *cli.Command {
	return &cli.Command{
		Name:  "build",
		Usage: "check the content, then write the static site and the search index (atomically)",
		Description: `Writes the site to --out and the bleve index to --index. Both are built beside
their destination and swapped in only when everything succeeded: a failed build
leaves the previous output untouched. Ctrl-C or SIGTERM stops the build before
the swap, removes what it staged and exits 130; a second one ends it at once.
An --out or --index folder that holds anything else than an acmkb site or index
(or is, holds or lies inside the content folder) is refused, not replaced.`,
		ArgsUsage: " ",
		Flags: []cli.Flag{contentFlag, baseURLFlag, staleFlag,
			&cli.StringFlag{Name: "out", Value: "public", Usage: "write the site to `DIR`"},
			&cli.StringFlag{Name: "index", Value: defaultIndex, Usage: "write the index to `PATH` (\"\" to skip)"},
			&cli.BoolFlag{Name: "noindex", Usage: "ask search engines not to index the site (internal sites)", EnvVars: []string{"ACMKB_NOINDEX"}},
		},
		Action: func(c *cli.Context) error {
			opts, err := buildOptions(c)
			if err != nil {
				return err
			}
			opts.Out, opts.Index, opts.NoIndex = c.String("out"), c.String("index"), c.Bool("noindex")
			opts.CacheDir = build.CacheDir() // entries analysed before are not analysed again
			opts.SkipUnchanged = true        // outputs already made from this content today stay as they are
			limitBuildMemory()
			// Ctrl-C, SIGTERM (a CI job cancelled) and SIGHUP stop the build
			// at its next step, with its staging directories removed and the
			// outputs untouched; a second one ends the process at once.
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
			defer stop()
			context.AfterFunc(ctx, stop)
			opts.Context = ctx
			start := time.Now()
			k, problems, err := build.Build(opts)
			if perr := printProblems(c.App.ErrWriter, problems); perr != nil {
				return perr
			}
			if errors.Is(err, build.ErrInterrupted) {
				return &exitError{code: exitInterrupted, msg: "acmkb: build " + err.Error()}
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(c.App.Writer, builtLine(k, opts, time.Since(start)))
			return nil
		},
	}
}

// builtLine is what acmkb build prints when it is done: "built 48 entries
// (site in public, index in acmkb.bleve) in 290ms", or "up to date: ..."
// when the outputs were already those of the content.
func builtLine(k *kb.KB, opts build.Options, took time.Duration) string {
	var outs []string
	if opts.Out != "" {
		outs = append(outs, "site in "+opts.Out)
	}
	if opts.Index != "" {
		outs = append(outs, "index in "+opts.Index)
	}
	n := fmt.Sprintf("%d entries", len(k.Entries))
	if len(k.Entries) == 1 {
		n = "1 entry"
	}
	verb := "built"
	if build.Skipped(k) {
		verb = "up to date, nothing to build:"
	}
	return fmt.Sprintf("%s %s (%s) in %s", verb, n, strings.Join(outs, ", "), took.Round(time.Millisecond))
}

// buildMemory is the soft limit of the Go heap during acmkb build, and
// while ask, chat or eval build the cached index of a knowledge base.
const buildMemory = 900 << 20

// limitBuildMemory makes the garbage collector work harder rather than let
// the heap grow past buildMemory (unless GOMEMLIMIT says otherwise): a large
// knowledge base builds in the memory of a small machine. (Collecting less
// often costs more: a larger heap is fresh memory the kernel must hand
// over.) An ask whose index is cached never comes near the limit.
func limitBuildMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(buildMemory)
	}
}

// openIndex opens --index, or the cached index of the content.
func openIndex(c *cli.Context) (*index.Index, error) {
	if p := c.String("index"); p != "" {
		// The index holds its knowledge base: a --content given with it
		// was ignored in silence, and the answers came from the index.
		// ($ACMKB_CONTENT, set once for a shell, is not a request.)
		if d := c.String("content"); d != "" && d != os.Getenv("ACMKB_CONTENT") {
			return nil, &exitError{code: exitUsage, msg: "acmkb: --index and --content: give one (an index answers from the knowledge base it was built from)"}
		}
		return index.Open(p)
	}
	opts, err := buildOptions(c)
	if err != nil {
		return nil, err
	}
	limitBuildMemory()
	ix, err := build.OpenCached(opts, build.CacheDir())
	var ce *loader.ContentError
	if errors.As(err, &ce) {
		return nil, &exitError{code: exitUsage, msg: "acmkb: the knowledge base has errors (run acmkb check):\n" + ce.Error()}
	}
	return ix, err
}

func settings(c *cli.Context, ix *index.Index, color bool) reply.Settings {
	cfg := ix.Config()
	base := cfg.BaseURL
	if b := c.String("base-url"); b != "" {
		base = strings.TrimRight(b, "/")
	}
	days := cfg.StaleDays
	if d := c.Int("stale-days"); d > 0 {
		days = d
	}
	return reply.Settings{BaseURL: base, StaleDays: days, Color: color, Title: ix.Title, Product: cfg.Product}
}

func parseLang(s string) (kb.Lang, error) {
	if s == "" {
		return "", nil
	}
	l, err := kb.ParseLang(strings.ToLower(s)) // --lang JA as --lang ja
	if err != nil {
		return "", &exitError{code: exitUsage, msg: "acmkb: --lang: " + err.Error()}
	}
	return l, nil
}

func checkFormat(f string) error {
	if slices.Contains(reply.Formats, f) {
		return nil
	}
	return &exitError{code: exitUsage, msg: fmt.Sprintf("acmkb: --format: unknown format %q (want %s)", f, strings.Join(reply.Formats, ", "))}
}

// checkFlags refuses a --base-url that is not the absolute http(s) URL of
// a host's root (kb.CheckBaseURL: permalinks start with it, in terminals,
// Markdown replies and the site). --stale-days is checked by its flag.
func checkFlags(c *cli.Context) error {
	if b := c.String("base-url"); b != "" {
		if err := kb.CheckBaseURL(b); err != nil {
			return &exitError{code: exitUsage, msg: fmt.Sprintf("acmkb: --base-url: %v", err)}
		}
	}
	return nil
}

// useColor reports whether w is a terminal that wants colour.
func useColor(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func askCmd() *cli.Command {
	return &cli.Command{
		Name:      "ask",
		Usage:     "answer one question: verdict, answer, conditions, sources and permalink",
		ArgsUsage: "QUESTION (or - to read it from standard input)",
		// No "help" subcommand: `acmkb ask help me export the key` is a
		// question ("No help topic for 'me'" before); --help and acmkb help
		// ask still show the help.
		HideHelpCommand: true,
		Description: `Prints the best entry's verdict, one-sentence answer, conditions, numbered
citations, permalink, related entries and last verified date. When two
entries fit the question alike, the one whose title the question names
clearly better answers; failing that, it says several fit and numbers them,
each with its verdict and answer, for you to choose; when none fits, it lists
the nearest.
Exit status 0 when answered, 1 when not (several fit, or none), 2 on errors.

--format json prints one object: question, lang, answered, ambiguous, verdict (""
when not answered), answer, conditions[], entry {id,title,url} (null when not
answered), section, citations[] {n,title,url,supports}, related[] {id,title,url},
history[] {date,before,after,note}, alternatives[] {id,title,url,score,coverage,
and verdict and answer when ambiguous}, verified, stale, follow_up, score,
coverage, close_call, unmatched[], numbers_only (a number alone, no question),
subject_only (only the knowledge base's subject, such as "ACM"), and explain
with --explain. A message that asks several things, each answered on its own,
adds parts[] (an object of this shape per question answered) and
unanswered[] (its other questions).

An answer that clears the bar only just is a close call: it is given, with a
line under the title saying so and naming the question's words the entry does
not hold ("Not in this entry: stapling"). About a third of close calls came
from the wrong entry in the tuning sets, against one in twelve of the other
answers: check the entry before you paste it. --format markdown, the reply you
paste, leaves the line out and prints it on standard error.

Flags may come before or after the question. After "--" every word is part
of the question, even one that starts with "-". "acmkb ask -" reads the
question from standard input (a pasted email, quotes and all). A question may
have at most 8,000 characters.`,
		Flags: []cli.Flag{contentFlag, indexFlag, langFlag, formatFlag, baseURLFlag, staleFlag,
			&cli.BoolFlag{Name: "explain", Usage: "show why the entry won: terms, corrections, matched fields and scores, the entry it was chosen over, and whether the question is off the knowledge base's subject"},
		},
		Action: func(c *cli.Context) error {
			question := strings.TrimSpace(strings.Join(c.Args().Slice(), " "))
			if c.Args().Len() == 1 && c.Args().First() == "-" {
				// The question from standard input: a customer's email,
				// pasted with its quotes and apostrophes, which a shell
				// argument would have to escape.
				if f, ok := c.App.Reader.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
					fmt.Fprintln(c.App.ErrWriter, "Paste or type the question, then Ctrl-D on a line of its own.")
				}
				q, err := readQuestion(c.App.Reader)
				if err != nil {
					return &exitError{code: exitUsage, msg: "acmkb ask: " + err.Error()}
				}
				question = q
			}
			if question == "" {
				// The example comes from the embedded knowledge base, whose
				// index is built into the cache once; another one's could
				// take seconds to build just to print this line.
				msg := `acmkb ask: give a question, e.g. acmkb ask --content DIR "your question"`
				if c.String("content") == "" && c.String("index") == "" {
					msg = "acmkb ask: give a question"
					if ix, err := openIndex(c); err == nil {
						if ex := chat.Example(ix, kb.EN); ex != "" {
							msg += fmt.Sprintf(", e.g. acmkb ask %q", ex)
						}
						ix.Close()
					}
				}
				return &exitError{code: exitUsage, msg: msg}
			}
			if err := kb.CheckQuestion(question); err != nil {
				return &exitError{code: exitUsage, msg: "acmkb ask: " + err.Error()}
			}
			if err := checkFlags(c); err != nil {
				return err
			}
			lang, err := parseLang(c.String("lang"))
			if err != nil {
				return err
			}
			format := c.String("format")
			if err := checkFormat(format); err != nil {
				return err
			}
			ix, err := openIndex(c)
			if err != nil {
				return err
			}
			defer ix.Close()
			a, err := index.Guard(func() (*kb.Answer, error) {
				// A message asking several things gets an answer to each
				// (index.AskSeveral); --explain explains the one answer.
				if c.Bool("explain") {
					return ix.Ask(question, index.Options{Lang: lang, Explain: true})
				}
				return ix.AskSeveral(question, index.Options{Lang: lang})
			})
			if err != nil {
				return err
			}
			s := settings(c, ix, useColor(c.App.Writer))
			if err := reply.Write(c.App.Writer, format, a, s); err != nil {
				return err
			}
			if format == "markdown" {
				// The reply is for the customer; the cautions are for
				// whoever pastes it.
				for _, note := range reply.Notes(a, s) {
					fmt.Fprintln(c.App.ErrWriter, note)
				}
			}
			if format == "text" && a.Explanation != nil {
				writeExplanation(c.App.Writer, a)
			}
			if !a.Answered && len(a.Parts) == 0 { // parts are answers
				return &exitError{code: exitNo}
			}
			return nil
		},
	}
}

func writeExplanation(w io.Writer, a *kb.Answer) {
	x := a.Explanation
	p := reply.Plain // terms, corrections and passages come from the question and the content
	terms := make([]string, len(x.Terms))
	for i, t := range x.Terms {
		terms[i] = p(t)
	}
	fmt.Fprintf(w, "\nexplain:\n  terms: %s\n", strings.Join(terms, " "))
	for _, typed := range slices.Sorted(maps.Keys(x.Corrected)) {
		fmt.Fprintf(w, "  corrected: %s -> %s\n", p(typed), p(x.Corrected[typed]))
	}
	fmt.Fprintf(w, "  score %.4f, coverage %.2f, covered weight %.2f, margin %.2f, largest uncovered concept %.2f\n", a.Score, a.Coverage, x.Mass, x.Margin, x.Miss)
	if o := x.ChosenOver; o != nil {
		fmt.Fprintf(w, "  chosen over %s, which fits alike: the question names %.0f%% of this entry's title, %.0f%% of that one's\n", p(o.ID), 100*o.ChosenPrecision, 100*o.Precision)
	}
	if x.OffSubject {
		fmt.Fprintf(w, "  names none of the knowledge base's subject terms (%s): a higher bar\n", p(strings.Join(x.Subject, " ")))
	}
	for _, c := range x.Concepts {
		ts := make([]string, len(c.Terms))
		for i, t := range c.Terms {
			ts[i] = p(t)
		}
		fmt.Fprintf(w, "  concept %-30s weight %.2f covered %.2f\n", strings.Join(ts, " "), c.Weight, c.Covered)
	}
	if a.Section != nil {
		fmt.Fprintf(w, "  best section: %q\n", a.Section.Heading)
	}
	for _, m := range x.Matches {
		fmt.Fprintf(w, "  matched %-24s %.4f in %s\n", p(m.Term), m.Score, p(m.Field))
	}
	for _, alt := range a.Alternatives {
		fmt.Fprintf(w, "  next: %s score %.4f coverage %.2f\n", p(alt.ID), alt.Score, alt.Coverage)
	}
}

func chatCmd() *cli.Command {
	return &cli.Command{
		Name:  "chat",
		Usage: "a conversation: ask, follow up (\"and the private key?\"), /sources, /link, /lang ja, /help, /quit",
		Description: `Reads questions from the terminal (with line editing and history) or, when
standard input is not a terminal, one per line. Short follow-up questions are
read together with the previous one.`,
		ArgsUsage: " ",
		Flags:     []cli.Flag{contentFlag, indexFlag, langFlag, formatFlag, baseURLFlag, staleFlag},
		Action: func(c *cli.Context) error {
			lang, err := parseLang(c.String("lang"))
			if err != nil {
				return err
			}
			if err := checkFormat(c.String("format")); err != nil {
				return err
			}
			if err := checkFlags(c); err != nil {
				return err
			}
			ix, err := openIndex(c)
			if err != nil {
				return err
			}
			defer ix.Close()
			s := &chat.Session{Index: ix, Format: c.String("format"), Lang: lang}
			in, inOK := c.App.Reader.(*os.File)
			out, outOK := c.App.Writer.(*os.File)
			if inOK && outOK && term.IsTerminal(int(in.Fd())) && term.IsTerminal(int(out.Fd())) {
				s.Settings = settings(c, ix, useColor(out))
				return runTerminal(s, in, out)
			}
			s.Settings = settings(c, ix, false)
			s.Notes = c.App.ErrWriter // as ask's: the Markdown reply on standard output, its cautions apart
			return s.Run(c.App.Reader, c.App.Writer)
		},
	}
}

// readQuestion reads a question from r, to its end: at most
// kb.MaxQuestion characters, checked after reading (four bytes each at most,
// so that a longer input is not read whole).
func readQuestion(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, 4*kb.MaxQuestion+1))
	if err != nil {
		return "", err
	}
	if len(b) > 4*kb.MaxQuestion {
		return "", fmt.Errorf("the question is too long (more than %d characters): paste the customer's question, not the whole thread", kb.MaxQuestion)
	}
	return strings.TrimSpace(string(b)), nil
}

func runTerminal(s *chat.Session, in, out *os.File) error {
	old, err := term.MakeRaw(int(in.Fd()))
	if err != nil {
		return s.Run(in, out)
	}
	defer term.Restore(int(in.Fd()), old)
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{in, out}, chat.Prompt)
	// A terminal that reports no size (0x0: `script` run from a pipe, an
	// Emacs shell, a serial console) keeps the editor's 80x24: a width of
	// 0 would put every typed character on a line of its own.
	if w, h, err := term.GetSize(int(out.Fd())); err == nil && w > 0 && h > 0 {
		t.SetSize(w, h)
	}
	defer followResize(t, out)()
	// A paste of several lines (a customer's email) is one question.
	t.SetBracketedPasteMode(true)
	defer t.SetBracketedPasteMode(false)
	err = s.RunTerminal(t)
	// Ctrl-D (or Ctrl-C) leaves the cursor after the prompt: end that line,
	// so that the shell's prompt starts its own (written past the editor,
	// which would print its prompt again).
	out.WriteString("\r\n")
	return err
}

func serveCmd() *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "preview the site locally; rebuilds and reloads the browser when content or templates change",
		Description: `Builds the site into a temporary directory, serves it on --addr, and watches the
content directory (--content, default ./content when it exists) and --templates
for changes. A failed rebuild is reported, in the terminal and over the open
pages, and the last good site stays served; content with errors at the start
is served as a page of its errors until it builds.`,
		ArgsUsage: " ",
		Flags: []cli.Flag{contentFlag, baseURLFlag, staleFlag,
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "listen on `ADDR`"},
			&cli.StringFlag{Name: "templates", Usage: "render with the templates in `DIR` and watch them (default ./templates when it exists)"},
		},
		Action: func(c *cli.Context) error {
			dir := c.String("content")
			if dir == "" {
				if st, err := os.Stat("content"); err == nil && st.IsDir() {
					dir = "content"
					c.Set("content", dir)
				}
			}
			opts, err := buildOptions(c)
			if err != nil {
				return err
			}
			// SIGTERM and SIGHUP end the preview like Ctrl-C, so that the
			// temporary site is removed; caught before it is made.
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
			defer stop()
			tmp, err := os.MkdirTemp("", "acmkb-serve-*")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			out := filepath.Join(tmp, "site")
			opts.Out = out
			opts.LiveReload = site.LiveReloadPath
			var watch []string
			if dir != "" {
				watch = append(watch, dir)
			}
			tdir := c.String("templates")
			if tdir == "" {
				if st, err := os.Stat("templates"); err == nil && st.IsDir() {
					tdir = "templates"
				}
			}
			if tdir != "" {
				watch = append(watch, tdir)
				opts.Templates = os.DirFS(tdir)
			}
			// Listen first: the pages link to the address really listened on
			// (":8080" is 127.0.0.1:8080, ":0" some free port).
			ln, err := site.Listen(c.String("addr"))
			if err != nil {
				return err
			}
			defer ln.Close()
			if opts.BaseURL == "" {
				opts.BaseURL = site.URL(ln)
			}
			// A rebuild parses and analyses only the entries that changed, and
			// links the pages of the others from the previous output (the
			// page cache lives in the session's temporary directory).
			opts.Terms = analysis.NewTermCache()
			opts.Parsed = loader.NewParseCache()
			opts.CacheDir = filepath.Join(tmp, "cache")
			if err := os.Mkdir(opts.CacheDir, 0o700); err != nil {
				return err
			}
			// Warnings are printed here; errors (every one, FILE:LINE:
			// message) are the rebuild's error, which serve prints once and
			// shows in the open pages.
			rebuild := func() error {
				_, problems, err := build.Build(opts)
				for _, p := range problems.Warnings() {
					fmt.Fprintln(c.App.ErrWriter, p.String())
				}
				return err
			}
			if err := rebuild(); err != nil {
				// Content errors: serve a page that shows them until the
				// content builds (the watcher rebuilds on each save); any
				// other error ends serve.
				var ce *loader.ContentError
				if !errors.As(err, &ce) {
					return &exitError{code: exitNo, msg: fmt.Sprintf("acmkb serve: %v", err)}
				}
				fmt.Fprintf(c.App.ErrWriter, "acmkb serve: the content has errors; the site is served once they are fixed:\n%v\n", err)
				page := site.ErrorPage(err.Error())
				if err := os.Mkdir(out, 0o755); err != nil {
					return err
				}
				for _, name := range []string{"index.html", "404.html"} {
					if err := os.WriteFile(filepath.Join(out, name), page, 0o644); err != nil {
						return err
					}
				}
			}
			watching := "the embedded entries, which do not change: nothing to watch"
			if len(watch) > 0 {
				watching = "watching " + strings.Join(watch, ", ")
			}
			fmt.Fprintf(c.App.Writer, "serving %s/ (%s; Ctrl-C stops)\n", site.URL(ln), watching)
			return site.Serve(ctx, site.ServeOptions{Listener: ln, Dir: out, Rebuild: rebuild, Watch: watch, Log: c.App.ErrWriter})
		},
	}
}

func evalCmd() *cli.Command {
	return &cli.Command{
		Name:      "eval",
		Usage:     "measure answers on evaluation sets: right, not covered, confident wrong, per set",
		ArgsUsage: "[FILE...]",
		Description: `Each FILE is a TSV of lang, expected id (or - for not covered), expected
verdict (or -), question. Default: eval.tsv of the knowledge base (embedded, or
in --content DIR).

A set is measured on --content DIR when given, else on the knowledge base of
the nearest folder above it holding a kb.yaml, else on the embedded one, so
that sets of several knowledge bases can be measured in one run:

  acmkb eval content/eval-holdout3.tsv examples/*/eval*.tsv

One set prints its figures and every miss; several print one table with a
row per set (--misses lists the misses too; --misses=false keeps one set to
its figures, for a blind set). --newcomer measures each
knowledge base as a newcomer would have written it: 1 example question per
language, 3 tags, no thesaurus.

--self measures a knowledge base on its own example questions, with no set
written: the examples are split into 5 folds, and each fold is asked of the
knowledge base without those examples (row "self: examples held out": each
should still be answered by its entry), then the entries are split into 5
folds, and their examples are asked of the knowledge base without them (row
"self: entries held out": near misses, each should be not covered). Its misses
name the entry each example belongs to, and a short list names the entries to
look at first (fewest of their own examples answered): an entry whose examples are not
covered once held out states too few of the words its readers use (say them in
the title, answer or conditions, or add examples and tags); an entry that
answers another's examples overlaps it. The figures are kinder than a set
written by someone else would give.

A row expecting an id that is no entry's is reported first, then counted as a
miss. Thresholds (--min-*, --max-wrong) apply to every set. Without FILE they
default to the promise a knowledge base keeps for its eval.tsv (75 % answered
right, every verdict right, 85 % abstention, confident wrong answers under
4 % of the questions), except with --newcomer; with FILEs only the thresholds
given apply. Exits 1 when a figure is below
its threshold.`,
		Flags: []cli.Flag{contentFlag, indexFlag,
			&cli.Float64Flag{Name: "min-top1", Value: evalset.Promise.Top1, Usage: "fail when top-1 accuracy (answered with the expected entry) is below `SHARE` (0 to 1)"},
			&cli.Float64Flag{Name: "min-verdict", Value: evalset.Promise.Verdict, Usage: "fail when verdict accuracy (of correct entries) is below `SHARE` (0 to 1)"},
			&cli.Float64Flag{Name: "min-abstain", Value: evalset.Promise.Abstain, Usage: "fail when the abstention rate on out-of-scope questions is below `SHARE` (0 to 1)"},
			&cli.IntFlag{Name: "max-wrong", Value: -1, Usage: "fail above `N` confident wrong answers (-1: no limit)"},
			&cli.BoolFlag{Name: "newcomer", Usage: "measure the newcomer cut of each knowledge base (1 example per language, 3 tags, no thesaurus)"},
			&cli.BoolFlag{Name: "self", Usage: "measure each knowledge base on its own example questions instead of (or, with FILEs, besides) a set: each asked with it held out of its entry (in scope), and with its entry held out (out of scope)"},
			&cli.BoolFlag{Name: "misses", Usage: "list every miss, also when measuring several sets; --misses=false prints one set's figures only (for a blind set, whose questions you must not read)"},
		},
		Action: func(c *cli.Context) error {
			// A share, not a percentage: --min-top1 75 would fail every set
			// ("top-1 87.5% < 7500.0%").
			for _, name := range []string{"min-top1", "min-verdict", "min-abstain"} {
				if v := c.Float64(name); v < 0 || v > 1 {
					return &exitError{code: exitUsage, msg: fmt.Sprintf("acmkb eval: --%s %g: want a share from 0 to 1 (0.75 for 75 %%)", name, v)}
				}
			}
			sets := c.Args().Slice()
			if len(sets) == 0 && !c.Bool("self") {
				sets = []string{""}
			}
			// The promise's thresholds hold a knowledge base's own eval.tsv,
			// not its newcomer cut, which is a what-if.
			defaults := len(c.Args().Slice()) == 0 && !c.Bool("newcomer") && !c.Bool("self")
			limit := func(name string) bool { return defaults || c.IsSet(name) }
			kbs := map[string]*index.Index{}
			defer func() {
				for _, ix := range kbs {
					ix.Close()
				}
			}()
			var rows []evalset.Row
			var failed []string
			var measured []evalSet // for the self-test, which measures their knowledge bases
			for _, file := range sets {
				set, err := loadSet(c, file)
				if err != nil {
					return err
				}
				measured = append(measured, set)
				ix := kbs[set.kb]
				if ix == nil {
					if ix, err = openEvalIndex(c, set); err != nil {
						return err
					}
					kbs[set.kb] = ix
				}
				// A row may name an entry by a former id (its aliases): a set
				// written before the entry was renamed measures it still.
				for i := range set.cases {
					c := &set.cases[i]
					if to := ix.Resolve(c.Expected); to != "" {
						c.Expected = to
					}
					for j, id := range c.Also {
						if to := ix.Resolve(id); to != "" {
							c.Also[j] = to
						}
					}
					for _, slot := range c.Each {
						for j, id := range slot {
							if to := ix.Resolve(id); to != "" {
								slot[j] = to
							}
						}
					}
				}
				// Rows that expect an entry the knowledge base does not have
				// (a typo, a renamed entry with no alias, a set written ahead
				// of its entries) count as misses: said first, so that they
				// are not taken for the engine's.
				if err := evalset.CheckIDs(set.cases, set.name, func(id string) bool { return ix.Entry(id) != nil }); err != nil {
					fmt.Fprintf(c.App.ErrWriter, "%s\n%s: these rows count as misses\n", err, set.name)
				}
				r, err := evalset.Run(set.cases, func(q string, lang kb.Lang) (*kb.Answer, error) {
					// As ask answers: a message asking several things gets
					// its questions' answers (kb.Answer.Parts).
					return index.Guard(func() (*kb.Answer, error) { return ix.AskSeveral(q, index.Options{Lang: lang}) })
				})
				if err != nil {
					return fmt.Errorf("%s: %w", set.name, err)
				}
				rows = append(rows, evalset.Row{Set: set.name, KB: set.kbName, Report: r})
				check := func(name string, below bool, what string) {
					if limit(name) && below {
						failed = append(failed, set.name+": "+what)
					}
				}
				check("min-top1", r.Top1Rate() < c.Float64("min-top1"), fmt.Sprintf("top-1 %.1f%% < %.1f%%", 100*r.Top1Rate(), 100*c.Float64("min-top1")))
				check("min-verdict", r.VerdictRate() < c.Float64("min-verdict"), fmt.Sprintf("verdict %.1f%% < %.1f%%", 100*r.VerdictRate(), 100*c.Float64("min-verdict")))
				check("min-abstain", r.AbstainRate() < c.Float64("min-abstain"), fmt.Sprintf("abstention %.1f%% < %.1f%%", 100*r.AbstainRate(), 100*c.Float64("min-abstain")))
				if w := evalset.Ratio(r.ConfidentWrong(), r.Total); defaults && !c.IsSet("max-wrong") && r.Total > 0 && w > evalset.Promise.MaxWrong {
					failed = append(failed, fmt.Sprintf("%s: confident wrong %.1f%% > %.1f%%", set.name, 100*w, 100*evalset.Promise.MaxWrong))
				}
				if m := c.Int("max-wrong"); m >= 0 && r.ConfidentWrong() > m {
					failed = append(failed, fmt.Sprintf("%s: %d confident wrong > %d", set.name, r.ConfidentWrong(), m))
				}
			}
			var weak strings.Builder
			if c.Bool("self") {
				self, err := selfRows(c, measured, &weak)
				if err != nil {
					return err
				}
				rows = append(rows, self...)
			}
			if len(rows) == 1 {
				r := rows[0].Report
				if c.IsSet("misses") && !c.Bool("misses") {
					r.Misses = nil
				}
				r.Write(c.App.Writer)
			} else {
				evalset.WriteTable(c.App.Writer, rows)
				if c.Bool("misses") {
					for _, r := range rows {
						fmt.Fprintf(c.App.Writer, "\n%s (%s):\n", r.Set, r.KB)
						r.Report.Write(c.App.Writer)
					}
				}
			}
			io.WriteString(c.App.Writer, weak.String())
			if len(failed) > 0 {
				return &exitError{code: exitNo, msg: "acmkb eval: below threshold: " + strings.Join(failed, ", ")}
			}
			return nil
		},
	}
}

// evalSet is an evaluation set and the knowledge base it is measured on.
type evalSet struct {
	name   string // as named in messages
	cases  []evalset.Case
	kb     string // the knowledge base's directory; "" for --content or the embedded one
	kbName string // how to name it in the table
}

// loadSet reads the evaluation set in file ("" for the knowledge base's own
// eval.tsv) and finds its knowledge base (see acmkb help eval).
func loadSet(c *cli.Context, file string) (evalSet, error) {
	fsys, name, err := contentFS(c)
	if err != nil {
		return evalSet{}, err
	}
	set := evalSet{kbName: name}
	var data []byte
	if file == "" {
		set.name = name + "/eval.tsv"
		data, err = fs.ReadFile(fsys, "eval.tsv")
	} else {
		set.name = file
		data, err = os.ReadFile(file)
		if c.String("content") == "" {
			if dir := kbDirOf(file); dir != "" {
				set.kb, set.kbName = dir, dir
			}
		}
	}
	if err != nil {
		return evalSet{}, &exitError{code: exitUsage, msg: fmt.Sprintf("acmkb eval: %v", err)}
	}
	if set.cases, err = evalset.Parse(strings.NewReader(string(data)), set.name); err != nil {
		return evalSet{}, &exitError{code: exitUsage, msg: err.Error()}
	}
	set.kbName = kbLabel(c, set.kbName)
	return set, nil
}

// kbLabel is how a knowledge base is named in eval's table: its folder, as
// measured (" (newcomer cut)" with --newcomer).
func kbLabel(c *cli.Context, name string) string {
	if c.Bool("newcomer") {
		return name + " (newcomer cut)"
	}
	return name
}

// kbDirOf is the nearest directory above file that holds a kb.yaml, or "".
func kbDirOf(file string) string {
	abs, err := filepath.Abs(file)
	if err != nil {
		return ""
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, loader.ConfigFile)); err == nil {
			if wd, err := os.Getwd(); err == nil {
				if rel, err := filepath.Rel(wd, dir); err == nil && !strings.HasPrefix(rel, "..") {
					return rel
				}
			}
			return dir
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

// selfRows runs the self-test (evalset.Self) on the knowledge base of each
// set measured, once per knowledge base, or on --content's (or the embedded
// one) when there is none: two rows each, examples held out and entries held
// out; weak gets the entries to look at first.
func selfRows(c *cli.Context, measured []evalSet, weak io.Writer) ([]evalset.Row, error) {
	if len(measured) == 0 {
		_, name, err := contentFS(c)
		if err != nil {
			return nil, err
		}
		measured = []evalSet{{kbName: kbLabel(c, name)}}
	}
	var rows []evalset.Row
	seen := map[string]bool{}
	for _, set := range measured {
		if seen[set.kb] {
			continue
		}
		seen[set.kb] = true
		k, err := loadEvalKB(c, set)
		if err != nil {
			return nil, err
		}
		if c.Bool("newcomer") {
			k = evalset.NewcomerCut(k)
		}
		examples, entries, err := evalset.Self(k, func(k *kb.KB) (evalset.Asker, func(), error) {
			ix, err := index.Memory(k)
			if err != nil {
				return nil, nil, err
			}
			return func(q string, lang kb.Lang) (*kb.Answer, error) {
				return index.Guard(func() (*kb.Answer, error) { return ix.Ask(q, index.Options{Lang: lang}) })
			}, func() { ix.Close() }, nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s: self-test: %w", set.kbName, err)
		}
		rows = append(rows,
			evalset.Row{Set: "self: examples held out", KB: set.kbName, Report: examples},
			evalset.Row{Set: "self: entries held out", KB: set.kbName, Report: entries})
		if ws := evalset.Weakest(k, examples, entries, 5); len(ws) > 0 {
			fmt.Fprintf(weak, "\n%s: entries to look at first (their examples held out: answered by the entry / asked; other entries' examples they answered while those were held out):\n", set.kbName)
			for _, w := range ws {
				fmt.Fprintf(weak, "  %-40s %d/%d answered, %d taken\n", w.ID, w.Answered, w.Asked, w.Takes)
			}
		}
	}
	return rows, nil
}

// loadEvalKB loads the knowledge base set is measured on: its folder, or
// --content's, or the embedded one.
func loadEvalKB(c *cli.Context, set evalSet) (*kb.KB, error) {
	opts, err := evalOptions(c, set)
	if err != nil {
		return nil, err
	}
	k, _, err := build.Load(opts)
	return k, err
}

// evalOptions are the build options of set's knowledge base: its folder's
// when it has one, else --content's (or the embedded one).
func evalOptions(c *cli.Context, set evalSet) (build.Options, error) {
	opts, err := buildOptions(c)
	if err != nil || set.kb == "" {
		return opts, err
	}
	fsys, err := build.ContentDir(set.kb)
	if err != nil {
		return opts, &exitError{code: exitUsage, msg: fmt.Sprintf("acmkb eval: %v", err)}
	}
	opts.Content, opts.ContentName = fsys, set.kb
	return opts, nil
}

// openEvalIndex opens the index that set is measured on: --index, the
// cached index of its knowledge base, or, with --newcomer, an index of the
// knowledge base's newcomer cut built into a temporary directory.
func openEvalIndex(c *cli.Context, set evalSet) (*index.Index, error) {
	if set.kb == "" && !c.Bool("newcomer") {
		return openIndex(c)
	}
	limitBuildMemory()
	if !c.Bool("newcomer") {
		opts, err := evalOptions(c, set)
		if err != nil {
			return nil, err
		}
		return build.OpenCached(opts, build.CacheDir())
	}
	k, err := loadEvalKB(c, set)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "acmkb-newcomer-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir) // an open index keeps its files until closed
	if err := index.Build(evalset.NewcomerCut(k), filepath.Join(dir, "index")); err != nil {
		return nil, err
	}
	return index.Open(filepath.Join(dir, "index"))
}
