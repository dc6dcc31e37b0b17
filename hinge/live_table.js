// A table of text drawn in the page and updated in place: the body of hinge.ui.training.show_table.
//
// The training page's tables (every point's scores and loss; W, b and the gradient) change with
// every step. As st.dataframe (a canvas grid) each new step painted about 100 ms after the charts
// had; this is a plain HTML table, its cells text nodes (never HTML), rebuilt from the cells
// Python formatted (it computes nothing), in a few milliseconds. Its box scrolls past `height`
// pixels, the header staying on top.

export default function ({ parentElement, data }) {
  let box = parentElement.querySelector(".hinge-table");
  if (!box) {
    box = document.createElement("div");
    box.className = "hinge-table";
    parentElement.appendChild(box);
  }
  box.style.maxHeight = data.height ? data.height + "px" : "";
  const text = JSON.stringify([data.columns, data.rows, data.numeric]);
  if (box.__shown === text) return; // the same table: nothing to draw
  box.__shown = text;
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  data.columns.forEach((name, j) => {
    const cell = document.createElement("th");
    cell.textContent = name;
    if (data.numeric[j]) cell.className = "num";
    head.appendChild(cell);
  });
  const body = table.createTBody();
  for (const row of data.rows) {
    const tr = body.insertRow();
    row.forEach((value, j) => {
      const cell = tr.insertCell();
      cell.textContent = value;
      if (data.numeric[j]) cell.className = "num";
    });
  }
  box.replaceChildren(table); // the box keeps its scroll position
}
