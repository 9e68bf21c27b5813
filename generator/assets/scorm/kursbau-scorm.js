/* Kursbau in a learning platform: the SCORM bridge.

   Only SCORM packages carry this file: `kursbau export scorm` links it into every page of the
   package, before kursbau.js; the normal site never loads it. It has two roles.

   1. On the package's start page (kursbau-scorm.html) it holds the platform session. It finds
      the platform's API, initialises it once per launch and shows the course in a frame. To the
      pages in that frame it offers a stand-in under the standard name (`API` for SCORM 1.2,
      `API_1484_11` for 2004), so that each page may initialise and terminate as the standard
      describes while the platform sees one session; SCORM 2004 forbids a second Initialize
      after Terminate. When the start page goes away (the participant leaves the activity), it
      records the session time, commits and terminates.

   2. On every page of the course it is a Kursbau host (see "hosts" in kursbau.js). It finds the
      API the standard way (walk up the parent frames, then the opener), initialises once per
      page, reports by FORMAT 1.1's rules ("In a learning platform") at every submit, commits,
      and terminates on pagehide. The records of checks with `lms: score` live in
      cmi.suspend_data, so they follow the participant; all other answers (and the text of
      reflections) stay in localStorage, as on the website.

   No API found (the normal website, a file:// copy): it does nothing at all.

   What the package knows about the course comes from course.js (window.KursbauScormCourse),
   written at export time: for each reported check its `lms`, maximum, record hash and the slots
   of suspend_data. The encoding is documented in generator/export/suspend.py; Python tests read
   back what this file writes. */
(function () {
  'use strict';

  var course = window.KursbauScormCourse;
  if (!course || window.KursbauScormBridge) return;
  window.KursbauScormBridge = true;

  var CALLS = {
    '1.2': {
      name: 'API', initialize: 'LMSInitialize', terminate: 'LMSFinish', getValue: 'LMSGetValue',
      setValue: 'LMSSetValue', commit: 'LMSCommit', getLastError: 'LMSGetLastError',
      getErrorString: 'LMSGetErrorString', getDiagnostic: 'LMSGetDiagnostic'
    },
    '2004': {
      name: 'API_1484_11', initialize: 'Initialize', terminate: 'Terminate', getValue: 'GetValue',
      setValue: 'SetValue', commit: 'Commit', getLastError: 'GetLastError',
      getErrorString: 'GetErrorString', getDiagnostic: 'GetDiagnostic'
    }
  };
  var calls = CALLS[course.version];
  if (!calls) return;

  /* ================================================================ finding the API
     The standard discovery: this window, then each parent up to the top, then the opener and
     its parents. A window of another origin cannot be read: the search stops there. */

  function climb(start) {
    var win = start;
    for (var hops = 0; win && hops < 500; hops++) {
      try {
        if (win[calls.name]) return win[calls.name];
      } catch (error) {
        return null;
      }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  function findApi(fromParent) {
    var start = fromParent ? (window.parent !== window ? window.parent : null) : window;
    return (start && climb(start)) || (window.opener && climb(window.opener)) || null;
  }

  function call(api, name, a, b) {
    try {
      return String(api[calls[name]](a === undefined ? '' : a, b));
    } catch (error) {
      return 'false'; // a platform that throws must not break a check
    }
  }

  /* ================================================================ 1. the start page */

  function holdSession() {
    var api = findApi(true);
    var startedAt = Date.now();
    var finished = false;
    if (api) {
      call(api, 'initialize');
      window[calls.name] = standIn(api);
      window.addEventListener('pagehide', function () {
        if (finished) return;
        finished = true;
        call(api, 'setValue', course.version === '1.2' ? 'cmi.core.session_time' : 'cmi.session_time', sessionTime(Date.now() - startedAt));
        call(api, 'setValue', course.version === '1.2' ? 'cmi.core.exit' : 'cmi.exit', 'suspend');
        call(api, 'commit');
        call(api, 'terminate');
      });
    }
    // The course loads only now, so that its pages find the stand-in.
    document.addEventListener('DOMContentLoaded', function () {
      var frame = document.querySelector('iframe[data-kb-start]');
      if (frame) frame.src = frame.getAttribute('data-kb-start');
    });
  }

  /* Each page's Initialize and Terminate stay inside the launch; everything else goes through. */
  function standIn(api) {
    var stand = {};
    stand[calls.initialize] = function () { return 'true'; };
    stand[calls.terminate] = function () { return call(api, 'commit'); };
    ['getValue', 'setValue', 'commit', 'getLastError', 'getErrorString', 'getDiagnostic'].forEach(function (name) {
      stand[calls[name]] = function (a, b) { return call(api, name, a, b); };
    });
    return stand;
  }

  /* SCORM 1.2 wants HHHH:MM:SS.SS, SCORM 2004 an ISO 8601 duration. */
  function sessionTime(ms) {
    var seconds = Math.max(0, Math.round(ms / 10)) / 100;
    if (course.version !== '1.2') return 'PT' + seconds.toFixed(2) + 'S';
    var hours = Math.floor(seconds / 3600), minutes = Math.floor(seconds % 3600 / 60), rest = seconds % 60;
    return ('000' + hours).slice(-4) + ':' + ('0' + minutes).slice(-2) + ':' + (rest < 10 ? '0' : '') + rest.toFixed(2);
  }

  /* ================================================================ 2. every page */

  function joinAsHost() {
    var api = findApi(false);
    if (!api) return; // a normal website: Kursbau works as always
    call(api, 'initialize');
    var stored = call(api, 'getValue', 'cmi.suspend_data');
    var state = readState(stored);
    // suspend_data of another version of the course (the trainer uploaded a new package) no
    // longer fits: its answers are gone, but what the platform was told stays until a submit.
    var isOwnData = !stored || stored === 'false' || stored.indexOf(MARK + course.key) === 0;
    var checksById = {};
    course.checks.forEach(function (check) { checksById[check.id] = check; });
    var finished = false;
    var changed = false; // by this page: only then is suspend_data written when it goes

    function isKept(courseId, id) {
      return courseId === course.course && checksById[id] && checksById[id].lms === 'score';
    }

    var host = {
      keeps: function (courseId, id) { return !!isKept(courseId, id); },
      load: function (courseId, id) { return isKept(courseId, id) ? recordOf(checksById[id], state[id]) : null; },
      save: function (courseId, id, record) {
        if (!isKept(courseId, id)) return;
        takeRecord(checksById[id], state[id], record);
        changed = true;
        write();
      },
      list: function (courseId) {
        if (courseId !== course.course) return [];
        return course.checks.filter(function (check) {
          return check.lms === 'score' && recordOf(check, state[check.id]);
        }).map(function (check) { return check.id; });
      },
      onEvent: function (event) {
        var check = event.course === course.course && checksById[event.id];
        if (!check) return;
        var counts = event.type === 'submit' || (event.type === 'update' && (event.data.type !== 'self-assessment' || !event.result.unanswered));
        if (!counts) return write(true);
        var entry = state[check.id];
        entry.done = true;
        if (check.lms === 'score') {
          entry.earned = earnedUnits(check, event.data, event.answers);
          entry.passed = event.result.passed === true;
        }
        report();
      }
    };
    (window.KursbauHosts = window.KursbauHosts || []).push(host);
    if (isOwnData) report();

    window.addEventListener('pagehide', function () {
      if (finished) return;
      finished = true;
      if (changed) write(true);
      call(api, 'terminate');
    });

    /* Writes suspend_data; `andCommit` also sends it to the platform (at a submit, a retry, a
       reset and when the page goes: not at every tick of a box). */
    function write(andCommit) {
      call(api, 'setValue', 'cmi.suspend_data', encodeState(state));
      if (andCommit) call(api, 'commit');
    }

    /* FORMAT 1.1: the checks with lms: score together give the score; the status is incomplete
       until every reported check is submitted, then passed, failed or completed. */
    function report() {
      var result = courseReport(state);
      if (course.version === '1.2') {
        if (result.score !== null) {
          call(api, 'setValue', 'cmi.core.score.min', '0');
          call(api, 'setValue', 'cmi.core.score.max', '100');
          call(api, 'setValue', 'cmi.core.score.raw', result.score);
        }
        var status = result.completion !== 'completed' ? 'incomplete' : result.success === 'unknown' ? 'completed' : result.success;
        call(api, 'setValue', 'cmi.core.lesson_status', status);
        call(api, 'setValue', 'cmi.core.exit', 'suspend');
      } else {
        if (result.score !== null) {
          call(api, 'setValue', 'cmi.score.min', '0');
          call(api, 'setValue', 'cmi.score.max', '100');
          call(api, 'setValue', 'cmi.score.raw', result.score);
          call(api, 'setValue', 'cmi.score.scaled', result.scaled);
        }
        call(api, 'setValue', 'cmi.completion_status', result.completion);
        call(api, 'setValue', 'cmi.success_status', result.success);
        call(api, 'setValue', 'cmi.exit', 'suspend');
      }
      write(true);
    }
  }

  /* ================================================================ exact numbers
     Fractions [numerator, denominator] of BigInt; decimal strings in and out. */

  var BIG = window.BigInt;

  /* "0.25", "-1", "2/3" (check data writes a third as a fraction) → [n, d] */
  function ratio(text) {
    var parts = String(text).split('/');
    var decimal = parts[0].split('.'), decimals = decimal[1] || '';
    var n = BIG(decimal[0] + decimals), d = BIG('1' + '0'.repeat(decimals.length));
    return parts[1] ? [n, d * BIG(parts[1])] : [n, d];
  }

  /* A number of check data times a whole number, as a decimal: "0.25" × 300 = "75",
     "-1/3" × 300 = "-100". */
  function times(text, factor) {
    var value = ratio(text);
    return decimalText(value[0] * BIG(factor), value[1], 4);
  }

  /* n / d with at most `places` decimals, rounded toward zero (exact when it terminates
     sooner). */
  function decimalText(n, d, places) {
    var sign = n < BIG(0) ? '-' : '';
    if (sign) n = -n;
    var scale = BIG('1' + '0'.repeat(places));
    var scaled = n * scale / d;
    var whole = scaled / scale, rest = (scaled % scale).toString();
    rest = ('0'.repeat(places) + rest).slice(-places).replace(/0+$/, '');
    return (scaled > BIG(0) ? sign : '') + whole.toString() + (rest ? '.' + rest : '');
  }

  /* The exact points a check earned, in its units (check.unit per point). Kursbau.score is the
     one scoring of the browser; its numbers are exact up to four decimals, and partial credit
     can need more (1/3 of a point). Scoring only adds up the numbers compiled into the check
     data (each question's `max`, each option's or step's `value`), so the check is scored with
     all of them times `unit`, which makes every result whole. */
  function earnedUnits(check, data, answers) {
    var scaled = JSON.parse(JSON.stringify(data));
    scaled.questions.forEach(function (question) {
      if (question.max !== undefined) question.max = times(question.max, check.unit);
      (question.options || question.steps || []).forEach(function (choice) {
        if (choice.value !== undefined) choice.value = times(choice.value, check.unit);
      });
    });
    return BIG(window.Kursbau.score(scaled, answers).score);
  }

  function courseReport(state) {
    var scored = course.checks.filter(function (check) { return check.lms === 'score'; });
    var score = null, scaled = null;
    if (scored.length) {
      // earned / possible × 100, rounded down to two decimals, as one fraction
      var denominator = BIG(1), numerator = BIG(0), possible = [BIG(0), BIG(1)];
      scored.forEach(function (check) { denominator *= BIG(check.unit); });
      scored.forEach(function (check) {
        var entry = state[check.id];
        if (entry.done) numerator += entry.earned * (denominator / BIG(check.unit));
        var most = ratio(check.max);
        possible = [possible[0] * most[1] + most[0] * possible[1], possible[1] * most[1]];
      });
      if (possible[0] > BIG(0)) {
        // (numerator / denominator) / (possible) × 100
        var n = numerator * possible[1] * BIG(100), d = denominator * possible[0];
        score = decimalText(n, d, 2);
        scaled = decimalText(ratio(score)[0], ratio(score)[1] * BIG(100), 4);
      } else {
        score = '0';
        scaled = '0';
      }
    }
    var all = course.checks.every(function (check) { return state[check.id].done; });
    if (!all) return { score: score, scaled: scaled, completion: 'incomplete', success: 'unknown' };
    var graded = scored.filter(function (check) { return check.pass; });
    if (!graded.length) return { score: score, scaled: scaled, completion: 'completed', success: 'unknown' };
    var passed = graded.every(function (check) { return state[check.id].passed; });
    return { score: score, scaled: scaled, completion: 'completed', success: passed ? 'passed' : 'failed' };
  }

  /* ================================================================ suspend_data
     One whole number in the mixed radix of all slots (see generator/export/suspend.py), after
     the mark "k1" and the 6-character key of the layout. */

  var ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var MARK = 'k1';

  function emptyEntry() {
    return { sub: false, answers: {}, marked: {}, result: false, done: false, passed: false, band: null, earned: BIG(0) };
  }

  function readState(text) {
    var state = {};
    course.checks.forEach(function (check) { state[check.id] = emptyEntry(); });
    var head = MARK + course.key;
    if (!text || text.indexOf(head) !== 0 || text.length === head.length) return state; // none, or of another version
    var number = BIG(0);
    for (var i = head.length; i < text.length; i++) {
      var digit = ALPHABET.indexOf(text.charAt(i));
      if (digit < 0) return state;
      number = number * BIG(64) + BIG(digit);
    }
    course.checks.forEach(function (check) {
      var entry = state[check.id];
      check.slots.forEach(function (slot) {
        var radix = BIG(slot[2]), value = Number(number % radix);
        number = number / radix;
        readSlot(entry, slot[0], slot[1], value);
      });
    });
    return state;
  }

  function readSlot(entry, kind, id, value) {
    if (kind === 'bool' && value) entry.answers[id] = true;
    else if (kind === 'index' && value) entry.answers[id] = value - 1;
    else if (kind === 'set' && value) {
      var chosen = [];
      for (var bit = 0; value >> bit; bit++) if (value >> bit & 1) chosen.push(bit);
      entry.answers[id] = chosen;
    } else if (kind === 'marked' && value) entry.marked[id] = true;
    else if (kind === 'sub') entry.sub = !!value;
    else if (kind === 'result') entry.result = !!value;
    else if (kind === 'done') entry.done = !!value;
    else if (kind === 'passed') entry.passed = !!value;
    else if (kind === 'band') entry.band = value ? value - 1 : null;
    else if (kind === 'earned') entry.earned = BIG(value);
  }

  function slotValue(entry, kind, id, radix) {
    var answer = entry.answers[id], value = 0;
    if (kind === 'bool') value = answer === true ? 1 : 0;
    else if (kind === 'index') value = typeof answer === 'number' ? answer + 1 : 0;
    else if (kind === 'set') {
      (Array.isArray(answer) ? answer : []).forEach(function (index) { value |= 1 << index; });
    } else if (kind === 'marked') value = entry.marked[id] ? 1 : 0;
    else if (kind === 'sub') value = entry.sub ? 1 : 0;
    else if (kind === 'result') value = entry.result ? 1 : 0;
    else if (kind === 'done') value = entry.done ? 1 : 0;
    else if (kind === 'passed') value = entry.passed ? 1 : 0;
    else if (kind === 'band') value = entry.band === null ? 0 : entry.band + 1;
    else if (kind === 'earned') return entry.earned < BIG(radix) ? entry.earned : BIG(0);
    return BIG(value >= 0 && value < radix ? value : 0); // anything that does not fit is dropped
  }

  function encodeState(state) {
    var number = BIG(0), weight = BIG(1);
    course.checks.forEach(function (check) {
      check.slots.forEach(function (slot) {
        number += slotValue(state[check.id], slot[0], slot[1], slot[2]) * weight;
        weight *= BIG(slot[2]);
      });
    });
    var digits = '';
    while (number > BIG(0)) {
      digits = ALPHABET.charAt(Number(number % BIG(64))) + digits;
      number = number / BIG(64);
    }
    return MARK + course.key + (digits || '0');
  }

  /* ================================================================ records
     Kursbau's record of a check (see "the store" in kursbau.js) from the slots, and back.
     Reflections are no slot: their text stays in this browser's localStorage. */

  function textKey(check) {
    return 'kursbau-scorm:' + course.course + ':' + check.id;
  }

  function readTexts(check) {
    try {
      var texts = JSON.parse(window.localStorage.getItem(textKey(check)) || '{}');
      return texts && typeof texts === 'object' ? texts : {};
    } catch (error) {
      return {};
    }
  }

  function recordOf(check, entry) {
    var texts = readTexts(check), answers = {};
    Object.keys(entry.answers).forEach(function (id) { answers[id] = entry.answers[id]; });
    Object.keys(texts).forEach(function (id) { if (typeof texts[id] === 'string') answers[id] = texts[id]; });
    if (!Object.keys(answers).length && !entry.sub && !entry.result) return null;
    return {
      v: 2, hash: check.hash, answers: answers, submitted: entry.sub, marked: entry.marked,
      result: entry.result ? summaryOf(check, entry) : null, done: entry.result, updated: 1
    };
  }

  /* The result summary a record shows (kursbau.js: score with four decimals at most, the
     percentage rounded down), from the exact points of the attempt that counts. */
  function summaryOf(check, entry) {
    var unit = BIG(check.unit), most = ratio(check.max);
    var rounded = (entry.earned * BIG(20000) + unit) / (unit * BIG(2)); // half away from zero
    var percent = most[0] > BIG(0) ? Number(entry.earned * BIG(100) * most[1] / (unit * most[0])) : 0;
    return {
      score: decimalText(rounded, BIG(10000), 4), max: check.max, percent: percent, band: entry.band,
      title: entry.band === null ? null : check.bands[entry.band], passed: check.pass ? entry.passed : null
    };
  }

  function takeRecord(check, entry, record) {
    var texts = {};
    entry.answers = {};
    entry.marked = {};
    entry.sub = !!(record && record.submitted);
    entry.result = !!(record && record.result);
    if (record && record.result) {
      entry.band = typeof record.result.band === 'number' ? record.result.band : null;
      if (check.pass) entry.passed = record.result.passed === true;
    }
    Object.keys(record ? record.answers : {}).forEach(function (id) {
      var value = record.answers[id];
      if (typeof value === 'string') texts[id] = value;
      else entry.answers[id] = value;
    });
    Object.keys(record ? record.marked : {}).forEach(function (id) { entry.marked[id] = true; });
    try {
      if (Object.keys(texts).length) window.localStorage.setItem(textKey(check), JSON.stringify(texts));
      else window.localStorage.removeItem(textKey(check));
    } catch (error) { /* no storage: the texts live as long as the page */ }
  }

  /* ================================================================ start */

  if (document.documentElement.hasAttribute('data-kb-scorm-start')) holdSession();
  else joinAsHost();
})();
