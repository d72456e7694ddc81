// sitrep dashboard: which events the map asks the API for. Loaded right after the filter form, before
// the map's libraries, so that the server builds the first page while the browser loads those
// (app.js takes that answer for its own first request).
"use strict";

window.sitrepEvents = (function () {
  // what a marker and the list need; the event card fetches the whole event
  const MAP_FIELDS = [
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
    "admin1", "latitude", "longitude", "fatalities_best", "sources", "outlets", "conflict",
  ].join(",");
  const PAGE = 10000;
  const form = document.getElementById("filters");

  // The form's values as API query parameters (and the page's own query string). On the first load the
  // selects have no options yet: the page's own address holds the filters.
  function filters(fromAddress) {
    const params = new URLSearchParams();
    const source = fromAddress ? new URLSearchParams(location.search) : new FormData(form);
    for (const [name, value] of source) if (form.elements[name] && String(value).trim()) params.set(name, String(value).trim());
    return params;
  }

  // one page of events in the compact form: one list per field
  function pageAddress(filterParams, cursor) {
    const params = new URLSearchParams(filterParams);
    params.set("fields", MAP_FIELDS);
    params.set("limit", PAGE);
    params.set("format", "columns");
    if (cursor) params.set("cursor", cursor);
    return `events?${params}`;
  }

  const first = pageAddress(filters(true));
  performance.mark("sitrep:events-requested");
  let early = { address: first, answer: fetch(first, { headers: { Accept: "application/json" } }) };

  // the answer already under way for this address, once
  function take(address) {
    if (!early || early.address !== address) return null;
    const answer = early.answer;
    early = null;
    return answer;
  }

  return { filters, pageAddress, take };
})();
