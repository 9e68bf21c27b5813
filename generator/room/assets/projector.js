/* Kursbau room: the projector view. Classic script, no dependencies.

   The trainer token comes after "#t=" in the address (a fragment never reaches a server log)
   and goes to the server in an Authorization header. The view asks for the group picture and
   then asks again with the version it has: the server answers as soon as something changes
   (long polling), so the picture follows every share without reloading the page. */
(function (w, d) {
  'use strict';

  var body = d.body;
  var ui = JSON.parse(body.getAttribute('data-room-ui'));
  var token = (/[#&]t=([A-Za-z0-9_-]+)/.exec(w.location.hash) || [])[1] || '';
  var stateLine = d.querySelector('[data-room-state]');
  var nav = d.querySelector('[data-room-nav]');
  var list = d.querySelector('[data-room-checks]');
  var tools = d.querySelector('[data-room-tools]');
  var chosen = '';          /* id of the check shown alone, '' for all */
  var picture = null;       /* the last group picture from the server */
  var retryDelay = 1000;

  // fill() and make() as in kursbau.js, on purpose: the projector view is a self-contained
  // classic script served by the room, so these lines are repeated, not shared.
  function fill(text, values) {
    Object.keys(values || {}).forEach(function (name) {
      text = text.split('{' + name + '}').join(String(values[name]));
    });
    return text;
  }

  function make(tag, className, text) {
    var node = d.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function api(path, options) {
    options = options || {};
    options.headers = Object.assign({ Authorization: 'Bearer ' + token }, options.headers || {});
    options.cache = 'no-store';
    return w.fetch(path, options);
  }

  /* ---- the live picture ---- */

  function poll(after) {
    var url = '/_room/api/summary' + (after ? '?after=' + encodeURIComponent(after) : '');
    api(url).then(function (response) {
      if (response.status === 401) {
        stateLine.textContent = ui.noToken;
        return null;
      }
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (next) {
      if (!next) return;
      retryDelay = 1000;
      picture = next;
      render();
      poll(next.version);
    }).catch(function () {
      /* the server restarts or the Wi-Fi drops: keep trying, more slowly each time */
      stateLine.textContent = ui.offline;
      w.setTimeout(function () { poll(''); }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 10000);
    });
  }

  function render() {
    stateLine.textContent = fill(ui.updated, { t: picture.updated });
    body.setAttribute('data-room-version', picture.version);
    tools.hidden = false;
    renderNav();
    list.textContent = '';
    picture.checks.forEach(function (check) {
      if (!chosen || chosen === check.id) list.appendChild(checkSection(check));
    });
  }

  function renderNav() {
    var wanted = [{ id: '', title: ui.all }].concat(picture.checks);
    var have = [].map.call(nav.children, function (b) { return b.getAttribute('data-room-check'); });
    if (have.join('\n') !== wanted.map(function (c) { return c.id; }).join('\n')) {
      nav.textContent = '';
      wanted.forEach(function (check) {
        var button = make('button', 'rp-tab', check.title);
        button.type = 'button';
        button.setAttribute('data-room-check', check.id);
        nav.appendChild(button);
      });
    }
    [].forEach.call(nav.children, function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-room-check') === chosen));
    });
    nav.hidden = picture.checks.length < 2;
  }

  function checkSection(check) {
    var section = make('section', 'rp-check');
    section.setAttribute('data-room-check', check.id);
    section.appendChild(make('h2', 'rp-title', check.title));
    var count = make('p', 'rp-count', check.count === 0 ? ui.shared0 :
      check.count === 1 ? ui.shared1 : fill(ui.sharedN, { n: check.count }));
    count.setAttribute('data-room-count', String(check.count));
    section.appendChild(count);
    if (check.percent == null) {
      /* one or two shares: counts only, nobody's own result on the wall */
      if (check.count > 0) section.appendChild(make('p', 'rp-few', fill(ui.few, { k: picture.minShares })));
      return section;
    }
    var mean = make('p', 'rp-mean', fill(ui.mean, { p: check.percent }));
    mean.setAttribute('data-room-mean', String(check.percent));
    section.appendChild(mean);
    var grid = make('div', 'rp-grid');
    if (check.bands) {
      grid.appendChild(block(ui.bands, check.bands.map(function (band) {
        return { label: band.title, share: band.count / check.count,
          value: fill(ui.people, { n: band.count }), data: band.count };
      }), 'bands'));
    }
    if (check.passed != null) {
      section.appendChild(make('p', 'rp-passed', fill(ui.passed, { n: check.passed, m: check.count })));
    }
    if (check.dimensions.length) {
      grid.appendChild(block(ui.areas, check.dimensions.map(function (dim) {
        return { label: dim.label, share: dim.percent / 100, value: fill(ui.pct, { p: dim.percent }), data: dim.percent };
      }), 'dimensions'));
    }
    if (check.discuss.items.length) {
      grid.appendChild(block(ui[check.discuss.kind], check.discuss.items.map(function (item) {
        var n = item.count != null ? item.count : item.percent;
        return {
          label: item.text,
          share: item.count != null ? item.count / check.count : item.percent / 100,
          value: item.count != null ? fill(ui.ofN, { n: item.count, m: check.count }) : fill(ui.pct, { p: item.percent }),
          data: n
        };
      }), 'discuss'));
    }
    section.appendChild(grid);
    return section;
  }

  /* a titled list of labelled bars; the number is always written next to its bar */
  function block(title, rows, kind) {
    var wrap = make('div', 'rp-block rp-' + kind);
    wrap.appendChild(make('h3', 'rp-h', title));
    var ul = make('ul', 'rp-bars');
    ul.setAttribute('data-room-list', kind);
    rows.forEach(function (row) {
      var li = make('li', 'rp-row');
      li.setAttribute('data-room-value', String(row.data));
      var track = make('span', 'rp-track');
      var fillBar = make('span', 'rp-fill');
      fillBar.style.width = Math.max(0, Math.min(100, Math.round(row.share * 100))) + '%';
      track.appendChild(fillBar);
      track.setAttribute('aria-hidden', 'true');
      li.appendChild(make('span', 'rp-label', row.label));
      li.appendChild(track);
      li.appendChild(make('span', 'rp-value', row.value));
      ul.appendChild(li);
    });
    wrap.appendChild(ul);
    return wrap;
  }

  /* ---- the trainer's tools ---- */

  nav.addEventListener('click', function (event) {
    var button = event.target.closest('[data-room-check]');
    if (!button || !picture) return;
    chosen = button.getAttribute('data-room-check');
    render();
  });

  tools.addEventListener('click', function (event) {
    var button = event.target.closest('[data-room-action]');
    if (!button) return;
    var action = button.getAttribute('data-room-action');
    if (action === 'reset') {
      if (!w.confirm(ui.confirmReset)) return;
      api('/_room/api/reset', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"confirm":true}'
      }).then(function (response) {
        stateLine.textContent = response.ok ? ui.resetDone : fill(ui.shareFailed, { m: response.status });
      });
    } else if (action === 'csv') {
      api('/_room/api/export.csv').then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.blob();
      }).then(function (blob) {
        var link = make('a');
        link.href = URL.createObjectURL(blob);
        link.download = ui.csvName;
        body.appendChild(link);
        link.click();
        body.removeChild(link);
        w.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      }).catch(function (error) {
        stateLine.textContent = fill(ui.shareFailed, { m: error.message });
      });
    }
  });

  if (!token) stateLine.textContent = ui.noToken;
  else poll('');
})(window, document);
