/* The till, on top of plain forms that work without this file:
   - the keyboard shortcuts shown on screen (Alt + a key, see SHORTCUTS);
   - quick price buttons that add a ticket to the prices field, +1 buttons for the bar;
   - the total and the change as you type (the server computes them again);
   - the member search, the check-in result and the screenings' counts by htmx;
   - Print, and the live total of the cash count when closing. */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "fr";
  var money = new Intl.NumberFormat(lang, { style: "currency", currency: "EUR" });

  function $(selector, root) {
    return (root || document).querySelector(selector);
  }

  function $$(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  function show(selector) {
    $$(selector).forEach(function (element) { element.hidden = false; });
  }

  // An amount as typed ("7,50", "7.50 €") in cents, or null when it is not one.
  function cents(text) {
    var clean = String(text || "").replace("€", "").replace(",", ".").trim();
    if (clean === "") return 0;
    if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
    return Math.round(parseFloat(clean) * 100);
  }

  function words(text) {
    return String(text || "").replace(/€/g, " ").split(/[\s;+]+/).filter(Boolean);
  }

  function euros(amount) {
    return money.format(amount / 100);
  }

  show("[data-print]");
  $$("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // --- the sale form ------------------------------------------------------------------
  var form = $("[data-sale-form]");
  if (form) {
    var prices = $("[data-prices]", form);
    var membership = $("[data-membership]", form);
    var tendered = $("[data-tendered]", form);
    var totalOut = $("[data-total]", form);
    var changeOut = $("[data-change]", form);
    var sellButton = $("[data-sell]", form);
    var checkinSelect = $("[data-checkin-screening]");
    var findForm = $("[data-find-form]");
    var find = $("[data-find]");
    var changeBox = $("[data-change-box]", form) || changeOut;
    var missingLabel = changeOut.dataset.missing || "−%s";

    show("[data-quick]");
    show("[data-plus]");
    show("[data-live]");

    var total = function () {
      var sum = 0;
      var ok = true;
      words(prices.value).forEach(function (word) {
        var value = cents(word);
        if (value === null) ok = false;
        else sum += value;
      });
      var member = cents(membership.value);
      if (member === null) ok = false;
      else sum += member;
      var gift = $("[data-gift]", form);
      var given = gift ? cents(gift.value) : 0;
      if (given === null) ok = false;
      else sum += given;
      $$("[data-product-price]", form).forEach(function (input) {
        var quantity = parseInt(input.value || "0", 10);
        if (isNaN(quantity) || quantity < 0) ok = false;
        else sum += quantity * cents(input.dataset.productPrice);
      });
      return ok ? sum : null;
    };

    var method = function () {
      var checked = $("input[name=method]:checked", form);
      return checked ? checked.value : "cash";
    };

    var update = function () {
      var sum = total();
      totalOut.textContent = sum === null ? "—" : euros(sum);
      var given = cents(tendered.value);
      var short = false;
      if (sum === null || method() !== "cash" || !tendered.value.trim() || given === null) {
        changeOut.textContent = "—";
      } else if (given >= sum) {
        changeOut.textContent = euros(given - sum);
      } else {
        // Cash given below the total: what is missing, in red; the server refuses it.
        short = true;
        changeOut.textContent = missingLabel.replace("%s", euros(sum - given));
      }
      changeOut.classList.toggle("is-short", short);
      changeBox.classList.toggle("is-short", short);
    };

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();

    // A membership for someone whose membership is still valid: the box that confirms a
    // second one shows at once (the server asks again without it).
    var again = $("[data-again]", form);
    var askAgain = function () {
      if (!again) return;
      var person = $("input[name=person]:checked", form);
      var valid = person && person.hasAttribute("data-valid-member");
      var wanted = membership.value.trim() !== "";
      if (valid && wanted) again.hidden = false;
      else if (!$("input", again).checked) again.hidden = true;
    };
    form.addEventListener("input", askAgain);
    form.addEventListener("change", askAgain);
    document.body.addEventListener("htmx:afterSwap", askAgain);

    $$("[data-add-price]", form).forEach(function (button) {
      button.addEventListener("click", function () {
        var value = prices.value.replace(/\s+$/, "");
        prices.value = (value ? value + " " : "") + button.dataset.addPrice;
        update();
      });
    });
    var clear = $("[data-clear-prices]", form);
    if (clear) {
      clear.addEventListener("click", function () {
        prices.value = "";
        update();
        prices.focus();
      });
    }
    $$("[data-plus]", form).forEach(function (button) {
      button.addEventListener("click", function () {
        var input = document.getElementById(button.dataset.plus);
        var quantity = parseInt(input.value || "0", 10);
        input.value = String((isNaN(quantity) ? 0 : quantity) + 1);
        update();
      });
    });

    // The check-in form follows the screening chosen for the sale.
    var syncCheckin = function () {
      var checked = $("input[name=screening]:checked", form);
      if (checked && checkinSelect) checkinSelect.value = checked.value;
    };
    form.addEventListener("change", function (event) {
      if (event.target.name === "screening") syncCheckin();
    });

    // Enter in the search field searches (htmx), it does not load the page again.
    if (findForm && find) {
      findForm.addEventListener("submit", function (event) {
        event.preventDefault();
        if (window.htmx) window.htmx.trigger(find, "search");
        else findForm.submit();
      });
    }

    // A double press of Enter or a second tap sends one sale (the key guards it too).
    var sending = false;
    form.addEventListener("submit", function (event) {
      if (sending) {
        event.preventDefault();
        return;
      }
      sending = true;
      sellButton.setAttribute("aria-disabled", "true");
      window.setTimeout(function () {
        sending = false;
        sellButton.removeAttribute("aria-disabled");
      }, 5000);
    });
  }

  // --- undo asks first: Enter undoes, Escape keeps the sale ------------------------------
  var undoDialog = $("[data-undo-dialog]");
  var askUndo = function () {
    if (!undoDialog || typeof undoDialog.showModal !== "function") {
      var ask = $("[data-undo-ask]");
      if (!ask) return false;
      window.location.href = ask.href;
      return true;
    }
    if (!undoDialog.open) undoDialog.showModal();
    $("[data-undo-confirm]", undoDialog).focus();
    return true;
  };
  if (undoDialog) {
    $$("[data-undo-ask]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (askUndo()) event.preventDefault();
      });
    });
    $$("[data-undo-cancel]", undoDialog).forEach(function (button) {
      button.addEventListener("click", function () { undoDialog.close(); });
    });
    undoDialog.addEventListener("close", function () {
      var back = $("[data-prices]");
      if (back) back.focus();
    });
  }

  // --- keyboard shortcuts -------------------------------------------------------------
  function focus(element) {
    if (!element) return false;
    element.focus();
    if (typeof element.select === "function" && element.type !== "radio") element.select();
    return true;
  }

  function pick(selector) {
    var radio = $(selector);
    if (!radio) return false;
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  var SHORTCUTS = {
    KeyT: function () { return focus($("[data-prices]")); },
    KeyM: function () { return focus($("[data-membership]")); },
    KeyF: function () { return focus($("[data-find]")); },
    KeyB: function () { return focus($("[data-first-product]")); },
    KeyE: function () { return focus($("[data-tendered]")); },
    KeyC: function () { return pick("#till-method-cash") && focus($("[data-tendered]")); },
    KeyK: function () { return pick("#till-method-card") && focus($("[data-sell]")); },
    KeyG: function () { return pick("#till-method-free") && focus($("[data-sell]")); },
    KeyN: function () { return focus($("[data-checkin-raw]")); },
    KeyZ: function () { return askUndo(); },
    KeyX: function () {
      var close = $("[data-shortcut-close]");
      if (!close) return false;
      window.location.href = close.href;
      return true;
    },
  };

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    var done = false;
    var digit = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
    if (digit) {
      // The screening picked, the cursor in the prices: the next key typed is a price.
      var radio = $('input[name=screening][data-shortcut="' + digit[1] + '"]');
      if (radio) {
        pick("#" + radio.id);
        // At the end of what is typed already: prices typed before are kept.
        var typed = $("[data-prices]");
        if (typed) {
          typed.focus();
          typed.setSelectionRange(typed.value.length, typed.value.length);
        }
        done = true;
      }
    } else if (SHORTCUTS[event.code]) {
      done = SHORTCUTS[event.code]();
    }
    if (done) event.preventDefault();
  });

  // --- check-in -----------------------------------------------------------------------
  var checkinForm = $("[data-checkin-form]");
  var checkinResult = document.getElementById("till-checkin-result");
  if (checkinForm && checkinResult) {
    var raw = $("[data-checkin-raw]", checkinForm);
    // Once settled: htmx wires the result's forms then, and Enter on a button focused
    // before that would post its form as a whole page.
    document.body.addEventListener("htmx:afterSettle", function (event) {
      if (event.detail.target !== checkinResult) return;
      raw.value = "";
      var collect = $(".till-collect button", checkinResult);
      if (collect) collect.focus();
      else raw.focus();
    });
    var failed = function (event) {
      var from = event.detail.elt;
      if (!checkinForm.contains(from) && !checkinResult.contains(from)) return;
      var panel = document.createElement("div");
      panel.className = "door-panel door-panel-no";
      var verdict = document.createElement("p");
      verdict.className = "door-verdict";
      var word = document.createElement("strong");
      word.textContent = checkinForm.dataset.no;
      verdict.appendChild(word);
      var message = document.createElement("p");
      message.className = "door-message";
      message.textContent = checkinForm.dataset.failed;
      panel.appendChild(verdict);
      panel.appendChild(message);
      checkinResult.replaceChildren(panel);
      raw.focus();
    };
    document.body.addEventListener("htmx:responseError", failed);
    document.body.addEventListener("htmx:sendError", failed);
  }

  // --- closing: the count's total and the difference ------------------------------------
  var count = $("[data-count-form]");
  if (count) {
    var expectedCell = $("[data-expected]");
    var expected = cents(expectedCell ? expectedCell.dataset.expected : "0");
    var countedOut = $("[data-counted]");
    var differenceOut = $("[data-difference]");
    show("[data-live]");
    var recount = function () {
      var sum = 0;
      var ok = true;
      $$("[data-denomination]", count).forEach(function (input) {
        var text = input.value.trim();
        if (text === "") return;
        if (!/^\d+$/.test(text)) {
          ok = false;
          return;
        }
        sum += parseInt(text, 10) * cents(input.dataset.denomination);
      });
      countedOut.textContent = ok ? euros(sum) : "—";
      if (!ok) {
        differenceOut.textContent = "—";
        return;
      }
      var difference = sum - expected;
      differenceOut.textContent = (difference > 0 ? "+" : difference < 0 ? "−" : "") +
        euros(Math.abs(difference));
    };
    count.addEventListener("input", recount);
    recount();
  }
})();
