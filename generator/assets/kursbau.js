/* Kursbau: self-checks in the browser. Exact scoring, results, memory on this device.
   Classic script, one global (Kursbau), no dependencies. Nothing leaves the browser. */
(function (w, d) {
  'use strict';
  if (w.Kursbau) { w.Kursbau.init(); return; }
  var B = BigInt, Z = B(0), I = B(1), C = B(100), T = B(10000), O = [Z, I];

  /* ---- exact fractions [numerator, denominator > 0] of BigInt ---- */
  function gcd(a, b) { a = a < Z ? -a : a; while (b) { var t = a % b; a = b; b = t; } return a || I; }
  function fr(n, q) { var g = gcd(n, q); return [n / g, q / g]; }
  function num(s) {
    var m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(String(s));
    if (!m || !(m[2] || m[3])) throw new Error('Kursbau: not a number: ' + s);
    var f = m[3] || '';
    return fr(B(m[1] + (m[2] || '0') + f), B('1' + '0'.repeat(f.length)));
  }
  function add(a, b) { return fr(a[0] * b[1] + b[0] * a[1], a[1] * b[1]); }
  function mul(a, b) { return fr(a[0] * b[0], a[1] * b[1]); }
  function ge(a, b) { return a[0] * b[1] >= b[0] * a[1]; }
  function fmt(a) { /* at most 4 decimals, half away from zero, no trailing zeros */
    var n = a[0] < Z ? -a[0] : a[0], r = (n * T * B(2) + a[1]) / (a[1] * B(2)),
      f = ('000' + (r % T)).slice(-4).replace(/0+$/, '');
    return (a[0] < Z && r ? '-' : '') + (r / T) + (f ? '.' + f : '');
  }
  /* a score as shown: exact when it has at most 4 decimals, else rounded down to 2 (2/3 → 0.66) */
  function shown(a) { return (a[0] * T) % a[1] === Z ? fmt(a) : fmt([a[0] * C / a[1], C]); }
  function pc(s, m) { return m[0] > Z ? Number(s[0] * C * m[1] / (s[1] * m[0])) : 0; }
  function reached(v, pct, s, m) { v = num(v); return pct ? ge(mul(s, [C, I]), mul(v, m)) : ge(s, v); }
  function band(bs, s, m) {
    var k = null;
    (bs || []).forEach(function (b, i) { if (reached(b.min, b.percent, s, m)) k = i; });
    return bs && bs.length ? k : null;
  }
  function M(o) { return Object.assign(Object.create(null), o); } /* a map: no inherited keys */
  function idx(a, n) { return typeof a === 'number' && a % 1 === 0 && a >= 0 && a < n; }
  function own(o, k) { return o != null && Object.prototype.hasOwnProperty.call(o, k); }

  /* [earned, max, answered] of one scored question, as generator.core.scoring.question_points */
  function qpts(q, a) {
    var k = q.kind, m, p, o, ch = {}, r = 0, x = 0, nc = 0;
    if (k === 'check') { m = num(q.points); return [a === true ? m : O, m, true]; }
    if (k === 'scale') {
      var ps = q.steps.map(function (s) { return num(s.points); }), hi = ps[0], lo = ps[0], wt = num(q.weight);
      ps.forEach(function (v) { if (ge(v, hi)) hi = v; if (ge(lo, v)) lo = v; });
      m = mul(wt, hi);
      if (!idx(a, ps.length)) return [O, m, false];
      p = ps[a];
      if (q.reverse) p = add(add(hi, lo), [-p[0], p[1]]);
      return [mul(wt, p), m, true];
    }
    m = num(q.points); o = q.options;
    if (k === 'single') return idx(a, o.length) ? [o[a].correct ? m : O, m, true] : [O, m, false];
    if (Array.isArray(a)) a.forEach(function (i) { if (idx(i, o.length)) ch[i] = 1; });
    o.forEach(function (op, i) { if (op.correct) nc++; if (ch[i]) { if (op.correct) r++; else x++; } });
    if (!(r + x)) return [O, m, false];
    if (q.partial) return [r > x ? mul(m, fr(B(r - x), B(nc))) : O, m, true];
    return [r === nc && !x ? m : O, m, true];
  }

  function calc(data, ans) {
    var c = { t: O, m: O, un: 0, dm: M(), qs: M() };
    data.dimensions.forEach(function (x) { c.dm[x.key] = [O, O]; });
    data.questions.forEach(function (q) {
      if (q.kind === 'reflection') return;
      var r = qpts(q, own(ans, q.id) ? ans[q.id] : undefined), D = own(c.dm, q.dimension) && c.dm[q.dimension];
      c.t = add(c.t, r[0]); c.m = add(c.m, r[1]); c.un += r[2] ? 0 : 1; c.qs[q.id] = r;
      if (D) { D[0] = add(D[0], r[0]); D[1] = add(D[1], r[1]); }
    });
    c.band = band(data.bands, c.t, c.m);
    c.pass = data.pass ? reached(data.pass.value, data.pass.percent, c.t, c.m) : null;
    return c;
  }

  /* The public scoring function: same result shape as generator.core.scoring.score. */
  function score(data, ans) {
    var c = calc(data, ans || {}), dims = M(), qs = M();
    data.dimensions.forEach(function (x) {
      var D = c.dm[x.key];
      dims[x.key] = { score: fmt(D[0]), max: fmt(D[1]), percent: pc(D[0], D[1]), band: band(x.bands, D[0], D[1]) };
    });
    Object.keys(c.qs).forEach(function (k) { var r = c.qs[k]; qs[k] = { earned: fmt(r[0]), max: fmt(r[1]), answered: r[2] }; });
    return { score: fmt(c.t), max: fmt(c.m), percent: pc(c.t, c.m), band: c.band, passed: c.pass,
      unanswered: c.un, dimensions: dims, questions: qs };
  }

  /* ---- storage: never breaks a check ---- */
  var LS = (function () {
    try { var s = w.localStorage, k = 'kursbau:probe'; s.setItem(k, k); s.removeItem(k); return s; } catch (e) { return null; }
  })();
  function rd(k) { try { return LS ? LS.getItem(k) : null; } catch (e) { return null; } }
  function wr(k, v) {
    try { if (LS) { if (v == null) LS.removeItem(k); else LS.setItem(k, v); return true; } } catch (e) { /* quota */ }
    return false;
  }

  /* ---- DOM helpers; participant text only ever through textContent ---- */
  function $(r, s) { return r.querySelector(s); }
  function $$(r, s) { return [].slice.call(r.querySelectorAll(s)); }
  function el(tag, cls, txt, kids) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (txt != null) e.textContent = txt;
    (kids || []).forEach(function (k) { if (k) e.appendChild(k); });
    return e;
  }
  function au(tag, cls, h) { var e = el(tag, cls); e.innerHTML = h; return e; } /* author HTML, sanitized by the generator */
  function tr(s, o) { Object.keys(o || {}).forEach(function (n) { s = s.split('{' + n + '}').join(o[n]); }); return s; }
  function json(s) { try { return JSON.parse(s); } catch (e) { return null; } }
  function sayIn(box, ui, list) {
    box.textContent = '';
    (LS ? list : [ui.noStore].concat(list)).forEach(function (m) { box.appendChild(el('p', '', m)); });
  }
  function still() { return w.matchMedia && w.matchMedia('(prefers-reduced-motion: reduce)').matches; }

  function setup(root) {
    if (root.hasAttribute('data-kb-ready')) return;
    var t = $(root, 'template[data-kb-t]'), js = (t ? t.content : root).querySelector('script[data-kb-data]'),
      data = js && json(js.textContent),
      ui = json(root.getAttribute('data-kb-ui')) || {};
    if (!data) return;
    root.setAttribute('data-kb-ready', '');
    var form = $(root, 'form'), sum = $(root, '[data-result]'), det = $(root, '.kb-det'), box = $(root, '.kb-res'),
      note = $(root, '[data-kb-notice]'), prt = $(root, '[data-action=print]'),
      key = 'kursbau:' + data.course + ':' + data.id, plan = data.actionPlan, imm = data.feedback === 'immediate',
      Q = M(), st = { a: M(), sub: false, chk: M() }, msgs = [], last = '';
    function N(s) { return String(s).replace('.', ui.dec || '.'); }
    function P(p) { return tr(ui.pct, { p: p }); }
    $$(root, '[data-kb-q]').forEach(function (b) { Q[b.getAttribute('data-kb-q')] = { box: b }; });
    data.questions.forEach(function (q) { (Q[q.id] = Q[q.id] || M()).q = q; });

    /* load */
    var raw = rd(key), rec = raw && json(raw);
    if (raw && !(rec && typeof rec === 'object' && rec.a && typeof rec.a === 'object')) { rec = null; msgs.push(ui.corrupt); wr(key, null); }
    if (rec && rec.hash === data.hash) { st.a = M(rec.a); st.sub = !!rec.sub; st.chk = M(rec.chk); }
    else if (rec) {
      var lost = false;
      Object.keys(rec.a).forEach(function (k) {
        if (Q[k] && Q[k].q && Q[k].q.kind === 'reflection' && typeof rec.a[k] === 'string') st.a[k] = rec.a[k];
        else lost = true;
      });
      if (lost || rec.sub) msgs.push(ui.changed);
    }

    function inputs(q) { var b = Q[q.id].box; return b ? $$(b, 'input,textarea') : []; }
    function put() {
      data.questions.forEach(function (q) {
        var a = st.a[q.id];
        inputs(q).forEach(function (n) {
          if (n.tagName === 'TEXTAREA') n.value = typeof a === 'string' ? a : '';
          else if (q.kind === 'check') n.checked = a === true;
          else if (q.kind === 'multiple') n.checked = Array.isArray(a) && a.indexOf(+n.value) >= 0;
          else n.checked = a === +n.value;
        });
      });
    }
    function get() {
      var a = M();
      data.questions.forEach(function (q) {
        var v;
        inputs(q).forEach(function (n) {
          if (n.tagName === 'TEXTAREA') { if (n.value) v = n.value; }
          else if (n.checked) {
            if (q.kind === 'check') v = true;
            else if (q.kind === 'multiple') (v = v || []).push(+n.value);
            else v = +n.value;
          }
        });
        if (v !== undefined) a[q.id] = v;
      });
      return a;
    }
    function save(c) {
      var refl = data.questions.filter(function (q) { return q.kind === 'reflection'; }),
        filled = refl.filter(function (q) { return st.a[q.id]; }).length, s = 0, l = '';
      if (Object.keys(st.a).length || st.sub) s = 1;
      if (plan && refl.length && filled === refl.length) s = 2;
      if (c && c.full) {
        s = 2;
        l = c.band != null ? data.bands[c.band].title
          : c.pass != null ? (c.pass ? ui.passed : ui.failed) + ' (' + P(pc(c.t, c.m)) + ')' : P(pc(c.t, c.m));
      }
      if (!s) return wr(key, null);
      if (!wr(key, JSON.stringify({ v: 1, hash: data.hash, a: st.a, sub: st.sub, chk: st.chk, s: s, l: l, t: Date.now() })) && LS) {
        LS = null; /* quota or storage gone: every check on the page says so */
        $$(d, '[data-assessment] [data-kb-notice]').forEach(function (n) { sayIn(n, ui, []); });
      }
    }

    /* per-question marks: quiz feedback, open statements. A live region is only rewritten when
       its words change, so one changed answer does not re-announce every question. */
    function say(fb, icon, text) {
      if (fb.textContent === (icon ? icon + ' ' : '') + text) return;
      fb.textContent = '';
      if (icon) fb.appendChild(el('span', 'kb-ic', icon));
      fb.appendChild(d.createTextNode((icon ? ' ' : '') + text));
    }
    function mark(q, c) {
      var b = Q[q.id].box, fb = b && $(b, '[data-kb-fb]'), r = c.qs[q.id], show, k, a = st.a[q.id];
      if (!fb) return;
      b.classList.remove('kb-open', 'kb-right', 'kb-wrong', 'kb-partly');
      if (q.kind === 'scale') {
        k = st.sub && !r[2];
        if (k) b.classList.add('kb-open');
        return say(fb, '', k ? ui.unanswered : '');
      }
      show = st.sub || (imm && (q.kind === 'single' ? r[2] : st.chk[q.id]));
      $$(b, '.kb-o').forEach(function (o, i) {
        var chosen = show && (q.kind === 'multiple' ? Array.isArray(a) && a.indexOf(i) >= 0 : a === i),
          ok = q.options[i].correct, m = $(o, '[data-kb-mark]'), f = $(o, '.kb-ofb');
        o.className = 'kb-o' + (chosen ? (ok ? ' kb-ok' : ' kb-no') : '');
        m.textContent = chosen ? (ok ? '\u2713 ' + ui.optRight : '\u2717 ' + ui.optWrong) : '';
        if (f) f.hidden = !chosen;
      });
      var ex = $(b, '.kb-expl');
      if (ex) ex.hidden = !show;
      if (!show) return say(fb, '', '');
      var g = qpts(Object.assign({}, q, { points: '1' }), a);
      k = !g[2] ? 'open' : g[0][0] === Z ? 'wrong' : ge(g[0], [I, I]) ? 'right' : 'partly';
      b.classList.add('kb-' + k);
      say(fb, { right: '\u2713', wrong: '\u2717', partly: '\u25d0', open: '\u2013' }[k], (k === 'open' ? ui.unanswered : ui[k]) +
        (k === 'partly' ? ' (' + tr(ui.score, { s: N(shown(r[0])), m: N(fmt(r[1])) }) + ')' : ''));
    }

    function bars(c) {
      var ds = data.dimensions.filter(function (x) { return c.dm[x.key][1][0] > Z; });
      if (!ds.length) return null;
      var ul = el('ul', 'kb-bars'), rt = function (x) { var D = c.dm[x.key]; return fr(D[0][0] * D[1][1], D[0][1] * D[1][0]); },
        hi = rt(ds[0]), lo = hi, wrap = el('div', 'kb-dims', null, [el('h3', 'kb-h', ui.areas), ul]);
      ds.forEach(function (x) {
        var D = c.dm[x.key], p = pc(D[0], D[1]), f = el('span', 'kb-bf'), k = band(x.bands, D[0], D[1]), r = rt(x);
        if (ge(r, hi)) hi = r;
        if (ge(lo, r)) lo = r;
        f.style.width = Math.min(100, p) + '%';
        var li = el('li', '', null, [el('span', 'kb-bl', x.label), el('span', 'kb-bt', null, [f]), el('span', 'kb-bv', P(p))]);
        li.lastChild.title = tr(ui.score, { s: N(shown(D[0])), m: N(fmt(D[1])) });
        li.children[1].setAttribute('aria-hidden', 'true');
        if (k != null) li.appendChild(el('div', 'kb-db', null, [el('strong', '', x.bands[k].title), au('div', '', x.bands[k].text || '')]));
        ul.appendChild(li);
      });
      if (ds.length > 1) {
        var names = function (v) {
          return ds.filter(function (x) { var r = rt(x); return ge(r, v) && ge(v, r); }).map(function (x) { return x.label; }).join(ui.and);
        };
        wrap.appendChild(el('p', 'kb-sw', ge(lo, hi) ? ui.even : tr(ui.strong, { a: names(hi) }) + ' ' + tr(ui.weak, { a: names(lo) })));
      }
      return wrap;
    }

    function opts(q, a) {
      var t = q.options.map(function (o, i) {
        return (q.kind === 'multiple' ? Array.isArray(a) && a.indexOf(i) >= 0 : a === i) ? o.text : null;
      }).filter(Boolean).join(', ');
      return t ? au('span', '', t) : el('span', '', ui.none);
    }

    function details(c) {
      var out = [], todo = el('ul', 'kb-todo'), rev = el('ol', 'kb-rev');
      if (c.band != null && data.bands[c.band].text) out.push(au('div', 'kb-bandtext', data.bands[c.band].text));
      out.push(bars(c));
      data.questions.forEach(function (q, n) {
        var r = c.qs[q.id], li;
        if (!r || !q.tip && q.kind !== 'single' && q.kind !== 'multiple') return;
        if (q.kind === 'check' ? st.a[q.id] !== true : q.kind === 'scale' && !ge(mul(r[0], [B(2), I]), r[1])) {
          todo.appendChild(au('li', '', q.tip));
        } else if ((q.kind === 'single' || q.kind === 'multiple') && !ge(r[0], r[1])) {
          rev.appendChild(li = el('li', '', null, [
            au('div', 'kb-rq', q.text),
            el('p', '', null, [el('strong', '', ui.yourAnswer + ' '), opts(q, st.a[q.id])]),
            el('p', '', null, [el('strong', '', ui.rightAnswer + ' '),
              opts(q, q.kind === 'single' ? q.options.map(function (o) { return o.correct; }).indexOf(true)
                : q.options.map(function (o, i) { return o.correct ? i : -1; }).filter(function (i) { return i >= 0; }))]),
            q.explanation ? au('div', 'kb-rx', q.explanation) : null]));
          li.value = n + 1; /* the question's own number */
        }
      });
      if (todo.children.length) out.push(el('div', 'kb-next', null, [el('h3', 'kb-h', ui.todo), todo]));
      if (rev.children.length) out.push(el('div', 'kb-review', null, [el('h3', 'kb-h', ui.review), rev]));
      return out;
    }

    function show(fromSubmit) {
      var c = calc(data, st.a);
      c.full = st.sub && !plan && !(data.type === 'self-assessment' && c.un);
      data.questions.forEach(function (q) { if (q.kind !== 'reflection' && q.kind !== 'check') mark(q, c); });
      save(c);
      if (plan) return;
      var kids = [], attrs = {};
      if (st.sub && !c.full) kids.push(el('p', 'kb-left', tr(c.un === 1 ? ui.open1 : ui.openN, { n: c.un })));
      if (c.full) {
        var p = pc(c.t, c.m), meter = el('span', 'kb-meter', null, [el('span')]);
        meter.firstChild.style.width = Math.min(100, p) + '%';
        meter.setAttribute('aria-hidden', 'true');
        attrs = { 'data-score': fmt(c.t), 'data-max': fmt(c.m), 'data-band': c.band, 'data-passed': c.pass };
        kids.push(el('p', 'kb-h', ui.resultTitle));
        kids.push(el('p', 'kb-score', null, [el('strong', '', tr(ui.score, { s: N(shown(c.t)), m: N(fmt(c.m)) })),
          d.createTextNode(' \u00b7 ' + P(p))]), meter);
        if (c.pass != null) {
          kids.push(el('p', 'kb-pass ' + (c.pass ? 'kb-ok' : 'kb-no'), null, [el('span', 'kb-ic', c.pass ? '\u2713' : '\u2717'),
            d.createTextNode(' ' + (c.pass ? ui.passed : ui.failed) + ' (' + tr(ui.needed, {
              v: data.pass.percent ? P(N(data.pass.value)) : tr(ui.score, { s: N(data.pass.value), m: N(fmt(c.m)) }) }) + ')')]));
        }
        if (c.band != null) kids.push(el('p', 'kb-band', data.bands[c.band].title));
      }
      ['data-score', 'data-max', 'data-band', 'data-passed'].forEach(function (k) {
        if (attrs[k] == null) sum.removeAttribute(k); else sum.setAttribute(k, String(attrs[k]));
      });
      var sig = kids.map(function (k) { return k.textContent; }).join('|');
      if (sig !== last) { sum.textContent = ''; kids.forEach(function (k) { sum.appendChild(k); }); last = sig; }
      det.textContent = '';
      if (c.full) details(c).forEach(function (k) { if (k) det.appendChild(k); });
      box.classList.toggle('kb-on', !!kids.length);
      prt.hidden = !c.full;
      if (fromSubmit) {
        var open = !c.full && $(root, '.kb-open input');
        if (open) open.focus();
        else if (box.scrollIntoView) box.scrollIntoView({ block: 'nearest', behavior: still() ? 'auto' : 'smooth' });
      }
    }

    function changed(e) {
      var b = e.target.closest && e.target.closest('[data-kb-q]'), id = b && b.getAttribute('data-kb-q');
      if (id && imm) delete st.chk[id];
      st.a = get(); show();
    }
    form.addEventListener('change', changed);
    form.addEventListener('input', function (e) { if (e.target.tagName === 'TEXTAREA') changed(e); });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (plan) return;
      st.sub = true; st.a = get(); show(true);
    });
    root.addEventListener('click', function (e) {
      var b = e.target.closest && e.target.closest('[data-action]'), act = b && b.getAttribute('data-action');
      if (act === 'check') {
        var id = b.closest('[data-kb-q]').getAttribute('data-kb-q');
        st.a = get(); st.chk[id] = 1; show();
      } else if (act === 'reset') {
        var text = data.questions.some(function (q) { return q.kind === 'reflection' && st.a[q.id]; });
        if (text && !w.confirm(ui.confirmReset)) return;
        st = { a: M(), sub: false, chk: M() }; last = null;
        put(); show(); wr(key, null); sayIn(note, ui, [ui.cleared]);
      } else if (act === 'print') printResult(root);
    });
    put();
    sayIn(note, ui, msgs);
    st.a = get(); /* keeps only answers that fit the current questions */
    show();
  }

  function printResult(root) {
    $$(root, 'textarea').forEach(function (t) {
      var p = t.parentNode.querySelector('.kb-ptext') || t.parentNode.insertBefore(el('div', 'kb-ptext'), t.nextSibling);
      p.textContent = t.value;
    });
    var h = d.documentElement, n;
    for (n = root; n && n.classList; n = n.parentNode) n.classList.add('kb-pp');
    root.classList.add('kb-pr');
    h.classList.add('kb-print-result');
    w.addEventListener('afterprint', function done() {
      w.removeEventListener('afterprint', done);
      h.classList.remove('kb-print-result');
      $$(d, '.kb-pp').forEach(function (x) { x.classList.remove('kb-pp', 'kb-pr'); });
    });
    w.print();
  }

  function overview(root) {
    if (root.hasAttribute('data-kb-ready')) return;
    root.setAttribute('data-kb-ready', '');
    var ui = json(root.getAttribute('data-kb-ui')) || {}, pre = 'kursbau:' + root.getAttribute('data-kb-course') + ':',
      note = $(root, '[data-kb-notice]');
    function fill() {
      $$(root, 'tr[data-kb-id]').forEach(function (row) {
        var rec = json(rd(pre + row.getAttribute('data-kb-id'))), t = ui.notStarted, s = 0;
        if (rec && typeof rec === 'object') {
          if (rec.hash !== row.getAttribute('data-kb-hash')) { t = ui.stale; s = 1; }
          else if (rec.s === 2) { t = '\u2713 ' + (rec.l || ui.done); s = 2; }
          else if (rec.s === 1) { t = ui.inProgress; s = 1; }
        }
        var c = $(row, '[data-kb-state]');
        c.textContent = t; c.className = 'kb-st' + s;
      });
    }
    fill();
    sayIn(note, ui, []);
    root.addEventListener('click', function (e) {
      if (!e.target.closest || !e.target.closest('[data-action=clear-all]') || !w.confirm(ui.confirmAll)) return;
      var keys = [];
      try { for (var i = 0; i < LS.length; i++) if (LS.key(i).indexOf(pre) === 0) keys.push(LS.key(i)); } catch (x) { /* none */ }
      keys.forEach(function (k) { wr(k, null); });
      fill(); sayIn(note, ui, [ui.clearedAll]);
    });
  }

  /* content tabs print one after another: each block carries its tab's label */
  function tabs() {
    $$(d, '.tabbed-set').forEach(function (s) {
      var ls = $$(s, '.tabbed-labels > label');
      $$(s, '.tabbed-content > .tabbed-block').forEach(function (b, i) {
        if (ls[i]) b.setAttribute('data-kb-label', ls[i].textContent.trim());
      });
    });
  }

  function init() {
    $$(d, '[data-assessment]').forEach(function (r) {
      try { setup(r); } catch (e) { if (w.console) console.error('Kursbau', e); }
    });
    $$(d, '[data-kb-overview]').forEach(overview);
    tabs();
  }

  w.Kursbau = { score: score, init: init };
  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', init); else init();
  if (w.document$ && w.document$.subscribe) w.document$.subscribe(function () { init(); });
})(window, document);
