/*
 * Wrapper around Material for MkDocs' search worker.
 *
 * Material adds a trailing wildcard to every search word ("wachtwoorden" becomes
 * "wachtwoorden*") for search-as-you-type. In lunr, a word with a wildcard skips
 * the search pipeline, so it is never stemmed, while the index holds stems
 * ("wachtwoord"); and a stop word like "op" then matches every word that starts
 * with it ("oplossen"). This wrapper runs each such word through the same
 * pipeline that built the index (Dutch trimmer, stop words, stemmer) and then
 * adds the wildcard again. Stop words drop out of the query.
 * Everything else is Material's worker, loaded unchanged.
 */
(function () {
  // In the offline package, Material runs this worker in an iframe (iframe-worker),
  // where our own address is the script's src, with a cache-busting suffix.
  var here = (typeof document !== "undefined" && document.currentScript && document.currentScript.src) || self.location.href
  var name = /[?&]worker=(search\.[0-9a-f]+\.min\.js)/.exec(here)
  if (!name) throw new Error("zoekwerker: unknown worker in " + here)
  var worker = new URL(name[1], here).href

  function patch(lunr) {
    var build = lunr.Builder.prototype.build
    lunr.Builder.prototype.build = function () {
      var index = build.call(this)
      index.wordPipeline = this.pipeline  // the pipeline the document words went through
      return index
    }
    var pipeline = null
    var query = lunr.Index.prototype.query
    lunr.Index.prototype.query = function (fn) {
      pipeline = this.wordPipeline || this.pipeline
      try { return query.call(this, fn) } finally { pipeline = null }
    }
    var clause = lunr.Query.prototype.clause
    lunr.Query.prototype.clause = function (c) {
      var word = pipeline && c.usePipeline === false && /^([^*]+)\*$/.exec(c.term || "")
      if (word) {
        var terms = pipeline.runString(word[1], { fields: c.fields })
        if (!terms.length) return this  // a stop word: no clause at all
        c.term = terms[0] + "*"
      }
      return clause.call(this, c)
    }
  }

  // importScripts is synchronous in a real worker, and a Promise in the
  // iframe-worker shim that Material's offline plugin uses.
  Promise.resolve(importScripts(worker)).then(function () { patch(self.lunr) })
})()
