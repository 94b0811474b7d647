/**
 * The replication topology as a Mermaid flowchart: one node per registry (account and region),
 * one edge per route labelled with its prefixes; broken routes dashed and marked, unverified ones
 * dotted.
 */
import { PreviewReport, ReportPlacement } from "./report";

function nodeId(where: ReportPlacement): string {
  return `r_${where.account ?? "unknown"}_${where.region ?? "unknown"}`.replace(
    /[^A-Za-z0-9_]/g,
    "_",
  );
}

function nodeLabel(where: ReportPlacement): string {
  return `${where.account ?? "unknown account"}<br/>${where.region ?? "unknown region"}`;
}

/** Mermaid text is quoted with `"`; a quote inside a label is written as its entity. */
function quoted(text: string): string {
  return `"${text.replace(/"/g, "#quot;")}"`;
}

/** The flowchart of the report's routes (registries with no route are not shown). */
export function renderMermaid(report: PreviewReport): string {
  const lines = ["flowchart LR"];
  const nodes = new Map<string, string>();
  for (const route of report.routes) {
    for (const where of [route.source, route.destination]) {
      nodes.set(nodeId(where), nodeLabel(where));
    }
  }
  for (const [id, label] of [...nodes.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${id}[${quoted(label)}]`);
  }
  const brokenEdges: number[] = [];
  report.routes.forEach((route, index) => {
    const prefixes = route.prefixes === null ? "every repository" : route.prefixes.join(", ");
    const from = nodeId(route.source);
    const to = nodeId(route.destination);
    switch (route.status) {
      case "authorised":
        lines.push(`  ${from} -->|${quoted(prefixes)}| ${to}`);
        break;
      case "broken":
        lines.push(`  ${from} -. ${quoted(`BROKEN: ${prefixes}`)} .-> ${to}`);
        brokenEdges.push(index);
        break;
      case "unverified":
        lines.push(`  ${from} -. ${quoted(`unverified: ${prefixes}`)} .-> ${to}`);
        break;
    }
  });
  if (brokenEdges.length > 0) {
    lines.push(`  linkStyle ${brokenEdges.join(",")} stroke:#d00,stroke-width:2px`);
  }
  return `${lines.join("\n")}\n`;
}
