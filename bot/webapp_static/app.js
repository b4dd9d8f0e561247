// The dashboard page: reads Telegram's initData, asks /api/dashboard with it and draws
// progress (inline SVG), history (with delete), the plan (weekly runs, lead, zone,
// summary day and language editable; one-off runs read-only) and the exports.
// Every label comes from the server's "texts"; the page's own words are only the
// fallback error for when the server cannot be reached or refuses the initData.
"use strict";

(function () {
  const FALLBACK_ERROR = {
    en: "Could not load your dashboard. Close it and open it again from the bot.",
    de: "Dein Dashboard ließ sich nicht laden. Schließe es und öffne es erneut über den Bot.",
    es: "No se pudo cargar tu panel. Ciérralo y vuelve a abrirlo desde el bot.",
    fr: "Impossible de charger ton tableau de bord. Ferme-le et rouvre-le depuis le bot.",
    ru: "Не удалось загрузить панель. Закрой её и открой снова из бота.",
  };
  const THEME_KEYS = [
    "bg_color", "text_color", "hint_color", "link_color", "button_color",
    "button_text_color", "secondary_bg_color",
  ];

  const state = { data: null, exercise: null, tab: "progress" };
  const host = (window.Telegram && window.Telegram.WebApp) || null;
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const initData = (host && host.initData) || fragment.get("tgWebAppData") || "";

  const SUMMARY_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  const LANGUAGES = ["en", "de", "es", "fr", "ru"];

  function $(id) {
    return document.getElementById(id);
  }

  function esc(value) {
    return String(value == null ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function t(key) {
    const texts = (state.data && state.data.texts) || {};
    return texts[key] != null ? texts[key] : key;
  }

  // Numbers as the runner's language writes them: 9.5 and 86.4% in English, 9,5 and
  // 86,4 % in German.
  const formats = {};
  function format(kind, value) {
    const language = (state.data && state.data.language) || "en";
    const key = language + " " + kind;
    if (!formats[key]) {
      const options = { maximumFractionDigits: 1 };
      if (kind === "percent") options.style = "percent";
      try {
        formats[key] = new Intl.NumberFormat(language, options);
      } catch (error) {
        formats[key] = new Intl.NumberFormat("en", options);
      }
    }
    return formats[key].format(kind === "percent" ? value / 100 : value);
  }

  function number(value) {
    return value == null ? "–" : format("number", value);
  }

  function percent(value) {
    return value == null ? "–" : format("percent", value);
  }

  // --- Telegram: theme and telling the host the page is ready -----------------------

  function applyTheme() {
    let params = host && host.themeParams;
    if (!params || !Object.keys(params).length) {
      try {
        params = JSON.parse(fragment.get("tgWebAppThemeParams") || "{}");
      } catch (error) {
        params = {};
      }
    }
    const style = document.documentElement.style;
    for (const key of THEME_KEYS) {
      if (typeof params[key] === "string" && /^#[0-9a-fA-F]{3,8}$/.test(params[key])) {
        style.setProperty("--tg-theme-" + key.replace(/_/g, "-"), params[key]);
      }
    }
  }

  function tellHost(event) {
    if (host && event === "web_app_ready" && typeof host.ready === "function") {
      host.ready();
      return;
    }
    if (host && event === "web_app_expand" && typeof host.expand === "function") {
      host.expand();
      return;
    }
    try {
      if (window.TelegramWebviewProxy) {
        window.TelegramWebviewProxy.postEvent(event, "");
      } else if (window.parent && window.parent !== window) {
        window.parent.postMessage(JSON.stringify({ eventType: event, eventData: "" }), "*");
      }
    } catch (error) {
      // Outside Telegram there is no one to tell.
    }
  }

  // --- The API ------------------------------------------------------------------------

  function api(path, options) {
    const headers = { Authorization: "tma " + initData };
    return fetch("api/" + path, Object.assign({ headers: headers, cache: "no-store" }, options));
  }

  function fallbackError() {
    let language = (navigator.language || "en").slice(0, 2);
    try {
      const user = JSON.parse(new URLSearchParams(initData).get("user") || "{}");
      if (user.language_code) language = String(user.language_code).slice(0, 2);
    } catch (error) {
      // No user in the initData: the browser's language.
    }
    return FALLBACK_ERROR[language] || FALLBACK_ERROR.en;
  }

  function showError(message) {
    state.data = null;
    $("dashboard").hidden = true;
    $("tabs").hidden = true;
    for (const section of document.querySelectorAll("main section")) section.innerHTML = "";
    const status = $("status");
    status.className = "error";
    status.textContent = message;
  }

  function say(message) {
    const status = $("status");
    status.className = "";
    status.textContent = message || "";
  }

  async function load() {
    if (!initData) {
      showError(fallbackError());
      return;
    }
    let answer;
    try {
      const response = await api("dashboard");
      if (!response.ok) throw new Error("HTTP " + response.status);
      answer = await response.json();
    } catch (error) {
      showError(fallbackError());
      return;
    }
    state.data = answer;
    say("");
    render();
  }

  // --- Rendering ----------------------------------------------------------------------

  function render() {
    const data = state.data;
    document.documentElement.lang = data.language || "en";
    document.title = t("title");
    $("title").textContent = t("title");
    for (const button of document.querySelectorAll("nav button")) {
      button.textContent = t(button.dataset.tab);
    }
    $("tabs").hidden = false;
    $("dashboard").hidden = false;
    renderProgress();
    renderHistory();
    renderPlan();
    renderExport();
    showTab(state.tab);
  }

  function showTab(name) {
    state.tab = name;
    for (const button of document.querySelectorAll("nav button")) {
      button.setAttribute("aria-pressed", String(button.dataset.tab === name));
    }
    for (const section of document.querySelectorAll("main section")) {
      section.hidden = section.id !== name;
    }
  }

  function renderProgress() {
    const exercises = state.data.exercises || [];
    const section = $("progress");
    if (!exercises.length) {
      section.innerHTML = "<h2>" + esc(t("progress")) + "</h2><p class=\"hint\">" +
        esc(t("no_data")) + "</p>";
      return;
    }
    if (!exercises.some((exercise) => exercise.id === state.exercise)) {
      state.exercise = firstChoice(exercises).id;
    }
    const exercise = exercises.find((item) => item.id === state.exercise);
    const options = exercises.map((item) =>
      "<option value=\"" + esc(item.id) + "\"" + (item.id === exercise.id ? " selected" : "") +
      ">" + esc(item.name) + "</option>").join("");
    section.innerHTML =
      "<h2>" + esc(t("progress")) + "</h2>" +
      "<select id=\"exercise\" aria-label=\"" + esc(t("progress")) + "\">" + options + "</select>" +
      "<div class=\"card\" id=\"chart\">" + exerciseView(exercise) + "</div>";
    $("exercise").addEventListener("change", (event) => {
      state.exercise = event.target.value;
      renderProgress();
    });
  }

  // At first, the left-and-right exercise with the most sessions (symmetry is the point).
  function firstChoice(exercises) {
    const weight = (item) => (item.per_leg ? 1000 : 0) + (item.sessions || []).length;
    return exercises.reduce((best, item) => (weight(item) > weight(best) ? item : best));
  }

  function exerciseView(exercise) {
    const sessions = exercise.sessions || [];
    const perLeg = exercise.per_leg;
    const hasPain = sessions.some((session) => session.pain);
    const legend = (perLeg
      ? ["left", "right", "lsi"].map((key) =>
        "<span class=\"" + key + "\">" + esc(t(key === "lsi" ? "symmetry" : key)) + "</span>")
      : ["<span class=\"both\">" + esc(t("both")) + "</span>"])
      .concat(hasPain ? ["<span class=\"pain\">" + esc(t("pain_day")) + "</span>"] : [])
      .join("");
    let html = "<h3>" + esc(exercise.name) + "</h3>";
    html += "<p class=\"summary\">" + esc(exercise.summary || t("summary_none")) + "</p>";
    if (!sessions.length) return html;
    html += "<div class=\"legend\">" + legend + "</div>";
    const series = perLeg
      ? [{ key: "left", values: sessions.map((s) => s.left) },
        { key: "right", values: sessions.map((s) => s.right) }]
      : [{ key: "both", values: sessions.map((s) => s.both) }];
    html += chart(sessions, series, { label: t("reps") });
    if (perLeg) {
      html += chart(sessions, [{ key: "lsi", values: sessions.map((s) => s.lsi) }], {
        label: t("symmetry") + " %",
        percent: true,
        mark: 90,
      });
    }
    html += table(sessions, perLeg);
    return html;
  }

  // One SVG chart: sessions along x, one line per series, pain sessions shaded.
  function chart(sessions, series, options) {
    const width = 340;
    const height = options.percent ? 130 : 180;
    const pad = { left: 34, right: 16, top: 16, bottom: 24 };
    const plotW = width - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;
    const values = [].concat(...series.map((line) => line.values)).filter((v) => v != null);
    let low = 0;
    let high = Math.max(1, ...values);
    if (options.percent) {
      high = 100;
      low = Math.max(0, Math.floor((Math.min(options.mark, ...values) - 10) / 10) * 10);
    } else {
      high = Math.ceil(high * 1.15);
    }
    const count = sessions.length;
    const x = (i) => pad.left + (count === 1 ? plotW / 2 : (i * plotW) / (count - 1));
    const y = (v) => pad.top + plotH - ((v - low) / (high - low || 1)) * plotH;
    const step = count === 1 ? plotW : plotW / (count - 1);
    let svg = "<svg class=\"chart\" viewBox=\"0 0 " + width + " " + height +
      "\" role=\"img\" aria-label=\"" + esc(options.label) + "\">";
    sessions.forEach((session, i) => {
      if (!session.pain) return;
      const band = Math.max(8, Math.min(step, 24));
      const from = Math.max(pad.left, x(i) - band / 2);
      const to = Math.min(width - 2, x(i) + band / 2);
      svg += "<rect class=\"painband\" x=\"" + from.toFixed(1) + "\" y=\"" +
        pad.top + "\" width=\"" + (to - from).toFixed(1) + "\" height=\"" + plotH +
        "\"><title>" + esc(t("pain_day") + " · " + session.label) + "</title></rect>";
      svg += "<path class=\"painmark\" d=\"M" + x(i).toFixed(1) + " " + (pad.top - 2) +
        " l-5 -9 h10 z\"></path>";
    });
    for (const tick of ticks(low, high, options.percent)) {
      svg += "<line class=\"grid\" x1=\"" + pad.left + "\" x2=\"" + (width - pad.right) +
        "\" y1=\"" + y(tick).toFixed(1) + "\" y2=\"" + y(tick).toFixed(1) + "\"></line>";
      svg += "<text x=\"" + (pad.left - 4) + "\" y=\"" + (y(tick) + 4).toFixed(1) +
        "\" text-anchor=\"end\">" + esc(number(tick)) + "</text>";
    }
    if (options.mark != null) {
      svg += "<line class=\"mark\" x1=\"" + pad.left + "\" x2=\"" + (width - pad.right) +
        "\" y1=\"" + y(options.mark).toFixed(1) + "\" y2=\"" + y(options.mark).toFixed(1) +
        "\"><title>" + esc(t("symmetry_mark")) + "</title></line>";
    }
    for (const index of labelIndexes(count)) {
      const anchor = count === 1 ? "middle" : index === 0 ? "start" : index === count - 1 ? "end" : "middle";
      svg += "<text x=\"" + x(index).toFixed(1) + "\" y=\"" + (height - 6) +
        "\" text-anchor=\"" + anchor + "\">" + esc(sessions[index].label) + "</text>";
    }
    for (const line of series) {
      const points = [];
      line.values.forEach((value, i) => {
        if (value != null) points.push([x(i), y(value), value, i]);
      });
      if (points.length > 1) {
        svg += "<polyline class=\"line " + line.key + "\" points=\"" +
          points.map((p) => p[0].toFixed(1) + "," + p[1].toFixed(1)).join(" ") + "\"></polyline>";
      }
      for (const point of points) {
        const name = line.key === "lsi" ? t("symmetry") : t(line.key);
        svg += "<circle class=\"" + line.key + "\" cx=\"" + point[0].toFixed(1) + "\" cy=\"" +
          point[1].toFixed(1) + "\" r=\"3.5\"><title>" +
          esc(sessions[point[3]].label + " · " + name + ": " +
            (options.percent ? percent(point[2]) : number(point[2]))) + "</title></circle>";
      }
    }
    return svg + "</svg>";
  }

  function ticks(low, high, percent) {
    const span = high - low;
    const raw = span / 4;
    const magnitude = Math.pow(10, Math.floor(Math.log10(raw || 1)));
    const size = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) || raw;
    const out = [];
    for (let v = Math.ceil(low / size) * size; v <= high + 1e-9; v += size) {
      out.push(percent ? Math.round(v) : Math.round(v * 10) / 10);
    }
    return out;
  }

  function labelIndexes(count) {
    if (count <= 4) return Array.from({ length: count }, (_, i) => i);
    return [0, Math.floor((count - 1) / 2), count - 1];
  }

  function table(sessions, perLeg) {
    const head = perLeg
      ? [t("left"), t("right"), t("symmetry")]
      : [t("both")];
    let html = "<table class=\"sessions\"><thead><tr><th></th>" +
      head.map((label) => "<th>" + esc(label) + "</th>").join("") + "</tr></thead><tbody>";
    for (const session of sessions.slice().reverse()) {
      const cells = perLeg
        ? [number(session.left), number(session.right),
          percent(session.lsi)]
        : [number(session.both)];
      html += "<tr" + (session.pain ? " class=\"pain\"" : "") + "><td" +
        (session.pain ? " class=\"pain\" title=\"" + esc(t("pain_day")) + "\"" : "") + ">" +
        esc(session.label) + (session.pain ? " ⚠" : "") + "</td>" +
        cells.map((cell) => "<td>" + esc(cell) + "</td>").join("") + "</tr>";
    }
    return html + "</tbody></table>";
  }

  function renderHistory() {
    const entries = state.data.history || [];
    let html = "<h2>" + esc(t("history")) + "</h2><p class=\"hint\">" + esc(t("history_note")) +
      "</p>";
    if (!entries.length) html += "<p class=\"hint\">" + esc(t("no_history")) + "</p>";
    for (const entry of entries) {
      const head = [entry.when, entry.kind, entry.status_text].filter((part) => part);
      html += "<article class=\"card entry\"><div><b>" + esc(head.join(" · ")) + "</b></div>";
      if (entry.pain_check) html += "<p class=\"hint\">" + esc(entry.pain_check) + "</p>";
      if ((entry.reports || []).length) {
        html += "<ul class=\"reports\">";
        for (const report of entry.reports) {
          const ids = (report.ids && report.ids.length ? report.ids : [report.id]).join(",");
          html += "<li class=\"report\" data-report=\"" + esc(ids) + "\"><span class=\"what\">" +
            "<b>" + esc(report.exercise) + "</b>: " + esc(report.sets) +
            (report.pain ? " <span class=\"pain\" title=\"" + esc(t("pain_day")) + "\">⚠</span>" : "") +
            "</span><button type=\"button\" class=\"delete\" data-ids=\"" + esc(ids) + "\">" +
            esc(t("delete")) + "</button></li>";
        }
        html += "</ul>";
      }
      html += "</article>";
    }
    $("history").innerHTML = html;
    for (const button of document.querySelectorAll("button.delete")) {
      button.addEventListener("click", () => remove(button));
    }
  }

  function confirmed(message) {
    if (host && typeof host.showConfirm === "function" &&
      (typeof host.isVersionAtLeast !== "function" || host.isVersionAtLeast("6.2"))) {
      return new Promise((resolve) => host.showConfirm(message, (ok) => resolve(Boolean(ok))));
    }
    return Promise.resolve(window.confirm(message));
  }

  async function remove(button) {
    if (!(await confirmed(t("delete_confirm")))) return;
    button.disabled = true;
    let message = t("delete_failed");
    try {
      const response = await api("reports/" + button.dataset.ids, { method: "DELETE" });
      if (response.status === 401) {
        showError(fallbackError());
        return;
      }
      const answer = await response.json().catch(() => ({}));
      message = answer.message || (response.ok ? t("deleted") : t("delete_failed"));
    } catch (error) {
      message = t("delete_failed");
    }
    await load();
    if (state.data) say(message);
  }

  function renderPlan() {
    const runner = state.data.runner;
    const plan = state.data.plan || { week: [], one_off: [] };
    let html = "<h2>" + esc(t("plan")) + "</h2>";
    if (!runner) {
      $("plan").innerHTML = html + "<p class=\"hint\">" + esc(t("no_data")) + "</p>";
      return;
    }
    const list = (items, empty) => items.length
      ? "<ul>" + items.map((item) => "<li>" + esc(item) + "</li>").join("") + "</ul>"
      : esc(empty);
    const rows = [
      [t("week_runs"), list((plan.week || []).map((run) => run.day_name + " " + run.time),
        t("no_week_runs")) + editForm("week", (plan.week || []).map((run) =>
        run.day_name + " " + run.time).join(", "), t("week_input"), "text")],
      [t("one_off_runs"), oneOffList(plan.one_off || []) +
        editForm("run", "", t("run_input"), "text", t("add_run"))],
      [t("lead"), esc(runner.lead) + editForm("lead", runner.lead_minutes, t("lead_input"),
        "numeric")],
      [t("timezone"), esc(runner.timezone) + editForm("timezone", runner.timezone,
        t("timezone_input"), "text")],
      [t("summary_day"), esc(runner.summary_day_name || runner.summary_day || t("summary_off")) +
        summaryForm(runner)],
      [t("language"), esc(runner.language_name || runner.language) + selectForm("language",
        LANGUAGES.map((code) => [code, t("language_" + code)]), runner.language, t("language"))],
    ];
    html += "<div class=\"card\"><div class=\"state\"><p>" +
      esc(runner.paused ? t("paused") : t("active")) + "</p><button type=\"button\" " +
      "id=\"pause\" data-field=\"" + (runner.paused ? "resume" : "pause") + "\">" +
      esc(runner.paused ? t("resume_button") : t("pause_button")) + "</button>" +
      "<p class=\"edit-message\" id=\"message-pause\" role=\"status\"></p></div><dl>" +
      rows.map((row) =>
      "<dt>" + esc(row[0]) + "</dt><dd>" + row[1] + "</dd>").join("") + "</dl></div>";
    $("plan").innerHTML = html;
    for (const form of document.querySelectorAll("#plan form.edit")) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        savePlan(form);
      });
    }
    for (const button of document.querySelectorAll("#plan button.cancel-run")) {
      button.addEventListener("click", () => cancelRun(button));
    }
    const pause = $("pause");
    pause.addEventListener("click", () => post(pause.dataset.field, {}, pause, "pause"));
  }

  // The upcoming one-off runs, each with its cancel button.
  function oneOffList(runs) {
    if (!runs.length) return "<p>" + esc(t("no_one_off_runs")) + "</p>";
    return "<ul class=\"runs\">" + runs.map((run) => "<li data-run=\"" + esc(run.id) + "\">" +
      "<span>" + esc(run.when) + "</span><button type=\"button\" class=\"cancel-run\" " +
      "data-run=\"" + esc(run.id) + "\" aria-label=\"" + esc(t("cancel_run") + ": " + run.when) +
      "\">" + esc(t("cancel_run")) + "</button></li>").join("") + "</ul>";
  }

  // A field of the plan as a small form: what a runner would type after the chat command.
  function editForm(field, value, label, mode, action) {
    return "<form class=\"edit\" data-field=\"" + esc(field) + "\" novalidate>" +
      "<input name=\"value\" id=\"edit-" + esc(field) + "\" autocomplete=\"off\" inputmode=\"" +
      esc(mode) + "\" aria-label=\"" + esc(label) + "\" placeholder=\"" + esc(label) +
      "\" value=\"" + esc(value) + "\">" +
      "<button type=\"submit\" class=\"primary\">" + esc(action || t("save")) + "</button>" +
      "<p class=\"edit-message\" id=\"message-" + esc(field) + "\" role=\"status\"></p></form>";
  }

  // The summary's day: a choice of the seven days (English words, which /summary reads
  // in every language) or off.
  function summaryForm(runner) {
    const options = SUMMARY_DAYS.map((word, day) => [word, t("day_" + day)]);
    options.push(["off", t("summary_off")]);
    const day = runner.summary_day_name
      ? SUMMARY_DAYS[options.findIndex((option) => option[1] === runner.summary_day_name)]
      : "off";
    return selectForm("summary", options, day, t("summary_day"));
  }

  // A field chosen from a list: options are [value sent, label shown].
  function selectForm(field, options, current, label) {
    return "<form class=\"edit\" data-field=\"" + esc(field) + "\" novalidate>" +
      "<select name=\"value\" id=\"edit-" + esc(field) + "\" aria-label=\"" + esc(label) +
      "\">" + options.map((option) => "<option value=\"" + esc(option[0]) + "\"" +
        (option[0] === current ? " selected" : "") + ">" + esc(option[1]) + "</option>").join("") +
      "</select><button type=\"submit\" class=\"primary\">" + esc(t("save")) + "</button>" +
      "<p class=\"edit-message\" id=\"message-" + esc(field) + "\" role=\"status\"></p></form>";
  }

  // The chat's reply is HTML (<b>, <code>): the page shows its text.
  function plainText(html) {
    return new DOMParser().parseFromString(String(html || ""), "text/html").body.textContent;
  }

  function showEditMessage(field, message, failed) {
    const place = $("message-" + field);
    if (!place) return;
    place.className = "edit-message" + (failed ? " error" : "");
    place.textContent = plainText(message);
  }

  function savePlan(form) {
    const field = form.dataset.field;
    return post(field, { value: form.elements.value.value }, form.querySelector("button"), field);
  }

  // POST a change of the plan; its message goes under `place`'s field. A question (a run
  // on a day that has one) shows its choices, which send the same value with the answer.
  async function post(field, body, button, place) {
    button.disabled = true;
    const answer = await change("plan/" + field, {
      method: "POST",
      headers: { Authorization: "tma " + initData, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (answer === undefined) return;
    button.disabled = false;
    showAnswer(answer, place);
    if (answer && Array.isArray(answer.choices)) {
      ask(answer.choices, (choice) => post(field, Object.assign({}, body, { choice }),
        button, place), place);
    }
  }

  // A change sent to the API: its JSON answer, null when none came; undefined after a
  // 401, when the page shows its error instead.
  async function change(path, options) {
    try {
      const response = await api(path, options);
      if (response.status === 401) {
        showError(fallbackError());
        return undefined;
      }
      return await response.json();
    } catch (error) {
      return null;
    }
  }

  function showAnswer(answer, place) {
    if (!answer || typeof answer.message !== "string") {
      showEditMessage(place, t("error"), true);
      return;
    }
    if (answer.ok && answer.dashboard) {
      state.data = answer.dashboard;
      render();
    }
    showEditMessage(place, answer.message, !answer.ok && !answer.choices);
  }

  // The question's answers as buttons under the message, and "keep my plan".
  function ask(choices, answer, place) {
    const message = $("message-" + place);
    if (!message) return;
    const row = document.createElement("span");
    row.className = "choices";
    for (const choice of choices.concat([{ value: "", label: t("keep_plan") }])) {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.choice = choice.value;
      button.textContent = choice.label;
      button.addEventListener("click", () => {
        row.remove();
        if (choice.value) answer(choice.value);
        else showEditMessage(place, "", false);
      });
      row.appendChild(button);
    }
    message.appendChild(document.createElement("br"));
    message.appendChild(row);
  }

  async function cancelRun(button) {
    button.disabled = true;
    const answer = await change("runs/" + button.dataset.run, { method: "DELETE" });
    if (answer === undefined) return;
    button.disabled = false;
    if (answer && answer.dashboard) {
      state.data = answer.dashboard;
      render();
    }
    showEditMessage("run", answer ? answer.message : t("error"), !answer || !answer.ok);
  }

  function renderExport() {
    $("export").innerHTML = "<h2>" + esc(t("export")) + "</h2><div class=\"exports\">" +
      "<button type=\"button\" class=\"primary\" data-file=\"log.csv\">" + esc(t("export_csv")) +
      "</button><button type=\"button\" class=\"primary\" data-file=\"settings.json\">" +
      esc(t("export_json")) + "</button></div>";
    for (const button of document.querySelectorAll("#export button")) {
      button.addEventListener("click", () => download(button));
    }
  }

  async function download(button) {
    button.disabled = true;
    try {
      const response = await api("export/" + button.dataset.file);
      if (!response.ok) throw new Error("HTTP " + response.status);
      const disposition = response.headers.get("Content-Disposition") || "";
      const named = /filename="?([^";]+)"?/.exec(disposition);
      const blob = await response.blob();
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = named ? named[1] : button.dataset.file;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
      say("");
    } catch (error) {
      say(t("error"));
    } finally {
      button.disabled = false;
    }
  }

  function start() {
    applyTheme();
    for (const button of document.querySelectorAll("nav button")) {
      button.addEventListener("click", () => showTab(button.dataset.tab));
    }
    say("…");
    tellHost("web_app_ready");
    tellHost("web_app_expand");
    load();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
