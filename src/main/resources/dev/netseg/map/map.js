// netseg map: draws the segmentation held in <script id="netseg-data"> with d3 (docs/map.md).
// Layout: d3.pack (groups as circles holding workloads); pan and zoom: d3.zoom. Everything the
// data says is put in the page with textContent, never parsed as HTML.
(function () {
  "use strict";

  const started = performance.now();
  /** Edge statuses, worst first: an edge's status is its worst port's. */
  const RANK = ["outage", "refused", "held", "hole", "unverified", "required"];
  /** The order in which the legend lists them. */
  const STATUSES = ["required", "hole", "outage", "refused", "held", "unverified"];
  /** Above this many workloads, namespaces start collapsed into one node each. */
  const COLLAPSE_ABOVE = 300;
  /** The namespace filter's value for nodes without a namespace (external, world). */
  const OUTSIDE = "(outside)";
  const NONE = "(none)";
  const SVG_NS = "http://www.w3.org/2000/svg";

  const data = JSON.parse(document.getElementById("netseg-data").textContent);
  const groupBy = Array.isArray(data.groupBy) && data.groupBy.length ? data.groupBy : ["namespace"];
  const nodes = data.nodes || [];
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const edges = (data.edges || []).filter((e) => nodeById.has(e.source) && nodeById.has(e.target));
  const edgeById = new Map(edges.map((e) => [e.id, e]));
  const legendByStatus = new Map((data.legend || []).map((l) => [l.status, l]));
  const workloadCount = nodes.filter(isWorkload).length;
  /** Groups at this depth (the namespace, or the deepest level) collapse into one node. */
  const collapseDepth = groupBy.includes("namespace") ? groupBy.indexOf("namespace") : groupBy.length - 1;

  const state = {
    hiddenNamespaces: new Set(),
    hiddenStatuses: new Set(),
    observedOnly: false,
    port: null,
    collapsed: new Set(),
    openedBySearch: new Set(),
    matches: [],
    matchIndex: 0,
    selected: null,
  };

  // ---- the group tree: root > (segment >) namespace > workload; peers in a group of their own

  function isWorkload(n) {
    return n.type === "workload";
  }

  function namespaceOf(n) {
    return n.namespace == null || n.namespace === "" ? OUTSIDE : n.namespace;
  }

  function groupPath(n) {
    if (!isWorkload(n)) {
      return [OUTSIDE];
    }
    return groupBy.map((level) => {
      const v = n[level];
      return v == null || v === "" ? NONE : String(v);
    });
  }

  function groupId(path) {
    return "group:" + path.join("/");
  }

  function groupLabel(level, value) {
    if (level === "peers") {
      return "outside";
    }
    if (value === NONE) {
      return "(no " + level + ")";
    }
    return level === "namespace" ? value : level + " " + value;
  }

  const groupById = new Map();
  /** Workload id -> the id of the group it collapses into. */
  const collapsibleGroupOf = new Map();
  const tree = buildTree();

  function buildTree() {
    const root = { id: "root", children: [], index: new Map(), members: [] };
    for (const n of nodes) {
      const path = groupPath(n);
      let parent = root;
      path.forEach((value, depth) => {
        const id = groupId(path.slice(0, depth + 1));
        let g = parent.index.get(id);
        if (!g) {
          const level = isWorkload(n) ? groupBy[depth] : "peers";
          g = {
            id,
            level,
            label: groupLabel(level, value),
            namespace: level === "namespace" ? value : level === "peers" ? OUTSIDE : null,
            collapsible: isWorkload(n) && depth === collapseDepth,
            workloads: 0,
            members: [],
            children: [],
            index: new Map(),
          };
          parent.index.set(id, g);
          parent.children.push(g);
          groupById.set(id, g);
        }
        g.members.push(n.id);
        if (isWorkload(n)) {
          g.workloads++;
        }
        if (g.collapsible) {
          collapsibleGroupOf.set(n.id, g.id);
        }
        parent = g;
      });
      parent.children.push({ id: n.id, node: n });
    }
    const sortTree = (g) => {
      g.children.sort((a, b) => {
        const peersLast = (a.level === "peers") - (b.level === "peers");
        return peersLast || (a.label || a.node.label).localeCompare(b.label || b.node.label) || a.id.localeCompare(b.id);
      });
      g.children.forEach((c) => c.children && sortTree(c));
    };
    sortTree(root);
    return root;
  }

  /** The id of what shows node `id` now: the node itself, or its collapsed namespace. */
  function unitOf(id) {
    const g = collapsibleGroupOf.get(id);
    return g && state.collapsed.has(g) ? g : id;
  }

  // ---- layout: d3.pack over the tree, collapsed groups as single leaves

  let layout = null;

  function computeLayout() {
    const t0 = performance.now();
    const h = d3
      .hierarchy(tree, (d) => (d.children && !state.collapsed.has(d.id) ? d.children : null))
      // A collapsed group takes about the room its workloads take when open.
      .sum((d) => (d.node ? 1 : d.children && state.collapsed.has(d.id) ? Math.max(1, d.workloads) * 1.5 : 0))
      .sort((a, b) => b.value - a.value || a.data.id.localeCompare(b.data.id));
    const side = Math.max(480, Math.sqrt(Math.max(1, h.value)) * 125);
    // Group labels have one size per map, readable when the whole map is in view; a group of
    // groups leaves room above its children for its own label.
    const font = Math.max(13, Math.min(side * 0.014, 90));
    d3.pack()
      .size([side, side])
      .padding((d) => (d.depth === 0 ? font * 2 : d.children.some((c) => c.children) ? font * 2.6 : Math.max(20, font * 1.3)))(h);
    const places = new Map();
    const groups = [];
    for (const d of h.descendants()) {
      if (d.depth === 0) {
        continue;
      }
      const place = { x: d.x, y: d.y, r: d.r, depth: d.depth };
      if (d.data.node) {
        places.set(d.data.id, Object.assign(place, { kind: "node", node: d.data.node }));
      } else if (!d.children) {
        places.set(d.data.id, Object.assign(place, { kind: "group", group: d.data }));
      } else {
        groups.push(Object.assign(place, { group: d.data }));
      }
    }
    layout = { side, font, places, groups, millis: performance.now() - t0 };
  }

  // ---- filters

  function parsePortFilter(text) {
    const t = text.trim();
    if (!t) {
      return { ok: true, filter: null };
    }
    const m = /^(?:(tcp|udp|sctp)\s*\/?\s*)?(\d{1,5})?$/i.exec(t);
    if (m && (m[1] || m[2])) {
      const number = m[2] ? Number(m[2]) : null;
      if (number != null && (number < 1 || number > 65535)) {
        return { ok: false };
      }
      return { ok: true, filter: { protocol: m[1] ? m[1].toUpperCase() : null, number, name: null } };
    }
    const named = /^(?:(tcp|udp|sctp)\s*\/\s*)?([a-z][a-z0-9-]{0,14})$/i.exec(t);
    if (named) {
      return { ok: true, filter: { protocol: named[1] ? named[1].toUpperCase() : null, number: null, name: named[2] } };
    }
    return { ok: false };
  }

  function portMatches(p, f) {
    if (f.protocol && String(p.protocol).toUpperCase() !== f.protocol) {
      return false;
    }
    const port = String(p.port);
    if (f.name) {
      return port === f.name;
    }
    if (f.number == null || port === "all") {
      return true;
    }
    const r = /^(\d+)(?:-(\d+))?$/.exec(port);
    if (!r) {
      return false;
    }
    const lo = Number(r[1]);
    const hi = r[2] ? Number(r[2]) : lo;
    return f.number >= lo && f.number <= hi;
  }

  function nodeShown(n) {
    return !state.hiddenNamespaces.has(namespaceOf(n));
  }

  function edgeShown(e) {
    return (
      !state.hiddenStatuses.has(e.status) &&
      (!state.observedOnly || e.observed) &&
      (!state.port || (e.ports || []).some((p) => portMatches(p, state.port))) &&
      nodeShown(nodeById.get(e.source)) &&
      nodeShown(nodeById.get(e.target))
    );
  }

  function worst(statuses) {
    let best = RANK.length - 1;
    for (const s of statuses) {
      const i = RANK.indexOf(s);
      if (i >= 0 && i < best) {
        best = i;
      }
    }
    return RANK[best];
  }

  /** What is drawn now: units (nodes or collapsed groups), edges (plain or aggregated), groups. */
  function visibleModel() {
    const units = new Map();
    for (const n of nodes) {
      if (nodeShown(n)) {
        const id = unitOf(n.id);
        if (!units.has(id)) {
          units.set(id, layout.places.get(id));
        }
      }
    }
    const plain = [];
    const aggregates = new Map();
    for (const e of edges) {
      if (!edgeShown(e)) {
        continue;
      }
      const s = unitOf(e.source);
      const t = unitOf(e.target);
      if (s === e.source && t === e.target) {
        plain.push({ id: e.id, source: s, target: t, status: e.status, observed: !!e.observed, edge: e });
      } else if (s !== t) {
        const key = s + "\u2192" + t;
        let a = aggregates.get(key);
        if (!a) {
          a = { id: "agg:" + key, source: s, target: t, edges: [] };
          aggregates.set(key, a);
        }
        a.edges.push(e);
      }
    }
    for (const a of aggregates.values()) {
      a.status = worst(a.edges.map((e) => e.status));
      a.observed = a.edges.some((e) => e.observed);
      a.aggregate = true;
      plain.push(a);
    }
    const groups = layout.groups.filter((g) => g.group.members.some((id) => nodeShown(nodeById.get(id))));
    return { units, edges: plain, groups };
  }

  // ---- drawing

  const svg = d3.select("#map");
  const defs = svg.append("defs");
  const viewport = svg.append("g").attr("class", "viewport");
  const groupLayer = viewport.append("g").attr("class", "groups");
  const edgeLayer = viewport.append("g").attr("class", "edges");
  const nodeLayer = viewport.append("g").attr("class", "nodes");
  let model = null;

  for (const s of RANK) {
    defs
      .append("marker")
      .attr("id", "arrow-" + s)
      .attr("class", "marker-" + s)
      .attr("viewBox", "0 -5 10 10")
      .attr("refX", 9)
      .attr("refY", 0)
      .attr("markerUnits", "userSpaceOnUse")
      .attr("markerWidth", 10)
      .attr("markerHeight", 10)
      .attr("orient", "auto")
      .append("path")
      .attr("d", "M0,-4L10,0L0,4Z");
    defs
      .append("marker")
      .attr("id", "wide-arrow-" + s)
      .attr("class", "marker-" + s)
      .attr("viewBox", "0 -5 10 10")
      .attr("refX", 9)
      .attr("refY", 0)
      .attr("markerWidth", 3.5)
      .attr("markerHeight", 3.5)
      .attr("orient", "auto")
      .append("path")
      .attr("d", "M0,-4L10,0L0,4Z");
    defs
      .append("marker")
      .attr("id", "dot-" + s)
      .attr("class", "marker-" + s)
      .attr("viewBox", "-5 -5 10 10")
      .attr("markerUnits", "userSpaceOnUse")
      .attr("markerWidth", 9)
      .attr("markerHeight", 9)
      .append("circle")
      .attr("r", 4.5);
  }

  const zoom = d3
    .zoom()
    .scaleExtent([0.02, 16])
    .on("zoom", (ev) => viewport.attr("transform", ev.transform));
  svg.call(zoom).on("dblclick.zoom", null);
  svg.on("click", (ev) => {
    if (ev.target === svg.node()) {
      select(null);
    }
  });

  function symbolPath(type, r) {
    const kinds = { service: d3.symbolTriangle, external: d3.symbolSquare, world: d3.symbolDiamond };
    return d3.symbol(kinds[type] || d3.symbolCircle, Math.PI * r * r * 1.1)();
  }

  function truncate(text, max) {
    return text.length <= max ? text : text.slice(0, Math.max(1, max - 1)) + "\u2026";
  }

  /** Radius of the drawn shape for a unit. */
  function shapeRadius(place) {
    return place.kind === "group" ? place.r * 0.82 : Math.min(place.r * 0.42, 16);
  }

  function groupFont(r) {
    return Math.min(layout.font, Math.max(11, r * 0.25));
  }

  function drawGroups() {
    const sel = groupLayer.selectAll("g.group").data(model.groups, (d) => d.group.id);
    sel.exit().remove();
    const enter = sel
      .enter()
      .append("g")
      .attr("class", (d) => "group " + d.group.level + " depth-" + d.depth)
      .attr("data-id", (d) => d.group.id)
      .on("dblclick", (ev, d) => {
        if (d.group.collapsible) {
          ev.stopPropagation();
          collapse(d.group.id);
        }
      })
      .on("click", (ev) => {
        ev.stopPropagation();
        select(null);
      });
    enter.append("circle");
    enter.append("text");
    enter.append("title");
    const all = enter.merge(sel);
    all.attr("transform", (d) => "translate(" + d.x + "," + d.y + ")");
    all.select("circle").attr("r", (d) => d.r);
    // The label sits inside the top of the circle, as wide as the chord there, and grows with the
    // circle so that it stays readable when the map is zoomed out to show many groups.
    all
      .select("text")
      .style("font-size", (d) => groupFont(d.r) + "px")
      .attr("y", (d) => -d.r + groupFont(d.r) * 1.3)
      .text((d) => {
        const f = groupFont(d.r);
        const chord = 2 * Math.sqrt(Math.max(0, 2 * d.r * f * 1.1 - f * f * 1.21));
        return truncate(d.group.label, Math.max(4, Math.floor(chord / (f * 0.6))));
      });
    all
      .select("title")
      .text((d) => d.group.label + ": " + d.group.workloads + " workloads" + (d.group.collapsible ? " (double-click to collapse)" : ""));
  }

  function nodeClass(place) {
    if (place.kind === "group") {
      return "node group-node collapsed";
    }
    return "node " + place.node.type;
  }

  function drawNodes() {
    const list = Array.from(model.units.entries(), ([id, place]) => Object.assign({ id }, place));
    const sel = nodeLayer.selectAll("g.node").data(list, (d) => d.id);
    sel.exit().remove();
    const enter = sel
      .enter()
      .append("g")
      .attr("data-id", (d) => d.id)
      .attr("tabindex", 0)
      .attr("role", "button")
      .on("click", (ev, d) => {
        ev.stopPropagation();
        activateUnit(d);
      })
      .on("keydown", (ev, d) => {
        if (ev.key === "Enter" || ev.key === " ") {
          ev.preventDefault();
          activateUnit(d);
        }
      });
    enter.append("path").attr("class", "shape");
    enter.append("text");
    enter.append("title");
    const all = enter.merge(sel);
    all
      .attr("class", nodeClass)
      .attr("data-type", (d) => (d.kind === "group" ? "group" : d.node.type))
      .attr("data-namespace", (d) => (d.kind === "group" ? d.group.namespace : namespaceOf(d.node)))
      .attr("aria-label", (d) => (d.kind === "group" ? d.group.label + ", collapsed" : d.node.id))
      .attr("transform", (d) => "translate(" + d.x + "," + d.y + ")");
    all.select("path.shape").attr("d", (d) => symbolPath(d.kind === "group" ? "group" : d.node.type, shapeRadius(d)));
    all.select("text").each(function (d) {
      const text = d3.select(this);
      text.selectAll("tspan").remove();
      if (d.kind !== "group") {
        text.style("font-size", null).attr("y", shapeRadius(d) + 11).text(truncate(d.node.label, Math.floor((2.4 * d.r) / 5.6)));
        return;
      }
      // A collapsed group: its name and its size, both scaled to its circle.
      const f = Math.max(12, shapeRadius(d) * 0.26);
      text.text(null).style("font-size", f + "px").attr("y", 0);
      text.append("tspan").attr("x", 0).attr("dy", "-0.1em").text(truncate(d.group.label, Math.floor((1.8 * shapeRadius(d)) / (f * 0.6))));
      text.append("tspan").attr("x", 0).attr("dy", "1.2em").attr("class", "count").text(d.group.workloads + " workloads");
    });
    all
      .select("title")
      .text((d) =>
        d.kind === "group"
          ? d.group.label + ": " + d.group.workloads + " workloads, collapsed (click to open)"
          : d.node.id
      );
  }

  /** A quadratic curve from unit a to unit b, bent to the left so that a->b and b->a part. */
  function edgeGeometry(a, b) {
    const ra = shapeRadius(a);
    const rb = shapeRadius(b);
    if (a === b) {
      const x = a.x;
      const y = a.y - ra;
      return { d: "M" + (x - 4) + "," + y + "C" + (x - 30) + "," + (y - 40) + " " + (x + 30) + "," + (y - 40) + " " + (x + 4) + "," + y, mid: { x, y: y - 30 } };
    }
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const dist = Math.hypot(dx, dy) || 1;
    const bend = Math.min(dist * 0.16, 70);
    const cx = (a.x + b.x) / 2 + (dy / dist) * bend;
    const cy = (a.y + b.y) / 2 - (dx / dist) * bend;
    const from = towards(a, cx, cy, ra);
    const to = towards(b, cx, cy, rb + 1);
    const mid = { x: 0.25 * from.x + 0.5 * cx + 0.25 * to.x, y: 0.25 * from.y + 0.5 * cy + 0.25 * to.y };
    return { d: "M" + from.x + "," + from.y + "Q" + cx + "," + cy + " " + to.x + "," + to.y, mid };
  }

  function towards(p, x, y, r) {
    const dx = x - p.x;
    const dy = y - p.y;
    const d = Math.hypot(dx, dy) || 1;
    return { x: p.x + (dx / d) * r, y: p.y + (dy / d) * r };
  }

  function drawEdges() {
    const sel = edgeLayer.selectAll("g.edge-wrap").data(model.edges, (d) => d.id);
    sel.exit().remove();
    const enter = sel
      .enter()
      .append("g")
      .attr("class", "edge-wrap")
      .attr("data-for", (d) => d.id)
      .on("click", (ev, d) => {
        ev.stopPropagation();
        if (d.aggregate) {
          select({ kind: "aggregate", id: d.id, aggregate: d });
        } else {
          select({ kind: "edge", id: d.id });
        }
      });
    enter.append("path").attr("class", "edge-hit");
    enter.append("path");
    enter.append("title");
    const all = enter.merge(sel);
    all.each(function (d) {
      const g = d3.select(this);
      const geo = edgeGeometry(model.units.get(d.source), model.units.get(d.target));
      g.select("path.edge-hit").attr("d", geo.d);
      g.select("path:not(.edge-hit)")
        .attr("class", "edge status-" + d.status + (d.observed ? " observed" : "") + (d.aggregate ? " aggregate" : ""))
        .attr("data-id", d.id)
        .attr("data-source", d.source)
        .attr("data-target", d.target)
        .attr("data-status", d.status)
        .attr("data-observed", d.observed)
        .attr("data-count", d.aggregate ? d.edges.length : null)
        .attr("d", geo.d)
        .style("stroke-width", d.aggregate ? aggregateWidth(d) + "px" : null)
        .attr("marker-end", "url(#" + (d.aggregate ? "wide-arrow-" : "arrow-") + d.status + ")")
        .attr("marker-start", d.observed ? "url(#dot-" + d.status + ")" : null);
      g.select("title").text(edgeTitle(d));
      const count = g.selectAll("text.edge-count").data(d.aggregate ? [d] : []);
      count.exit().remove();
      count
        .enter()
        .append("text")
        .attr("class", "edge-count")
        .merge(count)
        .style("font-size", d.aggregate ? aggregateWidth(d) * 2.2 + "px" : null)
        .attr("x", geo.mid.x)
        .attr("y", geo.mid.y + (d.aggregate ? aggregateWidth(d) * 0.8 : 4))
        .text(d.aggregate ? d.edges.length : "");
    });
  }

  /** An aggregate's width grows with its count and with the circles it joins. */
  function aggregateWidth(d) {
    const r = Math.min(shapeRadius(model.units.get(d.source)), shapeRadius(model.units.get(d.target)));
    return Math.max(3, Math.min(r * 0.015 * Math.sqrt(d.edges.length), r * 0.15));
  }

  function edgeTitle(d) {
    if (d.aggregate) {
      return d.edges.length + " connections " + labelOfUnit(d.source) + " \u2192 " + labelOfUnit(d.target) + ", worst: " + statusLabel(d.status);
    }
    return d.edge.source + " \u2192 " + d.edge.target + ": " + statusLabel(d.status) + " (" + portsText(d.edge) + ")";
  }

  function labelOfUnit(id) {
    const g = groupById.get(id);
    return g ? g.label : nodeById.get(id).label;
  }

  function draw() {
    model = visibleModel();
    drawGroups();
    drawEdges();
    drawNodes();
    showSelection();
  }

  function fit() {
    const box = svg.node().getBoundingClientRect();
    const w = box.width || 800;
    const h = box.height || 600;
    const k = (Math.min(w, h) / layout.side) * 0.96;
    svg.call(zoom.transform, d3.zoomIdentity.translate((w - layout.side * k) / 2, (h - layout.side * k) / 2).scale(k));
  }

  function centreOn(place, minScale) {
    const box = svg.node().getBoundingClientRect();
    const current = d3.zoomTransform(svg.node());
    const k = Math.max(current.k, minScale);
    svg.call(zoom.transform, d3.zoomIdentity.translate(box.width / 2 - place.x * k, box.height / 2 - place.y * k).scale(k));
  }

  // ---- collapse and open

  function relayout() {
    computeLayout();
    draw();
  }

  function expand(id) {
    state.openedBySearch.delete(id);
    if (state.collapsed.delete(id)) {
      relayout();
      const g = layout.groups.find((p) => p.group.id === id);
      if (g) {
        const box = svg.node().getBoundingClientRect();
        centreOn(g, (Math.min(box.width, box.height) / (2 * g.r)) * 0.8);
      }
    }
  }

  function collapse(id) {
    state.openedBySearch.delete(id);
    if (!state.collapsed.has(id)) {
      state.collapsed.add(id);
      relayout();
    }
  }

  function activateUnit(d) {
    if (d.kind === "group") {
      expand(d.id);
      select({ kind: "group", id: d.id });
    } else {
      select({ kind: "node", id: d.id });
    }
  }

  // ---- selection and the details panel

  const details = document.getElementById("details");

  function select(sel) {
    state.selected = sel;
    if (!sel) {
      setDetails(el("p", { class: "hint" }, "Click a workload or a connection to see why it is there."));
    } else if (sel.kind === "node") {
      showNode(nodeById.get(sel.id));
    } else if (sel.kind === "edge") {
      showEdge(edgeById.get(sel.id));
    } else if (sel.kind === "aggregate") {
      showAggregate(sel.aggregate);
    } else if (sel.kind === "group") {
      showGroup(groupById.get(sel.id));
    }
    showSelection();
  }

  /** Marks the selection on the map and dims what is not connected to a selected node. */
  function showSelection() {
    const sel = state.selected;
    const nodeId = sel && sel.kind === "node" ? unitOf(sel.id) : null;
    const edgeId = sel && (sel.kind === "edge" || sel.kind === "aggregate") ? sel.id : null;
    const edgeShownNow = edgeId != null && model.edges.find((e) => e.id === edgeId);
    const neighbours = new Set();
    if (edgeShownNow) {
      neighbours.add(edgeShownNow.source);
      neighbours.add(edgeShownNow.target);
    }
    if (nodeId) {
      neighbours.add(nodeId);
      for (const e of model.edges) {
        if (e.source === nodeId || e.target === nodeId) {
          neighbours.add(e.source);
          neighbours.add(e.target);
        }
      }
    }
    nodeLayer
      .selectAll("g.node")
      .classed("selected", (d) => d.id === nodeId)
      .classed("dim", (d) => (nodeId != null || edgeShownNow) && !neighbours.has(d.id))
      .classed("match", (d) => state.matches.some((m) => unitOf(m) === d.id));
    edgeLayer
      .selectAll("g.edge-wrap")
      .classed("dim", (d) => (nodeId != null && d.source !== nodeId && d.target !== nodeId) || (edgeShownNow && d.id !== edgeId))
      .select("path.edge")
      .classed("selected", (d) => d.id === edgeId);
  }

  /** Fills the panel; children may be nested arrays, null and false are left out. */
  function setDetails(...children) {
    details.replaceChildren(...children.flat(Infinity).filter((c) => c != null && c !== false));
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) {
        continue;
      }
      if (k.startsWith("on")) {
        e.addEventListener(k.slice(2), v);
      } else {
        e.setAttribute(k, v === true ? "" : String(v));
      }
    }
    for (const c of children.flat(Infinity)) {
      if (c != null && c !== false) {
        e.append(c instanceof Node ? c : String(c));
      }
    }
    return e;
  }

  function statusLabel(status) {
    const l = legendByStatus.get(status);
    return l && l.label ? l.label : status;
  }

  function badge(status) {
    return el("span", { class: "badge status-" + status, title: statusLabel(status) }, status);
  }

  function observedBadge() {
    return el("span", { class: "badge observed", title: statusLabel("observed") }, "observed");
  }

  function portText(p) {
    return p.protocol + "/" + p.port;
  }

  function portsText(e) {
    return (e.ports || []).map(portText).join(", ");
  }

  function nodeLink(id) {
    const n = nodeById.get(id);
    return el("button", { class: "link", type: "button", "data-node": id, onclick: () => focusNode(id) }, n.label);
  }

  function flowList(list, otherEnd) {
    if (!list.length) {
      return el("p", { class: "hint" }, "none");
    }
    const sorted = list
      .slice()
      .sort((a, b) => RANK.indexOf(a.status) - RANK.indexOf(b.status) || nodeById.get(otherEnd(a)).label.localeCompare(nodeById.get(otherEnd(b)).label));
    return el(
      "ul",
      { class: "flows" },
      sorted.map((e) =>
        el(
          "li",
          {
            "data-edge": e.id,
            "data-status": e.status,
            tabindex: 0,
            onclick: () => select({ kind: "edge", id: e.id }),
            onkeydown: (ev) => ev.key === "Enter" && select({ kind: "edge", id: e.id }),
          },
          badge(e.status),
          e.observed ? [" ", observedBadge()] : null,
          " " + nodeById.get(otherEnd(e)).id + " ",
          el("span", { class: "id" }, portsText(e))
        )
      )
    );
  }

  function showNode(n) {
    const out = edges.filter((e) => e.source === n.id);
    const into = edges.filter((e) => e.target === n.id);
    const labels = Object.entries(n.labels || {});
    const policies = n.policies || [];
    setDetails(
      el("h2", {}, n.label),
      el("p", { class: "id" }, n.id),
      el(
        "dl",
        {},
        el("dt", {}, "kind"),
        el("dd", {}, n.kind),
        el("dt", {}, "namespace"),
        el("dd", {}, n.namespace == null ? "none" : n.namespace),
        n.segment != null ? [el("dt", {}, "segment"), el("dd", {}, n.segment)] : null
      ),
      el("h3", {}, "Labels"),
      labels.length
        ? el("dl", { class: "labels" }, labels.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]))
        : el("p", { class: "hint" }, "none"),
      (n.dnsNames || []).length ? [el("h3", {}, "DNS names"), el("ul", {}, n.dnsNames.map((d) => el("li", {}, d)))] : null,
      el("h3", {}, "Flows out (" + out.length + ")"),
      flowList(out, (e) => e.target),
      el("h3", {}, "Flows in (" + into.length + ")"),
      flowList(into, (e) => e.source),
      el("h3", {}, "Policies (" + policies.length + ")"),
      policies.length
        ? policies.map((p) => el("div", { class: "policy" }, el("h4", {}, p.name), el("pre", {}, p.yaml)))
        : el("p", { class: "hint" }, isWorkload(n) ? "No NetworkPolicy selects it." : "Not a workload: no policy selects it.")
    );
  }

  function showEdge(e) {
    const ports = e.ports || [];
    setDetails(
      el("h2", {}, nodeById.get(e.source).label + " \u2192 " + nodeById.get(e.target).label),
      el("p", { class: "id" }, e.source, " \u2192 ", e.target),
      el("p", {}, badge(e.status), " ", statusLabel(e.status), e.observed ? [" ", observedBadge()] : null),
      el("p", {}, "from ", nodeLink(e.source), " to ", nodeLink(e.target)),
      el("h3", {}, "Ports (" + ports.length + ")"),
      ports.map((p) =>
        el(
          "section",
          { class: "port", "data-port": portText(p), "data-status": p.status },
          el("h4", {}, portText(p), " ", badge(p.status), p.observed ? [" ", observedBadge()] : null),
          el("p", { class: "status-label" }, statusLabel(p.status)),
          (p.provenance || []).length
            ? el("ul", { class: "provenance" }, p.provenance.map((line) => el("li", {}, line)))
            : el("p", { class: "hint" }, "No evidence that it is needed."),
          el("p", { class: "explanation" }, p.explanation || "")
        )
      )
    );
  }

  function showAggregate(a) {
    setDetails(
      el("h2", {}, labelOfUnit(a.source) + " \u2192 " + labelOfUnit(a.target)),
      el("p", {}, badge(a.status), " worst of " + a.edges.length + " connections", a.observed ? [" ", observedBadge()] : null),
      el(
        "p",
        { class: "buttons" },
        [a.source, a.target]
          .filter((id) => groupById.has(id))
          .map((id) => el("button", { type: "button", "data-open": id, onclick: () => expand(id) }, "Open " + groupById.get(id).label))
      ),
      el("h3", {}, "Connections"),
      el(
        "ul",
        { class: "flows" },
        a.edges.map((e) =>
          el(
            "li",
            { "data-edge": e.id, "data-status": e.status, tabindex: 0, onclick: () => select({ kind: "edge", id: e.id }) },
            badge(e.status),
            " " + e.source + " \u2192 " + e.target + " ",
            el("span", { class: "id" }, portsText(e))
          )
        )
      )
    );
  }

  function showGroup(g) {
    const members = new Set(g.members);
    const inside = edges.filter((e) => members.has(e.source) && members.has(e.target)).length;
    const out = edges.filter((e) => members.has(e.source) && !members.has(e.target)).length;
    const into = edges.filter((e) => !members.has(e.source) && members.has(e.target)).length;
    setDetails(
      el("h2", {}, g.label),
      el("p", {}, g.workloads + " workloads; connections: " + inside + " inside, " + out + " out, " + into + " in"),
      g.collapsible ? el("p", { class: "hint" }, "Double-click the circle to collapse it again.") : null
    );
  }

  function focusNode(id) {
    const unit = unitOf(id);
    if (unit !== id) {
      expand(unit);
    }
    const place = layout.places.get(id);
    if (place) {
      centreOn(place, 1);
    }
    select({ kind: "node", id });
  }

  // ---- controls

  function swatch(status, observed) {
    const s = document.createElementNS(SVG_NS, "svg");
    s.setAttribute("class", "swatch");
    s.setAttribute("width", "34");
    s.setAttribute("height", "10");
    const line = document.createElementNS(SVG_NS, "line");
    line.setAttribute("class", "swatch-line status-" + status);
    line.setAttribute("x1", observed ? "6" : "2");
    line.setAttribute("x2", "32");
    line.setAttribute("y1", "5");
    line.setAttribute("y2", "5");
    s.append(line);
    if (observed) {
      const dot = document.createElementNS(SVG_NS, "circle");
      dot.setAttribute("class", "marker-" + status);
      dot.setAttribute("cx", "5");
      dot.setAttribute("cy", "5");
      dot.setAttribute("r", "4");
      s.append(dot);
    }
    return s;
  }

  function shapeSwatch(type) {
    const s = document.createElementNS(SVG_NS, "svg");
    s.setAttribute("class", "swatch node " + (type === "group" ? "group-node" : type));
    s.setAttribute("width", "22");
    s.setAttribute("height", "22");
    const p = document.createElementNS(SVG_NS, "path");
    p.setAttribute("class", "shape");
    p.setAttribute("transform", "translate(11,11)");
    p.setAttribute("d", symbolPath(type, 7));
    s.append(p);
    return s;
  }

  function buildControls() {
    const counts = {};
    for (const e of edges) {
      counts[e.status] = (counts[e.status] || 0) + 1;
    }
    const statusList = document.getElementById("filter-status");
    for (const s of STATUSES) {
      const l = legendByStatus.get(s) || {};
      statusList.append(
        el(
          "li",
          { "data-status": s, title: l.description || "" },
          el(
            "label",
            {},
            el("input", { type: "checkbox", value: s, checked: true, onchange: (ev) => toggle(state.hiddenStatuses, s, !ev.target.checked) }),
            swatch(s, false),
            el("span", {}, l.label || s, el("span", { class: "description" }, l.description || ""))
          ),
          el("span", { class: "count" }, counts[s] || 0)
        )
      );
    }
    const obs = legendByStatus.get("observed") || { label: "seen on the wire" };
    statusList.append(
      el(
        "li",
        { "data-status": "observed", title: obs.description || "" },
        el(
          "label",
          {},
          el("input", { type: "checkbox", id: "filter-observed", value: "observed-only", onchange: (ev) => { state.observedOnly = ev.target.checked; draw(); } }),
          swatch("required", true),
          el("span", {}, "only " + obs.label, el("span", { class: "description" }, obs.description || ""))
        ),
        el("span", { class: "count" }, edges.filter((e) => e.observed).length)
      )
    );

    const perNamespace = new Map();
    for (const n of nodes) {
      const ns = namespaceOf(n);
      perNamespace.set(ns, (perNamespace.get(ns) || 0) + 1);
    }
    const names = Array.from(perNamespace.keys()).sort((a, b) => (a === OUTSIDE) - (b === OUTSIDE) || a.localeCompare(b));
    const nsList = document.getElementById("filter-namespace");
    for (const ns of names) {
      nsList.append(
        el(
          "li",
          { "data-namespace": ns },
          el(
            "label",
            {},
            el("input", { type: "checkbox", value: ns, checked: true, onchange: (ev) => toggle(state.hiddenNamespaces, ns, !ev.target.checked) }),
            el("span", {}, ns === OUTSIDE ? "outside (no namespace)" : ns)
          ),
          el("span", { class: "count" }, perNamespace.get(ns))
        )
      );
    }
    document.getElementById("collapse-all").addEventListener("click", () => {
      groupById.forEach((g) => g.collapsible && state.collapsed.add(g.id));
      relayout();
      fit();
    });
    document.getElementById("expand-all").addEventListener("click", () => {
      state.collapsed.clear();
      relayout();
      fit();
    });

    const shapes = document.getElementById("legend-shapes");
    [
      ["workload", "workload"],
      ["service", "Service outside the input"],
      ["external", "external address"],
      ["world", "outside world / ingress"],
      ["group", "collapsed namespace (click to open)"],
    ].forEach(([type, text]) => shapes.append(el("li", {}, shapeSwatch(type), text)));

    const port = document.getElementById("filter-port");
    const portStatus = document.getElementById("port-status");
    port.addEventListener("input", () => {
      const parsed = parsePortFilter(port.value);
      port.classList.toggle("invalid", !parsed.ok);
      portStatus.textContent = parsed.ok ? "" : "a port (5432), a protocol and port (TCP/53) or a port name";
      if (parsed.ok) {
        state.port = parsed.filter;
        draw();
      }
    });

    const search = document.getElementById("search");
    search.addEventListener("input", () => find(search.value));
    search.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && state.matches.length) {
        state.matchIndex = (state.matchIndex + 1) % state.matches.length;
        showMatch();
      }
    });

    const summary = data.summary || {};
    const by = summary.byStatus || counts;
    const parts = STATUSES.filter((s) => by[s]).map((s) => by[s] + " " + s);
    document.getElementById("summary").textContent =
      (summary.workloads != null ? summary.workloads : workloadCount) +
      " workloads, " +
      (summary.edges != null ? summary.edges : edges.length) +
      " connections" +
      (parts.length ? ": " + parts.join(", ") : "");
  }

  function toggle(set, value, on) {
    if (on) {
      set.add(value);
    } else {
      set.delete(value);
    }
    draw();
  }

  // ---- search

  const searchStatus = document.getElementById("search-status");

  function find(text) {
    const q = text.trim().toLowerCase();
    state.matches = q ? nodes.filter((n) => String(n.label).toLowerCase().includes(q) || n.id.toLowerCase().includes(q)).map((n) => n.id) : [];
    state.matchIndex = 0;
    // A precise search opens the few namespaces that hide its matches; the namespaces an earlier
    // search opened close again, so that typing does not leave a trail of open namespaces.
    const wanted = new Set();
    if (state.matches.length <= 20) {
      state.matches.forEach((id) => collapsibleGroupOf.has(id) && wanted.add(collapsibleGroupOf.get(id)));
    }
    const open = wanted.size <= 5 ? Array.from(wanted).filter((g) => state.collapsed.has(g) || state.openedBySearch.has(g)) : [];
    let changed = false;
    state.openedBySearch.forEach((g) => {
      if (!open.includes(g)) {
        state.collapsed.add(g);
        changed = true;
      }
    });
    state.openedBySearch = new Set(open);
    open.forEach((g) => {
      changed = state.collapsed.delete(g) || changed;
    });
    if (changed) {
      computeLayout();
    }
    draw();
    if (!q) {
      searchStatus.textContent = "";
    } else if (!state.matches.length) {
      searchStatus.textContent = "no match";
    } else {
      showMatch();
    }
  }

  function showMatch() {
    const id = state.matches[state.matchIndex];
    const n = nodeById.get(id);
    const hidden = !nodeShown(n);
    searchStatus.textContent =
      (state.matches.length === 1 ? "1 match" : state.matchIndex + 1 + " of " + state.matches.length + " (Enter: next)") +
      ": " +
      id +
      (hidden ? " (hidden by the namespace filter)" : "");
    const place = layout.places.get(unitOf(id));
    if (place && !hidden) {
      centreOn(place, 1);
    }
    showSelection();
  }

  // ---- start

  function start() {
    if (workloadCount > COLLAPSE_ABOVE) {
      groupById.forEach((g) => g.collapsible && state.collapsed.add(g.id));
    }
    buildControls();
    computeLayout();
    draw();
    fit();
    const scriptMillis = performance.now() - started;
    window.netsegMap = {
      renderMillis: null,
      scriptMillis,
      layoutMillis: layout.millis,
      collapseAbove: COLLAPSE_ABOVE,
      visibleNodes: () => Array.from(document.querySelectorAll("#map g.node"), (g) => g.getAttribute("data-id")),
      visibleEdges: () => Array.from(document.querySelectorAll("#map path.edge"), (p) => p.getAttribute("data-id")),
      collapsed: () => Array.from(state.collapsed),
    };
    // Rendered: after the browser has laid out and painted the first frame.
    requestAnimationFrame(() =>
      setTimeout(() => {
        window.netsegMap.renderMillis = performance.now();
        document.body.dataset.rendered = "true";
      }, 0)
    );
  }

  start();
})();
