'use client';

// Draws a Mermaid diagram in the browser. Mermaid is ~1 MB, so it is imported inside an effect
// and never lands in the page's first bundle: the page paints (with a skeleton) before it loads.
// securityLevel 'strict' makes Mermaid sanitise labels and drop click handlers, so the SVG it
// returns is the only markup we ever inject — policy names and Sids are attacker-controlled.

import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';

type Props = {
  /** Mermaid source text. */
  source: string;
  /** What the diagram shows; used as the accessible label and the export file name. */
  title: string;
  /** `data-testid` of the container holding the SVG. */
  testId?: string;
  className?: string;
  /** CSS selector of the element to bring into view inside the diagram once drawn (e.g. the failing node). */
  focusSelector?: string;
  /** Tailwind max-height class of the scroll box; tall diagrams scroll inside it. */
  maxHeightClass?: string;
  /**
   * 'fit' (default) shrinks a wide drawing to the box's width; 'natural' draws it at its own size
   * and lets the box scroll sideways (with a toggle to fit) — for wide diagrams such as sequences,
   * whose text would otherwise shrink to a few pixels.
   */
  scale?: 'fit' | 'natural';
};

type RenderState =
  | { phase: 'loading' }
  | { phase: 'rendered'; svg: string; source: string }
  | { phase: 'error'; message: string; source: string };

const darkQuery = '(prefers-color-scheme: dark)';

function subscribeToColorScheme(onChange: () => void): () => void {
  const query = window.matchMedia(darkQuery);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

function usePrefersDark(): boolean {
  return useSyncExternalStore(
    subscribeToColorScheme,
    () => window.matchMedia(darkQuery).matches,
    () => false,
  );
}

let renderCounter = 0;

// Loaded on the first diagram drawn, never when this module is imported: a page that shows no
// diagram (or has not drawn one yet) pays nothing for Mermaid.
let mermaidModule: Promise<typeof import('mermaid')> | undefined;
function loadMermaid(): Promise<typeof import('mermaid')> {
  mermaidModule ??= import('mermaid');
  return mermaidModule;
}
/** Mermaid calls are queued internally, but initialize() is global: keep theme + render together. */
async function renderMermaid(source: string, dark: boolean, baseId: string): Promise<string> {
  const mermaid = (await loadMermaid()).default;
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: dark ? 'dark' : 'default',
    suppressErrorRendering: true,
    fontFamily: 'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
  });
  renderCounter += 1;
  const { svg } = await mermaid.render(`${baseId}-${renderCounter}`, source);
  return svg;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

function fileBaseName(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'diagram';
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function svgMarkup(svgElement: SVGSVGElement): string {
  const clone = svgElement.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return new XMLSerializer().serializeToString(clone);
}

async function svgToPng(svgElement: SVGSVGElement, background: string): Promise<Blob> {
  const box = svgElement.viewBox.baseVal;
  const rect = svgElement.getBoundingClientRect();
  const width = Math.ceil(box && box.width ? box.width : rect.width);
  const height = Math.ceil(box && box.height ? box.height : rect.height);
  const clone = svgElement.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.style.maxWidth = 'none';
  const data = new XMLSerializer().serializeToString(clone);
  const image = new Image();
  image.decoding = 'async';
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('the browser could not load the SVG as an image'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(data)}`;
  await loaded;
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas available');
  context.fillStyle = background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas produced no PNG'))), 'image/png'),
  );
}

/** The drawing's own width (its viewBox), which Mermaid otherwise lets CSS shrink to the box. */
function naturalWidth(svg: SVGSVGElement): number | undefined {
  const width = svg.viewBox?.baseVal?.width;
  return width && Number.isFinite(width) ? Math.ceil(width) : undefined;
}

export function MermaidDiagram({ source, title, testId, className, focusSelector, maxHeightClass = 'max-h-[75vh]', scale = 'fit' }: Props) {
  const reactId = useId();
  const baseId = `mmd-${reactId.replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const dark = usePrefersDark();
  const [state, setState] = useState<RenderState>({ phase: 'loading' });
  const [exportError, setExportError] = useState<string | null>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [fitted, setFitted] = useState(scale === 'fit');

  useEffect(() => {
    let cancelled = false;
    renderMermaid(source, dark, baseId).then(
      (svg) => {
        if (!cancelled) setState({ phase: 'rendered', svg, source });
      },
      (error: unknown) => {
        // Mermaid leaves its scratch element behind when a render fails.
        document.getElementById(`d${baseId}-${renderCounter}`)?.remove();
        if (!cancelled) setState({ phase: 'error', message: describeError(error), source });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [source, dark, baseId]);

  useLayoutEffect(() => {
    // At natural size the SVG is as wide as its viewBox (Mermaid writes width="100%" and a
    // max-width, which would shrink it to the box): the box scrolls sideways instead.
    if (state.phase !== 'rendered') return;
    const svg = containerRef.current?.querySelector('svg');
    if (!svg) return;
    const width = naturalWidth(svg);
    if (!fitted && width) {
      svg.style.width = `${width}px`;
      svg.style.maxWidth = 'none';
    } else {
      svg.style.removeProperty('width');
      svg.style.maxWidth = width ? `${width}px` : '';
    }
  }, [state, fitted]);

  useEffect(() => {
    // Scroll the diagram's own box (never the page) so the node that matters is in view.
    if (state.phase !== 'rendered' || !focusSelector) return;
    const box = scrollRef.current;
    if (!box) return;
    const target = containerRef.current?.querySelector(focusSelector);
    if (!target) {
      // Nothing to bring into view in this drawing (no failing node): show it from its top.
      box.scrollTop = 0;
      return;
    }
    const boxRect = box.getBoundingClientRect();
    const targetRect = target.getBoundingClientRect();
    box.scrollTop += targetRect.top - boxRect.top - box.clientHeight / 2 + targetRect.height / 2;
  }, [state, focusSelector]);

  const currentSvg = useCallback((): SVGSVGElement | null => containerRef.current?.querySelector('svg') ?? null, []);

  const exportSvg = useCallback(() => {
    const svg = currentSvg();
    if (!svg) return;
    setExportError(null);
    download(new Blob([svgMarkup(svg)], { type: 'image/svg+xml' }), `${fileBaseName(title)}.svg`);
  }, [currentSvg, title]);

  const exportPng = useCallback(async () => {
    const svg = currentSvg();
    if (!svg) return;
    setExportError(null);
    try {
      const background = getComputedStyle(document.body).backgroundColor || '#ffffff';
      download(await svgToPng(svg, background), `${fileBaseName(title)}.png`);
    } catch (error) {
      setExportError(`PNG export failed: ${describeError(error)}`);
    }
  }, [currentSvg, title]);

  // A render for an older source is stale: show the skeleton state until the new one is drawn,
  // but keep the previous SVG on screen so what-if toggles do not flash.
  const upToDate = state.phase !== 'loading' && state.source === source;
  const rendered = state.phase === 'rendered' && upToDate;

  return (
    <figure className={`min-w-0 rounded-lg border border-[var(--border)] bg-[var(--card)] ${className ?? ''}`}>
      <figcaption className="flex flex-wrap items-center justify-between gap-2 border-b border-[var(--border)] px-3 py-2">
        <span className="text-sm font-medium">{title}</span>
        <span className="flex gap-2">
          {scale === 'natural' ? (
            <button
              type="button"
              onClick={() => setFitted((value) => !value)}
              disabled={state.phase !== 'rendered'}
              aria-pressed={fitted}
              data-testid={testId ? `${testId}-fit` : undefined}
              className="rounded border border-[var(--border)] px-2 py-1 text-xs hover:bg-[var(--bg)] disabled:opacity-50"
            >
              Fit to width
            </button>
          ) : null}
          <button
            type="button"
            onClick={exportSvg}
            disabled={state.phase !== 'rendered'}
            className="rounded border border-[var(--border)] px-2 py-1 text-xs hover:bg-[var(--bg)] disabled:opacity-50"
            aria-label={`Export ${title} as SVG`}
          >
            Export SVG
          </button>
          <button
            type="button"
            onClick={exportPng}
            disabled={state.phase !== 'rendered'}
            className="rounded border border-[var(--border)] px-2 py-1 text-xs hover:bg-[var(--bg)] disabled:opacity-50"
            aria-label={`Export ${title} as PNG`}
          >
            Export PNG
          </button>
        </span>
      </figcaption>
      {/* Focusable so keyboard users can scroll a tall (or, at natural size, wide) diagram. */}
      <div
        ref={scrollRef}
        tabIndex={0}
        role="region"
        aria-label={`${title}, scrollable`}
        data-testid={testId ? `${testId}-scroll` : undefined}
        className={`overflow-auto p-3 ${maxHeightClass} ${fitted ? '' : '[scrollbar-gutter:stable] [scrollbar-width:auto]'}`}
      >
        {state.phase === 'loading' ? (
          <div
            className="h-64 w-full animate-pulse rounded bg-[var(--border)]"
            role="status"
            aria-label={`Drawing ${title}…`}
            data-testid={testId ? `${testId}-loading` : undefined}
          />
        ) : null}
        {state.phase === 'error' ? (
          <div role="alert" className="rounded border border-[var(--fail)] p-3 text-sm">
            <p className="font-medium text-[var(--fail)]">The diagram could not be drawn. Mermaid said:</p>
            <pre className="mt-2 overflow-x-auto whitespace-pre-wrap text-xs" data-testid={testId ? `${testId}-error` : undefined}>
              {state.message}
            </pre>
          </div>
        ) : null}
        <div
          ref={containerRef}
          role="img"
          aria-label={title}
          aria-busy={!rendered}
          data-testid={testId}
          data-rendered={rendered ? 'true' : 'false'}
          hidden={state.phase !== 'rendered'}
          // Labels are HTML inside <foreignObject>, sized by Mermaid for the text as it wraps with
          // default wrapping rules. A page that wraps its text anywhere (long ARNs) would make them
          // wrap differently here, grow taller than their box and be cut off: reset the rules.
          className={`mermaid-diagram [overflow-wrap:normal] [word-break:normal] [&_svg]:h-auto ${fitted ? '[&_svg]:mx-auto [&_svg]:max-w-full' : 'w-max'}`}
          // The SVG comes from Mermaid with securityLevel 'strict' (labels sanitised, no scripts,
          // no click handlers); nothing else is ever injected here.
          dangerouslySetInnerHTML={state.phase === 'rendered' ? { __html: state.svg } : undefined}
        />
        {exportError ? (
          <p role="alert" className="mt-2 text-xs text-[var(--fail)]">
            {exportError}
          </p>
        ) : null}
      </div>
    </figure>
  );
}

export default MermaidDiagram;
