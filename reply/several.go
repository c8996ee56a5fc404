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
// With fewer than two parts it is Write(whole).
func WriteSeveral(w io.Writer, format string, whole *kb.Answer, parts []*kb.Answer, unanswered []string, s Settings) error {
	if len(parts) < 2 {
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
