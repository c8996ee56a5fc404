package analysis

import "strings"

// Stop words: English function words and the filler of questions and support
// tickets ("quick question", "a customer asks", "can you tell me"), and
// Japanese filler words that survive
// as kanji bigrams or katakana runs ("可能", "方法"), or as single kanji when
// kana splits them off ("教えて" leaves 教). Hiragana is dropped by
// the rules already. Negations are stop words too: "can I" and "can't I" ask
// about the same capability.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
a about above after again against all also am an and any are aren as at be because been
before being between both but by can cannot cant could couldn did didn do does doesn doing
don done down during each either else ever few for from further get gets getting got had
has have having he her here hers herself him himself his how however i if in into is isn
it its itself just let lets like may me might more most much must my myself need needs no
nor not now of off on once only or our ours ourselves out over own please possible same
shall she should so some still such than that the their theirs them themselves then there
these they this those through to too under until up upon us very via want wants was wasn
way we were weren what whats when where whether which while whom why will with won
would yes yet you your yours yourself yourselves
s t ll ve re d m
hi hello hey thanks thank ok okay quick question wonder wondering really actually currently
someone somebody anyone anybody something anything customer customers asks asked asking
tell know help provide give

可能 出来 方法 教え 場合 質問 知り 思い 御座 宜し 願い 必要 自分 顧客 客様
教 知 思 願 何
`) {
		stopWords[w] = true
	}
}

// IsStop reports whether w (normalised) is a stop word. The analysis asks
// for a Latin word both as written and as stemmed (and corrected).
func IsStop(w string) bool { return stopWords[w] }

// StopWords lists the stop words, for the browser's copy of the rules.
func StopWords() []string {
	out := make([]string, 0, len(stopWords))
	for w := range stopWords {
		out = append(out, w)
	}
	return out
}
