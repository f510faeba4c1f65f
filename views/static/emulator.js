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

  /*
   * /my/security: two-factor authentication and API keys (auth_totp_portal's totp_frontend.js,
   * portal's portal_security.js). Every call goes through JSON-RPC /web/dataset/call_kw with the
   * session cookie; a result that is the res.users.identitycheck action opens the "Security
   * Control" dialog (password, "Confirm Password"), whose run_check continues the original call.
   * Dialogs (stable selectors): #o_identity_check_dialog, #auth_totp_wizard_dialog
   * (img.o_totp_qrcode, "Cannot scan it?" a.o_totp_cannot_scan, .o_totp_secret, input[name=code],
   * "Activate"), #o_api_key_description_dialog (input[name=description]), #o_api_key_show_dialog
   * (.o_api_key_value), #o_rpc_error_dialog; RPC errors show in the dialog's .alert-danger.
   */
  var rpcId = 0;
  var CANCELLED = { cancelled: true };

  function callKw(model, method, args, kwargs) {
    rpcId += 1;
    return fetch('/web/dataset/call_kw/' + model + '/' + method, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { model: model, method: method, args: args, kwargs: kwargs || {} }, id: rpcId }),
    }).then(function (r) { return r.json(); }).then(function (data) {
      if (data && data.error) {
        var err = new Error((data.error.data && data.error.data.message) || data.error.message || 'Operation failed for unknown reason.');
        err.data = data.error.data;
        throw err;
      }
      return data ? data.result : undefined;
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }

  function reloadPage() {
    window.location.href = window.location.pathname + window.location.search;
  }

  /**
   * A modal dialog built on the fly: {id, title, body: [nodes], confirmLabel, cancelLabel,
   * onConfirm(dialog), onCancel()}. dialog.error(msg) shows msg in the body's .alert-danger.
   */
  function openDialog(opts) {
    var old = document.getElementById(opts.id);
    if (old) old.remove();
    var alertBox = el('div', { class: 'alert alert-danger d-none', role: 'alert' });
    var confirmBtn = el('button', { type: 'button', class: 'btn btn-primary o_dialog_confirm', text: opts.confirmLabel || 'Ok' });
    var footer = [confirmBtn];
    var cancelBtn = null;
    if (opts.cancelLabel !== null) {
      cancelBtn = el('button', { type: 'button', class: 'btn btn-secondary o_dialog_cancel', text: opts.cancelLabel || 'Cancel' });
      footer.push(cancelBtn);
    }
    var closeBtn = el('button', { type: 'button', class: 'btn-close', 'aria-label': 'Close', text: '\u00d7' });
    var form = el('form', { class: 'modal-content', novalidate: 'novalidate' }, [
      el('div', { class: 'modal-header' }, [el('h4', { class: 'modal-title', text: opts.title }), closeBtn]),
      el('div', { class: 'modal-body' }, [alertBox].concat(opts.body || [])),
      el('div', { class: 'modal-footer justify-content-start' }, footer),
    ]);
    var modal = el('div', { class: 'modal o_emulator_dialog ' + (opts.className || ''), id: opts.id, tabindex: '-1', role: 'dialog', 'aria-hidden': 'true' }, [
      el('div', { class: 'modal-dialog' + (opts.large ? ' modal-lg' : '') }, [form]),
    ]);
    document.body.appendChild(modal);
    var done = false;
    var dialog = {
      modal: modal,
      close: function () {
        done = true;
        hideModal(modal);
        modal.remove();
      },
      error: function (msg) {
        alertBox.textContent = msg;
        alertBox.classList.remove('d-none');
      },
      clearError: function () {
        alertBox.textContent = '';
        alertBox.classList.add('d-none');
      },
      busy: function (on) {
        confirmBtn.disabled = !!on;
        if (cancelBtn) cancelBtn.disabled = !!on;
      },
    };
    function cancel() {
      if (done) return;
      dialog.close();
      if (opts.onCancel) opts.onCancel();
    }
    closeBtn.addEventListener('click', function (ev) { ev.preventDefault(); cancel(); });
    if (cancelBtn) cancelBtn.addEventListener('click', function (ev) { ev.preventDefault(); cancel(); });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (!confirmBtn.disabled) confirmBtn.click();
    });
    confirmBtn.addEventListener('click', function (ev) {
      ev.preventDefault();
      if (opts.onConfirm) opts.onConfirm(dialog);
      else dialog.close();
    });
    // closed from outside (Escape, click on the backdrop area): treat as a cancel
    new MutationObserver(function () {
      if (!done && !modal.classList.contains('show')) cancel();
    }).observe(modal, { attributes: true, attributeFilter: ['class'] });
    showModal(modal);
    return dialog;
  }

  function showRpcError(err) {
    if (err === CANCELLED) return;
    var d = openDialog({
      id: 'o_rpc_error_dialog', title: 'Odoo Error', body: [], confirmLabel: 'Close', cancelLabel: null,
    });
    d.error(err && err.message ? err.message : String(err));
  }

  /** Flag a dialog's input as invalid (Bootstrap's is-invalid) and put the cursor back in it. */
  function markInvalid(input) {
    input.classList.add('is-invalid');
    input.focus();
  }

  /** portal_security.js handleCheckIdentity: the result, after the password check if one is asked. */
  function handleCheckIdentity(promise) {
    return promise.then(function (r) {
      if (!r || typeof r !== 'object' || r.type !== 'ir.actions.act_window' || r.res_model !== 'res.users.identitycheck') return r;
      var checkId = r.res_id;
      return new Promise(function (resolve, reject) {
        var input = el('input', { class: 'form-control col-10 col-md-6', autocomplete: 'current-password', name: 'password', id: 'password', type: 'password', required: 'required' });
        var feedback = el('div', { class: 'invalid-feedback', text: 'Check failed' });
        openDialog({
          id: 'o_identity_check_dialog',
          className: 'o_identity_check',
          title: 'Security Control',
          body: [
            el('h3', {}, [el('strong', { text: 'Please enter your password to confirm you own this account' })]),
            el('br'),
            el('div', {}, [input, feedback]),
            el('a', { href: '/web/reset_password/', class: 'btn btn-link', role: 'button', text: 'Forgot password?' }),
          ],
          confirmLabel: 'Confirm Password',
          onConfirm: function (dialog) {
            if (!input.value) {
              markInvalid(input);
              return;
            }
            dialog.busy(true);
            dialog.clearError();
            callKw('res.users.identitycheck', 'write', [[checkId], { password: input.value }])
              .then(function () { return callKw('res.users.identitycheck', 'run_check', [[checkId]]); })
              .then(function (result) {
                dialog.close();
                resolve(result);
              }, function (err) {
                dialog.busy(false);
                dialog.error(err.message || 'Check failed');
                markInvalid(input);
              });
          },
          onCancel: function () { reject(CANCELLED); },
        });
        input.addEventListener('input', function () { input.classList.remove('is-invalid'); });
      });
    });
  }

  /** The "Two-Factor Authentication Activation" dialog of auth_totp.wizard (QR, secret, code). */
  function totpWizardDialog(model, record) {
    var secretBox = el('div', { class: 'collapse mb-3', id: 'collapseTotpSecret' }, [
      el('div', { class: 'card card-body' }, [
        el('p', { text: 'Copy the key below to your authenticator app:' }),
        el('div', { class: 'mb-3 ps-3' }, [el('span', { class: 'o_totp_secret', text: record.secret || '' })]),
      ]),
    ]);
    var cannotScan = el('a', { href: '#collapseTotpSecret', class: 'btn btn-link p-0 o_totp_cannot_scan', role: 'button', 'aria-expanded': 'false', text: 'Cannot scan it?' });
    cannotScan.addEventListener('click', function (ev) {
      ev.preventDefault();
      var open = secretBox.classList.toggle('show');
      cannotScan.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
    var input = el('input', { type: 'text', name: 'code', id: 'code', class: 'form-control o_field_highlight me-2', autocomplete: 'off', inputmode: 'numeric', required: 'required', placeholder: 'e.g. 123456', maxlength: '7' });
    var body = [
      el('div', { class: 'o_auth_totp_enable_2FA' }, [
        el('h3', { class: 'fw-bold', text: 'Authenticator App Setup' }),
        el('ul', {}, [
          el('li', {}, ['Download and install an authenticator app on your smartphone',
            el('div', { class: 'text-muted', text: 'Popular ones include Authy, Google Authenticator or the Microsoft Authenticator.' })]),
          el('li', { text: 'Look for an "Add an account" button' }),
          el('li', { text: 'When requested to do so, scan the barcode below' }),
        ]),
        el('div', { class: 'text-center' }, [
          el('img', { class: 'img img-fluid o_totp_qrcode', alt: 'QR code', src: 'data:image/png;base64,' + (record.qrcode || '') }),
        ]),
        el('div', { class: 'text-center mb-2' }, [cannotScan]),
        secretBox,
        el('h3', { class: 'fw-bold', text: 'Enter your six-digit code below' }),
        el('div', { class: 'mt-2' }, [
          el('label', { for: 'code', class: 'px-0', text: 'Verification Code' }),
          el('div', { class: 'd-flex align-items-center' }, [input]),
        ]),
      ]),
    ];
    openDialog({
      id: 'auth_totp_wizard_dialog',
      className: 'o_auth_totp_wizard',
      large: true,
      title: 'Two-Factor Authentication Activation',
      body: body,
      confirmLabel: 'Activate',
      onConfirm: function (dialog) {
        if (!input.value) {
          markInvalid(input);
          return;
        }
        dialog.busy(true);
        dialog.clearError();
        callKw(model, 'write', [[record.id], { code: input.value }])
          .then(function () { return handleCheckIdentity(callKw(model, 'enable', [[record.id]])); })
          .then(function () {
            dialog.close();
            reloadPage();
          }, function (err) {
            dialog.busy(false);
            if (err === CANCELLED) return;
            dialog.error(err.message || 'Operation failed for unknown reason.');
            markInvalid(input);
          });
      },
    });
    input.addEventListener('input', function () { input.classList.remove('is-invalid'); });
    input.focus();
  }

  function newApiKey(uid) {
    handleCheckIdentity(callKw('res.users', 'api_key_wizard', [[uid]])).then(function () {
      var input = el('input', { type: 'text', class: 'form-control col-10 col-md-6', placeholder: "What's this key for?", name: 'description', id: 'apikey_description', required: 'required' });
      openDialog({
        id: 'o_api_key_description_dialog',
        title: 'New API Key',
        body: [
          el('h3', {}, [el('strong', { text: 'Name your key' })]),
          el('p', { text: 'Enter a description of and purpose for the key.' }),
          input,
          el('p', {}, ['It is very important that this description be clear and complete, ',
            el('strong', { text: 'it will be the only way to identify the key once created' }), '.']),
        ],
        confirmLabel: 'Confirm',
        onConfirm: function (dialog) {
          if (!input.value.trim()) {
            markInvalid(input);
            return;
          }
          dialog.busy(true);
          dialog.clearError();
          callKw('res.users.apikeys.description', 'create', [[{ name: input.value }]])
            .then(function (ids) { return handleCheckIdentity(callKw('res.users.apikeys.description', 'make_key', [Array.isArray(ids) ? ids : [ids]])); })
            .then(function (res) {
              dialog.close();
              var key = res && res.context ? res.context.default_key : '';
              openDialog({
                id: 'o_api_key_show_dialog',
                title: 'API Key Ready',
                body: [
                  el('h3', {}, [el('strong', { text: 'Write down your key' })]),
                  el('p', { text: 'Here is your new API key, use it instead of a password for RPC access. Your login is still necessary for interactive usage.' }),
                  el('p', {}, [el('code', {}, [el('span', { class: 'o_api_key_value', text: key })])]),
                  el('p', { class: 'alert alert-warning', role: 'alert' }, ['Important: The key cannot be retrieved later and provides ',
                    el('b', { text: 'full access' }), ' to your user account, it is very important to store it securely.']),
                ],
                confirmLabel: 'Close',
                cancelLabel: null,
                onConfirm: function (d) { d.close(); reloadPage(); },
                onCancel: reloadPage,
              });
            }, function (err) {
              dialog.busy(false);
              if (err !== CANCELLED) dialog.error(err.message || 'Operation failed for unknown reason.');
            });
        },
      });
      input.focus();
    }).catch(showRpcError);
  }

  function portalSecurity() {
    var body = document.querySelector('.o_portal_security_body');
    if (!body) return;
    var holder = body.querySelector('[data-uid]');
    var uid = holder ? parseInt(holder.getAttribute('data-uid'), 10) : NaN;
    if (!uid) return;
    body.addEventListener('click', function (ev) {
      var target = ev.target instanceof Element ? ev.target : null;
      if (!target) return;
      var btn = target.closest('#auth_totp_portal_enable, #auth_totp_portal_disable, #auth_totp_portal_revoke_all_devices, .o_totp_device_remove, .o_portal_new_api_key, .o_portal_remove_api_key');
      if (!btn) return;
      ev.preventDefault();
      if (btn.id === 'auth_totp_portal_enable') {
        handleCheckIdentity(callKw('res.users', 'action_totp_enable_wizard', [[uid]])).then(function (w) {
          if (!w || w.res_model !== 'auth_totp.wizard') {
            // setup probably already done
            reloadPage();
            return undefined;
          }
          return callKw(w.res_model, 'read', [[w.res_id], ['secret', 'url', 'qrcode', 'code']]).then(function (recs) {
            totpWizardDialog(w.res_model, recs[0]);
          });
        }).catch(showRpcError);
      } else if (btn.id === 'auth_totp_portal_disable') {
        handleCheckIdentity(callKw('res.users', 'action_totp_disable', [[uid]])).then(reloadPage).catch(showRpcError);
      } else if (btn.id === 'auth_totp_portal_revoke_all_devices') {
        handleCheckIdentity(callKw('res.users', 'revoke_all_devices', [[uid]])).then(reloadPage).catch(showRpcError);
      } else if (btn.classList.contains('o_totp_device_remove')) {
        var deviceId = parseInt(btn.getAttribute('data-device-id') || btn.id, 10);
        handleCheckIdentity(callKw('auth_totp.device', 'remove', [[deviceId]])).then(reloadPage).catch(showRpcError);
      } else if (btn.classList.contains('o_portal_new_api_key')) {
        newApiKey(uid);
      } else if (btn.classList.contains('o_portal_remove_api_key')) {
        var keyId = parseInt(btn.getAttribute('data-key-id') || btn.id, 10);
        handleCheckIdentity(callKw('res.users.apikeys', 'remove', [[keyId]])).then(reloadPage).catch(showRpcError);
      }
    });
  }

  function init() {
    portalCounters();
    countryStates();
    portalSecurity();
    if (document.querySelector('.modal.show')) document.body.classList.add('modal-open');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
