// Archipel front-end glue. No inline scripts anywhere: the Content-Security-Policy allows scripts from our origin only.
(function () {
  'use strict';

  // htmx requests carry the CSRF token like forms do.
  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header && token.content) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // Forms or buttons with data-confirm ask before doing something hard to undo.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var message = form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);

  // Selects with data-toggle-scope show the block matching the chosen value (user scope pickers).
  function syncToggles(select) {
    var group = select.getAttribute('data-toggle-scope');
    document.querySelectorAll('[data-scope-group="' + group + '"]').forEach(function (el) {
      el.hidden = el.getAttribute('data-scope-value') !== select.value;
    });
  }
  function initToggles(root) {
    root.querySelectorAll('select[data-toggle-scope]').forEach(function (select) {
      syncToggles(select);
      select.addEventListener('change', function () { syncToggles(select); });
    });
  }
  document.addEventListener('DOMContentLoaded', function () { initToggles(document); });
  document.addEventListener('htmx:afterSwap', function (event) { initToggles(event.target); });
})();

// === asset library ===
// Copy buttons: data-copy-target names the field whose value is copied; the label confirms for a moment.
document.addEventListener('click', function (event) {
  var button = event.target.closest('[data-copy-target]');
  if (!button) { return; }
  var field = document.querySelector(button.getAttribute('data-copy-target'));
  if (!field) { return; }
  field.select();
  var done = function () {
    var label = button.querySelector('span');
    var copied = button.getAttribute('data-copied-label');
    if (label && copied) {
      var original = label.textContent;
      label.textContent = copied;
      setTimeout(function () { label.textContent = original; }, 2000);
    }
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand('copy'); done(); });
  } else {
    document.execCommand('copy');
    done();
  }
});
// Forms marked data-reset-after-request are cleared once htmx has sent them (e.g. the chosen upload files).
document.addEventListener('htmx:afterRequest', function (event) {
  var form = event.target;
  if (form && form.hasAttribute && form.hasAttribute('data-reset-after-request') && event.detail.successful) {
    form.reset();
  }
});
// === end asset library ===
/* === brand kit === */
// A colour picker (no name, not submitted) and its #rrggbb text field stay in sync; the text field is what the form
// sends. Typing in the picker fires "input" on the text field so the live preview (htmx) follows.
(function () {
  'use strict';
  var HEX = /^#[0-9a-fA-F]{6}$/;
  document.addEventListener('input', function (event) {
    var el = event.target;
    if (el.matches && el.matches('input[type="color"][data-color-for]')) {
      var text = document.getElementById(el.getAttribute('data-color-for'));
      if (text) {
        text.value = el.value;
        text.dispatchEvent(new Event('input', { bubbles: true }));
      }
    } else if (el.id && el.matches && el.matches('input[type="text"]')) {
      var picker = document.querySelector('input[type="color"][data-color-for="' + el.id + '"]');
      if (picker && HEX.test(el.value.trim())) {
        picker.value = el.value.trim().toLowerCase();
      }
    }
  });
})();
/* === merge-field picker === */
// Inserts the chosen {{key}} token at the cursor of the target field (input, textarea or contenteditable) and fires
// "input" so live previews and counters follow.
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var item = event.target.closest && event.target.closest('[data-merge-token]');
    if (!item) {
      return;
    }
    var target = document.getElementById(item.getAttribute('data-merge-target'));
    var token = item.getAttribute('data-merge-token');
    if (!target) {
      return;
    }
    if (target.isContentEditable) {
      target.focus();
      var selection = window.getSelection();
      if (!selection.rangeCount || !target.contains(selection.anchorNode)) {
        var end = document.createRange();
        end.selectNodeContents(target);
        end.collapse(false);
        selection.removeAllRanges();
        selection.addRange(end);
      }
      var range = selection.getRangeAt(0);
      range.deleteContents();
      var text = document.createTextNode(token);
      range.insertNode(text);
      range.setStartAfter(text);
      range.collapse(true);
      selection.removeAllRanges();
      selection.addRange(range);
    } else {
      var start = typeof target.selectionStart === 'number' ? target.selectionStart : target.value.length;
      var finish = typeof target.selectionEnd === 'number' ? target.selectionEnd : start;
      target.value = target.value.slice(0, start) + token + target.value.slice(finish);
      target.focus();
      target.setSelectionRange(start + token.length, start + token.length);
    }
    target.dispatchEvent(new Event('input', { bubbles: true }));
  });
})();
/* === end merge-field picker === */

/* === template lifecycle === */
// Publish / availability form: the pilot group only shows for "Pilot group"; its branch list can be filtered.
(function () {
  'use strict';
  function syncAudience(root) {
    var group = root.querySelector ? root.querySelector('#pilot-group') : null;
    var checked = document.querySelector('input[data-audience]:checked');
    if (group && checked) {
      group.hidden = checked.value !== 'PILOT';
    }
  }
  function showFilter(root) {
    root.querySelectorAll('[data-branch-filter-box]').forEach(function (box) { box.hidden = false; });
  }
  document.addEventListener('change', function (event) {
    if (event.target.matches && event.target.matches('input[data-audience]')) {
      syncAudience(document);
    }
  });
  document.addEventListener('input', function (event) {
    var input = event.target;
    if (!input.matches || !input.matches('input[data-branch-filter]')) {
      return;
    }
    var list = document.getElementById(input.getAttribute('data-branch-filter'));
    if (!list) {
      return;
    }
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    list.querySelectorAll('[data-search]').forEach(function (item) {
      var match = !q || item.getAttribute('data-search').indexOf(q) >= 0;
      item.hidden = !match;
      if (match) { shown++; }
    });
    var empty = list.querySelector('[data-branch-filter-empty]');
    if (empty) { empty.hidden = shown > 0; }
  });
  // A checked territory already includes everything below it: its sub-territories and their branches are shown
  // as included (checked, disabled, so not sent twice); unchecking it gives them back their own state.
  function imply(input, implied) {
    if (implied && !input.hasAttribute('data-implied')) {
      input.setAttribute('data-implied', input.checked ? 'checked' : '');
      input.checked = true;
      input.disabled = true;
    } else if (!implied && input.hasAttribute('data-implied')) {
      input.checked = input.getAttribute('data-implied') === 'checked';
      input.removeAttribute('data-implied');
      input.disabled = false;
    }
  }
  function syncPilot() {
    var covered = {};
    var territories = document.querySelectorAll('input[data-pilot-territory]');
    territories.forEach(function (input) {
      var item = input.closest('li');
      var parent = item && item.parentElement ? item.parentElement.closest('li') : null;
      var inherited = false;
      while (parent) {
        var own = parent.querySelector(':scope > .form-check > input[data-pilot-territory]');
        if (own && own.checked && !own.hasAttribute('data-implied')) { inherited = true; }
        parent = parent.parentElement ? parent.parentElement.closest('li') : null;
      }
      imply(input, inherited);
      if (input.checked) { covered[input.value] = true; }
    });
    document.querySelectorAll('input[name="branchIds"][data-territory-id]').forEach(function (input) {
      imply(input, !!covered[input.getAttribute('data-territory-id')]);
    });
  }
  document.addEventListener('change', function (event) {
    if (event.target.matches && event.target.matches('input[data-pilot-territory]')) {
      syncPilot();
    }
  });
  document.addEventListener('DOMContentLoaded', function () {
    syncAudience(document);
    showFilter(document);
    if (document.querySelector('input[data-pilot-territory]')) { syncPilot(); }
  });
})();
/* === end template lifecycle === */
/* === sms editor === */
// The "Editable by branches" switch re-renders its part through its own request (on change): its "input" must not
// also reach the autosave. After htmx swaps, each field follows its problem list (is-invalid, aria-invalid), and the
// element the server marked with data-autofocus (the new part, the moved button) gets the focus.
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  document.addEventListener('input', function (event) {
    if (event.target.matches && event.target.matches('[data-sms-structural]')) {
      event.stopPropagation();
    }
  }, true);
  function syncProblems() {
    document.querySelectorAll('[data-problems-for]').forEach(function (list) {
      var field = document.getElementById(list.getAttribute('data-problems-for'));
      if (field) {
        var invalid = list.children.length > 0;
        field.classList.toggle('is-invalid', invalid);
        field.setAttribute('aria-invalid', invalid ? 'true' : 'false');
      }
    });
  }
  function autofocus() {
    var el = document.querySelector('#sms-parts [data-autofocus]');
    if (!el) {
      return;
    }
    el.removeAttribute('data-autofocus');
    if (el.disabled) {
      return;
    }
    el.focus();
    if (el.tagName === 'TEXTAREA') {
      el.setSelectionRange(el.value.length, el.value.length);
    }
  }
  document.addEventListener('htmx:afterSettle', function () {
    if (document.getElementById('sms-form')) {
      syncProblems();
      autofocus();
    }
  });
  document.addEventListener('htmx:oobAfterSwap', function () {
    if (document.getElementById('sms-form')) {
      syncProblems();
    }
  });
})();
/* === end sms editor === */
/* === mail === */
// Mail sandbox: show the e-mail frame at desktop or mobile width
document.addEventListener('click', function (event) {
  var button = event.target.closest('[data-sandbox-width]');
  if (!button) { return; }
  var wrap = document.getElementById('sandbox-frame-wrap');
  if (!wrap) { return; }
  var mobile = button.getAttribute('data-sandbox-width') === 'mobile';
  wrap.classList.toggle('is-mobile', mobile);
  button.parentElement.querySelectorAll('[data-sandbox-width]').forEach(function (b) {
    var on = b === button;
    b.classList.toggle('active', on);
    b.setAttribute('aria-pressed', on ? 'true' : 'false');
  });
});
/* === end mail === */
/* === email editor === */
// The HQ e-mail template editor (hq/templates/email/editor.html): rich-text areas, lock switches, image choosers,
// problems shown next to their fields after each autosave, the preview that reloads when the draft is saved, and
// focus kept in place after structural changes.
(function () {
  'use strict';

  function editor() { return document.getElementById('email-editor'); }

  // --- rich text: the textarea (what the form sends) is replaced by a contenteditable area with a small toolbar
  function initRichText(root) {
    root.querySelectorAll('textarea[data-rte-source]').forEach(function (source) {
      if (source.dataset.rteReady) { return; }
      var area = document.getElementById(source.getAttribute('data-rte-source'));
      var box = area && area.closest('.rte');
      if (!area || !box) { return; }
      source.dataset.rteReady = 'true';
      box.hidden = false;
      source.hidden = true;
      var label = document.querySelector('label[for="' + source.id + '"]');
      if (label) { label.removeAttribute('for'); label.setAttribute('data-rte-label', area.id); }
    });
  }
  function syncRichText(area) {
    var source = document.querySelector('textarea[data-rte-source="' + area.id + '"]');
    if (source) { source.value = area.innerHTML; }
  }
  document.addEventListener('input', function (event) {
    var el = event.target;
    if (el.classList && el.classList.contains('rte-area')) { syncRichText(el); }
  }, true);
  // pasted text comes in as plain text: formatting from other documents would only be removed on save
  document.addEventListener('paste', function (event) {
    var area = event.target.closest && event.target.closest('.rte-area');
    if (!area || !event.clipboardData) { return; }
    event.preventDefault();
    document.execCommand('insertText', false, event.clipboardData.getData('text/plain'));
  });
  document.addEventListener('focusin', function (event) {
    if (event.target.classList && event.target.classList.contains('rte-area')) {
      try { document.execCommand('defaultParagraphSeparator', false, 'p'); } catch (e) { /* older browsers */ }
    }
  });
  document.addEventListener('click', function (event) {
    var label = event.target.closest && event.target.closest('label[data-rte-label]');
    if (label) {
      var target = document.getElementById(label.getAttribute('data-rte-label'));
      if (target) { target.focus(); }
    }
  });
  document.addEventListener('mousedown', function (event) {
    // keep the selection in the text while clicking the toolbar
    if (event.target.closest && event.target.closest('[data-rte-command]')) { event.preventDefault(); }
  });
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-rte-command]');
    if (!button) { return; }
    var box = button.closest('.rte');
    var area = box && box.querySelector('.rte-area');
    if (!area) { return; }
    var command = button.getAttribute('data-rte-command');
    var value = null;
    area.focus();
    if (command === 'createLink') {
      value = window.prompt(button.getAttribute('data-rte-prompt') || 'https://', 'https://');
      if (!value || value === 'https://') { return; }
      value = value.trim();
    }
    document.execCommand(command, false, value);
    syncRichText(area);
    area.dispatchEvent(new Event('input', { bubbles: true }));
  });

  // --- character counts under the subject and the preheader
  document.addEventListener('input', function (event) {
    var el = event.target;
    if (!el.id) { return; }
    var count = document.querySelector('[data-count-for="' + el.id + '"]');
    if (count) {
      count.textContent = (count.getAttribute('data-count-template') || '{0}').replace('{0}', String(el.value.length));
    }
  });

  // --- lock switches show or hide the rules for branches, and the card's badge follows
  document.addEventListener('change', function (event) {
    var sw = event.target;
    if (!sw.matches || !sw.matches('[data-lock-switch]')) { return; }
    var holder = sw.closest('[data-lockable]');
    if (holder) {
      holder.classList.toggle('is-editable', sw.checked);
      holder.classList.toggle('is-locked', !sw.checked);
    }
    var rules = document.getElementById(sw.getAttribute('aria-controls'));
    if (rules) {
      rules.hidden = !sw.checked;
      if (sw.checked && rules.tagName === 'DETAILS') { rules.open = true; }
    }
  });

  // --- image chooser: the chosen image is shown above the grid; the tag rule filters the grid
  document.addEventListener('change', function (event) {
    var radio = event.target;
    if (radio.matches && radio.matches('.image-grid input[type="radio"]')) {
      var field = radio.closest('.image-field');
      var chosen = field && field.querySelector('[data-image-chosen]');
      var option = radio.closest('.image-option');
      if (!chosen || !option) { return; }
      var img = option.querySelector('img');
      var thumb;
      if (img) {
        thumb = document.createElement('img');
        thumb.src = img.src;
        thumb.alt = '';
      } else {
        thumb = document.createElement('span');
        thumb.className = 'image-chosen-empty';
        thumb.setAttribute('aria-hidden', 'true');
        var icon = document.createElement('i');
        icon.className = 'bi bi-image';
        thumb.appendChild(icon);
      }
      thumb.classList.add('image-chosen-thumb');
      var text = document.createElement('div');
      text.className = 'min-w-0';
      var name = document.createElement('div');
      name.className = 'fw-semibold text-truncate';
      name.textContent = option.querySelector('.image-option-name').textContent;
      text.appendChild(name);
      chosen.replaceChildren(thumb, text);
      var summary = field.querySelector('.image-picker summary');
      if (summary && summary.hasAttribute('data-change-label')) {
        summary.textContent = summary.getAttribute(radio.value ? 'data-change-label' : 'data-choose-label');
      }
    } else if (radio.matches && radio.matches('select[data-image-tag-for]')) {
      var grid = document.querySelector('[data-image-grid="' + radio.getAttribute('data-image-tag-for') + '"]');
      var tag = radio.value;
      if (!grid) { return; }
      // untagged images have no data-tags at all (Thymeleaf drops an empty attribute): they are filtered out too
      grid.querySelectorAll('.image-option:not(.image-option-none)').forEach(function (opt) {
        var tags = (opt.getAttribute('data-tags') || '').split(',');
        var checked = opt.querySelector('input:checked');
        opt.hidden = !!tag && tags.indexOf(tag) < 0 && !checked;
      });
    }
  });

  // --- problems: the summary (answered again after each save) says which field each problem belongs to
  function syncProblems() {
    var form = editor();
    var summary = document.getElementById('problem-summary');
    if (!form || !summary) { return; }
    form.querySelectorAll('.field-problem').forEach(function (slot) { slot.replaceChildren(); });
    summary.querySelectorAll('li[data-slot]').forEach(function (item) {
      var slot = document.getElementById('p-' + item.getAttribute('data-slot'));
      if (slot) {
        var line = document.createElement('div');
        line.textContent = item.getAttribute('data-message');
        slot.appendChild(line);
      }
    });
    form.querySelectorAll('[data-problem-slot]').forEach(function (field) {
      var slot = document.getElementById(field.getAttribute('data-problem-slot'));
      var invalid = !!slot && slot.childElementCount > 0;
      field.classList.toggle('is-invalid', invalid);
      field.setAttribute('aria-invalid', invalid ? 'true' : 'false');
    });
  }

  // --- preview: reload the iframe (double-buffered, no flash) and the text version after each save
  var textLoaded = false;
  var refreshTimer = null;
  function previewQuery() {
    var branch = document.getElementById('preview-branch');
    var width = document.querySelector('[data-preview-width]:checked');
    return '?branchId=' + encodeURIComponent(branch ? branch.value : '')
      + '&width=' + encodeURIComponent(width ? width.value : 'desktop');
  }
  function refreshPreview() {
    var frame = document.getElementById('email-preview-frame');
    if (frame) {
      var next = frame.cloneNode(false);
      next.removeAttribute('id');
      next.removeAttribute('loading');
      next.classList.add('preview-loading');
      next.hidden = true;
      next.addEventListener('load', function () {
        if (!frame.isConnected) { return; }
        frame.replaceWith(next);
        next.id = 'email-preview-frame';
        next.hidden = false;
        next.classList.remove('preview-loading');
      }, { once: true });
      next.src = frame.getAttribute('data-preview-url') + previewQuery() + '&v=' + Date.now();
      frame.after(next);
    }
    if (textLoaded) { loadText(); }
  }
  function loadText() {
    var holder = document.getElementById('preview-text');
    if (holder && window.htmx) {
      textLoaded = true;
      window.htmx.ajax('GET', holder.getAttribute('data-text-url') + previewQuery(),
        { target: '#preview-text', swap: 'innerHTML' });
    }
  }
  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refreshPreview, 50);
  }
  document.addEventListener('template-saved', scheduleRefresh);
  document.addEventListener('change', function (event) {
    var el = event.target;
    if (el.matches && el.matches('[data-preview-branch]')) {
      var hidden = document.getElementById('test-email-branch');
      if (hidden) { hidden.value = el.value; }
      scheduleRefresh();
    } else if (el.matches && el.matches('[data-preview-width]')) {
      var stage = document.getElementById('preview-stage');
      if (stage) { stage.setAttribute('data-width', el.value); }
    }
  });
  document.addEventListener('shown.bs.tab', function (event) {
    if (event.target.id === 'preview-text-tab') { loadText(); }
  });

  // --- after htmx swaps: new rich-text areas, problems next to their fields, focus where the person was
  document.addEventListener('htmx:load', function (event) { initRichText(event.detail.elt || document); });
  document.addEventListener('DOMContentLoaded', function () { initRichText(document); });
  document.addEventListener('htmx:afterSettle', function (event) {
    if (!editor()) { return; }
    syncProblems();
    var xhr = event.detail && event.detail.xhr;
    var trigger = xhr && xhr.getResponseHeader('HX-Trigger-After-Settle');
    if (trigger && trigger.indexOf('template-saved') >= 0) { scheduleRefresh(); }
    var list = document.getElementById('block-list');
    var focus = list && list.querySelector('[data-autofocus]');
    if (focus) {
      focus.removeAttribute('data-autofocus');
      focus.focus();
      if (focus.scrollIntoView) { focus.scrollIntoView({ block: 'nearest' }); }
    }
  });
})();
/* === end email editor === */
/* === segments === */
// Attribute form: the key field (data-key-from="label") follows the label as a snake_case suggestion until the user
// types in it. The server makes the same suggestion when the key is left empty.
(function () {
  'use strict';
  function slug(text) {
    var s = (text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^[0-9_]+/, '');
    return s.length > 40 ? s.substring(0, 40).replace(/_+$/, '') : s;
  }
  document.addEventListener('input', function (event) {
    var el = event.target;
    if (!el.matches) { return; }
    if (el.matches('input[data-key-from]')) {
      el.setAttribute('data-touched', el.value ? 'true' : '');
      return;
    }
    var key = el.id ? document.querySelector('input[data-key-from="' + el.id + '"]') : null;
    if (key && !key.getAttribute('data-touched')) {
      key.value = slug(el.value);
    }
  });
})();
/* === end segments === */
/* === imports === */
// Upload card: drag-and-drop onto the drop zone, the chosen file's name, and a size / type check before sending.
// Mapping screen: the consent section shows (and its statement becomes required) once a consent column is mapped.
// Progress: the bar's width follows data-progress-percent (set here: no style attributes under the CSP).
// Contact lists: "Export CSV" exports what the filters currently show.
(function () {
  'use strict';
  function checkFile(input) {
    var zone = input.closest('[data-drop-zone]');
    var error = zone ? zone.querySelector('[data-file-error]') : null;
    var file = input.files && input.files[0];
    var message = '';
    if (file) {
      var max = parseInt(input.getAttribute('data-max-bytes') || '0', 10);
      if (!/\.(csv|txt)$/i.test(file.name)) {
        message = input.getAttribute('data-wrong-type') || '';
      } else if (max > 0 && file.size > max) {
        message = input.getAttribute('data-too-large') || '';
      }
    }
    input.setCustomValidity(message);
    input.classList.toggle('is-invalid', message !== '');
    input.setAttribute('aria-invalid', message !== '' ? 'true' : 'false');
    if (zone) {
      zone.classList.toggle('is-invalid', message !== '');
      var chosen = zone.querySelector('[data-file-chosen]');
      if (chosen) {
        if (!chosen.hasAttribute('data-none')) {
          chosen.setAttribute('data-none', chosen.textContent);
        }
        chosen.textContent = file ? file.name : chosen.getAttribute('data-none');
        chosen.classList.toggle('has-file', !!file);
      }
    }
    if (error) {
      error.textContent = message;
      error.classList.toggle('d-block', message !== '');
    }
  }
  document.addEventListener('change', function (event) {
    var el = event.target;
    if (el.matches && el.matches('[data-drop-zone] input[type="file"]')) {
      checkFile(el);
    }
    if (el.matches && el.matches('select[data-import-target]')) {
      syncConsent();
    }
  });
  ['dragenter', 'dragover'].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var zone = event.target.closest && event.target.closest('[data-drop-zone]');
      if (zone) {
        event.preventDefault();
        zone.classList.add('is-dragover');
      }
    });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var zone = event.target.closest && event.target.closest('[data-drop-zone]');
      if (!zone) {
        return;
      }
      event.preventDefault();
      zone.classList.remove('is-dragover');
      if (type === 'drop' && event.dataTransfer && event.dataTransfer.files.length) {
        var input = zone.querySelector('input[type="file"]');
        input.files = event.dataTransfer.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }
    });
  });

  function syncConsent() {
    var section = document.getElementById('consent-section');
    if (!section) {
      return;
    }
    var mapped = Array.prototype.some.call(document.querySelectorAll('select[data-import-target]'), function (s) {
      return s.value === 'EMAIL_CONSENT' || s.value === 'SMS_CONSENT';
    });
    section.hidden = !mapped;
    var statement = section.querySelector('textarea');
    if (statement) {
      statement.required = mapped;
    }
  }

  function sizeBars(root) {
    (root.querySelectorAll ? root : document).querySelectorAll('[data-progress-percent]').forEach(function (bar) {
      bar.style.width = Math.max(0, Math.min(100, parseInt(bar.getAttribute('data-progress-percent'), 10) || 0)) + '%';
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    sizeBars(document);
    syncConsent();
  });
  document.addEventListener('htmx:afterSwap', function (event) { sizeBars(document); });

  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-export-filters]');
    var form = link ? document.getElementById(link.getAttribute('data-export-filters')) : null;
    if (!form) {
      return;
    }
    var url = new URL(link.href, window.location.href);
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === 'string' && value.trim() !== '') {
        params.append(name, value.trim());
      }
    });
    link.href = url.pathname + (params.toString() ? '?' + params.toString() : '');
  });
})();
/* === end imports === */
/* === portal campaigns === */
// The branch's campaign wizard (portal/campaigns/*). After each autosave the server answers the checks summary
// (#campaign-checks, out of band); each line is copied next to its field and the field follows (is-invalid only for
// things that must be fixed, warnings are advice). Counters of rich-text areas count visible characters; a counter
// past its limit turns red. Typing a date or time chooses "on a date".
(function () {
  'use strict';
  function form() { return document.getElementById('campaign-editor'); }
  function syncChecks() {
    var editor = form();
    var summary = document.getElementById('campaign-checks');
    if (!editor || !summary) { return; }
    editor.querySelectorAll('.field-problem').forEach(function (slot) { slot.replaceChildren(); });
    summary.querySelectorAll('li[data-slot]').forEach(function (item) {
      var slot = document.getElementById('p-' + item.getAttribute('data-slot'));
      if (!slot) { return; }
      var line = document.createElement('div');
      line.className = item.getAttribute('data-blocking') === 'true' ? 'is-blocking' : 'is-warning';
      line.textContent = item.getAttribute('data-message');
      slot.appendChild(line);
    });
    editor.querySelectorAll('[data-problem-slot]').forEach(function (field) {
      var slot = document.getElementById(field.getAttribute('data-problem-slot'));
      var invalid = !!slot && !!slot.querySelector('.is-blocking');
      field.classList.toggle('is-invalid', invalid);
      field.setAttribute('aria-invalid', invalid ? 'true' : 'false');
    });
  }
  function over(counter, length) {
    var max = parseInt(counter.getAttribute('data-count-max') || '', 10);
    counter.classList.toggle('is-over', !isNaN(max) && length > max);
  }
  document.addEventListener('input', function (event) {
    var el = event.target;
    if (!el || !el.id || !form() || !form().contains(el)) { return; }
    if (el.classList.contains('rte-area')) {
      var rich = document.querySelector('[data-rich-count-for="' + el.id + '"]');
      if (rich) {
        var n = (el.textContent || '').length;
        rich.textContent = (rich.getAttribute('data-count-template') || '{0}').replace('{0}', String(n));
        over(rich, n);
      }
    } else if (typeof el.value === 'string') {
      var plain = document.querySelector('[data-count-for="' + el.id + '"]');
      if (plain) { over(plain, el.value.length); }
    }
  });
  document.addEventListener('input', function (event) {
    var el = event.target;
    if (el && el.matches && el.matches('[data-check-radio]')) {
      var radio = document.getElementById(el.getAttribute('data-check-radio'));
      if (radio && el.value) { radio.checked = true; }
    }
  });
  document.addEventListener('htmx:afterSettle', syncChecks);
  document.addEventListener('htmx:oobAfterSwap', function (event) {
    if (event.detail && event.detail.target && event.detail.target.id === 'campaign-checks') { syncChecks(); }
  });
})();
/* === end portal campaigns === */

/* === delivery SMS sandbox (helper U) === */
// A conversation opens on its latest message, as a phone does.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-scroll-to-end]').forEach(function (el) {
      el.scrollTop = el.scrollHeight;
    });
  });
})();
// SMS settings: the HTTP provider's URL and token show only while that provider is chosen (all show without script).
(function () {
  'use strict';
  function sync(form) {
    var chosen = form.querySelector('input[name="provider"]:checked');
    form.querySelectorAll('[data-shown-for-provider]').forEach(function (block) {
      block.hidden = !!chosen && block.getAttribute('data-shown-for-provider') !== chosen.value;
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('sms-settings-form');
    if (form) {
      sync(form);
      form.addEventListener('change', function (event) {
        if (event.target.name === 'provider') {
          sync(form);
        }
      });
    }
  });
})();
/* === end delivery SMS sandbox === */
/* === steering: "select all" boxes of the adoption tables (helper O) === */
(function () {
  document.addEventListener('change', function (event) {
    var all = event.target.closest && event.target.closest('input[data-select-all]');
    if (!all) {
      return;
    }
    var group = all.getAttribute('data-select-all');
    document.querySelectorAll('input[data-group="' + group + '"]').forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();
/* === end steering === */
/* === insights dashboards === */
(function () {
  // choosing a date switches the period to "custom dates"; choosing a preset leaves the dates alone
  document.addEventListener('change', function (event) {
    var input = event.target;
    if (!input.matches || !input.matches('[data-insights-custom]')) { return; }
    var select = input.form && input.form.querySelector('[data-insights-period]');
    if (select) { select.value = 'custom'; }
  }, true);
  // "PNG": the chart's SVG drawn on a canvas at twice its size, downloaded as a file
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-insights-png]');
    if (!button) { return; }
    var holder = document.querySelector(button.getAttribute('data-insights-png'));
    var svg = holder && holder.querySelector('svg');
    if (!svg) { return; }
    var width = parseInt(svg.getAttribute('width'), 10) || 760;
    var height = parseInt(svg.getAttribute('height'), 10) || 280;
    var xml = new XMLSerializer().serializeToString(svg);
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement('canvas');
      canvas.width = width * 2;
      canvas.height = height * 2;
      var context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      var link = document.createElement('a');
      link.download = button.getAttribute('data-filename') || 'chart.png';
      link.href = canvas.toDataURL('image/png');
      document.body.appendChild(link);
      link.click();
      link.remove();
    };
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(xml);
  });
})();
/* === end insights dashboards === */
