import { describe, expect, it } from 'vitest';
import { jsonTexts } from './json-text';

const native = (value: unknown, indent: string) => {
  const compact = JSON.stringify(value);
  return {
    compact,
    indented: JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`),
    singleQuotes: compact.includes("'"),
    templateSequences: compact.includes('${') || compact.includes('%{'),
  };
};

describe('jsonTexts', () => {
  it('writes what JSON.stringify writes, compact and indented, and notes quotes and template sequences', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.Effect = 'Allow';
    const documents: unknown[] = [
      { Version: '2012-10-17', Statement: [] },
      {
        Version: '2012-10-17',
        Id: undefined,
        Statement: [
          {
            Sid: 'Quote"Back\\slash\nTab\t\u0001',
            Effect: 'Allow',
            Principal: { AWS: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::222222222222:role/${aws:username}'] },
            Action: 'sts:AssumeRole',
            Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' }, Empty: {} },
            Lone: '\ud800 and 😀 and é',
            Numbers: [0, -0, 1.5, 1e21, NaN, Infinity, -Infinity],
            Flags: [true, false, null],
            Holes: [undefined, () => 1, Symbol('s')],
            Skipped: () => 1,
            Nested: [[], {}, [[{}]]],
          },
        ],
      },
      { Statement: bare, When: new Date(0), Boxed: new String('x') },
      { Statement: [{ toJSON: () => 'replaced' }] },
      { "it's": 'plain' },
      { Sid: 'O\'Brien' },
      { Condition: { StringLike: { 'aws:userid': '%{x}' } } },
      { Condition: { StringLike: { 'aws:userid': '"${x}' } } },
      { 'key${': '$', '%': '{' },
      'just a string',
      [],
      42,
      null,
    ];
    for (const document of documents) {
      for (const indent of ['', '  ', '    ']) expect(jsonTexts(document, indent)).toEqual(native(document, indent));
    }
  });

  it('writes an edited copy of a document exactly, whether or not its statements are reused from the original', () => {
    class Statement {
      Effect = 'Allow';
      toJSON() {
        return { Effect: 'Deny' };
      }
    }
    const original = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'A', Effect: 'Allow', Principal: { AWS: "arn:aws:iam::111111111111:user/o'brien" }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { Federated: 'x' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'x:sub': '${aws:username}' } } },
        'not a statement',
        { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' },
      ] as unknown[],
    };
    const copy = () => JSON.parse(JSON.stringify(original)) as typeof original;
    const edits: ((document: typeof original) => void)[] = [
      () => {},
      (document) => document.Statement.push({ Effect: 'Allow', Action: 'sts:TagSession' }),
      (document) => document.Statement.splice(1, 0, { Sid: 'Inserted' }),
      (document) => ((document.Statement[0] as Record<string, unknown>).Action = ['sts:AssumeRole', 'sts:TagSession']),
      (document) => ((document.Statement[1] as Record<string, unknown>).Effect = undefined),
      (document) => document.Statement.reverse(),
      (document) => document.Statement.splice(0, 1),
      (document) => (document.Statement[3] = new Statement()),
      (document) => (document.Statement[3] = undefined),
      (document) => (document.Statement[0] = { Action: 'sts:AssumeRole', Sid: 'A', Effect: 'Allow', Principal: { AWS: "arn:aws:iam::111111111111:user/o'brien" } }),
    ];
    // Twice: the second time, the original's statement texts are remembered.
    for (let round = 0; round < 2; round++) {
      for (const edit of edits) {
        const after = copy();
        edit(after);
        for (const indent of ['', '  ']) expect(jsonTexts(after, indent, original)).toEqual(native(after, indent));
      }
    }
  });
});
