// A Plotly chart drawn in the page and updated in place: the body of ui.live_figure.
//
// Streamlit's own st.plotly_chart re-creates its chart on every change (about 130 ms a key
// press on the playground). This draws the figure once, then hands each new one to
// Plotly.react, or, when only what a frame moves differs, to Plotly.animate (smallChange).
// It computes nothing: every number comes from Python. A figure may come with the figures to
// show before it (`play`, a training Run's frames), drawn in turn at a steady pace. After the first drawing, the
// figure's frames (for its own slider) are replaced once the browser is idle after the
// repaint: no one drags that slider sooner.
// Under the chart: the arithmetic, as text, and a share link with a copy button. They are
// part of this element because every element of a rerun costs the browser time.
// When a drag of the in-figure slider ends, the score it was left at goes to Python (the
// "scrub" trigger), so the page's own slider, arithmetic and link follow; during the drag
// nothing leaves the browser.

// The Plotly these charts draw with: the first one found or loaded, kept (window.__hingePlotlyReady
// once loaded). Never window.Plotly at the time of a drawing: Streamlit's own st.plotly_chart puts its
// bundled copy there when a page first shows one, and a chart drawn by one copy and updated by the
// other is plotted anew (the copies' default configs differ), losing its slider's frames.
function loadPlotly(src) {
  if (!window.__hingePlotly) {
    const found = window.Plotly
      ? Promise.resolve(window.Plotly)
      : new Promise((resolve, reject) => {
          const script = document.createElement("script");
          script.src = src;
          script.onload = () => resolve(window.Plotly);
          script.onerror = () => {
            window.__hingePlotly = null; // the next rerun tries again
            reject(new Error("could not load " + src));
          };
          document.head.appendChild(script);
        });
    window.__hingePlotly = found.then((Plotly) => (window.__hingePlotlyReady = Plotly));
  }
  return window.__hingePlotly;
}

// A key press on the correct class's score moves only what the in-figure slider's frames move:
// the point, its readout and the bars (these trace keys), and relabels that slider. Those are
// drawn with Plotly.animate and Plotly.relayout in about 18 ms, against about 40 ms for
// Plotly.react's full replot (axes, annotations, every text measured again), measured in the
// page; any other change gets Plotly.react.
const MOVING = ["x", "y", "text", "textposition"];
// A training Run's frames: the points' sizes and rings, their hover data, the lines' arrowheads, too
// (Plotly.animate restyles markers), and a new title or axis range by Plotly.relayout. 20 ms a frame
// against 50 ms for Plotly.react's full replot of the plane (measured in the page).
const IN_PLACE = [...MOVING, "marker", "customdata"];
const INSTANT = { mode: "immediate", frame: { duration: 0, redraw: false }, transition: { duration: 0 } };

function pick(object, keys, keep) {
  return Object.fromEntries(Object.entries(object).filter(([key]) => keys.includes(key) === keep));
}

// The drawn figure, kept to compare the next one with (Plotly changes the objects it is given).
// With `inPlace` (ui.live_figure's in_place) the keys of IN_PLACE may move and any layout value may
// change; otherwise only MOVING's and the sliders' values.
function outline(fig, config, inPlace) {
  const keys = inPlace ? IN_PLACE : MOVING;
  const { sliders = [], ...layout } = fig.layout;
  return {
    fixed: JSON.stringify([inPlace ? null : layout, config, fig.data.map((trace) => pick(trace, keys, false))]),
    moving: fig.data.map((trace) => JSON.stringify(pick(trace, keys, true))),
    relaid: JSON.parse(JSON.stringify(inPlace ? fig.layout : { sliders })), // what relayout may change
    keys,
  };
}

// Into `out`, Plotly's path ("sliders[0].steps[11].label") of each value that differs between
// a and b; false when their shapes differ (a key or an item more or less).
function changedValues(a, b, path, out) {
  const isObject = (v) => v !== null && typeof v === "object";
  if (!isObject(a) || !isObject(b)) {
    if (JSON.stringify(a) !== JSON.stringify(b)) out[path] = b;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(b);
  if (keys.length !== Object.keys(a).length) return false;
  return keys.every((key) => {
    if (!(key in a)) return false;
    return changedValues(a[key], b[key], Array.isArray(b) ? `${path}[${key}]` : `${path}.${key}`, out);
  });
}

// {traces to animate, layout values to set} when nothing else differs; otherwise null.
function smallChange(before, after) {
  if (!before || before.fixed !== after.fixed || before.keys !== after.keys) return null;
  const values = {};
  const names = Object.keys(after.relaid);
  if (names.length !== Object.keys(before.relaid).length) return null;
  const same = names.every((name) => name in before.relaid && changedValues(before.relaid[name], after.relaid[name], name, values));
  if (!same) return null;
  const traces = after.moving.flatMap((text, i) => (text === before.moving[i] ? [] : [i]));
  return { traces, values };
}

// A lazy chart (data.lazy) is drawn again only once it is near the window: a key press on a long
// page does not wait for Plotly to replot the charts no one can see. Resolves then, or at once
// when a newer figure comes (live.unwatch), which draws instead.
function nearWindow(gd, live) {
  return new Promise((resolve) => {
    const watch = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && done(), {
      rootMargin: "25% 0px",
    });
    const done = () => {
      watch.disconnect();
      live.unwatch = null;
      resolve();
    };
    live.unwatch = done;
    watch.observe(gd);
  });
}

// Whether a newer figure came that this one need not be drawn for. A Run's round (`play`) is drawn
// whole when only the next round came (its frames in turn, none lost), but not when one more came
// too: the browser is more than a round behind.
function superseded(live, data) {
  if (data.figure === live.latest) return false;
  return !((data.play || []).length && live.latestPlays && live.arrived - data.arrived <= 1);
}

async function draw(gd, data) {
  const live = gd.__live;
  if (live.gone || superseded(live, data) || data.figure === live.shown) return; // unmounted, newer, or same
  // the first drawing is at once (the page is whole when it loads), unless the chart is in a
  // tab not open: Plotly would draw it at a size it does not have
  const inClosedTab = gd.offsetParent === null && gd.closest('[data-testid="stTabPanel"]') !== null;
  if (data.lazy && (live.shown !== null || inClosedTab)) {
    await nearWindow(gd, live);
    if (live.gone || data.figure !== live.latest) return;
  }
  const Plotly = await loadPlotly(data.plotly_src);
  if (live.shown !== null && (data.play || []).length) {
    if (!(await play(gd, data, Plotly))) return; // a newer figure came: it goes on from here
  }
  const fig = narrowed(gd, data, JSON.parse(data.figure));
  gd.style.height = (fig.layout.height || 450) + "px";
  const frames = fig.frames || [];
  const first = live.shown === null; // the first drawing brings its frames: its slider works at once
  await render(gd, fig, data, first ? frames : null);
  live.shown = data.figure;
  live.due = performance.now() + data.play_ms; // a next round's first frame comes no sooner
  const note = gd.parentElement && gd.parentElement.querySelector(".hinge-live-chart-error");
  if (note) note.remove();
  if (first) {
    live.frames = frames.length;
    live.positions = positionsOf(frames);
    gd.on("plotly_sliderchange", (event) => {
      if (event.interaction) live.dragged = live.scrubbed = true; // a person, not a relayout
    });
    // the drag's end, not each of its steps: the page follows where the slider was left
    gd.on("plotly_sliderend", (event) => {
      if (!live.scrubbed || !live.send) return;
      live.scrubbed = false;
      const name = event.step && event.step.args && event.step.args[0] && event.step.args[0][0];
      if (name in live.positions) live.send("scrub", live.positions[name]);
    });
    // a click on a point, for ui.live_figure's on_click, as st.plotly_chart's selection state has it
    gd.on("plotly_click", (event) => {
      const p = event.points && event.points[0];
      if (!p || !live.click) return;
      const customdata = p.customdata == null ? null : Array.from(p.customdata);
      const point = { x: p.x, y: p.y, customdata, curve_number: p.curveNumber, point_index: p.pointIndex };
      live.click("click", { selection: { points: [point] } });
    });
    return;
  }
  const later = window.requestIdleCallback || ((f) => setTimeout(f, 0));
  later(() => {
    if (live.gone || live.shown !== data.figure || live.drawing) return; // a newer drawing brings its own
    // one at a time from the last: Plotly sorts a list of indices as text (10 before 2)
    for (let i = live.frames - 1; i >= 0; i--) Plotly.deleteFrames(gd, [i]);
    if (frames.length) Plotly.addFrames(gd, frames);
    live.frames = frames.length;
    live.positions = positionsOf(frames);
  });
}

// Draws `fig` by Plotly.animate and Plotly.relayout when only what may move differs from the figure
// drawn last (smallChange), else by Plotly.react; `frames`, on the first drawing, go with it.
async function render(gd, fig, data, frames) {
  const live = gd.__live;
  const Plotly = window.__hingePlotlyReady; // loaded (loadPlotly) before any drawing
  const shape = outline(fig, data.config, data.in_place);
  // after a drag of the in-figure slider the drawn point, bars and grip are not the last
  // figure's: compare with that figure only if no one has dragged since it was drawn
  const width = newWidth(gd, fig);
  const small = frames || live.dragged || width ? null : smallChange(live.outline, shape);
  live.outline = null; // until this drawing is done: after a failed one, the next is a full one
  live.dragged = false;
  live.drawing = true;
  try {
    if (small) {
      const { traces, values } = small;
      const moves = traces.map((i) => ({ type: fig.data[i].type, ...pick(fig.data[i], shape.keys, true) }));
      // both at once: the animation's promise waits for the next frame, the layout need not
      const relaid = Object.keys(values).length ? Plotly.relayout(gd, values) : null;
      const moved = traces.length ? Plotly.animate(gd, { data: moves, traces }, INSTANT) : null;
      await Promise.all([relaid, moved]);
    } else {
      const layout = width ? { ...fig.layout, width } : fig.layout;
      const figure = { data: fig.data, layout, config: data.config };
      await Plotly.react(gd, frames ? { ...figure, frames } : figure);
    }
  } finally {
    live.drawing = false;
  }
  live.outline = shape;
  live.drawnWidth = gd.getBoundingClientRect().width;
}

// The chart's width when it differs from the one it was last drawn at (presentation mode's type
// moves the columns), else null: Plotly.react keeps a chart's width, and a resize after it would be
// a second full replot (the resize observer leaves a chart with a newer figure to come to this).
function newWidth(gd, fig) {
  const width = gd.getBoundingClientRect().width;
  const drawn = gd.__live.drawnWidth;
  return drawn && width > 0 && Math.abs(width - drawn) > 1 && fig.layout.width == null ? Math.round(width) : null;
}

// ui.live_figure's `narrow`: [pixels, layout] when the chart is narrower than that (a phone), its
// layout with those values, each object merged one level deep (a title's font, not its text);
// else the figure as it is.
function narrowed(gd, data, fig) {
  if (!data.narrow || (gd.clientWidth || parentWidth(gd)) >= data.narrow[0]) return fig;
  const layout = { ...fig.layout };
  for (const [key, value] of Object.entries(data.narrow[1])) {
    const both = value && typeof value === "object" && layout[key] && typeof layout[key] === "object";
    layout[key] = both ? { ...layout[key], ...value } : value;
  }
  return { ...fig, layout };
}

function parentWidth(gd) {
  return gd.parentElement ? gd.parentElement.clientWidth : Infinity;
}

// ui.live_figure's `play`: the figures before this one (a training Run's steps), one every
// data.play_ms, then this one on time. False when a newer figure came meanwhile (see superseded):
// the rest is skipped.
async function play(gd, data, Plotly) {
  const live = gd.__live;
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  let due = Math.max(performance.now(), live.due || 0);
  for (const text of [...data.play, null]) {
    await wait(due - performance.now());
    if (live.gone || superseded(live, data)) return false;
    if (text === null) return true;
    const frame = narrowed(gd, data, JSON.parse(text));
    gd.style.height = (frame.layout.height || 450) + "px";
    await render(gd, frame, data, null);
    due += data.play_ms;
  }
  return true;
}

// frame name -> the correct score that frame shows (its point's x), as the figure's slider uses them
function positionsOf(frames) {
  return Object.fromEntries(frames.map((frame) => [frame.name, frame.data[0].x[0]]));
}

function child(parent, tag, className) {
  const el = document.createElement(tag);
  el.className = className;
  parent.appendChild(el);
  return el;
}

// rows of [left, [[text, role], ...]] (hinge.playground_text.arithmetic_rows): text nodes only
function showArithmetic(box, rows) {
  box.hidden = rows.length === 0;
  box.replaceChildren(
    ...rows.flatMap(([left, pieces]) => {
      const lead = document.createElement("span");
      lead.className = "lead";
      lead.textContent = left;
      const row = document.createElement("span");
      for (const [text, role] of pieces) {
        const piece = document.createElement("span");
        // a line breaks only between hinges (at a " + " or ", " that joins them), never inside one
        if (role) piece.className = role;
        else if (text === " + " || text === ", ") piece.className = "join";
        piece.textContent = text;
        row.appendChild(piece);
      }
      return [lead, row];
    }),
  );
}

function makeShare(parent) {
  const share = child(parent, "div", "hinge-share");
  const label = child(share, "label", "");
  label.textContent = "Link to this view:";
  const input = child(label, "input", "");
  input.readOnly = true;
  const button = child(share, "button", "");
  button.type = "button";
  button.textContent = "Copy link";
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      button.textContent = "Copied";
    } catch {
      // no clipboard (a page served over plain http, or a refusal): let the user copy it
      input.focus();
      input.select();
      button.textContent = "Press Ctrl+C (⌘C)";
    }
    setTimeout(() => (button.textContent = "Copy link"), 2000);
  });
  return share;
}

function showShare(share, query) {
  share.hidden = query == null;
  if (query != null) share.querySelector("input").value = location.origin + location.pathname + "?" + query;
}

export default function ({ parentElement, data, setTriggerValue }) {
  let gd = parentElement.querySelector(".hinge-live-chart");
  if (!gd) {
    gd = child(parentElement, "div", "hinge-live-chart");
    gd.style.width = "100%";
    gd.__live = { latest: null, shown: null, drawing: false, frames: 0, queue: Promise.resolve() };
    gd.__live.arithmetic = child(parentElement, "div", "hinge-arithmetic");
    gd.__live.share = makeShare(parentElement);
    gd.__live.resize = new ResizeObserver((entries) => {
      // the column can change width without the window doing so (the sidebar folds)
      const live = gd.__live;
      // only a new width: the parent's height follows each figure's own and the text under it
      // (presentation mode's), and a replot for those was a second full one after Plotly.react
      const width = entries[entries.length - 1].contentRect.width;
      // 0: hidden (a tab not open, a view not chosen), nothing to draw at; shown again at the
      // width it had, it needs no replot (a full one, 50-100 ms and more for a WebGL surface)
      if (width === 0 || width === live.width) return;
      live.width = width;
      cancelAnimationFrame(live.pendingResize);
      live.pendingResize = requestAnimationFrame(() => {
        // a page rerun that moves the chart unmounts it (or hides it) between the observer
        // and this frame: Plotly rejects a div that is not displayed, as an uncaught error
        const Plotly = window.__hingePlotlyReady;
        if (live.gone || !live.shown || !Plotly || gd.offsetParent === null) return;
        if (live.latest !== live.shown) return; // a newer figure is on its way: drawn at this width
        if (gd.layout) delete gd.layout.width; // one newWidth gave: Plotly skips a resize of a set size
        // Plotly resizes 0.1 s later, unless a figure drawn by then at the new width (newWidth) set it
        const resized = () => (live.drawnWidth = gd.getBoundingClientRect().width);
        Plotly.Plots.resize(gd).then(resized, () => {});
      });
    });
    gd.__live.resize.observe(parentElement);
  }
  const live = gd.__live;
  live.send = data.scrub ? setTriggerValue : null; // where a drag of the in-figure slider ended
  live.click = data.click ? setTriggerValue : null; // a click on a point (ui.live_figure's on_click)
  showArithmetic(live.arithmetic, data.arithmetic || []); // at once: it does not wait for Plotly
  showShare(live.share, data.share_query);
  live.latest = data.figure;
  live.latestPlays = (data.play || []).length > 0;
  live.arrived = (live.arrived || 0) + 1;
  const job = { ...data, arrived: live.arrived }; // which came after it: see superseded
  if (live.unwatch) live.unwatch(); // a lazy chart waiting to be drawn: this figure replaces its
  // no figure (ui.live_figure(None)): nothing shown, and Plotly loaded for the next one, which is
  // then drawn in place: a page whose chart comes and goes keeps one chart, and no wait for Plotly
  gd.hidden = data.figure == null;
  if (data.figure == null) {
    loadPlotly(data.plotly_src).catch(() => {});
  } else {
    live.queue = live.queue
      .then(() => draw(gd, job))
      .catch((error) => {
        if (live.gone) return;
        let note = parentElement.querySelector(".hinge-live-chart-error");
        if (!note) {
          note = document.createElement("p");
          note.className = "hinge-live-chart-error";
          parentElement.insertBefore(note, gd);
        }
        note.textContent = "The chart could not be drawn: " + error.message; // text, never HTML
      });
  }
  return () => {
    // unmounted: a later mount into the same parent starts again from nothing, frames too
    live.gone = true;
    if (live.unwatch) live.unwatch();
    live.resize.disconnect();
    cancelAnimationFrame(live.pendingResize);
    for (const el of [gd, live.arithmetic, live.share]) el.remove();
    // once a drawing under way is done: an animation ends on the next frame, on this chart
    live.queue.then(() => window.__hingePlotlyReady && window.__hingePlotlyReady.purge(gd));
  };
}
