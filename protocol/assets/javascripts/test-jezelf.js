/*
 * "Test jezelf": a short round of situations from the judged examples in the articles.
 *
 * Every situation, verdict, reason and article link comes from the page itself
 * (rendered at build time by protocol/render/quiz.py). This script only picks a
 * round, shows one situation at a time and counts the right answers.
 * Nothing is stored or sent: no text field, no cookie, no request.
 */
(function () {
  "use strict"
  var quiz = document.getElementById("test-jezelf-ronde")
  if (!quiz) return
  var field = quiz.querySelector(".pr-quiz__speelveld")
  var bank = Array.prototype.slice.call(quiz.querySelectorAll(".pr-quiz__bank > li"))
  var labels = {}
  Array.prototype.forEach.call(quiz.querySelectorAll(".pr-quiz__antwoorden > li"), function (li) {
    labels[li.dataset.oordeel] = li.textContent
  })
  var size = Math.min(+quiz.dataset.ronde || 10, bank.length)
  var round = [], index = 0, score = 0, wrong = []

  function el(tag, text, attrs) {
    var node = document.createElement(tag)
    if (text) node.textContent = text
    for (var key in attrs || {}) node.setAttribute(key, attrs[key])
    return node
  }

  function button(text, attrs, onClick) {
    var node = el("button", text, Object.assign({ type: "button", "class": "md-button" }, attrs || {}))
    node.addEventListener("click", onClick)
    return node
  }

  function shuffled(items) {
    var copy = items.slice()
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1))
      var keep = copy[i]; copy[i] = copy[j]; copy[j] = keep
    }
    return copy
  }

  function focus(node) {
    node.setAttribute("tabindex", "-1")
    node.focus()
  }

  function start() {
    round = shuffled(bank).slice(0, size)
    index = 0; score = 0; wrong = []
    ask()
  }

  function ask() {
    var question = round[index].dataset
    field.textContent = ""
    var box = el("div", "", { "class": "pr-quiz__vraag", "data-oordeel": question.oordeel })
    var heading = el("h2", "Vraag " + (index + 1) + " van " + round.length)
    box.appendChild(heading)
    box.appendChild(el("p", round[index].textContent, { "class": "pr-quiz__situatie" }))
    var choices = el("div", "", { "class": "pr-quiz__keuzes", role: "group", "aria-label": "Jouw antwoord" })
    Object.keys(labels).forEach(function (verdict) {
      choices.appendChild(button(labels[verdict], { "data-antwoord": verdict }, function () { answer(verdict, box) }))
    })
    box.appendChild(choices)
    field.appendChild(box)
    focus(heading)
  }

  function answer(verdict, box) {
    var question = round[index].dataset
    var right = verdict === question.oordeel
    if (right) score++
    else wrong.push(round[index])
    Array.prototype.forEach.call(box.querySelectorAll("[data-antwoord]"), function (b) {
      b.disabled = true
      if (b.dataset.antwoord === verdict) b.setAttribute("aria-pressed", "true")
    })
    var result = el("div", "", { "class": "pr-quiz__uitslag pr-quiz__uitslag--" + (right ? "goed" : "fout") })
    var verdictText = right ? "Goed! Het antwoord is: " + labels[question.oordeel] + "."
      : "Niet goed. Het juiste antwoord is: " + labels[question.oordeel] + "."
    var heading = el("h3", verdictText)
    result.appendChild(heading)
    result.appendChild(el("p", "Waarom: " + question.waarom))
    var more = el("p", "Lees meer in ")
    more.appendChild(el("a", question.artikel, { href: question.artikelUrl }))
    more.appendChild(document.createTextNode("."))
    result.appendChild(more)
    var last = index + 1 >= round.length
    result.appendChild(button(last ? "Bekijk je score" : "Volgende vraag",
      { "class": "md-button md-button--primary", "data-actie": "volgende" }, function () {
        index++
        if (last) finish()
        else ask()
      }))
    box.appendChild(result)
    focus(heading)
  }

  function finish() {
    field.textContent = ""
    var box = el("div", "", { "class": "pr-quiz__einde" })
    var heading = el("h2", "Je score: " + score + " van de " + round.length + " goed")
    box.appendChild(heading)
    if (wrong.length) {
      box.appendChild(el("p", "Lees deze artikelen nog eens:"))
      var list = el("ul"), seen = {}
      wrong.forEach(function (question) {
        if (seen[question.dataset.artikelUrl]) return
        seen[question.dataset.artikelUrl] = true
        var item = el("li")
        item.appendChild(el("a", question.dataset.artikel, { href: question.dataset.artikelUrl }))
        list.appendChild(item)
      })
      box.appendChild(list)
    } else {
      box.appendChild(el("p", "Alles goed. Knap gedaan!"))
    }
    box.appendChild(button("Nog een ronde", { "class": "md-button md-button--primary", "data-actie": "opnieuw" }, start))
    field.appendChild(box)
    focus(heading)
  }

  quiz.querySelector('[data-actie="start"]').addEventListener("click", start)
  quiz.querySelector('[data-actie="afdrukken"]').addEventListener("click", function () { window.print() })
})()
