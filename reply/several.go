package reply

import (
	"fmt"
	"io"

	"github.com/acmkb/acmkb/kb"
)

// writeSeveral is Write for a message that asks several things and whose
// questions are answered one by one (a.Parts, index.AskSeveral): each
// question an entry answers on its own, with that answer, then the
// questions none answers (a.Unanswered). JSON needs nothing of it: ToJSON
// gives the whole message's answer as the top-level object, as for one
// question, with the parts in "parts" and the others in "unanswered".
func writeSeveral(w io.Writer, format string, a *kb.Answer, s Settings) error {
	parts, unanswered := a.Parts, a.Unanswered
	lang := parts[0].Lang
	L := labels[lang]
	switch format {
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

// partNotes are Notes for a message whose questions are answered one by
// one: each part's cautions, led by its number and question: "1. "Can I get
// a wildcard…": Close call: …". Unnamed, two "Verified: … check the
// sources" lines did not say which of the answers to check.
func partNotes(parts []*kb.Answer, s Settings) []string {
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
