// Package chat runs a conversation with the knowledge base: questions,
// follow-ups that are read together with the previous question (and
// answered by the previous answer's entry when it still covers them), and a
// few slash commands. It works on a terminal (with line editing and history) and
// on piped input alike.
package chat

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/reply"
	"golang.org/x/term"
)

// ShortConcepts is the most concepts an elliptical question may have ("another
// account?"): such a question is read with the previous question when it is
// not answered alone, and one that opens as a follow-up ("and SecureString
// ones?") is never answered alone. A question with more is a full question,
// asked anew when it is not answered as a follow-up.
const ShortConcepts = 2

// Words that make a question lean on the one before: it opens with a
// continuation ("and ...?", "what about ...?", "では…") or refers back to it
// ("can ACM renew it?", "それは…").
var (
	openers   = []string{"and", "also", "what about", "how about", "then", "so", "but", "or", "same for", "and for", "では", "じゃあ", "それでは", "あと", "また", "なら", "ちなみに"}
	anaphoric = map[string]bool{"it": true, "its": true, "that": true, "this": true, "them": true, "they": true, "those": true, "these": true, "one": true, "ones": true}
	anaphorJA = []string{"それ", "これ", "その", "この", "そちら", "そっち", "同じ"}
)

// leansOnPrevious reports whether question reads as a follow-up of the one
// before, and whether it refers back to it (a pro-form: "will ACM renew
// it?"), rather than only continuing it ("and the private key?").
func leansOnPrevious(question string) (leans, refers bool) {
	q := strings.ToLower(strings.TrimSpace(question))
	for _, w := range words(q) {
		if anaphoric[w] {
			return true, true
		}
	}
	for _, a := range anaphorJA {
		if strings.Contains(q, a) {
			return true, true
		}
	}
	for _, o := range openers {
		if strings.HasPrefix(q, o+" ") || strings.HasPrefix(q, o+",") || (!isASCII(o) && strings.HasPrefix(q, o)) {
			return true, false
		}
	}
	return false, false
}

// latinWord is a word of Latin letters (and apostrophes: "can't").
var latinWord = regexp.MustCompile(`[A-Za-z']+`)

// words splits a lower-cased question into its Latin words.
func words(q string) []string { return latinWord.FindAllString(q, -1) }

// withoutProForms returns question without its pro-forms (the anaphoric
// words, in either language), each replaced by a space.
func withoutProForms(question string) string {
	out := latinWord.ReplaceAllStringFunc(question, func(w string) string {
		if anaphoric[strings.ToLower(w)] {
			return " "
		}
		return w
	})
	for _, a := range anaphorJA {
		out = strings.ReplaceAll(out, a, " ")
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Session is one conversation.
type Session struct {
	Index    *index.Index
	Settings reply.Settings
	Format   string  // text, markdown or json
	Lang     kb.Lang // forced answer language; "" follows each question
	context  string  // the questions the next follow-up is read with
	last     *kb.Answer
	// choices are the entries that fit the last question alike (an
	// ambiguous answer), or the nearest ones when none answered it, which
	// a line may pick by number; they stay after a pick, so that the
	// reader can look at another of them, until the next question.
	choices    []kb.Alternative
	question   string  // that question
	choiceLang kb.Lang // and the language it was answered in
	// Notes receives the cautions of a Markdown reply (reply.Notes: read
	// with the previous question, close call, stale), which the reply
	// leaves out; nil writes them after the reply.
	Notes io.Writer
	// unanswered is set when no entry answered the last question: /sources
	// and /link, which print those of the last answer, then say it was the
	// answer to another question.
	unanswered bool
}

// Ask answers one question in the conversation. A question that leans on the
// previous one (see leansOnPrevious) is read together with it; so is a short
// question that is not answered on its own.
func (s *Session) Ask(question string) (*kb.Answer, error) {
	// A damaged index panics inside bleve: an error for this question, not
	// the end of the conversation.
	return index.Guard(func() (*kb.Answer, error) { return s.ask(question) })
}

func (s *Session) ask(question string) (*kb.Answer, error) {
	opts := index.Options{Lang: s.Lang}
	leans, refers := leansOnPrevious(question)
	if leans && s.context != "" {
		a, err := s.followUp(question, opts)
		if err != nil || a.Answered || refers {
			// A question that refers back ("will ACM renew it?") is not
			// answered on its own: without what "it" is, the answer would
			// be to another question.
			s.remember(question, a, true)
			return a, err
		}
		// Nor is an elliptical one ("and SecureString ones?"): on its own
		// it would be answered by whatever entry holds its few words, with
		// that entry's verdict on another question. Only a full question
		// (more concepts than an elliptical one has) that happens to open
		// with "and" or "then" is asked anew.
		b, err := s.Index.Ask(question, opts)
		if err != nil {
			return nil, err
		}
		if b.Answered && b.Concepts > ShortConcepts {
			s.remember(question, b, false)
			return b, nil
		}
		return a, nil
	}
	a, err := s.Index.Ask(question, opts)
	if err != nil {
		return nil, err
	}
	// Read with the previous question when it is short and not answered alone.
	if !a.Answered && s.context != "" && a.Concepts <= ShortConcepts {
		if b, err := s.followUp(question, opts); err == nil && b.Answered {
			s.remember(question, b, true)
			return b, nil
		}
	}
	s.remember(question, a, false)
	return a, nil
}

// followUp asks question read with the conversation so far: the previous
// questions, and the entry that answered the last one, which answers again
// when it still fits best and covers what the follow-up adds
// (index.Options.Current). Its pro-forms ("SecureString ones", "それ") are
// left out of its own words: they stand for what the previous question
// named, which is read with it.
func (s *Session) followUp(question string, opts index.Options) (*kb.Answer, error) {
	opts.Previous = s.context
	if s.last != nil {
		opts.Current = s.last.Entry.ID
	}
	a, err := s.Index.Ask(withoutProForms(question), opts)
	if a != nil {
		a.Question = question
	}
	return a, err
}

func (s *Session) remember(question string, a *kb.Answer, followUp bool) {
	if a == nil || !a.Answered {
		return
	}
	if followUp {
		s.context = question + "\n" + firstLine(s.context)
	} else {
		s.context = question
	}
	s.last = a
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// help is the chat's help; its first line comes from the knowledge base
// (greeting).
var help = map[kb.Lang]string{
	kb.EN: `Short follow-ups ("and for another account?") are read with the previous question;
the entry that answered it answers them too when it covers what they add.
When several entries fit, or none answers, type the number of one listed to see it in full.
A pasted email is one question: press Enter on the empty line after it.
  /sources    the sources of the last answer
  /link       the permalink of the last answer
  /lang ja    answer in Japanese (/lang en, /lang auto)
  /help       this help
  /quit       leave (also Ctrl-D)
`,
	kb.JA: `短い追加質問(「別のアカウントでは?」)は直前の質問と合わせて解釈し、
直前に回答したエントリーが追加された点も扱っていれば、そのエントリーで回答します。
複数のエントリーが当てはまったときや回答がないときは、番号を入力すると一覧のエントリーを表示します。
貼り付けたメールは全体で 1 つの質問です。貼り付けた後の空の行で Enter を押してください。
  /sources    直前の回答の出典
  /link       直前の回答のパーマリンク
  /lang en    英語で回答 (/lang ja, /lang auto)
  /help       このヘルプ
  /quit       終了 (Ctrl-D でも可)
`,
}

// greeting is the help's first line: what the knowledge base is about
// (kb.yaml's product) and a question one of its entries answers (the first
// entry's first example in lang), so that a knowledge base about another
// product does not greet as the ACM one.
func (s *Session) greeting(lang kb.Lang) string {
	product := s.Index.Config().Product.In(lang)
	example := Example(s.Index, lang)
	switch {
	case lang == kb.JA && example != "":
		return fmt.Sprintf("%s について質問してください(例:「%s」)。\n", product, example)
	case lang == kb.JA:
		return fmt.Sprintf("%s について質問してください。\n", product)
	case example != "":
		return fmt.Sprintf("Ask a question about %s, e.g. %q.\n", product, example)
	}
	return fmt.Sprintf("Ask a question about %s.\n", product)
}

// Example is a question the knowledge base of ix answers, in lang: its
// first entry's first example question, or "" when it has none.
func Example(ix *index.Index, lang kb.Lang) string {
	e := ix.Entry(ix.ID(0))
	if e == nil {
		return ""
	}
	if ex := e.Examples[lang]; len(ex) > 0 {
		return reply.Plain(ex[0])
	}
	return ""
}

func (s *Session) lang() kb.Lang {
	if s.Lang != "" {
		return s.Lang
	}
	if s.last != nil {
		return s.last.Lang
	}
	return kb.EN
}

// Handle processes one line; it reports whether the conversation is over.
func (s *Session) Handle(line string, w io.Writer) (quit bool, err error) {
	line = strings.TrimSpace(line)
	if line == "" {
		return false, nil
	}
	if strings.HasPrefix(line, "/") {
		if s.Format == "json" {
			return s.jsonCommand(line, w)
		}
		return s.command(line, w)
	}
	if err := kb.CheckQuestion(line); err != nil {
		if s.Format == "json" {
			return false, writeJSON(w, jsonMessage{Message: err.Error()})
		}
		_, werr := fmt.Fprintf(w, "%s\n", err)
		return false, werr
	}
	if a := s.choose(line); a != nil {
		// The list stays: "3", then "1" compares two of the entries that
		// fit ("There is no list to pick from" said otherwise, of the list
		// just shown).
		s.unanswered = false
		s.remember(a.Question, a, false)
		return false, s.write(w, a)
	}
	if _, ok := number(line); ok && s.Format != "json" && s.Format != "markdown" {
		// A number picks from a list; with none showing, or out of its
		// range, it is no question (acmkb ask 4 is not covered either).
		lang := s.choiceLang
		if lang == "" {
			lang = kb.EN
		}
		if len(s.choices) == 0 {
			_, err := fmt.Fprint(w, noList[lang])
			return false, err
		}
		_, err := fmt.Fprintf(w, pick[lang], len(s.choices))
		return false, err
	}
	if done, err := s.several(line, w); done || err != nil {
		return false, err
	}
	a, err := s.Ask(line)
	if err != nil {
		return false, err
	}
	s.choices, s.question, s.choiceLang, s.unanswered = nil, line, a.Lang, !a.Answered
	for _, alt := range reply.Nearest(a) {
		// The entries that fit an ambiguous question (Fits set), or, when
		// no entry answers, the nearest ones: a number shows one in full,
		// the reader's choice.
		if alt.Fits != nil || (!a.Answered && !a.Ambiguous) {
			s.choices = append(s.choices, alt)
		}
	}
	if err := s.write(w, a); err != nil {
		return false, err
	}
	if len(s.choices) > 0 && s.Format != "json" && s.Format != "markdown" {
		_, err = fmt.Fprintf(w, pick[a.Lang], len(s.choices))
	}
	return false, err
}

// several answers a line that asks two or more things, each on its own
// (index.AskSeveral), and reports whether it did; a line that leans on the
// previous question is a follow-up, read by Ask. The last part answered is
// what /sources, /link and a follow-up read.
func (s *Session) several(line string, w io.Writer) (bool, error) {
	if len(analysis.Questions(line)) < 2 {
		return false, nil
	}
	if leans, _ := leansOnPrevious(line); leans && s.context != "" {
		return false, nil
	}
	a, err := index.Guard(func() (*kb.Answer, error) { return s.Index.AskSeveral(line, index.Options{Lang: s.Lang}) })
	if err != nil || len(a.Parts) == 0 {
		return false, err
	}
	s.choices, s.question, s.unanswered = nil, line, false
	for _, p := range a.Parts {
		s.remember(p.Question, p, false)
	}
	return true, s.write(w, a) // the parts, and in Markdown their cautions
}

var noList = map[kb.Lang]string{
	kb.EN: "There is no list to pick from: ask a question.\n",
	kb.JA: "番号で選べる一覧はありません。質問を入力してください。\n",
}

var pick = map[kb.Lang]string{
	kb.EN: "\nType a number (1-%d) to see that entry in full.\n",
	kb.JA: "\n番号(1〜%d)を入力すると、そのエントリーを表示します。\n",
}

// choose returns the answer line picks, by number, among the entries that fit
// the last question alike or, when none answered it, the nearest entries; or
// nil when it picks none: the entry's card answers that question, in its
// language.
func (s *Session) choose(line string) *kb.Answer {
	if len(s.choices) == 0 {
		return nil
	}
	n, ok := number(line)
	if !ok || n < 1 || n > len(s.choices) {
		return nil
	}
	alt := s.choices[n-1]
	if alt.Fits == nil { // a nearest entry: its card, from the index
		if alt.Fits = s.Index.Entry(alt.ID); alt.Fits == nil {
			return nil
		}
	}
	return &kb.Answer{Question: s.question, Lang: s.choiceLang, Answered: true, Entry: alt.Fits, Score: alt.Score, Coverage: alt.Coverage, Concepts: 1}
}

// number reads line as a whole number, in ASCII or full-width digits (as a
// Japanese IME types them).
func number(line string) (int, bool) {
	n := 0
	for _, r := range line {
		switch {
		case r >= '0' && r <= '9':
			n = n*10 + int(r-'0')
		case r >= '０' && r <= '９':
			n = n*10 + int(r-'０')
		default:
			return 0, false
		}
		if n > 1<<20 {
			return 0, false // no list is that long
		}
	}
	return n, line != ""
}

func (s *Session) write(w io.Writer, a *kb.Answer) error {
	if err := reply.Write(w, s.Format, a, s.Settings); err != nil || s.Format != "markdown" {
		return err
	}
	notes := s.Notes
	if notes == nil {
		notes = w
	}
	for _, n := range reply.Notes(a, s.Settings) {
		if _, err := fmt.Fprintln(notes, n); err != nil {
			return err
		}
	}
	return nil
}

// jsonMessage is what chat --format json prints for a line that is not
// answered as a question: a command's output, as its text reply says it,
// and for /link and /sources the permalink and sources as fields too, so
// that every line of output is one JSON object.
type jsonMessage struct {
	Command string           `json:"command,omitempty"`
	Message string           `json:"message"`
	Link    string           `json:"link,omitempty"`
	Sources []reply.JSONCite `json:"sources,omitempty"`
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// jsonCommand runs a command for chat --format json (see jsonMessage).
func (s *Session) jsonCommand(line string, w io.Writer) (bool, error) {
	var b strings.Builder
	quit, err := s.command(line, &b)
	if err != nil || quit {
		return quit, err
	}
	m := jsonMessage{Command: strings.Fields(line)[0], Message: strings.TrimSpace(b.String())}
	if s.last != nil {
		lang := s.lang()
		switch m.Command {
		case "/link":
			m.Link = kb.Permalink(s.Settings.BaseURL, lang, s.last.Entry.ID)
		case "/sources":
			m.Sources = []reply.JSONCite{}
			for i, src := range s.last.Entry.Sources {
				m.Sources = append(m.Sources, reply.JSONCite{N: i + 1, Title: src.Title.In(lang), URL: src.URL, Supports: src.Supports.In(lang)})
			}
		}
	}
	return false, writeJSON(w, m)
}

func (s *Session) command(line string, w io.Writer) (bool, error) {
	fields := strings.Fields(line)
	lang := s.lang()
	switch fields[0] {
	case "/quit", "/exit", "/q":
		return true, nil
	case "/help", "/?":
		_, err := io.WriteString(w, s.greeting(lang)+help[lang])
		return false, err
	case "/sources":
		if s.last == nil {
			return false, s.noAnswer(w, lang)
		}
		s.earlier(w, lang)
		for i, src := range s.last.Entry.Sources {
			fmt.Fprintf(w, "[%d] %s\n    %s\n", i+1, reply.Plain(src.Title.In(lang)), reply.Plain(src.URL)) // in /lang's language when set
		}
		return false, nil
	case "/link":
		if s.last == nil {
			return false, s.noAnswer(w, lang)
		}
		s.earlier(w, lang)
		_, err := fmt.Fprintln(w, reply.Plain(kb.Permalink(s.Settings.BaseURL, lang, s.last.Entry.ID)))
		return false, err
	case "/lang":
		if len(fields) == 2 {
			fields[1] = strings.ToLower(fields[1]) // /lang JA as /lang ja
		}
		if len(fields) == 2 && fields[1] == "auto" {
			s.Lang = ""
			_, err := fmt.Fprintln(w, "lang: auto")
			return false, err
		}
		if len(fields) == 2 {
			l, err := kb.ParseLang(fields[1])
			if err == nil {
				s.Lang = l
				_, err = fmt.Fprintf(w, "lang: %s\n", l)
				return false, err
			}
		}
		usage := map[kb.Lang]string{kb.EN: "usage: /lang en|ja|auto\n", kb.JA: "使い方: /lang en|ja|auto\n"}
		_, err := io.WriteString(w, usage[lang])
		return false, err
	}
	unknown := map[kb.Lang]string{kb.EN: "unknown command %s: try /help\n", kb.JA: "%s というコマンドはありません。/help で一覧を表示します。\n"}
	_, err := fmt.Fprintf(w, unknown[lang], reply.Plain(fields[0]))
	return false, err
}

// noAnswer says that /sources and /link have no answer to show: before any
// question, ask one; after one that listed entries and none answered
// (several fit, or none did), pick one of them by number, which "ask a
// question first" did not say, of a question just asked.
func (s *Session) noAnswer(w io.Writer, lang kb.Lang) error {
	if len(s.choices) > 0 {
		if s.Lang == "" {
			lang = s.choiceLang // the language the list was shown in
		}
		msg := map[kb.Lang]string{
			kb.EN: "The last question was not answered: type a number (1-%d) to see one of the entries listed, or ask again in other words.\n",
			kb.JA: "直前の質問には回答していません。番号(1〜%d)を入力すると一覧のエントリーを表示します。別の言葉で質問し直すこともできます。\n",
		}
		_, err := fmt.Fprintf(w, msg[lang], len(s.choices))
		return err
	}
	msg := map[kb.Lang]string{kb.EN: "No answer yet: ask a question first.\n", kb.JA: "まだ回答がありません。先に質問してください。\n"}
	_, err := io.WriteString(w, msg[lang])
	return err
}

// earlier says, when the last question was not answered, that what /sources
// and /link print is of the answer before it, and to which question.
func (s *Session) earlier(w io.Writer, lang kb.Lang) {
	if !s.unanswered {
		return
	}
	q, id := reply.Plain(firstLine(s.last.Question)), reply.Plain(s.last.Entry.ID)
	if r := []rune(q); len(r) > 60 { // a pasted email
		q = string(r[:60]) + "…"
	}
	if lang == kb.JA {
		fmt.Fprintf(w, "直前の質問には回答していません。以下はその前の回答(「%s」への回答、%s)のものです。\n", q, id)
		return
	}
	fmt.Fprintf(w, "The last question was not answered: these are of the answer before it, to \"%s\" (%s).\n", q, id)
}

// maxLine is the longest line Run reads whole: a question of kb.MaxQuestion
// characters of up to four bytes, with room for spaces around it. A longer
// line is skipped to its end and answered with an error; the conversation
// goes on.
const maxLine = 4*kb.MaxQuestion + 1024

// Run reads questions line by line from r until /quit or the end of input.
func (s *Session) Run(r io.Reader, w io.Writer) error {
	br := bufio.NewReaderSize(r, 64*1024)
	for {
		line, long, err := readLine(br)
		if err == io.EOF && line == "" && !long {
			return nil
		}
		if err != nil && err != io.EOF {
			return err
		}
		quit := false
		var herr error
		if long {
			_, herr = fmt.Fprintf(w, "the question is too long (at most %d characters)\n", kb.MaxQuestion)
		} else {
			quit, herr = s.Handle(line, w)
		}
		if herr != nil {
			return herr
		}
		if quit || err == io.EOF {
			return nil
		}
		fmt.Fprintln(w)
	}
}

// readLine reads one line without its end. A line longer than maxLine is
// read to its end and dropped: long is true and line empty.
func readLine(br *bufio.Reader) (line string, long bool, err error) {
	var buf []byte
	for {
		chunk, isPrefix, err := br.ReadLine()
		if !long {
			buf = append(buf, chunk...)
			if len(buf) > maxLine {
				long, buf = true, nil
			}
		}
		if err != nil {
			if len(buf) > 0 || long {
				return string(buf), long, io.EOF
			}
			return "", false, err
		}
		if !isPrefix {
			return string(buf), long, nil
		}
	}
}

// Prompt is the chat's prompt in a terminal; pastePrompt, while the lines
// of a paste gather into one question.
const (
	Prompt      = "acmkb> "
	pastePrompt = "...> "
)

// Terminal is a line editor with history (golang.org/x/term's Terminal).
type Terminal interface {
	ReadLine() (string, error)
	io.Writer
}

// RunTerminal reads questions from an interactive terminal.
//
// Lines pasted whole (the Terminal's ReadLine returns them with
// term.ErrPasteIndicator, in bracketed paste mode) are one question, asked
// with the line typed after them (Enter on an empty line): a customer's
// email pasted into the chat was asked line by line, "Hello team," and
// "Thanks, Bob" included, each answered "not covered" with its nearest
// entries. While they gather, the prompt is "...> " (when the Terminal has
// SetPrompt).
func (s *Session) RunTerminal(t Terminal) error {
	io.WriteString(t, s.greeting(s.lang())+help[s.lang()])
	prompter, _ := t.(interface{ SetPrompt(string) })
	var pasted []string
	for {
		line, err := t.ReadLine()
		if errors.Is(err, term.ErrPasteIndicator) {
			if len(pasted) == 0 && prompter != nil {
				prompter.SetPrompt(pastePrompt)
			}
			pasted = append(pasted, line)
			continue
		}
		if len(pasted) > 0 {
			line = strings.Join(append(pasted, line), "\n")
			pasted = nil
			if prompter != nil {
				prompter.SetPrompt(Prompt)
			}
		}
		if err == io.EOF {
			if strings.TrimSpace(line) == "" {
				return nil
			}
			err = nil // Ctrl-D after a paste asks it, then ends
		}
		if err != nil {
			return err
		}
		quit, err := s.Handle(line, t)
		if err != nil {
			fmt.Fprintf(t, "error: %v\n", err)
			continue
		}
		if quit {
			return nil
		}
		io.WriteString(t, "\n")
	}
}
