/*
 * Odoo emulator: the few behaviours of Odoo's frontend JS the pages rely on — dropdowns and
 * modals (Bootstrap's data-bs-toggle / data-bs-dismiss), the /my home counters (JSON-RPC
 * /my/counters, then the spinner goes away) and the country → state filter of /my/account.
 */
(function () {
  'use strict';

  function closeDropdowns(except) {
    document.querySelectorAll('.dropdown-menu.show').forEach(function (menu) {
      if (menu !== except) {
        menu.classList.remove('show');
        var toggle = menu.parentElement && menu.parentElement.querySelector('[data-bs-toggle="dropdown"]');
        if (toggle) toggle.setAttribute('aria-expanded', 'false');
      }
    });
  }

  function showModal(modal) {
    modal.classList.add('show', 'd-block');
    modal.setAttribute('aria-hidden', 'false');
    document.body.classList.add('modal-open');
    if (!document.querySelector('.modal-backdrop')) {
      var backdrop = document.createElement('div');
      backdrop.className = 'modal-backdrop show';
      document.body.appendChild(backdrop);
    }
    var input = modal.querySelector('input:not([type=hidden]):not([type=checkbox])');
    if (input) input.focus();
  }

  function hideModal(modal) {
    modal.classList.remove('show', 'd-block');
    modal.setAttribute('aria-hidden', 'true');
    if (!document.querySelector('.modal.show')) {
      document.body.classList.remove('modal-open');
      document.querySelectorAll('.modal-backdrop').forEach(function (b) { b.remove(); });
    }
  }

  document.addEventListener('click', function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if (!target) return;
    var toggle = target.closest('[data-bs-toggle="dropdown"]');
    if (toggle) {
      ev.preventDefault();
      var menu = toggle.parentElement.querySelector('.dropdown-menu');
      if (menu) {
        closeDropdowns(menu);
        var open = menu.classList.toggle('show');
        toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      }
      return;
    }
    if (!target.closest('.dropdown-menu')) closeDropdowns(null);
    var opener = target.closest('[data-bs-toggle="modal"]');
    if (opener) {
      ev.preventDefault();
      var modal = document.querySelector(opener.getAttribute('data-bs-target'));
      if (modal) showModal(modal);
      return;
    }
    var dismiss = target.closest('[data-bs-dismiss="modal"]');
    if (dismiss) {
      ev.preventDefault();
      var m = dismiss.closest('.modal');
      if (m) hideModal(m);
      return;
    }
    if (target.classList.contains('modal') && target.classList.contains('show')) hideModal(target);
  });

  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') {
      closeDropdowns(null);
      document.querySelectorAll('.modal.show').forEach(hideModal);
    }
  });

  function portalCounters() {
    var docs = document.querySelector('.o_portal_docs');
    if (!docs) return;
    var spinner = docs.querySelector('.o_portal_doc_spinner');
    var placeholders = Array.prototype.slice.call(docs.querySelectorAll('[data-placeholder_count]'));
    var names = placeholders.map(function (el) { return el.getAttribute('data-placeholder_count'); });
    fetch('/my/counters', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { counters: names }, id: Date.now() }),
    }).then(function (r) { return r.json(); }).then(function (data) {
      var values = (data && data.result) || {};
      placeholders.forEach(function (el) {
        var name = el.getAttribute('data-placeholder_count');
        var count = values[name];
        el.textContent = count === undefined ? '' : String(count);
        var card = el.closest('.o_portal_index_card');
        if (card && count) card.classList.remove('d-none');
      });
    }).catch(function () { /* counters are optional */ }).then(function () {
      if (spinner) spinner.remove();
    });
  }

  function countryStates() {
    var country = document.querySelector('.o_portal_details select[name="country_id"]');
    var state = document.querySelector('.o_portal_details select[name="state_id"]');
    if (!country || !state) return;
    function filter() {
      var cid = country.value;
      var any = false;
      Array.prototype.forEach.call(state.options, function (opt) {
        var oc = opt.getAttribute('data-country_id');
        if (!oc) return;
        var visible = oc === cid;
        opt.style.display = visible ? '' : 'none';
        any = any || visible;
        if (!visible && opt.selected) state.value = '';
      });
      state.parentElement.style.display = any ? '' : 'none';
    }
    country.addEventListener('change', filter);
    filter();
  }

  function init() {
    portalCounters();
    countryStates();
    if (document.querySelector('.modal.show')) document.body.classList.add('modal-open');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
