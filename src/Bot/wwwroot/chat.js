// The chat page: gets a conversation-bound token from this app, keeps it in sessionStorage so a reload
// resumes the same conversation, and renders the official Web Chat against our own Direct Line.
(function () {
  'use strict';
  var STORAGE_KEY = 'clinic-chat-session';
  var body = document.body;
  var params = new URLSearchParams(location.search);
  var color = readableOnWhiteText(params.get('color')) ? params.get('color') : body.dataset.color;
  var clinicName = (params.get('name') || '').slice(0, 60) || body.dataset.clinicName;
  body.style.setProperty('--clinic-color', color);
  // textContent, never innerHTML: the name can come from the embedding page's URL.
  document.getElementById('chat-title').textContent = clinicName;
  if (params.has('embed') && window.parent !== window) {
    body.classList.add('embedded');
    // Escape closes the widget only when Web Chat has not used it: in the history it moves to the send box and
    // in a message it leaves the message (both preventDefault and stop propagation at React's root).
    window.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && !event.defaultPrevented && !(event.target.closest && event.target.closest('.webchat__basic-transcript'))) {
        window.parent.postMessage({ type: 'clinic-chat:close' }, '*');
      }
    });
    // The widget asks for focus in the message box when it opens; only the embedding page may ask.
    window.addEventListener('message', function (event) {
      if (event.source === window.parent && event.data && event.data.type === 'clinic-chat:focus'
          && (!location.ancestorOrigins || location.ancestorOrigins[0] === event.origin)) {
        focusSendBox(Date.now() + 60000);
      }
    });
  }

  function focusSendBox(until) {
    var input = document.querySelector('.webchat__send-box-text-box__input');
    if (input) {
      input.focus();
    } else if (Date.now() < until) {
      setTimeout(function () { focusSendBox(until); }, 100);
    }
  }

  // WCAG relative luminance: white text on the colour must reach 4.5:1 (as the server checks WebChat:PrimaryColor).
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

  function tokenExpiry(token) {
    try {
      var payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(payload)).exp * 1000;
    } catch (e) {
      return 0;
    }
  }

  function load() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
      // A token that is about to expire cannot resume: start a new conversation instead.
      return saved && saved.token && saved.conversationId && tokenExpiry(saved.token) > Date.now() + 60000 ? saved : null;
    } catch (e) {
      return null;
    }
  }

  function save(directLine) {
    if (directLine.token && directLine.conversationId) {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({
        token: directLine.token,
        conversationId: directLine.conversationId,
        watermark: directLine.watermark || ''
      }));
    }
  }

  function newSession() {
    return fetch('/api/chat/token', { method: 'POST', headers: { Accept: 'application/json' } }).then(function (response) {
      if (!response.ok) {
        throw new Error('token request failed: ' + response.status);
      }
      return response.json();
    }).then(function (json) {
      return { token: json.token, conversationId: json.conversationId };
    });
  }

  function showError() {
    document.getElementById('chat-error').hidden = false;
  }

  function start(session, resuming) {
    var directLine = window.WebChat.createDirectLine({
      domain: location.origin + '/v3/directline',
      token: session.token,
      // With a conversationId directlinejs reconnects (GET conversations/{id}) instead of starting a new one.
      // No watermark on a reload: the fresh transcript needs the whole history replayed.
      conversationId: resuming ? session.conversationId : undefined
    });

    var store = window.WebChat.createStore({}, function (api) {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED') {
            // Web Chat's documented welcome trigger; the bot welcomes once per conversation either way.
            api.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'webchat/join', value: { language: navigator.language } } });
            save(directLine);
          } else if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
            save(directLine);
          }
          return next(action);
        };
      };
    });

    var statusSubscription = directLine.connectionStatus$.subscribe(function (status) {
      // 4 = FailedToConnect, 5 = Ended: a stored conversation that expired; start over with a new one.
      if ((status === 4 || status === 5) && resuming) {
        statusSubscription.unsubscribe();
        sessionStorage.removeItem(STORAGE_KEY);
        directLine.end();
        newSession().then(function (fresh) { start(fresh, false); }, showError);
      } else if (status === 4) {
        showError();
      }
    });

    var container = document.getElementById('webchat');
    window.WebChat.renderWebChat({
      directLine: directLine,
      store: store,
      locale: 'en-US',
      styleOptions: {
        hideUploadButton: true,
        suggestedActionLayout: 'flow',
        accent: color,
        botAvatarInitials: body.dataset.initials,
        botAvatarBackgroundColor: color,
        userAvatarInitials: 'You',
        bubbleBackground: '#eef3f5',
        bubbleBorderRadius: 12,
        bubbleFromUserBackground: color,
        bubbleFromUserTextColor: '#ffffff',
        bubbleFromUserBorderRadius: 12,
        suggestedActionBorderColor: color,
        suggestedActionTextColor: color,
        suggestedActionBorderRadius: 16,
        suggestedActionHeight: 44,
        sendBoxHeight: 44,
        sendBoxButtonColor: color,
        primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
      }
    }, container);
    window.clinicChat = { directLine: directLine };
  }

  var saved = load();
  if (saved) {
    start(saved, true);
  } else {
    newSession().then(function (session) { start(session, false); }, showError);
  }
})();
