// HTML-heavy summaries of our own (issue 9), for the render benchmark: what notes written on
// GitHub or for MathJax pages look like — sub/sup in emphasis, a figure with a caption, a
// table whose cells hold math, wrapped and collapsible sections. About 2.5 KB each, and each
// one distinct (its numbers differ), so no memo serves one from another.

function table(i: number): string {
  const rows = Array.from(
    { length: 6 },
    (_, r) =>
      `<tr><td>layer ${r}</td><td>$$W_{${r}} x + b_{${i}}$$</td><td>$\\sigma(z_${r})$</td><td>${r * i}<sup>${r}</sup></td></tr>`,
  );
  return [
    "<table>",
    "<thead><tr><th>part</th><th>update</th><th>gate</th><th>cost</th></tr></thead>",
    "<tbody>",
    ...rows,
    "</tbody>",
    "</table>",
  ].join("\n");
}

export function htmlHeavySummary(i: number): string {
  return [
    `<div class="notes">\n\n## Model ${i}\n\nThe loss is *L<sub>θ</sub>* with *x<sup>(${i})</sup>*<br>and a margin $m_${i} > 0$.\n\n</div>`,
    `<p align="center">\n<img src="https://example.org/fig${i}.png" width="480" alt="figure ${i}">\n<br><em>Figure ${i}: the gradient $\\nabla_\\theta L$ over training.</em>\n</p>`,
    table(i),
    `<details>\n<summary>Proof sketch ${i}</summary>\n\nBy induction on $n$: the **base case** holds since $f(0) = ${i}$, and <span class="step">each step</span> keeps $\\|x_n\\| \\le ${i + 1}$.\n\n</details>`,
    `<center><kbd>Ctrl</kbd>+<kbd>${i}</kbd></center>\n\n<dl><dt>Result</dt><dd>Accuracy rises by ${i}.${i}%<sub>±0.${i}</sub>.</dd></dl>`,
  ].join("\n\n");
}

export function htmlHeavySummaries(count: number): string[] {
  return Array.from({ length: count }, (_, i) => htmlHeavySummary(i + 1));
}
