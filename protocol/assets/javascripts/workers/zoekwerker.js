/*
 * Wrapper around Material for MkDocs' search worker: Material's worker runs
 * unchanged; this file only rewrites the query on its way in and the result on
 * its way out.
 *
 * Query (why: the index holds Dutch stems, Material searches raw words as prefixes):
 * - each word goes through the pipeline that built the index (trimmer, stop
 *   words, stemmer); stop words drop out, so "op" no longer matches "oplossen";
 * - a word that matches nothing is split into words the index knows
 *   ("koffiepauze" -> koffie + pauze), else corrected to the nearest word the
 *   index knows ("linkdin" -> linkedin). Both use the index's own vocabulary;
 * - short stems match as whole words ("we" must not find "werktijd"); longer
 *   ones and the word being typed match as prefixes, as in Material.
 * Result (why: make it readable):
 * - "Ontbreekt" lists only the typed words that matched nowhere in the result;
 * - articles rank by the query terms they hold (see rank);
 * - the best section of each article comes first, with a short excerpt around
 *   the match; a judged example shows its verdict, a question its answer, an
 *   article found by its keywords its summary. The `oordelen`, `vraag` and
 *   `samenvatting` fields come from protocol/search_index.py.
 */
(function () {
  "use strict"
  // In the offline package, Material runs this worker in an iframe (iframe-worker),
  // where our own address is the script's src, with a cache-busting suffix.
  var here = (typeof document !== "undefined" && document.currentScript && document.currentScript.src) || self.location.href
  var name = /[?&]worker=(search\.[0-9a-f]+\.min\.js)/.exec(here)
  if (!name) throw new Error("zoekwerker: unknown worker in " + here)
  var worker = new URL(name[1], here).href

  var SETUP = 0, QUERY = 2, RESULT = 3   // Material's SearchMessageType
  var PREFIX_MIN = 4       // stems shorter than this match only as a whole word
  var LONG = 7            // a whole word this long that starts a known word is that word, not a compound
  var PART_MIN = 3         // shortest part of a split compound word
  var EXCERPT = 160        // characters of text shown per result
  var OWN = 1             // extra weight of a word in an article's title, keywords or summary
  var COMPLETE = 1        // bonus for one section that holds every query term, as a FAQ question typed in full
  var MAX_DOCS = 300       // sections and pages a query passes on; the site as it is has about 370
  var VERDICT_GROUPS = 20 // articles whose examples show their verdict; Material shows 10 before scrolling
  var TIEBREAK = 1        // weight of Material's score against the words an article holds
  var lunr, index = null, terms = [], backwards = [], docs = {}, pages = 0, exact = {}, asked = null, matched = {}
  var unitOf = {}, prefixes = [], heldBy = {}  // per query: index term -> query terms it stands for; typed prefixes; per doc the query terms it holds

  // ---- vocabulary of the built index -------------------------------------
  function stem(word) {
    var out = index.wordPipeline.runString(word)
    return out.length ? out[0] : null
  }
  function known(term) { return Object.prototype.hasOwnProperty.call(index.invertedIndex, term) }
  function first(term, list) {  // binary search in a sorted list
    var lo = 0, hi = list.length
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < term) lo = mid + 1; else hi = mid }
    return lo
  }
  function hasPrefix(term) { var i = first(term, terms); return i < terms.length && terms[i].lastIndexOf(term, 0) === 0 }
  function part(rest) { return rest.length >= PART_MIN && known(rest) }
  function compounds(term) {  // the term and the known compounds it starts or ends: klant -> klantgegeven, bericht -> nepbericht
    var out = known(term) ? [term] : [], i, rest
    for (i = first(term, terms); i < terms.length && terms[i].lastIndexOf(term, 0) === 0; i++) {
      rest = terms[i].slice(term.length)
      if (part(rest) || part(rest.replace(/^(s|e|en)/, ""))) out.push(terms[i])
    }
    var back = reverse(term)
    for (i = first(back, backwards); i < backwards.length && backwards[i].lastIndexOf(back, 0) === 0; i++) {
      rest = reverse(backwards[i].slice(back.length))
      if (part(rest) || part(rest.replace(/(s|e|en)$/, ""))) out.push(reverse(backwards[i]))
    }
    return out
  }
  function reverse(text) { return text.split("").reverse().join("") }
  function split(word, typing) {  // fewest parts, each a known word; a linking s/e may sit between
    if (word.length < 2 * PART_MIN) return null
    var best = null
    for (var i = word.length - PART_MIN; i >= PART_MIN; i--) {
      var right = word.slice(i), head = stem(right)
      if (!head || !(known(head) || (typing && hasPrefix(head)))) {
        var more = split(right, typing)
        if (!more) continue
        head = more
      }
      var left = word.slice(0, i)
      ;[left, left.replace(/(s|e|en)$/, "")].some(function (l) {
        var s = l.length >= PART_MIN && stem(l)
        if (!s || !known(s)) return false
        var parts = [s].concat(head)
        if (!best || parts.length < best.length) best = parts
        return true
      })
    }
    return best
  }
  function distance(a, b) {
    var row = [], i, j
    for (j = 0; j <= b.length; j++) row[j] = j
    for (i = 1; i <= a.length; i++) {
      var prev = row[0]; row[0] = i
      for (j = 1; j <= b.length; j++) {
        var next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
        prev = row[j]; row[j] = next
      }
    }
    return row[b.length]
  }
  function correct(term) {  // nearest known word; ties go to the word in most sections
    if (term.length < 5) return null
    var max = term.length >= 7 ? 2 : 1
    var near = index.tokenSet.intersect(lunr.TokenSet.fromFuzzyString(term, max)).toArray()
    var score = function (t) { return distance(term, t) * 1000 - Object.keys(index.invertedIndex[t].text || {}).length }
    near.sort(function (a, b) { return score(a) - score(b) })
    return near.length ? near[0] : null
  }

  // ---- query: typed words -> index terms ---------------------------------
  function rewrite(query) {
    var typing = !/\s$/.test(query), words = {}, out = []
    exact = {}
    var parts = query.toLowerCase().split(/\s+/).filter(Boolean)
    parts.forEach(function (part, n) {
      var sign = /^[+-]/.test(part) ? part[0] : ""
      var pieces = part.replace(/[+\-*~^:"]+/g, " ").split(lunr.tokenizer.separator).filter(Boolean)
      pieces.forEach(function (word, k) {
        var last = typing && n === parts.length - 1 && k === pieces.length - 1
        if (last && word.length < 2 && out.length) return  // "mag i": wait for the next letter
        var s = stem(word)
        if (!s) return  // a stop word
        // a whole word: known, else its parts, else a prefix; the word being typed: a prefix first
        var found = known(s) || (hasPrefix(s) && (last || s.length >= LONG || compounds(s).length)) ? [s]
          : split(word, last) || (hasPrefix(s) ? [s] : [correct(s) || s])
        words[word] = found
        found.forEach(function (t) {
          exact[t] = last ? [] : t.length < PREFIX_MIN ? (known(t) ? [t] : []) : compounds(t)
          out.push(sign + t)
        })
      })
    })
    asked = words
    unitOf = {}
    prefixes = []
    Object.keys(exact).forEach(function (t) {
      if (!exact[t].length) prefixes.push(t)
      exact[t].forEach(function (x) { (unitOf[x] = unitOf[x] || []).push(t) })
    })
    return out.join(" ")
  }

  // ---- result: readable items ---------------------------------------------
  function decode(text) {
    var named = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " }
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, function (all, e) {
      if (e[0] === "#") return String.fromCodePoint(parseInt(e[1] === "x" || e[1] === "X" ? e.slice(2) : e.slice(1), e[1] === "x" || e[1] === "X" ? 16 : 10))
      return named[e.toLowerCase()] || all
    })
  }
  function escape(text) {
    return text.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c] })
  }
  // Highlighted HTML -> paragraphs of plain text runs [{t, m}], m = inside <mark>
  function paragraphs(html) {
    var out = [[]], mark = false
    html.split(/(<[^>]*>)/).forEach(function (part) {
      if (part[0] === "<") {
        if (/^<mark\b/i.test(part)) mark = true
        else if (/^<\/mark/i.test(part)) mark = false
        else if (/^<\/?(p|li|ol|ul|h\d|div|tr|table|pre|blockquote)\b/i.test(part)) { if (out[out.length - 1].length) out.push([]) }
        return
      }
      if (part) out[out.length - 1].push({ t: decode(part), m: mark })
    })
    return out.filter(function (p) { return plain(p) })
  }
  function plain(runs) { return runs.map(function (r) { return r.t }).join("").replace(/\s+/g, " ").trim() }
  function render(runs) {
    return runs.map(function (r) { return r.m ? "<mark data-md-highlight>" + escape(r.t) + "</mark>" : escape(r.t) }).join("")
  }
  // A window of about EXCERPT characters around the first match, cut at spaces
  function excerpt(runs, fromStart) {
    var text = "", first = -1
    runs.forEach(function (r) { if (r.m && first < 0) first = text.length; text += r.t.replace(/\s+/g, " ") })
    var start = fromStart || first < EXCERPT - 60 ? 0 : first - 40
    if (start > 0) start = text.indexOf(" ", start) + 1 || 0
    var end = Math.min(text.length, start + EXCERPT)
    if (end < text.length) end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end
    var out = [], pos = 0
    runs.forEach(function (r) {
      var t = r.t.replace(/\s+/g, " "), a = Math.max(start, pos), b = Math.min(end, pos + t.length)
      if (a < b) out.push({ t: t.slice(a - pos, b - pos), m: r.m })
      pos += t.length
    })
    return (start > 0 ? "… " : "") + render(out).trim() + (end < text.length ? " …" : "")
  }
  // A word of the text matches when its stem is a query term or one of its
  // compounds, or starts with the word being typed.
  function matches(stem) {
    return !!unitOf[stem] || prefixes.some(function (t) { return stem.lastIndexOf(t, 0) === 0 })
  }
  // Paragraphs of a doc's full text as words with their stems (cached: the text does not change)
  function words(source) {
    if (source.words) return source.words
    var split = new RegExp("(" + lunr.tokenizer.separator.source + ")")
    source.words = paragraphs(source.text).map(function (runs) {
      return plain(runs).split(split).filter(Boolean).map(function (t) { return { t: t, s: stem(t.toLowerCase()) } })
    })
    return source.words
  }
  function example(item, source) {  // the judged example in a "Voorbeelden" section that matched best
    // Material highlights only the first two paragraphs that match; mark the words here instead
    var best = null, current = null
    words(source).forEach(function (tokens) {
      var runs = tokens.map(function (w) { return { t: w.t, m: !!w.s && matches(w.s) } })
      var hits = {}
      tokens.forEach(function (w, k) { if (runs[k].m) hits[w.s] = true })
      var text = plain(runs), score = Object.keys(hits).length
      var head = source.oordelen.filter(function (o) { return text === o.label + ": " + o.titel })[0]
      if (head) { current = { oordeel: head, title: runs, body: [], score: 2 * score }; if (!best) best = current; return }
      if (!current) return
      current.body = current.body.concat([{ t: " ", m: false }], runs)
      current.score += score
      if (current.score > best.score) best = current
    })
    if (!best) return
    var title = best.title.slice(), label = best.oordeel.label + ": "
    while (title.length && label.length) {  // drop the "Mag niet: " prefix from the title runs
      var t = title[0].t, cut = Math.min(t.length, label.length)
      label = label.slice(cut)
      if (cut === t.length) title.shift(); else title[0] = { t: t.slice(cut), m: title[0].m }
    }
    item.title = render(title).trim()
    item.text = '<p class="zoek-uittreksel"><span class="zoek-oordeel zoek-oordeel--' + escape(best.oordeel.soort) + '">' +
      escape(best.oordeel.label) + "</span> " + excerpt(best.body) + "</p>"
  }
  function readable(item, near) {
    var source = docs[item.location] || {}
    if (near && source.oordelen && source.oordelen.length) return example(item, source)
    if (!item.text && source.samenvatting) item.text = escape(source.samenvatting)  // an article found by its title or keywords
    var runs = [].concat.apply([], paragraphs(item.text || "").map(function (p) { return p.concat([{ t: " ", m: false }]) }))
    item.text = runs.length ? '<p class="zoek-uittreksel' + (source.vraag ? " zoek-antwoord" : "") + '">' + excerpt(runs, source.vraag) + "</p>" : ""
  }
  // Did this item match the query term? (Material's own `terms` takes every
  // index word that starts with a query term as a match: "link" in "linkedin".)
  function holds(item, term) {
    var held = heldBy[item.location]
    if (!held) {
      held = heldBy[item.location] = {}
      ;(matched[item.location] || []).forEach(function (t) {
        ;(unitOf[t] || []).forEach(function (u) { held[u] = true })
        prefixes.forEach(function (u) { if (t.lastIndexOf(u, 0) === 0) held[u] = true })
      })
    }
    return !!held[term]
  }
  function relabel(group) {  // "Ontbreekt" names the typed words that matched nowhere in this article
    var held = group.map(function (item) {
      var terms = {}
      Object.keys(asked).forEach(function (word) {
        asked[word].forEach(function (t) { if (holds(item, t)) terms[t] = true })  // stems: the page highlights them
      })
      return terms
    })
    var missing = Object.keys(asked).filter(function (word) {
      return !asked[word].some(function (t) { return held.some(function (terms) { return terms[t] }) })
    })
    group.forEach(function (item, n) {
      missing.forEach(function (word) { held[n][word] = false })
      item.terms = held[n]
    })
  }
  // Rank articles by the query terms they hold, rare terms counting more: the
  // terms of the article itself (title, keywords, summary) plus those of its
  // best section (why: Material ranks by the one best section or page, so a
  // keyword and a word in a section never add up; counting every section would
  // favour long pages). Material's own score, relative to the best, breaks ties.
  // Within an article, the best section comes first, so Material shows its excerpt.
  function rank(groups) {
    var units = [].concat.apply([], Object.keys(asked).map(function (w) { return asked[w] }))  // the parts of a compound count apart
    var sets = groups.map(function (group) {
      return group.map(function (item) { return units.filter(function (t) { return holds(item, t) }) })
    })
    var df = {}, top = 0
    sets.forEach(function (items) {
      var all = {}
      items.forEach(function (terms) { terms.forEach(function (t) { all[t] = true }) })
      Object.keys(all).forEach(function (t) { df[t] = (df[t] || 0) + 1 })
    })
    var weight = function (terms) { return terms.reduce(function (sum, t) { return sum + Math.log(1 + pages / df[t]) }, 0) }
    groups.forEach(function (group) { group.forEach(function (d) { top = Math.max(top, d.score) }) })
    var scored = groups.map(function (group, n) {
      var page = group.findIndex(function (d) { return d.location.indexOf("#") < 0 })
      var article = page >= 0 && (docs[group[page].location] || {}).trefwoorden
      var own = article ? sets[n][page] : [], base = (1 + OWN) * weight(own)
      var value = function (k) {
        var extra = k === page && article ? 0 : weight(sets[n][k].filter(function (t) { return own.indexOf(t) < 0 }))
        var complete = units.length > 1 && sets[n][k].length === units.length ? COMPLETE : 0
        return base + extra + complete + TIEBREAK * (top ? group[k].score / top : 0)
      }
      var order = group.map(function (d, k) { return { item: d, value: value(k), page: k === page } })
      order.sort(function (a, b) { return (a.page && order.length > 1) - (b.page && order.length > 1) || b.value - a.value })
      // scores that fall with the order, so Material shows only the first section's excerpt
      order.forEach(function (o, k) { o.item.score = order.length - k })
      return { group: order.map(function (o) { return o.item }), n: n, value: Math.max.apply(null, order.map(function (o) { return o.value })) }
    })
    scored.sort(function (a, b) { return b.value - a.value || a.n - b.n })
    return scored.map(function (s) { return s.group })
  }
  function improve(result) {
    result.items = rank(result.items)
    result.items.forEach(function (group, n) {
      relabel(group)
      // the verdicts for the first articles only: the rest show up after scrolling, if ever (why: time)
      group.forEach(function (item) { readable(item, n < VERDICT_GROUPS) })
    })
    return result
  }

  // ---- wiring ---------------------------------------------------------------
  function patch(l) {
    lunr = l
    var build = lunr.Builder.prototype.build
    lunr.Builder.prototype.build = function () {
      index = build.call(this)
      index.wordPipeline = this.pipeline  // the pipeline the document words went through
      terms = Object.keys(index.invertedIndex).sort()
      backwards = terms.map(reverse).sort()
      return index
    }
    var search = lunr.Index.prototype.search
    lunr.Index.prototype.search = function () {
      // only the best-scoring sections go on to Material's highlighting and our ranking (why: time on big sites)
      var results = search.apply(this, arguments).slice(0, MAX_DOCS)
      matched = {}
      heldBy = {}
      results.forEach(function (r) { matched[r.ref] = Object.keys(r.matchData.metadata) })
      return results
    }
    var clause = lunr.Query.prototype.clause
    lunr.Query.prototype.clause = function (c) {
      var word = /^([^*]+)\*$/.exec(c.term || "")
      var whole = word && c.usePipeline === false && exact[word[1]]
      if (!whole || !whole.length) return clause.call(this, c)
      for (var i = 0; i < whole.length; i++) clause.call(this, Object.assign({}, c, { term: whole[i] }))
      return this
    }
  }
  var material = null
  var post = self.postMessage
  self.postMessage = function (message) {
    if (message && message.type === RESULT && asked) message = { type: RESULT, data: improve(message.data) }
    return post.apply(self, arguments.length > 1 ? [message].concat([].slice.call(arguments, 1)) : [message])
  }
  var listen = self.addEventListener
  self.addEventListener = function (type, fn) {
    if (type !== "message") return listen.apply(self, arguments)
    material = fn
  }
  // Typing sends one query per key. A query that waited while an earlier one
  // ran is dropped when a newer one waits too: only the last one is shown.
  var waiting = null
  function forward(msg) {
    asked = null
    if (msg && msg.type === QUERY && index) msg = { type: QUERY, data: rewrite(msg.data) }
    if (msg && msg.type === SETUP) msg.data.docs.forEach(function (d) { docs[d.location] = d; pages += d.location.indexOf("#") < 0 })
    if (material) material({ data: msg })
  }
  listen.call(self, "message", function (ev) {
    if (!ev.data || ev.data.type !== QUERY) return forward(ev.data)
    if (!waiting) setTimeout(function () { var msg = waiting; waiting = null; forward(msg) }, 0)
    waiting = ev.data
  })

  // importScripts is synchronous in a real worker, and a Promise in the
  // iframe-worker shim that Material's offline plugin uses.
  Promise.resolve(importScripts(worker)).then(function () { patch(self.lunr) })
})()
