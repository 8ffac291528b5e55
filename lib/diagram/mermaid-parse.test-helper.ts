// Test helper: Mermaid's real parser in plain Node. Mermaid sanitises labels with DOMPurify, which
// needs a browser window; parsing does not, so the hooks become no-ops here. Rendering (and the
// sanitising that comes with it) is covered by the end-to-end tests in a browser.
import DOMPurify from 'dompurify';

let ready: Promise<typeof import('mermaid').default> | undefined;

export function loadMermaid(): Promise<typeof import('mermaid').default> {
  if (!ready) {
    const purify = DOMPurify as unknown as Record<string, unknown>;
    if (typeof purify.addHook !== 'function') {
      purify.addHook = () => undefined;
      purify.removeHook = () => undefined;
      purify.removeAllHooks = () => undefined;
      purify.sanitize = (text: string) => text;
    }
    ready = import('mermaid').then((module) => module.default);
  }
  return ready;
}

export interface ParsedFlowchart {
  vertices: Map<string, { id: string; text?: string; classes: string[] }>;
  edges: { start: string; end: string; text?: string }[];
  classNames: string[];
  hasClickBindings: boolean;
}

export async function parseFlowchart(text: string): Promise<ParsedFlowchart> {
  const mermaid = await loadMermaid();
  await mermaid.parse(text); // registers the diagram types and throws on a syntax error
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as {
    getVertices(): Map<string, { id: string; text?: string; classes: string[] }>;
    getEdges(): { start: string; end: string; text?: string }[];
    getClasses(): Map<string, unknown>;
    getTooltip?(id: string): string | undefined;
    funs?: unknown[];
    clickEvents?: unknown[];
  };
  const vertices = db.getVertices();
  // A `click` statement marks the vertex 'clickable', sets a link or tooltip, or queues a callback
  // (the db always holds one default callback).
  const hasClickBindings =
    [...vertices.values()].some((vertex) => vertex.classes.includes('clickable') || Boolean((vertex as { link?: string }).link) || Boolean(db.getTooltip?.(vertex.id))) ||
    (db.funs?.length ?? 0) > 1 ||
    /^\s*click\b/m.test(text);
  return { vertices, edges: db.getEdges(), classNames: [...db.getClasses().keys()], hasClickBindings };
}

export async function parseSequence(text: string): Promise<{ actors: string[]; messages: { from?: string; to?: string; message?: string }[] }> {
  const mermaid = await loadMermaid();
  await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as { getActorKeys(): string[]; getMessages(): { from?: string; to?: string; message?: string }[] };
  return { actors: db.getActorKeys(), messages: db.getMessages() };
}
