// One script tag adds the clinic's chat to any website:
// <script src="https://<bot host>/widget.js" data-bot-name="Pasithea Clinics" data-primary-color="#1f5f74"
//         data-position="right" data-start-open="false" async></script>
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__clinicChatWidget) {
    return;
  }
  window.__clinicChatWidget = true;
  var origin = new URL(script.src, location.href).origin;
  var data = script.dataset;
  var name = (data.botName || 'Chat').slice(0, 60);
  var color = /^#[0-9a-fA-F]{6}$/.test(data.primaryColor || '') ? data.primaryColor : '#1f5f74';
  var side = data.position === 'left' ? 'left' : 'right';
  var open = false;
  var frame = null;

  var button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-label', 'Open chat with ' + name);
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'clinic-chat-panel');
  button.textContent = '\uD83D\uDCAC';
  var b = button.style;
  b.position = 'fixed'; b.bottom = '20px'; b[side] = '20px'; b.zIndex = '2147483000';
  b.width = '60px'; b.height = '60px'; b.borderRadius = '50%'; b.border = '0'; b.cursor = 'pointer';
  b.background = color; b.color = '#fff'; b.fontSize = '28px'; b.lineHeight = '60px';
  b.boxShadow = '0 4px 14px rgba(0,0,0,0.25)';

  var panel = document.createElement('div');
  panel.id = 'clinic-chat-panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', name + ' chat');
  var p = panel.style;
  p.position = 'fixed'; p.bottom = '92px'; p[side] = '12px'; p.zIndex = '2147483000';
  p.width = 'min(400px, calc(100vw - 24px))'; p.height = 'min(640px, calc(100vh - 110px))';
  p.borderRadius = '12px'; p.overflow = 'hidden'; p.background = '#fff';
  p.boxShadow = '0 8px 30px rgba(0,0,0,0.3)'; p.display = 'none';

  function ensureFrame() {
    if (frame) {
      return;
    }
    frame = document.createElement('iframe');
    frame.title = name + ' chat';
    frame.src = origin + '/?embed=1&name=' + encodeURIComponent(name) + '&color=' + encodeURIComponent(color);
    frame.style.border = '0'; frame.style.width = '100%'; frame.style.height = '100%';
    panel.appendChild(frame);
  }

  function setOpen(value) {
    open = value;
    if (open) {
      ensureFrame();
    }
    panel.style.display = open ? 'block' : 'none';
    button.setAttribute('aria-expanded', String(open));
    button.setAttribute('aria-label', (open ? 'Close chat with ' : 'Open chat with ') + name);
    button.textContent = open ? '\u2715' : '\uD83D\uDCAC';
    if (open) {
      frame.focus();
    }
  }

  button.addEventListener('click', function () { setOpen(!open); });
  window.addEventListener('message', function (event) {
    if (event.origin === origin && event.data && event.data.type === 'clinic-chat:close' && open) {
      setOpen(false);
      button.focus();
    }
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && open) {
      setOpen(false);
      button.focus();
    }
  });

  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(button);
    if (data.startOpen === 'true') {
      setOpen(true);
    }
  }
  if (document.body) {
    mount();
  } else {
    document.addEventListener('DOMContentLoaded', mount);
  }
})();
