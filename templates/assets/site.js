// site.js: progressive enhancement for the acmkb site. Every page works
// without it; with it, copy buttons copy, the home page filters by service,
// / leads Japanese browsers to /ja/, the search page's language link keeps
// the query, and `acmkb serve` reloads on change.
// No inline scripts, no eval, no third parties: it runs under a strict CSP.
(function () {
  'use strict';

  var announcer = document.getElementById('announce');

  function text(key, fallback) {
    return (announcer && announcer.dataset[key]) || fallback;
  }

  // announce reads msg out through the polite live region.
  function announce(msg) {
    if (!announcer) return;
    announcer.textContent = '';
    window.setTimeout(function () { announcer.textContent = msg; }, 50);
  }

  function storeLang(lang) {
    try { window.localStorage.setItem('acmkb-lang', lang); } catch (e) { /* storage off */ }
  }

  function storedLang() {
    try { return window.localStorage.getItem('acmkb-lang'); } catch (e) { return null; }
  }

  // --- "verified N days ago" counts from today, not from the build --------
  document.querySelectorAll('.verified time[datetime]').forEach(function (t) {
    var ago = t.parentNode.querySelector('.ago');
    var then = Date.parse(t.getAttribute('datetime') + 'T00:00:00Z');
    if (!ago || isNaN(then)) return;
    var days = Math.floor((Date.now() - then) / 86400000);
    var label = days <= 0 ? ago.dataset.today : days === 1 ? ago.dataset.day : (ago.dataset.days || '').replace('%d', String(days));
    if (label) ago.textContent = '(' + label + ')';
  });

  // --- Language: / leads to a language ---------------------------------

  if (document.body.dataset.page === 'root') {
    var path = window.location.pathname;
    if (path === '/' || path === '/index.html') {
      var choice = storedLang();
      var lang = (navigator.language || '').toLowerCase();
      if (choice === 'en' || choice === 'ja') {
        window.location.replace('/' + choice + '/');
      } else if (lang === 'ja' || lang.indexOf('ja-') === 0) {
        window.location.replace('/ja/');
      }
    }
  }

  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('[data-lang-choice]');
    if (!a) return;
    storeLang(a.dataset.langChoice);
    // The search page's language link takes the query (kept in the address
    // by search.js) to the other language's search page.
    if (document.body.dataset.page === 'search' && a.closest('.lang-nav') && window.location.search) {
      a.search = window.location.search;
    }
  });

  // --- Copying ---------------------------------------------------------

  // fallbackCopy copies through a temporary textarea and execCommand, for
  // browsers without the async clipboard or outside a secure context.
  function fallbackCopy(value) {
    var ta = document.createElement('textarea');
    ta.value = value;
    ta.setAttribute('readonly', '');
    ta.className = 'clipboard-helper';
    document.body.appendChild(ta);
    var active = document.activeElement;
    ta.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    if (active && active.focus) active.focus();
    return ok;
  }

  function copy(value) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(value).then(
        function () { return true; },
        function () { return fallbackCopy(value); });
    }
    return Promise.resolve(fallbackCopy(value));
  }

  // feedback shows "Copied" on the control for a moment and announces it.
  function feedback(el, ok) {
    var msg = ok ? text('labelCopied', 'Copied') : text('labelCopyFailed', 'Copy failed');
    announce(msg);
    el.classList.add(ok ? 'is-copied' : 'is-failed');
    var label = el.querySelector('span:not(.visually-hidden)');
    var old = label ? label.textContent : null;
    if (label) label.textContent = msg;
    window.clearTimeout(el._acmkbTimer);
    el._acmkbTimer = window.setTimeout(function () {
      el.classList.remove('is-copied', 'is-failed');
      if (label && old !== null) label.textContent = old;
    }, 2000);
  }

  document.addEventListener('click', function (ev) {
    var el = ev.target.closest && ev.target.closest('[data-copy], [data-copy-from], [data-copy-code]');
    if (!el) return;
    var value;
    if (el.hasAttribute('data-copy-from')) {
      var src = document.getElementById(el.getAttribute('data-copy-from'));
      value = src ? (src.value !== undefined ? src.value : src.textContent) : '';
    } else if (el.hasAttribute('data-copy-code')) {
      var pre = el.parentNode.querySelector('pre');
      value = pre ? pre.textContent.replace(/\n$/, '') : '';
    } else {
      value = el.getAttribute('data-copy');
    }
    if (!value) return;
    ev.preventDefault();
    if (el.tagName === 'A') {
      // A heading link: also move to the section, as the plain link would.
      var hash = el.getAttribute('href');
      if (hash && hash.charAt(0) === '#' && window.history.replaceState) {
        window.history.replaceState(null, '', hash);
      }
    }
    copy(value).then(function (ok) { feedback(el, ok); });
  });

  // Controls that only work with JavaScript are hidden in the HTML.
  Array.prototype.forEach.call(document.querySelectorAll('[data-js-only]'), function (el) {
    el.hidden = false;
  });

  // A copy button on every code block of an explanation.
  Array.prototype.forEach.call(document.querySelectorAll('.prose pre'), function (pre) {
    var wrap = document.createElement('div');
    wrap.className = 'code-block';
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var btn = document.createElement('button');
    btn.type = 'button';
    btn.className = 'code-copy';
    btn.setAttribute('data-copy-code', '');
    var label = document.createElement('span');
    label.textContent = text('labelCopyCode', 'Copy');
    btn.appendChild(label);
    wrap.appendChild(btn);
  });

  // --- Service filter (home page) ------------------------------------------

  var filter = document.querySelector('[data-filter]');
  if (filter) {
    var items = document.querySelectorAll('.entry-item');
    var groups = document.querySelectorAll('.verdict-group');
    var allBtn = filter.querySelector('[data-filter-all]');
    var serviceBtns = filter.querySelectorAll('[data-service]');
    // Service names are data, not keys of Object.prototype: a service named
    // "toString" or "__proto__" must be one like any other.
    var set = function () { return Object.create(null); };
    var selected = set();

    // data-services is a JSON array, so that a name may hold any character.
    var servicesOf = function (item) {
      try {
        var list = JSON.parse(item.getAttribute('data-services') || '[]');
        return Array.isArray(list) ? list : [];
      } catch (e) {
        return [];
      }
    };

    var apply = function (quiet) {
      var any = Object.keys(selected).length > 0;
      var shown = 0;
      Array.prototype.forEach.call(items, function (item) {
        var ok = !any || servicesOf(item).some(function (s) { return selected[s] === true; });
        item.hidden = !ok;
        if (ok) shown++;
      });
      Array.prototype.forEach.call(groups, function (g) {
        var visible = g.querySelectorAll('.entry-item:not([hidden])').length;
        var total = g.querySelectorAll('.entry-item').length;
        var count = g.querySelector('[data-count]');
        if (count) count.textContent = String(visible);
        var heading = g.querySelector('h2');
        var summary = heading && document.querySelector('[data-count-of="' + heading.id + '"]');
        if (summary) summary.textContent = String(visible);
        var empty = g.querySelector('.empty-filtered');
        if (empty) empty.hidden = !(total > 0 && visible === 0);
      });
      allBtn.setAttribute('aria-pressed', any ? 'false' : 'true');
      Array.prototype.forEach.call(serviceBtns, function (b) {
        b.setAttribute('aria-pressed', selected[b.getAttribute('data-service')] === true ? 'true' : 'false');
      });
      if (window.history.replaceState) {
        var params = new URLSearchParams(window.location.search);
        params.delete('service');
        Object.keys(selected).sort().forEach(function (s) { params.append('service', s); });
        var qs = params.toString();
        window.history.replaceState(null, '', window.location.pathname + (qs ? '?' + qs : '') + window.location.hash);
      }
      if (!quiet) {
        var tmpl = filter.getAttribute('data-status') || '{shown} / {total}';
        announce(tmpl.replace('{shown}', shown).replace('{total}', items.length));
      }
    };

    filter.addEventListener('click', function (ev) {
      var b = ev.target.closest('button');
      if (!b) return;
      if (b.hasAttribute('data-filter-all')) {
        selected = set();
      } else {
        var s = b.getAttribute('data-service');
        if (selected[s] === true) delete selected[s]; else selected[s] = true;
      }
      apply(false);
    });

    var known = set();
    Array.prototype.forEach.call(serviceBtns, function (b) { known[b.getAttribute('data-service')] = true; });
    new URLSearchParams(window.location.search).getAll('service').forEach(function (s) {
      if (known[s] === true) selected[s] = true;
    });
    filter.hidden = false;
    apply(true);
  }

  // --- Live reload (acmkb serve) -------------------------------------------

  var live = document.querySelector('meta[name="acmkb-livereload"]');
  if (live && window.EventSource) {
    var es = new EventSource(live.getAttribute('content'));
    es.onmessage = function () { window.location.reload(); };
    // A failed rebuild: the error over the last good page, as text.
    es.addEventListener('builderror', function (e) {
      var box = document.getElementById('acmkb-build-error');
      if (!box) {
        box = document.createElement('pre');
        box.id = 'acmkb-build-error';
        box.className = 'build-error';
        box.setAttribute('role', 'alert');
        document.body.appendChild(box);
      }
      box.textContent = 'acmkb serve: the rebuild failed; this is the last good site.\n\n' + e.data;
    });
  }
})();
