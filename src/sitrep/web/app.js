// sitrep dashboard: events on a map with filters, a time slider, a list and an event card.
// Plain browser JavaScript over the sitrep API; Leaflet and its marker-cluster plugin are vendored.
"use strict";

(function () {
  const TYPE_COLOURS = {
    Battles: "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    Protests: "#27ae60",
    Riots: "#795548",
    "Strategic developments": "#2c7fb8",
  };
  const MAX_EVENTS = 50000;
  const LIST_MAX = 400;
  const TIME_PRECISION = { 1: "exact day", 2: "within a week", 3: "within a month" };
  const GEO_PRECISION = { 1: "the place itself", 2: "near the place", 3: "the region around it" };
  const DAY = 86400000;

  const state = { events: [], days: [], shown: [], selected: null, config: {} };
  const $ = (selector) => document.querySelector(selector);
  const map = L.map("map", { minZoom: 3, maxZoom: 14, worldCopyJump: true }).setView([35, 38.5], 6);
  // Clusters come from a Supercluster index of the events shown (built in milliseconds for tens of
  // thousands); only what the view holds is drawn, again after every move.
  let clusters = null;
  let clustersDrawnAt = -1;
  const markerLayer = L.layerGroup().addTo(map);
  markerLayer.on("click", (e) => {
    const item = e.layer.sitrepItem;
    if (!item) return;
    if (item.properties.cluster) {
      map.setView(e.layer.getLatLng(), Math.min(clusters.getClusterExpansionZoom(item.properties.cluster_id), map.getMaxZoom()));
    } else {
      openCard(state.shown[item.properties.index].event_id);
    }
  });
  markerLayer.on("mouseover", (e) => {
    const item = e.layer.sitrepItem;
    if (!item || item.properties.cluster || e.layer.getTooltip()) return;
    const event = state.shown[item.properties.index];
    e.layer.bindTooltip(`${escapeHtml(event.event_date || "undated")} · ${escapeHtml(event.sub_event_type || event.event_type)} · ${escapeHtml(event.location || "")}`).openTooltip();
  });
  map.on("moveend", () => drawClusters());
  map.createPane("outlines").style.zIndex = "350"; // under the markers, whenever either is drawn

  function escapeHtml(text) {
    return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  async function getJSON(url, answer) {
    const response = await (answer || fetch(url, { headers: { Accept: "application/json" } }));
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || `${url}: HTTP ${response.status}`);
    return body;
  }

  // ---- base map: packaged outlines always, online tiles when the server names a tile URL
  async function drawBaseMap() {
    state.config = await getJSON("dashboard/config");
    const layers = {};
    if (state.config.tile_url) {
      layers["Online map"] = L.tileLayer(state.config.tile_url, {
        attribution: state.config.tile_attribution || "", maxZoom: 14,
      }).addTo(map);
    }
    const [countries, admin1] = await Promise.all([getJSON("outlines?level=country"), getJSON("outlines?level=admin1")]);
    const countryLayer = L.geoJSON(countries, {
      pane: "outlines",
      style: { color: "#6b6b6b", weight: 1.2, fillColor: "#f3f1ea", fillOpacity: state.config.tile_url ? 0 : 1 },
      interactive: false,
    });
    const admin1Layer = L.geoJSON(admin1, {
      pane: "outlines",
      style: { color: "#9a9a9a", weight: 0.8, dashArray: "3 3", fill: false },
      onEachFeature: (feature, layer) => layer.bindTooltip(feature.properties.name, { sticky: true, opacity: 0.8 }),
    });
    layers["Countries (offline)"] = countryLayer.addTo(map);
    layers["Governorates (offline)"] = admin1Layer.addTo(map);
    countryLayer.bringToBack();
    L.control.layers(null, layers, { collapsed: true }).addTo(map);
    map.attributionControl.addAttribution("Outlines: Natural Earth");
    document.body.dataset.outlines = String(countries.features.length + admin1.features.length);
  }

  function fillSelect(select, rows, key) {
    const current = select.value;
    select.length = 1;
    for (const row of rows) select.add(new Option(`${row[key]} (${row.events})`, row[key]));
    select.value = current;
  }

  async function loadFacets() {
    const stats = await getJSON("stats");
    const form = $("#filters");
    const typeSelect = form.elements.type;
    const current = typeSelect.value;
    typeSelect.replaceChildren(new Option("any", ""));
    for (const [label, rows, key] of [["Event types", stats.by_type, "event_type"], ["Sub-event types", stats.by_sub_type, "sub_event_type"]]) {
      const group = document.createElement("optgroup");
      group.label = label;
      group.append(...rows.map((row) => new Option(`${row[key]} (${row.events})`, row[key])));
      typeSelect.append(group);
    }
    typeSelect.value = current;
    fillSelect(form.elements.admin1, stats.by_admin1, "admin1");
    fillSelect(form.elements.publisher, stats.by_publisher, "publisher");
    $("#actors").replaceChildren(...stats.by_actor.map((r) => new Option(r.actor)));
  }

  async function loadEvents(fromAddress) {
    $("#summary").textContent = "loading events…";
    const params = sitrepEvents.filters(fromAddress);
    history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
    let events = [];
    let cursor = null;
    do {
      const address = sitrepEvents.pageAddress(params, cursor);
      performance.mark("sitrep:events-requested");
      const page = await getJSON(address, sitrepEvents.take(address));
      performance.mark("sitrep:events-parsed");
      events = events.concat(eventsOf(page));
      cursor = page.next_cursor;
    } while (cursor && events.length < MAX_EVENTS);
    state.events = events;
    state.truncated = Boolean(cursor);
    state.days = [...new Set(events.map((e) => e.event_date).filter(Boolean))].sort();
    const slider = $("#slider");
    slider.max = Math.max(0, dayIndex(state.days.at(-1)));
    slider.value = slider.max;
    applyTimeWindow(true);
  }

  // a `format=columns` page (one array per field, the compact form of thousands of events) as objects
  function eventsOf(page) {
    const names = page.fields, columns = names.map((name) => page.columns[name]);
    const events = new Array(page.count);
    for (let i = 0; i < page.count; i++) {
      const event = {};
      for (let f = 0; f < names.length; f++) event[names[f]] = columns[f][i];
      events[i] = event;
    }
    return events;
  }

  // ---- the time slider picks a last day; the window select how many days up to it are shown
  function dayIndex(day) {
    return day && state.days.length ? Math.round((Date.parse(day) - Date.parse(state.days[0])) / DAY) : 0;
  }

  function sliderDay() {
    if (!state.days.length) return null;
    return new Date(Date.parse(state.days[0]) + Number($("#slider").value) * DAY).toISOString().slice(0, 10);
  }

  function visibleEvents() {
    const last = sliderDay();
    const span = Number($("#window").value);
    if (!last) return state.events;
    const first = span ? new Date(Date.parse(last) - (span - 1) * DAY).toISOString().slice(0, 10) : null;
    return state.events.filter((e) => !e.event_date || (e.event_date <= last && (!first || e.event_date >= first)));
  }

  function applyTimeWindow(fit) {
    state.shown = visibleEvents();
    const last = sliderDay();
    const span = Number($("#window").value);
    $("#slider-label").textContent = last ? `${span ? (span === 1 ? "on" : `${span} days to`) : "up to"} ${last}` : "no dated events";
    drawMarkers(fit);
    drawList();
    drawChart();
    const more = state.truncated ? ` (first ${state.events.length.toLocaleString()}; narrow the filters for the rest)` : "";
    $("#summary").textContent = `${state.shown.length.toLocaleString()} of ${state.events.length.toLocaleString()} events shown${more}`;
  }

  // ---- markers: one circle per located event, coloured by type, clustered when dense
  function drawMarkers(fit) {
    const started = performance.now();
    const points = [];
    state.shown.forEach((event, index) => {
      if (event.latitude == null || event.longitude == null) return;
      const conflict = event.conflict && event.conflict.length > 0 ? 1 : 0;
      points.push({ type: "Feature", properties: { index, conflict }, geometry: { type: "Point", coordinates: [event.longitude, event.latitude] } });
    });
    clusters = new Supercluster({
      radius: 40, // screen pixels, as `extent` is Leaflet's tile size
      extent: 256,
      minZoom: map.getMinZoom(),
      maxZoom: map.getMaxZoom() - 1,
      map: (properties) => ({ conflicts: properties.conflict }),
      reduce: (sum, properties) => { sum.conflicts += properties.conflicts; },
    }).load(points);
    performance.mark("sitrep:markers-made");
    if (fit && points.length) {
      const lats = points.map((p) => p.geometry.coordinates[1]), lons = points.map((p) => p.geometry.coordinates[0]);
      const bounds = L.latLngBounds([Math.min(...lats), Math.min(...lons)], [Math.max(...lats), Math.max(...lons)]);
      map.fitBounds(bounds.pad(0.15), { maxZoom: 9, animate: false });
    }
    if (clustersDrawnAt < started) drawClusters(); // fitting the view drew them (on its moveend) unless it stayed put
    document.body.dataset.markers = String(points.length);
    document.body.dataset.drawnMs = String(Math.round(performance.now() - started));
    performance.mark("sitrep:markers-drawn");
    document.body.dataset.ready = "1";
  }

  function drawClusters() {
    if (!clusters) return;
    clustersDrawnAt = performance.now();
    const view = map.getBounds();
    const box = [Math.max(-180, view.getWest()), Math.max(-85, view.getSouth()), Math.min(180, view.getEast()), Math.min(85, view.getNorth())];
    const layers = clusters.getClusters(box, Math.round(map.getZoom())).map((item) => {
      const [lon, lat] = item.geometry.coordinates;
      const layer = item.properties.cluster ? clusterMarker(item, lat, lon) : eventMarker(state.shown[item.properties.index], lat, lon);
      layer.sitrepItem = item;
      return layer;
    });
    markerLayer.clearLayers();
    for (const layer of layers) markerLayer.addLayer(layer);
  }

  function clusterMarker(item, lat, lon) {
    const count = item.properties.point_count;
    const size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 44 : 52;
    const conflicts = item.properties.conflicts ? `<i title="${item.properties.conflicts} with conflicting claims"></i>` : "";
    return L.marker([lat, lon], {
      icon: L.divIcon({ html: `<span>${item.properties.point_count_abbreviated}</span>${conflicts}`, className: "sitrep-cluster", iconSize: [size, size] }),
      title: `${count} events`,
    });
  }

  function eventMarker(event, lat, lon) {
    const conflict = event.conflict && event.conflict.length > 0;
    return L.circleMarker([lat, lon], {
      radius: 5 + Math.min(8, Math.sqrt(event.fatalities_best || 0)),
      color: conflict ? "#111" : "#fff",
      weight: conflict ? 3 : 1,
      dashArray: conflict ? "3 2" : null,
      fillColor: TYPE_COLOURS[event.event_type] || "#555",
      fillOpacity: 0.9,
      className: conflict ? "sitrep-marker sitrep-conflict" : "sitrep-marker",
    });
  }

  // ---- the chronological list beside the map
  function drawList() {
    const order = $("#order").value;
    const sorted = [...state.shown].sort((a, b) => {
      const ka = a.event_date || "", kb = b.event_date || ""; // ISO dates: plain comparison, no collation
      return (order === "asc" ? 1 : -1) * (ka < kb ? -1 : ka > kb ? 1 : 0);
    });
    const items = sorted.slice(0, LIST_MAX).map((event) => {
      const li = document.createElement("li");
      li.dataset.eventId = event.event_id;
      li.className = event.event_id === state.selected ? "selected" : "";
      const conflict = event.conflict && event.conflict.length ? '<span class="badge conflict" title="claims disagree">conflicting claims</span>' : "";
      const killed = event.fatalities_best ? `<span class="killed">${event.fatalities_best} killed</span>` : "";
      li.innerHTML = `<button type="button"><span class="dot" style="background:${TYPE_COLOURS[event.event_type] || "#555"}"></span>` +
        `<time>${escapeHtml(event.event_date || "undated")}</time> <b>${escapeHtml(event.sub_event_type || event.event_type)}</b> ${killed} ${conflict}` +
        `<br><span class="where">${escapeHtml(event.location || "unlocated")}${event.admin1 ? ", " + escapeHtml(event.admin1) : ""}</span>` +
        `<span class="who">${escapeHtml([event.actor1, event.actor2].filter(Boolean).join(" vs "))}</span>` +
        `<span class="outlet">${escapeHtml((event.sources || []).join(", "))}${event.outlets > 1 ? ` <small>(${event.outlets} outlets)</small>` : ""}</span></button>`;
      li.querySelector("button").addEventListener("click", () => openCard(event.event_id, true));
      return li;
    });
    if (sorted.length > LIST_MAX) {
      const li = document.createElement("li");
      li.className = "more";
      li.textContent = `… and ${(sorted.length - LIST_MAX).toLocaleString()} more: narrow the filters or the time window`;
      items.push(li);
    }
    $("#list").replaceChildren(...items);
  }

  // ---- events per day, the slider's window shaded
  function drawChart() {
    const svg = $("#chart");
    const counts = new Map();
    for (const event of state.events) if (event.event_date) counts.set(event.event_date, (counts.get(event.event_date) || 0) + 1);
    const days = state.days.length ? dayIndex(state.days.at(-1)) + 1 : 0;
    const width = Math.max(days, 1);
    const top = Math.max(1, ...counts.values());
    const shown = new Set(state.shown.map((e) => e.event_date));
    svg.setAttribute("viewBox", `0 0 ${width} 100`);
    const bars = [];
    for (const [day, n] of counts) {
      const x = dayIndex(day);
      const h = Math.max(3, (n / top) * 96);
      bars.push(`<rect x="${x}" y="${100 - h}" width="${Math.max(0.8, width / 300)}" height="${h}" class="${shown.has(day) ? "in" : "out"}"><title>${day}: ${n} event(s)</title></rect>`);
    }
    svg.innerHTML = bars.join("");
  }

  // ---- the event card: everything the analyst needs to check one event
  async function openCard(eventId, pan) {
    state.selected = eventId;
    for (const li of document.querySelectorAll("#list li")) li.classList.toggle("selected", li.dataset.eventId === eventId);
    const card = $("#card");
    card.hidden = false;
    card.innerHTML = "<p>loading…</p>";
    try {
      const event = await getJSON(`events/${encodeURIComponent(eventId)}`);
      card.innerHTML = cardHtml(event);
      card.querySelector(".close").addEventListener("click", () => { card.hidden = true; state.selected = null; });
      for (const link of card.querySelectorAll("a.document")) link.addEventListener("click", (e) => { e.preventDefault(); openDocument(link.dataset.documentId); });
      if (pan && event.latitude != null) map.setView([event.latitude, event.longitude], Math.max(map.getZoom(), 8));
    } catch (error) {
      card.innerHTML = `<p class="error">${escapeHtml(error.message)}</p>`;
    }
  }

  function range(low, best, high) {
    if (best == null && low == null) return "unknown";
    return low === high ? `${best}` : `${low ?? "?"} – <b>${best ?? "?"}</b> – ${high ?? "?"}`;
  }

  function highlighted(claim) {
    const text = claim.text || "";
    if (!claim.highlight) return escapeHtml(text);
    const [start, end] = claim.highlight;
    return `${escapeHtml(text.slice(0, start))}<mark>${escapeHtml(text.slice(start, end))}</mark>${escapeHtml(text.slice(end))}`;
  }

  function cardHtml(e) {
    const side = (ref) => `<b>${ref.value}</b> according to ${escapeHtml(ref.claimant || "the outlet itself")} <small>(${escapeHtml(ref.camp)}, in ${escapeHtml(ref.outlet || "unknown outlet")})</small>`;
    const conflict = (e.conflict || []).map((c) => `<li>${escapeHtml(c.kind)}: ${side(c.low)} <i>vs</i> ${side(c.high)}</li>`).join("");
    const claims = (e.claims || []).map((c) => `
      <li class="claim">
        <div><b>${escapeHtml(c.kind)}</b> ${c.quantifier === "exact" ? "" : escapeHtml(c.quantifier.replace("_", " "))} ${c.value}${c.value_high != null ? `–${c.value_high}` : ""} ${escapeHtml(c.subject || "")}${c.side ? ` <span class="side">(${escapeHtml(c.side)})</span>` : ""}</div>
        <div class="by">claimed by <b>${escapeHtml(c.claimant || "unattributed")}</b> · in <b>${escapeHtml(c.outlet || "unknown outlet")}</b></div>
        <blockquote>${highlighted(c)}</blockquote>
      </li>`).join("");
    const reports = (e.reports || []).map((r) => `<li><a href="#" class="document" data-document-id="${escapeHtml(r.document_id)}">${escapeHtml(r.title || r.document_id)}</a> · ${escapeHtml(r.source || "")} · ${escapeHtml(r.published || "")}` +
      `${r.url ? ` · <a href="${escapeHtml(r.url)}" target="_blank" rel="noopener noreferrer">original</a>` : ""}<br><small class="why">${membership(r)}</small></li>`).join("");
    const history = (e.history || []).map((v) => `<li>v${v.version} · ${escapeHtml(v.changed_at.slice(0, 16).replace("T", " "))} · ${escapeHtml(v.reason || "")}</li>`).join("");
    const log = (e.review_log || []).map((l) => `<li>${escapeHtml(l.at.slice(0, 16).replace("T", " "))} · <b>${escapeHtml(l.who)}</b> ${escapeHtml(l.action)}${l.reason ? `: ${escapeHtml(l.reason)}` : ""}</li>`).join("");
    const place = [e.location, e.admin2, e.admin1, e.country].filter(Boolean).map(escapeHtml).join(", ");
    const actors = (name, assoc) => name ? `${escapeHtml(name)}${assoc ? ` <small>with ${escapeHtml(assoc)}</small>` : ""}` : "—";
    return `
      <button type="button" class="close" aria-label="close">×</button>
      <h2><span class="dot" style="background:${TYPE_COLOURS[e.event_type] || "#555"}"></span>${escapeHtml(e.sub_event_type || e.event_type)}</h2>
      <p class="type">${escapeHtml(e.event_type)} · ${e.outlets || 0} independent outlet(s), ${(e.reports || []).length} report(s)${e.deleted ? ` · <span class="badge">deleted: ${escapeHtml(e.deletion_reason || "")}</span>` : ""}</p>
      ${conflict ? `<div class="conflict-box"><b>Conflicting claims</b><ul>${conflict}</ul></div>` : ""}
      <dl>
        <dt>Date</dt><dd>${escapeHtml(e.event_date || "undated")} <small>(${TIME_PRECISION[e.time_precision] || "precision unknown"})</small></dd>
        <dt>Actor 1</dt><dd>${actors(e.actor1, e.assoc_actor_1)}</dd>
        <dt>Actor 2</dt><dd>${actors(e.actor2, e.assoc_actor_2)}</dd>
        <dt>Place</dt><dd>${place || "unlocated"} <small>(${GEO_PRECISION[e.geo_precision] || "precision unknown"})</small></dd>
        <dt>Killed</dt><dd>${range(e.fatalities_low, e.fatalities_best, e.fatalities_high)} <small>low – best – high</small></dd>
      </dl>
      <h3>Claims (${(e.claims || []).length})</h3>
      <ol class="claims">${claims || "<li>no figures reported</li>"}</ol>
      <h3>Reports (${(e.reports || []).length})</h3>
      <ul class="reports">${reports}</ul>
      ${log ? `<h3>Review</h3><ul class="review-log">${log}</ul>` : ""}
      <details class="history"><summary>Versions (${(e.history || []).length})</summary><ul>${history}</ul></details>`;
  }

  // why a report is a member of its event: the merger's score and features, or an analyst's decision
  function membership(report) {
    const parts = [];
    if (report.reviewed) parts.push("placed by an analyst");
    if (report.republication_of) parts.push("re-publishes another report (counts once)");
    if (report.score == null) parts.push("opened the event");
    else {
      const features = Object.entries(report.features || {}).map(([name, value]) => `${name} ${value}`).join(", ");
      parts.push(`joined with score ${report.score}${features ? ` (${escapeHtml(features)})` : ""}`);
    }
    return parts.join("; ");
  }

  async function openDocument(documentId) {
    const card = $("#card");
    const doc = await getJSON(`documents/${documentId.split("/").map(encodeURIComponent).join("/")}`);
    const marks = doc.spans.filter((s) => s.kind === "event").sort((a, b) => a.start - b.start);
    let html = "", at = 0;
    for (const span of marks) {
      if (span.start < at) continue;
      html += escapeHtml(doc.text.slice(at, span.start)) + `<mark data-event-id="${span.event_id}">${escapeHtml(doc.text.slice(span.start, span.end))}</mark>`;
      at = span.end;
    }
    html += escapeHtml(doc.text.slice(at));
    card.innerHTML = `<button type="button" class="close" aria-label="close">×</button>
      <h2>${escapeHtml(doc.title || doc.id)}</h2>
      <p class="type">${escapeHtml(doc.publisher || "")} · ${escapeHtml(doc.published || "undated")} · revision ${doc.revision} of ${doc.revisions.length}</p>
      <div class="document-text">${html}</div>`;
    card.querySelector(".close").addEventListener("click", () => { card.hidden = true; });
    for (const mark of card.querySelectorAll("mark[data-event-id]")) mark.addEventListener("click", () => openReportsEvent(mark.dataset.eventId));
  }

  // a passage of a document is one report's event: show the canonical event it belongs to
  async function openReportsEvent(reportEventId) {
    const report = await getJSON(`reports/${encodeURIComponent(reportEventId)}`);
    if (report.canonical_event_id) openCard(report.canonical_event_id);
  }

  // ---- wiring
  function restoreFilters() {
    const params = new URLSearchParams(location.search);
    const form = $("#filters");
    for (const [name, value] of params) if (form.elements[name]) form.elements[name].value = value;
  }

  function debounce(fn, ms) {
    let timer;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  }

  async function reload(fromAddress) {
    try {
      await loadEvents(fromAddress === true);
    } catch (error) {
      $("#summary").textContent = `error: ${error.message}`;
    }
  }

  $("#filters").addEventListener("submit", (e) => { e.preventDefault(); reload(false); });
  $("#filters").addEventListener("reset", () => setTimeout(() => reload(false), 0));
  $("#slider").addEventListener("input", debounce(() => applyTimeWindow(false), 60));
  $("#window").addEventListener("change", () => applyTimeWindow(false));
  $("#order").addEventListener("change", drawList);

  restoreFilters();
  drawBaseMap().catch((error) => { $("#summary").textContent = `base map: ${error.message}`; });
  // The filters' choices (a count over every event) come after the events themselves.
  reload(true)
    .then(loadFacets)
    .then(restoreFilters)
    .catch((error) => { $("#summary").textContent = `filters: ${error.message}`; });
})();
