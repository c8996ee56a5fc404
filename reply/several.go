package reply

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/acmkb/acmkb/kb"
)

// WriteSeveral writes the reply to a message that asks several things
// (index.AskSeveral): each question that an entry answers on its own, with
// that answer, and the questions none answers. whole is the answer to the
// message as one question; JSON gives it as the top-level object, as for
// one question, with the parts in "parts" and the others in "unanswered".
// With no part, or one and no question left unanswered, it is Write(whole).
func WriteSeveral(w io.Writer, format string, whole *kb.Answer, parts []*kb.Answer, unanswered []string, s Settings) error {
	if len(parts) == 0 || len(parts) == 1 && len(unanswered) == 0 {
		return Write(w, format, whole, s)
	}
	lang := parts[0].Lang
	L := labels[lang]
	switch format {
	case "json":
		j := ToJSON(whole, s)
		for _, p := range parts {
			j.Parts = append(j.Parts, ToJSON(p, s))
		}
		j.Unanswered = append([]string{}, unanswered...)
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(j)
	case "markdown":
		for i, p := range parts {
			if i > 0 {
				fmt.Fprint(w, "\n---\n\n")
			}
			fmt.Fprintf(w, "> %s\n\n", mdText(p.Question))
			if err := Markdown(w, p, s); err != nil {
				return err
			}
		}
		for _, q := range unanswered {
			fmt.Fprintf(w, "\n---\n\n> %s\n\n%s\n", mdText(q), L["notcovered"])
		}
		return nil
	}
	if len(unanswered) > 0 {
		// Not "each is answered": some are named as not covered below.
		fmt.Fprintf(w, L["severalsome"]+"\n", len(parts)+len(unanswered), len(parts))
	} else {
		fmt.Fprintf(w, L["several"]+"\n", len(parts))
	}
	for i, p := range parts {
		fmt.Fprintf(w, "\n%d. %s\n", i+1, Plain(p.Question))
		if err := Text(w, p, s); err != nil {
			return err
		}
	}
	for _, q := range unanswered {
		fmt.Fprintf(w, "\n%s %s\n", L["severalnone"], Plain(q))
	}
	return nil
}

// SeveralNotes are the cautions (Notes) of the parts of a message that asks
// several things, for whoever pastes its Markdown reply, each led by the
// part's number and question: "1. "Can I get a wildcard…": Close call: …".
// Unnamed, two "Verified: … check the sources" lines did not say which of
// the answers to check.
func SeveralNotes(parts []*kb.Answer, s Settings) []string {
	if len(parts) == 1 {
		return Notes(parts[0], s)
	}
	var out []string
	for i, p := range parts {
		q := Plain(p.Question)
		if r := []rune(q); len(r) > 60 {
			q = string(r[:60]) + "…"
		}
		for _, n := range Notes(p, s) {
			if p.Lang == kb.JA {
				out = append(out, fmt.Sprintf("%d.「%s」: %s", i+1, q, n))
			} else {
				out = append(out, fmt.Sprintf("%d. \"%s\": %s", i+1, q, n))
			}
		}
	}
	return out
}
