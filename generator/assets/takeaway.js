/* Kursbau: the take-away on the overview page (FORMAT 1.1, "Leaving the browser").

   Only the overview page loads this script, before kursbau.js, so check pages do not carry it.
   It hooks into the overview as kursbau.js sets it up (the `overview` hook of "Hosts" in
   ARCHITECTURE.md) and adds three things:

     "Ergebnisse speichern"   downloads one JSON file with every answer and result of this
                              course on this device, each with the version of its check;
     "Ergebnisse … laden"     takes such a file over on another device. A file of another course
                              or any file that is not exactly such a file (wrong types, huge
                              texts, unknown or prototype keys) is refused with a message, and
                              nothing stored changes. A check revised since the file was saved
                              is handled like storage handles it: its scored answers are dropped,
                              the participant's own texts are kept;
     "Meine Ergebnisse"       prints one page: every check with its band, score, to-dos and the
                              participant's own texts, under the course title and the date.

   Nothing leaves the browser here: the file goes where the participant saves it. */
(function (window, document) {
  'use strict';

  var FILE_KIND = 'kursbau-results';
  var FILE_VERSION = 1;
  var LARGEST_FILE_MB = 5;
  var LONGEST_TEXT = 100000;
  var CHECK_ID = /^[a-z0-9][a-z0-9\/-]{0,199}$/;
  var QUESTION_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
  var HASH = /^[0-9a-f]{6,64}$/;
  var DECIMAL = /^-?\d{1,12}(\.\d{1,4})?$/;
  var FRACTION = /^\d{1,15}\/\d{1,15}$/;

  (window.KursbauHosts = window.KursbauHosts || []).push({ overview: setUp });

  /* ---- small helpers */

  function hasOwn(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function isPlainObject(value) {
    return Object.prototype.toString.call(value) === '[object Object]';
  }

  // fill() and element() as in kursbau.js, on purpose: each script is a self-contained classic
  // script (a page loads only the ones it needs; module scripts do not run from file://), so
  // these few lines are repeated rather than shared through a global.
  function fill(template, values) {
    Object.keys(values).forEach(function (name) {
      template = template.split('{' + name + '}').join(values[name]);
    });
    return template;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function button(action, label) {
    var node = element('button', 'kb-btn', label);
    node.type = 'button';
    node.setAttribute('data-action', action);
    return node;
  }

  /* ---- the overview's tools */

  function setUp(access) {
    var root = access.element;
    if (root.querySelector('[data-kb-takeaway-tools]')) return;
    var ui = JSON.parse(root.getAttribute('data-kb-ui'));
    var template = root.querySelector('template[data-kb-t]');
    var block = template && template.content.querySelector('script[data-kb-takeaway]');
    var extra = block ? JSON.parse(block.textContent) : { title: '', checks: {} };
    var notice = root.querySelector('[data-kb-notice]');
    var titles = {};
    [].forEach.call(root.querySelectorAll('tr[data-kb-id]'), function (row) {
      var link = row.querySelector('a');
      titles[row.getAttribute('data-kb-id')] = link ? link.textContent : row.getAttribute('data-kb-id');
    });

    var tools = element('div', 'kb-take kb-js kb-screen');
    tools.setAttribute('data-kb-takeaway-tools', '');
    tools.appendChild(element('p', 'kb-small', ui.takeawayHint));
    var line = element('p');
    line.appendChild(button('export', ui['export']));
    line.appendChild(document.createTextNode(' '));
    line.appendChild(button('print', ui.printMine));
    tools.appendChild(line);
    var picker = element('p');
    var input = element('input');
    input.type = 'file';
    input.accept = '.json,application/json';
    input.id = 'kb-import-' + access.course;
    input.setAttribute('data-action', 'import');
    var label = element('label', '', ui['import'] + ' ');
    label.htmlFor = input.id;
    picker.appendChild(label);
    picker.appendChild(input);
    tools.appendChild(picker);
    notice.parentNode.insertBefore(tools, notice);

    function say(messages) {
      notice.textContent = '';
      messages.forEach(function (message) { notice.appendChild(element('p', '', message)); });
    }

    tools.addEventListener('click', function (event) {
      var pressed = event.target.closest('[data-action]');
      if (!pressed) return;
      if (pressed.getAttribute('data-action') === 'export') download(access, titles, extra, ui);
      if (pressed.getAttribute('data-action') === 'print') printMine(access, root, titles, extra, ui);
    });
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      input.value = ''; // the same file can be chosen again
      if (!file) return;
      say([]); // a repeated message is announced again
      if (file.size > LARGEST_FILE_MB * 1024 * 1024) {
        return say([fill(ui.importBad, { m: fill(ui.fileTooBig, { n: LARGEST_FILE_MB }) })]);
      }
      file.text().then(function (text) {
        say(takeOver(text, access, titles, ui));
      }, function () {
        say([fill(ui.importBad, { m: ui.fileNotResults })]);
      });
    });
  }

  /* ---- "Ergebnisse speichern" */

  function download(access, titles, extra, ui) {
    var records = access.records(), checks = {};
    access.entries.forEach(function (entry) {
      if (hasOwn(records, entry.id)) checks[entry.id] = { title: titles[entry.id], record: records[entry.id] };
    });
    var file = {
      kursbau: FILE_KIND, version: FILE_VERSION, course: access.course, title: extra.title,
      exported: new Date().toISOString(), checks: checks
    };
    var blob = new Blob([JSON.stringify(file, null, 1)], { type: 'application/json' });
    var link = element('a');
    link.href = URL.createObjectURL(blob);
    link.download = access.course + '-' + ui.exportName + '-' + file.exported.slice(0, 10) + '.json';
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  /* ---- "Ergebnisse aus einer Datei laden" */

  /* Reads a file's text and, if it is exactly a results file of this course, writes its
     records; returns the messages for the participant. Nothing is written before the whole
     file has been checked, and a failed write takes back the ones before it. */
  function takeOver(text, access, titles, ui) {
    var file;
    try {
      file = JSON.parse(text);
    } catch (error) {
      return [fill(ui.importBad, { m: ui.fileNotResults })];
    }
    if (!isPlainObject(file) || file.kursbau !== FILE_KIND) return [fill(ui.importBad, { m: ui.fileNotResults })];
    try {
      checkFile(file);
    } catch (problem) {
      if (!problem || typeof problem.where !== 'string') throw problem;
      return [fill(ui.importBad, { m: fill(ui.fileBadAt, { w: problem.where }) })];
    }
    if (file.course !== access.course) return [fill(ui.importOther, { c: file.course })];

    var hashes = {};
    access.entries.forEach(function (entry) { hashes[entry.id] = entry.hash; });
    var writes = [], revised = [], gone = 0;
    Object.keys(file.checks).forEach(function (id) {
      if (!hasOwn(hashes, id)) return (gone += 1);
      var record = file.checks[id].record;
      if (record.hash !== hashes[id]) {
        revised.push(titles[id]);
        record = ownTextsOnly(record);
        if (!record) return;
      }
      writes.push({ id: id, record: record });
    });
    if (!writes.length) return [ui.importEmpty];

    var before = access.records();
    var replaced = writes.filter(function (write) {
      return hasOwn(before, write.id) && sameAnswers(before[write.id], write.record) === false;
    }).length;
    if (replaced && !window.confirm(fill(ui.importReplace, { n: replaced }))) return [ui.importKept];
    var written = [];
    for (var i = 0; i < writes.length; i++) {
      if (!access.write(writes[i].id, writes[i].record)) {
        written.forEach(function (id) { access.write(id, hasOwn(before, id) ? before[id] : null); });
        access.refresh();
        return [ui.importFailed];
      }
      written.push(writes[i].id);
    }
    access.refresh();
    var messages = [fill(written.length === 1 ? ui.imported1 : ui.importedN, { n: written.length })];
    if (revised.length) messages.push(fill(ui.importStale, { a: revised.join(', ') }));
    if (gone) messages.push(fill(ui.importGone, { n: gone }));
    return messages;
  }

  /* A record of an older version of its check: only the participant's own texts stay (as the
     check page keeps them when a check changes); null when there are none. */
  function ownTextsOnly(record) {
    var texts = {}, any = false;
    Object.keys(record.answers).forEach(function (id) {
      if (typeof record.answers[id] === 'string') any = texts[id] = record.answers[id];
    });
    if (!any) return null;
    return { v: record.v, hash: record.hash, answers: texts, submitted: false, marked: {}, result: null, done: false, updated: 0 };
  }

  function sameAnswers(a, b) {
    function key(record) {
      var answers = record.answers || {};
      return JSON.stringify(Object.keys(answers).sort().map(function (id) { return [id, answers[id]]; }));
    }
    return key(a) === key(b);
  }

  /* ---- the shape of a results file, checked exactly: a problem throws {where} */

  function problemAt(where) {
    var shown = where.length > 80 ? where.slice(0, 80) + '…' : where;
    return { where: shown };
  }

  /* An object with only these fields, each checked; `required` must be there. */
  function fields(value, where, checks, required) {
    if (!isPlainObject(value)) throw problemAt(where);
    Object.keys(value).forEach(function (name) {
      if (!hasOwn(checks, name)) throw problemAt(where + ' › ' + name);
      checks[name](value[name], where + ' › ' + name);
    });
    required.forEach(function (name) {
      if (!hasOwn(value, name)) throw problemAt(where + ' › ' + name);
    });
  }

  /* A map whose keys match `pattern`, each value checked. */
  function map(value, where, pattern, check, most) {
    if (!isPlainObject(value)) throw problemAt(where);
    var keys = Object.keys(value);
    if (keys.length > most) throw problemAt(where);
    keys.forEach(function (key) {
      if (!pattern.test(key)) throw problemAt(where + ' › ' + key);
      check(value[key], where + ' › ' + key);
    });
  }

  function that(test) {
    return function (value, where) {
      if (!test(value)) throw problemAt(where);
    };
  }

  function isText(value) {
    return typeof value === 'string' && value.length <= LONGEST_TEXT;
  }

  function isIndex(value) {
    return typeof value === 'number' && value % 1 === 0 && value >= 0 && value < 1000;
  }

  function isAnswer(value) {
    return typeof value === 'boolean' || isIndex(value) || isText(value) ||
      (Array.isArray(value) && value.length <= 1000 && value.every(isIndex));
  }

  var text = that(isText);
  var flag = that(function (value) { return typeof value === 'boolean'; });

  function checkResult(value, where) {
    if (value === null) return;
    fields(value, where, {
      score: that(function (v) { return typeof v === 'string' && DECIMAL.test(v); }),
      exact: that(function (v) { return typeof v === 'string' && (FRACTION.test(v) || DECIMAL.test(v)); }),
      max: that(function (v) { return typeof v === 'string' && DECIMAL.test(v); }),
      percent: that(function (v) { return typeof v === 'number' && v % 1 === 0 && v >= 0 && v <= 100000; }),
      band: that(function (v) { return v === null || isIndex(v); }),
      title: that(function (v) { return v === null || (typeof v === 'string' && v.length <= 500); }),
      passed: that(function (v) { return v === null || typeof v === 'boolean'; })
    }, ['score', 'max']);
  }

  function checkRecord(value, where) {
    fields(value, where, {
      v: that(function (v) { return v === 1 || v === 2; }),
      hash: that(function (v) { return typeof v === 'string' && HASH.test(v); }),
      answers: function (v, at) { map(v, at, QUESTION_ID, that(isAnswer), 5000); },
      submitted: flag,
      marked: function (v, at) { map(v, at, QUESTION_ID, that(function (m) { return m === true; }), 5000); },
      result: checkResult,
      done: flag,
      updated: that(function (v) { return typeof v === 'number' && isFinite(v) && v >= 0; })
    }, ['hash', 'answers']);
  }

  function checkFile(file) {
    fields(file, 'file', {
      kursbau: that(function (v) { return v === FILE_KIND; }),
      version: that(function (v) { return v === FILE_VERSION; }),
      course: that(function (v) { return typeof v === 'string' && CHECK_ID.test(v); }),
      title: text,
      exported: text,
      checks: function (value, where) {
        map(value, where, CHECK_ID, function (entry, at) {
          fields(entry, at, { title: text, record: checkRecord }, ['record']);
        }, 5000);
      }
    }, ['kursbau', 'version', 'course', 'checks']);
  }

  /* ---- "Meine Ergebnisse": one page with every check */

  function printMine(access, root, titles, extra, ui) {
    var records = access.records();
    var date = new Date().toLocaleDateString(document.documentElement.lang || undefined, { year: 'numeric', month: 'long', day: 'numeric' });
    var sheet = element('div', 'kb-mine');
    sheet.appendChild(element('h2', '', extra.title ? ui.mineTitle + ': ' + extra.title : ui.mineTitle));
    sheet.appendChild(element('p', '', fill(ui.printedOn, { d: date })));
    access.entries.forEach(function (entry) {
      var section = element('section');
      section.setAttribute('data-kb-mine', entry.id);
      section.appendChild(element('h3', '', titles[entry.id]));
      var record = hasOwn(records, entry.id) ? records[entry.id] : null;
      var fits = record && record.hash === entry.hash;
      // the score as the overview shows it (exact: "7⅓ von 9 Punkten (81 %)")
      var scoreCell = root.querySelector('tr[data-kb-id="' + entry.id + '"] [data-kb-score]');
      section.appendChild(element('p', 'kb-band', stateOf(record, fits, ui, scoreCell ? scoreCell.textContent : '')));
      var more = hasOwn(extra.checks, entry.id) ? extra.checks[entry.id] : { todos: [], texts: [] };
      var answers = record ? record.answers : {};
      var todos = fits && record.result ? more.todos.filter(function (todo) {
        var answer = answers[todo.q];
        return todo.unticked ? answer !== true : todo.steps.indexOf(answer) >= 0;
      }) : [];
      if (todos.length) {
        section.appendChild(element('p', '', ui.todo));
        var list = element('ul');
        todos.forEach(function (todo) { list.appendChild(element('li', '', todo.tip)); });
        section.appendChild(list);
      }
      more.texts.forEach(function (question) {
        if (typeof answers[question.q] !== 'string' || !answers[question.q]) return;
        var own = element('p', 'kb-mytext');
        own.appendChild(element('strong', '', question.text + ' '));
        own.appendChild(element('span', '', answers[question.q])).style.whiteSpace = 'pre-wrap';
        section.appendChild(own);
      });
      sheet.appendChild(section);
    });
    // Compact, to fit one page. Set here rather than in kursbau.css, which every check page
    // loads; the sheet exists only while the print dialog is open (print() blocks).
    var compact = { H2: '0 0 .2em', H3: '.6em 0 .1em', P: '.1em 0', UL: '.1em 0', LI: '0' };
    sheet.style.fontSize = '9pt';
    sheet.style.lineHeight = '1.3';
    [].forEach.call(sheet.querySelectorAll('h2, h3, p, ul, li'), function (node) {
      node.style.margin = compact[node.tagName];
      if (node.tagName === 'H2') node.style.fontSize = '1.5em';
      if (node.tagName === 'H3') {
        node.style.fontSize = '1.1em';
        node.style.fontWeight = '700';
      }
    });
    root.appendChild(sheet);
    // the same print mode as "Ergebnis drucken": only the sheet; it goes when the dialog closes
    window.Kursbau.printOnly(sheet, function () {
      if (sheet.parentNode) sheet.parentNode.removeChild(sheet);
    });
  }

  function stateOf(record, fits, ui, scoreText) {
    if (!record) return ui.notStarted;
    if (!fits) return ui.stale;
    var result = record.result;
    if (!result) return record.done ? ui.done : ui.inProgress;
    var parts = [];
    if (result.title) parts.push(result.title);
    parts.push(scoreText);
    if (result.passed != null) parts.push(result.passed ? '✓ ' + ui.passed : '✗ ' + ui.failed);
    return parts.join(' · ');
  }
})(window, document);
