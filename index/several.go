package index

import (
	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/kb"
)

// nearEntries is how many entries besides the answer count as what a
// message asking several things is about (twenty in all: with ten, a
// message whose first question's words dominate its ranking lost the
// second's entry: "秘密鍵はエクスポートできますか？インポートした証明書は自動
// 更新されますか？").
const nearEntries = 19

// AskSeveral answers question as Ask does and, when it asks two or more
// things (analysis.Questions: "Can I export the private key? And can I copy
// the certificate to another region?"), answers each on its own too: one
// answer to the whole answers one of them, and says nothing of the other.
// The parts are kept only when different entries answer them clearly (not
// close calls), each among the twenty entries Ask ranks first for the whole
// message (a question read without its neighbours must not drift to an
// entry the message is not about), and either two or more do, and the
// entry that answered the whole message, if it did clearly, is one of them,
// or one does and the whole message was not answered ("Can I get a
// wildcard certificate? Also, can ACM do my taxes?" answers the first and
// names the second). The answer is Ask's to the whole message, with the
// parts kept (kb.Answer.Parts, in the message's order) and the other
// questions (kb.Answer.Unanswered); Parts is nil when none are kept. A
// follow-up (opts.Previous) is always one question.
func (ix *Index) AskSeveral(question string, opts Options) (*kb.Answer, error) {
	qs := analysis.Questions(question)
	if len(qs) < 2 || opts.Previous != "" {
		return ix.Ask(question, opts)
	}
	// The whole message's nearEntries+1 best entries: what it is about.
	wide := opts
	wide.Alternatives = nearEntries
	whole, err := ix.Ask(question, wide)
	if err != nil {
		return nil, err
	}
	near := map[string]bool{}
	if whole.Entry != nil {
		near[whole.Entry.ID] = true
	}
	for _, alt := range whole.Alternatives {
		near[alt.ID] = true
	}
	if n := max(opts.Alternatives, 3); len(whole.Alternatives) > n { // as Ask would have listed them
		whole.Alternatives = whole.Alternatives[:n]
	}
	var parts []*kb.Answer
	var unanswered []string
	seen := map[string]bool{}
	for _, q := range qs {
		a, err := ix.Ask(q, Options{Lang: opts.Lang, Alternatives: opts.Alternatives})
		if err != nil {
			return nil, err
		}
		if !a.Answered || a.CloseCall || !near[a.Entry.ID] || seen[a.Entry.ID] {
			unanswered = append(unanswered, q)
			continue
		}
		seen[a.Entry.ID] = true
		parts = append(parts, a)
	}
	switch {
	case len(parts) >= 2 && !(whole.Answered && !whole.CloseCall && !seen[whole.Entry.ID]):
	case len(parts) == 1 && !whole.Answered && len(unanswered) > 0:
	default:
		return whole, nil
	}
	whole.Parts, whole.Unanswered = parts, unanswered
	return whole, nil
}
