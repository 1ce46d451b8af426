// The till that keeps selling when the network drops. Online, it holds a block of seats
// for each coming screening (POST /api/till/blocks) and learns the last number of its
// own ticket series. Offline (navigator.onLine false, or a sale's request failing), the
// sale form's sales are kept in localStorage, each with its idempotency key, the till's
// time and its sequence, numbered in the till's series and taken from its block; a sale
// beyond the block is refused. Back online, they are sent (POST /api/till/sync): sending
// again after a lost answer doubles nothing; conflicts are shown and kept.
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
    try {
      return JSON.parse(window.localStorage.getItem(store)) || {};
    } catch (e) {
      return {};
    }
  }
  var state = load();
  // The server's sentences, in the cashier's language, once it has answered.
  if (state.messages) T = state.messages;
  state.queue = state.queue || [];
  state.blocks = state.blocks || {};
  state.conflicts = state.conflicts || [];
  state.sequence = state.sequence || 0;
  function save() {
    window.localStorage.setItem(store, JSON.stringify(state));
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
  function post(path, body) {
    return fetch("/api/till/" + path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    });
  }
  function learn(answer) {
    if (answer.messages) {
      state.messages = answer.messages;
      T = answer.messages;
    }
    state.series = answer.series;
    state.year = answer.year;
    state.last = Math.max(answer.last_number, state.queue.length ? state.last || 0 : 0);
    if (!state.queue.length) state.last = answer.last_number;
    state.blocks = {};
    answer.blocks.forEach(function (b) {
      state.blocks[b.screening] = { seats: b.seats, starts_at: b.starts_at, title: b.title };
    });
  }
  var syncing = false;
  // A sale on its way to the server (the form posted, the page about to be replaced):
  // nothing is asked meanwhile, so that the sale never waits behind the blocks' writes.
  var posting = false;
  // Nothing to hold for good (a till without a series, a session closed): not asked again.
  var idle = false;
  function sync() {
    if (syncing || posting || idle || !navigator.onLine || !session) return Promise.resolve();
    syncing = true;
    var sending = state.queue.slice();
    var path = sending.length ? "sync" : "blocks";
    var body = sending.length ? { session: Number(session), sales: sending } : { session: Number(session) };
    return post(path, body)
      .then(function (answer) {
        if (answer.results) {
          var answered = {};
          answer.results.forEach(function (r) {
            answered[r.key] = true;
            if (r.status === "conflict") state.conflicts.push({ sequence: r.sequence, message: r.message });
          });
          state.queue = state.queue.filter(function (s) { return !answered[s.key]; });
          if (sending.length) say(T.sent.replace("%(count)s", sending.length));
        }
        state.offlineSince = null;
        if (answer.held === false && !state.queue.length) idle = true;
        learn(answer);
        save();
        show();
      })
      .catch(function () {
        if (!state.offlineSince && sending.length) state.offlineSince = new Date().toISOString();
        save();
        show();
      })
      .then(function () { syncing = false; });
  }

  // --- the copy of the venue's valid members, for memberships checked offline ---------
  var membersAsked = 0;
  var MEMBERS_EVERY = 5 * 60 * 1000;
  function copyMembers(force) {
    if (!navigator.onLine || !session || posting) return Promise.resolve();
    if (!force && Date.now() - membersAsked < MEMBERS_EVERY) return Promise.resolve();
    membersAsked = Date.now();
    return fetch("/api/till/members?session=" + encodeURIComponent(session), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (answer) {
        state.members = { taken_at: answer.taken_at, members: answer.members };
        save();
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
  var offlineNow = function () { return !navigator.onLine || !!state.offlineSince; };
  var find = document.querySelector("[data-find]");
  var foundBox = document.getElementById("till-members");
  function findInCopy() {
    if (!find || !foundBox) return;
    var query = folded(find.value.trim());
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
  function keepOffline(formKey) {
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
    var block = state.blocks[screening];
    if (prices.length) {
      if (!block) return say(T.noBlock);
      if (!block.seats) return say(T.usedUp);
      if (block.seats < prices.length) return say(T.short.replace("%(count)s", block.seats));
      block.seats -= prices.length;
    }
    state.sequence += 1;
    var numbers = prices.map(function () {
      state.last = (state.last || 0) + 1;
      return state.series + "-" + state.year + "-" + ("00000" + state.last).slice(-6);
    });
    var sale = {
      key: formKey && /^[A-Za-z0-9_-]{8,64}$/.test(formKey) ? formKey : (window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/[^A-Za-z0-9_-]/g, ""),
      sequence: state.sequence,
      sold_at: new Date().toISOString(),
      screening: prices.length ? Number(screening) : null,
      prices: prices.map(function (p) { return p.replace(",", "."); }),
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
    state.queue.push(sale);
    state.offlineSince = state.offlineSince || sale.sold_at;
    save();
    ["prices", "membership", "tendered", "card_part", "first_name", "last_name", "email"].forEach(function (name) {
      var field = form.querySelector("[name=" + name + "]");
      if (field) field.value = "";
    });
    Array.prototype.forEach.call(form.querySelectorAll("[data-product-price]"), function (input) { input.value = "0"; });
    if (foundBox) foundBox.textContent = "";
    // The form's key went with this sale: the next one has its own.
    var keyField = form.querySelector("[name=key]");
    if (keyField && keyField.value === sale.key) {
      keyField.value = (window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/[^A-Za-z0-9]/g, "");
    }
    if (find) find.value = "";
    say(T.sold.replace("%(number)s", "#" + sale.sequence) + (numbers.length ? " " + T.tickets + numbers.join(", ") : ""));
    show();
    var prices_ = form.querySelector("[name=prices]");
    if (prices_) prices_.focus();
  }
  form.addEventListener(
    "submit",
    function (event) {
      if (navigator.onLine && !state.queue.length) return;
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
        } else {
          // A refusal (nothing written): the same form posted by the browser shows it.
          HTMLFormElement.prototype.submit.call(form);
        }
      },
      function () {
        posting = false;
        state.offlineSince = state.offlineSince || new Date().toISOString();
        save();
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
    state.offlineSince = state.offlineSince || new Date().toISOString();
    save();
    show();
  });
  window.addEventListener("online", function () { sync(); });
  if (!navigator.onLine) {
    state.offlineSince = state.offlineSince || new Date().toISOString();
    save();
  }
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
