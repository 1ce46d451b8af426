// The till that keeps selling when the network drops. Online, it holds a block of seats
// for each coming screening (POST /api/till/blocks) and learns the last number of its
// own ticket series. Offline (navigator.onLine false, or a sale's request failing), the
// sale form's sales are kept in localStorage, each with its idempotency key, the till's
// time and its sequence, numbered in the till's series and taken from its block; a sale
// beyond the block is refused. Back online, they are sent (POST /api/till/sync): sending
// again after a lost answer doubles nothing; conflicts are shown and kept. Each sale
// sends the ticket numbers it printed, which the server checks are its series' next.
// The state kept in localStorage is read again before every change, so that another
// page of the same till (or this page's older self) never writes a stale copy over it.
// No inline script (the Content-Security-Policy forbids it): everything is read from
// the till's page.
(function () {
  "use strict";
  var form = document.querySelector("[data-sale-form]");
  if ("serviceWorker" in navigator && form) {
    var base = form.getAttribute("action").replace(/caisse\/.*$/, "caisse/");
    navigator.serviceWorker.register(base + "sw.js", { scope: base }).catch(function () {});
    // This very page, kept for a reload offline (the worker keeps the next ones itself).
    if (navigator.onLine && window.caches) {
      navigator.serviceWorker.ready.then(function () {
        return caches.open("clef-till-v1").then(function (cache) {
          return cache.add(window.location.pathname);
        });
      }).catch(function () {});
    }
    if (!document.querySelector("link[rel=manifest]")) {
      var link = document.createElement("link");
      link.rel = "manifest";
      link.href = base + "manifest.webmanifest";
      document.head.appendChild(link);
    }
  }
  if (!form) return;
  var session = (form.querySelector("[name=session]") || {}).value;
  var csrf = (form.querySelector("[name=csrfmiddlewaretoken]") || {}).value;
  var fr = (document.documentElement.lang || "fr").indexOf("fr") === 0;
  var T = fr
    ? {
        offline: "Hors ligne depuis %(time)s",
        online: "En ligne",
        queued: "%(count)s ventes à envoyer",
        queued1: "1 vente à envoyer",
        left: "%(count)s places restent dans votre bloc",
        left1: "1 place reste dans votre bloc",
        noBlock: "Aucune place de cette séance n'est réservée à cette caisse : pas de vente de billets hors ligne.",
        short: "Votre bloc n'a plus que %(count)s places pour cette séance : la vente est refusée.",
        usedUp: "Les places de votre bloc pour cette séance sont toutes vendues : la vente est refusée jusqu'au retour du réseau.",
        noScreening: "Choisissez la séance des billets.",
        empty: "La vente est vide : ajoutez un billet, une adhésion ou un article.",
        sold: "Vente %(number)s enregistrée hors ligne : elle sera envoyée au retour du réseau.",
        tickets: "Billets : ",
        conflict: "Vente %(number)s non enregistrée à l'envoi : ",
        sent: "%(count)s ventes envoyées.",
        sent1: "1 vente envoyée.",
        noAnswer: "La réponse de la caisse n’est pas arrivée : vérifiez la connexion et réessayez.",
        badPrice: "Tapez un prix par billet, comme 5 ou 7,50.",
        membersAsOf: "adhérents au %(time)s",
        noCopy: "Aucune copie des adhérents n’est gardée sur cette caisse : tapez le nom du nouvel adhérent ci-dessous.",
        nobody: "Personne ne correspond dans la copie des adhérents.",
        expired: "L’adhésion de %(name)s a pris fin le %(date)s : elle est refusée hors ligne.",
        validUntil: "Adhésion %(number)s, valable jusqu’au %(date)s",
        pick: "Choisir",
      }
    : {
        offline: "Offline since %(time)s",
        online: "Online",
        queued: "%(count)s sales to send",
        queued1: "1 sale to send",
        left: "%(count)s seats left in your block",
        left1: "1 seat left in your block",
        noBlock: "This till holds no seat for this screening: no tickets can be sold offline.",
        short: "Your block has only %(count)s seats left for this screening: the sale is refused.",
        usedUp: "Every seat of your block for this screening is sold: no more tickets until the network is back.",
        noScreening: "Choose the screening the tickets are for.",
        empty: "The sale is empty: add a ticket, a membership or an item.",
        sold: "Sale %(number)s kept offline: it will be sent when the network is back.",
        tickets: "Tickets: ",
        conflict: "Sale %(number)s was not recorded when sent: ",
        sent: "%(count)s sales sent.",
        sent1: "1 sale sent.",
        noAnswer: "The till's answer did not arrive: check the connection and try again.",
        badPrice: "Type one price per ticket, like 5 or 7.50.",
        membersAsOf: "members as of %(time)s",
        noCopy: "No copy of the members is kept on this till: type the new member's name below.",
        nobody: "Nobody found in the copy of the members.",
        expired: "%(name)s's membership ended on %(date)s: it is refused offline.",
        validUntil: "Member %(number)s, valid until %(date)s",
        pick: "Pick",
      };
  var store = "clef-till-" + session;
  function load() {
    var kept;
    try {
      kept = JSON.parse(window.localStorage.getItem(store)) || {};
    } catch (e) {
      kept = {};
    }
    kept.queue = kept.queue || [];
    kept.blocks = kept.blocks || {};
    kept.conflicts = kept.conflicts || [];
    kept.sequence = kept.sequence || 0;
    return kept;
  }
  var state = load();
  // The server's sentences, in the cashier's language, once it has answered.
  if (state.messages) T = state.messages;
  function save() {
    window.localStorage.setItem(store, JSON.stringify(state));
  }
  // Every change starts from what is stored now, never from this page's copy, and is
  // stored at once (one synchronous step: nothing else runs in between).
  function change(how) {
    state = load();
    var result = how(state);
    save();
    return result;
  }
  function now() {
    return new Date().toISOString();
  }
  function wentOffline() {
    change(function (s) { s.offlineSince = s.offlineSince || now(); });
  }

  // --- the line that says where the till stands ---------------------------------------
  var bar = document.createElement("div");
  bar.className = "till-offline";
  bar.setAttribute("role", "status");
  bar.setAttribute("data-offline-status", "");
  var alertBox = document.createElement("div");
  alertBox.className = "till-error";
  alertBox.setAttribute("role", "alert");
  alertBox.setAttribute("data-offline-message", "");
  alertBox.hidden = true;
  form.parentNode.insertBefore(bar, form);
  form.parentNode.insertBefore(alertBox, form);

  function chosenScreening() {
    var radio = form.querySelector("[name=screening]:checked");
    return radio ? radio.value : "";
  }
  function hhmm(iso) {
    var d = new Date(iso);
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }
  function show() {
    state = load();
    var parts = [];
    var offline = state.offlineSince && !navigator.onLine;
    parts.push(offline || state.offlineSince ? T.offline.replace("%(time)s", hhmm(state.offlineSince)) : T.online);
    var n = state.queue.length;
    if (n) parts.push(n === 1 ? T.queued1 : T.queued.replace("%(count)s", n));
    var block = state.blocks[chosenScreening()];
    if (block && (state.offlineSince || n)) {
      parts.push(block.seats === 1 ? T.left1 : T.left.replace("%(count)s", block.seats));
    }
    if (state.offlineSince && state.members && T.membersAsOf) {
      parts.push(T.membersAsOf.replace("%(time)s", hhmm(state.members.taken_at)));
    }
    bar.textContent = parts.join(" — ");
    bar.hidden = !state.offlineSince && !n && !state.conflicts.length;
    var list = state.conflicts.map(function (c) {
      return T.conflict.replace("%(number)s", "#" + c.sequence) + c.message;
    });
    if (list.length) {
      var ul = document.createElement("ul");
      list.forEach(function (text) {
        var li = document.createElement("li");
        li.textContent = text;
        ul.appendChild(li);
      });
      bar.appendChild(ul);
    }
  }
  function say(text) {
    alertBox.textContent = text;
    alertBox.hidden = !text;
  }

  // --- talking to the server ------------------------------------------------------------
  // A request that hangs (a network that neither answers nor fails) is given up after
  // this long, so that it never holds the next sync back.
  var WAIT = 30000;
  function ask(url, options) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, WAIT) : null;
    if (controller) options.signal = controller.signal;
    options.credentials = "same-origin";
    return fetch(url, options).then(
      function (response) {
        window.clearTimeout(timer);
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      },
      function (error) {
        window.clearTimeout(timer);
        throw error;
      }
    );
  }
  function post(path, body) {
    return ask("/api/till/" + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
    });
  }
  // What the server answered, into the state ``s``: its sentences, the series' last
  // number and the blocks, less the seats of the sales still to send (it has not seen
  // them yet, and they come out of the block it holds now when they arrive).
  function learn(s, answer) {
    if (answer.messages) {
      s.messages = answer.messages;
      T = answer.messages;
    }
    s.series = answer.series;
    s.year = answer.year;
    s.last = s.queue.length ? Math.max(answer.last_number, s.last || 0) : answer.last_number;
    s.blocks = {};
    answer.blocks.forEach(function (b) {
      s.blocks[b.screening] = { seats: b.seats, starts_at: b.starts_at, title: b.title };
    });
    s.queue.forEach(function (sale) {
      var block = s.blocks[sale.screening];
      if (block) block.seats = Math.max(0, block.seats - sale.prices.length);
    });
  }
  var syncing = false;
  // A sale on its way to the server (the form posted, the page about to be replaced):
  // nothing is asked meanwhile, so that the sale never waits behind the blocks' writes.
  var posting = false;
  // Nothing to hold for good (a till without a series, a session closed): not asked again.
  var idle = false;
  // A sync that failed while the browser believes it is online is tried again soon
  // (5 s, then longer), not only at the next minute.
  var retry = null;
  var failures = 0;
  function sync() {
    if (syncing || posting || idle || !navigator.onLine || !session) return Promise.resolve();
    syncing = true;
    window.clearTimeout(retry);
    var sending = load().queue;
    var path = sending.length ? "sync" : "blocks";
    var body = sending.length ? { session: Number(session), sales: sending } : { session: Number(session) };
    var again = false;
    return post(path, body)
      .then(function (answer) {
        failures = 0;
        change(function (s) {
          if (answer.results) {
            var answered = {};
            answer.results.forEach(function (r) {
              answered[r.key] = true;
              if (r.status === "conflict") s.conflicts.push({ sequence: r.sequence, message: r.message });
            });
            // Sales kept while this one was on its way stay, for the next sync.
            s.queue = s.queue.filter(function (sale) { return !answered[sale.key]; });
          }
          s.offlineSince = null;
          if (answer.held === false && !s.queue.length) idle = true;
          learn(s, answer);
          again = s.queue.length > 0;
        });
        if (sending.length) {
          say(sending.length === 1 && T.sent1 ? T.sent1 : T.sent.replace("%(count)s", sending.length));
        }
        show();
      })
      .catch(function () {
        if (sending.length) wentOffline();
        failures += 1;
        if (navigator.onLine) retry = window.setTimeout(sync, Math.min(60000, 5000 * failures));
        show();
      })
      .then(function () {
        syncing = false;
        if (again) sync();
      });
  }

  // --- the copy of the venue's valid members, for memberships checked offline ---------
  var membersAsked = 0;
  var MEMBERS_EVERY = 5 * 60 * 1000;
  function copyMembers(force) {
    if (!navigator.onLine || !session || posting) return Promise.resolve();
    if (!force && Date.now() - membersAsked < MEMBERS_EVERY) return Promise.resolve();
    membersAsked = Date.now();
    return ask("/api/till/members?session=" + encodeURIComponent(session), {
      headers: { Accept: "application/json" },
    })
      .then(function (answer) {
        change(function (s) { s.members = { taken_at: answer.taken_at, members: answer.members }; });
        show();
      })
      .catch(function () {});
  }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }
  function localDate(iso) {
    var parts = iso.split("-");
    return parts[2] + "/" + parts[1] + "/" + parts[0];
  }
  function folded(text) {
    return String(text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  // The copy's member of a person (the latest end date), or null.
  function copied(person) {
    var best = null;
    ((state.members || {}).members || []).forEach(function (m) {
      if (String(m.person) === String(person) && (!best || m.ends_on > best.ends_on)) best = m;
    });
    return best;
  }
  var offlineNow = function () { return !navigator.onLine || !!load().offlineSince; };
  var find = document.querySelector("[data-find]");
  var foundBox = document.getElementById("till-members");
  function findInCopy() {
    if (!find || !foundBox) return;
    var query = folded(find.value.trim());
    state = load();
    foundBox.textContent = "";
    if (!query) return;
    if (!state.members) {
      var none = document.createElement("p");
      none.className = "till-none";
      none.textContent = T.noCopy;
      foundBox.appendChild(none);
      return;
    }
    var day = today();
    var seen = {};
    var found = state.members.members.filter(function (m) {
      var hit = folded(m.name).indexOf(query) !== -1 || folded(m.number).indexOf(query) !== -1 ||
        m.code === find.value.trim();
      if (!hit || m.person === null || seen[m.person]) return false;
      seen[m.person] = true;
      return true;
    }).slice(0, 20);
    if (!found.length) {
      var nobody = document.createElement("p");
      nobody.className = "till-none";
      nobody.textContent = T.nobody;
      foundBox.appendChild(nobody);
      return;
    }
    found.forEach(function (m) {
      var m_ = copied(m.person) || m;
      var valid = m_.ends_on >= day;
      var label = document.createElement("label");
      label.className = "till-member" + (valid ? " is-valid" : "");
      label.htmlFor = "till-person-" + m.person;
      var radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "person";
      radio.value = String(m.person);
      radio.id = "till-person-" + m.person;
      radio.setAttribute("data-person-name", m.name);
      if (valid) radio.setAttribute("data-valid-member", "");
      radio.checked = found.length === 1; // a single one found is picked, as online
      var name = document.createElement("span");
      name.className = "till-member-name";
      name.textContent = m.name;
      var stateText = document.createElement("span");
      stateText.className = "till-member-state";
      stateText.textContent = valid
        ? T.validUntil.replace("%(number)s", m_.number).replace("%(date)s", localDate(m_.ends_on))
        : T.expired.replace("%(name)s", m.name).replace("%(date)s", localDate(m_.ends_on));
      var pick = document.createElement("span");
      pick.className = "till-member-pick";
      pick.setAttribute("aria-hidden", "true");
      pick.textContent = T.pick;
      label.appendChild(radio);
      label.appendChild(name);
      label.appendChild(stateText);
      label.appendChild(pick);
      foundBox.appendChild(label);
    });
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }
  // Offline, the search asks no server: the copy answers (htmx's request is called off).
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail && event.detail.elt === find && offlineNow()) {
      event.preventDefault();
      findInCopy();
    }
  });
  var findForm = document.querySelector("[data-find-form]");
  if (findForm) {
    findForm.addEventListener(
      "submit",
      function (event) {
        if (!offlineNow()) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        findInCopy();
      },
      true
    );
  }
  if (find && !window.htmx) {
    find.addEventListener("input", function () { if (offlineNow()) findInCopy(); });
  }

  // --- selling offline ------------------------------------------------------------------
  function value(name) {
    var field = form.querySelector("[name=" + name + "]");
    return field ? field.value.trim() : "";
  }
  function newKey() {
    var random = window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
    return random.replace(/[^A-Za-z0-9]/g, "");
  }
  function keepOffline(formKey) {
    state = load();
    var prices = value("prices") ? value("prices").split(/\s+/) : [];
    if (prices.some(function (p) { return !/^[0-9]{1,4}([.,][0-9]{1,2})?$/.test(p); })) return say(T.badPrice);
    var screening = chosenScreening();
    var products = {};
    Array.prototype.forEach.call(form.querySelectorAll("[data-product-price]"), function (input) {
      var qty = parseInt(input.value, 10);
      if (qty > 0) products[input.name.replace("product-", "")] = qty;
    });
    var amount = value("membership");
    var method = (form.querySelector("[name=method]:checked") || {}).value || "cash";
    if (!prices.length && !Object.keys(products).length && !amount) return say(T.empty);
    var picked = form.querySelector("[name=person]:checked");
    var person = picked ? picked.value : "";
    if (person) {
      var member = copied(person);
      // A member whose membership has ended is refused offline, with the reason (a
      // membership sold to them now is a new one, so that is let through).
      if (member && member.ends_on < today() && !amount) {
        return say(T.expired.replace("%(name)s", member.name).replace("%(date)s", localDate(member.ends_on)));
      }
    }
    if (prices.length && !screening) return say(T.noScreening);
    var refused = null;
    var sale = change(function (s) {
      var block = s.blocks[screening];
      if (prices.length) {
        if (!block) return (refused = T.noBlock), null;
        if (!block.seats) return (refused = T.usedUp), null;
        if (block.seats < prices.length) return (refused = T.short.replace("%(count)s", block.seats)), null;
        block.seats -= prices.length;
      }
      s.sequence += 1;
      // The numbers printed on its tickets: the series' next ones, sent with the sale.
      var numbers = prices.map(function () {
        s.last = (s.last || 0) + 1;
        return s.last;
      });
      var made = {
        key: formKey && /^[A-Za-z0-9_-]{8,64}$/.test(formKey) ? formKey : newKey(),
        sequence: s.sequence,
        sold_at: now(),
        screening: prices.length ? Number(screening) : null,
        prices: prices.map(function (p) { return p.replace(",", "."); }),
        numbers: numbers,
        products: products,
        method: method,
        tendered: value("tendered") || null,
        card_part: value("card_part") || null,
        person: person ? Number(person) : null,
        membership: amount
          ? person
            ? { amount: amount.replace(",", "."), person: Number(person) }
            : { amount: amount.replace(",", "."), first_name: value("first_name"), last_name: value("last_name"), email: value("email") }
          : null,
      };
      s.queue.push(made);
      s.offlineSince = s.offlineSince || made.sold_at;
      return {
        key: made.key,
        sequence: made.sequence,
        printed: numbers.map(function (n) {
          return s.series + "-" + s.year + "-" + ("00000" + n).slice(-6);
        }),
      };
    });
    if (!sale) return say(refused);
    ["prices", "membership", "tendered", "card_part", "first_name", "last_name", "email"].forEach(function (name) {
      var field = form.querySelector("[name=" + name + "]");
      if (field) field.value = "";
    });
    Array.prototype.forEach.call(form.querySelectorAll("[data-product-price]"), function (input) { input.value = "0"; });
    if (foundBox) foundBox.textContent = "";
    // The form's key went with this sale: the next one has its own.
    var keyField = form.querySelector("[name=key]");
    if (keyField && keyField.value === sale.key) keyField.value = newKey();
    if (find) find.value = "";
    var printed = sale.printed;
    say(T.sold.replace("%(number)s", "#" + sale.sequence) + (printed.length ? " " + T.tickets + printed.join(", ") : ""));
    show();
    var prices_ = form.querySelector("[name=prices]");
    if (prices_) prices_.focus();
  }
  form.addEventListener(
    "submit",
    function (event) {
      if (navigator.onLine && !load().queue.length) return;
      // Offline, or sales still waiting to be sent (they go first, in order).
      event.preventDefault();
      event.stopImmediatePropagation();
      keepOffline();
      sync();
    },
    true
  );
  // Seen last, once the page's other scripts have let the sale go (or kept it back): the
  // sale is posted by the script, so that a request failing on the network (the browser
  // still believing it is online) keeps the sale offline instead of losing it. The
  // form's own idempotency key goes with it: had the server written it before the answer
  // was lost, the sync answers "already done" and nothing is doubled.
  window.addEventListener("submit", function (event) {
    if (event.target !== form || event.defaultPrevented) return;
    if (posting || !window.fetch || !window.FormData) {
      if (posting) event.preventDefault();
      else posting = true;
      return;
    }
    event.preventDefault();
    posting = true;
    var data;
    try {
      data = new FormData(form, event.submitter || undefined);
    } catch (e) {
      data = new FormData(form);
    }
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      credentials: "same-origin",
      body: data,
    }).then(
      function (response) {
        if (response.redirected) {
          window.location.assign(response.url);
          return;
        }
        // A refusal (nothing written): the page the server answered is shown as it is,
        // the sale never posted a second time. ``posting`` stays true in this script,
        // which the page written in its place replaces.
        return response.text().then(
          function (html) {
            document.open();
            document.write(html);
            document.close();
          },
          function () {
            posting = false;
            say(T.noAnswer || T.empty);
          }
        );
      },
      function () {
        posting = false;
        wentOffline();
        keepOffline(value("key"));
        show();
        sync();
      }
    );
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) posting = false; // back to this page from the browser's history
  });
  form.addEventListener("change", show);
  window.addEventListener("offline", function () {
    wentOffline();
    show();
  });
  window.addEventListener("online", function () { sync(); });
  if (!navigator.onLine) wentOffline();
  show();
  // Once the page is loaded and a moment after (the cashier's first keys come first),
  // then every minute.
  function start() {
    window.setTimeout(function () {
      sync().then(function () { return copyMembers(true); });
    }, 1000);
    window.setInterval(function () {
      sync().then(function () { return copyMembers(false); });
    }, 60000);
  }
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
