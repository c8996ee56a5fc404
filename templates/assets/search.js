// acmkb search in the browser.
//
// This file is a port of two Go packages, and must give the same first result
// as `acmkb ask`:
//   - package analysis: the text analysis rules (normalise, script runs, stem,
//     bigrams, thesaurus, stop words, typo correction, concepts) and the
//     coverage rule that decides whether a question is answered;
//   - index/ask.go: one disjunction of term queries, one per (term, field),
//     scored with bleve's BM25 and ordered by score, then id.
// Every number (field boosts, cover weights, policy, field lengths) and every
// word list (thesaurus, stop words) comes from the search data that
// site/searchdata.go exports; nothing tunable is written here.
// e2e/analysis_test.go runs this file and package analysis on the same strings;
// e2e/search_test.go compares rankings with the CLI.
//
// The page provides <meta name="acmkb-search" content="…/index.json">, the
// header search input #q and the results container #results (a popup on normal
// pages, the main list on /{lang}/search/).
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
        return vocab && !this.isStop(r.text) ? correct(w, vocab) : w;
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

  // coverage is analysis.Coverage: [coverage, mass] of one entry.
  function coverage(terms, docs, freq, cover) {
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
    let total = 0, mass = 0;
    for (const c of byID.values()) {
      const w = c.hasKnown ? c.known : idf(0, docs);
      let got = c.group;
      if (c.plain > 0) got = Math.max(got, c.sum / c.plain);
      total += w;
      mass += w * got;
    }
    if (total === 0) return [0, 0];
    return [mass / total, mass];
  }

  // bleve's BM25 constants (search.BM25_k1, search.BM25_b).
  const K1 = 1.2, B = 0.75;

  // FNV-1a over code points: which shard holds a term (see site/searchdata.go).
  function hash(s) {
    let h = 0x811c9dc5;
    for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h;
  }

  // Engine searches one knowledge base's exported data.
  class Engine {
    // data is index.json; base the URL of its directory; fetchJSON(url) a
    // function returning a promise of parsed JSON.
    constructor(data, base, fetchJSON) {
      this.d = data;
      this.base = base;
      this.fetchJSON = fetchJSON;
      this.fields = data.fields.map(([name, boost, cover]) => ({ name, boost, cover }));
      this.analyzer = new Analyzer(data.thesaurus, data.stop);
      this.shards = new Map(); // shard number -> {term: postings}
      this.chunks = new Map(); // chunk number -> [doc]
      this.loading = new Map(); // url -> promise
      (data.postings || []).forEach((p, i) => this.shards.set(i, p));
      (data.docs || []).forEach((c, i) => this.chunks.set(i, c));
      // The vocabulary for typo correction, over the shards loaded.
      this.vocab = {
        freq: (t) => this.freq(t),
        candidates: (first) => {
          const out = [];
          const shard = this.shards.get(this.shardOfChar(first)) || {};
          for (const t of Object.keys(shard)) if (t.startsWith(first) && t[0] !== '@') out.push(t);
          return out;
        },
      };
    }

    shardOfChar(ch) {
      return hash(ch) % this.d.shards;
    }

    // shardOf is the shard of a term: group terms by the whole term, others
    // by their first character, so that a typo's candidates share its shard.
    shardOf(term) {
      return term[0] === '@' ? hash(term) % this.d.shards : this.shardOfChar(String.fromCodePoint(term.codePointAt(0)));
    }

    load(url) {
      if (!this.loading.has(url)) this.loading.set(url, this.fetchJSON(url));
      return this.loading.get(url);
    }

    async needShards(terms) {
      const want = new Set(terms.map((t) => this.shardOf(t)).filter((k) => !this.shards.has(k)));
      await Promise.all(
        [...want].map(async (k) => {
          this.shards.set(k, await this.load(`${this.base}p${k}.json`));
        }),
      );
    }

    async needDocs(docs) {
      const want = new Set(docs.map((i) => Math.floor(i / this.d.perChunk)).filter((k) => !this.chunks.has(k)));
      await Promise.all(
        [...want].map(async (k) => {
          this.chunks.set(k, await this.load(`${this.base}d${k}.json`));
        }),
      );
    }

    // postings returns the postings of term: [[doc, field, tf]] (loaded shards).
    postings(term) {
      const shard = this.shards.get(this.shardOf(term));
      const codes = shard && shard[term];
      if (!codes) return [];
      const F = this.fields.length, out = [];
      for (const c of codes) {
        if (c < 0) out[out.length - 1][2] = -c;
        else out.push([Math.floor(c / F), c % F, 1]);
      }
      return out;
    }

    // freq is the number of entries holding term in any field.
    freq(term) {
      return new Set(this.postings(term).map((p) => p[0])).size;
    }

    // terms analyses a question, loading the shards it needs first.
    async terms(question) {
      const plain = this.analyzer.analyze(question, null);
      // Typo correction looks at the words' shards (same first character).
      await this.needShards(plain.map((t) => t.text));
      for (;;) {
        const terms = this.analyzer.analyze(question, this.vocab);
        const missing = terms.map((t) => t.text).filter((t) => !this.shards.has(this.shardOf(t)));
        if (!missing.length) return terms;
        await this.needShards(missing);
      }
    }

    // search answers question like index.Ask: the entries ranked best first,
    // and whether the best one covers the question (policy).
    async search(question, limit = 10) {
      const terms = await this.terms(question);
      const res = this.rank(terms);
      res.hits = res.hits.slice(0, limit);
      await this.needDocs(res.hits.map((h) => h.doc));
      const per = this.d.perChunk;
      for (const h of res.hits) {
        const [id, verdict, title, answer] = this.chunks.get(Math.floor(h.doc / per))[h.doc % per];
        Object.assign(h, { id, verdict, title, answer });
      }
      return res;
    }

    // rank scores every entry holding a question term (the terms' shards
    // must be loaded). A clause (term, field) scores as in bleve:
    //   idf·tf'·k1/(tf' + k1·(1 − b + b·len/avgLen)) × boost·idf·queryNorm
    // with tf' = sqrt(tf) and len = 1/norm² for bleve's float32 norm 1/sqrt(len);
    // the sum is multiplied by matched clauses / all clauses.
    rank(terms) {
      const seen = new Set(), query = [];
      for (const t of terms) {
        if (!seen.has(t.text)) {
          seen.add(t.text);
          query.push(t);
        }
      }
      const res = { terms: query, hits: [], answered: false, coverage: 0, mass: 0 };
      if (!query.length) return res;
      const F = this.fields.length, N = this.d.n, avg = this.d.avgLen, lens = this.d.lengths;
      const post = query.map((t) => this.postings(t.text));
      // queryNorm: one over the root of the summed squared clause weights.
      const idfs = post.map((ps) => {
        const n = new Array(F).fill(0);
        for (const [, f] of ps) n[f]++;
        return n.map((c) => idf(c, N));
      });
      let sq = 0;
      idfs.forEach((row) => row.forEach((v, f) => (sq += (this.fields[f].boost * v) ** 2)));
      const queryNorm = 1 / Math.sqrt(sq);
      const acc = new Map();
      post.forEach((ps, q) => {
        for (const [doc, f, tf] of ps) {
          const i = idfs[q][f];
          const norm = Math.fround(1 / Math.sqrt(lens[doc * F + f]));
          const len = 1 / (norm * norm);
          const st = Math.sqrt(tf);
          const s = ((i * (st * K1)) / (st + K1 * (1 - B + (B * len) / avg[f]))) * (this.fields[f].boost * i * queryNorm);
          const a = acc.get(doc) || { sum: 0, matched: 0 };
          a.sum += s;
          a.matched++;
          acc.set(doc, a);
        }
      });
      const total = query.length * F;
      for (const [doc, a] of acc) res.hits.push({ doc, score: a.sum * (a.matched / total) });
      res.hits.sort((x, y) => y.score - x.score || x.doc - y.doc); // docs are numbered in id order
      if (res.hits.length) {
        const top = res.hits[0].doc;
        const held = new Map(); // term -> best cover among top's fields holding it
        post.forEach((ps, q) => {
          for (const [doc, f] of ps) if (doc === top) held.set(query[q].text, Math.max(held.get(query[q].text) || 0, this.fields[f].cover));
        });
        const freqs = new Map(post.map((ps, q) => [query[q].text, new Set(ps.map((p) => p[0])).size]));
        [res.coverage, res.mass] = coverage(query, N, (t) => freqs.get(t) || 0, (t) => held.get(t) || 0);
        const p = this.d.policy;
        res.answered = res.coverage >= p.minCoverage && res.mass >= p.minMass;
      }
      return res;
    }
  }

  // load fetches the index file at url and returns an Engine.
  async function load(url) {
    const fetchJSON = async (u) => {
      const r = await fetch(u, { credentials: 'same-origin' });
      if (!r.ok) throw new Error(`${u}: ${r.status}`);
      return r.json();
    };
    const abs = new URL(url, document.baseURI).href;
    const data = await fetchJSON(abs);
    return new Engine(data, abs.slice(0, abs.lastIndexOf('/') + 1), fetchJSON);
  }

  // ---- user interface ---------------------------------------------------

  const TEXT = {
    en: {
      notCovered: 'Not covered by the knowledge base.',
      nearest: 'Nearest entries:',
      none: 'No entries match.',
      error: 'Search is unavailable right now.',
      results: (n) => (n === 1 ? '1 result' : `${n} results`),
    },
    ja: {
      notCovered: 'ナレッジベースの対象外です。',
      nearest: '近いエントリ:',
      none: '該当するエントリはありません。',
      error: '現在、検索を利用できません。',
      results: (n) => `${n} 件`,
    },
  };
  const SHAPES = { yes: '✓', partly: '◐', no: '✕' };
  const DEBOUNCE_MS = 60;
  const POPUP_LIMIT = 5, PAGE_LIMIT = 10, NEAREST_LIMIT = 3;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function start() {
    const meta = document.querySelector('meta[name="acmkb-search"]');
    const input = document.getElementById('q');
    const box = document.getElementById('results');
    if (!meta || !input || !box) return;
    const lang = (document.documentElement.lang || 'en').toLowerCase().startsWith('ja') ? 'ja' : 'en';
    const T = TEXT[lang];
    const page = document.body.dataset.page === 'search' || /\/search\/(index\.html)?$/.test(location.pathname);
    const limit = page ? PAGE_LIMIT : POPUP_LIMIT;
    let engine = null, timer = 0, seq = 0, active = -1, links = [];

    const ensure = () => engine || (engine = load(meta.content));

    input.setAttribute('aria-controls', 'results');
    if (!page) {
      input.setAttribute('aria-expanded', 'false');
      input.setAttribute('aria-autocomplete', 'list');
    }

    const open = (yes) => {
      if (page) return;
      box.hidden = !yes;
      input.setAttribute('aria-expanded', String(yes));
      if (!yes) highlight(-1);
    };

    function highlight(i) {
      if (active >= 0 && links[active]) {
        links[active].classList.remove('is-active');
        links[active].removeAttribute('aria-current');
      }
      active = i;
      if (i >= 0 && links[i]) {
        links[i].classList.add('is-active');
        links[i].setAttribute('aria-current', 'true');
        links[i].scrollIntoView({ block: 'nearest' });
        input.setAttribute('aria-activedescendant', links[i].id);
      } else input.removeAttribute('aria-activedescendant');
    }

    function item(h, i) {
      const li = el('li', 'search-result');
      const a = el('a', 'search-result-link');
      a.id = `result-${i}`;
      a.href = `${engine.root}${lang}/${h.id}/`;
      const badge = el('span', `badge badge-${h.verdict}`);
      badge.append(el('span', 'badge-shape', SHAPES[h.verdict] || ''), el('span', 'badge-label', (engine.labels[h.verdict] || {})[lang] || h.verdict));
      badge.firstChild.setAttribute('aria-hidden', 'true');
      a.append(el('span', 'search-result-title', h.title[lang]), ' ', badge);
      li.append(a, el('p', 'search-result-answer', h.answer[lang]));
      return li;
    }

    function render(q, res) {
      const nodes = [];
      let hits = res.hits;
      if (!res.answered) {
        nodes.push(el('p', 'search-not-covered', T.notCovered));
        hits = hits.slice(0, NEAREST_LIMIT);
        if (hits.length) nodes.push(el('p', 'search-nearest', T.nearest));
      } else nodes.push(el('p', 'search-count visually-hidden', T.results(hits.length)));
      if (!hits.length && res.answered) nodes.push(el('p', 'search-none', T.none));
      if (hits.length) {
        const ol = el('ol', 'search-results');
        hits.forEach((h, i) => ol.append(item(h, i)));
        nodes.push(ol);
      }
      box.replaceChildren(...nodes);
      box.dataset.query = q;
      links = [...box.querySelectorAll('a.search-result-link')];
      active = -1;
      input.removeAttribute('aria-activedescendant');
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
        links = [];
        open(false);
        return;
      }
      try {
        const e = await ensure();
        engine = e;
        const res = await e.search(q, limit);
        if (mine === seq) render(q, res);
      } catch (err) {
        engine = null; // try again on the next keystroke
        if (mine === seq) {
          box.replaceChildren(el('p', 'search-error', T.error));
          open(true);
        }
        console.error('acmkb search:', err);
      }
    }

    input.addEventListener('focus', () => {
      ensure().catch(() => (engine = null));
      if (links.length || box.childNodes.length) open(true);
    });
    input.addEventListener('input', () => {
      ensure().catch(() => (engine = null));
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    input.addEventListener('keydown', (ev) => {
      if (ev.isComposing) return;
      switch (ev.key) {
        case 'ArrowDown':
          if (!links.length) return;
          ev.preventDefault();
          open(true);
          highlight(Math.min(active + 1, links.length - 1));
          break;
        case 'ArrowUp':
          if (!links.length) return;
          ev.preventDefault();
          highlight(Math.max(active - 1, -1));
          break;
        case 'Enter':
          if (active >= 0 && links[active]) {
            ev.preventDefault();
            location.assign(links[active].href);
          }
          break;
        case 'Escape':
          if (!page && !box.hidden) {
            ev.preventDefault();
            open(false);
          }
          break;
      }
    });
    if (!page) {
      document.addEventListener('pointerdown', (ev) => {
        if (!box.contains(ev.target) && ev.target !== input) open(false);
      });
      document.addEventListener('focusin', (ev) => {
        if (!box.contains(ev.target) && ev.target !== input) open(false);
      });
    }
    if (page) {
      const q = new URLSearchParams(location.search).get('q');
      if (q) {
        input.value = q;
        run();
      }
    }
  }

  // Engine needs the site root and verdict labels for links and badges.
  Object.defineProperties(Engine.prototype, {
    root: { get() { return this.d.root; } },
    labels: { get() { return this.d.labels; } },
  });

  window.acmkbSearch = { normalize, stem, distance, utf8, correct, Analyzer, coverage, idf, hash, Engine, load };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
