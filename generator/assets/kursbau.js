/* Kursbau: self-checks in the browser.

   One classic script (module scripts do not run from file://, and a course must work from a USB
   stick), no framework, one global: `Kursbau`. Nothing leaves the browser: answers are kept in
   localStorage unless a host script (see "Hosts" in ARCHITECTURE.md) keeps them elsewhere.

   The parts, in reading order:
     1. exact numbers    fractions of BigInt, so 0.7 + 0.1 reaches a band at 0.8
     2. scoring          adds up the values compiled into check data (generator/core/compile.py);
                         generator/core/scoring.py is the same arithmetic in Python
     3. hosts            the hooks for scripts loaded before this one (SCORM package, workshop room)
     4. the store        records in localStorage: validation, versions, two tabs in sync
     5. page helpers     elements, texts, numbers as people read them
     6. a check          answers in and out of the form, submit, retry, reset with undo
     7. marking          per-question marks of quizzes and open statements
     8. the result view  score, band, chart, next steps, the next page
     9. printing         "Ergebnis drucken": this check with the answers, its title and the date
    10. the overview     every check of the course with its score and state
    11. start            runs on load and after Material's instant navigation

   This file is the source; the build minifies it (rjsmin) into site/assets/kursbau/. */
(function (window, document) {
  'use strict';

  // Material's instant navigation runs the scripts of each new page again: set up the new page.
  if (window.Kursbau) {
    window.Kursbau.init();
    return;
  }

  /* ================================================================ 1. exact numbers
     A number is [numerator, denominator] of BigInt with a positive denominator. Check data
     writes numbers as strings ("2", "0.75", and for a partial option's value "-2/3"). */

  var BIG = window.BigInt;
  var ZERO = [BIG(0), BIG(1)];
  var HUNDRED = BIG(100);
  var TEN_THOUSAND = BIG(10000);

  function gcd(a, b) {
    if (a < 0) a = -a;
    while (b) {
      var rest = a % b;
      a = b;
      b = rest;
    }
    return a || BIG(1);
  }

  function fraction(numerator, denominator) {
    var divisor = gcd(numerator, denominator);
    return [numerator / divisor, denominator / divisor];
  }

  function parseNumber(text) {
    var parts = String(text).split('/');
    var match = /^(-?\d+)(?:\.(\d+))?$/.exec(parts[0]);
    if (!match || parts.length > 2) throw new Error('not a number: ' + text);
    var decimals = match[2] || '';
    var value = fraction(BIG(match[1] + decimals), BIG('1' + '0'.repeat(decimals.length)));
    return parts.length === 2 ? fraction(value[0], value[1] * BIG(parts[1])) : value;
  }

  function plus(a, b) {
    return fraction(a[0] * b[1] + b[0] * a[1], a[1] * b[1]);
  }

  function times(a, b) {
    return fraction(a[0] * b[0], a[1] * b[1]);
  }

  function isAtLeast(a, b) {
    return a[0] * b[1] >= b[0] * a[1];
  }

  function isSame(a, b) {
    return a[0] * b[1] === b[0] * a[1];
  }

  /* As in data-score: at most four decimals, half up, no trailing zeros (scores are never
     negative; generator.core.numbers.fmt). */
  function formatDecimal(a) {
    var rounded = (a[0] * TEN_THOUSAND * BIG(2) + a[1]) / (a[1] * BIG(2));
    var decimals = ('000' + (rounded % TEN_THOUSAND)).slice(-4).replace(/0+$/, '');
    return rounded / TEN_THOUSAND + (decimals ? '.' + decimals : '');
  }

  /* The percentage shown is rounded down, so it never suggests a band that was not reached. */
  function floorPercent(score, maximum) {
    return maximum[0] > 0 ? Number((score[0] * HUNDRED * maximum[1]) / (score[1] * maximum[0])) : 0;
  }

  /* A band `min` or pass mark: points, or a percentage of the maximum; decided exactly. */
  function reaches(value, isPercent, score, maximum) {
    var mark = parseNumber(value);
    return isPercent ? isAtLeast(times(score, [HUNDRED, BIG(1)]), times(mark, maximum)) : isAtLeast(score, mark);
  }

  function bandIndex(bands, score, maximum) {
    var found = null;
    (bands || []).forEach(function (band, index) {
      if (reaches(band.min, band.percent, score, maximum)) found = index;
    });
    return found;
  }

  /* ================================================================ 2. scoring
     compile.py has applied every rule that does not depend on the answers (weights, reverse
     statements, partial credit per option, maxima); here they are only added up. */

  function isIndex(value, count) {
    return typeof value === 'number' && value % 1 === 0 && value >= 0 && value < count;
  }

  function hasOwn(object, key) {
    return object != null && Object.prototype.hasOwnProperty.call(object, key);
  }

  /* A map without inherited keys: a question id like "constructor" is just a key here. */
  function emptyMap() {
    return Object.create(null);
  }

  /* The chosen options of a multiple-choice answer as a map index → true; null when none. */
  function chosenOptions(answer, count) {
    if (!Array.isArray(answer)) return null;
    var chosen = emptyMap(), any = false;
    answer.forEach(function (index) {
      if (isIndex(index, count)) chosen[index] = any = true;
    });
    return any ? chosen : null;
  }

  /* {earned, max, answered} of one scored question (scoring.question_points in Python). */
  function questionPoints(question, answer) {
    var most = parseNumber(question.max);
    var open = { earned: ZERO, max: most, answered: false };
    if (question.kind === 'check') return { earned: answer === true ? most : ZERO, max: most, answered: true };
    if (question.kind === 'scale' || question.kind === 'single') {
      var choices = question.kind === 'scale' ? question.steps : question.options;
      if (!isIndex(answer, choices.length)) return open;
      return { earned: parseNumber(choices[answer].value), max: most, answered: true };
    }
    var chosen = chosenOptions(answer, question.options.length);
    if (!chosen) return open;
    var earned = ZERO, exact = true;
    question.options.forEach(function (option, index) {
      if (question.partial && chosen[index]) earned = plus(earned, parseNumber(option.value));
      if (!!chosen[index] !== option.correct) exact = false;
    });
    if (!question.partial) earned = exact ? most : ZERO;
    return { earned: earned[0] < 0 ? ZERO : earned, max: most, answered: true };
  }

  /* The exact result of check data and answers; `score` below turns it into plain values. */
  function evaluate(data, answers) {
    var result = {
      total: ZERO, max: parseNumber(data.max), unanswered: 0,
      dimensions: emptyMap(), questions: emptyMap(), band: null, passed: null
    };
    data.dimensions.forEach(function (dimension) {
      result.dimensions[dimension.key] = { earned: ZERO, max: parseNumber(dimension.max) };
    });
    data.questions.forEach(function (question) {
      if (question.kind === 'reflection') return;
      var points = questionPoints(question, hasOwn(answers, question.id) ? answers[question.id] : undefined);
      result.total = plus(result.total, points.earned);
      if (!points.answered) result.unanswered += 1;
      result.questions[question.id] = points;
      if (hasOwn(result.dimensions, question.dimension)) {
        var dimension = result.dimensions[question.dimension];
        dimension.earned = plus(dimension.earned, points.earned);
      }
    });
    if (data.bands.length) result.band = bandIndex(data.bands, result.total, result.max);
    if (data.pass) result.passed = reaches(data.pass.value, data.pass.percent, result.total, result.max);
    return result;
  }

  /* The public scoring function: the same result as generator.core.scoring.score. */
  function score(data, answers) {
    var result = evaluate(data, answers || {});
    var dimensions = emptyMap(), questions = emptyMap();
    data.dimensions.forEach(function (dimension) {
      var own = result.dimensions[dimension.key];
      dimensions[dimension.key] = {
        score: formatDecimal(own.earned), max: formatDecimal(own.max),
        percent: floorPercent(own.earned, own.max),
        band: dimension.bands.length ? bandIndex(dimension.bands, own.earned, own.max) : null
      };
    });
    Object.keys(result.questions).forEach(function (id) {
      var points = result.questions[id];
      questions[id] = { earned: formatDecimal(points.earned), max: formatDecimal(points.max), answered: points.answered };
    });
    return {
      score: formatDecimal(result.total), max: formatDecimal(result.max),
      percent: floorPercent(result.total, result.max), band: result.band, passed: result.passed,
      unanswered: result.unanswered, dimensions: dimensions, questions: questions
    };
  }

  /* ================================================================ 3. hosts
     A special deliverable (a SCORM package, the workshop room) loads its host script before this
     one; the normal site loads none. A host pushes an object onto window.KursbauHosts; every
     member is optional:
       keeps(course, id, data)    true: this check's record lives with the host, not in localStorage
       load(course, id)           → the record kept for that check, or null
       save(course, id, record)   record null: delete it
       list(course)               → ids of the checks whose records the host keeps
       onEvent(event)             at every submit, update, retry and reset of a check
       resultButtons(event)       → [{action, label, press(event, button)}] under a shown result
       overview(access)           once per overview, with access to every record of the course
     An event is {type, course, id, data, answers, result} with `result` in the shape of
     Kursbau.score. A host that throws never breaks a check: the error goes to the console. */

  function hosts() {
    var list = window.KursbauHosts;
    return Array.isArray(list) ? list : [];
  }

  function askHosts(member, args) {
    var answers = [];
    hosts().forEach(function (host) {
      if (!host || typeof host[member] !== 'function') return;
      try {
        answers.push(host[member].apply(host, args));
      } catch (error) {
        if (window.console) window.console.error('Kursbau host', member, error);
      }
    });
    return answers;
  }

  function keeperOf(course, id, data) {
    return hosts().filter(function (host) {
      try {
        return host && typeof host.keeps === 'function' && host.keeps(course, id, data || null);
      } catch (error) {
        return false;
      }
    })[0] || null;
  }

  /* ================================================================ 4. the store
     One record per check under "kursbau:<course>:<check id>":
       {v: 2, hash, answers: {question id: value}, submitted, marked: {question id: true},
        result: {score, exact, max, percent, band, title, passed} | null, done, updated}
     `hash` is the check's scored structure: when the trainer changes it, scored answers no
     longer fit and are dropped, reflections are kept. `result` is the result that counts
     (for a quiz the one at submit), which the overview shows. Anything read back is checked
     field by field: a hand-edited or hostile record (prototype keys, objects where text belongs)
     is dropped or cleaned, never trusted. */

  var PREFIX = 'kursbau:';
  var RECORD_VERSION = 2;
  var LONGEST_TEXT = 100000;

  var browserStorage = (function () {
    try {
      var storage = window.localStorage, probe = PREFIX + 'probe';
      storage.setItem(probe, probe);
      storage.removeItem(probe);
      return storage;
    } catch (error) {
      return null; // blocked (private mode, settings): checks still work, without memory
    }
  })();

  function storageKey(course, id) {
    return PREFIX + course + ':' + id;
  }

  function parseJson(text) {
    try {
      return JSON.parse(text);
    } catch (error) {
      return undefined;
    }
  }

  function isPlainObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function isText(value) {
    return typeof value === 'string' && value.length <= LONGEST_TEXT;
  }

  function isDecimal(value) {
    return typeof value === 'string' && /^-?\d{1,12}(\.\d{1,4})?$/.test(value);
  }

  /* The result summary of a record, with every field of the right type, or null. */
  function cleanSummary(summary) {
    if (!isPlainObject(summary) || !isDecimal(summary.score) || !isDecimal(summary.max)) return null;
    return {
      score: summary.score, max: summary.max,
      exact: /^\d{1,15}\/\d{1,15}$/.test(summary.exact) ? summary.exact : summary.score,
      percent: isIndex(summary.percent, 100000) ? summary.percent : 0,
      band: isIndex(summary.band, 1000) ? summary.band : null,
      title: isText(summary.title) ? summary.title.slice(0, 500) : null,
      passed: typeof summary.passed === 'boolean' ? summary.passed : null
    };
  }

  /* Only the fields a record may have, each of its type; null when it is no record at all.
     Version 1 records (before FORMAT 1.1) are read too: a, sub, chk and s/l. */
  function cleanRecord(raw) {
    if (!isPlainObject(raw)) return null;
    var answers = isPlainObject(raw.answers) ? raw.answers : raw.a;
    if (!isPlainObject(answers)) return null;
    var marked = isPlainObject(raw.marked) ? raw.marked : isPlainObject(raw.chk) ? raw.chk : {};
    var record = {
      v: RECORD_VERSION, hash: isText(raw.hash) ? raw.hash : '', answers: emptyMap(),
      submitted: raw.submitted === true || raw.sub === true, marked: emptyMap(),
      result: cleanSummary(raw.result), done: raw.done === true || raw.s === 2,
      updated: typeof raw.updated === 'number' ? raw.updated : typeof raw.t === 'number' ? raw.t : 0
    };
    // a value that fits no input is dropped later, when a check puts the answers into its form
    Object.keys(answers).forEach(function (id) {
      if (['boolean', 'number', 'string'].indexOf(typeof answers[id]) >= 0 || Array.isArray(answers[id])) record.answers[id] = answers[id];
    });
    Object.keys(marked).forEach(function (id) {
      if (marked[id]) record.marked[id] = true;
    });
    return record;
  }

  /* Reading and writing go to the host that keeps a check, or to localStorage. A read gives
     {record} or, for stored text that is no record, {damaged: true}. */
  var store = {
    available: function () {
      return !!browserStorage;
    },
    read: function (course, id, data) {
      var keeper = keeperOf(course, id, data), raw;
      try {
        raw = keeper ? keeper.load(course, id) : browserStorage && browserStorage.getItem(storageKey(course, id));
      } catch (error) {
        raw = null;
      }
      if (raw == null) return { record: null };
      var record = cleanRecord(typeof raw === 'string' ? parseJson(raw) : raw);
      return record ? { record: record } : { record: null, damaged: true };
    },
    /* false when the record could not be kept (storage full or gone) */
    write: function (course, id, record, data) {
      var keeper = keeperOf(course, id, data);
      try {
        if (keeper) keeper.save(course, id, record);
        else if (!browserStorage) return false;
        else if (record) browserStorage.setItem(storageKey(course, id), JSON.stringify(record));
        else browserStorage.removeItem(storageKey(course, id));
        return true;
      } catch (error) {
        return false;
      }
    },
    /* ids of every check of the course with a record on this device (or with a host) */
    list: function (course) {
      var ids = [], prefix = storageKey(course, '');
      try {
        for (var i = 0; browserStorage && i < browserStorage.length; i++) {
          var key = browserStorage.key(i);
          if (key && key.indexOf(prefix) === 0) ids.push(key.slice(prefix.length));
        }
      } catch (error) { /* storage gone while reading: what was found so far */ }
      askHosts('list', [course]).forEach(function (more) {
        if (Array.isArray(more)) ids = ids.concat(more.filter(function (id) { return typeof id === 'string'; }));
      });
      return ids.filter(function (id, index) { return ids.indexOf(id) === index; });
    }
  };

  /* Checks and overviews on this page that want to hear when a record changes (another tab,
     an import by a host), by storage key. */
  var listeners = emptyMap();

  function listen(key, root, callback) {
    (listeners[key] = listeners[key] || []).push({ root: root, callback: callback });
  }

  function tell(key) {
    (listeners[key] || []).concat(listeners['*'] || []).forEach(function (listener) {
      if (listener.root.isConnected) listener.callback(); // pages left by instant navigation stay quiet
    });
  }

  // Another tab of the same course wrote: show its answers here too, so this tab never writes
  // an old state over them.
  window.addEventListener('storage', function (event) {
    if (event.key === null) tell('*');
    else if (event.key.indexOf(PREFIX) === 0) tell(event.key);
  });

  /* ================================================================ 5. page helpers
     Participant text is only ever set as text (textContent, value), never as HTML. Author text
     comes as HTML in the check data, rendered and sanitized by the generator. */

  function find(scope, selector) {
    return scope.querySelector(selector);
  }

  function findAll(scope, selector) {
    return Array.prototype.slice.call(scope.querySelectorAll(selector));
  }

  function element(tag, className, text, children) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fill(template, values) {
    Object.keys(values).forEach(function (name) {
      template = template.split('{' + name + '}').join(values[name]);
    });
    return template;
  }

  /* Texts that depend on the language; ui is the string table of generator/i18n.py. */
  function texts(ui) {
    // thirds and sixths come from partial credit with 3 or 6 right options; others show ≈ 2 decimals
    var vulgar = { '1/3': '⅓', '2/3': '⅔', '1/6': '⅙', '5/6': '⅚' };
    function decimal(text) {
      return String(text).replace('.', ui.dec || '.');
    }
    /* Points as people read them, never a rounded value passed off as exact: "7", "2,5",
       "1⅓" (the paper scoring guide writes them the same way). */
    function points(a) {
      if ((a[0] * HUNDRED) % a[1] === BIG(0)) return decimal(formatDecimal(a));
      var whole = a[0] / a[1], rest = fraction(a[0] - whole * a[1], a[1]);
      var glyph = vulgar[rest[0] + '/' + rest[1]];
      if (glyph) return (whole ? String(whole) : '') + glyph;
      return '≈' + decimal(formatDecimal([(a[0] * HUNDRED) / a[1], HUNDRED]));
    }
    return {
      decimal: decimal,
      points: points,
      percent: function (value) { return fill(ui.pct, { p: value }); },
      score: function (earned, most) { return fill(ui.score, { s: points(earned), m: points(most) }); },
      count: function (singular, plural, n) { return fill(n === 1 ? ui[singular] : ui[plural], { n: n }); },
      /* "A", "A und B", "A, B und C" */
      list: function (items) {
        return items.length < 2 ? items.join('') : items.slice(0, -1).join(', ') + ui.and + items[items.length - 1];
      }
    };
  }

  /* A sticky header (Material's, or any site's) covers the top of the window: a result that
     gets the focus is scrolled to just below it (WCAG 2.4.11, focus not obscured). */
  function coveredTop() {
    var bottom = 0;
    for (var node = document.elementFromPoint(window.innerWidth / 2, 1); node && node !== document.body; node = node.parentElement) {
      if (/fixed|sticky/.test(window.getComputedStyle(node).position)) bottom = Math.max(bottom, node.getBoundingClientRect().bottom);
    }
    return bottom;
  }

  function focusBelowHeader(target) {
    target.focus({ preventScroll: true });
    var top = target.getBoundingClientRect().top - coveredTop() - 12;
    window.scrollBy({ top: top, behavior: 'instant' }); // a focus move is never animated
  }

  /* ================================================================ 6. a check
     One controller per [data-assessment] element. The HTML comes complete from the generator
     (generator/render): native inputs in fieldsets, buttons, empty result boxes. This part
     reads and writes the answers, keeps the record and decides what is shown. */

  function setUpCheck(root) {
    if (root.hasAttribute('data-kb-ready')) return;
    var template = find(root, 'template[data-kb-t]');
    var dataBlock = (template ? template.content : root).querySelector('script[data-kb-data]');
    var data = dataBlock && parseJson(dataBlock.textContent);
    if (!isPlainObject(data)) return;
    var ui = parseJson(root.getAttribute('data-kb-ui')) || {};
    var say = texts(ui);
    var course = data.course, id = data.id, key = storageKey(course, id);
    var isPlan = !!data.actionPlan, isQuiz = data.type === 'quiz', isImmediate = data.feedback === 'immediate';
    var headingLevel = root.getAttribute('data-kb-heading') || 3;
    var form = find(root, '.kb-form');
    var parts = {
      notice: find(root, '[data-kb-notice]'),
      incomplete: find(root, '[data-incomplete]'),
      progress: find(root, '[data-kb-progress]'),
      summary: find(root, '[data-result]'),
      details: find(root, '.kb-det'),
      resultBox: find(root, '.kb-res'),
      next: find(root, '[data-kb-next]'),
      after: find(root, '[data-kb-after]')
    };
    var boxes = emptyMap();
    findAll(root, '[data-kb-q]').forEach(function (box) { boxes[box.getAttribute('data-kb-q')] = box; });

    // What the participant did: answers, whether the check was submitted, which questions of an
    // immediate-feedback quiz are marked, and the result that counts.
    var state = { answers: emptyMap(), submitted: false, marked: emptyMap(), result: null, seen: 0 };
    var undoRecord = null;
    var notices = [];
    var arrowKeyDown = false;
    var lastSummary = null;

    function inputsOf(question) {
      var box = boxes[question.id];
      return box ? findAll(box, 'input, textarea') : [];
    }

    function isChosen(question, answer, index) {
      return question.kind === 'multiple' ? Array.isArray(answer) && answer.indexOf(index) >= 0 : answer === index;
    }

    function putAnswers() {
      data.questions.forEach(function (question) {
        var answer = state.answers[question.id];
        inputsOf(question).forEach(function (input) {
          if (input.tagName === 'TEXTAREA') {
            var text = typeof answer === 'string' ? answer : '';
            if (input.value !== text) input.value = text;
          } else if (question.kind === 'check') input.checked = answer === true;
          else input.checked = isChosen(question, answer, Number(input.value));
        });
      });
    }

    /* The answers as the form shows them; only values that fit the current questions. */
    function readAnswers() {
      var answers = emptyMap();
      data.questions.forEach(function (question) {
        var value;
        inputsOf(question).forEach(function (input) {
          if (input.tagName === 'TEXTAREA') {
            if (input.value) value = input.value;
          } else if (input.checked) {
            if (question.kind === 'check') value = true;
            else if (question.kind === 'multiple') (value = value || []).push(Number(input.value));
            else value = Number(input.value);
          }
        });
        if (value !== undefined) answers[question.id] = value;
      });
      return answers;
    }

    function questionById(questionId) {
      return data.questions.filter(function (question) { return question.id === questionId; })[0];
    }

    /* A stored record as this check's state; scored answers of another version are dropped. */
    function adopt(record, isFirstLoad) {
      var fits = record.hash === data.hash;
      var dropped = false;
      state = { answers: emptyMap(), submitted: fits && record.submitted, marked: emptyMap(), result: fits ? record.result : null, seen: record.updated };
      Object.keys(record.answers).forEach(function (questionId) {
        var question = questionById(questionId);
        var value = record.answers[questionId];
        if (question && (fits || (question.kind === 'reflection' && typeof value === 'string'))) state.answers[questionId] = value;
        else dropped = true;
      });
      if (fits) Object.keys(record.marked).forEach(function (questionId) { if (questionById(questionId)) state.marked[questionId] = true; });
      if (isFirstLoad && !fits && (dropped || record.submitted)) notices.push(ui.changed);
      putAnswers();
      state.answers = readAnswers(); // keeps only answers the inputs can show
    }

    function recordOf() {
      var filled = data.questions.filter(function (question) { return question.kind === 'reflection'; });
      var isDone = isPlan ? filled.every(function (question) { return state.answers[question.id]; }) : !!state.result;
      return {
        v: RECORD_VERSION, hash: data.hash, answers: state.answers, submitted: state.submitted,
        marked: state.marked, result: state.result, done: isDone, updated: Math.max(Date.now(), state.seen + 1)
      };
    }

    function isEmpty() {
      return !Object.keys(state.answers).length && !state.submitted && !state.result;
    }

    /* Writes this check's record. `changed` names the questions this tab just answered: if
       another tab wrote in the meantime (and its storage event has not arrived yet), its
       answers are taken first, so neither tab overwrites the other. */
    function keep(changed) {
      var fresh = store.read(course, id, data).record;
      if (changed && fresh && fresh.updated > state.seen && fresh.hash === data.hash) {
        var mine = state.answers;
        adopt(fresh, false);
        changed.forEach(function (questionId) {
          if (hasOwn(mine, questionId)) state.answers[questionId] = mine[questionId];
          else delete state.answers[questionId];
        });
        putAnswers();
        settleResult(evaluate(data, state.answers));
      }
      var record = isEmpty() ? null : recordOf();
      if (record) state.seen = record.updated;
      if (!store.write(course, id, record, data) && store.available()) {
        browserStorage = null; // full or gone: every check on the page says so
        findAll(document, '[data-assessment] [data-kb-notice]').forEach(function (notice) { showNotices(notice, []); });
      }
    }

    function showNotices(box, messages, undoButton) {
      box = box || parts.notice;
      box.textContent = '';
      (store.available() ? messages : [ui.noStore].concat(messages)).forEach(function (message) {
        box.appendChild(element('p', '', message));
      });
      if (undoButton) box.lastChild.appendChild(undoButton);
    }

    function event(type, result) {
      return { type: type, course: course, id: id, data: data, answers: JSON.parse(JSON.stringify(state.answers)), result: result || score(data, state.answers) };
    }

    function emit(type) {
      askHosts('onEvent', [event(type)]);
    }

    /* ---- the incomplete-submit question (FORMAT 1.1: "When results appear") */

    // The box and its buttons come with the page; a self-assessment shows no result while
    // statements are open, so there "evaluate anyway" marks the open ones.
    function askAgain(open) {
      var box = parts.incomplete;
      box.firstChild.textContent = data.type === 'self-assessment' ? say.count('statementsOpen1', 'statementsOpenN', open) : say.count('incomplete1', 'incompleteN', open);
      box.hidden = false;
      find(box, '[data-action=to-open]').focus();
    }

    function closeQuestion() {
      if (parts.incomplete) parts.incomplete.hidden = true; // an action plan has none
    }

    function firstOpenInput() {
      var open = data.questions.filter(function (question) {
        return question.kind !== 'reflection' && question.kind !== 'check' && !hasOwn(state.answers, question.id);
      })[0];
      return open && inputsOf(open)[0];
    }

    /* ---- what happens */

    function submit(confirmed) {
      state.answers = readAnswers();
      var result = evaluate(data, state.answers);
      if (result.unanswered && !confirmed) return askAgain(result.unanswered);
      closeQuestion();
      state.submitted = true;
      if (isQuiz) data.questions.forEach(function (question) { if (question.kind !== 'reflection') state.marked[question.id] = true; });
      var complete = settleResult(result);
      keep(null);
      show();
      if (complete) {
        focusBelowHeader(find(parts.summary, '.kb-rh'));
        emit('submit');
      } else {
        var open = firstOpenInput();
        if (open) focusBelowHeader(open);
      }
    }

    /* The result that counts: a quiz's at submit; a checklist's or self-assessment's follows
       every change after the first submit, once every statement is answered. */
    function settleResult(result) {
      var complete = !(data.type === 'self-assessment' && result.unanswered);
      if (!state.submitted || isPlan || !complete) return false;
      state.result = {
        score: formatDecimal(result.total), exact: result.total.join('/'), max: formatDecimal(result.max),
        percent: floorPercent(result.total, result.max), band: result.band,
        title: result.band != null ? data.bands[result.band].title : null, passed: result.passed
      };
      return true;
    }

    function retry() {
      // A new attempt clears the answers; the participant's own texts stay.
      var ownTexts = emptyMap();
      data.questions.forEach(function (question) {
        if (question.kind === 'reflection' && hasOwn(state.answers, question.id)) ownTexts[question.id] = state.answers[question.id];
      });
      state.answers = ownTexts;
      state.submitted = false;
      state.marked = emptyMap();
      putAnswers();
      keep(null);
      show();
      emit('retry');
      var first = form.querySelector('input:not([disabled]), textarea');
      if (first) focusBelowHeader(first);
    }

    function reset() {
      undoRecord = isEmpty() ? null : recordOf();
      var before = event('reset');
      state = { answers: emptyMap(), submitted: false, marked: emptyMap(), result: null, seen: state.seen };
      putAnswers();
      closeQuestion();
      keep(null);
      show();
      askHosts('onEvent', [before]);
      if (!undoRecord) return showNotices(null, [ui.cleared]);
      // No question first: the answers are gone at once, and one press brings them back.
      var undo = actionButton('undo', ui.undo);
      showNotices(null, [ui.cleared + ' '], undo);
      undo.focus();
    }

    function undoReset() {
      if (!undoRecord) return;
      adopt(undoRecord, false);
      undoRecord = null;
      keep(null);
      show();
      showNotices(null, [ui.restored]);
      var heading = parts.summary && find(parts.summary, '.kb-rh');
      (heading || form.querySelector('input, textarea')).focus();
    }

    /* An immediate-feedback quiz marks a question when it is answered: a click, Space or Enter.
       Arrow keys move through the options of a radio group without marking it (they also check
       each radio on the way); the participant confirms with Space or Enter. */
    function markQuestion(questionId) {
      if (!questionId || state.marked[questionId]) return;
      state.answers = readAnswers();
      if (!hasOwn(state.answers, questionId)) return;
      state.marked[questionId] = true;
      keep([questionId]);
      show();
      // The answer is final now and its inputs are read-only: the focus goes to the mark, which
      // a screen reader reads out; the next Tab leads on to the next question.
      var mark = find(boxes[questionId], '[data-kb-fb]');
      mark.tabIndex = -1;
      mark.focus({ preventScroll: true });
    }

    function questionIdOf(node) {
      var box = node.closest && node.closest('[data-kb-q]');
      return box && box.getAttribute('data-kb-q');
    }

    // (Enter never submits: the fields are in no <form>.)
    form.addEventListener('keydown', function (e) {
      var target = e.target;
      if (target.type !== 'radio' || !isQuiz || !isImmediate) return;
      if (/^Arrow/.test(e.key)) arrowKeyDown = true;
      else if ((e.key === 'Enter' || e.key === ' ') && target.checked) markQuestion(questionIdOf(target));
    });
    form.addEventListener('keyup', function () { arrowKeyDown = false; });
    form.addEventListener('change', function (e) {
      var questionId = questionIdOf(e.target);
      var question = questionId && questionById(questionId);
      if (question && isImmediate && question.kind === 'single' && !arrowKeyDown) return markQuestion(questionId);
      state.answers = readAnswers();
      if (!evaluate(data, state.answers).unanswered) closeQuestion();
      settleResult(evaluate(data, state.answers));
      keep(questionId ? [questionId] : null);
      show();
      if (state.submitted && !isQuiz) emit('update');
    });
    form.addEventListener('input', function (e) {
      if (e.target.tagName !== 'TEXTAREA') return;
      state.answers = readAnswers();
      keep([questionIdOf(e.target)]);
      updateProgress();
    });
    root.addEventListener('click', function (e) {
      var button = e.target.closest && e.target.closest('[data-action]');
      var action = button && root.contains(button) && button.getAttribute('data-action');
      if (action === 'submit') submit(false);
      else if (action === 'confirm-submit') submit(true);
      else if (action === 'to-open') {
        var open = firstOpenInput();
        if (open) focusBelowHeader(open);
      } else if (action === 'check') markQuestion(questionIdOf(button));
      else if (action === 'retry') retry();
      else if (action === 'reset') reset();
      else if (action === 'undo') undoReset();
      else if (action === 'print') printResult(root, ui);
    });

    // Another tab (or a host's import) changed this check's record.
    listen(key, root, function () {
      var found = store.read(course, id, data).record;
      if (found && found.updated === state.seen) return;
      if (found) adopt(found, false);
      else state = { answers: emptyMap(), submitted: false, marked: emptyMap(), result: null, seen: 0 };
      putAnswers();
      show();
    });

    /* ---- 7. marking */

    /* A mark is a symbol and a word, never colour alone. */
    function setMark(box, symbol, words) {
      var feedback = find(box, '[data-kb-fb]');
      var text = symbol ? symbol + ' ' + words : words;
      if (feedback && feedback.textContent !== text) feedback.textContent = text;
    }

    function markStatement(question, result) {
      var box = boxes[question.id];
      var isOpen = state.submitted && !result.questions[question.id].answered;
      box.classList.toggle('kb-open', isOpen);
      setMark(box, '', isOpen ? ui.unanswered : '');
    }

    /* A quiz question once its solution shows: each option says whether it was right, a missed
       right option is pointed out in place, the chosen options' feedback and the explanation
       appear, and the inputs are read-only until a retry. */
    function markChoice(question, result) {
      var box = boxes[question.id];
      var answer = state.answers[question.id];
      var isShown = !!state.marked[question.id];
      var isLocked = isShown || (isQuiz && state.submitted);
      box.classList.remove('kb-right', 'kb-wrong', 'kb-partly', 'kb-open');
      findAll(box, '.kb-o').forEach(function (optionBox, index) {
        var option = question.options[index];
        var chosen = isShown && isChosen(question, answer, index);
        var missed = isShown && !chosen && option.correct;
        var mark = find(optionBox, '[data-kb-mark]');
        optionBox.className = 'kb-o' + (chosen ? (option.correct ? ' kb-ok' : ' kb-no') : missed ? ' kb-miss' : '');
        mark.textContent = chosen ? (option.correct ? '✓ ' + ui.optRight : '✗ ' + ui.optWrong) : missed ? '→ ' + ui.optMissed : '';
        var feedback = find(optionBox, '.kb-ofb');
        if (feedback) feedback.hidden = !chosen;
      });
      inputsOf(question).forEach(function (input) { input.disabled = isLocked; });
      var checkButton = find(box, '[data-action=check]');
      if (checkButton) checkButton.hidden = isLocked;
      var explanation = find(box, '.kb-expl');
      if (explanation) explanation.hidden = !isShown;
      if (!isShown) return setMark(box, '', '');
      var points = result.questions[question.id];
      var kind = !points.answered ? 'open' : points.earned[0] === BIG(0) ? 'wrong' : isSame(points.earned, points.max) ? 'right' : 'partly';
      // a page of solutions stays short on a phone: the explanation of a right answer is folded
      if (explanation && box.getAttribute('data-kb-was') !== kind) explanation.open = kind !== 'right';
      box.setAttribute('data-kb-was', kind);
      box.classList.add('kb-' + kind);
      var words = kind === 'open' ? ui.unanswered : ui[kind];
      if (kind === 'partly') words += ' (' + say.score(points.earned, points.max) + ')';
      setMark(box, { right: '✓', wrong: '✗', partly: '◐', open: '–' }[kind], words);
    }

    /* ---- 8. the result view */

    /* The result's details come with the page, hidden (band texts, the chart's rows, tips):
       here they are shown or hidden and the numbers filled in. */

    function showChart(result) {
      var rows = findAll(root, '[data-kb-dim]');
      var shares = rows.map(function (row) {
        var dimension = dimensionByKey(row.getAttribute('data-kb-dim'));
        var own = result.dimensions[dimension.key];
        var percent = floorPercent(own.earned, own.max);
        find(row, '.kb-bf').style.width = Math.min(100, percent) + '%';
        var value = find(row, '.kb-bv');
        value.textContent = say.percent(percent);
        value.title = say.score(own.earned, own.max);
        var band = dimension.bands.length ? bandIndex(dimension.bands, own.earned, own.max) : null;
        findAll(row, '[data-kb-band]').forEach(function (text) { text.hidden = Number(text.getAttribute('data-kb-band')) !== band; });
        return { label: dimension.label, share: fraction(own.earned[0] * own.max[1], own.earned[1] * own.max[0]) };
      });
      var summary = find(root, '.kb-sw');
      if (summary) summary.textContent = strongestAndWeakest(shares);
    }

    function dimensionByKey(dimensionKey) {
      return data.dimensions.filter(function (dimension) { return dimension.key === dimensionKey; })[0];
    }

    function strongestAndWeakest(rows) {
      var high = rows[0].share, low = high;
      rows.forEach(function (row) {
        if (isAtLeast(row.share, high)) high = row.share;
        if (isAtLeast(low, row.share)) low = row.share;
      });
      if (isSame(high, low)) return high[0] === BIG(0) ? ui.evenZero : ui.even;
      function named(share) {
        return say.list(rows.filter(function (row) { return isSame(row.share, share); }).map(function (row) { return row.label; }));
      }
      return fill(ui.strong, { a: named(high) }) + ' ' + fill(ui.weak, { a: named(low) });
    }

    function showDetails(result) {
      findAll(root, '.kb-det > [data-kb-band]').forEach(function (text) {
        text.hidden = Number(text.getAttribute('data-kb-band')) !== result.band;
      });
      if (find(root, '[data-kb-dim]')) showChart(result);
      var tips = 0, review = [];
      data.questions.forEach(function (question, index) {
        var points = result.questions[question.id];
        var tip = find(root, '[data-kb-tip="' + question.id + '"]');
        // a tip shows for an unticked item, or a statement that earned less than half its points
        var wanted = points && (question.kind === 'check' ? state.answers[question.id] !== true : !isAtLeast(times(points.earned, [BIG(2), BIG(1)]), points.max));
        if (tip) tips += (tip.hidden = !wanted) ? 0 : 1;
        if (points && question.options && !isSame(points.earned, points.max)) review.push(index);
      });
      var todo = find(root, '[data-kb-todo]');
      if (todo) todo.hidden = !tips;
      // The questions to look at again, as links to where their solution shows, in place and
      // with the explanation: nothing is shown twice.
      var links = find(root, '[data-kb-review]');
      links.textContent = review.length ? ui.review + ' ' : '';
      review.forEach(function (index, n) {
        var link = element('a', '', fill(ui.questionN, { n: index + 1 }));
        link.href = '#' + boxes[data.questions[index].id].id;
        if (n) links.appendChild(document.createTextNode(n === review.length - 1 ? ui.and : ', '));
        links.appendChild(link);
      });
    }

    /* Buttons a host adds under a shown result (the room's "share"). */
    function hostButtons() {
      findAll(parts.after, '[data-kb-host]').forEach(function (button) { parts.after.removeChild(button); });
      askHosts('resultButtons', [event('show')]).forEach(function (extra) {
        (Array.isArray(extra) ? extra : []).forEach(function (wanted) {
          if (!wanted || typeof wanted.label !== 'string') return;
          var button = actionButton(String(wanted.action || 'host'), wanted.label);
          button.setAttribute('data-kb-host', '');
          button.addEventListener('click', function () {
            try {
              if (typeof wanted.press === 'function') wanted.press(event(button.getAttribute('data-action')), button);
            } catch (error) {
              if (window.console) window.console.error('Kursbau host', error);
            }
          });
          parts.after.appendChild(button);
        });
      });
    }

    function actionButton(action, label) {
      var button = element('button', 'kb-btn', label);
      button.type = 'button';
      button.setAttribute('data-action', action);
      return button;
    }

    function updateProgress() {
      if (!parts.progress) return;
      // an action plan has no score: it says that its text is kept
      if (isPlan) return (parts.progress.textContent = store.available() && !isEmpty() ? ui.saved : '');
      var scored = data.questions.filter(function (question) { return question.kind !== 'reflection' && question.kind !== 'check'; });
      if (!scored.length) return;
      var answered = scored.filter(function (question) { return hasOwn(state.answers, question.id); }).length;
      var text = fill(ui.progress, { n: answered, m: scored.length });
      if (parts.progress.textContent !== text) parts.progress.textContent = text;
    }

    function show() {
      var result = evaluate(data, state.answers);
      data.questions.forEach(function (question) {
        if (question.kind === 'scale') markStatement(question, result);
        else if (question.kind === 'single' || question.kind === 'multiple') markChoice(question, result);
      });
      updateProgress();
      if (isPlan) return;
      var complete = state.submitted && !(data.type === 'self-assessment' && result.unanswered);
      var shownResult = complete ? result : null;
      var summary = [], attributes = {};
      if (state.submitted && !complete) summary.push(element('p', 'kb-left', say.count('open1', 'openN', result.unanswered)));
      if (shownResult) {
        var percent = floorPercent(result.total, result.max);
        var meter = element('span', 'kb-meter', null, [element('span')]);
        meter.firstChild.style.width = Math.min(100, percent) + '%';
        meter.setAttribute('aria-hidden', 'true');
        attributes = { 'data-score': formatDecimal(result.total), 'data-max': formatDecimal(result.max), 'data-band': result.band, 'data-passed': result.passed };
        var title = element('h' + headingLevel, 'kb-rh', ui.resultTitle);
        title.tabIndex = -1;
        summary.push(title);
        summary.push(element('p', 'kb-score', null, [element('strong', '', say.score(result.total, result.max)), ' · ' + say.percent(percent)]), meter);
        if (result.passed != null) {
          var needed = data.pass.percent ? say.percent(say.decimal(data.pass.value)) : say.score(parseNumber(data.pass.value), result.max);
          summary.push(element('p', 'kb-pass ' + (result.passed ? 'kb-ok' : 'kb-no'),
            (result.passed ? '✓ ' + ui.passed : '✗ ' + ui.failed) + ' (' + fill(ui.needed, { v: needed }) + ')'));
        }
        if (result.band != null) summary.push(element('p', 'kb-band', data.bands[result.band].title));
      }
      ['data-score', 'data-max', 'data-band', 'data-passed'].forEach(function (name) {
        if (attributes[name] == null) parts.summary.removeAttribute(name);
        else parts.summary.setAttribute(name, String(attributes[name]));
      });
      // The status region is rewritten only when its words change, so a screen reader does not
      // announce the same result again after every tick.
      var words = summary.map(function (node) { return node.textContent; }).join('|');
      if (words !== lastSummary) {
        parts.summary.textContent = '';
        summary.forEach(function (node) { parts.summary.appendChild(node); });
        lastSummary = words;
      }
      if (shownResult) showDetails(result);
      parts.details.hidden = !shownResult;
      if (shownResult && parts.after.hidden) hostButtons();
      parts.after.hidden = !shownResult;
      parts.resultBox.classList.toggle('kb-on', summary.length > 0);
      if (parts.next) parts.next.hidden = !shownResult;
      findAll(root, '.kb-form > .kb-actions [data-action=submit]').forEach(function (button) { button.hidden = isQuiz && state.submitted; });
    }

    /* ---- start this check */

    var found = store.read(course, id, data);
    if (found.damaged) {
      notices.push(ui.corrupt);
      store.write(course, id, null, data);
    }
    if (found.record) adopt(found.record, true);
    showNotices(null, notices);
    if (found.record && (notices.length || found.record.hash !== data.hash)) keep(null);
    root.setAttribute('data-kb-ready', '');
    show();
  }

  /* ================================================================ 9. printing
     Ctrl+P prints a page as a blank worksheet (the stylesheet's print rules). "Ergebnis
     drucken" prints this one check with the answers and the result, under its title and the
     date, and nothing else of the page. */

  function printResult(root, ui) {
    findAll(root, 'details.kb-expl:not([hidden])').forEach(function (details) { details.open = true; });
    findAll(root, 'textarea').forEach(function (area) {
      var copy = area.parentNode.querySelector('.kb-ptext') || area.parentNode.insertBefore(element('div', 'kb-ptext'), area.nextSibling);
      copy.textContent = area.value;
    });
    var date = new Date().toLocaleDateString(document.documentElement.lang || undefined, { year: 'numeric', month: 'long', day: 'numeric' });
    find(root, '[data-kb-date]').textContent = fill(ui.printedOn, { d: date });
    var page = document.documentElement;
    for (var node = root; node && node.classList; node = node.parentNode) node.classList.add('kb-pp');
    root.classList.add('kb-pr');
    page.classList.add('kb-print-result');
    window.addEventListener('afterprint', function done() {
      window.removeEventListener('afterprint', done);
      page.classList.remove('kb-print-result');
      findAll(document, '.kb-pp').forEach(function (marked) { marked.classList.remove('kb-pp', 'kb-pr'); });
    });
    window.print();
  }

  /* ================================================================ 10. the overview */

  function setUpOverview(root) {
    if (root.hasAttribute('data-kb-ready')) return;
    var ui = parseJson(root.getAttribute('data-kb-ui')) || {};
    var say = texts(ui);
    var course = root.getAttribute('data-kb-course');
    var notice = find(root, '[data-kb-notice]');
    var rows = findAll(root, 'tr[data-kb-id]');

    function state(row) {
      var found = store.read(course, row.getAttribute('data-kb-id')).record;
      if (!found) return { text: ui.notStarted, kind: 'none', score: '–' };
      if (found.hash !== row.getAttribute('data-kb-hash')) return { text: ui.stale, kind: 'open', score: '–' };
      var result = found.result;
      if (row.hasAttribute('data-kb-plan')) return found.done ? { text: ui.done, kind: 'done', score: '–' } : { text: ui.inProgress, kind: 'open', score: '–' };
      if (!result) return found.done ? { text: ui.done, kind: 'done', score: '–' } : { text: ui.inProgress, kind: 'open', score: '–' };
      var scoreText = say.score(parseNumber(result.exact), parseNumber(result.max)) + ' (' + say.percent(result.percent) + ')';
      if (result.passed === true) return { text: '✓ ' + ui.passed, kind: 'pass', score: scoreText };
      if (result.passed === false) return { text: '✗ ' + ui.failed, kind: 'fail', score: scoreText };
      return { text: result.title || ui.done, kind: 'done', score: scoreText };
    }

    function fillRows() {
      rows.forEach(function (row) {
        var shown;
        try {
          shown = state(row);
        } catch (error) {
          shown = { text: ui.notStarted, kind: 'none', score: '–' };
        }
        var cell = find(row, '[data-kb-state]');
        cell.textContent = shown.text;
        cell.className = 'kb-st kb-st-' + shown.kind;
        find(row, '[data-kb-score]').textContent = shown.score;
      });
    }

    root.addEventListener('click', function (e) {
      if (!e.target.closest || !e.target.closest('[data-action=clear-all]')) return;
      if (!window.confirm(ui.confirmAll)) return;
      store.list(course).forEach(function (id) {
        store.write(course, id, null);
        tell(storageKey(course, id));
      });
      fillRows();
      notice.textContent = '';
      notice.appendChild(element('p', '', ui.clearedAll));
    });
    listen('*', root, fillRows);
    rows.forEach(function (row) { listen(storageKey(course, row.getAttribute('data-kb-id')), root, fillRows); });
    fillRows();
    if (!store.available()) notice.appendChild(element('p', '', ui.noStore));
    root.setAttribute('data-kb-ready', '');

    // A host may add to the overview (take-away export and import): it gets every record of
    // this course, and a way to write one back that open checks follow at once.
    askHosts('overview', [{
      course: course,
      element: root,
      entries: rows.map(function (row) { return { id: row.getAttribute('data-kb-id'), hash: row.getAttribute('data-kb-hash') }; }),
      records: function () { return records(course); },
      write: function (id, record) { return writeRecord(course, id, record); },
      refresh: fillRows
    }]);
  }

  /* Every record of a course on this device, cleaned: {check id: record}. */
  function records(course) {
    var all = emptyMap();
    store.list(course).forEach(function (id) {
      var found = store.read(course, id).record;
      if (found) all[id] = found;
    });
    return all;
  }

  /* Writes one record (null deletes), cleaned like any stored record; open checks follow. */
  function writeRecord(course, id, record) {
    var clean = record === null ? null : cleanRecord(record);
    if (record !== null && !clean) return false;
    if (clean) clean.updated = Date.now();
    var written = store.write(course, id, clean);
    tell(storageKey(course, id));
    return written;
  }

  /* ================================================================ 11. start */

  function init() {
    findAll(document, '[data-assessment]').forEach(function (root) {
      try {
        setUpCheck(root);
      } catch (error) {
        if (window.console) window.console.error('Kursbau', error);
      }
    });
    findAll(document, '[data-kb-overview]').forEach(setUpOverview);
  }

  window.Kursbau = { score: score, init: init, records: records, writeRecord: writeRecord };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(function () { init(); });
})(window, document);
