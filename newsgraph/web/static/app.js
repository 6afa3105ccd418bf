/* newsgraph web UI: the article page's layer toggles and record panel. Plain JavaScript, no
   libraries. The records come from the page's <script type="application/json" id="records"> block;
   everything shown is set with textContent (never as HTML), so no record text can run as markup. */
(function () {
  "use strict";

  var LAYERS = ["entity", "quote", "attribution", "time", "event", "repair"];
  var TITLES = { entity: "Entity", quote: "Quotation", attribution: "Attribution", time: "Time",
                 event: "Event", repair: "Repair" };
  var QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };

  function byId(list, key) {
    var out = {};
    (list || []).forEach(function (item, i) { out[key ? key(item, i) : item.id] = item; });
    return out;
  }

  function actorLink(name, actorId) {
    if (!actorId) { return name || "–"; }
    var a = document.createElement("a");
    a.href = "/entities/" + encodeURIComponent(actorId);
    a.textContent = name || actorId;
    return a;
  }

  function join() {
    var parts = Array.prototype.slice.call(arguments).filter(function (p) { return p !== null && p !== undefined && p !== ""; });
    return parts.join(" · ");
  }

  // [label, value] rows for each kind of record; a value is text or a DOM node.
  var FIELDS = {
    entity: function (e) {
      var place = e.place ? join(e.place.name, e.place.country, e.place.lat + ", " + e.place.lon) : null;
      return [["name", actorLink(e.name, e.actor_id)], ["type", e.type], ["country", e.country],
              ["sector", e.sector], ["CAMEO", e.cameo_code], ["role", e.role],
              ["aliases", (e.aliases || []).join(", ")], ["mentions", String((e.mentions || []).length)],
              ["place", place]];
    },
    time: function (t) {
      return [["words", t.text], ["resolved", t.value || "unresolved"], ["granularity", t.granularity],
              ["anchor", t.anchor], ["reason", t.reason]];
    },
    quote: function (q) {
      return [["quote", q.text], ["kind", q.kind], ["speaker", actorLink(q.speaker_name || q.speaker_text, q.speaker_actor)],
              ["cue", q.cue ? q.cue.text : null], ["reported by", q.reported_by ? q.reported_by.text : null]];
    },
    attribution: function (a) {
      return [["claim", a.claim.text], ["source", actorLink(a.source_name || a.source_text, a.source_actor)],
              ["cue", a.cue ? a.cue.text : null]];
    },
    event: function (v) {
      return [["type", join(v.type, v.mode)], ["CAMEO", join(v.cameo, QUADS[v.quad_class])],
              ["Goldstein", String(v.goldstein)], ["actor", actorLink(v.actor_name, v.actor_actor)],
              ["target", actorLink(v.target_name, v.target_actor)], ["modality", v.modality],
              ["date", v.date ? join(v.date, v.date_source) : "undated"], ["place", v.place_name],
              ["reported by", v.reported_by_name], ["trigger", v.trigger.text], ["evidence", v.evidence.text]];
    },
    repair: function (r) {
      return [["kind", r.kind], ["raw", JSON.stringify(r.raw_text)], ["clean", JSON.stringify(r.text)],
              ["characters", (r.raw_chars || []).join(", ")]];
    }
  };

  function card(layer, record) {
    var box = document.createElement("div");
    box.className = "card";
    var h = document.createElement("h3");
    h.textContent = TITLES[layer];
    box.appendChild(h);
    var dl = document.createElement("dl");
    FIELDS[layer](record).forEach(function (row) {
      var value = row[1];
      if (value === null || value === undefined || value === "") { return; }
      var dt = document.createElement("dt");
      dt.textContent = row[0];
      var dd = document.createElement("dd");
      if (typeof value === "string") { dd.textContent = value; } else { dd.appendChild(value); }
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    box.appendChild(dl);
    return box;
  }

  function init() {
    var block = document.getElementById("records");
    var text = document.getElementById("text");
    var panel = document.getElementById("record");
    if (!block || !text || !panel) { return; }
    var data = JSON.parse(block.textContent);
    var index = {
      entity: byId(data.entities), quote: byId(data.quotes), attribution: byId(data.attributions),
      time: byId(data.times), event: byId(data.events),
      repair: byId(data.repairs, function (r, i) { return "r" + i; })
    };

    document.querySelectorAll("input[data-layer]").forEach(function (box) {
      box.addEventListener("change", function () {
        text.classList.toggle("hide-" + box.getAttribute("data-layer"), !box.checked);
      });
    });

    function shown(layer) { return !text.classList.contains("hide-" + layer); }

    function select(el) {
      text.querySelectorAll(".selected").forEach(function (s) { s.classList.remove("selected"); });
      panel.textContent = "";
      LAYERS.forEach(function (layer) {
        var ids = el.getAttribute("data-" + layer);
        if (!ids || !shown(layer)) { return; }
        ids.split(" ").forEach(function (id) {
          var record = index[layer][id];
          if (!record) { return; }
          panel.appendChild(card(layer, record));
          text.querySelectorAll("[data-" + layer + "]").forEach(function (s) {
            if (s.getAttribute("data-" + layer).split(" ").indexOf(id) >= 0) { s.classList.add("selected"); }
          });
        });
      });
      if (!panel.firstChild) {
        var p = document.createElement("p");
        p.className = "muted";
        p.textContent = "No shown layer here; switch a layer on to see its record.";
        panel.appendChild(p);
      }
    }

    text.addEventListener("click", function (ev) {
      var el = ev.target.closest(".hl");
      if (el) { select(el); }
    });
    text.addEventListener("keydown", function (ev) {
      if ((ev.key === "Enter" || ev.key === " ") && ev.target.classList.contains("hl")) {
        ev.preventDefault();
        select(ev.target);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
