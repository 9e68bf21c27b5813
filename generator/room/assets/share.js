/* Kursbau room: the share button. A host script (see "Hosts" in ARCHITECTURE.md): only
   `kursbau room` adds it to the pages it serves, before kursbau.js; the built site has none of
   it, so anywhere else there is no button and nothing is requested.

   "Anonym mit der Gruppe teilen" sends that one result to the room, and only what FORMAT.md
   lists: score, maximum, band, passed, each dimension's score and each question's points. Never
   an answer, never a text, nothing about the person; no cookie (credentials: 'omit'). So that
   sharing again replaces the earlier share instead of counting twice, the browser keeps one
   random id per check in localStorage: a different one for every check, so the room cannot tell
   that two results came from the same person. */
(function (window, document) {
  'use strict';

  var script = document.currentScript;
  var ui = JSON.parse(script.getAttribute('data-kb-room-ui'));
  var ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
  var lastShared = {}; // check → what was sent last from this page, to label the button

  // fill() as in kursbau.js, on purpose: the room's scripts are self-contained classic scripts
  // served by the room, not the site's, so the three lines are repeated, not shared.
  function fill(text, values) {
    Object.keys(values).forEach(function (name) {
      text = text.split('{' + name + '}').join(String(values[name]));
    });
    return text;
  }

  function randomId() {
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, '-').replace(/\//g, '_');
  }

  /* This device's random id for one check, made on the first share. Without storage (private
     mode) it lasts as long as the page. */
  var idsOfThisPage = {};
  function deviceId(course, id) {
    var key = 'kursbau-room:' + course + ':' + id, found = null;
    try {
      found = window.localStorage.getItem(key);
      if (!ID_PATTERN.test(found || '')) {
        found = randomId();
        window.localStorage.setItem(key, found);
      }
    } catch (error) {
      found = idsOfThisPage[key] = idsOfThisPage[key] || randomId();
    }
    return found;
  }

  /* The share of a shown result: numbers only. */
  function shareOf(event) {
    var result = event.result, dimensions = {}, questions = {};
    Object.keys(result.dimensions).forEach(function (key) { dimensions[key] = result.dimensions[key].score; });
    Object.keys(result.questions).forEach(function (key) { questions[key] = result.questions[key].earned; });
    return {
      check: event.id, hash: event.data.hash, device: deviceId(event.course, event.id),
      score: result.score, max: result.max, band: result.band, passed: result.passed,
      dimensions: dimensions, questions: questions
    };
  }

  /* A line under the button that says what happened (announced to screen readers). */
  function report(button, text) {
    var line = button.nextElementSibling;
    if (!line || !line.hasAttribute('data-kb-room-status')) {
      line = document.createElement('p');
      line.setAttribute('data-kb-room-status', '');
      line.setAttribute('data-kb-host', ''); // goes with the button when the result changes
      line.setAttribute('role', 'status');
      button.parentNode.insertBefore(line, button.nextSibling);
    }
    line.textContent = text;
  }

  function send(event, button) {
    var share = shareOf(event), sent = JSON.stringify(share);
    button.disabled = true;
    window.fetch('/_room/api/share', {
      method: 'POST', body: sent, headers: { 'Content-Type': 'application/json' },
      credentials: 'omit', cache: 'no-store'
    }).then(function (response) {
      if (response.ok) {
        lastShared[event.id] = sent;
        button.textContent = ui.share;
        return report(button, ui.shared);
      }
      // the server's reason is for the trainer's terminal; the participant gets plain words
      var why = response.status === 409 ? ui.shareStale : response.status === 429 ? ui.shareBusy
        : fill(ui.shareRefused, { m: response.status });
      report(button, fill(ui.shareFailed, { m: why }));
    }, function () {
      report(button, fill(ui.shareFailed, { m: ui.noRoom }));
    }).then(function () {
      button.disabled = false;
    });
  }

  /* The label says whether the result shown is the one the room has: after a change (a
     checklist's result follows every tick) it offers to share the new result. */
  function label(event) {
    var shared = lastShared[event.id];
    return shared && shared !== JSON.stringify(shareOf(event)) ? ui.shareAgain : ui.share;
  }

  (window.KursbauHosts = window.KursbauHosts || []).push({
    resultButtons: function (event) {
      if (!event.result || event.data.actionPlan) return [];
      return [{ action: 'share', label: label(event), press: send }];
    },
    onEvent: function (event) {
      if (!lastShared[event.id] || (event.type !== 'update' && event.type !== 'submit')) return;
      [].forEach.call(document.querySelectorAll('[data-assessment] [data-action=share]'), function (button) {
        if (button.closest('[data-assessment]').getAttribute('data-assessment') !== event.id) return;
        var wanted = label(event);
        if (button.textContent !== wanted) {
          button.textContent = wanted;
          report(button, '');
        }
      });
    }
  });
})(window, document);
