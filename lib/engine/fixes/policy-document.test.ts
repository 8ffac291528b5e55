import { describe, expect, it } from 'vitest';
import { copyJson } from './policy-document';

describe('copyJson', () => {
  it('equals a JSON round trip, and shares nothing with the original', () => {
    const document = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'A', Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111111111111:root', '*'] }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x' }, NumericLessThan: { n: 3 } } },
        { Effect: 'Deny', Action: ['sts:TagSession'], Missing: undefined, Flag: true, Nothing: null, Weird: [undefined, Number.NaN, 1.5, Infinity] },
      ],
    };
    const copy = copyJson(document);
    expect(copy).toStrictEqual(JSON.parse(JSON.stringify(document)));
    const principal = (copy.Statement[0] as { Principal: { AWS: string[] } }).Principal;
    expect(principal).not.toBe(document.Statement[0].Principal);
    principal.AWS.push('changed');
    expect(document.Statement[0].Principal!.AWS).toHaveLength(2);
  });
});
