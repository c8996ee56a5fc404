// Package reply formats answers for people: plain or coloured text for a
// terminal, Markdown to paste into a support reply, and a stable JSON object
// for scripts. The site's "copy as reply" button copies EntryMarkdown, the
// same text `acmkb ask --format markdown` prints, so both stay identical.
package reply

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/acmkb/acmkb/kb"
)

// Settings are what every format needs besides the answer.
type Settings struct {
	BaseURL   string                  // permalinks start here
	StaleDays int                     // verified longer ago than this gets a warning (0: never)
	Now       func() time.Time        // the clock, for staleness
	Color     bool                    // ANSI colour in Text
	Title     func(id string) kb.Text // the title of a related entry (none: its id is shown)
	Product   kb.Text                 // what the knowledge base is about (kb.yaml's product), named when a question says nothing
}

func (s Settings) title(id string, lang kb.Lang) string {
	if s.Title == nil {
		return ""
	}
	return s.Title(id).In(lang)
}

func (s Settings) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// labels are the fixed words of a reply, per language.
var labels = map[kb.Lang]map[string]string{
	kb.EN: {
		"conditions": "Conditions", "sources": "Sources", "more": "More", "verified": "Verified",
		"related": "Related", "changed": "Until %s the answer was: %s.", "stale": "over %d days ago: check the sources", "stale1": "over a day ago: check the sources",
		"notcovered": "The knowledge base does not cover this question.", "nearest": "Nearest entries",
		"ambiguous": "More than one entry fits this question; which one do you mean?", "fits": "Entries that fit",
		"section": "See", "permalink": "Permalink", "empty": "Ask a question about what %s can or cannot do.", "product": "the product",
		"closecall": "Close call: check that this entry answers the question before you use it.", "unmatched": "Not in this entry: %s.", "lacks": "Not in the nearest entry: %s.", "numbers": "A number alone is not a question: say in words what you want to know.", "several": "This message asks %d questions; each is answered on its own.", "severalsome": "This message asks %d questions; answered on their own: %d.", "severalnone": "Not covered on its own:", "followup": "Read with your previous question: the verdict is this entry's; check what it says of what you added.", "weak": "The question's words are in the nearest entry, but it does not answer clearly enough: it may only mention them, or others fit as well.",
	},
	kb.JA: {
		"conditions": "条件", "sources": "出典", "more": "詳細", "verified": "確認日",
		"related": "関連", "changed": "%s までの回答は「%s」でした。", "stale": "%d 日以上前: 出典を再確認してください", "stale1": "1 日以上前: 出典を再確認してください",
		"notcovered": "この質問はナレッジベースの対象外です。", "nearest": "近いエントリー",
		"ambiguous": "この質問には複数のエントリーが当てはまります。どれのことですか?", "fits": "当てはまるエントリー",
		"section": "参照", "permalink": "パーマリンク", "empty": "%s でできること・できないことについて質問してください。", "product": "製品",
		"closecall": "確度の低い回答です。このエントリーが質問に答えているか確認してから使ってください。", "unmatched": "このエントリーにない語: %s。", "lacks": "最も近いエントリーにない語: %s。", "numbers": "数字だけでは質問になりません。知りたいことを言葉で書いてください。", "several": "このメッセージには %d 件の質問があります。それぞれに回答します。", "severalsome": "このメッセージには %d 件の質問があります。単独で回答できたのは %d 件です。", "severalnone": "単独では対象外の質問:", "followup": "前の質問と合わせて読みました。判定はこのエントリーのものです。追加で尋ねた点について何と書いてあるか確認してください。", "weak": "質問の語は最も近いエントリーにありますが、回答とするには一致が弱いです(言及だけか、他のエントリーも同じくらい一致しています)。",
	},
}

// Label returns the fixed word key in lang (for templates that show the same words).
func Label(lang kb.Lang, key string) string { return labels[lang][key] }

// ChangeLines are the history of e as sentences: "Until 2025-06-17 the answer was: No."
func ChangeLines(e *kb.Entry, lang kb.Lang) []string {
	var out []string
	for _, c := range e.History {
		if c.Before != c.After {
			out = append(out, fmt.Sprintf(labels[lang]["changed"], c.Date, c.Before.Label(lang)))
		}
	}
	return out
}

// Formats are the output formats, by name (Write's format).
var Formats = []string{"text", "markdown", "json"}

// Write writes a in format (one of Formats; anything else is text).
func Write(w io.Writer, format string, a *kb.Answer, s Settings) error {
	switch {
	case format == "json":
		return JSON(w, a, s)
	case len(a.Parts) > 0:
		return writeSeveral(w, format, a, s)
	case format == "markdown":
		return Markdown(w, a, s)
	default:
		return Text(w, a, s)
	}
}

// EntryMarkdown is the paste-ready reply for entry e in lang.
//
// Content is trusted to be true, not to be harmless where it is pasted: every
// piece of it goes through mdText (Markdown and HTML inert, one line) and
// every link through mdURL (http and https only), so that a reply pasted
// into a ticket renders only the links and emphasis written here.
func EntryMarkdown(e *kb.Entry, lang kb.Lang, baseURL string) string {
	L := labels[lang]
	var b strings.Builder
	b.Grow(1024)
	// (WriteString, not Fprintf: every page of a site has a reply.)
	line := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
		}
		b.WriteByte('\n')
	}
	line(verdictLead(e.Verdict.Label(lang), e.Answer.In(lang)))
	if conds := e.Conditions.In(lang); len(conds) > 0 {
		line("\n", L["conditions"], ":")
		for _, c := range conds {
			line("- ", mdText(c))
		}
	}
	for _, l := range ChangeLines(e, lang) {
		line("\n", mdText(l))
	}
	line("\n", L["sources"], ":")
	for i, s := range e.Sources {
		line(strconv.Itoa(i+1), ". ", mdLink(s.Title.In(lang), s.URL))
	}
	fmt.Fprintf(&b, "\n%s: %s (%s %s)\n", L["more"], mdLink(e.Title.In(lang), kb.Permalink(baseURL, lang, e.ID)), L["verified"], e.Verified)
	return b.String()
}

// verdictLead is the answer's line of a Markdown reply: the verdict in bold,
// then the answer; when the answer starts with the verdict itself ("Partly:
// since 2025-06-17 ...", "はい、..."), that start is put in bold, not the
// verdict written twice ("**Partly** Partly: ..."). Punctuation run into
// the text after it, as Japanese writes it, stays outside the bold, with no
// space ("**いいえ**、ACM ..."): inside, CommonMark closes the bold only
// before a space, and the reply read "いいえ、 ACM", with a space Japanese
// does not write.
func verdictLead(label, answer string) string {
	if rest, ok := strings.CutPrefix(answer, label); ok && label != "" {
		lead := label
		if r, size := utf8.DecodeRuneInString(rest); size > 0 && strings.ContainsRune(":,;、。：，", r) {
			if after := rest[size:]; after != "" && after[0] != ' ' {
				// Run into the text, as Japanese writes it: outside the
				// bold, with no space added.
				return "**" + mdText(lead) + "**" + mdText(rest)
			}
			lead, rest = lead+string(r), rest[size:]
		}
		if rest = strings.TrimLeft(rest, " "); rest == "" {
			return "**" + mdText(lead) + "**"
		}
		return "**" + mdText(lead) + "** " + mdText(rest)
	}
	return "**" + label + "** " + mdText(answer)
}

// mdSpecial are the characters that can start Markdown or HTML inline:
// emphasis, code, links and images, autolinks and raw HTML, entities,
// strikethrough, tables, headings, and the backslash itself. CommonMark
// lets any ASCII punctuation be escaped with a backslash.
const mdSpecial = "\\`*_[]<>!&~|#"

// mdText makes s inert Markdown on one line: runs of white space (line
// breaks included) become one space, every character of mdSpecial is
// escaped, and so is a start that would open a list, quote, heading or
// thematic break ("- ", "1. ", "+", "=").
func mdText(s string) string {
	// Plain leaves valid UTF-8, and every character escaped is ASCII: the
	// words are copied byte by byte, not decoded.
	var b strings.Builder
	b.Grow(len(s) + 8)
	k := 0
	for w := range strings.FieldsSeq(Plain(s)) {
		if k > 0 {
			b.WriteByte(' ')
		}
		k++
		for i := 0; i < len(w); i++ {
			c := w[i]
			if strings.IndexByte(mdSpecial, c) >= 0 || k == 1 && i == 0 && (c == '-' || c == '+' || c == '=') {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		}
	}
	out := b.String()
	// "1. " or "1) " at the start is an ordered list item.
	if n := len(out) - len(strings.TrimLeft(out, "0123456789")); n > 0 && n < len(out) && (out[n] == '.' || out[n] == ')') {
		out = out[:n] + "\\" + out[n:]
	}
	return out
}

// mdURL returns u fit for a Markdown link destination, or "" when it is
// not an absolute http(s) URL with a plain host name or address. Characters that could end the destination
// or start a title ("(", ")", "<", ">", quotes, spaces, controls) are
// percent-encoded.
func mdURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" || strings.Trim(p.Host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") != "" {
		return ""
	}
	u = p.String()
	i := 0
	for i < len(u) && !mdURLEscaped(u[i]) {
		i++
	}
	if i == len(u) { // most URLs: nothing to encode
		return u
	}
	var b strings.Builder
	b.WriteString(u[:i])
	for ; i < len(u); i++ {
		if c := u[i]; mdURLEscaped(c) {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// mdURLEscaped reports whether mdURL percent-encodes c.
func mdURLEscaped(c byte) bool {
	return c <= ' ' || c == 0x7f || strings.IndexByte("()<>\"'`\\", c) >= 0
}

// mdLink is [text](u), or text alone when u is not an http(s) URL.
func mdLink(text, u string) string {
	t := mdText(text)
	if dst := mdURL(u); dst != "" {
		if t == "x" || t == "X" { // "1. [x](...)" would be a task list item's checkbox
			t = fmt.Sprintf("&#%d;", t[0])
		}
		return "[" + t + "](" + dst + ")"
	}
	return t
}

// Markdown writes a as a Markdown reply.
func Markdown(w io.Writer, a *kb.Answer, s Settings) error {
	L := labels[a.Lang]
	if a.Answered {
		md := EntryMarkdown(a.Entry, a.Lang, s.BaseURL)
		if sec := a.Section; sec != nil {
			md += fmt.Sprintf("%s: %s\n", L["section"], mdLink(sec.Heading, sectionURL(s.BaseURL, a.Lang, a.Entry.ID, sec)))
		}
		_, err := io.WriteString(w, md)
		return err
	}
	var b strings.Builder
	if a.Concepts == 0 || a.SubjectOnly { // as Text says it: "can I?", "ACM"
		fmt.Fprintf(&b, L["empty"]+"\n", mdText(productName(a.Lang, s)))
	}
	head, list := notCovered(a)
	fmt.Fprintf(&b, "%s\n", L[head])
	if a.Numbers {
		fmt.Fprintf(&b, "\n%s\n", L["numbers"])
	}
	if alts := Nearest(a); len(alts) > 0 {
		fmt.Fprintf(&b, "\n%s:\n", L[list])
		for _, alt := range alts {
			link := mdLink(alt.Title.In(a.Lang), kb.Permalink(s.BaseURL, a.Lang, alt.ID))
			if e := alt.Fits; e != nil {
				fmt.Fprintf(&b, "- **%s** %s: %s\n", mdText(e.Verdict.Label(a.Lang)), link, mdText(e.Answer.In(a.Lang)))
				continue
			}
			fmt.Fprintf(&b, "- %s\n", link)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ANSI colours, used only when Settings.Color is set.
const (
	reset = "\x1b[0m"
	bold  = "\x1b[1m"
	dim   = "\x1b[2m"
)

var verdictColor = map[kb.Verdict]string{kb.Yes: "\x1b[1;32m", kb.No: "\x1b[1;31m", kb.Partly: "\x1b[1;33m"}

// Plain returns s fit for one line of a terminal: control characters (ESC,
// BEL, CSI and the rest of Unicode's Cc, which a terminal would obey as
// escape sequences) are dropped, and tabs and line breaks become spaces.
// Text passes every piece of content through it; so should anything else
// that prints content or questions to a terminal.
func Plain(s string) string {
	clean := true
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case unicode.IsControl(r):
		case r == utf8.RuneError: // invalid UTF-8 could complete an escape
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// productName is what the knowledge base is about, in lang ("the product"
// when the settings do not say).
func productName(lang kb.Lang, s Settings) string {
	if p := s.Product.In(lang); p != "" {
		return p
	}
	return labels[lang]["product"]
}

// Text writes a for a terminal. Every piece of content goes through Plain.
func Text(w io.Writer, a *kb.Answer, s Settings) error {
	L := labels[a.Lang]
	paint := func(code, text string) string {
		if !s.Color {
			return text
		}
		return code + text + reset
	}
	var b strings.Builder
	if !a.Answered {
		if a.Concepts == 0 || a.SubjectOnly { // nothing to search for: "can I?", "ACM"
			fmt.Fprintf(&b, L["empty"]+"\n", Plain(productName(a.Lang, s)))
		}
		head, list := notCovered(a)
		fmt.Fprintln(&b, paint(bold, L[head]))
		if a.Numbers {
			fmt.Fprintf(&b, "\n%s\n", L["numbers"])
		}
		if alts := Nearest(a); len(alts) > 0 {
			fmt.Fprintf(&b, "\n%s:\n", L[list])
			n := 0 // the entries that fit are numbered 1, 2, … in order, as a chat's choices are
			for _, alt := range alts {
				url := paint(dim, Plain(kb.Permalink(s.BaseURL, a.Lang, alt.ID)))
				if e := alt.Fits; e != nil {
					// What each entry that fits says, so that the reader can
					// choose (by its number, in a chat).
					n++
					fmt.Fprintf(&b, "  %d. %s  %s\n     %s\n     %s\n", n, paint(verdictColor[e.Verdict], strings.ToUpper(Plain(e.Verdict.Label(a.Lang)))), paint(bold, Plain(alt.Title.In(a.Lang))), Plain(e.Answer.In(a.Lang)), url)
					continue
				}
				fmt.Fprintf(&b, "  - %s  %s\n", Plain(alt.Title.In(a.Lang)), url)
			}
			// Why none answers: the words the nearest entry lacks, or a
			// match too weak when it has them all.
			switch words := unmatchedWords(a); {
			case a.Ambiguous:
			case words != "":
				fmt.Fprintf(&b, "\n"+L["lacks"]+"\n", words)
			case a.Concepts > 0:
				fmt.Fprintf(&b, "\n%s\n", L["weak"])
			}
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	e := a.Entry
	fmt.Fprintf(&b, "%s  %s\n", paint(verdictColor[e.Verdict], strings.ToUpper(Plain(e.Verdict.Label(a.Lang)))), paint(bold, Plain(e.Title.In(a.Lang))))
	if note := CloseCallNote(a); note != "" {
		fmt.Fprintf(&b, "%s\n", paint(verdictColor[kb.Partly], note))
	}
	if a.FollowUp {
		// "and for the apex domain?" after a wildcard question: the entry's
		// verdict answers its own title, not necessarily what was added.
		fmt.Fprintf(&b, "%s\n", paint(dim, L["followup"]))
	}
	fmt.Fprintf(&b, "%s\n", Plain(e.Answer.In(a.Lang)))
	if conds := e.Conditions.In(a.Lang); len(conds) > 0 {
		fmt.Fprintf(&b, "\n%s:\n", L["conditions"])
		for _, c := range conds {
			fmt.Fprintf(&b, "  - %s\n", Plain(c))
		}
	}
	for _, line := range ChangeLines(e, a.Lang) {
		fmt.Fprintf(&b, "\n%s\n", paint(bold, Plain(line)))
	}
	fmt.Fprintf(&b, "\n%s:\n", L["sources"])
	for i, src := range e.Sources {
		fmt.Fprintf(&b, "  [%d] %s\n      %s\n", i+1, Plain(src.Title.In(a.Lang)), Plain(src.URL))
	}
	if sec := a.Section; sec != nil {
		fmt.Fprintf(&b, "\n%s: %s  %s\n", L["section"], Plain(sec.Heading), paint(dim, Plain(sectionURL(s.BaseURL, a.Lang, e.ID, sec))))
		fmt.Fprintf(&b, "%s: %s\n", L["permalink"], Plain(kb.Permalink(s.BaseURL, a.Lang, e.ID)))
	} else {
		fmt.Fprintf(&b, "\n%s: %s\n", L["permalink"], Plain(kb.Permalink(s.BaseURL, a.Lang, e.ID)))
	}
	if rel := relatedTitles(e, a.Lang, s); len(rel) > 0 {
		fmt.Fprintf(&b, "%s: %s\n", L["related"], strings.Join(rel, "; "))
	}
	verified := Plain(e.Verified.String())
	if stale := staleWords(e, a.Lang, s); stale != "" {
		verified += "  " + paint(verdictColor[kb.Partly], "("+stale+")")
	}
	fmt.Fprintf(&b, "%s: %s\n", L["verified"], verified)
	_, err := io.WriteString(w, b.String())
	return err
}

// Notes are the cautions of an answer for whoever pastes its Markdown
// reply, which leaves them out: that it was read with the previous question
// (chat), that it is a close call, that its entry is stale; each a line in
// a's language, as the text reply says it.
func Notes(a *kb.Answer, s Settings) []string {
	if len(a.Parts) > 0 {
		return partNotes(a.Parts, s)
	}
	var notes []string
	if a.Answered && a.FollowUp {
		notes = append(notes, labels[a.Lang]["followup"])
	}
	for _, n := range []string{CloseCallNote(a), StaleNote(a, s)} {
		if n != "" {
			notes = append(notes, n)
		}
	}
	return notes
}

// staleWords says, in lang, that e was verified more than s.StaleDays ago;
// "" when it was not.
func staleWords(e *kb.Entry, lang kb.Lang, s Settings) string {
	if !e.Stale(s.now(), s.StaleDays) {
		return ""
	}
	if s.StaleDays == 1 {
		return labels[lang]["stale1"]
	}
	return fmt.Sprintf(labels[lang]["stale"], s.StaleDays)
}

// StaleNote is what whoever pastes the Markdown reply is told of an answer
// whose entry was verified more than s.StaleDays ago, as the text reply
// says it ("Verified: 2026-12-04  (over 180 days ago: check the sources)");
// "" when it is not stale. The Markdown reply, for the customer, gives the
// date alone.
func StaleNote(a *kb.Answer, s Settings) string {
	if !a.Answered || a.Entry == nil {
		return ""
	}
	stale := staleWords(a.Entry, a.Lang, s)
	if stale == "" {
		return ""
	}
	return fmt.Sprintf("%s: %s  (%s)", labels[a.Lang]["verified"], Plain(a.Entry.Verified.String()), stale)
}

// CloseCallNote is what a reader is told of an answer that is a close call
// (kb.Answer.CloseCall), with the words of the question the entry does not
// hold; "" for any other answer. Text shows it under the title; a Markdown
// reply, which is pasted for a customer, leaves it out, and the CLI says it
// on standard error instead.
func CloseCallNote(a *kb.Answer) string {
	if !a.Answered || !a.CloseCall {
		return ""
	}
	L := labels[a.Lang]
	note := L["closecall"]
	if words := unmatchedWords(a); words != "" {
		note += " " + fmt.Sprintf(L["unmatched"], words)
	}
	return note
}

// unmatchedWords lists a.Unmatched for a reader, in a's language.
func unmatchedWords(a *kb.Answer) string {
	words := make([]string, len(a.Unmatched))
	for i, w := range a.Unmatched {
		words[i] = Plain(w)
	}
	sep := ", "
	if a.Lang == kb.JA {
		sep = "、"
	}
	return strings.Join(words, sep)
}

// notCovered chooses the words for an answer that is not given: several
// entries fit (Ambiguous), or none does.
func notCovered(a *kb.Answer) (head, list string) {
	if a.Ambiguous {
		return "ambiguous", "fits"
	}
	return "notcovered", "nearest"
}

// sectionURL is the permalink of entry id with the section's heading as its fragment.
func sectionURL(base string, lang kb.Lang, id string, sec *kb.SectionRef) string {
	return kb.Permalink(base, lang, id) + "#" + (&url.URL{Fragment: sec.Anchor}).EscapedFragment()
}

func relatedTitles(e *kb.Entry, lang kb.Lang, s Settings) []string {
	var out []string
	for _, id := range e.Related {
		if t := s.title(id, lang); t != "" {
			out = append(out, fmt.Sprintf("%s (%s)", Plain(t), Plain(id)))
			continue
		}
		out = append(out, Plain(id))
	}
	return out
}

// JSONAnswer is the documented JSON object of `acmkb ask --format json`.
// Fields are only ever added, never renamed or removed.
type JSONAnswer struct {
	Question     string          `json:"question"`
	Lang         kb.Lang         `json:"lang"`
	Answered     bool            `json:"answered"`
	Ambiguous    bool            `json:"ambiguous"` // not answered because several entries fit alike (see alternatives)
	Verdict      kb.Verdict      `json:"verdict"`   // yes, no, partly; "" when not answered
	Answer       string          `json:"answer"`
	Conditions   []string        `json:"conditions"`
	Entry        *JSONRef        `json:"entry"`   // null when not answered
	Section      *JSONSection    `json:"section"` // the section of the entry that answers best; null when none stands out
	Citations    []JSONCite      `json:"citations"`
	Related      []JSONRef       `json:"related"`
	History      []JSONChange    `json:"history"`
	Alternatives []JSONAlt       `json:"alternatives"`
	Verified     string          `json:"verified"` // YYYY-MM-DD; "" when not answered
	Stale        bool            `json:"stale"`
	FollowUp     bool            `json:"follow_up"`
	Score        float64         `json:"score"`
	Coverage     float64         `json:"coverage"`
	Explain      *kb.Explanation `json:"explain,omitempty"`
	// CloseCall: answered, but only just (check it); Unmatched: the
	// question's words the entry does not hold, for a close call, or the
	// nearest entry does not hold, when none answers.
	CloseCall bool     `json:"close_call"`
	Unmatched []string `json:"unmatched"`
	// NumbersOnly: the question was numbers alone ("4"), no question at
	// all: not answered, and no nearest entries either.
	NumbersOnly bool `json:"numbers_only"`
	// SubjectOnly: the question named only what the whole knowledge base
	// is about ("ACM"): not answered, no nearest entries.
	SubjectOnly bool `json:"subject_only"`
	// Parts and Unanswered: for a message that asks several things
	// (kb.Answer.Parts), each question answered on its own, and the others.
	Parts      []JSONAnswer `json:"parts,omitempty"`
	Unanswered []string     `json:"unanswered,omitempty"`
}

// Nearest is the entries a reply lists when a is not answered: those that
// fit an ambiguous question, or the nearest ones; none for a question of
// numbers alone, which every entry stating some figure is "near".
func Nearest(a *kb.Answer) []kb.Alternative {
	if a.Numbers || a.SubjectOnly { // nor for "ACM", which every entry is about
		return nil
	}
	return a.Alternatives
}

// JSONRef points at an entry.
type JSONRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// JSONSection is a section of an entry's explanation.
type JSONSection struct {
	Heading string `json:"heading"`
	URL     string `json:"url"`
}

// JSONCite is a numbered source.
type JSONCite struct {
	N        int    `json:"n"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Supports string `json:"supports"`
}

// JSONChange is one change of verdict.
type JSONChange struct {
	Date   string     `json:"date"`
	Before kb.Verdict `json:"before"`
	After  kb.Verdict `json:"after"`
	Note   string     `json:"note"`
}

// JSONAlt is a nearby entry.
type JSONAlt struct {
	ID       string  `json:"id"`
	Title    string  `json:"title"`
	URL      string  `json:"url"`
	Score    float64 `json:"score"`
	Coverage float64 `json:"coverage"`
	// Verdict and Answer: what the entry says, only when the answer is
	// ambiguous and the entry is one of those that fit (kb.Alternative.Fits).
	Verdict kb.Verdict `json:"verdict,omitempty"`
	Answer  string     `json:"answer,omitempty"`
}

// ToJSON converts a to its JSON object.
func ToJSON(a *kb.Answer, s Settings) JSONAnswer {
	j := JSONAnswer{
		Question: a.Question, Lang: a.Lang, Answered: a.Answered, Ambiguous: a.Ambiguous, FollowUp: a.FollowUp,
		Score: round(a.Score), Coverage: round(a.Coverage), Explain: a.Explanation,
		CloseCall: a.Answered && a.CloseCall, Unmatched: append([]string{}, a.Unmatched...),
		Conditions: []string{}, Citations: []JSONCite{}, Related: []JSONRef{}, History: []JSONChange{}, Alternatives: []JSONAlt{},
	}
	if e := a.Entry; a.Answered && e != nil {
		j.Verdict = e.Verdict
		j.Answer = e.Answer.In(a.Lang)
		j.Conditions = append(j.Conditions, e.Conditions.In(a.Lang)...)
		j.Entry = &JSONRef{ID: e.ID, Title: e.Title.In(a.Lang), URL: kb.Permalink(s.BaseURL, a.Lang, e.ID)}
		if sec := a.Section; sec != nil {
			j.Section = &JSONSection{Heading: sec.Heading, URL: sectionURL(s.BaseURL, a.Lang, e.ID, sec)}
		}
		for i, src := range e.Sources {
			j.Citations = append(j.Citations, JSONCite{N: i + 1, Title: src.Title.In(a.Lang), URL: src.URL, Supports: src.Supports.In(a.Lang)})
		}
		for _, id := range e.Related {
			ref := JSONRef{ID: id, URL: kb.Permalink(s.BaseURL, a.Lang, id)}
			ref.Title = s.title(id, a.Lang)
			j.Related = append(j.Related, ref)
		}
		for _, c := range e.History {
			j.History = append(j.History, JSONChange{Date: c.Date.String(), Before: c.Before, After: c.After, Note: c.Note.In(a.Lang)})
		}
		j.Verified = e.Verified.String()
		j.Stale = e.Stale(s.now(), s.StaleDays)
	}
	j.NumbersOnly, j.SubjectOnly = a.Numbers, a.SubjectOnly
	for _, p := range a.Parts {
		j.Parts = append(j.Parts, ToJSON(p, s))
	}
	j.Unanswered = a.Unanswered
	for _, alt := range Nearest(a) {
		ja := JSONAlt{ID: alt.ID, Title: alt.Title.In(a.Lang), URL: kb.Permalink(s.BaseURL, a.Lang, alt.ID), Score: round(alt.Score), Coverage: round(alt.Coverage)}
		if e := alt.Fits; e != nil {
			ja.Verdict, ja.Answer = e.Verdict, e.Answer.In(a.Lang)
		}
		j.Alternatives = append(j.Alternatives, ja)
	}
	return j
}

func round(f float64) float64 { return float64(int64(f*10000+0.5)) / 10000 }

// JSON writes a as one indented JSON object.
func JSON(w io.Writer, a *kb.Answer, s Settings) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(ToJSON(a, s))
}
