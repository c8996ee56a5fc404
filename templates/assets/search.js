// acmkb search in the browser.
//
// This file is a port of two Go packages, and must give the same first result
// as `acmkb ask`:
//   - package analysis: the text analysis rules (normalise, script runs,
//     stem, bigrams, thesaurus, stop words, typo correction, concepts),
//     Rank (entries scored by adding up their integer impacts per concept),
//     Coverage, Rerank, NamesSubject and TitlePrecision (off the subject),
//     Policy.Answers, OnlyNumbers, Policy.Ambiguous and (for two entries
//     that fit alike) Policy.Resolve;
//   - index/ask.go, which runs them in that order.
// Every number (field claims, policy) and every word list (thesaurus,
// names, stop words) comes from the search data that site/searchdata.go
// exports; nothing tunable is written here. The impacts are integers that Go
// computed, so scores add up exactly as in the CLI.
// e2e/analysis_test.go runs this file and package analysis on the same strings;
// e2e/search_test.go compares rankings with the CLI.
//
// The page provides <meta name="acmkb-search" content="…/index.json">, the
// header search input #q, the results container #results (a popup on normal
// pages, the main list on /{lang}/search/) and the status region
// #search-status that announces the count (#results itself is not live).
(() => {
  'use strict';

  // ---- analysis ---------------------------------------------------------

  const OTHER = 0, LATIN = 1, KATAKANA = 2, KANJI = 3, HIRAGANA = 4;

  function classOf(r) {
    if ((r >= 0x61 && r <= 0x7a) || (r >= 0x30 && r <= 0x39) || (r >= 0xc0 && r <= 0x24f && r !== 0xd7 && r !== 0xf7)) return LATIN;
    if ((r >= 0x30a1 && r <= 0x30fa) || r === 0x30fc || r === 0x30fd || r === 0x30fe) return KATAKANA;
    if (r === 0x4f55) return HIRAGANA; // 何, "what", "how many": as in analysis.classOf
    if ((r >= 0x4e00 && r <= 0x9fff) || (r >= 0x3400 && r <= 0x4dbf) || r === 0x3005) return KANJI;
    if ((r >= 0x3041 && r <= 0x3096) || r === 0x309d || r === 0x309e) return HIRAGANA;
    return OTHER;
  }

  // lower is Go's strings.ToLower: the simple (one code point to one) lower
  // case mapping, where toLowerCase would apply the full mapping (İ -> i̇) and
  // the final-sigma rule.
  function lower(s) {
    if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
    let out = '';
    for (const ch of s) out += ch === '\u0130' ? 'i' : ch.toLowerCase();
    return out;
  }

  // normalize applies NFKC and lower case, and drops the long-vowel mark
  // that ends a katakana word of four characters or more (rule 1).
  // A comma separating thousands is dropped ("2,500" is 2500), as Normalize does.
  // A dash between two katakana characters is the long-vowel mark typed
  // with the wrong key ("エクスポ－ト"), as analysis.longVowelDashes reads it.
  const longVowelDashes = (s) => s.replace(/(?<=[\u30a1-\u30fa\u30fc-\u30fe])[-\u2010-\u2015\u2212\u2500](?=[\u30a1-\u30fa\u30fc-\u30fe])/g, 'ー');
  const normalize = (s) => trimLongVowels(longVowelDashes(lower(s.normalize('NFKC')))).replace(/(\d),(?=\d{3}(?!\d))/g, '$1');

  function trimLongVowels(s) {
    if (!s.includes('ー')) return s;
    const chars = Array.from(s);
    let out = '', run = 0;
    chars.forEach((ch, i) => {
      if (ch === 'ー' && run >= 3 && (i + 1 === chars.length || classOf(chars[i + 1].codePointAt(0)) !== KATAKANA)) {
        run = 0;
        return;
      }
      run = classOf(ch.codePointAt(0)) === KATAKANA ? run + 1 : 0;
      out += ch;
    });
    return out;
  }

  function hasJapanese(s) {
    for (const ch of s) {
      const c = classOf(ch.codePointAt(0));
      if (c === KATAKANA || c === KANJI || c === HIRAGANA) return true;
    }
    return false;
  }

  // splitRuns splits s into runs of one script (rule 2); offsets in UTF-16 units.
  function splitRuns(s, cuts = []) {
    const out = [];
    let start = 0, cur = OTHER, i = 0;
    const digit = (k) => k >= 0 && k < s.length && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57;
    for (const ch of s) {
      let c = classOf(ch.codePointAt(0));
      // A version or a decimal ("TLS 1.2", "203.0.113.25") is one word.
      if (ch === '.' && digit(i - 1) && digit(i + 1)) c = LATIN;
      if (c !== cur) {
        if (cur !== OTHER) out.push({ text: s.slice(start, i), cls: cur, start, end: i });
        start = i;
        cur = c;
      }
      i += ch.length;
    }
    if (cur !== OTHER) out.push({ text: s.slice(start), cls: cur, start, end: s.length });
    // Kanji compounds of an even length from four are words of two kanji each.
    const split = [];
    for (const r of cutRuns(durations(out, s), s, cuts)) {
      const chars = Array.from(r.text);
      if (r.cls !== KANJI || chars.length < 4 || chars.length % 2) {
        split.push(r);
        continue;
      }
      let b = r.start;
      for (let k = 0; k < chars.length; k += 2) {
        const w = chars[k] + chars[k + 1];
        split.push({ text: w, cls: KANJI, start: b, end: b + w.length });
        b += w.length;
      }
    }
    return split;
  }

  // durations: a length of time after a number loses its 間 ("2 年間" is 年;
  // 年間 alone is "annual"), as in analysis.durations.
  function durations(out, s) {
    const res = [];
    const after = (j) => s.slice(out[j].end, out[j + 1].start).replace(/^ +| +$/g, '') === '';
    const number = (j) => out[j].cls === LATIN && /^[0-9]*$/.test(out[j].text) && after(j);
    out.forEach((r, i) => {
      let ok = false;
      if (r.cls === KANJI && i > 0 && r.text.length >= 2 && r.text[1] === '間') {
        const u = r.text[0];
        if ('年日週分秒'.includes(u)) ok = number(i - 1);
        else if (u === '月') ok = ['か', 'ヶ', 'カ', 'ケ', 'ヵ'].includes(out[i - 1].text) && after(i - 1) && i >= 2 && number(i - 2);
      }
      if (!ok) {
        res.push(r);
        return;
      }
      res.push({ text: r.text[0], cls: KANJI, start: r.start, end: r.start + 1 });
      if (r.start + 2 < r.end) res.push({ text: s.slice(r.start + 2, r.end), cls: KANJI, start: r.start + 2, end: r.end });
    });
    return res;
  }

  // cutRuns cuts the kanji runs at the offsets cuts (sorted) inside them:
  // where a thesaurus member begins or ends (analysis.cutRuns).
  function cutRuns(out, s, cuts) {
    if (!cuts.length) return out;
    const res = [];
    for (const r of out) {
      if (r.cls !== KANJI) {
        res.push(r);
        continue;
      }
      let b = r.start;
      for (const c of cuts) {
        if (c > b && c < r.end) {
          res.push({ text: s.slice(b, c), cls: KANJI, start: b, end: c });
          b = c;
        }
      }
      res.push(b === r.start ? r : { text: s.slice(b, r.end), cls: KANJI, start: b, end: r.end });
    }
    return res;
  }

  // Go's unicode.IsSpace, for strings.Fields.
  const goSpace = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

  const groupTerm = (name) => '@' + normalize(name).split(goSpace).filter(Boolean).join('_');

  const isASCIIWord = (w) => /^[a-z]*$/.test(w);

  // stem is the Snowball English stemmer (rule 3), for words of a-z.
  const stem = (w) => (isASCIIWord(w) && w.length >= 3 ? stemEnglish(w) : w);

  // Snowball English ("Porter2") stemmer: a port of
  // github.com/blevesearch/snowballstem/english v0.9.0 (english_stemmer.go),
  // byte-identical to it for every lower-case ASCII word.
  //
  // Input: a lower-case [a-z]+ string. Callers must only pass such words; other
  // characters (apostrophes, upper case, digits, non-ASCII) are not supported
  // (the Go stemmer's apostrophe handling is deliberately left out).
  //
  // Internally a consonant 'y' is marked 'Y' (as in Snowball) and lowered at the
  // end. Vowels are a e i o u y; 'Y' is not a vowel. p1/p2 (the starts of R1/R2)
  // are computed once on the word and, as in the Go code, not moved when earlier
  // steps shorten it.
  function stemEnglish(w) {
    // Exceptional forms, list 1: whole-word matches; the result is final.
    switch (w) {
      case 'skis': return 'ski';
      case 'skies': return 'sky';
      case 'dying': return 'die';
      case 'lying': return 'lie';
      case 'tying': return 'tie';
      case 'idly': return 'idl';
      case 'gently': return 'gentl';
      case 'ugly': return 'ugli';
      case 'early': return 'earli';
      case 'only': return 'onli';
      case 'singly': return 'singl';
    }
    // sky news howe atlas cosmos bias andes stay as they are; so do words < 3.
    if (w.length < 3 || /^(sky|news|howe|atlas|cosmos|bias|andes)$/.test(w)) return w;

    const V = 'aeiouy';
    const isV = (s, i) => i >= 0 && i < s.length && V.includes(s[i]);
    const hasV = (s, end) => { for (let i = 0; i < end; i++) if (V.includes(s[i])) return true; return false; };
    // The longest suffix of s matched by re (an end-anchored alternation finds
    // its leftmost, so longest, match), or ''.
    const find = (s, re) => { const r = re.exec(s); return r ? r[0] : ''; };
    // Short syllable ending at i: non-vowel (not w, x, Y) + vowel + non-vowel,
    // or, at the very start of the word, vowel + non-vowel.
    const shortv = (s, i) =>
      (i >= 3 && !'aeiouywxY'.includes(s[i - 1]) && isV(s, i - 2) && !isV(s, i - 3)) ||
      (i === 2 && !isV(s, 1) && isV(s, 0));

    // Prelude: initial y, and y after a vowel, become Y (left to right, so in
    // "ayy" only the first y becomes Y: "aYy").
    let s = w, yFound = false;
    if (w.includes('y')) {
      s = '';
      for (let i = 0; i < w.length; i++) {
        const up = w[i] === 'y' && (i === 0 || isV(s, i - 1));
        s += up ? 'Y' : w[i];
        yFound = yFound || up;
      }
    }

    // R1, R2: each is what follows the first non-vowel after a vowel; R1 starts
    // right after a leading gener / commun / arsen instead (only these three).
    const n = s.length;
    const past = (i) => {
      while (i < n && !isV(s, i)) i++;
      while (i < n && isV(s, i)) i++;
      return i < n ? i + 1 : n;
    };
    const pre = /^(gener|arsen|commun)/.exec(s);
    const p1 = pre ? pre[0].length : past(0);
    const p2 = past(p1);

    // Step 1a: sses -> ss; ied/ies -> i after 2+ letters, else ie; ss, us stay;
    // s goes if a vowel comes before the letter preceding it.
    let m = find(s, /(?:sses|ied|ies|ss|us|s)$/);
    if (m === 'sses') s = s.slice(0, -2);
    else if (m === 'ied' || m === 'ies') s = s.slice(0, -3) + (s.length > 4 ? 'i' : 'ie');
    else if (m === 's' && hasV(s, s.length - 2)) s = s.slice(0, -1);

    // Exceptional forms, list 2 (checked after step 1a): stop here.
    if (!/^(succeed|proceed|exceed|canning|inning|earring|herring|outing)$/.test(s)) {
      // Step 1b: eed(ly) -> ee in R1; ed(ly)/ing(ly) go if a vowel precedes them,
      // then at/bl/iz get an e, a double (bb..tt) is undoubled, a short word gets an e.
      m = find(s, /(?:eedly|ingly|edly|eed|ing|ed)$/);
      let k = s.length - m.length; // where the suffix starts
      if (m === 'eed' || m === 'eedly') {
        if (k >= p1) s = s.slice(0, k) + 'ee';
      } else if (m && hasV(s, k)) {
        s = s.slice(0, k);
        if (/(at|bl|iz)$/.test(s)) s += 'e';
        else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(s)) s = s.slice(0, -1);
        else if (k === p1 && shortv(s, k)) s += 'e'; // Go: "atmark p1" (= R1 empty here)
      }

      // Step 1c: y/Y after a non-vowel that is not the first letter -> i.
      const L = s.length;
      if (L > 2 && (s[L - 1] === 'y' || s[L - 1] === 'Y') && !isV(s, L - 2)) s = s.slice(0, -1) + 'i';

      // Step 2 (in R1). The longest suffix decides, even when its condition fails.
      m = find(s, /(?:ization|ational|fulness|ousness|iveness|tional|biliti|lessli|entli|ation|alism|aliti|ousli|iviti|fulli|enci|anci|abli|izer|ator|alli|bli|ogi|li)$/);
      k = s.length - m.length;
      if (m && k >= p1) {
        const r = {
          tional: 'tion', enci: 'ence', anci: 'ance', abli: 'able', entli: 'ent', izer: 'ize',
          ization: 'ize', ational: 'ate', ation: 'ate', ator: 'ate', alism: 'al', aliti: 'al',
          alli: 'al', fulness: 'ful', fulli: 'ful', ousli: 'ous', ousness: 'ous', iveness: 'ive',
          iviti: 'ive', biliti: 'ble', bli: 'ble', lessli: 'less', ogi: 'og', li: '',
        }[m];
        if (m === 'ogi' ? s[k - 1] === 'l' : m !== 'li' || (k > 0 && 'cdeghkmnrt'.includes(s[k - 1]))) {
          s = s.slice(0, k) + r;
        }
      }

      // Step 3 (in R1; ative in R2).
      m = find(s, /(?:ational|tional|alize|icate|iciti|ative|ical|ness|ful)$/);
      k = s.length - m.length;
      if (m && k >= p1 && (m !== 'ative' || k >= p2)) {
        s = s.slice(0, k) + ({ ational: 'ate', tional: 'tion', alize: 'al', icate: 'ic', iciti: 'ic', ical: 'ic' }[m] || '');
      }

      // Step 4 (in R2): delete; ion only after s or t.
      m = find(s, /(?:ement|ment|ance|ence|able|ible|ant|ent|ate|ive|ize|iti|ism|ion|ous|al|er|ic)$/);
      k = s.length - m.length;
      if (m && k >= p2 && (m !== 'ion' || s[k - 1] === 's' || s[k - 1] === 't')) s = s.slice(0, k);

      // Step 5: e in R2, or in R1 and not after a short syllable; l in R2 after l.
      k = s.length - 1;
      if (s[k] === 'e' ? k >= p2 || (k >= p1 && !shortv(s, k)) : s[k] === 'l' && k >= p2 && s[k - 1] === 'l') {
        s = s.slice(0, k);
      }
    }
    return yFound ? s.replace(/Y/g, 'y') : s;
  }

  const encoder = new TextEncoder();
  // utf8 returns the bytes Go compares: Go's lengths and distances count bytes.
  const utf8 = (s) => (/^[\x00-\x7f]*$/.test(s) ? Array.from(s, (c) => c.charCodeAt(0)) : Array.from(encoder.encode(s)));

  // distance is the optimal-string-alignment distance between byte arrays a
  // and b, or max+1 once it is certain to exceed max.
  function distance(a, b, max) {
    const n = a.length, m = b.length;
    let prev2 = new Array(m + 1).fill(0), prev = new Array(m + 1), cur = new Array(m + 1).fill(0);
    for (let j = 0; j <= m; j++) prev[j] = j;
    for (let i = 1; i <= n; i++) {
      cur[0] = i;
      let rowMin = i;
      for (let j = 1; j <= m; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur[j] = v;
        rowMin = Math.min(rowMin, v);
      }
      if (rowMin > max) return max + 1;
      [prev2, prev, cur] = [prev, cur, prev2];
    }
    return prev[m];
  }

  // correct returns w, or the vocabulary word it is most likely a typo of
  // (rule 4). vocab has freq(term) and candidates(firstChar).
  function correct(w, vocab) {
    if (vocab.freq(w) > 0 || w.length < 4 || !isASCIIWord(w)) return w;
    const max = w.length > 6 ? 2 : 1;
    const wb = utf8(w);
    let best = w, bestD = max + 1, bestF = 0;
    let cut = '', cuts = 0; // the vocabulary words w begins, at most three letters longer
    for (const c of vocab.candidates(w[0])) {
      const cb = utf8(c);
      if (cb.length > wb.length && cb.length - wb.length <= 3 && c.startsWith(w)) {
        cut = c;
        cuts++;
      }
      if (c === w) continue;
      if (Math.abs(cb.length - wb.length) > max) continue;
      const d = distance(wb, cb, max);
      if (d > max) continue;
      const f = vocab.freq(c);
      if (d < bestD || (d === bestD && (f > bestF || (f === bestF && c < best)))) {
        best = c;
        bestD = d;
        bestF = f;
      }
    }
    // A word cut short ("dynamo" for "dynamodb"), as analysis.Correct.
    if (best === w && wb.length >= 5 && cuts === 1) return cut;
    return best;
  }

  // Analyzer applies the rules with one thesaurus and stop word list.
  class Analyzer {
    constructor(thesaurus, stopWords, names, stems, parts) {
      this.stop = new Set(stopWords);
      // Words Snowball would merge with a word of another meaning, and their
      // own stems ("validation" is not "valid"): analysis.StemExceptions.
      this.stems = new Map(Object.entries(stems || {}));
      this.names = new Set(names || []); // words never stemmed
      this.latin = new Map(); // first stemmed word -> members starting with it
      this.words = new Set(); // every stemmed word of a Latin member (never corrected)
      this.ja = []; // members matched as substrings
      for (const g of thesaurus) {
        if (!g.length) continue;
        const group = groupTerm(g[0]);
        for (const m of g) {
          const n = normalize(m);
          if (hasJapanese(n)) {
            this.ja.push({ text: n, group, size: utf8(n).length });
            continue;
          }
          const words = splitRuns(n).filter((r) => r.cls === LATIN).map((r) => this.stem(r.text));
          if (!words.length) continue;
          if (!this.latin.has(words[0])) this.latin.set(words[0], []);
          this.latin.get(words[0]).push({ words, group });
          for (const w of words) this.words.add(w);
        }
      }
      // CamelCase words whose parts a question may write apart ("secure
      // string"): the word's own term, then the parts' stems, matched like a
      // member's words, on questions only, and not kept from correction
      // (analysis.Corpus.Parts).
      for (const [group, ...words] of parts || []) {
        if (!this.latin.has(words[0])) this.latin.set(words[0], []);
        this.latin.get(words[0]).push({ words, group, part: true });
      }
      // Longer members first (by UTF-8 length, as Go); the sort is stable.
      this.ja.sort((a, b) => b.size - a.size);
    }

    isStop(w) {
      return this.stop.has(w);
    }

    stem(w) {
      if (this.names.has(w)) return w;
      return (isASCIIWord(w) && w.length >= 3 && this.stems.get(w)) || stem(w);
    }

    // correctWritten is analysis.Analyzer.correctWritten: the stem of the
    // word one edit of written makes (never at its first letter), when the
    // vocabulary knows it ("certificat" is "certif"), or stem.
    correctWritten(written, st, vocab) {
      // As correct, whose candidates load the vocabulary the edits are
      // looked up in: a stem of four letters or more ("sans", san, is left alone).
      if (st.length < 4 || !isASCIIWord(written)) return st;
      let best = st, bestF = 0;
      const abc = 'abcdefghijklmnopqrstuvwxyz';
      const tryWord = (w) => {
        const s = this.stem(w);
        if (s === st) return;
        const f = vocab.known(s);
        if (f > bestF || (f === bestF && f > 0 && s < best)) {
          best = s;
          bestF = f;
        }
      };
      for (let i = 1; i <= written.length; i++) {
        const head = written.slice(0, i);
        if (i < written.length) {
          tryWord(head + written.slice(i + 1)); // deletion
          if (i + 1 < written.length) tryWord(head + written[i + 1] + written[i] + written.slice(i + 2)); // transposition
          for (const c of abc) if (c !== written[i]) tryWord(head + c + written.slice(i + 1)); // substitution
        }
        for (const c of abc) tryWord(head + c + written.slice(i)); // insertion
      }
      return best;
    }

    // surface is analysis.Analyzer.Words: the words of text (runs of one
    // script, hiragana aside, each once) whose own terms include one of
    // terms (a Set), as written when text is ASCII, else normalised.
    surface(text, terms) {
      const norm = normalize(text);
      const ascii = norm.length === text.length && /^[\x00-\x7f]*$/.test(text);
      const out = [], seen = new Set();
      for (const r of splitRuns(norm)) {
        if (r.cls === HIRAGANA || seen.has(r.text)) continue;
        seen.add(r.text);
        if (this.analyze(r.text, null).some((t) => terms.has(t.text))) out.push(ascii ? text.slice(r.start, r.end) : r.text);
      }
      return out;
    }

    // analyze returns the terms of text: [{text, concept, group}]; with a
    // vocabulary (questions), unknown Latin words are corrected first.
    analyze(text, vocab) {
      const s = normalize(text);
      // Japanese members: substrings of the normalised text, longest members
      // first; a match overlapping an earlier match of the same group is
      // skipped. The matches kept cut the kanji runs they begin or end in,
      // and join the concepts of the runs they span (below).
      const spans = new Map(); // group -> [[begin, end]]
      const kept = [];
      for (const m of this.ja) {
        for (let off = 0; ; ) {
          const b = s.indexOf(m.text, off);
          if (b < 0) break;
          const e = b + m.text.length;
          off = e;
          if (!spans.has(m.group)) spans.set(m.group, []);
          const sp = spans.get(m.group);
          if (sp.some(([x, y]) => x < e && b < y)) continue;
          sp.push([b, e]);
          kept.push({ group: m.group, b, e });
        }
      }
      const cuts = kept.flatMap((k) => [k.b, k.e]).sort((x, y) => x - y);
      const runs = splitRuns(s, cuts);
      const parent = runs.map((_, i) => i);
      const find = (i) => {
        while (parent[i] !== i) {
          parent[i] = parent[parent[i]];
          i = parent[i];
        }
        return i;
      };
      const join = (i, j) => {
        parent[find(j)] = find(i);
      };

      const words = runs.map((r) => {
        if (r.cls !== LATIN) return '';
        const w = this.stem(r.text);
        // As analysis.analyzeWith: a word the vocabulary knows, a thesaurus
        // word or a common English word is no typo.
        if (!vocab || this.isStop(r.text) || vocab.freq(w) > 0 || this.words.has(w) || vocab.common(w)) return w;
        // One edit of the word as written comes first, then the stems, as
        // in analysis.Analyzer.correct (correct loads the vocabulary the
        // edits are looked up in).
        const c = correct(w, vocab);
        const cw = this.correctWritten(r.text, w, vocab);
        return cw !== w ? cw : c;
      });
      const terms = [];
      const latinReach = new Map(); // group -> last run its latest match covers
      let covered = -1; // the last run that a Latin match taken at an earlier run covers
      runs.forEach((r, i) => {
        switch (r.cls) {
          case LATIN: {
            const typed = vocab ? this.stem(r.text) : words[i];
            terms.push({ text: words[i], run: i, stop: this.isStop(r.text) || this.isStop(words[i]), typed: typed !== words[i] ? typed : '' });
            // Per group the longest member starting here, and none where an
            // earlier match of the same group still reaches.
            const ends = new Map(); // group -> last run, in order of first match
            for (const m of this.latin.get(words[i]) || []) {
              if (m.part && !vocab) continue; // questions only
              const end = matchWords(runs, words, i, m.words);
              if (end >= 0 && !(ends.get(m.group) >= end)) ends.set(m.group, end);
            }
            let longest = -1;
            for (const end of ends.values()) longest = Math.max(longest, end);
            let took = false;
            for (const [g, end] of ends) {
              if (latinReach.has(g) && latinReach.get(g) >= i) continue;
              // Part of a longer member of another group: starting here, or
              // earlier.
              if (end < longest || end <= covered) continue;
              took = true;
              latinReach.set(g, end);
              for (let j = i + 1; j <= end; j++) join(i, j);
              terms.push({ text: g, run: i, group: true });
            }
            if (took) covered = Math.max(covered, longest); // only the longest members are taken
            break;
          }
          case KATAKANA:
            terms.push({ text: r.text, run: i, stop: this.isStop(r.text) });
            break;
          case KANJI: {
            const rs = Array.from(r.text);
            if (rs.length === 1) terms.push({ text: r.text, run: i, stop: this.isStop(r.text) });
            for (let k = 0; k + 1 < rs.length; k++) {
              const bg = rs[k] + rs[k + 1];
              terms.push({ text: bg, run: i, stop: this.isStop(bg) });
            }
            break;
          }
        }
      });
      // The Japanese members' matches kept (above) join the runs they span.
      for (const { group, b, e } of kept) {
        let first = -1;
        runs.forEach((r, i) => {
          if (r.cls !== OTHER && r.cls !== HIRAGANA && r.end > b && r.start < e) {
            if (first < 0) first = i;
            else join(first, i);
          }
        });
        if (first < 0) first = runs.findIndex((r) => r.end > b && r.start < e);
        if (first >= 0) terms.push({ text: group, run: first, group: true });
      }
      const asks = focus(s);
      // Number concepts in order of first appearance; drop stop words.
      const ids = new Map();
      const out = [];
      for (const t of terms) {
        if (t.stop || t.text === '') continue;
        const root = find(t.run);
        if (!ids.has(root)) ids.set(root, ids.size);
        out.push({ text: t.text, concept: ids.get(root), group: !!t.group, focus: asks(runs[t.run].start), typed: t.typed || '' });
      }
      return out;
    }
  }

  // pasted is analysis.Pasted: identifiers read as what they are (an ARN
  // as its resource type, "IP address", "email address") or left out
  // (URLs, ISO dates, UUIDs, resource ids, hex strings, long numbers,
  // ticket numbers, chat mentions and emoji codes); the same rules.
  const PASTED_HINT = /[:@#/]|[0-9]{5}|[0-9]\.[0-9]|[0-9a-fA-F]{8}/u;
  const spaceIfDigit = (m) => (/[0-9]/u.test(m) ? ' ' : m);
  const PASTED = [
    [/\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:([A-Za-z0-9_-]+)(?:[/:][^\t\n\f\r ,;)）」?？。、]*)?/gu, (m, t) => ` ${t} `],
    [/\bhttps?:\/\/[^\t\n\f\r <>"'）)」]*[^\t\n\f\r <>"'）)」.,;:!?。、？]/gu, () => ' '],
    [/\b[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?\b/gu, () => ' '],
    [/\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b/gu, () => ' email address '],
    [/\b(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\/[0-9]{1,2})?\b/gu, () => ' IP address '],
    [/\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/gu, () => ' '],
    [/\b[a-z]{1,10}-[0-9a-f]{8,17}\b/gu, spaceIfDigit],
    [/\b[0-9a-fA-F]{16,}\b/gu, spaceIfDigit],
    [/#[0-9]+\b|\b[0-9]{10,}\b/gu, () => ' '],
    [/(?:^|[\t\n\f\r ])@(?:here|channel|everyone|[A-Za-z][A-Za-z0-9._-]*)\b|:[a-z][a-z0-9_+-]*:/gu, () => ' '],
  ];
  function pasted(s) {
    if (!PASTED_HINT.test(s)) return s;
    for (const [re, f] of PASTED) s = s.replace(re, f);
    return s;
  }

  // letter is analysis.Letter: a pasted email's question without its
  // greeting, addressee, self-introduction, closing, signature, quoted
  // messages and footers (the same rules; see letter.go).
  const LETTER = {
    hint: /[?.!？。][\t\n\f\r ]*(thanks|thank you|thx|cheers|regards|best|sincerely)\b|よろしく|宜しく|お世話に|お疲れ/iu,
    opening: /^[\t\n\f\r ]*(hi|hello|hey|hiya|dear|greetings|good (morning|afternoon|evening))\b/iu,
    quoted: /^[\t\n\f\r ]*>/u,
    cut: /^[\t\n\f\r ]*(([-_=—─━ー－＝~*]{2,})[\t\n\f\r ]*$|.{0,80}\bwrote:[\t\n\f\r ]*$|-+[\t\n\f\r ]*original message[\t\n\f\r ]*-+|(from|sent|to|cc|subject):[\t\n\f\r ]|sent from my\b|get outlook for\b|this (e-?mail|message)\b.*\bconfidential|confidential(ity)? (notice|notification)|このメール(は|には|の内容)|.{0,40}(さん|様)が書きました)/iu,
    prefix: /^(hi|hello|hey|hiya|dear|greetings|good (morning|afternoon|evening))\b[^,!:\n?]{0,30}[,!:][\t\n\f\r ]+/iu,
    enGreeting: /^(hi|hello|hey|hiya|dear|greetings|good (morning|afternoon|evening)|to whom it may concern|(i )?hope (this|you|all|everyone))\b/iu,
    jaGreeting: /お世話にな|お疲れ(様|さま)|ご担当|御中|いつもありがとうございます|^(はじめまして|初めまして|突然のご連絡|夜分)|様[、,]?$/u,
    enClosing: /^(thanks|thank you|thx|tia|ty|many thanks|cheers|regards|best regards|kind regards|warm regards|best wishes|all the best|best|sincerely|yours sincerely|yours truly|respectfully|br)\b/iu,
    jaClosing: /よろしくお願い|宜しくお願い|よろしく御願い|何卒よろしく|^以上(です|となります|、)?[。.]?$|お手数(です|をおかけ)/u,
    enSelf: /^(this is|i am|i'm|my name is)[\t\n\f\r ].{1,40}\b(from|at|with|of)\b/iu,
    jaSelf: /^.{1,30}(の|から).{1,15}(です|と申します|でございます)[。．]?$/u,
  };
  function letter(s) {
    s = s.replaceAll('\r\n', '\n');
    if (!s.includes('\n') && !LETTER.opening.test(s) && !LETTER.hint.test(s)) return s;
    let lines = s.split('\n').filter((l) => !LETTER.quoted.test(l));
    let said = false;
    for (let i = 0; i < lines.length; i++) {
      if (said && LETTER.cut.test(lines[i])) {
        lines = lines.slice(0, i);
        break;
      }
      said = said || lines[i].trim() !== '';
    }
    const text = lines.join('\n');
    const sents = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\n' || c === '。' || c === '?' || c === '？' || c === '!' || c === '！' || (c === '.' && (i + 1 === text.length || text[i + 1] === ' ' || text[i + 1] === '\n'))) {
        sents.push({ start, end: i + 1, text: text.slice(start, i + 1) });
        start = i + 1;
      }
    }
    if (start < text.length) sents.push({ start, end: text.length, text: text.slice(start) });
    const runes = (t) => [...t].length;
    const words = (t) => (t.trim() === '' ? 0 : t.trim().split(/\s+/u).length);
    const asking = (t) => {
      t = t.trim();
      return /[?？]/u.test(t) || t.endsWith('か。') || t.endsWith('か');
    };
    const blank = (x) => x.text.trim() === '';
    const greeting = (x) => {
      const t = x.text.trim();
      if (t === '' || asking(t)) return false;
      return (LETTER.enGreeting.test(t) && words(t) <= 8) || (LETTER.jaGreeting.test(t.replace(/[。.!！ ]+$/u, '')) && runes(t) <= 40);
    };
    const selfIntro = (x) => {
      const t = x.text.trim();
      if (t === '' || asking(t)) return false;
      return (LETTER.enSelf.test(t) && words(t) <= 10) || LETTER.jaSelf.test(t);
    };
    const closing = (x) => {
      const t = x.text.trim();
      if (t === '' || asking(t)) return false;
      return (LETTER.enClosing.test(t) && words(t) <= 8) || (LETTER.jaClosing.test(t) && runes(t) <= 60);
    };
    let from = 0;
    for (let i = 0; i < sents.length && i < 3; i++) if (greeting(sents[i])) from = i + 1;
    while (from < sents.length && (blank(sents[from]) || greeting(sents[from]) || (from > 0 && selfIntro(sents[from])))) from++;
    let to = sents.length;
    for (let i = from + 1; i < sents.length; i++) {
      if (closing(sents[i]) && !sents.slice(i + 1).some((x) => asking(x.text))) {
        to = i;
        break;
      }
    }
    while (to > from && blank(sents[to - 1])) to--;
    if (from >= to) return s;
    let out = text.slice(sents[from].start, sents[to - 1].end).trim();
    const m = LETTER.prefix.exec(out);
    if (m && out.slice(m[0].length).trim() !== '') out = out.slice(m[0].length);
    return out === '' ? s : out;
  }

  // focus is analysis.Focus: whether the sentence at an offset of the
  // normalised text s asks the question (the sentences ending in "?", or
  // the last one when none does).
  function focus(s) {
    const sents = [];
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '?' || c === '!' || c === '。' || c === '\n' || (c === '.' && (i + 1 === s.length || s[i + 1] === ' ' || s[i + 1] === '\t')))
        sents.push({ end: i + 1, ask: c === '?' });
    }
    if (!sents.length || sents[sents.length - 1].end < s.length) sents.push({ end: s.length, ask: false });
    if (!sents.some((x) => x.ask)) sents[sents.length - 1].ask = true;
    return (pos) => {
      for (const x of sents) if (pos < x.end) return x.ask;
      return true;
    };
  }

  // matchWords returns the last run of a Latin member starting at run i (its
  // words on consecutive Latin runs), or -1.
  function matchWords(runs, words, i, member) {
    let j = i;
    for (let k = 0; k < member.length; k++) {
      if (k > 0) {
        j++;
        while (j < runs.length && runs[j].cls !== LATIN) {
          if (runs[j].cls !== OTHER) return -1;
          j++;
        }
      }
      if (j >= runs.length || runs[j].cls !== LATIN || words[j] !== member[k]) return -1;
    }
    return j;
  }

  // ---- scoring and coverage ---------------------------------------------

  // pow is analysis's pow: x^0.5 as a square root, as math.Pow does it.
  const pow = (x, y) => (y === 1 ? x : y === 0.5 ? Math.sqrt(x) : Math.pow(x, y));

  // byConcept groups terms by concept, in order of first appearance:
  // [{concept, terms: [term]}].
  function byConcept(terms) {
    const m = new Map();
    for (const t of terms) {
      if (!m.has(t.concept)) m.set(t.concept, []);
      m.get(t.concept).push(t);
    }
    return [...m].map(([concept, ts]) => ({ concept, terms: ts }));
  }

  // rank is analysis.Rank: per concept, an entry gets the best impact
  // (idf × weight) of the concept's group terms plus policy.exact times the
  // mean over its plain terms, or that mean alone when it has no group term;
  // scores add up over concepts. term(t) returns {idf, list: [{entry,
  // weight, mask}]}. Hits best first, ties by entry number.
  function rank(terms, term, policy, scale) {
    const scores = new Map();
    for (const c of byConcept(terms)) {
      const w = scale(c.concept);
      const group = new Map(), sum = new Map();
      let plain = 0;
      for (const t of c.terms) {
        const tp = term(t.text);
        if (t.group) for (const p of tp.list) group.set(p.entry, Math.max(group.get(p.entry) || 0, tp.idf * p.weight));
        else {
          plain++;
          for (const p of tp.list) sum.set(p.entry, (sum.get(p.entry) || 0) + tp.idf * p.weight);
        }
      }
      const groups = c.terms.length - plain;
      for (const e of new Set([...group.keys(), ...sum.keys()])) {
        let v = group.get(e) || 0;
        if (!groups) v = Math.max(v, (sum.get(e) || 0) / plain);
        else if (plain > 0) v += (policy.exact * (sum.get(e) || 0)) / plain;
        scores.set(e, (scores.get(e) || 0) + w * v);
      }
    }
    const hits = [...scores].map(([entry, score]) => ({ entry, score }));
    return sortHits(hits);
  }

  const sortHits = (hits) => hits.sort((x, y) => y.score - x.score || x.entry - y.entry);

  // coverage is analysis.Coverage: how much of the question (terms, with
  // concepts) an entry covers. term(t) gives a term's idf and postings,
  // unknownIDF the idf of a term no entry holds, claim(t) how much the entry
  // claims it (0 if it does not hold it).
  // fragment is analysis.fragment: a concept of one-character terms (出 of
  // 出したい).
  const fragment = (terms) => !terms.some((t) => Array.from(t.text).length > 1);

  function coverage(terms, term, unknownIDF, claim, policy, scale) {
    const fit = { coverage: 0, mass: 0, unknown: 0, miss: 0, concepts: 0, parts: [] };
    let total = 0, covered = 0, unknown = 0, miss = 0;
    for (const c of byConcept(terms)) {
      fit.concepts++;
      const k = scale(c.concept);
      let known = 0, hasKnown = false, group = 0, sum = 0, plain = 0, common = true;
      for (const t of c.terms) {
        const tp = term(t.text);
        if (tp.list.length > 0) {
          hasKnown = true;
          known = Math.max(known, tp.idf / IDF_SCALE);
        }
        if (t.group || !tp.common) common = false;
        const f = claim(t.text);
        if (t.group) group = Math.max(group, f);
        else {
          sum += f;
          plain++;
        }
      }
      let raw = hasKnown ? known : (policy.unknown * unknownIDF) / IDF_SCALE;
      if (common && policy.common > 0) raw = Math.min(raw, (policy.common * unknownIDF) / IDF_SCALE);
      let w = policy.weightPower > 0 ? pow(raw, policy.weightPower) : raw;
      w *= k;
      raw *= k;
      let got = group;
      if (plain > 0) got = Math.max(got, sum / plain);
      fit.parts.push({ terms: c.terms, weight: w, covered: got });
      total += w;
      covered += w * got;
      fit.mass += raw * got;
      if (!hasKnown) unknown += w;
      if (!fragment(c.terms)) miss = Math.max(miss, w * (1 - got));
    }
    if (total > 0) {
      fit.coverage = covered / total;
      fit.unknown = unknown / total;
      fit.miss = miss / total;
    }
    return fit;
  }

  const IDF_SCALE = 1000; // analysis.IDFScale

  // confidence is analysis.Policy.Confidence, bar Policy.bar, answers
  // Policy.Answers.
  const confidence = (p, f) => f.coverage * p.byCoverage + f.margin * p.byMargin + Math.log(1 + f.concepts) * p.byConcepts;
  const bar = (p, f) => p.minConfidence + (f.offSubject ? p.offSubject : 0);
  const answers = (p, fit) =>
    fit.mass >= p.minMass &&
    fit.coverage >= p.minCoverage &&
    confidence(p, fit) >= bar(p, fit) &&
    (!fit.offSubject || fit.coverage >= p.offSubjectCoverage) &&
    (!(p.maxUnknown > 0) || fit.unknown < p.maxUnknown) &&
    (p.maxMiss <= 0 || fit.miss < p.maxMiss);

  // closeCall is analysis.Policy.Close: an answer whose confidence clears
  // its bar by less than p.closeCall is marked for the reader to check.
  const closeCall = (p, fit) => confidence(p, fit) < bar(p, fit) + (p.closeCall || 0);

  // missingTerms is analysis.Policy.Missing: the terms of the concepts
  // (coverage's parts) an entry does not hold at all that weigh at least
  // p.unmatched of the question, fragments (a kanji alone) aside.
  function missingTerms(p, parts) {
    const total = parts.reduce((a, c) => a + c.weight, 0);
    const missing = new Set();
    for (const c of parts) {
      if (c.covered > 0 || c.weight < p.unmatched * total || fragment(c.terms)) continue;
      for (const t of c.terms) missing.add(t.text);
    }
    return missing;
  }

  // namesSubject is analysis.NamesSubject: the question's terms name one of
  // the knowledge base's subject terms, or it has none.
  const namesSubject = (terms, subject) => !subject.length || terms.some((t) => subject.includes(t.text));

  // titlePrecision is analysis.TitlePrecision: the share of a title's
  // concepts (its terms) that the question's terms (asked, a Set) name.
  function titlePrecision(title, asked) {
    const concepts = new Set(), named = new Set();
    for (const t of title) {
      concepts.add(t.concept);
      if (asked.has(t.text)) named.add(t.concept);
    }
    return concepts.size ? named.size / concepts.size : 0;
  }

  // resolve is analysis.Policy.Resolve: [swap, answer] for two entries that
  // fit alike (their hits, with coverage and mass), given their title
  // precisions.
  function resolve(p, first, second, precFirst, precSecond) {
    if (!(p.titleMargin > 0)) return [false, false];
    const wins = (a, b) => a.coverage >= b.coverage && a.mass >= p.minMass;
    if (precSecond - precFirst >= p.titleMargin && wins(second, first)) return [true, true];
    if (precFirst - precSecond >= p.titleMargin && wins(first, second)) return [false, true];
    return [false, false];
  }

  // ambiguous is analysis.Policy.Ambiguous: not answered, but the best two
  // entries fit the question about as well as each other.
  const ambiguous = (p, best, second) =>
    !answers(p, best) && best.coverage >= p.ambiguousCoverage && second.coverage >= p.ambiguousCoverage && best.margin < p.ambiguousMargin;

  // hash is FNV-1a over code points: which shard holds a term (site/searchdata.go).
  function hash(s) {
    let h = 0x811c9dc5;
    for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h;
  }

  const FORMAT = 9; // the search data format this file reads (site/searchdata.go)

  // Engine answers questions from one knowledge base's search data.
  class Engine {
    // data is index.json; base the URL of its directory; fetchJSON(url)
    // returns a promise of the parsed file.
    constructor(data, base, fetchJSON) {
      if (data.v !== FORMAT) throw new Error(`search data format ${data.v}, want ${FORMAT}`);
      this.d = data;
      this.base = base;
      this.fetchJSON = fetchJSON;
      this.policy = data.policy;
      this.analyzer = new Analyzer(data.thesaurus, data.stop, data.names, data.stems, data.parts);
      this.shards = new Map(); // shard number -> {term: [idf, df, entry delta, weight, mask, ...]}
      this.vocabs = new Map(); // letter -> {term: entries holding it} (split data)
      this.chunks = new Map(); // chunk number -> [doc]
      this.pending = new Map(); // file -> promise
      this.candidates = null; // first character -> vocabulary words (inline data)
      this.decoded = new Map(); // term -> postings
      (data.shards || []).forEach((s, i) => this.shards.set(i, s));
      (data.docs || []).forEach((c, i) => this.chunks.set(i, c));
    }

    get root() {
      return this.d.root;
    }

    label(verdict, lang) {
      return (this.d.labels[verdict] || {})[lang] || verdict;
    }

    // shardOf is the shard of a term (site/searchdata.go).
    shardOf(term) {
      return hash(term) % this.d.nshards;
    }

    // fetchAll loads files name+key+".json" for the keys not in map yet.
    async fetchAll(map, keys, name) {
      await Promise.all(
        [...new Set(keys)]
          .filter((k) => !map.has(k))
          .map(async (k) => {
            const file = `${name}${k}.json`;
            if (!this.pending.has(file)) this.pending.set(file, this.fetchJSON(this.base + file));
            try {
              map.set(k, await this.pending.get(file));
            } finally {
              this.pending.delete(file); // a failed fetch is tried again next time
            }
          }),
      );
    }

    needDocs(docs) {
      return this.fetchAll(this.chunks, docs.map((i) => Math.floor(i / this.d.perChunk)), 'd');
    }

    // term returns the idf, the number of entries holding it and the
    // postings of term, {idf, df, list: [{entry, weight, mask}]} (its shard
    // must be loaded; at most analysis.MaxPostings are listed).
    term(t) {
      let out = this.decoded.get(t);
      if (out) return out;
      const flat = this.shards.get(this.shardOf(t))[t] || [0, 0];
      // df is written -(df+1) for a common English word (analysis.Common).
      const common = flat[1] < 0;
      out = { idf: flat[0], df: common ? -flat[1] - 1 : flat[1], common, list: [] };
      for (let i = 2, e = 0; i + 2 < flat.length; i += 3) {
        e += flat[i];
        out.list.push({ entry: e, weight: flat[i + 1], mask: flat[i + 2] });
      }
      this.decoded.set(t, out);
      return out;
    }

    // claim is analysis.Claim: the best claim among the fields in mask.
    claim(mask) {
      let best = 0;
      this.d.fields.forEach((f, i) => {
        if (mask & (1 << i)) best = Math.max(best, f.claim);
      });
      return best;
    }

    // vocabulary returns an analysis.Vocabulary (entries holding a term) over
    // the data loaded so far; what it lacks it notes in missing (shards,
    // letters) and counts as unknown.
    vocabulary(missing) {
      return {
        // known is freq over what is loaded, noting nothing missing: the
        // typo correction of a word as written asks about hundreds of forms,
        // all with the word's first letter, whose vocabulary freq has
        // already asked for.
        // common is analysis.Common, from the term's shard.
        common: (t) => {
          const k = this.shardOf(t);
          if (this.shards.has(k)) return this.term(t).common;
          missing.shards.add(k);
          return false;
        },
        known: (t) => {
          if (this.shards.has(this.shardOf(t))) return this.term(t).df;
          const v = this.vocabs.get(t[0]);
          return v ? v[t] || 0 : 0;
        },
        freq: (t) => {
          const k = this.shardOf(t);
          if (this.shards.has(k)) return this.term(t).df;
          const v = this.vocabs.get(t[0]);
          if (v) return v[t] || 0;
          missing.shards.add(k);
          return 0;
        },
        candidates: (first) => {
          if (!this.d.vocab) return this.inlineCandidates().get(first) || [];
          if (!this.d.vocab.includes(first)) return [];
          if (this.vocabs.has(first)) return Object.keys(this.vocabs.get(first));
          missing.letters.add(first);
          return [];
        },
      };
    }

    // inlineCandidates lists the vocabulary by first character, when all of
    // it is inline.
    inlineCandidates() {
      if (!this.candidates) {
        this.candidates = new Map();
        for (const s of this.shards.values())
          for (const [t, flat] of Object.entries(s)) {
            if (t[0] === '@' || flat[1] === -1) continue; // a group, or a common word no entry holds
            const r = String.fromCodePoint(t.codePointAt(0));
            if (!this.candidates.has(r)) this.candidates.set(r, []);
            this.candidates.get(r).push(t);
          }
      }
      return this.candidates;
    }

    // terms analyses a question, first loading what its analysis needs: the
    // shards of its terms, and the vocabulary of a word's first letter when
    // typo correction looks for candidates.
    async terms(question) {
      // Split data: the shards of the words as typed first, as a known word
      // needs no vocabulary.
      if (!this.d.shards) await this.fetchAll(this.shards, this.analyzer.analyze(question, null).map((t) => this.shardOf(t.text)), 'p');
      for (;;) {
        const missing = { shards: new Set(), letters: new Set() };
        const terms = this.analyzer.analyze(question, this.vocabulary(missing));
        for (const t of terms) if (!this.shards.has(this.shardOf(t.text))) missing.shards.add(this.shardOf(t.text));
        if (!missing.shards.size && !missing.letters.size) return terms;
        await Promise.all([this.fetchAll(this.shards, [...missing.shards], 'p'), this.fetchAll(this.vocabs, [...missing.letters], 'v')]);
      }
    }

    // search answers question as index.Ask does: {answered, hits}, hits best
    // first ({id, verdict, title, answer, score, coverage, mass}), at most
    // limit of them.
    async search(question, limit = 10) {
      question = pasted(letter(question)); // index.Ask
      const res = this.rank(await this.terms(question));
      const lang = hasJapanese(normalize(question)) ? 'ja' : 'en';
      const asked = new Set(res.terms.map((t) => t.text));
      const precision = (h) => titlePrecision(this.analyzer.analyze(this.doc(h.doc)[2][lang], null), asked);
      if (res.hits.length && !res.namesSubject) {
        // Off the subject, unless it names enough of the best entry's title
        // (index.Ask, analysis.Policy.OffSubject).
        await this.needDocs([res.hits[0].doc]);
        if (precision(res.hits[0]) < this.policy.subjectTitle) {
          for (const h of res.hits) h.offSubject = true;
          this.decide(res);
        }
      }
      if (res.ambiguous) {
        // Sibling entries: the one whose title the question names better
        // (index.Ask, analysis.Policy.Resolve).
        const [a, b] = res.hits;
        await this.needDocs([a.doc, b.doc]);
        const [swap, answer] = resolve(this.policy, a, b, precision(a), precision(b));
        if (swap) [res.hits[0], res.hits[1]] = [b, a];
        res.answered = answer;
        res.ambiguous = !answer;
        res.closeCall = false; // chosen between two that fit alike by the title: as sure as a clear answer (index.Ask)
      }
      // The words the answering entry lacks, for a close call; the nearest
      // entry's, when none answers (index.Ask).
      const lacks = res.closeCall || (!res.answered && !res.ambiguous);
      res.unmatched = lacks && res.hits.length ? this.unmatched(question, res.terms, res.hits[0]) : [];
      res.hits = res.hits.slice(0, limit);
      await this.needDocs(res.hits.map((h) => h.doc));
      for (const h of res.hits) {
        const [id, verdict, title, answer] = this.doc(h.doc);
        Object.assign(h, { id, verdict, title, answer });
      }
      return res;
    }

    // unmatched is index.unmatched: the words of question, as typed, behind
    // the terms of its concepts the best entry (hit) does not hold
    // (missing), as surface (Analyzer.Words) finds them.
    unmatched(question, terms, hit) {
      const missing = missingTerms(this.policy, hit.parts || []);
      if (!missing.size) return [];
      for (const t of terms) if (t.typed && missing.has(t.text)) missing.add(t.typed);
      return this.analyzer.surface(question, missing);
    }

    // doc returns document n ([id, verdict, title, answer]), its chunk loaded.
    doc(n) {
      const per = this.d.perChunk;
      return this.chunks.get(Math.floor(n / per))[n % per];
    }

    // rank ranks the entries for the terms of a question (their shards
    // loaded), as index.Ask does: analysis.Rank, then analysis.Rerank of the
    // best policy.depth by score × coverage^policy.rerank, then
    // policy.Answers on the first's fit (its coverage, mass and margin over
    // the second).
    rank(terms) {
      const seen = new Set(), query = [];
      for (const t of terms) {
        if (!seen.has(t.text)) {
          seen.add(t.text);
          query.push(t);
        }
      }
      const res = { terms: query, hits: [], answered: false };
      if (!query.length) return res;
      const d = this.d, p = this.policy;
      const term = (t) => this.term(t);
      const focused = new Set(query.filter((t) => t.focus).map((t) => t.concept));
      const scale = (c) => (!focused.has(c) && p.background > 0 ? p.background : 1);
      let hits = rank(query, term, p, scale);
      if (p.depth > 0) hits = hits.slice(0, p.depth);
      for (const h of hits) {
        const claims = new Map();
        for (const t of query) {
          const post = this.term(t.text).list.find((x) => x.entry === h.entry);
          claims.set(t.text, post ? this.claim(post.mask) : 0);
        }
        Object.assign(h, coverage(query, term, d.unknownIDF, (t) => claims.get(t), p, scale));
        if (p.rerank > 0) h.score *= pow(h.coverage, p.rerank);
      }
      sortHits(hits);
      if (hits.length) hits[0].margin = hits.length > 1 && hits[0].score > 0 ? (hits[0].score - hits[1].score) / hits[0].score : 1;
      for (const h of hits) h.doc = h.entry;
      res.hits = hits;
      // analysis.OnlyNumbers: a question of numbers alone names no topic.
      const numbers = query.every((t) => /^[0-9.,]+$/.test(t.text));
      res.numbers = numbers;
      res.namesSubject = namesSubject(query, d.subject || []); // null: no subject
      // analysis.OnlySubject: "ACM" names what every entry is about.
      res.subjectOnly = !!(d.subject && d.subject.length && query.length && d.n * this.policy.subjectShare >= 4 && query.every((t) => d.subject.includes(t.text))); // 4: analysis.SubjectTitleCount
      this.decide(res);
      return res;
    }

    // decide sets res.answered and res.ambiguous from its hits' fits.
    decide(res) {
      const p = this.policy, hits = res.hits;
      const none = res.numbers || res.subjectOnly; // no question
      res.answered = !none && hits.length > 0 && answers(p, hits[0]);
      res.ambiguous = !none && hits.length > 1 && ambiguous(p, hits[0], hits[1]);
      res.closeCall = res.answered && closeCall(p, hits[0]);
    }
  }

  // load fetches the index file at url and returns an Engine.
  async function load(url) {
    const fetchJSON = async (u) => {
      const r = await fetch(u, { credentials: 'same-origin' });
      if (!r.ok) throw new Error(`${u}: HTTP ${r.status}`);
      return r.json();
    };
    const abs = new URL(url, document.baseURI).href;
    const data = await fetchJSON(abs);
    // The other files are in the directory data.base names (cached forever);
    // index.json itself is at an address that does not change.
    const base = data.base ? new URL(data.base, abs).href : abs.slice(0, abs.lastIndexOf('/') + 1);
    return new Engine(data, base, fetchJSON);
  }

  // ---- user interface ---------------------------------------------------

  const TEXT = {
    en: {
      answer: 'Answer',
      closeCall: 'Answer? (close call: check it)',
      unmatched: (w) => `Not in this entry: ${w.join(', ')}.`,
      lacks: (w) => `Not in the nearest entry: ${w.join(', ')}.`,
      weak: "The question's words are in the nearest entry, but it does not answer clearly enough: it may only mention them, or others fit as well.",
      notCovered: 'Not covered by the knowledge base.',
      // What the CLI says of a question that asks nothing (reply.Text):
      // numbers alone, or only what every entry is about ("ACM").
      numbers: 'A number alone is not a question: say in words what you want to know.',
      subjectOnly: 'This names only what the whole knowledge base is about: say what you want to know of it.',
      nearest: 'Nearest entries:',
      ambiguous: 'More than one entry fits; which one do you mean?',
      error: 'Search is not available right now.',
      results: (n) => (n === 1 ? '1 result' : `${n} results`),
    },
    ja: {
      answer: '回答',
      closeCall: '回答?(確度低: 要確認)',
      unmatched: (w) => `このエントリーにない語: ${w.join('、')}。`,
      lacks: (w) => `最も近いエントリーにない語: ${w.join('、')}。`,
      weak: '質問の語は最も近いエントリーにありますが、回答とするには一致が弱いです(言及だけか、他のエントリーも同じくらい一致しています)。',
      notCovered: 'ナレッジベースの対象外です。',
      numbers: '数字だけでは質問になりません。知りたいことを言葉で書いてください。',
      subjectOnly: 'ナレッジベース全体の対象を挙げただけです。それについて知りたいことを書いてください。',
      nearest: '近いエントリ:',
      ambiguous: '複数のエントリが当てはまります。どれのことですか?',
      error: '現在、検索を利用できません。',
      results: (n) => `${n} 件`,
    },
  };
  const SHAPES = { yes: '✓', partly: '◐', no: '✕' };
  const DEBOUNCE_MS = 60;
  const LIMITS = { popup: 5, page: 10, nearest: 3 };

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // start wires the search box of the page: results as you type in #results,
  // a popup on most pages and the main list on /{lang}/search/.
  function start() {
    const meta = document.querySelector('meta[name="acmkb-search"]');
    const input = document.getElementById('q');
    const box = document.getElementById('results');
    const status = document.getElementById('search-status'); // announces the count; #results is not live
    if (!meta || !meta.content || !input || !box) return;
    const lang = document.documentElement.lang.toLowerCase().startsWith('ja') ? 'ja' : 'en';
    const T = TEXT[lang];
    const page = document.body.dataset.page === 'search';
    const limit = page ? LIMITS.page : LIMITS.popup;
    let engine = null; // promise of the Engine, made on first use
    let timer = 0, statusTimer = 0, seq = 0, active = -1, options = [];

    const ensure = () => {
      if (!engine) {
        engine = load(meta.content);
        engine.catch(() => (engine = null)); // try again on the next keystroke
      }
      return engine;
    };

    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', 'results');
    input.setAttribute('aria-expanded', 'false');

    function open(yes) {
      yes = yes && box.childElementCount > 0;
      if (!page) box.hidden = !yes;
      input.setAttribute('aria-expanded', String(yes));
      if (!yes) highlight(-1);
    }

    function highlight(i) {
      if (options[active]) options[active].setAttribute('aria-selected', 'false');
      active = i;
      if (options[i]) {
        options[i].setAttribute('aria-selected', 'true');
        options[i].scrollIntoView({ block: 'nearest' });
        input.setAttribute('aria-activedescendant', options[i].id);
      } else input.removeAttribute('aria-activedescendant');
    }

    // announce says msg through the status region once typing pauses, so
    // that a screen reader is not told every keystroke's count.
    function announce(msg) {
      if (!status) return;
      clearTimeout(statusTimer);
      statusTimer = setTimeout(() => (status.textContent = msg), msg ? 400 : 0);
    }

    // item is one result: the link itself is the option (an option must not
    // hold a link: axe's nested-interactive), its <li> only lays it out. The
    // entry that answers the question (the CLI's answer) is marked "Answer".
    function item(e, h, i, answer, close, unmatched) {
      const li = el('li', 'search-result');
      li.setAttribute('role', 'none');
      const a = el('a');
      a.id = `search-result-${i}`;
      a.setAttribute('role', 'option');
      a.setAttribute('aria-selected', 'false');
      a.href = `${e.root}${lang}/${h.id}/`;
      a.tabIndex = -1; // the input keeps focus; arrows move through the options
      const badge = el('span', `badge badge-${h.verdict}`);
      const shape = el('span', 'badge-shape', SHAPES[h.verdict] || '');
      shape.setAttribute('aria-hidden', 'true');
      badge.append(shape, el('span', 'badge-label', e.label(h.verdict, lang)));
      if (answer) a.append(el('span', close ? 'search-result-kind search-close-call' : 'search-result-kind', close ? T.closeCall : T.answer), ' ');
      a.append(el('span', 'search-result-title', h.title[lang]), ' ', badge, el('span', 'search-result-answer', h.answer[lang]));
      if (answer && close && unmatched && unmatched.length) a.append(el('span', 'search-unmatched', T.unmatched(unmatched)));
      li.append(a);
      return li;
    }

    function render(e, q, res) {
      const nodes = [];
      let hits = res.hits;
      if (res.answered) announce(T.results(hits.length));
      else if (res.ambiguous) {
        announce(T.ambiguous);
        nodes.push(el('p', 'search-not-covered search-ambiguous', T.ambiguous));
        hits = hits.slice(0, LIMITS.nearest);
      } else {
        announce(T.notCovered);
        nodes.push(el('p', 'search-not-covered', T.notCovered));
        // A question that asks nothing is told so, as the CLI tells it,
        // not that its words are in the nearest entry ("4", "ACM").
        const none = res.numbers ? T.numbers : res.subjectOnly ? T.subjectOnly : '';
        if (none) nodes.push(el('p', 'search-no-question', none));
        hits = hits.slice(0, LIMITS.nearest);
        if (hits.length) nodes.push(el('p', 'search-nearest', T.nearest));
      }
      if (hits.length) {
        const ul = el('ul');
        ul.setAttribute('role', 'listbox');
        ul.setAttribute('aria-label', q);
        hits.forEach((h, i) => ul.append(item(e, h, i, res.answered && i === 0, res.closeCall, res.unmatched)));
        nodes.push(ul);
        if (!res.answered && !res.ambiguous && !res.numbers && !res.subjectOnly) nodes.push(el('p', 'search-unmatched search-lacks', res.unmatched.length ? T.lacks(res.unmatched) : T.weak));
      }
      box.replaceChildren(...nodes);
      box.dataset.query = q; // what the results are for (tests wait on it)
      options = [...box.querySelectorAll('[role="option"]')];
      active = -1;
      open(true);
    }

    async function run() {
      const q = input.value.trim();
      const mine = ++seq;
      if (page) {
        const u = new URL(location.href);
        if (q) u.searchParams.set('q', input.value);
        else u.searchParams.delete('q');
        history.replaceState(history.state, '', u);
      }
      if (!q) {
        box.replaceChildren();
        delete box.dataset.query;
        announce('');
        options = [];
        open(false);
        return;
      }
      try {
        const e = await ensure();
        const res = await e.search(q, limit);
        if (mine === seq) render(e, q, res);
      } catch (err) {
        if (mine !== seq) return;
        box.replaceChildren(el('p', 'search-error', T.error));
        box.dataset.query = q;
        announce(T.error);
        options = [];
        open(true);
        console.error('acmkb search:', err);
      }
    }

    input.addEventListener('focus', () => {
      ensure();
      open(true);
    });
    input.addEventListener('input', () => {
      ensure();
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    // Enter on a selected result opens it (the form would search instead).
    if (input.form)
      input.form.addEventListener('submit', (ev) => {
        if (options[active]) {
          ev.preventDefault();
          location.assign(options[active].href);
        }
      });
    input.addEventListener('keydown', (ev) => {
      if (ev.isComposing) return;
      switch (ev.key) {
        case 'ArrowDown':
        case 'ArrowUp':
          if (!options.length) return;
          ev.preventDefault();
          open(true);
          highlight(ev.key === 'ArrowDown' ? Math.min(active + 1, options.length - 1) : Math.max(active - 1, -1));
          break;
        case 'Enter':
          if (options[active]) {
            ev.preventDefault();
            location.assign(options[active].href);
          }
          break;
        case 'Escape':
          if (input.getAttribute('aria-expanded') === 'true') {
            ev.preventDefault();
            open(false);
          }
          break;
      }
    });
    if (!page) {
      const outside = (ev) => {
        if (ev.target !== input && !box.contains(ev.target)) open(false);
      };
      document.addEventListener('pointerdown', outside);
      document.addEventListener('focusin', outside);
    }
    if (page) {
      const q = new URLSearchParams(location.search).get('q');
      if (q) {
        input.value = q;
        run();
      }
    }
  }

  window.acmkbSearch = { normalize, stem, distance, utf8, correct, Analyzer, rank, coverage, hash, Engine, load, letter, pasted };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
