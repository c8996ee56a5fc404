package evalset

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Row is one line of a table of reports: a set measured on a knowledge base.
type Row struct {
	Set    string // the evaluation set, as named on the command line
	KB     string // the knowledge base it was measured on
	Report Report
}

// WriteTable prints one line per row: for in-scope questions how many were
// answered right, not covered or answered from the wrong entry; for
// out-of-scope ones how many were abstained on or answered; the rates; and
// how often the expected entry came first, answered or not (when it did but
// was not answered, the miss is abstention, not ranking).
func WriteTable(w io.Writer, rows []Row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "set\tknowledge base\tin scope\tright\tnot covered\twrong entry\tout of scope\tabstained\tanswered\ttop-1\tverdict\tabstention\tconfident wrong\tranked first\tclose calls (wrong)\t")
	for _, r := range rows {
		p := r.Report
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%d\t%s\t%d (%d)\t\n",
			r.Set, r.KB, p.InScope, p.Top1, p.NotCovered, p.WrongEntry, p.OutScope, p.Abstained, p.AnsweredOut,
			rate(p.Top1, p.InScope), rate(p.VerdictRight, p.Top1), rate(p.Abstained, p.OutScope), p.ConfidentWrong(), rate(p.RankedFirst, p.InScope), p.CloseCalls, p.CloseWrong)
	}
	tw.Flush()
}

// rate is n/d as a percentage, or "n/a" when there is nothing to count (a
// set of near misses has no in-scope question to be right on).
func rate(n, d int) string {
	if d == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(d))
}
