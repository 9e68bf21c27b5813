/* A small host, loaded before kursbau.js as a SCORM package or the workshop room would load
   theirs: it keeps the answers of the check "kept" on its "platform" (window.__platform, which a
   test fills before the page loads, as a platform hands back its suspend_data), records every
   event, adds a "share" button under each result and looks at the overview's records. */
(function () {
  'use strict';
  var platform = window.__platform = window.__platform || {};
  platform.kept = platform.kept || {};
  platform.events = [];
  platform.shared = [];
  (window.KursbauHosts = window.KursbauHosts || []).push({
    keeps: function (course, id) {
      return id === 'kept';
    },
    load: function (course, id) {
      return platform.kept[course + '/' + id] || null;
    },
    save: function (course, id, record) {
      if (record) platform.kept[course + '/' + id] = JSON.parse(JSON.stringify(record));
      else delete platform.kept[course + '/' + id];
    },
    list: function (course) {
      return Object.keys(platform.kept).filter(function (key) {
        return key.indexOf(course + '/') === 0;
      }).map(function (key) {
        return key.slice(course.length + 1);
      });
    },
    onEvent: function (event) {
      platform.events.push({
        type: event.type, course: event.course, id: event.id, title: event.data.title,
        answers: event.answers, result: event.result
      });
    },
    resultButtons: function (event) {
      return [{
        action: 'share',
        label: 'Anonym mit der Gruppe teilen',
        press: function (pressed, button) {
          platform.shared.push({ id: pressed.id, score: pressed.result.score, band: pressed.result.band });
          button.textContent = 'Geteilt';
        }
      }];
    },
    overview: function (access) {
      platform.overview = { course: access.course, ids: access.entries.map(function (e) { return e.id; }) };
      platform.access = access;
    }
  });
})();
