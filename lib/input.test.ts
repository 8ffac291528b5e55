import { describe, expect, it } from 'vitest';
import { DoctorError } from '@/lib/errors';
import { MAX_FILE_BYTES, MAX_JSON_DEPTH, assertJsonDepth, assertSize, assertValueDepth, diagnoseInput, megabytes, parseJsonText, readBodyBytes, readBodyText } from './input';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof DoctorError ? error.code : 'not-a-doctor-error';
  }
  return undefined;
}

describe('parseJsonText', () => {
  it('refuses malformed JSON with bad-json naming the input', () => {
    expect(() => parseJsonText('{"a":', 'the request file')).toThrow(/the request file is not valid JSON/);
    expect(codeOf(() => parseJsonText('', 'stdin'))).toBe('bad-json');
  });

  it('refuses 1,000-deep nesting before parsing, and 100,000-deep without a stack overflow', () => {
    expect(codeOf(() => parseJsonText('['.repeat(1000) + ']'.repeat(1000), 'body'))).toBe('too-deep');
    expect(codeOf(() => parseJsonText('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), 'body'))).toBe('too-deep');
  });

  it('ignores brackets inside strings, including escaped quotes', () => {
    const text = JSON.stringify({ sid: '[[[[' + '{'.repeat(200) + '\\"' });
    expect(parseJsonText(text, 'body')).toEqual(JSON.parse(text));
    expect(() => assertJsonDepth('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).not.toThrow();
  });
});

describe('readBodyText', () => {
  it('refuses a declared Content-Length over the limit without reading', async () => {
    const request = new Request('http://x/api', { method: 'POST', body: 'ab', headers: { 'content-length': String(11 * 1024 * 1024) } });
    await expect(readBodyText(request)).rejects.toMatchObject({ code: 'too-large' });
  });

  it('counts the bytes actually received when the length is missing or wrong', async () => {
    const big = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 11; i++) controller.enqueue(new Uint8Array(1024 * 1024).fill(32));
        controller.close();
      },
    });
    const request = new Request('http://x/api', { method: 'POST', body: big, duplex: 'half' } as RequestInit);
    await expect(readBodyText(request)).rejects.toMatchObject({ code: 'too-large' });
  });

  it('returns the text of a body within the limit', async () => {
    const request = new Request('http://x/api', { method: 'POST', body: '{"request":{}}' });
    await expect(readBodyText(request)).resolves.toBe('{"request":{}}');
  });
});

describe('diagnoseInput', () => {
  it('names the missing or mistyped field', () => {
    expect(() => diagnoseInput({})).toThrow(/request/);
    expect(codeOf(() => diagnoseInput({ request: 'x' }))).toBe('bad-request');
    expect(codeOf(() => diagnoseInput({ request: {}, snapshot: [1] }))).toBe('bad-snapshot');
    expect(codeOf(() => diagnoseInput([1]))).toBe('bad-request');
    expect(diagnoseInput({ request: { a: 1 } })).toEqual({ snapshot: undefined, request: { a: 1 } });
  });
});

describe('sizes in messages', () => {
  const thrown = (run: () => unknown): DoctorError => {
    try {
      run();
    } catch (error) {
      return error as DoctorError;
    }
    throw new Error('did not throw');
  };

  it('shows megabytes to two decimals, so a size just over the limit does not read as the limit', () => {
    expect(megabytes(20 * 1024 * 1024)).toBe('20 MB');
    expect(megabytes(21_000_000)).toBe('20.03 MB');
    expect(megabytes(10.5 * 1024 * 1024)).toBe('10.5 MB');
    expect(thrown(() => assertSize(21_000_000, MAX_FILE_BYTES, 'the snapshot x.json', '--snapshot')).message).toBe('--snapshot: the snapshot x.json is 20.03 MB, over the 20 MB limit');
  });

  it('falls back to bytes when the megabytes would read the same as the limit', () => {
    expect(thrown(() => assertSize(MAX_FILE_BYTES + 1, MAX_FILE_BYTES, 'the file')).message).toBe('the file is 20971521 bytes, over the 20 MB (20971520 bytes) limit');
  });
});

describe('readBodyBytes', () => {
  it('names the body and its field when the bytes received pass the limit', async () => {
    const request = new Request('http://x/api', { method: 'POST', body: new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array(1024 * 1024 + 1)), c.close()) }), duplex: 'half' } as RequestInit);
    await expect(readBodyBytes(request, 1024 * 1024, 'the upload', 'files')).rejects.toMatchObject({ code: 'too-large', field: 'files', message: 'files: the upload is over the 1 MB limit' });
  });

  it('returns the bytes of a body within the limit', async () => {
    const request = new Request('http://x/api', { method: 'POST', body: 'abc' });
    expect(Array.from(await readBodyBytes(request, 10))).toEqual([97, 98, 99]);
  });
});

describe('assertValueDepth (library callers pass objects)', () => {
  /** `levels` objects each holding the next one twice: 2^levels paths, `levels` distinct objects. */
  function shared(levels: number): object {
    let value: object = { leaf: true };
    for (let i = 0; i < levels; i++) value = { a: value, b: value };
    return value;
  }

  it('walks shared sub-objects once per depth, so a 40-level DAG within the limit is accepted (2^40 paths)', () => {
    expect(() => assertValueDepth(shared(40), 'request')).not.toThrow();
  });

  it('still refuses a shared structure nesting past the limit, naming the path', () => {
    let caught: unknown;
    try {
      assertValueDepth({ extra: shared(MAX_JSON_DEPTH + 5) }, 'request');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DoctorError);
    expect((caught as DoctorError).code).toBe('too-deep');
    expect((caught as DoctorError).field).toMatch(/^request\.extra\.[ab]/);
  });
});
