/** Plain-text tables with aligned columns; a cell may hold several lines. */

/** Renders `rows` under `headers`, columns separated by two spaces, each line prefixed by `indent`. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  indent = "",
): string {
  const split = [headers, ...rows].map((row) => row.map((cell) => cell.split("\n")));
  const widths = headers.map((_, column) =>
    Math.max(...split.flatMap((row) => (row[column] ?? [""]).map((line) => line.length))),
  );
  const lines: string[] = [];
  for (const row of split) {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let line = 0; line < height; line++) {
      const text = widths
        .map((width, column) => (row[column]?.[line] ?? "").padEnd(width))
        .join("  ")
        .trimEnd();
      lines.push(`${indent}${text}`);
    }
  }
  return lines.join("\n");
}
