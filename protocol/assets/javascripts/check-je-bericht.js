/*
 * "Check je bericht": shows the outcome of the self-check.
 *
 * All questions, answers, outcomes and reasons come from the page itself
 * (rendered from docs/_data/check-je-bericht.yml). This script only takes the
 * most serious outcome of the chosen answers and shows it with its reasons.
 * Nothing is stored or sent: there is no text field, no cookie, no request.
 */
(function () {
  "use strict"
  var form = document.getElementById("zelfcheck")
  if (!form) return
  var result = form.querySelector(".pr-check__uitkomst")
  var outcomes = form.querySelectorAll(".pr-check__uitkomsten li")

  function el(tag, text, attrs) {
    var node = document.createElement(tag)
    if (text) node.textContent = text
    for (var key in attrs || {}) node.setAttribute(key, attrs[key])
    return node
  }

  function list(title, items) {
    var box = el("div")
    box.appendChild(el("h3", title))
    var ul = el("ul")
    items.forEach(function (item) { ul.appendChild(item) })
    box.appendChild(ul)
    return box
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault()
    result.textContent = ""
    var questions = form.querySelectorAll("fieldset[data-vraag]")
    var chosen = []
    for (var i = 0; i < questions.length; i++) {
      var answer = questions[i].querySelector("input:checked")
      if (!answer) {
        result.appendChild(el("p", "Beantwoord eerst vraag " + (i + 1) + ".", { "class": "pr-check__fout" }))
        questions[i].querySelector("input").focus()
        return
      }
      chosen.push(answer)
    }
    var worst = chosen.reduce(function (max, a) { return Math.max(max, +a.dataset.ernst) }, 0)
    var outcome = outcomes[worst].dataset
    var cause = chosen.filter(function (a) { return +a.dataset.ernst === worst })[0]
    var heading = el("h2", outcome.kop.replace("{contact}", cause.dataset.contact || ""),
      { "class": "pr-check__oordeel pr-check__oordeel--" + outcome.uitkomst, tabindex: "-1" })
    result.appendChild(heading)
    result.appendChild(el("p", outcome.tekst + (worst === 1 ? ":" : "")))

    var changes = chosen.filter(function (a) { return a.dataset.aanpassing })
      .map(function (a) { return el("li", a.dataset.aanpassing) })
    if (changes.length && worst === 1) result.appendChild(list("Wat verander je?", changes))

    var reasons = chosen.filter(function (a) { return +a.dataset.ernst > 0 || a.dataset.letOp })
      .sort(function (a, b) { return b.dataset.ernst - a.dataset.ernst })
      .map(function (a) {
        var item = el("li", (a.dataset.reden || a.dataset.letOp) + " ")
        if (a.dataset.artikelUrl) item.appendChild(el("a", "Lees " + a.dataset.artikel, { href: a.dataset.artikelUrl }))
        return item
      })
    if (reasons.length) result.appendChild(list(worst ? "Waarom?" : "Let op", reasons))
    heading.focus()
  })

  form.addEventListener("reset", function () {
    result.textContent = ""
    var first = form.querySelector("input")
    if (first) setTimeout(function () { first.focus() }, 0)
  })
})()
