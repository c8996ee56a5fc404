package analysis

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// Letter returns the question in s when s is a pasted email: without the
// frame that any email has around what it asks (a greeting and an
// addressee, a self-introduction, a closing and the signature after it,
// quoted earlier messages, "Sent from my iPhone"), which otherwise weighs
// as much as the question ("Hi team, ... Thanks, Bob": team and Bob were
// the words the answering entry lacked). The rules know how emails are
// written in English and Japanese, not any knowledge base's words; what
// they leave is a contiguous part of s. A question with none of these
// parts, or one that would be left empty, is s itself. search.js's letter
// is the same function.
func Letter(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if !strings.Contains(s, "\n") && !letterOpening.MatchString(s) && !letterHint.MatchString(s) {
		return s // the common case: one line with nothing of a letter
	}
	// Quoted lines of an earlier message go first, wherever they are.
	lines := strings.Split(s, "\n")
	kept := lines[:0]
	for _, l := range lines {
		if !quotedLine().MatchString(l) {
			kept = append(kept, l)
		}
	}
	// Then everything from a line that starts what is not the writer's own
	// text (a signature's rule, a quoted message's header, a phone's
	// footer), once something has been said before it.
	said := false
	for i, l := range kept {
		if said && cutLine().MatchString(l) {
			kept = kept[:i]
			break
		}
		said = said || strings.TrimSpace(l) != ""
	}
	text := strings.Join(kept, "\n")

	sents := letterSentences(text)
	// The opening: greetings, the addressee, a self-introduction, and any
	// lines before a greeting within the first three sentences (a company
	// name above "ご担当者様").
	from := 0
	for i := 0; i < len(sents) && i < 3; i++ {
		if greeting(sents[i]) {
			from = i + 1
		}
	}
	for from < len(sents) && (blank(sents[from]) || greeting(sents[from]) || (from > 0 && selfIntro(sents[from]))) {
		from++
	}
	// The closing and everything after it (the signature), provided no
	// question follows it ("Thanks to the new feature, ... can we ...?").
	to := len(sents)
	for i := from + 1; i < len(sents); i++ {
		if closing(sents[i]) && !asksAfter(sents[i:]) {
			to = i
			break
		}
	}
	for to > from && blank(sents[to-1]) {
		to--
	}
	if from >= to {
		return s
	}
	out := strings.TrimSpace(text[sents[from].start:sents[to-1].end])
	// An English greeting at the start of the sentence that asks: "Hi team,
	// can we ...?".
	if m := greetingPrefix().FindStringIndex(out); m != nil && strings.TrimSpace(out[m[1]:]) != "" {
		out = out[m[1]:]
	}
	if out == "" {
		return s
	}
	return out
}

// span is one sentence of a letter: text[start:end], its terminator (a
// line break, 。, ?, !, or a full stop before a space) included.
type span struct {
	start, end int
	text       string
}

func letterSentences(text string) []span {
	var out []span
	start := 0
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		end := r == '\n' || r == '。' || r == '?' || r == '？' || r == '!' || r == '！' ||
			r == '.' && (i+w == len(text) || text[i+w] == ' ' || text[i+w] == '\n')
		i += w
		if end {
			out = append(out, span{start, i, text[start:i]})
			start = i
		}
	}
	if start < len(text) {
		out = append(out, span{start, len(text), text[start:]})
	}
	return out
}

var (
	// letterHint: a one-line question that may still carry a letter's
	// parts ("Can I ...? Thanks, Bob").
	letterHint = regexp.MustCompile(`(?i)[?.!？。]\s*(thanks|thank you|thx|cheers|regards|best|sincerely)\b|よろしく|宜しく|お世話に|お疲れ`)
	// letterOpening: a one-line question that opens with a greeting.
	letterOpening = regexp.MustCompile(`(?i)^\s*(hi|hello|hey|hiya|dear|greetings|good (morning|afternoon|evening))\b`)
	quotedLine    = lazyRegexp(`^\s*>`)
	cutLine       = lazyRegexp(`(?i)^\s*(([-_=—─━ー－＝~*]{2,})\s*$|.{0,80}\bwrote:\s*$|-+\s*original message\s*-+|(from|sent|to|cc|subject):\s|sent from my\b|get outlook for\b|this (e-?mail|message)\b.*\bconfidential|confidential(ity)? (notice|notification)|このメール(は|には|の内容)|.{0,40}(さん|様)が書きました)`)
	// greetingPrefix: "Hi team," before what the sentence asks.
	greetingPrefix = lazyRegexp(`(?i)^(hi|hello|hey|hiya|dear|greetings|good (morning|afternoon|evening))\b[^,!:\n?]{0,30}[,!:]\s+`)
	enGreeting     = lazyRegexp(`(?i)^(hi|hello|hey|hiya|dear|greetings|good (morning|afternoon|evening)|to whom it may concern|(i )?hope (this|you|all|everyone))\b`)
	jaGreeting     = lazyRegexp(`お世話にな|お疲れ(様|さま)|ご担当|御中|いつもありがとうございます|^(はじめまして|初めまして|突然のご連絡|夜分)|様[、,]?$`)
	enClosing      = lazyRegexp(`(?i)^(thanks|thank you|thx|tia|ty|many thanks|cheers|regards|best regards|kind regards|warm regards|best wishes|all the best|best|sincerely|yours sincerely|yours truly|respectfully|br)\b`)
	jaClosing      = lazyRegexp(`よろしくお願い|宜しくお願い|よろしく御願い|何卒よろしく|^以上(です|となります|、)?[。.]?$|お手数(です|をおかけ)`)
	enSelfIntro    = lazyRegexp(`(?i)^(this is|i am|i'm|my name is)\s.{1,40}\b(from|at|with|of)\b`)
	jaSelfIntro    = lazyRegexp(`^.{1,30}(の|から).{1,15}(です|と申します|でございます)[。．]?$`)
)

// lazyRegexp compiles expr on its first use: a letter's rules are needed
// only for questions that look like letters (letterHint, letterOpening),
// and compiling them all took 0.7 ms of every process's start-up, acmkb
// --version's and build's included.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

func blank(s span) bool { return strings.TrimSpace(s.text) == "" }

// asking: a sentence with a question mark, or a Japanese one ending in か.
func asking(t string) bool {
	t = strings.TrimSpace(t)
	return strings.ContainsAny(t, "?？") || strings.HasSuffix(t, "か。") || strings.HasSuffix(t, "か")
}

func words(t string) int { return len(strings.Fields(t)) }

func greeting(s span) bool {
	t := strings.TrimSpace(s.text)
	if t == "" || asking(t) {
		return false
	}
	return enGreeting().MatchString(t) && words(t) <= 8 || jaGreeting().MatchString(strings.TrimRight(t, "。.!！ ")) && utf8.RuneCountInString(t) <= 40
}

func selfIntro(s span) bool {
	t := strings.TrimSpace(s.text)
	if t == "" || asking(t) {
		return false
	}
	return enSelfIntro().MatchString(t) && words(t) <= 10 || jaSelfIntro().MatchString(t)
}

func closing(s span) bool {
	t := strings.TrimSpace(s.text)
	if t == "" || asking(t) {
		return false
	}
	return enClosing().MatchString(t) && words(t) <= 8 || jaClosing().MatchString(t) && utf8.RuneCountInString(t) <= 60
}

// asksAfter reports whether a sentence after the first of sents asks.
func asksAfter(sents []span) bool {
	for _, s := range sents[1:] {
		if asking(s.text) {
			return true
		}
	}
	return false
}

// listMarker is an item's number or bullet at the start of a question
// ("1)", "2.", "-", "・").
var listMarker = lazyRegexp(`^\s*(\(?[0-9]{1,2}[).:]|\(?[a-zA-Z][).]|[-*•・])\s+`)

// leadIn is a few words before a colon that open a question ("Two things:",
// "Quick question:", "Q2:").
var leadIn = lazyRegexp(`^[^:：?？\s][^:：?？]{0,29}[:：]\s+`)

// Questions returns the sentences of s that ask (end in a question mark),
// read as Letter reads s, when there are two or more: "Can I export the
// private key? And can I copy the certificate to another region?" asks two
// things, and one answer to the whole answers one of them. Each is
// trimmed, without a list item's number or bullet or a lead-in before a
// colon ("Two things:"), as written (Ask reads identifiers in each).
func Questions(s string) []string {
	text := Letter(s)
	if strings.Count(text, "?")+strings.Count(text, "？") < 2 {
		return nil
	}
	var out []string
	for _, sent := range letterSentences(text) {
		t := strings.TrimSpace(sent.text)
		if !strings.HasSuffix(t, "?") && !strings.HasSuffix(t, "？") {
			continue
		}
		t = strings.TrimSpace(listMarker().ReplaceAllString(t, ""))
		if rest := leadIn().ReplaceAllString(t, ""); len(strings.Fields(rest)) >= 3 || strings.ContainsAny(rest, "をはがにでか") {
			t = rest
		}
		if strings.Trim(t, "?？ ") != "" {
			out = append(out, t)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}
