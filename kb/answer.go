package kb

import (
	"fmt"
	"unicode/utf8"
)

// MaxQuestion is the longest question acmkb answers, in characters: a
// customer's email pasted from a ticket fits (the sentences that ask weigh
// most: analysis.Focus); a file piped in by mistake does not.
const MaxQuestion = 8000

// CheckQuestion returns an error for a question longer than MaxQuestion.
func CheckQuestion(q string) error {
	if n := utf8.RuneCountInString(q); n > MaxQuestion {
		return fmt.Errorf("the question is too long: %d characters (at most %d): paste the customer's question, not the whole thread", n, MaxQuestion)
	}
	return nil
}

// Answer is what the knowledge base says to one question.
type Answer struct {
	Question string
	Lang     Lang // the language the answer is given in
	// Answered is true when the best entry covers the question well enough;
	// otherwise Entry is nil and Alternatives lists the nearest entries.
	Answered     bool
	Ambiguous    bool // not answered because the best entries fit the question about as well as each other
	Entry        *Entry
	Score        float64       // the best entry's search score
	Coverage     float64       // share of the question the best entry covers (0..1)
	Alternatives []Alternative // the next best entries (the nearest, when not answered)
	FollowUp     bool          // the question was read together with the previous one
	Concepts     int           // how many concepts the question itself has (how much it says on its own)
	Numbers      bool          // the question is numbers alone ("4", "2,500"): never answered
	SubjectOnly  bool          // the question names only the knowledge base's subject ("ACM"): never answered
	Section      *SectionRef   // the section of the entry's body that answers best, when it has a heading
	Explanation  *Explanation  // why the best entry won, when asked for
	// CloseCall: the entry answers, but only just (analysis.Policy.Close):
	// such answers come from the wrong entry several times as often as the
	// others, so the reader should check it. Unmatched lists the words of the
	// question, as written, that weigh in it and that the entry does not
	// hold at all: of the answering entry for a close call, of the nearest
	// entry when none answers (so that the reader sees why, and what to
	// say otherwise); not set for other answers.
	CloseCall bool
	Unmatched []string
	// Parts and Unanswered: for a message that asks several things
	// (index.AskSeveral), the answers to its questions that are shown one by
	// one, when they are, and its other questions, as written. A reply then
	// shows the parts, and eval measures the message by them.
	Parts      []*Answer
	Unanswered []string
}

// SectionRef points at a section of an entry's body: its heading, and the
// heading's id on the entry's page (the URL fragment).
type SectionRef struct {
	Heading string `json:"heading"`
	Anchor  string `json:"anchor"`
}

// Alternative is an entry that matched less well.
type Alternative struct {
	ID       string
	Title    Text
	Score    float64
	Coverage float64
	// Fits is the entry (its card: verdict, answer, no body) when the answer
	// is Ambiguous and this entry fits the question as well as the best one
	// does, so that the reader sees what each of the entries that fit says
	// and chooses; nil otherwise (a nearest entry does not answer the
	// question, and its answer is not shown).
	Fits *Entry
}

// Explanation tells content authors why an entry won.
type Explanation struct {
	Terms      []string          `json:"terms"`      // the question's terms after analysis
	Corrected  map[string]string `json:"corrected"`  // typo corrections: as typed (stemmed) -> vocabulary word
	Matches    []Match           `json:"matches"`    // the question's terms the best entry holds: fields and impact, highest first
	Mass       float64           `json:"mass"`       // covered weight (see analysis.Coverage)
	Margin     float64           `json:"margin"`     // how far ahead of the runner-up the best entry is (share of its score)
	Unknown    float64           `json:"unknown"`    // share of the question's weight the knowledge base does not know
	Miss       float64           `json:"miss"`       // the largest share of the question's weight in one concept the best entry does not cover
	Confidence float64           `json:"confidence"` // analysis.Policy.Confidence of the best entry
	OffSubject bool              `json:"offSubject"` // the question names none of the knowledge base's subject terms: a higher bar (analysis.Policy.OffSubject)
	Subject    []string          `json:"subject"`    // the knowledge base's subject terms (analysis.Subject)
	ChosenOver *ChosenOver       `json:"chosenOver"` // when two entries fit alike and the title decided (analysis.Policy.Resolve), the other one; else null
	Concepts   []Concept         `json:"concepts"`   // the question's concepts: weight and how well the entry covers each
}

// ChosenOver tells, of an answer chosen among two entries that fit alike,
// the other entry and the share of each title the question names
// (analysis.TitlePrecision).
type ChosenOver struct {
	ID              string  `json:"id"`
	Precision       float64 `json:"precision"`       // of the other entry's title
	ChosenPrecision float64 `json:"chosenPrecision"` // of the answer's title
}

// Concept is one concept of a question: its terms, its weight, and how well
// the best entry covers it (0..1).
type Concept struct {
	Terms   []string `json:"terms"`
	Weight  float64  `json:"weight"`
	IDF     float64  `json:"idf"`
	Covered float64  `json:"covered"`
	Known   bool     `json:"known"`
}

// Match is one term of the question found in the best entry: the fields
// holding it and its impact.
type Match struct {
	Term  string  `json:"term"`
	Field string  `json:"field"`
	Score float64 `json:"score"`
}
