package loader

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// decodeYAML decodes front matter into the document node yaml.v3's
// Unmarshal would make of it. Entries' front matter is written in a small
// part of YAML: block mappings and sequences indented with spaces, plain
// keys, one-line plain, single- and double-quoted scalars, and one-line
// flow sequences and mappings of those. simpleYAML reads that part alone,
// making the same nodes as yaml.v3 (same kinds, tags, styles, values, lines
// and columns: FuzzSimpleYAML and TestSimpleYAMLEntries compare them) in a
// fraction of its time and memory (yaml.v3 builds a token queue and event
// stream for every value: 2.7 s of CPU at 10,000 entries); anything else —
// comments, anchors, tags, block scalars, multi-line scalars, tabs, errors —
// goes to yaml.v3, so errors and their lines are yaml.v3's.
func decodeYAML(data []byte) (*yaml.Node, error) {
	if n, ok := simpleYAML(data); ok {
		return n, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	return &doc, nil
}

// syLine is a line of front matter holding more than spaces.
type syLine struct {
	indent int    // leading spaces
	text   string // the rest
	no     int    // 1-based line number
}

type syParser struct {
	lines []syLine
	i     int // the next line to read
}

// simpleYAML decodes data when it is in the subset decodeYAML describes,
// reporting false for anything else.
func simpleYAML(data []byte) (*yaml.Node, bool) {
	src := string(data)
	if !simpleChars(src) {
		return nil, false
	}
	p := &syParser{lines: make([]syLine, 0, strings.Count(src, "\n")+1)}
	for no := 1; src != ""; no++ {
		line := src
		if i := strings.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = ""
		}
		text := strings.TrimLeft(line, " ")
		if strings.TrimRight(text, " ") == "" {
			continue
		}
		indent := len(line) - len(text)
		if text[0] == '#' {
			return nil, false // a comment: yaml.v3 keeps it in the nodes
		}
		if indent == 0 && (strings.HasPrefix(text, "---") || strings.HasPrefix(text, "...")) {
			return nil, false // document markers
		}
		p.lines = append(p.lines, syLine{indent: indent, text: text, no: no})
	}
	if len(p.lines) == 0 || p.lines[0].indent != 0 || !keyLine(p.lines[0].text) {
		return nil, false
	}
	first := p.lines[0]
	root, ok := p.mapping(0)
	if !ok || p.i != len(p.lines) {
		return nil, false
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Line: first.no, Column: 1, Content: []*yaml.Node{root}}, true
}

// simpleChars reports whether s holds only characters YAML prints as they
// are and takes for neither a line break nor white space other than the
// space: no tab, carriage return, control character, byte order mark,
// NEL, line or paragraph separator.
func simpleChars(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c != '\n' && (c < 0x20 || c > 0x7e) {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1, r < 0xa0, r == 0x2028, r == 0x2029,
			r >= 0xd800 && r < 0xe000, r == 0xfeff, r == 0xfffe, r == 0xffff:
			return false
		}
		i += n
	}
	return true
}

// keyLen is the length of the plain key that starts text ("id" of
// "id: x"), followed by ':' and a space or the end of the line; 0 when text
// does not start with one. Keys are letters, digits, '_' and '-' (not
// first), at most 64 bytes.
func keyLen(text string) int {
	for i := 0; i < len(text) && i <= 64; i++ {
		c := text[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_':
		case c == '-' && i > 0:
		case c == ':' && i > 0:
			if i+1 == len(text) || text[i+1] == ' ' {
				return i
			}
			return 0
		default:
			return 0
		}
	}
	return 0
}

func keyLine(text string) bool { return keyLen(text) > 0 }

// plainNode is a plain scalar as yaml.v3 makes it (its tag resolved from
// the value, as yaml.v3 does).
func plainNode(value string, line, col int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Value: value, Line: line, Column: col + 1}
	n.Tag = n.ShortTag()
	return n
}

// mapping reads a block mapping whose keys are indented by indent, from the
// current line on.
func (p *syParser) mapping(indent int) (*yaml.Node, bool) {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: p.lines[p.i].no, Column: indent + 1}
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < indent {
			break
		}
		n := keyLen(l.text)
		if l.indent > indent || n == 0 {
			return nil, false
		}
		key := plainNode(l.text[:n], l.no, indent)
		if key.Tag != "!!str" {
			return nil, false // keys are names
		}
		p.i++
		rest := l.text[n+1:]
		col := indent + n + 1
		sp := len(rest) - len(strings.TrimLeft(rest, " "))
		rest, col = rest[sp:], col+sp
		var v *yaml.Node
		var ok bool
		if strings.TrimRight(rest, " ") == "" {
			v, ok = p.nested(indent)
		} else {
			v, ok = blockValue(rest, l.no, col)
		}
		if !ok {
			return nil, false
		}
		m.Content = append(m.Content, key, v)
	}
	return m, true
}

// nested reads the block node that is the value of a key indented by
// indent and written alone on its line: a mapping indented further, or a
// sequence indented at least as much. Anything else (an empty value
// included) is not in the subset.
func (p *syParser) nested(indent int) (*yaml.Node, bool) {
	if p.i == len(p.lines) {
		return nil, false
	}
	l := p.lines[p.i]
	switch {
	case l.indent > indent && keyLine(l.text):
		return p.mapping(l.indent)
	case l.indent >= indent && strings.HasPrefix(l.text, "- "):
		return p.sequence(l.indent)
	}
	return nil, false
}

// sequence reads a block sequence whose dashes are indented by indent.
func (p *syParser) sequence(indent int) (*yaml.Node, bool) {
	s := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: p.lines[p.i].no, Column: indent + 1}
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < indent || !strings.HasPrefix(l.text, "- ") && l.text != "-" {
			break // the parent checks what follows
		}
		if l.indent > indent || l.text == "-" {
			return nil, false
		}
		item := strings.TrimLeft(l.text[2:], " ")
		col := indent + len(l.text) - len(item)
		if item == "" || item[0] == '-' && (len(item) == 1 || item[1] == ' ') {
			return nil, false
		}
		var v *yaml.Node
		var ok bool
		if keyLine(item) {
			// "- key: value": a mapping indented as its first key is.
			p.lines[p.i] = syLine{indent: col, text: item, no: l.no}
			v, ok = p.mapping(col)
		} else {
			p.i++
			v, ok = blockValue(item, l.no, col)
		}
		if !ok {
			return nil, false
		}
		s.Content = append(s.Content, v)
	}
	return s, true
}

// blockValue reads a value written on one line after a key or dash at
// column col (0-based): s is the rest of the line.
func blockValue(s string, line, col int) (*yaml.Node, bool) {
	var n *yaml.Node
	var rest string
	var ok bool
	if s[0] == '"' || s[0] == '\'' || s[0] == '[' || s[0] == '{' {
		n, rest, ok = flowValue(s, line, col)
		if !ok || strings.TrimRight(rest, " ") != "" {
			return nil, false
		}
		return n, true
	}
	if strings.IndexByte("-?:,]}#&*!|>%@`", s[0]) >= 0 {
		return nil, false
	}
	v := strings.TrimRight(s, " ")
	if strings.Contains(v, ": ") || strings.HasSuffix(v, ":") || strings.Contains(v, " #") || v == "<<" {
		return nil, false
	}
	return plainNode(v, line, col), true
}

// flowValue reads a quoted scalar, a flow sequence or a flow mapping, or
// within one of those a plain scalar, from the start of s at column col
// (0-based, in characters), returning what follows it.
func flowValue(s string, line, col int) (*yaml.Node, string, bool) {
	switch s[0] {
	case '"':
		// Most values have no escapes: the value is then s's bytes.
		if i := strings.IndexAny(s[1:], "\\\""); i >= 0 && s[1+i] == '"' {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: s[1 : 1+i], Line: line, Column: col + 1}, s[2+i:], true
		}
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			switch c := s[i]; c {
			case '"':
				return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: b.String(), Line: line, Column: col + 1}, s[i+1:], true
			case '\\':
				if i+1 == len(s) {
					return nil, "", false
				}
				i++
				switch s[i] {
				case '\\', '"':
					b.WriteByte(s[i])
				case 'n':
					b.WriteByte('\n')
				case 't':
					b.WriteByte('\t')
				default:
					return nil, "", false
				}
			default:
				b.WriteByte(c)
			}
		}
		return nil, "", false // not closed on this line
	case '\'':
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			if s[i] != '\'' {
				b.WriteByte(s[i])
				continue
			}
			if i+1 < len(s) && s[i+1] == '\'' {
				b.WriteByte('\'')
				i++
				continue
			}
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.SingleQuotedStyle, Value: b.String(), Line: line, Column: col + 1}, s[i+1:], true
		}
		return nil, "", false
	case '[', '{':
		mapping := s[0] == '{'
		closer := byte(']')
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: line, Column: col + 1}
		if mapping {
			closer = '}'
			n.Kind, n.Tag = yaml.MappingNode, "!!map"
		}
		// Columns count characters, as yaml.v3's do: ci is column col+1
		// of s's byte at ri.
		i, ri, ci := 1, 0, col
		at := func(i int) int {
			ci += utf8.RuneCountInString(s[ri:i])
			ri = i
			return ci
		}
		for {
			for i < len(s) && s[i] == ' ' {
				i++
			}
			if i == len(s) {
				return nil, "", false
			}
			if s[i] == closer && len(n.Content) == 0 {
				return n, s[i+1:], true
			}
			if mapping {
				k := keyLen(s[i:])
				if k == 0 || i+k+1 == len(s) {
					return nil, "", false
				}
				key := plainNode(s[i:i+k], line, at(i))
				if key.Tag != "!!str" {
					return nil, "", false
				}
				n.Content = append(n.Content, key)
				i += k + 2
				for i < len(s) && s[i] == ' ' {
					i++
				}
				if i == len(s) {
					return nil, "", false
				}
			}
			v, rest, ok := flowItem(s[i:], line, at(i))
			if !ok {
				return nil, "", false
			}
			n.Content = append(n.Content, v)
			i = len(s) - len(rest)
			for i < len(s) && s[i] == ' ' {
				i++
			}
			if i == len(s) {
				return nil, "", false
			}
			switch s[i] {
			case closer:
				return n, s[i+1:], true
			case ',':
				i++
				for i < len(s) && s[i] == ' ' {
					i++
				}
				if i < len(s) && (s[i] == closer || s[i] == ',') {
					return nil, "", false // an empty item
				}
			default:
				return nil, "", false
			}
		}
	}
	return nil, "", false
}

// flowItem reads an item of a flow collection: a flow value, or a plain
// scalar ending before ',', ']' or '}'.
func flowItem(s string, line, col int) (*yaml.Node, string, bool) {
	if s[0] == '"' || s[0] == '\'' || s[0] == '[' || s[0] == '{' {
		return flowValue(s, line, col)
	}
	if strings.IndexByte("-?:,[]{}#&*!|>%@`", s[0]) >= 0 {
		return nil, "", false
	}
	end := strings.IndexAny(s, ",]}")
	if end < 0 {
		return nil, "", false
	}
	v := strings.TrimRight(s[:end], " ")
	// ':' ends a plain scalar only before a space (or the ',', ']' or '}'
	// that ends it here anyway): "acm:RequestCertificate" is one.
	if strings.ContainsAny(v, "?[{#") || strings.Contains(v, ": ") || strings.HasSuffix(v, ":") || v == "<<" {
		return nil, "", false
	}
	return plainNode(v, line, col), s[len(v):], true
}
