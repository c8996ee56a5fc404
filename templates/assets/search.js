// acmkb search in the browser.
//
// This file is a port of two Go packages, and must give the same first result
// as `acmkb ask`:
//   - package analysis: the text analysis rules (normalise, script runs, stem,
//     bigrams, thesaurus, stop words, typo correction, concepts) and the
//     coverage rule that decides whether a question is answered;
//   - index/ask.go: one disjunction of term queries, one per term, over the
//     passages (example questions, titles, keywords), scored with bleve's
//     BM25; an entry scores by its best passages, ties by id; containment.
// Every number (field cover weights, policy, passage lengths) and every
// word list (thesaurus, stop words) comes from the search data that
// site/searchdata.go exports; nothing tunable is written here.
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

  // normalize applies NFKC and lower case (rule 1).
  const normalize = (s) => lower(s.normalize('NFKC'));

  function hasJapanese(s) {
    for (const ch of s) {
      const c = classOf(ch.codePointAt(0));
      if (c === KATAKANA || c === KANJI || c === HIRAGANA) return true;
    }
    return false;
  }

  // splitRuns splits s into runs of one script (rule 2); offsets in UTF-16 units.
  function splitRuns(s) {
    const out = [];
    let start = 0, cur = OTHER, i = 0;
    for (const ch of s) {
      const c = classOf(ch.codePointAt(0));
      if (c !== cur) {
        if (cur !== OTHER) out.push({ text: s.slice(start, i), cls: cur, start, end: i });
        start = i;
        cur = c;
      }
      i += ch.length;
    }
    if (cur !== OTHER) out.push({ text: s.slice(start), cls: cur, start, end: s.length });
    return out;
  }

  // Go's unicode.IsSpace, for strings.Fields.
  const goSpace = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

  const groupTerm = (name) => '@' + normalize(name).split(goSpace).filter(Boolean).join('_');

  const isASCIIWord = (w) => /^[a-z]*$/.test(w);

  function undouble(w) {
    const n = w.length;
    if (n >= 2 && w[n - 1] === w[n - 2] && !'aeioulsz'.includes(w[n - 1])) return w.slice(0, -1);
    return w;
  }

  // stem is the light English stemmer (rule 3).
  function stem(w) {
    if (w.length <= 3 || !isASCIIWord(w)) return w;
    if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
    else if (w.endsWith('ied') && w.length > 4) w = w.slice(0, -3) + 'y';
    else if (w.endsWith('sses')) w = w.slice(0, -2);
    else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
    else if (w.endsWith('ing') && w.length - 3 >= 3) w = undouble(w.slice(0, -3));
    else if (w.endsWith('ed') && w.length - 2 >= 3) w = undouble(w.slice(0, -2));
    if (w.length >= 7 && w.endsWith('al')) w = w.slice(0, -2);
    if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
    return w;
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
    for (const c of vocab.candidates(w[0])) {
      if (c === w) continue;
      const cb = utf8(c);
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
    return best;
  }

  // Analyzer applies the rules with one thesaurus and stop word list.
  class Analyzer {
    constructor(thesaurus, stopWords) {
      this.stop = new Set(stopWords);
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
          const words = splitRuns(n).filter((r) => r.cls === LATIN).map((r) => stem(r.text));
          if (!words.length) continue;
          if (!this.latin.has(words[0])) this.latin.set(words[0], []);
          this.latin.get(words[0]).push({ words, group });
          for (const w of words) this.words.add(w);
        }
      }
      // Longer members first (by UTF-8 length, as Go); the sort is stable.
      this.ja.sort((a, b) => b.size - a.size);
    }

    isStop(w) {
      return this.stop.has(w);
    }

    // analyze returns the terms of text: [{text, concept, group}]; with a
    // vocabulary (questions), unknown Latin words are corrected first.
    analyze(text, vocab) {
      const s = normalize(text);
      const runs = splitRuns(s);
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
        const w = stem(r.text);
        return vocab && !this.isStop(r.text) && !this.words.has(w) ? correct(w, vocab) : w;
      });
      const terms = [];
      const latinReach = new Map(); // group -> last run its latest match covers
      runs.forEach((r, i) => {
        switch (r.cls) {
          case LATIN: {
            terms.push({ text: words[i], run: i, stop: this.isStop(r.text) || this.isStop(words[i]) });
            // Per group the longest member starting here, and none where an
            // earlier match of the same group still reaches.
            const ends = new Map(); // group -> last run, in order of first match
            for (const m of this.latin.get(words[i]) || []) {
              const end = matchWords(runs, words, i, m.words);
              if (end >= 0 && !(ends.get(m.group) >= end)) ends.set(m.group, end);
            }
            for (const [g, end] of ends) {
              if (latinReach.has(g) && latinReach.get(g) >= i) continue;
              latinReach.set(g, end);
              for (let j = i + 1; j <= end; j++) join(i, j);
              terms.push({ text: g, run: i, group: true });
            }
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
      // Japanese members: substrings of the normalised text, longest members
      // first; a match overlapping an earlier match of the same group is skipped.
      const spans = new Map(); // group -> [[begin, end]]
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
          let first = -1;
          runs.forEach((r, i) => {
            if (r.cls !== OTHER && r.cls !== HIRAGANA && r.end > b && r.start < e) {
              if (first < 0) first = i;
              else join(first, i);
            }
          });
          if (first < 0) first = runs.findIndex((r) => r.end > b && r.start < e);
          if (first >= 0) terms.push({ text: m.group, run: first, group: true });
        }
      }
      // Number concepts in order of first appearance; drop stop words.
      const ids = new Map();
      const out = [];
      for (const t of terms) {
        if (t.stop || t.text === '') continue;
        const root = find(t.run);
        if (!ids.has(root)) ids.set(root, ids.size);
        out.push({ text: t.text, concept: ids.get(root), group: !!t.group });
      }
      return out;
    }
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

  // idf is BM25's inverse document frequency (analysis.IDF, bleve's BM25).
  const idf = (n, docs) => Math.log(1 + (docs - n + 0.5) / (n + 0.5));

  // coverage is analysis.Coverage: how much of the question (terms, with
  // concepts) an entry covers. freq(term) is the term's document frequency,
  // cover(term) the best cover weight among the entry's fields holding it.
  function coverage(terms, docs, freq, cover, policy) {
    const byID = new Map(); // insertion order is Go's order of first appearance
    for (const t of terms) {
      let c = byID.get(t.concept);
      if (!c) {
        c = { known: 0, hasKnown: false, group: 0, sum: 0, plain: 0 };
        byID.set(t.concept, c);
      }
      const n = freq(t.text);
      if (n > 0) {
        c.hasKnown = true;
        c.known = Math.max(c.known, idf(n, docs));
      }
      const f = cover(t.text);
      if (t.group) c.group = Math.max(c.group, f);
      else {
        c.sum += f;
        c.plain++;
      }
    }
    const fit = { coverage: 0, mass: 0 };
    let total = 0, covered = 0;
    for (const c of byID.values()) {
      const raw = c.hasKnown ? c.known : policy.unknown * idf(0, docs);
      let w = raw;
      const pw = policy.weightPower;
      if (pw > 0 && pw !== 1) w = pw === 0.5 ? Math.sqrt(w) : Math.pow(w, pw); // Go's math.Pow(w, 0.5) is Sqrt(w)
      let got = c.group;
      if (c.plain > 0) got = Math.max(got, c.sum / c.plain);
      total += w;
      covered += w * got;
      fit.mass += raw * got;
    }
    if (total > 0) fit.coverage = covered / total;
    return fit;
  }

  // answers is analysis.Policy.Answers.
  const answers = (p, fit) =>
    fit.mass >= p.minMass &&
    (fit.coverage >= p.minCoverage ||
      (p.minContain > 0 && fit.contain >= p.minContain && fit.coverage >= p.containCoverage));

  // bleve's BM25 constants (search.BM25_k1, search.BM25_b).
  const K1 = 1.2, B = 0.75;

  // hash is FNV-1a over code points: which shard holds a term (site/searchdata.go).
  function hash(s) {
    let h = 0x811c9dc5;
    for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h;
  }

  const FORMAT = 2; // the search data format this file reads (site/searchdata.go)

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
      this.analyzer = new Analyzer(data.thesaurus, data.stop);
      this.shards = new Map(); // shard number -> {p: {term: passage postings}, f: {term: entry fields}}
      this.vocabs = new Map(); // letter -> {term: entries holding it} (split data)
      this.chunks = new Map(); // chunk number -> [doc]
      this.pending = new Map(); // file -> promise
      this.candidates = null; // first character -> vocabulary words (inline data)
      (data.shards || []).forEach((s, i) => this.shards.set(i, s));
      (data.docs || []).forEach((c, i) => this.chunks.set(i, c));
      this.entryOf = []; // passage -> entry
      for (let e = 0; e < data.n; e++) for (let p = data.start[e]; p < data.start[e + 1]; p++) this.entryOf[p] = e;
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

    // passages returns the passage postings of term: [[passage, tf]] (its
    // shard must be loaded).
    passages(term) {
      const codes = this.shards.get(this.shardOf(term)).p[term] || [];
      const out = [];
      for (const c of codes) {
        if (c < 0) out[out.length - 1][1] = -c;
        else out.push([c, 1]);
      }
      return out;
    }

    // fields returns the entries holding term: Map entry -> best cover among
    // the entry's fields holding it (its shard must be loaded).
    fields(term) {
      const F = this.d.fields.length, out = new Map();
      for (const c of this.shards.get(this.shardOf(term)).f[term] || []) {
        let cover = 0;
        this.d.fields.forEach((f, i) => {
          if (c & (1 << i)) cover = Math.max(cover, f.cover);
        });
        out.set(Math.floor(c / 2 ** F), cover);
      }
      return out;
    }

    // vocabulary returns an analysis.Vocabulary (entries holding a term) over
    // the data loaded so far; what it lacks it notes in missing (shards,
    // letters) and counts as unknown.
    vocabulary(missing) {
      return {
        freq: (t) => {
          const k = this.shardOf(t);
          if (this.shards.has(k)) return (this.shards.get(k).f[t] || []).length;
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
          for (const t of Object.keys(s.f)) {
            if (t[0] === '@') continue;
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
      const res = this.rank(await this.terms(question));
      res.hits = res.hits.slice(0, limit);
      await this.needDocs(res.hits.map((h) => h.doc));
      const per = this.d.perChunk;
      for (const h of res.hits) {
        const [id, verdict, title, answer] = this.chunks.get(Math.floor(h.doc / per))[h.doc % per];
        Object.assign(h, { id, verdict, title, answer });
      }
      return res;
    }

    // rank ranks the entries for the terms of a question (their shards
    // loaded), as index.Ask does:
    //  1. each passage gets bleve's score of the disjunction of one term query
    //     per term: per matching term
    //       idf·tf'·k1/(tf' + k1·(1 − b + b·len/avgLen)) × idf·queryNorm
    //     with tf' = √tf and len = 1/norm² for bleve's float32 norm 1/√len,
    //     the sum times matched terms / all terms;
    //  2. an entry scores its best passage plus policy.second times its
    //     second best (of the best policy.depth passages, when set), and
    //     entries rank by score, then id;
    //  3. the first answers when policy.Answers(its coverage and the
    //     containment of its best passage).
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
      const d = this.d, p = this.policy, P = d.passages;
      const post = query.map((t) => this.passages(t.text));
      const idfs = post.map((ps) => idf(ps.length, P));
      const queryNorm = 1 / Math.sqrt(idfs.reduce((sum, v) => sum + v * v, 0));
      const acc = new Map(); // passage -> {sum, matched}
      post.forEach((ps, q) => {
        const i = idfs[q];
        for (const [pa, tf] of ps) {
          const norm = Math.fround(1 / Math.sqrt(d.plen[pa]));
          const len = 1 / (norm * norm);
          const st = Math.sqrt(tf);
          const s = ((i * (st * K1)) / (st + K1 * (1 - B + (B * len) / d.avgLen))) * (i * queryNorm);
          const a = acc.get(pa) || { sum: 0, matched: 0 };
          a.sum += s;
          a.matched++;
          acc.set(pa, a);
        }
      });
      let scored = [...acc].map(([pa, a]) => ({ pa, score: a.sum * (a.matched / query.length) }));
      scored.sort((x, y) => y.score - x.score || x.pa - y.pa);
      if (p.depth > 0) scored = scored.slice(0, p.depth);
      const byEntry = new Map(); // entry -> {doc, best, second}
      for (const { pa, score } of scored) {
        const e = this.entryOf[pa];
        const h = byEntry.get(e);
        if (!h) byEntry.set(e, { doc: e, best: score, second: 0 });
        else h.second = Math.max(h.second, score);
      }
      const hits = [...byEntry.values()].map((h) => ({ doc: h.doc, score: h.best + p.second * h.second }));
      hits.sort((x, y) => y.score - x.score || x.doc - y.doc); // entries are numbered in id order

      const covers = new Map(query.map((t) => [t.text, this.fields(t.text)]));
      const freq = (t) => covers.get(t).size;
      for (const h of hits) Object.assign(h, coverage(query, d.n, freq, (t) => covers.get(t).get(h.doc) || 0, p));
      // analysis.Policy.Containment of the first entry's best passage: the
      // share of its terms (plen, with repeats) that are query terms.
      if (hits.length && p.minContain > 0) {
        let best = 0;
        for (const [pa, a] of acc) {
          const len = d.plen[pa];
          if (this.entryOf[pa] !== hits[0].doc || !len || len < p.containLength) continue;
          best = Math.max(best, a.matched / len);
        }
        hits[0].contain = best;
      }
      res.hits = hits;
      res.answered = hits.length > 0 && answers(p, hits[0]);
      return res;
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
    return new Engine(await fetchJSON(abs), abs.slice(0, abs.lastIndexOf('/') + 1), fetchJSON);
  }

  // ---- user interface ---------------------------------------------------

  const TEXT = {
    en: {
      answer: 'Answer',
      notCovered: 'Not covered by the knowledge base.',
      nearest: 'Nearest entries:',
      error: 'Search is not available right now.',
      results: (n) => (n === 1 ? '1 result' : `${n} results`),
    },
    ja: {
      answer: '回答',
      notCovered: 'ナレッジベースの対象外です。',
      nearest: '近いエントリ:',
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
    function item(e, h, i, answer) {
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
      if (answer) a.append(el('span', 'search-result-kind', T.answer), ' ');
      a.append(el('span', 'search-result-title', h.title[lang]), ' ', badge, el('span', 'search-result-answer', h.answer[lang]));
      li.append(a);
      return li;
    }

    function render(e, q, res) {
      const nodes = [];
      let hits = res.hits;
      if (res.answered) announce(T.results(hits.length));
      else {
        announce(T.notCovered);
        nodes.push(el('p', 'search-not-covered', T.notCovered));
        hits = hits.slice(0, LIMITS.nearest);
        if (hits.length) nodes.push(el('p', 'search-nearest', T.nearest));
      }
      if (hits.length) {
        const ul = el('ul');
        ul.setAttribute('role', 'listbox');
        ul.setAttribute('aria-label', q);
        hits.forEach((h, i) => ul.append(item(e, h, i, res.answered && i === 0)));
        nodes.push(ul);
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

  window.acmkbSearch = { normalize, stem, distance, utf8, correct, Analyzer, coverage, idf, hash, Engine, load };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
