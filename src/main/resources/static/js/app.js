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
