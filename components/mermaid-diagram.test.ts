import { afterEach, describe, expect, it, vi } from 'vitest';

// Mermaid is about 1 MB: loading it (and parsing with it) is left to the first diagram drawn.
const loaded = vi.hoisted(() => ({ mermaid: 0, parses: 0 }));
vi.mock('mermaid', () => {
  loaded.mermaid += 1;
  return {
    default: {
      initialize: () => undefined,
      parse: async () => {
        loaded.parses += 1;
        return true;
      },
      render: async () => ({ svg: '<svg></svg>' }),
    },
  };
});

describe('the Mermaid diagram component', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('does no work when its module is imported in the browser: Mermaid is neither loaded nor asked to parse', async () => {
    vi.stubGlobal('window', globalThis);
    const diagram = await import('./mermaid-diagram');
    expect(diagram.MermaidDiagram).toBeTypeOf('function');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(loaded).toEqual({ mermaid: 0, parses: 0 });
  });
});
