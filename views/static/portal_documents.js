/*
 * Odoo emulator: the behaviours of Odoo's portal document pages (sale's portal_sale.js and the
 * signature form, payment's payment_form.js / post_processing.js / payment_demo's
 * payment_form.js, portal's chatter and the token deletion of /my/payment_method), over the same
 * JSON-RPC routes Odoo's scripts call.
 */
(function () {
  'use strict';

  var rpcId = 0;

  /** A JSON-RPC call to an Odoo `type='json'` route; resolves the result, rejects Odoo's error. */
  function rpc(url, params) {
    rpcId += 1;
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: params || {}, id: rpcId }),
    }).then(function (r) { return r.json(); }).then(function (data) {
      if (data && data.error) {
        var err = new Error((data.error.data && data.error.data.message) || data.error.message || 'Server error');
        err.data = data.error.data;
        throw err;
      }
      return data ? data.result : undefined;
    });
  }

  function openModal(selector) {
    var opener = document.createElement('a');
    opener.setAttribute('data-bs-toggle', 'modal');
    opener.setAttribute('data-bs-target', selector);
    opener.style.display = 'none';
    document.body.appendChild(opener);
    opener.click();
    opener.remove();
  }

  // ------------------------------------------------------------------ signature (portal.signature_form)
  function signatureForm(root) {
    var canvas = root.querySelector('canvas.o_web_sign_signature');
    var nameInput = root.querySelector('input.o_web_sign_name_input');
    var error = root.querySelector('.o_portal_sign_error_msg');
    var submit = root.querySelector('.o_portal_sign_submit');
    var ctx2d = canvas.getContext('2d');
    var mode = 'auto';
    var drawn = false;

    function clear() {
      ctx2d.fillStyle = '#ffffff';
      ctx2d.fillRect(0, 0, canvas.width, canvas.height);
      drawn = false;
    }
    /** "Auto": the typed name written in a script-like font, as Odoo's default signature. */
    function drawName() {
      clear();
      var name = nameInput.value.trim();
      if (!name) return;
      ctx2d.fillStyle = '#1a1a6e';
      ctx2d.font = 'italic 54px "Brush Script MT", "Segoe Script", cursive, serif';
      ctx2d.textBaseline = 'middle';
      ctx2d.fillText(name, 20, canvas.height / 2, canvas.width - 40);
      drawn = true;
    }
    function setMode(m) {
      mode = m;
      root.querySelector('.o_web_sign_auto_button').classList.toggle('active', m === 'auto');
      root.querySelector('.o_web_sign_draw_button').classList.toggle('active', m === 'draw');
      if (m === 'auto') drawName(); else clear();
    }
    var drawing = false;
    function pos(ev) {
      var r = canvas.getBoundingClientRect();
      return { x: (ev.clientX - r.left) * canvas.width / r.width, y: (ev.clientY - r.top) * canvas.height / r.height };
    }
    canvas.addEventListener('pointerdown', function (ev) {
      if (mode !== 'draw') setMode('draw');
      drawing = true;
      var p = pos(ev);
      ctx2d.strokeStyle = '#1a1a6e';
      ctx2d.lineWidth = 3;
      ctx2d.lineCap = 'round';
      ctx2d.beginPath();
      ctx2d.moveTo(p.x, p.y);
    });
    canvas.addEventListener('pointermove', function (ev) {
      if (!drawing) return;
      var p = pos(ev);
      ctx2d.lineTo(p.x, p.y);
      ctx2d.stroke();
      drawn = true;
    });
    ['pointerup', 'pointerleave'].forEach(function (t) { canvas.addEventListener(t, function () { drawing = false; }); });
    root.querySelector('.o_web_sign_auto_button').addEventListener('click', function () { setMode('auto'); });
    root.querySelector('.o_web_sign_draw_button').addEventListener('click', function () { setMode('draw'); });
    root.querySelector('.o_web_sign_clear_button').addEventListener('click', function () { clear(); });
    nameInput.addEventListener('input', function () { if (mode === 'auto') drawName(); });
    drawName();

    function showError(msg) {
      error.textContent = msg;
      error.classList.remove('d-none');
    }
    var form = root.closest('form');
    (form || root).addEventListener('submit', function (ev) {
      ev.preventDefault();
      error.classList.add('d-none');
      var name = nameInput.value.trim();
      if (!name) { nameInput.classList.add('is-invalid'); return; }
      var signature = drawn ? canvas.toDataURL('image/png').split(',')[1] : '';
      submit.disabled = true;
      rpc(root.getAttribute('data-call-url'), { name: name, signature: signature }).then(function (res) {
        if (res && res.error) { showError(res.error); submit.disabled = false; return; }
        if (res && res.force_refresh) {
          var target = res.redirect_url || window.location.href;
          if (target.split('#')[0] === window.location.href.split('#')[0]) window.location.reload();
          window.location.href = target;
        }
      }, function (err) { showError(err.message); submit.disabled = false; });
    });
  }

  // ------------------------------------------------------------------ payment form (payment.form)
  function paymentForm(form) {
    var submit = form.querySelector('button[name="o_payment_submit_button"]');
    var errorBox = form.querySelector('.o_payment_error');
    var radios = Array.prototype.slice.call(form.querySelectorAll('input[name="o_payment_radio"]'));

    function selected() { return radios.filter(function (r) { return r.checked && !r.disabled; })[0] || null; }
    function refresh() {
      radios.forEach(function (r) {
        var inline = r.closest('li[name="o_payment_option"]').querySelector('[name="o_payment_inline_form"]');
        if (inline) inline.classList.toggle('d-none', !r.checked);
      });
      submit.disabled = !selected();
    }
    radios.forEach(function (r) { r.addEventListener('change', refresh); });
    var expand = form.querySelector('button[name="o_payment_expand_button"]');
    if (expand) {
      expand.addEventListener('click', function () {
        var methods = form.querySelector('#o_payment_methods');
        methods.classList.remove('collapse');
        expand.remove();
      });
    }
    refresh();

    function fail(msg) {
      errorBox.textContent = msg;
      errorBox.classList.remove('d-none');
      submit.disabled = false;
    }
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var radio = selected();
      if (!radio) return;
      errorBox.classList.add('d-none');
      submit.disabled = true;
      var d = form.dataset;
      var isToken = radio.getAttribute('data-payment-option-type') === 'token';
      var option = radio.closest('li[name="o_payment_option"]');
      var tokenize = option.querySelector('input[name="o_payment_tokenize_checkbox"]');
      var amount = d.amount ? parseFloat(d.amount) : null;
      var params = {
        provider_id: parseInt(radio.getAttribute('data-provider-id'), 10),
        payment_method_id: isToken ? null : parseInt(radio.getAttribute('data-payment-option-id'), 10),
        token_id: isToken ? parseInt(radio.getAttribute('data-payment-option-id'), 10) : null,
        amount: amount,
        flow: isToken ? 'token' : 'direct',
        tokenization_requested: !!(tokenize && tokenize.checked) || d.mode === 'validation',
        landing_route: d.landingRoute,
        is_validation: d.mode === 'validation',
        access_token: d.accessToken,
        csrf_token: d.csrfToken,
      };
      var route = d.transactionRoute;
      if (route.split('?')[0] === '/payment/transaction') {
        params.currency_id = d.currencyId ? parseInt(d.currencyId, 10) : null;
        params.partner_id = parseInt(d.partnerId, 10);
        params.reference_prefix = d.referencePrefix || null;
      }
      rpc(route, params).then(function (processing) {
        if (isToken || radio.getAttribute('data-provider-code') !== 'demo') {
          window.location = '/payment/status';
          return undefined;
        }
        // payment_demo: the card form's details and the chosen outcome, simulated at once
        var details = option.querySelector('#customer_input');
        var state = option.querySelector('#simulated_payment_state');
        return rpc('/payment/demo/simulate_payment', {
          reference: processing.reference,
          payment_details: details ? details.value : '',
          simulated_state: state ? state.value : 'done',
        }).then(function () { window.location = '/payment/status'; });
      }).catch(function (err) { fail(err.message); });
    });

    // /my/payment_method: delete a token after the confirmation dialog
    form.addEventListener('click', function (ev) {
      var btn = ev.target instanceof Element ? ev.target.closest('button[name="o_payment_delete_token"]') : null;
      if (!btn) return;
      ev.preventDefault();
      var radio = document.getElementById(btn.getAttribute('data-linked-radio'));
      var tokenId = radio ? parseInt(radio.getAttribute('data-payment-option-id'), 10) : NaN;
      var dialog = document.getElementById('o_payment_delete_token_dialog');
      var confirm = dialog.querySelector('.o_payment_confirm_delete');
      var onConfirm = function () {
        confirm.removeEventListener('click', onConfirm);
        rpc('/payment/archive_token', { token_id: tokenId }).then(function () { window.location.reload(); }, function (err) { fail(err.message); });
      };
      confirm.addEventListener('click', onConfirm);
      openModal('#o_payment_delete_token_dialog');
    });
  }

  // ------------------------------------------------------------------ status page (payment.payment_status)
  var STATUS = {
    draft: ['info', 'Your payment has not been processed yet.'],
    pending: ['warning', null],
    authorized: ['success', null],
    done: ['success', 'Thank you!'],
    cancel: ['danger', null],
    error: ['danger', 'An error occurred during the processing of your payment.'],
  };

  function paymentStatus(root) {
    var content = root.querySelector('[name="o_payment_status_content"]');
    var delays = [500, 3000, 10000, 30000];
    var attempt = 0;
    function show(values) {
      var s = STATUS[values.state] || STATUS.draft;
      var alert = document.createElement('div');
      alert.setAttribute('name', 'o_payment_status_alert');
      alert.className = 'alert alert-' + s[0];
      var icon = document.createElement('strong');
      icon.id = 'o_payment_status_icon';
      icon.textContent = s[1] || '';
      var msg = document.createElement('div');
      msg.id = 'o_payment_status_message';
      if (values.state === 'error') msg.textContent = values.state_message || '';
      else msg.innerHTML = values.display_message || '';
      alert.appendChild(icon);
      alert.appendChild(msg);
      content.innerHTML = '';
      content.appendChild(alert);
    }
    function poll() {
      rpc('/payment/status/poll', {}).then(function (values) {
        if (values.state === 'done' || values.state === 'authorized') {
          show(values);
          window.location = values.landing_route;
          return;
        }
        show(values);
        if (values.state === 'draft' || values.state === 'pending') {
          attempt += 1;
          setTimeout(poll, delays[Math.min(attempt, delays.length - 1)]);
        }
      }, function (err) {
        var alert = document.createElement('div');
        alert.setAttribute('name', 'o_payment_status_alert');
        alert.className = 'alert alert-danger';
        alert.textContent = err.message === 'tx_not_found' ? 'There is no transaction to follow.' : err.message;
        content.innerHTML = '';
        content.appendChild(alert);
      });
    }
    setTimeout(poll, delays[0]);
  }

  // ------------------------------------------------------------------ chatter (portal.Chatter)
  function chatter(root) {
    var form = root.querySelector('form.o_portal_chatter_composer_form');
    if (!form) return;
    var error = form.querySelector('.o_portal_chatter_composer_error');
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var message = form.querySelector('textarea[name="message"]').value;
      if (!message.trim()) return;
      var btn = form.querySelector('.o_portal_chatter_composer_btn');
      btn.disabled = true;
      var params = { res_model: root.getAttribute('data-res_model'), res_id: parseInt(root.getAttribute('data-res_id'), 10), message: message };
      var token = root.getAttribute('data-token');
      if (token) params.token = token;
      rpc('/mail/chatter_post', params).then(function () {
        window.location.href = window.location.pathname + window.location.search + '#discussion';
        window.location.reload();
      }, function (err) {
        error.textContent = err.message;
        error.classList.remove('d-none');
        btn.disabled = false;
      });
    });
  }

  function init() {
    document.querySelectorAll('.o_portal_signature_form').forEach(signatureForm);
    document.querySelectorAll('form#o_payment_form').forEach(paymentForm);
    document.querySelectorAll('[name="o_payment_status"]').forEach(paymentStatus);
    document.querySelectorAll('#discussion.o_portal_chatter').forEach(chatter);
    // sale: "#allow_payment=yes" after signing opens the payment dialog; account: "#portal_pay" the invoice's
    if (window.location.hash === '#allow_payment=yes' && document.getElementById('modalaccept')) openModal('#modalaccept');
    if (window.location.hash === '#portal_pay' && document.getElementById('pay_with')) openModal('#pay_with');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
