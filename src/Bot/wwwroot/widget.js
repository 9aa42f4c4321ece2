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
  var DEFAULT_COLOR = '#1f5f74';
  var SVG = 'http://www.w3.org/2000/svg';
  var origin = new URL(script.src, location.href).origin;
  var data = script.dataset;
  var name = (data.botName || 'Chat').slice(0, 60);
  var color = readableOnWhiteText(data.primaryColor) ? data.primaryColor : DEFAULT_COLOR;
  var side = data.position === 'left' ? 'left' : 'right';
  var open = false;
  var frame = null;
  var frameReady = false;
  var inerted = [];
  var watchingFocus = false;

  // WCAG relative luminance: white text on the brand colour must reach 4.5:1, or the default colour is used.
  function readableOnWhiteText(hex) {
    if (!/^#[0-9a-fA-F]{6}$/.test(hex || '')) {
      return false;
    }
    var l = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.substr(i, 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 1.05 / (0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2] + 0.05) >= 4.5;
  }

  function icon(paths) {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '28');
    svg.setAttribute('height', '28');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    paths.forEach(function (d) {
      var path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', d);
      path.setAttribute('fill', 'none');
      path.setAttribute('stroke', 'currentColor');
      path.setAttribute('stroke-width', '2');
      path.setAttribute('stroke-linecap', 'round');
      path.setAttribute('stroke-linejoin', 'round');
      svg.appendChild(path);
    });
    svg.style.display = 'block';
    svg.style.margin = 'auto';
    return svg;
  }
  var chatIcon = ['M4 5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H10l-5 4v-4H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z', 'M8 10h8', 'M8 13h5'];
  var closeIcon = ['M6 6l12 12', 'M18 6L6 18'];

  // Inline styles only (the host page's CSP may forbid a <style> element), so the focus ring is set on focus.
  function focusRing(element, ringColor, offset) {
    element.addEventListener('focus', function () {
      element.style.outline = '3px solid ' + ringColor;
      element.style.outlineOffset = offset;
    });
    element.addEventListener('blur', function () {
      element.style.outline = 'none';
    });
  }

  // The button's accessible name is its only label (the icon is hidden), so visible and spoken names never differ.
  var button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-label', 'Open chat with ' + name);
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'clinic-chat-panel');
  button.appendChild(icon(chatIcon));
  var b = button.style;
  b.position = 'fixed'; b.bottom = '20px'; b[side] = '20px'; b.zIndex = '2147483000';
  b.width = '60px'; b.height = '60px'; b.padding = '0'; b.borderRadius = '50%'; b.border = '0'; b.cursor = 'pointer';
  b.background = color; b.color = '#fff'; b.boxShadow = '0 0 0 2px #fff, 0 4px 14px rgba(0,0,0,0.25)';
  focusRing(button, color, '2px');

  var panel = document.createElement('div');
  panel.id = 'clinic-chat-panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', name + ' chat');
  var p = panel.style;
  p.position = 'fixed'; p.zIndex = '2147483001'; p.overflow = 'hidden'; p.background = '#fff';
  p.boxShadow = '0 8px 30px rgba(0,0,0,0.3)'; p.display = 'none'; p.flexDirection = 'column';

  // The widget's own header names the clinic and closes the panel (the page inside hides its own header).
  var header = document.createElement('div');
  var h = header.style;
  h.display = 'flex'; h.alignItems = 'center'; h.gap = '8px'; h.padding = '0 4px 0 12px'; h.minHeight = '48px';
  h.background = color; h.color = '#fff'; h.font = '600 16px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  var title = document.createElement('span');
  title.textContent = name;
  title.style.flex = '1'; title.style.minWidth = '0'; title.style.overflowWrap = 'anywhere';
  var close = document.createElement('button');
  close.type = 'button';
  close.setAttribute('aria-label', 'Close chat');
  close.appendChild(icon(closeIcon));
  var c = close.style;
  c.flex = 'none'; c.width = '44px'; c.height = '44px'; c.padding = '0'; c.border = '0'; c.borderRadius = '6px';
  c.background = 'transparent'; c.color = '#fff'; c.cursor = 'pointer';
  focusRing(close, '#fff', '-5px');
  header.appendChild(title);
  header.appendChild(close);
  panel.appendChild(header);

  // Phones and zoomed or short windows: the panel takes the whole window and the page behind is inert (modal).
  function isSmall() {
    return window.innerWidth < 480 || window.innerHeight < 600;
  }

  function layout() {
    var small = open && isSmall();
    p.top = small ? '0' : 'auto';
    p.bottom = small ? '0' : '92px';
    p.left = small ? '0' : (side === 'left' ? '12px' : 'auto');
    p.right = small ? '0' : (side === 'right' ? '12px' : 'auto');
    p.width = small ? '100%' : 'min(400px, calc(100vw - 24px))';
    p.height = small ? '100%' : 'min(640px, calc(100vh - 110px))';
    p.borderRadius = small ? '0' : '12px';
    b.display = small ? 'none' : 'block';
    if (small) {
      panel.setAttribute('aria-modal', 'true');
    } else {
      panel.removeAttribute('aria-modal');
    }
    setInert(small);
    keepFocusInSight(open && !small);
  }

  // Beside the page (not modal), the panel must not hide what keyboard focus moves to behind it (WCAG 2.4.11):
  // an element focused under the panel is scrolled just clear of it, above or below, whichever is the shorter way.
  function keepFocusInSight(on) {
    if (on && !watchingFocus) {
      document.addEventListener('focusin', revealBehindPanel, true);
      watchingFocus = true;
    } else if (!on && watchingFocus) {
      document.removeEventListener('focusin', revealBehindPanel, true);
      watchingFocus = false;
    }
  }

  function revealBehindPanel(event) {
    var target = event.target;
    if (!target.getBoundingClientRect || panel.contains(target) || target === button) {
      return;
    }
    var r = target.getBoundingClientRect();
    var q = panel.getBoundingClientRect();
    if (r.right <= q.left || r.left >= q.right || r.bottom <= q.top || r.top >= q.bottom) {
      return;
    }
    var down = r.bottom - (q.top - 8);
    var up = (q.bottom + 8) - r.top;
    var room = document.documentElement.scrollHeight - window.innerHeight - window.scrollY;
    var by = down <= room && (down <= up || window.scrollY < up) ? down : -Math.min(up, window.scrollY);
    window.scrollBy(0, by);
  }

  function setInert(on) {
    if (on && inerted.length === 0) {
      Array.prototype.forEach.call(document.body.children, function (child) {
        if (child !== panel && !child.inert && child.tagName !== 'SCRIPT') {
          child.inert = true;
          inerted.push(child);
        }
      });
    } else if (!on) {
      inerted.forEach(function (child) { child.inert = false; });
      inerted = [];
    }
  }

  function focusMessageBox() {
    if (frame && frameReady) {
      frame.focus();
      frame.contentWindow.postMessage({ type: 'clinic-chat:focus' }, origin);
    }
  }

  function ensureFrame() {
    if (frame) {
      return;
    }
    frame = document.createElement('iframe');
    frame.title = name + ' chat';
    frame.src = origin + '/?embed=1&name=' + encodeURIComponent(name) + '&color=' + encodeURIComponent(color);
    frame.style.border = '0'; frame.style.width = '100%'; frame.style.flex = '1'; frame.style.minHeight = '0';
    frame.addEventListener('load', function () {
      frameReady = true;
      if (open) {
        focusMessageBox();
      }
    });
    panel.appendChild(frame);
  }

  function setOpen(value) {
    open = value;
    if (open) {
      ensureFrame();
    }
    panel.style.display = open ? 'flex' : 'none';
    layout();
    button.setAttribute('aria-expanded', String(open));
    button.setAttribute('aria-label', (open ? 'Close chat with ' : 'Open chat with ') + name);
    button.replaceChild(icon(open ? closeIcon : chatIcon), button.firstChild);
    if (open) {
      focusMessageBox();
    } else {
      button.focus();
    }
  }

  button.addEventListener('click', function () { setOpen(!open); });
  close.addEventListener('click', function () { setOpen(false); });
  window.addEventListener('resize', function () {
    if (open) {
      layout();
    }
  });
  window.addEventListener('message', function (event) {
    if (event.origin === origin && frame && event.source === frame.contentWindow && event.data
        && event.data.type === 'clinic-chat:close' && open) {
      setOpen(false);
    }
  });
  // Escape pressed on this page (the bubble, the close button); inside the frame the chat page decides.
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && open && !event.defaultPrevented) {
      setOpen(false);
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
