// A Plotly chart drawn in the page and updated in place: the body of ui.live_figure.
//
// Streamlit's own st.plotly_chart re-creates its chart on every change (about 130 ms a key
// press on the playground). This draws the figure once, then hands each new one to
// Plotly.react, which changes only what differs. It computes nothing: every number comes
// from Python. After the first drawing, the figure's frames (for its own slider) are
// replaced once the browser is idle after the repaint: no one drags that slider sooner.

function loadPlotly(src) {
  if (!window.__hingePlotly) {
    window.__hingePlotly = window.Plotly
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
  }
  return window.__hingePlotly;
}

async function draw(gd, data) {
  const live = gd.__live;
  if (data.figure !== live.latest || data.figure === live.shown) return; // a newer one waits, or nothing new
  const Plotly = await loadPlotly(data.plotly_src);
  const fig = JSON.parse(data.figure);
  gd.style.height = (fig.layout.height || 450) + "px";
  const frames = fig.frames || [];
  const first = live.shown === null; // the first drawing brings its frames: its slider works at once
  live.drawing = true;
  try {
    const figure = { data: fig.data, layout: fig.layout, config: data.config };
    await Plotly.react(gd, first ? { ...figure, frames } : figure);
  } finally {
    live.drawing = false;
  }
  live.shown = data.figure;
  const note = gd.parentElement && gd.parentElement.querySelector(".hinge-live-chart-error");
  if (note) note.remove();
  if (first) {
    live.frames = frames.length;
    return;
  }
  const later = window.requestIdleCallback || ((f) => setTimeout(f, 0));
  later(() => {
    if (live.shown !== data.figure || live.drawing) return; // the newer drawing brings its own frames
    // one at a time from the last: Plotly sorts a list of indices as text (10 before 2)
    for (let i = live.frames - 1; i >= 0; i--) Plotly.deleteFrames(gd, [i]);
    if (frames.length) Plotly.addFrames(gd, frames);
    live.frames = frames.length;
  });
}

export default function ({ parentElement, data }) {
  let gd = parentElement.querySelector(".hinge-live-chart");
  if (!gd) {
    gd = document.createElement("div");
    gd.className = "hinge-live-chart";
    gd.style.width = "100%";
    parentElement.appendChild(gd);
    gd.__live = { latest: null, shown: null, drawing: false, frames: 0, queue: Promise.resolve() };
    let pending = 0;
    gd.__live.resize = new ResizeObserver(() => {
      // the column can change width without the window doing so (the sidebar folds)
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(() => {
        if (gd.__live.shown && window.Plotly) window.Plotly.Plots.resize(gd);
      });
    });
    gd.__live.resize.observe(parentElement);
  }
  const live = gd.__live;
  live.latest = data.figure;
  live.queue = live.queue
    .then(() => draw(gd, data))
    .catch((error) => {
      let note = parentElement.querySelector(".hinge-live-chart-error");
      if (!note) {
        note = document.createElement("p");
        note.className = "hinge-live-chart-error";
        parentElement.insertBefore(note, gd);
      }
      note.textContent = "The chart could not be drawn: " + error.message; // text, never HTML
    });
  return () => {
    live.resize.disconnect();
    if (window.Plotly) window.Plotly.purge(gd);
  };
}
